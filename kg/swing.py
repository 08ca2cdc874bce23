"""Swing countries: those that change side, or whose agreements straddle blocs.

A country *changes side* when, on one question, it takes one side and later
the other. A question is one of:

* the stance toward a target: backing a critical statement about T is one
  side, backing a supportive one the other (voting against flips it);
* a chain of statements that ``dkg:counters`` one another: each answer is on
  the other side from what it answers;
* a repeated item: statements whose labels differ only in digits (the yearly
  resolution on the same subject), where yes and no are the two sides.

Its *switch rate* is the number of side changes over the number of
consecutive positions (in date order) it had on such questions. Together
with the participation coefficient and betweenness on the agreement graph,
this names the swing countries.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from kg.positions import Statement

PARTICIPATION_SWING = 0.4  # agreements spread this evenly over blocs make a swing country
_DIGITS = re.compile(r"[\d\W_]+")


@dataclass(frozen=True, slots=True)
class Switch:
    """One change of side: the item before and the item after."""

    question: str
    before: str
    after: str


@dataclass(frozen=True)
class Swing:
    iso3: str
    participation: float
    betweenness: float
    switch_rate: float | None
    switches: tuple[Switch, ...]
    reasons: tuple[str, ...]


def _counter_sides(statements: Mapping[str, Statement]) -> dict[str, tuple[str, int]]:
    """Each statement in a counters chain -> (chain id, side +1/−1), by two-colouring."""
    links: dict[str, set[str]] = defaultdict(set)
    for iri, st in statements.items():
        for other in st.counters & statements.keys():
            links[iri].add(other)
            links[other].add(iri)
    side: dict[str, tuple[str, int]] = {}
    for start in sorted(links):
        if start in side:
            continue
        side[start] = (start, 1)
        queue = [start]
        while queue:
            here = queue.pop()
            for other in sorted(links[here]):
                if other not in side:
                    side[other] = (start, -side[here][1])
                    queue.append(other)
    return side


def _question(st: Statement, chains: dict[str, tuple[str, int]]) -> tuple[str, int]:
    """The question a statement answers and which side of it a backer takes."""
    if st.sign and st.target:
        return f"toward:{st.target}", st.sign
    if st.iri in chains:
        chain, side = chains[st.iri]
        return f"counters:{chain}", side
    return f"repeated:{_DIGITS.sub(' ', st.label.lower()).strip()}", 1


def switches(statements: Mapping[str, Statement]) -> dict[str, tuple[int, list[Switch]]]:
    """Per country: how many consecutive positions it had on a question, and its side changes.

    The statements are walked once in time order, keeping each country's latest side on
    each question, so the walk holds one mark per (country, question), not every position.
    """
    chains = _counter_sides(statements)
    latest: dict[tuple[str, str], tuple[str, int]] = {}  # -> (statement, side)
    steps: Counter[str] = Counter()
    changes: dict[str, list[tuple[str, int, Switch]]] = defaultdict(list)
    when = sorted(statements, key=lambda iri: (statements[iri].date or "", iri))
    for order, iri in enumerate(when):
        st = statements[iri]
        question, side = _question(st, chains)
        marks = [(side * vote, c) for vote, found in ((1, st.backers), (-1, st.against))
                 for c in found]  # fmt: skip
        for value, country in sorted(marks):
            before = latest.get((country, question))
            latest[country, question] = (iri, value)
            steps[country] += before is not None
            if before is not None and before[1] != value:
                changes[country].append((question, order, Switch(question, before[0], iri)))
    return {
        c: (steps[c], [switch for *_, switch in sorted(changes[c], key=lambda f: f[:2])])
        for c in sorted({c for c, _ in latest})
    }


def swing_countries(
    moves: Mapping[str, tuple[int, list[Switch]]],
    participation: Mapping[str, float],
    betweenness: Mapping[str, float],
    countries: list[str],
) -> list[Swing]:
    """Every country that changed side or spreads its agreements over blocs, sorted.

    `moves` is what switches() found.
    """
    found = []
    for c in sorted(countries):
        steps, changed = moves.get(c, (0, []))
        reasons = []
        if changed:
            reasons.append(f"changed side {len(changed)} time{'s' * (len(changed) > 1)}")
        if participation.get(c, 0.0) >= PARTICIPATION_SWING:
            reasons.append("agrees with more than one bloc")
        if not reasons:
            continue
        found.append(
            Swing(
                c,
                participation.get(c, 0.0),
                betweenness.get(c, 0.0),
                round(len(changed) / steps, 3) if steps else None,
                tuple(changed),
                tuple(reasons),
            )
        )
    return found
