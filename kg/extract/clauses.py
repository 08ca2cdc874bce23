"""What one sentence says about a collective position: anchors, roles of countries, counts.

The parse gives each country mention a role: a backer (subject of an issuing
verb, a member of an "on behalf of ... including" list), the deliverer (the
country modifying the statement noun or the official who read it), or a target
(the object of a stance word). Article-level assembly is in statements.py.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from kg.extract.numbers import DeclaredCount, VoteTally, declared_counts, vote_tally
from kg.model import CountryMention

LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"

# Verbs whose subject issues or joins a position (not one that attacks it).
ISSUING_VERBS = {
    "write", "sign", "back", "support", "join", "deliver", "issue", "read", "table",
    "submit", "sponsor", "co-sponsor", "cosponsor", "present", "lead", "endorse", "release",
    "adopt", "approve", "address", "put", "draft", "circulate", "send", "counter", "launch",
    "make", "unite", "push", "urge", "call", "praise", "commend", "condemn", "criticise",
    "criticize", "express", "voice", "demand", "denounce", "vote", "co-sign", "cosign",
    "defend", "welcome", "file", "co-author", "author", "propose",
}  # fmt: skip
# Verbs that put a country's name to a text.
DOCUMENT_VERBS = {
    "write", "sign", "co-sign", "cosign", "deliver", "issue", "read", "table", "submit",
    "sponsor", "co-sponsor", "cosponsor", "present", "release", "adopt", "draft", "circulate",
    "send", "file", "co-author", "author", "propose", "endorse", "join", "back", "support",
    "vote", "lead", "put", "make",
}  # fmt: skip
# Verbs that report what the subject did: "France said it had filed a resolution".
REPORTING_VERBS = {"say", "announce", "confirm", "state", "declare", "tell"}
# Verbs whose subject answers a statement from the other side.
OPPOSING_VERBS = {
    "blast",
    "reject",
    "slam",
    "dismiss",
    "denounce",
    "criticise",
    "criticize",
    "condemn",
    "attack",
    "rebuff",
    "decry",
    "counter",
    "oppose",
    "hit",
}
PLACE_NOUNS = {
    "region",
    "province",
    "part",
    "area",
    "territory",
    "city",
    "border",
    "coast",
    "oblast",
    "district",
    "state",
    "county",
    "town",
    "village",
    "capital",
}
GROUP_HEADS = {"ally", "partner", "friend", "neighbour", "neighbor", "rival", "critic", "foe"}
COLLECTIVE_LEMMAS = {
    "country",
    "state",
    "nation",
    "government",
    "delegation",
    "signatory",
    "member",
    "ally",
}
LIST_MARKERS = {"include", "including", "such", "among", "behalf", "like", "namely"}
COUNTER_WORDS = re.compile(
    r"\b(?:counter(?:ed|ing|s)?|rival|in response|in reply|responded|riposte|answered|"
    r"in answer|their own|its own)\b",
    re.IGNORECASE,
)
CONTINUATION = re.compile(
    r"^\W*(?:they|these|those|signatories|backers|supporters|co-?sponsors|countries|nations|"
    r"states|others|members)\b[^.]{0,60}?\b(?:included?|were|are|comprised?)\b",
    re.IGNORECASE,
)
AMONG_THEM = re.compile(r"^\W*among (?:them|those|the \w+)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def stance_lexicon() -> dict[str, str]:
    return _read_pairs("stance.csv", "lemma", "polarity")


@lru_cache(maxsize=1)
def statement_nouns() -> dict[str, str]:
    return _read_pairs("statement_nouns.csv", "lemma", "kind")


@lru_cache(maxsize=1)
def venue_patterns() -> list[tuple[re.Pattern[str], str, int]]:
    rows = _read_rows("venues.tsv", delimiter="\t")
    return [(re.compile(r["pattern"]), r["venue"], int(r["rank"])) for r in rows]


def _read_rows(name: str, delimiter: str = ",") -> list[dict[str, str]]:
    with open(LEXICONS / name, encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter=delimiter))


def _read_pairs(name: str, key: str, value: str) -> dict[str, str]:
    return {row[key]: row[value] for row in _read_rows(name)}


@dataclass
class Anchor:
    """A noun or phrase naming a collective position in the sentence."""

    token: Token
    kind: str
    definite: bool  # "the statement", "that letter": a reference back
    deliverers: list[str] = field(default_factory=list)


@dataclass
class SentenceFinding:
    """Everything one sentence says about collective positions."""

    sent: SpacySpan
    anchors: list[Anchor] = field(default_factory=list)
    backers: list[str] = field(default_factory=list)
    deliverers: list[str] = field(default_factory=list)
    deliverer_person: str | None = None
    targets: list[tuple[str, str]] = field(default_factory=list)  # (ISO3, polarity)
    opponents: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)
    voted_for: list[str] = field(default_factory=list)
    abstained: list[str] = field(default_factory=list)
    counts: list[DeclaredCount] = field(default_factory=list)
    tally: VoteTally | None = None
    venue: tuple[str, int] | None = None
    collective: bool = False
    counters: bool = False
    continuation: bool = False
    mentions: list[CountryMention] = field(default_factory=list)
    passive_counter: bool = False

    @property
    def has_position(self) -> bool:
        return bool(self.anchors and (self.backers or self.deliverers or self.counts))


def analyse_sentence(sent: SpacySpan, countries: list[CountryMention]) -> SentenceFinding:
    """Read one sentence: its anchors and what role each country mention plays."""
    finding = SentenceFinding(sent=sent, mentions=countries)
    text = sent.text
    finding.counts = declared_counts(text)
    finding.tally = vote_tally(text)
    finding.venue = find_venue(text)
    finding.counters = bool(COUNTER_WORDS.search(text))
    finding.continuation = bool(CONTINUATION.match(text) or AMONG_THEM.match(text))
    finding.anchors = _anchors(sent)
    finding.collective = bool(finding.counts) or _has_collective_subject(sent, countries)
    if finding.collective and not finding.anchors:
        finding.anchors.append(Anchor(sent.root, "joint statement", definite=False))
    if finding.tally and not finding.anchors:  # "The Assembly voted 141-5 to demand ..."
        finding.anchors.append(Anchor(sent.root, "vote", definite=False))
    veto = next((t for t in sent if t.lemma_ == "veto" and t.pos_ == "VERB"), None)
    if not finding.anchors and veto is not None:
        # "China and Russia vetoed a U.S.-led push": a veto is cast on a draft resolution;
        # "Russia vetoed it" speaks of the one already in view.
        objects = [c for c in veto.children if c.dep_ == "dobj"]
        definite = any(
            o.pos_ == "PRON" or _determiner(o) in {"the", "that", "this"} for o in objects
        )
        finding.anchors.append(Anchor(sent.root, "resolution", definite=definite))
    for mention in countries:
        _assign_role(finding, sent, mention)
    if _only_votes(finding):
        finding.anchors = []  # "Russia and Syria voted against": positions on the vote in focus
    finding.passive_counter = any(
        t.lemma_ == "counter" and any(c.dep_ == "auxpass" for c in t.children) for t in sent
    )
    return finding


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
        if pattern.search(text) and (best is None or rank > best[1]):
            best = (venue, rank)
    return best


def _anchors(sent: SpacySpan) -> list[Anchor]:
    nouns = statement_nouns()
    found = []
    for token in sent:
        kind = nouns.get(token.lemma_.lower())
        if token.pos_ not in {"NOUN", "PROPN"} or kind is None:
            continue
        if kind == "side event" and not _led_event(token):
            continue
        if token.lemma_.lower() == "text" and not _modified_by_country_or_count(token):
            continue
        if token.tag_ in {"NNS", "NNPS"} and _determiner(token) in {"the", "these", "those"}:
            continue  # "the statements follow": a reference to several, no new position
        if kind == "joint statement" and any(c.lower_ == "joint" for c in token.children):
            kind = "joint statement"
        definite = _determiner(token) in {"the", "that", "this"}
        found.append(Anchor(token, kind, definite))
    for token in sent:
        if token.lower_ == "behalf" and not any(a.token.i == token.head.i for a in found):
            found.append(Anchor(token, "joint statement", definite=False))
    return found


def _determiner(token: Token) -> str:
    for child in token.children:
        if child.dep_ in {"det", "poss"}:
            return child.lower_
    return ""


def _led_event(token: Token) -> bool:
    verb = token.head.head if token.dep_ == "pobj" else token.head
    return verb.lemma_ in {"lead", "host", "organise", "organize", "convene"}


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
        verb = _subject_verb(token) if token is not None else None
        if verb is not None and _reported_action(verb).lemma_ in DOCUMENT_VERBS:
            subjects += 1
    return subjects >= 2


def _mention_token(sent: SpacySpan, mention: CountryMention) -> Token | None:
    span = sent.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if span is None or span.start < sent.start or span.end > sent.end:
        return None
    return span.root


def _lift(token: Token) -> Token:
    """Climb coordination and apposition to the head of a list."""
    while token.dep_ in {"conj", "appos"} and token.head.i != token.i:
        token = token.head
    return token


def _subject_verb(token: Token) -> Token | None:
    """The verb the mention (or the list it is in) is the subject of."""
    head = _lift(token)
    if head.dep_ in {"compound"} and head.head.dep_ in {"nsubj", "nsubjpass"}:
        head = _lift(head.head)
    head = _companion_of(head)
    if head.dep_ == "nsubj":
        return head.head
    return None


def _companion_of(token: Token) -> Token:
    """ "member states, along with Norway and Switzerland, backed ...": Norway joins the subject."""
    prep = token.head
    if token.dep_ == "pobj" and prep.lower_ == "with" and prep.i != prep.head.i:
        anchor = prep.head
        if anchor.lower_ in {"along", "together"}:
            anchor = anchor.head
        if anchor.dep_ == "nsubj":
            return _lift(anchor)
    return token


def _assign_role(finding: SentenceFinding, sent: SpacySpan, mention: CountryMention) -> None:
    token = _mention_token(sent, mention)
    if token is None or _inside_quote(sent, token):
        return
    iso = mention.iso3
    anchor = _modifies_anchor(token, finding.anchors)
    if anchor is not None:
        anchor.deliverers.append(iso)
        finding.deliverers.append(iso)
        return
    polarity = _stance_over(token)
    if polarity:
        finding.targets.append((iso, polarity))
        return
    if _in_vote_group(token, "against"):
        finding.against.append(iso)
        return
    if _in_vote_group(token, "abstain"):
        finding.abstained.append(iso)
        return
    if _in_vote_group(token, "for"):
        finding.voted_for.append(iso)
        return
    if _agent_of_leading(token):
        finding.deliverers.append(iso)
        return
    if _in_list(token) or _after_list_marker(sent, mention, finding.mentions):
        finding.backers.append(iso)
        return
    if _agent_of_issuing(token):
        finding.backers.append(iso)
        return
    person = _possessor_of_person(token)
    verb = _subject_verb(person if person is not None else token)
    if verb is None:
        return
    verb = _reported_action(verb)
    if verb.lemma_ in OPPOSING_VERBS and _object_is_anchor(verb, finding.anchors):
        finding.opponents.append(iso)
        return
    if person is not None and verb.lemma_ in ISSUING_VERBS | {"address"}:
        finding.deliverers.append(iso)
        finding.deliverer_person = _person_name(person)
        return
    if _lift(token).head.lemma_ in GROUP_HEADS or token.head.lemma_ in GROUP_HEADS:
        return  # "China's allies": the country is not itself a member
    if verb.lemma_ in ISSUING_VERBS or verb.lemma_ in stance_lexicon():
        if verb.lemma_ == "lead" or _is_leader(verb) or _speaks_on_behalf(verb):
            finding.deliverers.append(iso)
        finding.backers.append(iso)


LIST_MARKER_TEXT = re.compile(
    r"\b(?:including|included|include|among them|among whom|such as|namely|notably|"
    r"on behalf of(?: the)?(?: [\w-]+){0,3}? (?:countries|states|nations|members))\b",
    re.IGNORECASE,
)
LIST_GLUE = re.compile(r"^(?:[\s,;:\-\u2013\u2014]|and\b|as well as\b|the\b|The\b)*$")


def _after_list_marker(
    sent: SpacySpan, mention: CountryMention, mentions: list[CountryMention]
) -> bool:
    """ "..., among them Chile, Peru and Colombia": countries strung after a list marker.

    Read on the text, not the parse: the small model often breaks such lists.
    """
    doc_text = sent.doc.text
    head = doc_text[sent.start_char : mention.span.start]
    markers = list(LIST_MARKER_TEXT.finditer(head))
    if not markers:
        return False
    between_start = sent.start_char + markers[-1].end()
    between = doc_text[between_start : mention.span.start]
    for other in sorted(mentions, key=lambda m: -m.span.start):
        if between_start <= other.span.start and other.span.end <= mention.span.start:
            offset = other.span.start - between_start
            between = between[:offset] + between[offset + len(other.text) :]
    return bool(LIST_GLUE.match(between))


def _agent_of_issuing(token: Token) -> bool:
    """ "signed by Germany and France", "joined by Canada": the agents of a backing verb."""
    node = _lift(token)
    head = node.head
    return (
        node.dep_ == "pobj"
        and (head.dep_ == "agent" or head.lower_ == "by")
        and head.head.lemma_ in ISSUING_VERBS | {"co-sponsor", "cosponsor"}
    )


def _speaks_on_behalf(verb: Token) -> bool:
    """ "Sweden, on behalf of the Nordic countries, welcomed ...": the speaker leads."""
    clauses = [verb, *(c for c in verb.children if c.dep_ in {"advcl", "acl", "xcomp"})]
    return any(
        child.dep_ == "prep" and any(g.lower_ == "behalf" for g in child.children)
        for clause in clauses
        for child in clause.children
    )


def _inside_quote(sent: SpacySpan, token: Token) -> bool:
    before = sent.doc.text[sent.start_char : token.idx]
    return (before.count("“") > before.count("”")) or before.count('"') % 2 == 1


def _stance_over(token: Token) -> str | None:
    """The polarity of the stance word whose object this mention is, if any."""
    lexicon = stance_lexicon()
    node = _lift(token)
    if _names_a_place_within(node):
        return None
    for _ in range(6):
        dep = node.dep_
        head = node.head
        if dep in {"nsubj", "nsubjpass", "ROOT", "csubj"} or head.i == node.i:
            return None
        if dep in {"dobj", "pobj", "poss", "prep", "compound", "amod", "nmod", "attr", "dative"}:
            polarity = lexicon.get(head.lemma_.lower())
            # "U.S. criticism", "a U.S.-led push": a modifier of a stance noun is its author
            if polarity and dep not in {"compound", "amod", "nmod"}:
                return polarity
            if head.pos_ in {"VERB", "AUX"}:
                for child in head.children:
                    if child.i == node.i:
                        continue  # the noun holding the mention is not its stance word
                    if child.dep_ == "dobj" and child.lemma_.lower() in lexicon:
                        return lexicon[child.lemma_.lower()]
        node = _lift(head)
    return None


def _reported_action(verb: Token) -> Token:
    """For "X said they had filed a resolution", the filing, done by X itself."""
    if verb.lemma_ not in REPORTING_VERBS:
        return verb
    for clause in verb.children:
        subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
        own = all(c.lower_ in {"they", "we", "it"} for c in subjects)
        if clause.dep_ == "ccomp" and clause.lemma_ in ISSUING_VERBS and own:
            return clause
    return verb


def _names_a_place_within(node: Token) -> bool:
    """ "four regions of Ukraine", "Ukrainian regions": a location, not whom it is about."""
    head = node.head
    if node.dep_ in {"amod", "compound"} and head.lemma_ in PLACE_NOUNS:
        return True
    return node.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_ in PLACE_NOUNS


def _in_vote_group(token: Token, position: str) -> bool:
    verb = _subject_verb(token)
    if verb is None:
        return False
    if verb.lemma_ in {"be", "join"}:
        # "China and India were among those that abstained"; "Syria joined Russia in voting no"
        verb = next((t for t in verb.subtree if t.lemma_ in {"abstain", "vote"}), verb)
    if position == "abstain":
        return verb.lemma_ == "abstain"
    if verb.lemma_ == "veto":
        return position == "against"
    if verb.lemma_ != "vote":
        return False
    words = {c.lower_ for c in verb.subtree if c.i > verb.i}
    if position == "against":
        return bool(words & {"against", "no"})
    return bool(words & {"for", "favour", "favor", "yes"}) and not words & {"against", "no"}


def _agent_of_leading(token: Token) -> bool:
    """ "twenty countries led by Canada": the country that leads the group."""
    head = _lift(token).head
    return (
        _lift(token).dep_ == "pobj"
        and head.lower_ == "by"
        and head.head.lemma_ in {"lead", "head", "spearhead", "sponsor", "table", "draft"}
    )


def _modifies_anchor(token: Token, anchors: list[Anchor]) -> Anchor | None:
    by_index = {a.token.i: a for a in anchors}
    head = token.head
    if token.dep_ in {"compound", "amod", "poss", "nmod"} and head.i in by_index:
        return by_index[head.i]
    # "the one from Belarus", "a statement from Britain"
    if token.dep_ == "pobj" and head.lower_ == "from" and head.head.i in by_index:
        return by_index[head.head.i]
    if token.dep_ == "pobj" and head.lower_ == "from" and head.head.lower_ == "one":
        anchor = Anchor(head.head, "joint statement", definite=True)
        anchors.append(anchor)
        return anchor
    return None


def _in_list(token: Token) -> bool:
    node = _lift(token)
    for _ in range(5):
        if node.lemma_.lower() in LIST_MARKERS or node.lower_ in LIST_MARKERS:
            return True
        if node.head.i == node.i or node.dep_ in {"nsubj", "dobj"}:
            return node.dep_ == "dobj" and node.head.lemma_ in {"include", "comprise"}
        node = _lift(node.head)
    return False


def _possessor_of_person(token: Token) -> Token | None:
    """For "Britain's UN Ambassador Karen Pierce", the token of the person."""
    if token.dep_ not in {"poss", "compound", "amod"}:
        return None
    head = token.head
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head
    if head.ent_type_ == "PERSON":
        return head
    return None


def _person_name(token: Token) -> str:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end and ent.label_ == "PERSON":
            return ent.text
    return token.text


def _object_is_anchor(verb: Token, anchors: list[Anchor]) -> bool:
    anchor_ids = {a.token.i for a in anchors}
    return any(child.i in anchor_ids for child in verb.children if child.dep_ == "dobj")


def _is_leader(verb: Token) -> bool:
    return verb.lemma_ in {"lead", "table", "deliver", "read", "present", "submit"}
