"""People acting in an official role: name, title and the country or body they represent.

Rules (precision over recall):
- A PERSON entity is an official when a title phrase (kg/lang/en/titles.txt) stands
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

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.extract.annotations import person_name_runs, quoted_ranges
from kg.extract.bodies import body_heads, is_outlet, is_press, org_in_text
from kg.extract.countries import lookup_country
from kg.extract.speakers import (
    clean_name,
    introduced_by_title,
    is_reporting,
    is_speaking_subject,
    title_words,
)
from kg.extract.titles import FILLERS, left_title, listed_title, right_title, title_of
from kg.lang import words
from kg.model import Article, OfficialMention, OrganizationMention, QuoteMention, Span

# Titles whose holder speaks for a country even when the title names a body ("UN Ambassador").
NATIONAL_TO_BODY = re.compile(r"\b(ambassador|envoy|representative|delegate|permanent|mission)\b")
SPEAKER_PRONOUNS = words("speaker_pronouns.txt")


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
    orgs = list(doc._.organizations)
    runs = person_name_runs(doc)
    people: list[_Person] = []
    quoted = quoted_ranges(doc)
    org_spans = [o.span for o in orgs if o.span]
    for run in runs:
        if any(o.start < run.end_char and run.start_char < o.end for o in org_spans):
            continue  # "General Assembly": part of a body's name
        role = title_of(doc, run)
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
            role = first is not None and (left_title(doc, first) or right_title(doc, first))
        if role and person.title is None:
            person.title, person.country = role
            _fill_affiliation(doc, person, run, orgs)
        person.speaks = person.speaks or speaks
        person.mentions.append((run.start_char, run.root.dep_ in ("nsubj", "nsubjpass")))
    _mark_pronoun_speakers(doc, people)
    officials = [_to_mention(p) for p in people if p.title or p.speaks]
    return officials, orgs


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
    quoted = quoted_ranges(doc)
    before = [
        m
        for m in doc._.countries
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
    inside = [m for m in doc._.countries if sent.start_char <= m.span.start < ent.start_char]
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
    for run in person_name_runs(doc):
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
