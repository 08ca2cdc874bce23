"""A statement as the assembler builds it, and the merging of one statement's fragments.

A report of one vote often speaks of it in pieces: the headline, the lede with
the tally, a later sentence naming the abstainers. Each piece may open a draft
of its own; `merge_fragments` joins the drafts that cannot be told apart into
one, and keeps apart those whose facts disagree (rival statements, two votes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan

from kg.model import DateValue, GroupBacking, Position, Span

VOTE_KINDS = {"resolution", "vote"}
CAST_VOTES = ("against", "abstained", "opposed")  # positions of those who did not back it
GENERIC_VENUE_RANK = 1  # venues.tsv: "United Nations" holds every UN body
# When fragments merge, the more specific kind names the whole.
KIND_ORDER = ("resolution", "vote", "letter", "declaration", "side event", "joint statement")


@dataclass
class Draft:
    """A statement being assembled from the sentences that mention it."""

    number: int
    kind: str
    first: SpacySpan
    positions: dict[tuple[str, str], Position] = field(default_factory=dict)
    deliverer: str | None = None
    person: str | None = None
    count: int | None = None
    minimum: int | None = None
    against_count: int | None = None
    abstention_count: int | None = None
    stance: str | None = None
    target: str | None = None
    venue: tuple[str, int] | None = None
    date: DateValue | None = None
    counters: Draft | None = None
    last_sentence: int = 0
    references: list[Span] = field(default_factory=list)
    groups: dict[str, GroupBacking] = field(default_factory=dict)

    def backers(self) -> set[str]:
        return {iso for (iso, kind) in self.positions if kind == "backed"}

    def add(self, iso: str, kind: str, sent: SpacySpan, confidence: float, rule: str) -> None:
        if iso == self.target and kind == "backed":
            return
        if kind == "backed" and any((iso, vote) in self.positions for vote in CAST_VOTES):
            return  # a country that vetoed or abstained did not back the text
        if kind in CAST_VOTES:
            self.positions.pop((iso, "backed"), None)
            if self.deliverer == iso:
                self.deliverer = None
        key = (iso, kind)
        evidence = Span(sent.start_char, sent.end_char)
        old = self.positions.get(key)
        if old is None or old.confidence < confidence:
            self.positions[key] = Position(iso, kind, evidence, confidence, rule)

    def add_group(
        self, slug: str, label: str, sent: SpacySpan, confidence: float, rule: str
    ) -> None:
        old = self.groups.get(slug)
        if old is None or old.confidence < confidence:
            evidence = Span(sent.start_char, sent.end_char)
            self.groups[slug] = GroupBacking(slug, label, evidence, confidence, rule)


def same_family(a: str, b: str) -> bool:
    return a == b or (a in VOTE_KINDS and b in VOTE_KINDS)


def merge_fragments(drafts: list[Draft]) -> list[Draft]:
    """Join each draft into the first earlier one it is compatible with, in reading order."""
    kept: list[Draft] = []
    for draft in drafts:
        host = next((k for k in kept if _compatible(k, draft, drafts)), None)
        if host is None:
            kept.append(draft)
        else:
            _absorb(host, draft, drafts)
    return kept


def _compatible(a: Draft, b: Draft, drafts: list[Draft]) -> bool:
    if not same_family(a.kind, b.kind) or _answers(a, b, drafts):
        return False
    pairs = (
        (a.deliverer, b.deliverer), (a.target, b.target), (a.stance, b.stance),
        (a.count, b.count), (a.against_count, b.against_count),
        (a.abstention_count, b.abstention_count),
    )  # fmt: skip
    if any(x is not None and y is not None and x != y for x, y in pairs):
        return False
    if not _counts_agree(a, b) or not _venues_agree(a.venue, b.venue):
        return False
    return _dates_agree(a.date, b.date) and not _positions_clash(a, b)


def _counts_agree(a: Draft, b: Draft) -> bool:
    """ "Over 120 countries" agrees with "128 members"; not with "100 members"."""
    for exact, bound in ((a.count, b.minimum), (b.count, a.minimum)):
        if exact is not None and bound is not None and exact < bound:
            return False
    return True


def _venues_agree(a: tuple[str, int] | None, b: tuple[str, int] | None) -> bool:
    """The same venue, or one named only as broadly as "the United Nations" (rank 1)."""
    if a is None or b is None or a[0] == b[0]:
        return True
    return min(a[1], b[1]) <= GENERIC_VENUE_RANK


def _answers(a: Draft, b: Draft, drafts: list[Draft]) -> bool:
    """One answers the other, or both answer or are answered by the same third text."""
    if a.counters is b or b.counters is a:
        return True
    return any(d.counters in (a, b) for d in drafts) and any(d.counters is not None for d in (a, b))


def _dates_agree(a: DateValue | None, b: DateValue | None) -> bool:
    if a is None or b is None or not a.resolved or not b.resolved:
        return True
    if a.precision == b.precision == "day":
        return abs((a.start - b.start).days) <= 1  # "yesterday" read a day apart by two outlets
    if a.start == b.start and a.precision == b.precision:
        return True
    coarse, fine = (a, b) if _rank(a) < _rank(b) else (b, a)
    if coarse.precision == "year":
        return coarse.start.year == fine.start.year
    if coarse.precision == "month":
        return (coarse.start.year, coarse.start.month) == (fine.start.year, fine.start.month)
    return False


def _rank(value: DateValue) -> int:
    return {"year": 0, "month": 1, "week": 2, "day": 3}.get(value.precision, 3)


def _positions_clash(a: Draft, b: Draft) -> bool:
    """A country counted one way in one draft and another way in the other."""
    kinds_a: dict[str, str] = {iso: kind for iso, kind in a.positions}
    return any(iso in kinds_a and kinds_a[iso] != kind for iso, kind in b.positions)


def _absorb(host: Draft, other: Draft, drafts: list[Draft]) -> None:
    host.kind = min((host.kind, other.kind), key=_kind_rank)
    for name in ("deliverer", "person", "count", "minimum", "against_count",
                 "abstention_count", "stance", "target", "counters"):  # fmt: skip
        if getattr(host, name) is None:
            setattr(host, name, getattr(other, name))
    if other.venue is not None and (host.venue is None or other.venue[1] > host.venue[1]):
        host.venue = other.venue
    if other.date is not None and (host.date is None or _rank(other.date) > _rank(host.date)):
        host.date = other.date
    for key, position in other.positions.items():
        old = host.positions.get(key)
        if old is None or old.confidence < position.confidence:
            host.positions[key] = position
    host.positions.pop((host.target, "backed"), None)
    for slug, group in other.groups.items():
        if slug not in host.groups or host.groups[slug].confidence < group.confidence:
            host.groups[slug] = group
    host.references.extend(other.references)
    host.last_sentence = max(host.last_sentence, other.last_sentence)
    for draft in drafts:
        if draft.counters is other:
            draft.counters = host


def _kind_rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
