"""Typed values passed between pipeline stages: articles, mentions, extractions."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import TypeVar

T = TypeVar("T")


class KgError(Exception):
    """An error the user can cause (bad file, bad query); the CLI prints it as one line."""


def quick_pickling(cls: type[T]) -> type[T]:
    """A frozen, slotted dataclass pickled as a tuple of its fields' values.

    Extractions go to and from disk and between processes several times a build, and
    the dataclass's own pickling looks its fields up on every value: this looks them
    up once, and pickling takes half the time."""
    names = tuple(f.name for f in fields(cls))
    values = operator.attrgetter(*names)
    setter = object.__setattr__

    def __getstate__(self) -> tuple:
        state = values(self)
        return state if len(names) > 1 else (state,)

    def __setstate__(self, state: tuple) -> None:
        for name, value in zip(names, state, strict=True):
            setter(self, name, value)

    cls.__getstate__ = __getstate__
    cls.__setstate__ = __setstate__
    return cls


class PositionKind(StrEnum):
    """A country's position on a statement: it backed it, voted against it, abstained."""

    BACKED = "backed"
    AGAINST = "against"
    ABSTAINED = "abstained"
    OPPOSED = "opposed"  # answered it from the other side: rejected, dismissed, condemned it


class Stance(StrEnum):
    """A statement's position toward its target."""

    CRITICAL = "critical"
    SUPPORTIVE = "supportive"
    NEUTRAL = "neutral"


class SpeakerKind(StrEnum):
    """Who a quote's speaker is: an official, a country, an organisation or a statement."""

    OFFICIAL = "official"
    COUNTRY = "country"
    ORGANIZATION = "organization"
    STATEMENT = "statement"


class StatementKind(StrEnum):
    """The kinds of collective position the extractor tells apart (kg/lang/*/statement_nouns.csv
    names them by the words of each language)."""

    JOINT_STATEMENT = "joint statement"
    STATEMENT = "statement"  # one government's own
    LETTER = "letter"
    DECLARATION = "declaration"
    COMMUNIQUE = "communique"
    RESOLUTION = "resolution"
    VOTE = "vote"
    SIDE_EVENT = "side event"
    LEGAL_CASE = "legal case"


def _as_kind(holder: object, name: str, kind: type[StrEnum]) -> None:
    """Turn a field given as its string value into the enum member (unknown values fail)."""
    value = getattr(holder, name)
    if value is not None and not isinstance(value, kind):
        object.__setattr__(holder, name, kind(value))


@quick_pickling
@dataclass(frozen=True, order=True, slots=True)
class Span:
    """Character offsets [start, end) into Article.text, as read from disk."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")


@quick_pickling
@dataclass(frozen=True, slots=True)
class Article:
    """One news article. `text` is exactly what was read; `masked` marks boilerplate."""

    id: str
    text: str
    source: str
    title: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None
    language: str | None = None
    masked: tuple[Span, ...] = ()

    def clean_text(self) -> str:
        """The text with boilerplate blanked out; same length, so offsets still hold."""
        if not self.masked:
            return self.text
        chars = list(self.text)
        for span in self.masked:
            for i in range(span.start, span.end):
                if chars[i] != "\n":
                    chars[i] = " "
        return "".join(chars)


@quick_pickling
@dataclass(frozen=True, slots=True)
class DateValue:
    """A resolved (or knowingly unresolved) date expression.

    `start` is the first day the expression covers; `end` the last day for a
    span (a week, "Nov. 16-17"). `precision` is "day", "week", "month" or
    "year". An expression that cannot be resolved (a relative date in an
    article with no publication date) has start None and keeps its words.
    """

    expression: str
    precision: str
    start: dt.date | None = None
    end: dt.date | None = None
    span: Span | None = None

    @property
    def resolved(self) -> bool:
        return self.start is not None


@quick_pickling
@dataclass(frozen=True, slots=True)
class CountryMention:
    iso3: str
    text: str
    span: Span
    form: str = "name"  # name | adjective | capital | possessive | demonym


@quick_pickling
@dataclass(frozen=True, slots=True)
class Position:
    """One country's position on a statement, with the sentence that says so."""

    iso3: str
    kind: PositionKind
    evidence: Span
    confidence: float
    rule: str = ""  # the name of the rule that found it (kg/extract/roles.py and coalitions.py)

    def __post_init__(self) -> None:
        _as_kind(self, "kind", PositionKind)


@quick_pickling
@dataclass(frozen=True, slots=True)
class GroupBacking:
    """A group of states backing a statement as the text names it ("the EU", "ASEAN"),
    never expanded into members the text does not name."""

    slug: str  # kg/reference/groups.csv
    label: str
    evidence: Span
    confidence: float
    rule: str = ""


@quick_pickling
@dataclass(frozen=True, slots=True)
class StatementMention:
    """A collective position (joint statement, letter, resolution, vote) in one article."""

    local_id: str
    kind: StatementKind
    span: Span
    label: str
    venue: str | None = None
    date: DateValue | None = None
    positions: tuple[Position, ...] = ()
    delivered_by: str | None = None
    delivered_by_person: str | None = None  # key of an OfficialMention
    declared_count: int | None = None
    declared_minimum: int | None = None
    declared_against: int | None = None
    declared_abstentions: int | None = None
    stance: Stance | None = None
    target: str | None = None  # ISO3
    counters: str | None = None  # local_id of the statement answered
    confidence: float = 0.8
    references: tuple[Span, ...] = ()  # every sentence that speaks of it, in order
    groups: tuple[GroupBacking, ...] = ()  # groups of states behind it, as named

    def __post_init__(self) -> None:
        _as_kind(self, "kind", StatementKind)
        _as_kind(self, "stance", Stance)


@quick_pickling
@dataclass(frozen=True, slots=True)
class OfficialMention:
    """A person acting in an official role, as introduced in one article."""

    key: str  # full name as first written, the article-local identity
    name: str
    span: Span
    title: str | None = None
    country: str | None = None  # ISO3 of whom they represent
    organization: str | None = None  # slug of the body they represent
    confidence: float = 0.8


@quick_pickling
@dataclass(frozen=True, slots=True)
class OrganizationMention:
    slug: str
    label: str
    span: Span | None = None
    part_of: str | None = None  # slug
    country: str | None = None  # ISO3 the body belongs to (a foreign ministry)


@quick_pickling
@dataclass(frozen=True, slots=True)
class SpeakerRef:
    """Who said a quote: an official (by key), a country, an organisation or a statement."""

    kind: SpeakerKind
    key: str  # a statement's local_id once the article's statements are known

    def __post_init__(self) -> None:
        _as_kind(self, "kind", SpeakerKind)


@quick_pickling
@dataclass(frozen=True, slots=True)
class QuoteMention:
    text: str
    span: Span
    speaker: SpeakerRef | None
    partial: bool = False
    via: SpeakerRef | None = None  # the document or body that reported the words
    cue: Span | None = None
    confidence: float = 0.7
    rule: str = ""  # the rule that named the speaker (kg/extract/quotes.py, fallbacks.py)


@quick_pickling
@dataclass(frozen=True, slots=True)
class EventMention:
    label: str
    event_type: str
    span: Span
    date: DateValue
    participants: tuple[str, ...] = ()  # ISO3 codes or official keys
    venue: str | None = None
    place: str | None = None
    confidence: float = 0.7


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article: Article
    statements: list[StatementMention] = field(default_factory=list)
    officials: list[OfficialMention] = field(default_factory=list)
    organizations: list[OrganizationMention] = field(default_factory=list)
    quotes: list[QuoteMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    countries: list[CountryMention] = field(default_factory=list)
