"""A table of the triples the bloc analysis reads answers it as the whole graph does."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.blocs import analyse, to_json
from kg.positions import READ_CLASSES, READ_PROPERTIES
from kg.rdf_files import oxigraph_store
from kg.sources import TableSource

DATA = Path(__file__).parent / "data"
EX = "https://example.org/"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _lines(store: ox.Store) -> list[str]:
    """The store's distinct triples as the export's sorting runs hold them."""
    return sorted({str(q.triple) for q in store})


def _table(path: Path, lines: list[str], properties, classes) -> TableSource:
    table = TableSource(path, properties, classes)
    for line in lines:
        table.take(line)
    return table.ready()


@pytest.mark.parametrize("name", ["blocs_quarrels.ttl", "blocs_votes.ttl", "blocs_swing.ttl"])
@pytest.mark.parametrize("limit", [None, 1])
def test_the_analysis_of_a_table_is_the_analysis_of_the_store(tmp_path, monkeypatch, name, limit):
    monkeypatch.setattr(TableSource, "BATCH", 7)  # lines parsed in many small batches
    store = oxigraph_store(DATA / name)
    table = _table(tmp_path / "t.sqlite", _lines(store), READ_PROPERTIES, READ_CLASSES)
    try:
        got = analyse(table, evidence_per_country=limit)
        expected = analyse(store, evidence_per_country=limit)
        assert to_json(got) == to_json(expected)
        assert got.evidence == expected.evidence
        assert got.evidence_counts == expected.evidence_counts
    finally:
        table.close()


def _triple(s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal):
    return str(ox.Triple(s, ox.NamedNode(p), o))


def test_only_wanted_properties_and_classes_are_kept(tmp_path):
    a, b = ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b")
    lines = [
        _triple(a, EX + "wanted", ox.Literal("two words", language="en")),
        _triple(a, EX + "other", ox.Literal("left out")),
        _triple(a, TYPE, ox.NamedNode(EX + "Kept")),
        _triple(b, TYPE, ox.NamedNode(EX + "Kept")),
        _triple(b, TYPE, ox.NamedNode(EX + "Dropped")),
        _triple(b, EX + "wanted", ox.Literal("3", datatype=ox.NamedNode(EX + "int"))),
    ]
    table = _table(tmp_path / "t.sqlite", lines, [EX + "wanted"], [EX + "Kept"])
    try:
        assert sorted(table.pairs(EX + "wanted")) == [(EX + "a", "two words"), (EX + "b", "3")]
        assert list(table.pairs(EX + "other")) == []
        assert sorted(table.typed(EX + "Kept")) == [EX + "a", EX + "b"]
        assert list(table.typed(EX + "Dropped")) == []
        assert table.count_typed(EX + "Kept") == 2
        assert list(table.objects(EX + "b", EX + "wanted")) == ["3"]
        assert list(table.subjects(EX + "wanted", "two words")) == [EX + "a"]
    finally:
        table.close()


def test_a_blank_node_is_one_node_across_batches(tmp_path, monkeypatch):
    monkeypatch.setattr(TableSource, "BATCH", 1)
    node, a = ox.BlankNode("n1"), ox.NamedNode(EX + "a")
    lines = [_triple(a, EX + "p", node), _triple(node, EX + "p", ox.Literal("x"))]
    table = _table(tmp_path / "t.sqlite", lines, [EX + "p"], [])
    try:
        (target,) = table.objects(EX + "a", EX + "p")
        assert list(table.objects(target, EX + "p")) == ["x"]
    finally:
        table.close()


def test_a_line_taken_twice_is_kept_once(tmp_path):
    a = ox.NamedNode(EX + "a")
    line = _triple(a, TYPE, ox.NamedNode(EX + "Kept"))
    table = _table(tmp_path / "t.sqlite", [line, line], [], [EX + "Kept"])
    try:
        assert table.count_typed(EX + "Kept") == 1
    finally:
        table.close()
