"""The resolution's shelves: objects kept on disk behave as if held in memory."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.shelf import Listed, Ranking, Shelves


@dataclass
class Node:
    name: str
    seen_in: list[str] = field(default_factory=list)


@pytest.fixture(params=["memory", "file"])
def shelves(request, tmp_path):
    made = Shelves.in_memory() if request.param == "memory" else Shelves(tmp_path / "s.sqlite")
    yield made
    made.close()


def test_an_object_changed_in_place_keeps_its_changes_once_written_to_the_file(shelves):
    nodes = shelves.shelf("nodes", held=2)
    for name in ("a", "b", "c"):
        nodes.add(name, Node(name))
    nodes["a"].seen_in.append("x1")  # "a" was written out for "c": it comes back, is changed
    nodes["b"].seen_in.append("x2")
    nodes["c"].seen_in.append("x3")  # ... and goes out again
    assert [n.seen_in for n in nodes.values()] == [["x1"], ["x2"], ["x3"]]
    assert len(nodes) == 3 and "a" in nodes and "z" not in nodes
    assert nodes.get("z") is None
    with pytest.raises(KeyError):
        nodes["z"]
    with pytest.raises(KeyError):
        nodes.peek("z")


def test_keys_come_in_order_whatever_the_order_they_came_in(shelves):
    numbers = shelves.shelf("numbers", held=3)
    for key in (5, 1, 900, 42, 7):
        numbers.add(key, Node(str(key)))
    assert list(numbers) == [1, 5, 7, 42, 900]
    names = shelves.shelf("names", held=1)
    for key in ("b-2", "a", "é", "b", "Z"):
        names.add(key, key)
    assert list(names) == sorted(["b-2", "a", "é", "b", "Z"])  # as Python sorts text


def test_put_replaces_and_peek_reads_without_holding(shelves):
    nodes = shelves.shelf("nodes", held=1)
    nodes.add("a", Node("a"))
    nodes.put("a", Node("a", ["x"]))
    nodes.add("b", Node("b"))  # "a" goes to the file
    copy = nodes.peek("a")
    copy.seen_in.append("lost")  # a copy: not the shelf's
    assert nodes["a"].seen_in == ["x"]
    assert len(nodes) == 2


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.text(max_size=3)), max_size=60), st.integers(1, 5))
def test_a_shelf_is_a_dictionary_whatever_it_holds(changes, held):
    shelves = Shelves.in_memory()
    shelf, model = shelves.shelf("s", held=held), {}
    for key, seen in changes:
        if key not in model:
            model[key] = Node(str(key))
            shelf.add(key, Node(str(key)))
        model[key].seen_in.append(seen)
        shelf[key].seen_in.append(seen)
    assert list(shelf.values()) == [model[k] for k in sorted(model)]
    assert len(shelf) == len(model)
    shelves.close()


def test_an_index_finds_every_number_filed_under_any_key_once(shelves):
    index = shelves.index("keys")
    index.add(1, [10, 20, -(2**63)])
    index.add(2, [20, 2**63 - 1])
    index.add(2, [20])  # filed again: still once
    assert index.found([20]) == {1, 2}
    assert index.found([-(2**63), 2**63 - 1, 99]) == {1, 2}
    assert index.found([]) == set()
    index.add(3, range(1000, 3000))
    assert index.found(range(2500, 2600)) == {3}  # more keys than one query takes


def test_a_ranking_orders_by_first_place_then_names_each_once(shelves):
    ranking = Ranking(shelves, "order")
    for number, article, start in ((0, "b", 5), (1, "a", 9), (2, "a", 3), (3, "b", 5)):
        ranking.add(number, article, start)
    ranking.rank()
    assert list(ranking.ranked()) == [2, 1, 0, 3]
    ranking.name(2, "first")
    assert ranking.taken("first") and not ranking.taken("second")
    assert ranking.name_of(2) == "first"


def test_listed_nodes_read_again_each_time():
    listed = Listed(lambda: iter("abc"), 3)
    assert list(listed) == list(listed) == ["a", "b", "c"]
    assert (len(listed), listed[0], listed[-1]) == (3, "a", "c")
    with pytest.raises(IndexError):
        listed[3]


def test_a_shelf_name_is_an_identifier_used_once():
    shelves = Shelves.in_memory()
    shelves.shelf("nodes")
    for bad in ("nodes", "drop table", "1st"):
        with pytest.raises(ValueError):
            shelves.shelf(bad)
