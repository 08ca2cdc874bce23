"""Blocking for resolution: the few nodes a new mention could be, found by index.

Comparing every new quotation with every node seen so far made resolving grow
with the square of the corpus. Quotations are the same when their normalised
words are equal, or when one (40 characters at least) lies inside the other;
`QuoteIndex` finds every node that could pass either test without looking at
the rest, so the full test runs on a handful of candidates.

The containment test is kept exact. A shorter text inside a longer one shares
with it the piece of `PIECE` characters that starts at the shorter text's first
inner word start (its *probe*), and that piece starts at an inner word start of
the longer text too. So each node is filed under its probes and under every
piece at one of its inner word starts; a text too short for a probe is checked
against everything, as before (rare: 40 characters of one or two long words).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Generic, TypeVar

from kg.model import DateValue, StatementMention
from kg.shelf import KeyIndex, Shelves
from kg.statement_identity import evidence_keys, kind_keys

MIN_INSIDE = 40  # characters a quotation needs before it can be found inside another
PIECE = 12

Node = TypeVar("Node")


def inner_starts(words: str) -> Iterator[int]:
    """Offsets just after a space, with a whole piece after them."""
    for at in range(1, len(words) - PIECE + 1):
        if words[at - 1] == " ":
            yield at


def probe(words: str) -> str | None:
    """The piece at the first inner word start; None when there is none."""
    at = next(inner_starts(words), None)
    return None if at is None else words[at : at + PIECE]


class QuoteIndex(Generic[Node]):
    """Nodes (hashable keys, such as digests) by the normalised words of their quotations,
    in the order they were added."""

    def __init__(self) -> None:
        self._order: dict[Node, int] = {}  # node (its key, e.g. a digest) -> when first filed
        self._nodes: list[Node] = []
        self._exact: dict[str, list[Node]] = {}
        self._at_starts: dict[str, list[Node]] = {}  # piece at an inner word start -> nodes
        self._probes: dict[str, list[Node]] = {}  # probe -> nodes
        self._unprobed: list[Node] = []  # long enough to be inside another, but no probe

    def add(self, node: Node, words: str) -> None:
        """File one more quotation of `node` (a node may hold several wordings)."""
        if node not in self._order:
            self._order[node] = len(self._nodes)
            self._nodes.append(node)
        self._exact.setdefault(words, []).append(node)
        if len(words) < MIN_INSIDE:
            return
        for at in inner_starts(words):
            self._at_starts.setdefault(words[at : at + PIECE], []).append(node)
        key = probe(words)
        if key is None:
            self._unprobed.append(node)
        else:
            self._probes.setdefault(key, []).append(node)

    def candidates(self, words: str) -> list[Node]:
        """Every node that may hold these words or a text inside or around them, oldest first."""
        return self.oldest_first(self.found(words))

    def found(self, words: str) -> set[Node]:
        """The candidates for these words, in no order."""
        found = list(self._exact.get(words, ()))
        if len(words) >= MIN_INSIDE:
            key = probe(words)
            if key is None:
                return set(self._nodes)  # no probe: any node may hold it
            found += self._at_starts.get(key, ())
            for at in inner_starts(words):
                found += self._probes.get(words[at : at + PIECE], ())
            found += self._unprobed
        return set(found)

    def oldest_first(self, found: set[Node]) -> list[Node]:
        return sorted(found, key=self._order.__getitem__)


class SpokenQuoteIndex(Generic[Node]):
    """Quote nodes by their words and by who said them.

    A quotation with a speaker can join only a node of the same speaker or of none
    (`resolve._same_quotation`). The same words said by many people (a line read out
    by each envoy in turn, a slogan) would otherwise make every one of their nodes a
    candidate of every new report, which grows with the square of the archive. Each
    wording is filed under the speaker its node has when it is filed, as well as under
    everyone: a node whose speaker is learnt later stays found by its older wordings,
    and the full test rejects what clashes. Candidates come oldest first, as one
    index would give them.
    """

    def __init__(self) -> None:
        self._everyone: QuoteIndex[Node] = QuoteIndex()
        self._by_speaker: dict[object, QuoteIndex[Node]] = {}

    def add(self, node: Node, words: str, speaker: object) -> None:
        self._everyone.add(node, words)
        self._by_speaker.setdefault(speaker, QuoteIndex()).add(node, words)

    def candidates(self, words: str, speaker: object) -> list[Node]:
        if speaker is None:
            return self._everyone.candidates(words)
        found: set[Node] = set()
        for filed_under in (speaker, None):
            index = self._by_speaker.get(filed_under)
            if index is not None:
                found |= index.found(words)
        return self._everyone.oldest_first(found)


class StatementIndex:
    """Statement nodes (numbered in the order they were made) by what a new mention of
    the same text must share with one of their mentions (kg.statement_identity).

    `same_statement` joins two mentions only when their kinds match, their dates do,
    and they share an aim, a leader, a backer, a tally or an opponent. Each mention
    is filed under every (evidence, kind, date) key it has; a new mention looks up
    the keys those tests could pass with, so the candidates hold every node the
    full test could accept, and are tried in the order the nodes were made.
    """

    def __init__(self, filed: KeyIndex | None = None) -> None:
        # A key is filed by its hash, on disk (kg.shelf): a mention is filed under some
        # fifty keys, which would be most of what resolving an archive holds. Two keys
        # with one hash only make an extra candidate, and the full test accepts no node
        # that shares no key.
        self._filed = filed if filed is not None else Shelves.in_memory().index("keys")

    def add(self, number: int, mention: StatementMention) -> None:
        self._filed.add(number, {hash(key) for key in _keys(mention, filed_dates(mention.date))})

    def candidates(self, mention: StatementMention) -> list[int]:
        wanted = {hash(key) for key in _keys(mention, wanted_dates(mention.date))}
        return sorted(self._filed.found(wanted))


def _keys(mention: StatementMention, dates: list[tuple]) -> Iterator[tuple]:
    for evidence in evidence_keys(mention):
        for kind in kind_keys(mention.kind):
            for date in dates:
                yield (evidence, kind, date)


def _undated(date: DateValue | None) -> bool:
    return date is None or date.start is None


def filed_dates(date: DateValue | None) -> list[tuple]:
    """The date keys a mention is filed under ("*": found by undated mentions)."""
    if _undated(date):
        return [("*",), ("u",)]
    assert date is not None and date.start is not None
    day = date.start
    keys = [("*",), ("y", day.year)]
    if date.precision == "year":
        return [*keys, ("yo", day.year)]
    keys.append(("m", day.year, day.month))
    if date.precision == "day":
        return [*keys, ("d", day)]
    return [*keys, ("mo", day.year, day.month)]  # a month or a week


def wanted_dates(date: DateValue | None) -> list[tuple]:
    """The date keys of every filed date `_dates_match` accepts with this one."""
    if _undated(date):
        return [("*",)]
    assert date is not None and date.start is not None
    day = date.start
    if date.precision == "year":
        return [("u",), ("y", day.year)]
    if date.precision != "day":  # a month or a week
        return [("u",), ("yo", day.year), ("m", day.year, day.month)]
    around = [
        ("d", day + dt.timedelta(days=shift)) for shift in (-1, 0, 1) if _shiftable(day, shift)
    ]
    return [("u",), ("yo", day.year), ("mo", day.year, day.month), *around]


def _shiftable(day: dt.date, shift: int) -> bool:
    return (shift >= 0 or day > dt.date.min) and (shift <= 0 or day < dt.date.max)
