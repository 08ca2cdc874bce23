"""People acting in an official role: name, title and the country or body they represent.

Rules (precision over recall):
- A PERSON entity is an official when a title phrase (kg/lexicons/titles.txt) stands
  right before its name ("China's UN Ambassador Zhang Jun") or in an apposition
  right after it ("Chen Xu, China's ambassador to ..."). A country word without a
  title ("Austria's Volker Türk") does not make an official.
- A person with no title is still returned when they speak: the subject of a
  reporting verb, or the person a "he/she said" refers back to.
- International officials (a title naming an international body, not an
  ambassador to it) represent the body, never their nationality; a national
  ministry's officials ("foreign ministry spokesman") represent its country.
- Later mentions by surname or honorific + surname resolve to the first full name.

Organisations and news media are found by kg/extract/bodies.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.bodies import (
    body_heads,
    find_organizations,
    is_outlet,
    is_press,
    org_in_text,
)
from kg.extract.countries import find_countries, lookup_country
from kg.extract.speakers import (
    clean_name,
    find_raw_quotes,
    introduced_by_title,
    is_reporting,
    is_speaking_subject,
    name_runs,
    title_words,
    titles,
)
from kg.model import Article, OfficialMention, OrganizationMention, QuoteMention, Span

# Titles whose holder speaks for a country even when the title names a body ("UN Ambassador").
NATIONAL_TO_BODY = re.compile(r"\b(ambassador|envoy|representative|delegate|permanent|mission)\b")
FILLERS = {"the", "a", "an", "then", "now", "current", "for", "of", "to", "and", "-"}
STOPS = {",", ".", ";", ")", "(", "\u2014", "\n"}
SPEAKER_PRONOUNS = {"he", "she"}
LEADING_MODIFIERS = {"deputy", "former", "acting", "outgoing", "incoming", "interim", "then", "new"}


@dataclass
class _Person:
    key: str
    start: int
    end: int
    title: str | None = None
    country: str | None = None
    organization: str | None = None
    speaks: bool = False
    mentions: list[tuple[int, bool]] = field(default_factory=list)  # (offset, is subject)


def extract_officials(
    doc: Doc, article: Article
) -> tuple[list[OfficialMention], list[OrganizationMention]]:
    """Officials and the organisations mentioned in one parsed article."""
    orgs = find_organizations(doc)
    runs = name_runs(doc)
    people: list[_Person] = []
    quoted = [(q.start, q.end) for q in find_raw_quotes(doc.text)]
    org_spans = [o.span for o in orgs if o.span]
    for run in runs:
        if any(o.start < run.end_char and run.start_char < o.end for o in org_spans):
            continue  # "General Assembly": part of a body's name
        role = _role(doc, run)
        if role and role[0].split()[-1].lower() in FILLERS and run[-1].ent_type_ != "PERSON":
            continue  # "Head of Office of the International Organization": a body, not a name
        strong = run[0].ent_type_ == "PERSON" or introduced_by_title(run) or role
        # an untitled speaker needs NER or two words ("Uighur, Kazakh ..." parsed as a subject)
        speaks = is_speaking_subject(run) and (run[0].ent_type_ == "PERSON" or len(run) > 1)
        name = clean_name(run.text)
        known = resolve_name(name, people, before=run.start_char)
        if not (strong or speaks or known) or not _plausible_name(
            name, run, role is not None and listed_title(doc, run) == role
        ):
            continue
        if not (role or known) and any(s <= run.start_char < e for s, e in quoted):
            continue  # a name in someone's quoted words is not the story's speaker
        if is_press(doc, run):
            continue  # outlets, bylines and reporters carry words; they represent no one
        person = _person_for(name, run, people, runs)
        if role is None and person.start < run.start_char:
            first = doc.char_span(person.start, person.end, alignment_mode="expand")
            role = first is not None and (_left_title(doc, first) or _right_title(doc, first))
        if role and person.title is None:
            person.title, person.country = role
            _fill_affiliation(doc, person, run, orgs)
        person.speaks = person.speaks or speaks
        person.mentions.append((run.start_char, run.root.dep_ in ("nsubj", "nsubjpass")))
    _mark_pronoun_speakers(doc, people)
    officials = [_to_mention(p) for p in people if p.title or p.speaks]
    return officials, orgs


def _role(doc: Doc, run: SpacySpan) -> tuple[str, str | None] | None:
    """The title before the name, else the one in apposition after it; the apposition wins
    when only it names a country ("Ambassador Ana Ruiz, Peru's envoy to the UN")."""
    left = _left_title(doc, run)
    if left is None or left[1] is None:
        right = _right_title(doc, run)
        if right is not None and (left is None or right[1] is not None):
            return right
    return left or listed_title(doc, run)


def _plausible_name(name: str, run: SpacySpan, titled: bool) -> bool:
    """A person's name: not a country, body, outlet, title word or a body's common noun;
    NER's word that a lone word is a place counts only when no title introduces it."""
    if not re.search(r"[A-Za-z\u00c0-\u024f]", name) or not name[:1].isupper():
        return False
    entity = run.root.ent_type_ in ("GPE", "NORP", "LOC", "DATE", "FAC", "ORG")
    if entity and len(run) == 1 and not titled:
        return False
    last = name.split()[-1].lower()
    if last in body_heads() or last.rstrip("s") in title_words():
        return False  # "Human Rights Watch", "the Flemish Region", "Representatives"
    return lookup_country(name) is None and org_in_text(name) is None and not is_outlet(name)


def _person_for(name: str, run: SpacySpan, people: list[_Person], runs) -> _Person:
    key = resolve_name(name, people, before=run.start_char)
    for person in people:
        if person.key == key:
            return person
    start = run.start_char
    if len(name.split()) == 1:
        # a bare surname first seen after its full form was written untitled ("met Michelle
        # Bachelet ... Ms Bachelet"): the key is the full name as first written
        fuller = [r for r in runs if r.start_char < start and name in r.text.split()]
        if fuller and len(fuller[0]) > 1:
            name, start = clean_name(fuller[0].text), fuller[0].start_char
    person = _Person(key=name, start=start, end=start + len(name))
    people.append(person)
    return person


def resolve_name(mention: str, officials, before: int | None = None) -> str | None:
    """The key of the official a (partial) name refers to, or None.

    "Zhang", "Mr Zhang" and "Zhang Jun" resolve to "Zhang Jun". When several
    people share the word ("Wang Yi", "Wang Wenbin"), the one introduced most
    recently before `before` wins. `officials` holds OfficialMention-like
    values with `key` and either `span.start` or `start`.
    """
    words = clean_name(mention).split()
    if not words:
        return None
    lowered = [w.lower() for w in words]
    best, best_start = None, -1
    for official in officials:
        key_words = [w.lower() for w in official.key.split()]
        start = official.span.start if hasattr(official, "span") else official.start
        if not _words_in_order(lowered, key_words):
            continue
        if before is not None and start > before:
            continue
        if start > best_start:
            best, best_start = official.key, start
    return best


def _words_in_order(words: list[str], key_words: list[str]) -> bool:
    if words == key_words:
        return True
    if len(words) >= len(key_words):
        return False
    positions = [key_words.index(w) if w in key_words else -1 for w in words]
    return -1 not in positions and positions == sorted(positions)


def _is_title_token(token: Token) -> bool:
    low = token.lower_
    if low in title_words() or low in ("'s", "\u2019s", "-"):
        return True
    return token.text[:1].isupper() and token.pos_ in ("PROPN", "ADJ", "NOUN")


def _left_title(doc: Doc, run: SpacySpan) -> tuple[str, str | None] | None:
    """(title, country) from the words right before a name; a title set off by a comma
    ("the UN Special Envoy for Myanmar, Ana Ruiz") counts, one opening with a preposition
    ("In a letter to the Secretary-General, Ana Ruiz") or holding a person does not."""
    name_start = run.start
    i = name_start - 1
    comma = (
        i >= 1 and doc[i].text == "," and (_is_title_token(doc[i - 1]) or doc[i - 1].text == ")")
    )
    if comma:
        i -= 1
    end = i + 1
    sent_start = doc[name_start].sent.start
    skipped: set[int] = set()
    while i >= sent_start:
        opening = _bracket_start(doc, i, sent_start)
        if opening is not None:
            # "Foreign Minister (FM) Qin Gang", "the Taliban (banned in Peru) spokesman"
            skipped |= set(range(opening, i + 1))
            i = opening - 1
            continue
        if not _is_title_token(doc[i]):
            break
        low = doc[i].lower_
        prev = doc[i - 1].lower_ if i - 1 >= sent_start else ""
        if low == "the" and prev not in ("to", "of", "for"):
            break
        if low == "and" and prev not in title_words():
            break
        i -= 1
    words = [t for t in doc[i + 1 : end] if t.text != "," and t.i not in skipped]
    if comma and words and (words[0].lower_ in FILLERS or _names_person(words)):
        return None
    return _split_title(doc, words)


def _bracket_start(doc: Doc, i: int, sent_start: int) -> int | None:
    """Where a short aside in brackets that ends at token i opens, else None."""
    if doc[i].text != ")":
        return None
    for j in range(i - 1, max(sent_start, i - 7) - 1, -1):
        if doc[j].text == "(":
            return j
    return None


def _names_person(words: list[Token]) -> bool:
    """A person's name among title words ("Foreign Minister Wang Yi, Ana Ruiz"); NER's
    PERSON on a country ("Sri Lanka's foreign minister") does not count."""
    group: list[str] = []
    for tok in [*words, None]:
        if tok is not None and tok.ent_type_ == "PERSON" and tok.lower_ not in ("'s", "\u2019s"):
            group.append(tok.text)
            continue
        titled = all(w.lower() in title_words() for w in group)
        if group and lookup_country(" ".join(group)) is None and not titled:
            return True
        group = []
    return False


def _right_title(doc: Doc, run: SpacySpan) -> tuple[str, str | None] | None:
    """(title, country) from an apposition: "Chen Xu, China's ambassador to ..."."""
    if run.end >= len(doc) or doc[run.end].text != ",":
        return None
    words: list[Token] = []
    for token in doc[run.end + 1 : min(len(doc), run.end + 16)]:
        if token.text in STOPS or token.pos_ in ("VERB", "AUX", "PRON"):
            break
        words.append(token)
    while words and words[0].lower_ in FILLERS:
        words = words[1:]
    if not words or not (words[0].text[:1].isupper() or words[0].lower_ in title_words()):
        return None
    return _split_title(doc, words)


def _split_title(doc: Doc, words: list[Token]) -> tuple[str, str | None] | None:
    """Separate a leading country word from the title; None when no title phrase is present."""
    country = None
    while words and words[0].lower_ in FILLERS:
        words = words[1:]
    # a modifier may come before the country: "deputy US ambassador", "former Chilean president"
    lead = 1 if len(words) > 2 and words[0].lower_ in LEADING_MODIFIERS else 0
    for cut in range(lead + 1, min(lead + 3, len(words)) + 1):
        head = doc.text[words[lead].idx : words[cut - 1].idx + len(words[cut - 1].text)]
        iso3 = lookup_country(head)
        if iso3 and len(words) > cut:
            country = iso3
            if not lead:  # the title text stays one slice of the article
                words = words[cut:]
            break
    while words and words[0].lower_ in ("'s", "\u2019s"):
        words = words[1:]
    if not words:
        return None
    text = doc.text[words[0].idx : words[-1].idx + len(words[-1].text)]
    low = f" {text.lower()} "
    if not any(f" {t} " in low or low.rstrip().endswith(f" {t}") for t in titles()):
        return None
    return text, country


def _fill_affiliation(doc: Doc, person: _Person, ent: SpacySpan, orgs) -> None:
    """Decide whom a titled person represents: a body, a country, or both for a ministry."""
    title = person.title or ""
    low = title.lower()
    org = org_in_text(title)
    national_role = NATIONAL_TO_BODY.search(low) is not None
    sender = org_in_text(re.split(r"\bto\b", title)[0]) if " to " in f" {low} " else None
    if sender is not None and sender.kind == "international" and person.country is None:
        # "ambassador of the European Union to the UN": the body before "to" sends them
        org, national_role = sender, False
    if re.search(r"\bspecial\b", low) or person.country is None and " for " in f" {low} ":
        national_role = False  # "UN Special Envoy for Myanmar" serves the body, not a state
    if org is not None and org.kind in ("ngo", "movement"):
        national_role = False  # "Amnesty International's representative": its own staff
    if org is not None and org.kind != "national" and not national_role:
        person.organization, person.country = org.slug, None
        return
    sent_abroad = re.search(r"\b(to|in|at)\b", low)  # "ambassador to Poland": the host
    if person.country is None and (
        re.search(r"\b(foreign|ministry|minister|vice)", low)
        or NATIONAL_TO_BODY.search(low)
        and not sent_abroad
    ):
        person.country = _context_country(doc, ent, orgs)
    # a national ministry's spokesman speaks for the ministry's country: no organization, so
    # the graph's one dkg:represents is the country


def _context_country(doc: Doc, ent: SpacySpan, orgs) -> str | None:
    """The nearest earlier country in the sentence, else the one country whose ministry is
    named; a country inside quoted words is what was said, not whom the speaker serves."""
    sent = ent.sent
    quoted = [(q.start, q.end) for q in find_raw_quotes(doc.text)]
    before = [
        m
        for m in find_countries(doc)
        if sent.start_char <= m.span.start < ent.start_char
        and not any(s <= m.span.start < e for s, e in quoted)
    ]
    if before:
        return before[-1].iso3
    # conservative: a ministry's country only when every national ministry named shares it
    national = {o.country for o in orgs if o.country}
    if len(national) == 1:
        return national.pop()
    # last, the speaker's own words ("“China's actions ...,” foreign ministry spokesman ...")
    inside = [m for m in find_countries(doc) if sent.start_char <= m.span.start < ent.start_char]
    return inside[-1].iso3 if inside else None


def _mark_pronoun_speakers(doc: Doc, people: list[_Person]) -> None:
    """A "he said"/"she said" makes a speaker of the person it most likely refers to:
    the last person mentioned as a subject before it, else the last person mentioned."""
    for token in doc:
        if token.lower_ in SPEAKER_PRONOUNS and token.dep_ == "nsubj" and is_reporting(token.head):
            mentions = [(o, subj, p) for p in people for o, subj in p.mentions if o < token.idx]
            subjects = [m for m in mentions if m[1]]
            chosen = max(subjects or mentions, default=None, key=lambda m: m[0])
            if chosen is not None:
                chosen[2].speaks = True


def recent_mentions(doc: Doc, officials: list[OfficialMention]) -> list[tuple[int, str, bool]]:
    """(offset, official key, is_subject) for every name mention resolving to an official."""
    out = []
    for run in name_runs(doc):
        key = resolve_name(run.text, officials, run.end_char)
        if key:
            out.append((run.start_char, key, run.root.dep_ in ("nsubj", "nsubjpass")))
    return out


def _to_mention(person: _Person) -> OfficialMention:
    confidence = 0.9 if person.country or person.organization else 0.7
    if not person.title:
        confidence = 0.6
    return OfficialMention(
        key=person.key,
        name=person.key,
        span=Span(person.start, person.end),
        title=person.title,
        country=person.country,
        organization=person.organization,
        confidence=confidence,
    )


def genders(doc: Doc, mentions: list[tuple[int, str, bool]]) -> dict[str, str]:
    """Gender per official from honorifics (Ms/Mr) and pronouns right after their mentions."""
    votes: dict[str, int] = {}
    for offset, key, _subject in mentions:
        before = doc.text[max(0, offset - 5) : offset].lower()
        if re.search(r"\b(ms|mrs|miss)\.? $", before):
            votes[key] = votes.get(key, 0) - 3
        elif re.search(r"\bmr\.? $", before):
            votes[key] = votes.get(key, 0) + 3
        span = doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None:
            continue
        sent = span[0].sent
        for tok in doc[span.start : min(len(doc), sent.end + 1)]:
            if tok.lower_ in ("she", "her", "hers", "herself"):
                votes[key] = votes.get(key, 0) - 1
            elif tok.lower_ in ("he", "his", "him", "himself"):
                votes[key] = votes.get(key, 0) + 1
    return {key: ("M" if v > 0 else "F") for key, v in votes.items() if v}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def speakers_from_quotes(
    quotes: list[QuoteMention],
    officials: list[OfficialMention],
    organizations: list[OrganizationMention],
) -> tuple[list[OfficialMention], list[OrganizationMention]]:
    """Speakers the quotes name that extract_officials did not return (a signed letter,
    a transcript label, a body named only as a speaker): append them before building.

    Call after kg.extract.quotes.extract_quotes with the same officials and bodies.
    """
    known = {o.key for o in officials}
    slugs = {o.slug for o in organizations}
    people: dict[str, OfficialMention] = {}
    bodies: dict[str, OrganizationMention] = {}
    for quote in quotes:
        ref, where = quote.speaker, quote.cue or quote.span
        if ref is None:
            continue
        if ref.kind == "official" and ref.key not in known and ref.key not in people:
            people[ref.key] = OfficialMention(ref.key, ref.key, where, confidence=0.5)
        if ref.kind == "organization" and ref.key not in slugs and ref.key not in bodies:
            label = ref.key.replace("-", " ").title()
            bodies[ref.key] = OrganizationMention(ref.key, label, where)
    return list(people.values()), list(bodies.values())


def listed_title(doc: Doc, run: SpacySpan) -> tuple[str, str | None] | None:
    """A plural title heading a list of names: "Presidents Ana Ruiz of Peru, Li Wei of
    China and ..." gives each "President" and the country after "of"."""
    i = run.start - 1
    if i < 0 or doc[i].text not in (",", "and") and not doc[i].lower_.endswith("s"):
        return None  # not an item of the list: "... of Benin Republic" names a country
    sent_start = doc[run.start].sent.start
    while i >= max(sent_start, run.start - 60):
        tok = doc[i]
        singular = tok.lower_[:-1] if tok.lower_.endswith("s") else None
        if singular and tok.text[:1].isupper() and singular in titles():
            title = doc.text[tok.idx : tok.idx + len(tok.text) - 1]
            if i > 0 and f"{doc[i - 1].lower_} {singular}" in titles():
                title = f"{doc[i - 1].text} {title}"  # "Foreign Ministers"
            return title, _country_after_of(doc, run.end)
        if not (
            tok.text in (",", "and", "of", "'", "-") or tok.text[:1].isupper() or "'" in tok.text
        ):
            return None
        i -= 1
    return None


def _country_after_of(doc: Doc, i: int) -> str | None:
    """ "... of Benin Republic," -> BEN: the longest country name right after "of"."""
    if i >= len(doc) or doc[i].lower_ != "of":
        return None
    words = []
    for tok in doc[i + 1 : i + 5]:
        if tok.text in (",", ";", ".") or tok.lower_ == "and":
            break
        words.append(tok)
    for n in range(len(words), 0, -1):
        iso3 = lookup_country(doc.text[words[0].idx : words[n - 1].idx + len(words[n - 1].text)])
        if iso3:
            return iso3
    return None
