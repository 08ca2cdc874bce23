"""One node per real thing across articles: statements, officials, quotes, events.

Mentions from each article are grouped into nodes; each node's IRI derives
from what it is (kind, date, leader, name, words), never from run order.

Articles are taken one at a time in article-id order, and a node keeps the facts
it is written with (the richest mention, the first title, the longest wording,
every confidence), not the mentions themselves: a build reads the extractions
back from disk (kg.spill). Only statements keep their mentions, slimmed to what
telling two reports apart reads (kg.statement_identity).

The nodes, the blocking keys of statements and quotations, and where each
article's mentions went are kept on shelves (kg.shelf): a scratch SQLite file in
a build, memory otherwise. Only the nodes in use are held, so resolving an archive
holds a bounded part of it; what stays in memory is one entry per end of an
official's name (`_Officials`).
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kg.blocking import MIN_INSIDE, QuoteIndex, StatementIndex
from kg.model import (
    DateValue,
    EventMention,
    Extraction,
    OfficialMention,
    OrganizationMention,
    Position,
    PositionKind,
    QuoteMention,
    Span,
    SpeakerRef,
    StatementMention,
)
from kg.shelf import Listed, Ranking, Shelf, Shelves
from kg.statement_identity import backers_of, same_statement
from kg.vocab import slug

PRECISION_RANK = {"day": 3, "week": 2, "month": 1, "year": 0}
PLACES_HELD = 256  # articles' placements held in memory: each is wanted by its article only
NOWHERE = Span(0, 0)  # in place of the offsets a node never reads


@dataclass
class StatementNode:
    slug: str
    mentions: list[StatementMention] = field(default_factory=list)  # slimmed: see _slim
    articles: list[str] = field(default_factory=list)  # the article of each mention

    @property
    def best(self) -> StatementMention:
        """The mention that says the most: most members, then a deliverer, then a date."""
        return max(self.mentions, key=_richness)

    def first_value(self, attribute: str):
        values = [getattr(m, attribute) for m in self.mentions]
        ranked = sorted((v for v in values if v is not None), key=lambda v: -_value_rank(v))
        return ranked[0] if ranked else None


@dataclass
class Mentioned:
    """How often a node was mentioned, in which article last, and the doubt its mentions'
    confidences leave (kg.graph.combined, kept as they come: a node of an archive may be
    mentioned a hundred thousand times, and its mentions are not held)."""

    mentions: int = 0
    last_article: str = ""
    doubt: float = 1.0

    def mentioned(self, article_id: str, confidence: float | None = None) -> None:
        self.mentions += 1
        self.last_article = article_id
        if confidence is not None:
            self.doubt = doubted(self.doubt, confidence)

    @property
    def confidence(self) -> float:
        """1 - the doubt: the chance that not all its mentions are wrong."""
        return 1.0 - self.doubt


def doubted(doubt: float, confidence: float) -> float:
    """The doubt left once one more piece of evidence, this sure, is taken in."""
    return doubt * (1.0 - max(0.0, min(1.0, confidence)))


@dataclass
class OfficialNode(Mentioned):
    slug: str = ""
    name: str = ""
    # the first title, body and country its mentions give, in the order they came
    title: str | None = None
    organization: str | None = None
    country: str | None = None

    def attribute(self, name: str):
        return getattr(self, name)

    @property
    def side(self) -> str | None:
        return self.organization or self.country

    def add(self, article_id: str, mention: OfficialMention) -> None:
        self.mentioned(article_id)
        for attribute in ("title", "organization", "country"):
            if getattr(self, attribute) is None and getattr(mention, attribute):
                setattr(self, attribute, getattr(mention, attribute))


# Who said a quotation, as a node: ("person", slug), ("country", ISO3),
# ("organization", slug) or ("statement", the statement's number until slugs are made).
NodeRef = tuple[str, str | int]


@dataclass
class QuoteNode(Mentioned):
    digest: str = ""
    number: int = 0  # in the order the nodes were made (kg.blocking.QuoteIndex)
    speaker: tuple[str, str] | None = None  # who said it, comparable across articles
    wordings: list[str] = field(default_factory=list, repr=False)  # its distinct quote_words
    best: QuoteMention | None = None  # the longest mention (the first of the longest)
    said_by: NodeRef | None = None  # the best mention's speaker and reporter, as nodes
    reported_by: NodeRef | None = None


@dataclass
class EventNode(Mentioned):
    slug: str = ""
    first: EventMention | None = None
    statement: str | None = None  # slug of the statement made at this event


@dataclass(frozen=True, slots=True)
class Placed:
    """The node of each mention of one article, by its place in the extraction's lists."""

    statements: tuple[int, ...]  # statement numbers: Resolution.statement_slugs
    officials: tuple[str, ...]
    quotes: tuple[str | None, ...]  # None: a quotation with no words is no node
    events: tuple[str, ...] = ()


@dataclass
class Resolution:
    """The nodes, each kind in its order (statements by where they were first reported,
    the others by slug or digest), read from their shelves as they are gone through."""

    statements: Listed[StatementNode]
    officials: Listed[OfficialNode]
    organizations: dict[str, OrganizationMention]
    quotes: Listed[QuoteNode]
    events: Listed[EventNode]
    placed: Shelf[Placed]  # article id -> where its mentions went
    statement_slugs: Ranking  # statement number -> slug
    owned: Shelves | None = None  # shelves made for this resolution alone

    def statements_in(self, article_id: str) -> tuple[str, ...]:
        """The slug of each statement mention of the article, in its extraction's order."""
        return tuple(map(self.statement_slugs.name_of, self.placed[article_id].statements))

    def officials_in(self, article_id: str) -> tuple[str, ...]:
        return self.placed[article_id].officials

    def quotes_in(self, article_id: str) -> tuple[str | None, ...]:
        return self.placed[article_id].quotes

    def events_in(self, article_id: str) -> tuple[str, ...]:
        return self.placed[article_id].events

    def node_ref(self, ref: NodeRef | None) -> tuple[str, str] | None:
        """A speaker as (kind, key) with the statement's slug in place of its number."""
        if ref is not None and ref[0] == "statement":
            return ("statement", self.statement_slugs.name_of(int(ref[1])))
        return ref  # type: ignore[return-value]

    def clear(self) -> None:
        """Let go of every node and placement: a build empties its resolution once the
        graph is written, while its caller still holds it. Shelves lent by the caller
        stay open, for the caller to close."""
        self.organizations.clear()
        if self.owned is not None:
            self.owned.close()


def resolve(extractions: Sequence[Extraction]) -> Resolution:
    """Group every article's mentions into nodes, one per real thing (kept in memory)."""
    ordered = sorted(extractions, key=lambda e: e.article.id)
    return resolve_in_order(lambda: ordered)


def resolve_in_order(
    read: Callable[[], Iterable[Extraction]], shelves: Shelves | None = None
) -> Resolution:
    """Resolve extractions that `read()` gives by article id, one at a time; it is called
    twice, as events are placed once every statement has its slug. The nodes are kept
    on `shelves` (a build's scratch file), else in memory."""
    owned = None
    if shelves is None:
        shelves = owned = Shelves.in_memory()
    resolver = _Resolver(shelves)
    for ex in read():
        resolver.article(ex)
    resolution = resolver.resolution()
    resolution.owned = owned
    events: Shelf[EventNode] = shelves.shelf("events")
    for ex in read():
        _place_events(ex, resolution, events)
    resolution.events = Listed(events.values, len(events))
    return resolution


class _Resolver:
    """Nodes made article by article, in article-id order."""

    def __init__(self, shelves: Shelves) -> None:
        self.groups: Shelf[StatementNode] = shelves.shelf("statements")  # by number
        self.ranking = Ranking(shelves, "statement_order")  # where each was first; slugs
        self.statement_index = StatementIndex(shelves.index("statement_keys"))
        self.officials = _Officials(shelves.shelf("officials"))
        self.organizations: dict[str, OrganizationMention] = {}
        self.quotes: Shelf[QuoteNode] = shelves.shelf("quotes")  # by digest
        self.quote_index = QuoteIndex(shelves.index("quote_keys"))  # by number
        self.quote_digests: Shelf[str] = shelves.shelf("quote_digests")  # number -> digest
        self.suffixes: Shelf[int] = shelves.shelf("quote_suffixes")  # digest -> nodes made
        self.placed: Shelf[Placed] = shelves.shelf("placed", held=PLACES_HELD)

    def article(self, ex: Extraction) -> None:
        article_id = sys.intern(ex.article.id)  # one copy, however many nodes name it
        numbers = tuple(self.statement(article_id, m) for m in ex.statements)
        people = self.people(article_id, ex.officials)
        for org in ex.organizations:
            self.organizations.setdefault(org.slug, replace(org, span=None))
        by_key = official_keys(ex.officials, people)
        statement_of = {m.local_id: n for m, n in zip(ex.statements, numbers, strict=True)}
        quotes = tuple(self.quote(article_id, q, by_key, statement_of) for q in ex.quotes)
        self.placed.add(article_id, Placed(numbers, people, quotes))

    # ------------------------------------------------------------ statements
    def statement(self, article_id: str, mention: StatementMention) -> int:
        groups = self.groups
        number = next(
            (
                n
                for n in self.statement_index.candidates(mention)
                if self._joins(n, article_id, mention)
            ),
            None,
        )
        if number is None:
            number = len(groups)
            groups.add(number, StatementNode(""))
            self.ranking.add(number, article_id, mention.span.start)
        node = groups[number]
        node.mentions.append(_slim(mention))
        node.articles.append(article_id)
        self.statement_index.add(number, mention)
        return number

    def _joins(self, number: int, article_id: str, mention: StatementMention) -> bool:
        node = self.groups[number]
        # Within an article the extractor already told its statements apart.
        return node.articles[-1] != article_id and same_statement(node.mentions, mention)

    # ------------------------------------------------------------ officials
    def people(self, article_id: str, officials: list[OfficialMention]) -> tuple[str, ...]:
        """One node per person: the same full name, unless they speak for different states.

        A lone family name ("Zhang", "Pierce": first or last, as naming customs
        differ) joins the one known person of that name who speaks for the same
        side; two people sharing a family name stay apart.
        """
        slugs: list[str] = [""] * len(officials)
        for place, mention in longest_first(officials):
            node = self.officials.node_for(mention)
            node.add(article_id, mention)
            slugs[place] = node.slug
        return tuple(slugs)

    # ------------------------------------------------------------ quotes
    def quote(
        self,
        article_id: str,
        quote: QuoteMention,
        people: dict[str, str],
        statements: dict[str, int],
    ) -> str | None:
        """One node per quotation: its own words in one article, or the same words in several.

        Two places in one article are two quotations (a headline and the body, a
        fragment and the sentence it came from), each with its own offsets. Across
        articles the words must match (or one report hold the other, 40 characters
        at least) and the speakers must not clash.
        """
        words = quote_words(quote.text)
        if not words:
            return None
        speaker = _speaker_identity(quote.speaker, people)
        numbers = self.quote_index.candidates(words, speaker)
        candidates = (self.quotes[self.quote_digests[number]] for number in numbers)
        match = next(
            (n for n in candidates if _same_quotation(n, article_id, words, speaker)), None
        )
        if match is None:
            digest = _free_digest(quote_digest(quote.text), self.suffixes)
            number = len(self.quote_digests)
            self.quote_digests.add(number, digest)
            match = self.quotes.add(
                digest, QuoteNode(digest=digest, number=number, speaker=speaker)
            )
        match.mentioned(article_id, quote.confidence)
        if match.best is None or len(quote.text) > len(match.best.text):
            match.best = replace(quote, cue=None)
            match.said_by = _as_node(quote.speaker, people, statements)
            match.reported_by = _as_node(quote.via, people, statements)
        match.speaker = match.speaker or speaker
        if words not in match.wordings:
            match.wordings.append(words)
            self.quote_index.add(match.number, words, match.speaker)
        return match.digest

    # ------------------------------------------------------------ the nodes
    def resolution(self) -> Resolution:
        """The nodes, statements named now that every report of them is known."""
        groups, ranking = self.groups, self.ranking
        ranking.rank()
        for number in ranking.ranked():
            node = groups[number]
            node.slug = _unique(_statement_slug(node.mentions), ranking.taken)
            ranking.name(number, node.slug)
        officials = self.officials.by_slug
        return Resolution(
            statements=Listed(lambda: map(groups.peek, ranking.ranked()), len(groups)),
            officials=Listed(officials.values, len(officials)),
            organizations=self.organizations,
            quotes=Listed(self.quotes.values, len(self.quotes)),
            events=Listed(iter, 0),
            placed=self.placed,
            statement_slugs=ranking,
        )


def _slim(mention: StatementMention) -> StatementMention:
    """A statement mention as a node keeps it: what tells reports apart and what the
    node is written with, without its offsets, evidence and rules."""
    return replace(
        mention,
        span=NOWHERE,
        references=(),
        positions=tuple(map(_slim_position, mention.positions)),
        groups=tuple(replace(g, evidence=NOWHERE, rule="") for g in mention.groups),
        date=None if mention.date is None else replace(mention.date, span=None),
    )


def _slim_position(position: Position) -> Position:
    """A country's place on a statement without its evidence: the same few (country,
    side, confidence) recur across an archive, and each is held once."""
    return _position(position.iso3, position.kind, position.confidence)


@lru_cache(maxsize=4096)
def _position(iso3: str, kind: str, confidence: float) -> Position:
    return Position(iso3, PositionKind(kind), NOWHERE, confidence)


def _richness(mention: StatementMention) -> tuple:
    return (
        len(backers_of(mention)),
        mention.delivered_by is not None,
        mention.date is not None and mention.date.resolved,
        mention.local_id,
    )


def _value_rank(value) -> int:
    if isinstance(value, DateValue):
        return PRECISION_RANK.get(value.precision, 0)
    return 0


def _statement_slug(mentions: list[StatementMention]) -> str:
    """when-kind-stance-target: facts that later reports of it do not change.

    Backers grow as more outlets report a statement, so they name it only
    when it takes no stance toward anyone.
    """
    dates = [m.date for m in mentions if m.date is not None and m.date.start is not None]
    dates.sort(key=lambda d: -PRECISION_RANK.get(d.precision, 0))
    when = _date_slug(dates[0]) if dates else "undated"
    kind = next((m.kind for m in mentions if m.kind == "resolution"), mentions[0].kind)
    stance = next((m for m in mentions if m.stance and m.target), None)
    tally = next((m for m in mentions if m.declared_against is not None), None)
    if stance is not None:
        about = f"{stance.stance}-of-{stance.target}"
    elif tally is not None:
        venue = next((m.venue for m in mentions if m.venue), "")
        about = f"{venue}-{tally.declared_count}-{tally.declared_against}"
    else:
        leader = next((m.delivered_by for m in mentions if m.delivered_by), None)
        backers = sorted(set().union(*(backers_of(m) for m in mentions)))
        about = leader or "-".join(backers[:2]) or "unknown"
    return slug(f"{when}-{kind}-{about}")


def _date_slug(value: DateValue) -> str:
    start = value.start
    assert start is not None
    if value.precision == "year":
        return f"{start.year}"
    if value.precision == "month":
        return f"{start.year}-{start.month:02d}"
    return start.isoformat()


def _unique(candidate: str, taken: Callable[[str], bool]) -> str:
    name, n = candidate, 2
    while taken(name):
        name = f"{candidate}-{n}"
        n += 1
    return name


# ---------------------------------------------------------------- officials
def longest_first(officials: list[OfficialMention]) -> list[tuple[int, OfficialMention]]:
    """An article's officials with their places, full names before lone family names."""
    return sorted(enumerate(officials), key=lambda pair: -len(pair[1].name.split()))


def official_keys(officials: list[OfficialMention], slugs: Sequence[str]) -> dict[str, str]:
    """Each official key of one article (a name as first written) -> its person's slug."""
    return {mention.key: slugs[place] for place, mention in longest_first(officials)}


class _Officials:
    """Official nodes by slug, and their slugs by each end of their names."""

    def __init__(self, by_slug: Shelf[OfficialNode]) -> None:
        self.by_slug = by_slug
        self.by_name_end: dict[str, list[str]] = {}

    def node_for(self, mention: OfficialMention) -> OfficialNode:
        side = mention.organization or mention.country
        if len(mention.name.split()) == 1:
            same_surname = [
                key for key in self.by_name_end.get(mention.name, ())
                if self.by_slug[key].side in (None, side)
            ]  # fmt: skip
            if len(same_surname) == 1:
                return self.by_slug[same_surname[0]]
        key = slug(mention.name)
        node = self.by_slug.get(key)
        if node is not None and side and node.side not in (None, side):
            key = slug(f"{mention.name} {side}")
            node = self.by_slug.get(key)
        if node is None:
            node = self.by_slug.add(key, OfficialNode(slug=key, name=mention.name))
            parts = mention.name.split()
            for end in dict.fromkeys((parts[0], parts[-1])):
                self.by_name_end.setdefault(end, []).append(key)
        return node


# ---------------------------------------------------------------- quotes
def quote_words(text: str) -> str:
    """The quoted words with marks, accents, case and spacing normalised."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u2018\u2019\u201a\u201b`´]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e\u201f\"«»]", "", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" .,;:").casefold()


def quote_digest(text: str) -> str:
    return hashlib.sha256(quote_words(text).encode("utf-8")).hexdigest()[:16]


def _speaker_identity(ref: SpeakerRef | None, people: dict[str, str]) -> tuple[str, str] | None:
    """Who spoke, comparable across articles (statements are compared by kind only)."""
    if ref is None:
        return None
    if ref.kind == "official":
        return ("official", people.get(ref.key, ref.key))
    if ref.kind == "statement":
        return ("statement", "")
    return (ref.kind, ref.key)


def _as_node(
    ref: SpeakerRef | None, people: dict[str, str], statements: dict[str, int]
) -> NodeRef | None:
    """A speaker or reporter as the node the graph names: None when it is no node."""
    if ref is None:
        return None
    if ref.kind == "official":
        person = people.get(ref.key)
        return ("person", person) if person else None
    if ref.kind in ("country", "organization"):
        return (ref.kind, ref.key)
    if ref.kind == "statement" and ref.key in statements:
        return ("statement", statements[ref.key])
    return None


def _free_digest(digest: str, suffixes: Shelf[int]) -> str:
    """The same words said in another place or by another speaker get a node of their own:
    the digest, then digest-2, digest-3, ... in the order the nodes are made (counted, not
    probed: a line read out by thousands of envoys would make probing grow with its square)."""
    count = (suffixes.get(digest) or 0) + 1
    suffixes.put(digest, count)
    return digest if count == 1 else f"{digest}-{count}"


def _same_quotation(
    node: QuoteNode, article_id: str, words: str, speaker: tuple[str, str] | None
) -> bool:
    if node.last_article == article_id:  # articles come in order: its last is the only test
        return False
    if speaker and node.speaker and speaker != node.speaker:
        return False
    for other in node.wordings:
        shorter, longer = sorted((other, words), key=len)
        if other == words or (len(shorter) >= MIN_INSIDE and shorter in longer):
            return True
    return False


# ---------------------------------------------------------------- events
def _place_events(ex: Extraction, resolution: Resolution, nodes: Shelf[EventNode]) -> None:
    """Events of one type and date: one node per participants, or per statement made there.

    Outlets name different participants for the same session; the statement made at
    it is what they share, so events linked to one statement are one event.
    """
    article_id = sys.intern(ex.article.id)
    slugs = resolution.statements_in(article_id)
    statement_of = {m.local_id: s for m, s in zip(ex.statements, slugs, strict=True)}
    keys: list[str] = []
    for event in ex.events:
        statement = next((m for m in ex.statements if made_at(m, event)), None)
        at = statement_of.get(statement.local_id) if statement else None
        key = _event_slug(event, at)
        node = nodes.get(key)
        if node is None:
            slim = replace(event, date=replace(event.date, span=None), participants=())
            node = nodes.add(key, EventNode(slug=key, first=slim, statement=at))
        node.mentioned(article_id, event.confidence)
        keys.append(key)
    placed = resolution.placed
    placed.put(article_id, replace(placed[article_id], events=tuple(keys)))


STATEMENT_EVENTS = {"statement", "vote", "session", "side-event", "speech", "meeting", "summit"}


def made_at(statement: StatementMention, event: EventMention) -> bool:
    """The event a statement was made at: spoken of in its sentences, on its day."""
    sentences = (statement.span, *statement.references)
    inside = any(r.start <= event.span.start < r.end for r in sentences)
    date = statement.date
    same_day = date is not None and event.date.start == date.start
    return inside and same_day and event.event_type in STATEMENT_EVENTS


def _event_slug(event: EventMention, statement: str | None) -> str:
    when = _date_slug(event.date) if event.date.start else slug(event.date.expression)
    if statement is not None:
        return slug(f"{event.event_type}-of-{statement}")
    who = "-".join(sorted(p for p in event.participants if re.fullmatch(r"[A-Z]{3}", p))[:3])
    return slug(f"{when}-{event.event_type}-{who or event.label[:40]}")
