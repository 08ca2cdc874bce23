"""One node per real thing across articles: statements, officials, quotes, events.

Mentions from each article are grouped into nodes; each node's IRI derives
from what it is (kind, date, leader, name, words), never from run order.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from kg.blocking import MIN_INSIDE, SpokenQuoteIndex, StatementIndex
from kg.model import (
    DateValue,
    EventMention,
    Extraction,
    OfficialMention,
    OrganizationMention,
    QuoteMention,
    SpeakerRef,
    StatementMention,
)
from kg.statement_identity import backers_of, same_statement
from kg.vocab import slug

PRECISION_RANK = {"day": 3, "week": 2, "month": 1, "year": 0}


@dataclass
class StatementNode:
    slug: str
    mentions: list[tuple[str, StatementMention]] = field(default_factory=list)

    @property
    def best(self) -> StatementMention:
        """The mention that says the most: most members, then a deliverer, then a date."""
        return max((m for _, m in self.mentions), key=_richness)

    def first_value(self, attribute: str):
        values = [getattr(m, attribute) for _, m in self.mentions]
        ranked = sorted((v for v in values if v is not None), key=lambda v: -_value_rank(v))
        return ranked[0] if ranked else None


@dataclass
class OfficialNode:
    slug: str
    name: str
    mentions: list[tuple[str, OfficialMention]] = field(default_factory=list)

    def attribute(self, name: str):
        for _, mention in self.mentions:
            value = getattr(mention, name)
            if value:
                return value
        return None


@dataclass
class QuoteNode:
    digest: str
    mentions: list[tuple[str, QuoteMention]] = field(default_factory=list)
    speaker: tuple[str, str] | None = None
    wordings: list[str] = field(default_factory=list, repr=False)  # its distinct quote_words
    articles: set[str] = field(default_factory=set, repr=False)

    @property
    def best(self) -> tuple[str, QuoteMention]:
        return max(self.mentions, key=lambda pair: len(pair[1].text))


@dataclass
class EventNode:
    slug: str
    mentions: list[tuple[str, EventMention]] = field(default_factory=list)
    statement: str | None = None  # slug of the statement made at this event


@dataclass
class Resolution:
    statements: list[StatementNode]
    officials: list[OfficialNode]
    organizations: dict[str, OrganizationMention]
    quotes: list[QuoteNode]
    events: list[EventNode]
    statement_of: dict[tuple[str, str], str]  # (article id, local id) -> slug
    official_of: dict[tuple[str, str], str]  # (article id, key) -> slug
    # (article id, place in the extraction's list) -> the node of that mention
    official_at: dict[tuple[str, int], str] = field(default_factory=dict)
    quote_at: dict[tuple[str, int], str] = field(default_factory=dict)  # -> digest
    event_at: dict[tuple[str, int], str] = field(default_factory=dict)

    def clear(self) -> None:
        """Let go of every node and mapping: a build empties its resolution once the graph
        is written, while its caller still holds it."""
        for held in (self.statements, self.officials, self.organizations, self.quotes,
                     self.events, self.statement_of, self.official_of, self.official_at,
                     self.quote_at, self.event_at):  # fmt: skip
            held.clear()


def resolve(extractions: list[Extraction]) -> Resolution:
    """Group every article's mentions into nodes, one per real thing."""
    statements, statement_of = _resolve_statements(extractions)
    officials, official_of, official_at = _resolve_officials(extractions)
    organizations: dict[str, OrganizationMention] = {}
    for ex in extractions:
        for org in ex.organizations:
            organizations.setdefault(org.slug, org)
    quotes, quote_at = _resolve_quotes(extractions, official_of)
    events, event_at = _resolve_events(extractions, statement_of)
    return Resolution(
        statements=statements,
        officials=officials,
        organizations=organizations,
        quotes=quotes,
        events=events,
        statement_of=statement_of,
        official_of=official_of,
        official_at=official_at,
        quote_at=quote_at,
        event_at=event_at,
    )


# ---------------------------------------------------------------- statements
def _resolve_statements(
    extractions: list[Extraction],
) -> tuple[list[StatementNode], dict[tuple[str, str], str]]:
    groups: list[list[tuple[str, StatementMention]]] = []
    index = StatementIndex()
    for ex in sorted(extractions, key=lambda e: e.article.id):
        for mention in ex.statements:
            # Within an article the extractor already told its statements apart.
            others = (n for n in index.candidates(mention) if _elsewhere(groups[n], ex.article.id))
            number = next((n for n in others if same_statement(groups[n], mention)), None)
            if number is None:
                number = len(groups)
                groups.append([])
            groups[number].append((ex.article.id, mention))
            index.add(number, mention)
    nodes: list[StatementNode] = []
    statement_of: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    for group in sorted(groups, key=_group_sort_key):
        node = StatementNode(_unique(_statement_slug(group), taken), group)
        nodes.append(node)
        for article_id, mention in group:
            statement_of[(article_id, mention.local_id)] = node.slug
    return nodes, statement_of


def _elsewhere(group: list[tuple[str, StatementMention]], article_id: str) -> bool:
    return all(a != article_id for a, _ in group)


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


def _group_sort_key(group: list[tuple[str, StatementMention]]) -> tuple:
    article_id, mention = group[0]
    return (article_id, mention.span.start)


def _statement_slug(group: list[tuple[str, StatementMention]]) -> str:
    """when-kind-stance-target: facts that later reports of it do not change.

    Backers grow as more outlets report a statement, so they name it only
    when it takes no stance toward anyone.
    """
    mentions = [m for _, m in group]
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


def _unique(candidate: str, taken: set[str]) -> str:
    name, n = candidate, 2
    while name in taken:
        name = f"{candidate}-{n}"
        n += 1
    taken.add(name)
    return name


# ---------------------------------------------------------------- officials
def _resolve_officials(
    extractions: list[Extraction],
) -> tuple[list[OfficialNode], dict[tuple[str, str], str], dict[tuple[str, int], str]]:
    """One node per person: the same full name, unless they speak for different states.

    A lone family name ("Zhang", "Pierce": first or last, as naming customs
    differ) joins the one known person of that name who speaks for the same
    side; two people sharing a family name stay apart.
    """
    nodes = _Officials()
    official_of: dict[tuple[str, str], str] = {}
    official_at: dict[tuple[str, int], str] = {}
    for ex in sorted(extractions, key=lambda e: e.article.id):
        longest_first = sorted(enumerate(ex.officials), key=lambda pair: -len(pair[1].name.split()))
        for place, mention in longest_first:
            node = nodes.node_for(mention)
            nodes.add(node, ex.article.id, mention)
            official_of[(ex.article.id, mention.key)] = node.slug
            official_at[(ex.article.id, place)] = node.slug
    return sorted(nodes.by_slug.values(), key=lambda n: n.slug), official_of, official_at


class _Officials:
    """Official nodes by slug and by each end of their names, with the side each speaks for."""

    def __init__(self) -> None:
        self.by_slug: dict[str, OfficialNode] = {}
        self.by_name_end: dict[str, list[OfficialNode]] = {}
        self.firsts: dict[str, dict[str, str]] = {}  # slug -> first organization, country

    def side(self, node: OfficialNode) -> str | None:
        first = self.firsts.get(node.slug, {})
        return first.get("organization") or first.get("country")

    def add(self, node: OfficialNode, article_id: str, mention: OfficialMention) -> None:
        node.mentions.append((article_id, mention))
        first = self.firsts.setdefault(node.slug, {})
        for attribute in ("organization", "country"):
            value = getattr(mention, attribute)
            if value and attribute not in first:
                first[attribute] = value

    def node_for(self, mention: OfficialMention) -> OfficialNode:
        side = mention.organization or mention.country
        if len(mention.name.split()) == 1:
            same_surname = [
                n for n in self.by_name_end.get(mention.name, ())
                if self.side(n) in (None, side)
            ]  # fmt: skip
            if len(same_surname) == 1:
                return same_surname[0]
        key = slug(mention.name)
        node = self.by_slug.get(key)
        if node is not None and side and self.side(node) not in (None, side):
            key = slug(f"{mention.name} {side}")
            node = self.by_slug.get(key)
        if node is None:
            node = self.by_slug[key] = OfficialNode(key, mention.name)
            parts = mention.name.split()
            for end in dict.fromkeys((parts[0], parts[-1])):
                self.by_name_end.setdefault(end, []).append(node)
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


def _resolve_quotes(
    extractions: list[Extraction], official_of: dict[tuple[str, str], str]
) -> tuple[list[QuoteNode], dict[tuple[str, int], str]]:
    """One node per quotation: its own words in one article, or the same words in several.

    Two places in one article are two quotations (a headline and the body, a
    fragment and the sentence it came from), each with its own offsets. Across
    articles the words must match (or one report hold the other, 40 characters
    at least) and the speakers must not clash.
    """
    nodes: dict[str, QuoteNode] = {}
    quote_at: dict[tuple[str, int], str] = {}
    index: SpokenQuoteIndex[QuoteNode] = SpokenQuoteIndex()
    suffixes: dict[str, int] = {}  # digest -> how many nodes its words have had
    for ex in sorted(extractions, key=lambda e: e.article.id):
        for place, quote in enumerate(ex.quotes):
            words = quote_words(quote.text)
            if not words:
                continue
            speaker = _speaker_identity(ex.article.id, quote.speaker, official_of)
            match = next(
                (
                    n
                    for n in index.candidates(words, speaker)
                    if _same_quotation(n, ex.article.id, words, speaker)
                ),
                None,
            )
            if match is None:
                digest = _free_digest(quote_digest(quote.text), suffixes)
                match = nodes.setdefault(digest, QuoteNode(digest, speaker=speaker))
            match.mentions.append((ex.article.id, quote))
            quote_at[(ex.article.id, place)] = match.digest
            match.articles.add(ex.article.id)
            match.speaker = match.speaker or speaker
            if words not in match.wordings:
                match.wordings.append(words)
                index.add(match, words, match.speaker)
    return sorted(nodes.values(), key=lambda n: n.digest), quote_at


def _speaker_identity(
    article_id: str, ref: SpeakerRef | None, official_of: dict[tuple[str, str], str]
) -> tuple[str, str] | None:
    """Who spoke, comparable across articles (statements are compared by kind only)."""
    if ref is None:
        return None
    if ref.kind == "official":
        return ("official", official_of.get((article_id, ref.key), ref.key))
    if ref.kind == "statement":
        return ("statement", "")
    return (ref.kind, ref.key)


def _free_digest(digest: str, suffixes: dict[str, int]) -> str:
    """The same words said in another place or by another speaker get a node of their own:
    the digest, then digest-2, digest-3, ... in the order the nodes are made."""
    count = suffixes[digest] = suffixes.get(digest, 0) + 1
    return digest if count == 1 else f"{digest}-{count}"


def _same_quotation(
    node: QuoteNode, article_id: str, words: str, speaker: tuple[str, str] | None
) -> bool:
    if article_id in node.articles:
        return False
    if speaker and node.speaker and speaker != node.speaker:
        return False
    for other in node.wordings:
        shorter, longer = sorted((other, words), key=len)
        if other == words or (len(shorter) >= MIN_INSIDE and shorter in longer):
            return True
    return False


# ---------------------------------------------------------------- events
def _resolve_events(
    extractions: list[Extraction], statement_of: dict[tuple[str, str], str]
) -> tuple[list[EventNode], dict[tuple[str, int], str]]:
    """Events of one type and date: one node per participants, or per statement made there.

    Outlets name different participants for the same session; the statement made at
    it is what they share, so events linked to one statement are one event.
    """
    nodes: dict[str, EventNode] = {}
    event_at: dict[tuple[str, int], str] = {}
    for ex in sorted(extractions, key=lambda e: e.article.id):
        for place, event in enumerate(ex.events):
            statement = next((m for m in ex.statements if made_at(m, event)), None)
            at = statement_of.get((ex.article.id, statement.local_id)) if statement else None
            key = _event_slug(event, at)
            node = nodes.setdefault(key, EventNode(key, statement=at))
            node.mentions.append((ex.article.id, event))
            event_at[(ex.article.id, place)] = key
    return sorted(nodes.values(), key=lambda n: n.slug), event_at


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
