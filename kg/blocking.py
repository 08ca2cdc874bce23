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

from collections.abc import Iterator
from typing import Generic, TypeVar

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
    """Nodes by the normalised words of their quotations, in the order they were added."""

    def __init__(self) -> None:
        self._order: dict[int, int] = {}  # id(node) -> when it was first filed
        self._nodes: list[Node] = []
        self._exact: dict[str, list[Node]] = {}
        self._at_starts: dict[str, list[Node]] = {}  # piece at an inner word start -> nodes
        self._probes: dict[str, list[Node]] = {}  # probe -> nodes
        self._unprobed: list[Node] = []  # long enough to be inside another, but no probe

    def add(self, node: Node, words: str) -> None:
        """File one more quotation of `node` (a node may hold several wordings)."""
        if id(node) not in self._order:
            self._order[id(node)] = len(self._nodes)
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
        found = list(self._exact.get(words, ()))
        if len(words) >= MIN_INSIDE:
            key = probe(words)
            if key is None:
                return list(self._nodes)  # no probe to look up: every node may hold it
            found += self._at_starts.get(key, ())
            for at in inner_starts(words):
                found += self._probes.get(words[at : at + PIECE], ())
            found += self._unprobed
        unique = {id(node): node for node in found}
        return sorted(unique.values(), key=lambda node: self._order[id(node)])
