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

from kg.model import DateValue, StatementMention
from kg.shelf import KeyIndex, Shelves
from kg.statement_identity import evidence_keys, kind_keys

MIN_INSIDE = 40  # characters a quotation needs before it can be found inside another
PIECE = 12


def inner_starts(words: str) -> Iterator[int]:
    """Offsets just after a space, with a whole piece after them."""
    for at in range(1, len(words) - PIECE + 1):
        if words[at - 1] == " ":
            yield at


def probe(words: str) -> str | None:
    """The piece at the first inner word start; None when there is none."""
    at = next(inner_starts(words), None)
    return None if at is None else words[at : at + PIECE]


class QuoteIndex:
    """Quote nodes, numbered in the order they were first filed, by the normalised words
    of their quotations and by who said them.

    A quotation with a speaker can join only a node of the same speaker or of none
    (`resolve._same_quotation`). The same words said by many people (a line read out
    by each envoy in turn, a slogan) would otherwise make every one of their nodes a
    candidate of every new report, which grows with the square of the archive. So each
    wording is filed twice: for everyone, and under the speaker its node has when it is
    filed. A node whose speaker is learnt later stays found by its older wordings, and
    the full test rejects what clashes.

    Keys are filed by their hash, on disk in a build (kg.shelf): an archive's quotations
    are filed under some fifty pieces each. Two keys with one hash only make an extra
    candidate, which the full test rejects.
    """

    def __init__(self, filed: KeyIndex | None = None) -> None:
        self._filed = filed if filed is not None else Shelves.in_memory().index("quotes")

    def add(self, number: int, words: str, speaker: object = None) -> None:
        """File one more quotation of node `number` (a node may hold several wordings)."""
        keys = {hash(key) for scope in (EVERYONE, (BY, speaker)) for key in _filed(scope, words)}
        self._filed.add(number, keys)

    def candidates(self, words: str, speaker: object = None) -> list[int]:
        """Every node that may hold these words or a text inside or around them, said by
        this speaker or by no one known (anyone, when `speaker` is None), oldest first."""
        scopes = [EVERYONE] if speaker is None else [(BY, speaker), (BY, None)]
        wanted = {hash(key) for scope in scopes for key in _wanted(scope, words)}
        return sorted(self._filed.found(wanted))


EVERYONE = ("everyone",)
BY = "by"


def _filed(scope: tuple, words: str) -> Iterator[tuple]:
    """The keys a wording is filed under in one scope."""
    yield (scope, "any")  # a long text with no probe may lie inside any node
    yield (scope, "words", words)
    if len(words) < MIN_INSIDE:
        return
    for at in inner_starts(words):
        yield (scope, "piece", words[at : at + PIECE])
    key = probe(words)
    yield (scope, "unprobed") if key is None else (scope, "probe", key)


def _wanted(scope: tuple, words: str) -> Iterator[tuple]:
    """The keys of every filed wording that may equal these words, or lie inside or
    around them (see the module's note)."""
    yield (scope, "words", words)
    if len(words) < MIN_INSIDE:
        return
    key = probe(words)
    if key is None:
        yield (scope, "any")
        return
    yield (scope, "piece", key)
    for at in inner_starts(words):
        yield (scope, "probe", words[at : at + PIECE])
    yield (scope, "unprobed")


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
