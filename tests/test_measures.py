"""Agreement, cohesion and graph-role measures on hand-built matrices."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.measures import (
    agreement_index,
    betweenness,
    cohesion,
    pairs,
    participation,
    rice_index,
)
from kg.positions import Item


def _items(*columns: dict[str, int]) -> list[Item]:
    return [Item(f"item{n}", f"item {n}", "statement", col) for n, col in enumerate(columns)]


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "expected"),
    [
        (3, 0, 0, 1.0),  # all agree
        (0, 0, 4, 1.0),  # all abstain: still united
        (1, 1, 1, 0.0),  # even three-way split
        (2, 1, 0, 0.5),  # (2 - 0.5 * 1) / 3
        (1, 1, 0, 0.25),  # (1 - 0.5 * 1) / 2
        (2, 0, 2, 0.25),  # (2 - 0.5 * 2) / 4
        (6, 2, 2, 0.4),  # (6 - 0.5 * 4) / 10
    ],
)
def test_agreement_index(yes, no, abstain, expected):
    assert agreement_index(yes, no, abstain) == pytest.approx(expected)


def test_agreement_index_needs_a_vote():
    with pytest.raises(ValueError):
        agreement_index(0, 0, 0)


@pytest.mark.parametrize(
    ("yes", "no", "expected"),
    [(3, 0, 1.0), (0, 5, 1.0), (2, 1, 1 / 3), (2, 2, 0.0), (3, 1, 0.5), (0, 0, None)],
)
def test_rice_index(yes, no, expected):
    assert rice_index(yes, no) == (None if expected is None else pytest.approx(expected))


def test_cohesion_averages_over_items_with_two_members_and_ignores_outsiders():
    items = _items(
        {"A": 1, "B": 1, "C": 1, "Z": -1},  # AI 1, Rice 1
        {"A": 1, "B": -1, "C": 0},  # AI 0, Rice 0
        {"A": 0, "B": 0},  # AI 1, no Rice (nobody voted yes or no)
        {"A": 1, "Z": 1},  # only one member: left out
    )
    assert cohesion(("A", "B", "C"), items).__dict__ == {
        "agreement_index": round(2 / 3, 3),
        "rice": 0.5,
        "items": 3,
    }


def test_cohesion_of_a_group_without_shared_items_is_unknown():
    assert cohesion(("A", "B"), _items({"A": 1}, {"B": 1})).__dict__ == {
        "agreement_index": None,
        "rice": None,
        "items": 0,
    }


MATRIX = _items(
    {"A": 1, "B": 1, "C": -1},
    {"A": 1, "B": 1, "C": 1},
    {"A": -1, "B": 0},
)


@pytest.mark.parametrize(
    ("k", "expected"),
    [
        (1, {("A", "B"): (3, 2), ("A", "C"): (2, 1), ("B", "C"): (2, 1)}),
        (2, {("A", "B"): (3, 2), ("A", "C"): (2, 1), ("B", "C"): (2, 1)}),
        (3, {("A", "B"): (3, 2)}),  # pairs sharing fewer than k items do not count
        (4, {}),
    ],
)
def test_pairs_keep_only_those_with_k_shared_items(k, expected):
    found = {(p.a, p.b): (p.shared, p.agreed) for p in pairs(MATRIX, k)}
    assert found == expected


def test_agreement_is_agreed_over_shared():
    (ab,) = pairs(MATRIX, 3)
    assert ab.agreement == pytest.approx(2 / 3)


def _tie(found, a: str, b: str) -> float:
    return next(p.tie for p in found if (p.a, p.b) == (a, b))


def test_a_tie_weighs_an_item_by_how_many_share_the_side():
    signers = {f"S{n:02}": 1 for n in range(40)}
    found = pairs(_items({**signers, "A": 1, "B": 1}, {"A": 1, "B": 1, "C": 1}), 1)
    # the letter of 42 adds 1/41 to every pair of its signers, the statement of three 1/2
    assert _tie(found, "S00", "S01") == pytest.approx(1 / 41)
    assert _tie(found, "A", "B") == pytest.approx(1 / 41 + 1 / 2)
    assert _tie(found, "A", "C") == pytest.approx(1 / 2)


def test_standing_on_opposite_sides_takes_from_a_tie():
    # one side of three, one of two, one abstainer: n = 6 positions
    item = {"A": 1, "B": 1, "C": 1, "D": -1, "E": -1, "F": 0}
    found = pairs(_items(item), 1)
    assert _tie(found, "A", "B") == pytest.approx(1 / 2)
    assert _tie(found, "D", "E") == pytest.approx(1.0)
    assert _tie(found, "A", "D") == pytest.approx(-1 / 5)
    assert _tie(found, "A", "F") == pytest.approx(-1 / 5)


def test_a_small_quarrel_outweighs_a_large_consensus():
    many = {f"S{n:02}": 1 for n in range(40)}
    consensus = [{**many, "A": 1, "B": 1, "D": 1}, {**many, "A": 1, "B": 1, "D": 1}]
    quarrel = {"A": 1, "B": 1, "D": -1}
    found = pairs(_items(*consensus, quarrel), 1)
    # A and D agree on two items of three, yet the one they fight over says more
    assert next(p for p in found if (p.a, p.b) == ("A", "D")).agreement == pytest.approx(2 / 3)
    assert _tie(found, "A", "D") < 0 < _tie(found, "A", "B")


@pytest.mark.parametrize(
    ("edges", "membership", "expected"),
    [
        # S's edges are split evenly between two blocs: 1 - (1/2)^2 - (1/2)^2
        ([("S", "A", 1), ("S", "B", 1)], {"S": "x", "A": "x", "B": "y"}, {"S": 0.5}),
        # all of A's strength stays in its bloc
        ([("A", "A2", 1), ("A", "A3", 0.7)], {"A": "x", "A2": "x", "A3": "x"}, {"A": 0.0}),
        # weighted: 3 to one bloc, 1 to another: 1 - 0.75^2 - 0.25^2
        ([("S", "A", 3), ("S", "B", 1)], {"A": "x", "B": "y"}, {"S": 0.375}),
        # three blocs, equal weights: 1 - 3 * (1/3)^2
        (
            [("S", "A", 1), ("S", "B", 1), ("S", "C", 1)],
            {"A": "x", "B": "y", "C": "z"},
            {"S": 0.667},
        ),
        # an isolated node has no spread
        ([], {}, {}),
    ],
)
def test_participation_coefficient(edges, membership, expected):
    g = nx.Graph()
    g.add_weighted_edges_from(edges)
    found = participation(g, membership)
    assert {n: found[n] for n in expected} == expected


def test_betweenness_names_the_bridge():
    g = nx.Graph()
    g.add_weighted_edges_from(
        [("A1", "A2", 1), ("A2", "A3", 1), ("A1", "A3", 1), ("A3", "S", 0.6), ("S", "B1", 0.6)]
        + [("B1", "B2", 1), ("B2", "B3", 1), ("B1", "B3", 1)]
    )
    found = betweenness(g)
    assert max(found, key=found.get) == "S"
    assert found["A1"] == 0.0


def test_pairs_counted_a_few_items_at_a_time_are_the_pairs_counted_at_once():
    import random
    from unittest import mock

    import kg.measures

    rng = random.Random(5)
    countries = [f"C{n:02d}" for n in range(12)]
    columns = [
        {c: rng.choice((-1, 0, 1)) for c in rng.sample(countries, rng.randint(1, 8))}
        for _ in range(300)
    ]
    at_once = pairs(_items(*columns), 2)
    with mock.patch.object(kg.measures, "CELLS", 12 * 7):  # seven items a step
        in_steps = pairs(_items(*columns), 2)
    assert [(p.a, p.b, p.shared, p.agreed) for p in in_steps] == [
        (p.a, p.b, p.shared, p.agreed) for p in at_once
    ]
    assert [p.tie for p in in_steps] == pytest.approx([p.tie for p in at_once], abs=1e-9)
