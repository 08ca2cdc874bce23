"""What one sentence says about a collective position: anchors, roles of countries, counts.

Anchors (the nouns naming a position), counts, tallies and venues are read here;
each country mention's role is decided by the ordered strategies of roles.py.
Article-level assembly is in coalitions.py; the token predicates are in syntax.py.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from kg.extract.countries import GroupMention
from kg.extract.findings import Anchor, SentenceFinding
from kg.extract.frames import vote_label
from kg.extract.numbers import DeclaredCount, declared_counts, vote_tally
from kg.extract.roles import CLAIM_NOUNS, assign_group_role, assign_role, vote_role
from kg.extract.syntax import (
    CONDITIONAL_DOCUMENT_VERBS,
    DOCUMENT_VERBS,
    LEADING_VERBS,
    LIST_GLUE,
    MEETING_NOUNS,
    determiner,
    frame_words,
    inside_quote,
    lift,
    negated,
    reported_action,
    statement_nouns,
    subject_verb,
)
from kg.lang import shapes, table, words
from kg.model import CountryMention

LEADER_NOUNS = frame_words("leaders")
ATTENDING_VERBS = frame_words("attending")
# Verbs of those who did not back a text put to a vote.
DISSENTING_VERBS = words("dissenting_verbs.txt")
HYPOTHETICAL_AUXILIARIES = words("hypothetical_auxiliaries.txt")
MEMBER_OF = shapes("list_shapes.tsv")["member_of"]
PART_OF_A_WHOLE = shapes("list_shapes.tsv")["part_of_a_whole"]
COUNTER_WORDS = shapes("counter_shapes.tsv")["counter_words"]
CONTINUATION = shapes("list_shapes.tsv")["continuation"]
AMONG_THEM = shapes("list_shapes.tsv")["among_them"]


@lru_cache(maxsize=1)
def venue_patterns() -> list[tuple[re.Pattern[str], str, int]]:
    rows = table("venues.tsv")
    return [(re.compile(r["pattern"]), r["venue"], int(r["rank"])) for r in rows]


def analyse_sentence(
    sent: SpacySpan, countries: list[CountryMention], groups: list[GroupMention] | None = None
) -> SentenceFinding:
    """Read one sentence: its anchors and what role each country mention plays."""
    finding = SentenceFinding(sent=sent, mentions=countries)
    text = sent.text
    finding.counts = declared_counts(text)
    finding.tally = vote_tally(text)
    finding.venue = find_venue(text)
    finding.counters = bool(COUNTER_WORDS.search(text))
    finding.continuation = bool(CONTINUATION.match(text) or AMONG_THEM.match(text))
    finding.anchors = _anchors(sent)
    finding.counts = [
        _joined_group(sent, c) for c in finding.counts if _count_backs_something(sent, c)
    ]
    finding.collective = bool(finding.counts) or _has_collective_subject(sent, countries)
    if finding.collective and not finding.anchors:
        finding.anchors.append(Anchor(sent.root, "joint statement", definite=False))
    if finding.tally and not finding.anchors:  # "The Assembly voted 141-5 to demand ..."
        finding.anchors.append(Anchor(sent.root, "vote", definite=False))
    veto = next((t for t in _with_lemma(sent, {"veto"}) if t.pos_ == "VERB"), None)
    if not finding.anchors and veto is not None:
        # "China and Russia vetoed a U.S.-led push": a veto is cast on a draft resolution;
        # "Russia vetoed it" speaks of the one already in view.
        objects = [c for c in veto.children if c.dep_ == "dobj"]
        definite = any(
            o.pos_ == "PRON" or determiner(o) in {"the", "that", "this"} for o in objects
        )
        finding.anchors.append(Anchor(sent.root, "resolution", definite=definite))
    finding.vote_label = vote_label(text)
    for mention in countries:
        if finding.vote_label is not None:
            _record_vote(finding, finding.vote_label, mention.iso3, "labelled-vote-list")
        else:
            assign_role(finding, mention, _mention_token(sent, mention))
    for group in groups or []:
        token = _mention_token(sent, group)
        assign_group_role(finding, group, token)
        if token is not None and group.body and _leaders_of(token):
            finding.leaders_of = (group.slug, group.label)
    finding.attendees = _attendees(sent, countries)
    finding.claims_of = _claims_of(sent, countries)
    _extend_vote_lists(finding, countries)
    aimed_at = {iso for iso, _ in finding.targets}
    finding.deliverers = [iso for iso in finding.deliverers if iso not in aimed_at]
    if _only_votes(finding):
        finding.anchors = []  # "Russia and Syria voted against": positions on the vote in focus
    finding.passive_counter = any(
        any(c.dep_ == "auxpass" for c in t.children) for t in _with_lemma(sent, {"counter"})
    )
    return finding


def _claims_of(sent: SpacySpan, countries: list[CountryMention]) -> list[str | None]:
    """ "South Africa's allegations" -> "ZAF", "the accusations" -> None: the claims of a
    text the sentence speaks of, by whose they are."""
    owners = {}
    for mention in countries:
        token = _mention_token(sent, mention)
        if token is not None:
            owners[token.i] = mention.iso3
    found: list[str | None] = []
    for token in _with_lemma(sent, CLAIM_NOUNS):
        if token.pos_ != "NOUN":
            continue
        owner = next((owners[c.i] for c in token.children if c.dep_ == "poss" and c.i in owners),
                     None)  # fmt: skip
        found.append(owner)
    return found


def _extend_vote_lists(finding: SentenceFinding, countries: list[CountryMention]) -> None:
    """ "Within the bloc, A, B, and C voted yes": the parse may hang A and B elsewhere, but
    countries strung before a voter on one list vote as it does."""
    votes = {"for": finding.voted_for, "against": finding.against, "abstained": finding.abstained}
    placed = {iso for group in (*votes.values(), finding.backers, finding.deliverers,
                                [t for t, _ in finding.targets]) for iso in group}  # fmt: skip
    ordered = sorted(countries, key=lambda m: m.span.start)
    for mention, following in reversed(list(zip(ordered, ordered[1:], strict=False))):
        kind = next((k for k, isos in votes.items() if following.iso3 in isos), None)
        if kind is None or mention.iso3 in placed:
            continue
        text = finding.sent.doc.text[mention.span.end : following.span.start]
        if LIST_GLUE.match(text):
            _record_vote(finding, kind, mention.iso3, "extended-vote-list")
            placed.add(mention.iso3)


def _record_vote(finding: SentenceFinding, kind: str, iso: str, rule: str) -> None:
    finding.place(iso, vote_role(kind, rule))


def _only_votes(finding: SentenceFinding) -> bool:
    synthetic = [
        a for a in finding.anchors
        if a.token.i == finding.sent.root.i and a.kind == "joint statement"
    ]  # fmt: skip
    recorded = finding.against or finding.abstained or finding.voted_for
    return bool(recorded) and len(synthetic) == len(finding.anchors) and not finding.backers


def find_venue(text: str) -> tuple[str, int] | None:
    best = None
    for pattern, venue, rank in venue_patterns():
        places = [m for m in pattern.finditer(text) if not MEMBER_OF.search(text[: m.start()])]
        if places and (best is None or rank > best[1]):
            best = (venue, rank)
    return best


def _anchors(sent: SpacySpan) -> list[Anchor]:
    nouns = statement_nouns()
    found = []
    for token in _with_lemma(sent, nouns):
        kind = nouns[token.lemma_.lower()]
        if token.pos_ not in {"NOUN", "PROPN"}:
            continue
        if token.tag_ in {"NNS", "NNPS"} and inside_quote(sent, token):
            continue  # "denounced 'joint statements for political causes'": texts in general
        if kind == "side event" and not _led_event(token):
            continue
        if kind == "legal case" and not _brought_by_or_against_a_party(token):
            continue  # "in any case", "the case of the detained activists"
        if token.lemma_.lower() == "text" and not _names_a_position(token):
            continue
        if token.tag_ in {"NNS", "NNPS"} and _several_or_any(token):
            continue  # "the statements follow", "had supported resolutions": no one position
        if kind == "joint statement" and any(c.lower_ == "joint" for c in token.children):
            kind = "joint statement"
        definite = determiner(token) in {"the", "that", "this"}
        found.append(Anchor(token, kind, definite))
    for token in sent:
        if token.lower_ == "behalf" and not any(a.token.i == token.head.i for a in found):
            found.append(Anchor(token, "joint statement", definite=False))
    return found


_LEMMAS = "kg.lower_lemmas"  # the doc.user_data key of its tokens' lower-case lemmas


def _with_lemma(sent: SpacySpan, wanted: Container[str]) -> Iterator[Token]:
    """The sentence's tokens whose lower-case lemma is one of `wanted`. The lemmas are read
    once per doc: most words are none of those sought, and make no Token object here."""
    doc = sent.doc
    lemmas = doc.user_data.get(_LEMMAS)
    if lemmas is None:
        lemmas = doc.user_data[_LEMMAS] = [token.lemma_.lower() for token in doc]
    for i in range(sent.start, sent.end):
        if lemmas[i] in wanted:
            yield doc[i]


def _several_or_any(token: Token) -> bool:
    """ "the statements", "those letters", or bare "resolutions" in general; not
    "two statements" or "rival statements", which the sentence goes on to tell apart."""
    if determiner(token) in {"the", "these", "those"}:
        return True
    return not any(c.dep_ in {"det", "nummod", "amod", "compound", "poss"} for c in token.children)


def _brought_by_or_against_a_party(token: Token) -> bool:
    """ "South Africa's case", "an application against Israel", "support the case": a case
    at a court, or the one in view when states back it."""
    if token.dep_ == "dobj" and token.head.lemma_ in {"support", "back", "join", "endorse"}:
        return determiner(token) == "the"
    if token.dep_ == "nsubjpass" and token.head.lemma_ in {"hear", "file", "lodge", "submit"}:
        return determiner(token) == "the"  # "the case was heard on Thursday"
    return any(
        c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "against") for c in token.children
    )


def _led_event(token: Token) -> bool:
    verb = token.head.head if token.dep_ == "pobj" else token.head
    return verb.lemma_ in {"lead", "host", "organise", "organize", "convene"}


def _names_a_position(text: Token) -> bool:
    """ "the Belarus text", or "The text, presented by Britain, ..." as the sentence's
    subject; not "the text of a trade agreement"."""
    if _modified_by_country_or_count(text):
        return True
    of_something = any(c.lower_ == "of" for c in text.children)
    if determiner(text) != "the" or of_something:
        return False
    if text.dep_ in {"nsubj", "nsubjpass"}:
        return True
    # "voted in favour of the text", "the negotiation of the text, initiated by Chile"
    voted = any(a.lemma_ == "vote" for a in list(text.ancestors)[:5])
    led = any(t.lemma_ in LEADING_VERBS and t.tag_ == "VBN" for t in text.sent)
    return voted or led


def _modified_by_country_or_count(token: Token) -> bool:
    return any(c.dep_ in {"compound", "amod", "poss", "nmod"} for c in token.children)


def _has_collective_subject(sent: SpacySpan, countries: list[CountryMention]) -> bool:
    """Two or more countries putting their names to a text ("A, B and C signed ...").

    Countries that merely condemn or praise together ("the US and Britain
    condemned ...") take a position, but no joint text is said to exist.
    """
    subjects = 0
    for mention in countries:
        token = _mention_token(sent, mention)
        verb = subject_verb(token) if token is not None else None
        if verb is not None and _puts_name_to_text(reported_action(verb)):
            subjects += 1
    return subjects >= 2


def _puts_name_to_text(verb: Token) -> bool:
    """ "signed", "tabled" always; "backed", "joined" only a statement, letter or resolution."""
    if verb.lemma_ in DOCUMENT_VERBS:
        return True
    if verb.lemma_ not in CONDITIONAL_DOCUMENT_VERBS:
        return False
    nouns = statement_nouns()
    return any(t.lemma_.lower() in nouns for t in verb.subtree if t.dep_ in {"dobj", "pobj"})


def _count_backs_something(sent: SpacySpan, count) -> bool:
    """ "on behalf of 23 states", "22 states wrote", "signed by 43 countries", "led 30
    countries": a count of backers, unlike "talks among 195 countries"."""
    noun = _count_noun(sent, count)
    if noun is None or PART_OF_A_WHOLE.search(sent.text[: count.start]):
        return False
    dep, head = noun.dep_, noun.head
    if dep in {"nsubj", "nsubjpass"} and (
        negated(head) or _hypothetical(head) or _counts_dissenters(noun)
    ):
        return False  # "24 countries did not vote", "80 would support it", "two abstained"
    backing = DOCUMENT_VERBS | CONDITIONAL_DOCUMENT_VERBS
    clauses = [c for c in noun.children if c.dep_ in {"acl", "relcl"}]
    if dep in {"nsubj", "nsubjpass"} or any(c.lemma_ in backing for c in clauses):
        return True  # "22 states wrote", "23 nations backing a statement"
    if any(a.lower_ == "behalf" for a in list(noun.ancestors)[:4]):
        return True  # "on behalf of a core group of 40 countries"
    if dep == "pobj" and head.lower_ in {"from", "of"} and head.head.dep_ == "nsubj":
        return True  # "Ambassadors from 22 countries signed ..."
    if dep == "pobj":
        return (
            head.lower_ == "of"
            and head.head.lower_ == "behalf"
            or head.dep_ == "agent"
            or (head.lower_ in {"by", "with"} and head.head.pos_ in {"VERB", "NOUN"})
            or (head.lower_ == "with" and head.head.lower_ in {"along", "together"})
        )
    if dep == "dobj":
        return head.lemma_ in {"lead", "rally", "unite", "join", "gather", "bring"}
    return dep in {"conj", "appos"} and not _counts_dissenters(noun)


def _counts_dissenters(noun: Token) -> bool:
    """ "Brazil and India, the council's three elected members, abstained": the count
    describes countries that did not back the text."""
    verb = next((a for a in noun.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    if verb is None:
        return False
    against = verb.lemma_ == "vote" and any(c.lower_ == "against" for c in verb.children)
    return against or verb.lemma_ in DISSENTING_VERBS


def _leaders_of(token: Token) -> bool:
    """ "ECOWAS leaders", "the leaders of the Economic Community of West African States"."""
    node = token.head if token.dep_ == "appos" else token
    if node.dep_ == "compound" and node.head.lemma_.lower() in LEADER_NOUNS:
        return True
    head = node.head
    return node.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_ in LEADER_NOUNS


def _attendees(sent: SpacySpan, countries: list[CountryMention]) -> list[str]:
    """ "The summit was attended by Presidents A of X and B of Y, while the presidents of Z
    were represented": the states at a meeting, outside quoted words."""
    attended = any(t.lemma_ in ATTENDING_VERBS and t.pos_ == "VERB" for t in sent) and any(
        t.lemma_.lower() in MEETING_NOUNS for t in sent
    )
    if not attended:
        return []
    return [m.iso3 for m in countries if not inside_quote(sent, _mention_token(sent, m) or sent[0])]


def _count_noun(sent: SpacySpan, count: DeclaredCount) -> Token | None:
    span = sent.doc.char_span(
        sent.start_char + count.start, sent.start_char + count.end, alignment_mode="expand"
    )
    return None if span is None else lift(span.root)


def _joined_group(sent: SpacySpan, count: DeclaredCount) -> DeclaredCount:
    """ "A and B joined 20 other countries": 22 in all. "A, B and C join all 28 EU members":
    the named come on top of a group's members, and all are only part of the backers."""
    noun = _count_noun(sent, count)
    if noun is None or noun.dep_ != "dobj" or noun.head.lemma_ != "join" or count.other:
        return count
    group = any(c.dep_ in {"compound", "amod"} and c.pos_ == "PROPN" for c in noun.children)
    return replace(count, other=True, minimum=group)


def _hypothetical(verb: Token) -> bool:
    """ "would support", "could sign": a forecast or a wish, not a count of who did."""
    return any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUXILIARIES for c in verb.children)


def _mention_token(sent: SpacySpan, mention: CountryMention | GroupMention) -> Token | None:
    span = sent.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if span is None or span.start < sent.start or span.end > sent.end:
        return None
    return span.root
