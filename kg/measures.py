"""Numbers on the signed matrix: pairwise agreement, bloc cohesion, and graph roles.

Cohesion uses the two indices political scientists use for roll calls. For
one item with Y yes, N no and A abstentions among a group's members:

* the Agreement Index of Hix, Noury and Roland,
  (max(Y, N, A) − ½(Y + N + A − max(Y, N, A))) / (Y + N + A),
  which treats abstaining as a third choice: 1 when all agree, 0 for an even
  three-way split;
* the Rice index, |Y − N| / (Y + N), which ignores abstentions.

Both are averaged over the items on which at least two members took a position.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np

from kg.positions import Item

SAMPLE = 300
CELLS = 2**18  # country × item cells per matrix while pairs are counted (a few MiB)
SEED = 42


@dataclass(frozen=True)
class Pair:
    """Agreement between two countries over the items both took a position on.

    `tie` weighs the same items by how much each says about the pair (see `pairs`):
    positive when they stand together more than apart, the weight of their edge in the
    graph blocs are found in.
    """

    a: str
    b: str
    shared: int
    agreed: int
    tie: float = 0.0

    @property
    def agreement(self) -> float:
        return self.agreed / self.shared


@dataclass(frozen=True)
class Cohesion:
    agreement_index: float | None
    rice: float | None
    items: int  # N: how many items the averages are over


def pairs(items: Iterable[Item], min_shared: int) -> list[Pair]:
    """Every pair of countries with at least `min_shared` items in common, sorted.

    As matrix products: with one 0/1 matrix per value (country × item), shared
    items are Σ_v M_v·M_vᵀ summed over the values' union, agreed items Σ_v M_v·M_vᵀ.

    The tie weighs each item by what it says about a pair. Standing on the same side
    as k − 1 others adds 1/(k − 1): a letter signed by 40 ties each signer to the
    rest no more in all than a statement of three does, so one large consensus text
    does not outweigh the small coalitions and direct quarrels that tell blocs apart
    (the normalised clique expansion of a hypergraph). Standing on another side of an
    item with n positions takes away 1/(n − 1).
    """
    items = list(items)
    countries = sorted({c for item in items for c in item.positions})
    if not countries:
        return []
    index = {c: i for i, c in enumerate(countries)}
    size = len(countries)
    shared = np.zeros((size, size), dtype=np.float32)
    agreed = np.zeros((size, size), dtype=np.float32)
    tie = np.zeros((size, size), dtype=np.float64)
    # the items a few thousand at a time: a country × item matrix of a large archive's
    # every item would take more memory than all else the analysis holds
    step = max(CELLS // size, 1)
    for start in range(0, len(items), step):
        has = _sides(items[start : start + step], index)
        present = has[-1] + has[0] + has[1]
        shared += present @ present.T
        agreed += sum(m @ m.T for m in has.values())
        tie += _ties(has, present)
    found = []
    for a, b in zip(*np.nonzero(np.triu(shared >= min_shared, k=1)), strict=True):
        found.append(
            Pair(
                countries[a],
                countries[b],
                int(shared[a, b]),
                int(agreed[a, b]),
                float(tie[a, b]),
            )
        )
    return found


def _sides(items: list[Item], index: dict[str, int]) -> dict[int, np.ndarray]:
    """Per value (-1, 0, 1), the country × item matrix of who took it."""
    has = {v: np.zeros((len(index), len(items)), dtype=np.float32) for v in (-1, 0, 1)}
    for j, item in enumerate(items):
        for c, v in item.positions.items():
            has[v][index[c], j] = 1.0
    return has


def _ties(has: dict[int, np.ndarray], present: np.ndarray) -> np.ndarray:
    """Σ over items of 1/(k − 1) for a shared side of k, − 1/(n − 1) for opposite sides."""

    def per_item(counts: np.ndarray) -> np.ndarray:
        return np.divide(1.0, counts - 1, out=np.zeros_like(counts), where=counts > 1)

    sides = [m.astype(np.float64) for m in has.values()]
    anyone = present.astype(np.float64)
    together = sum((m * per_item(m.sum(axis=0))) @ m.T for m in sides)
    apart_weight = per_item(anyone.sum(axis=0))
    apart = (anyone * apart_weight) @ anyone.T - sum((m * apart_weight) @ m.T for m in sides)
    return together - apart


def agreement_index(yes: int, no: int, abstain: int) -> float:
    """Hix, Noury and Roland's Agreement Index of one item's votes."""
    total = yes + no + abstain
    if not total:
        raise ValueError("the agreement index needs at least one vote")
    top = max(yes, no, abstain)
    return (top - 0.5 * (total - top)) / total


def rice_index(yes: int, no: int) -> float | None:
    """Rice's index of one item's votes; None when nobody voted yes or no."""
    return abs(yes - no) / (yes + no) if yes + no else None


def cohesion(members: Iterable[str], items: Iterable[Item]) -> Cohesion:
    """Both indices averaged over the items on which two or more members took a position."""
    members = tuple(members)
    ai, rice = [], []
    for item in items:
        votes = Counter(item.positions[m] for m in members if m in item.positions)
        if sum(votes.values()) < 2:
            continue
        ai.append(agreement_index(votes[1], votes[-1], votes[0]))
        r = rice_index(votes[1], votes[-1])
        if r is not None:
            rice.append(r)
    return Cohesion(
        round(sum(ai) / len(ai), 3) if ai else None,
        round(sum(rice) / len(rice), 3) if rice else None,
        len(ai),
    )


def participation(g: nx.Graph, membership: Mapping[str, str]) -> dict[str, float]:
    """Guimerà and Amaral's participation coefficient, 1 − Σ_s (k_is / k_i)², per node.

    0 when all of a node's (weighted) edges stay inside one community, towards 1
    when they spread evenly over many. A node without a community is its own.
    """
    out = {}
    for node in g.nodes:
        strength: Counter = Counter()
        for other, data in g[node].items():
            strength[membership.get(other, other)] += data.get("weight", 1.0)
        total = sum(strength.values())
        share = sum((k / total) ** 2 for k in strength.values()) if total else 1.0
        out[node] = round(1.0 - share, 3)
    return out


def betweenness(g: nx.Graph) -> dict[str, float]:
    """Normalised betweenness; a strong agreement is a short distance."""
    distance = {(a, b): 1.0 / d["weight"] for a, b, d in g.edges(data=True) if d.get("weight")}
    nx.set_edge_attributes(g, distance, "distance")
    # exact betweenness costs O(nodes × edges); past a few hundred countries, a seeded sample
    k = SAMPLE if len(g) > SAMPLE else None
    found = nx.betweenness_centrality(g, k=k, weight="distance", normalized=True, seed=SEED)
    return {n: round(v, 3) for n, v in found.items()}
