"""Query answers in the W3C SPARQL 1.1 results formats, as pyoxigraph writes them, streamed."""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest

from kg.results import csv_results, json_boolean, json_results, tsv_results
from kg.sparql import term_of

XSD = "http://www.w3.org/2001/XMLSchema#"
DATA = f"""
<http://ex/s1> <http://ex/p> "Genève" .
<http://ex/s2> <http://ex/p> "a \\"quoted\\", comma"@en .
<http://ex/s3> <http://ex/p> "two\\nlines\\tand a tab" .
<http://ex/s4> <http://ex/p> "3"^^<{XSD}integer> .
<http://ex/s5> <http://ex/p> "2021-10-21"^^<{XSD}date> .
<http://ex/s6> <http://ex/p> _:b0 .
<http://ex/s7> <http://ex/p> <http://ex/o?x=1&y=%C3%A9> .
<http://ex/s8> <http://ex/q> "unbound p" .
"""
QUERY = "SELECT ?s ?o ?x WHERE { ?s ?p ?o OPTIONAL { ?s <http://ex/none> ?x } } ORDER BY ?s"


STORE = ox.Store()
STORE.load(DATA.encode(), format=ox.RdfFormat.N_TRIPLES)


def _store() -> ox.Store:
    return STORE  # one store: its blank nodes keep their labels from query to query


def _ours(write) -> str:
    solutions = _store().query(QUERY)
    names = [v.value for v in solutions.variables]
    rows = [[term_of(solution[n]) for n in names] for solution in solutions]
    return "".join(write(names, iter(rows)))


def _theirs(fmt: ox.QueryResultsFormat) -> str:
    buffer = io.BytesIO()
    _store().query(QUERY).serialize(buffer, fmt)
    return buffer.getvalue().decode("utf-8")


def test_json_is_the_w3c_format_as_pyoxigraph_writes_it():
    ours = json.loads(_ours(json_results))
    assert ours == json.loads(_theirs(ox.QueryResultsFormat.JSON))
    assert ours["results"]["bindings"][5]["o"]["type"] == "bnode"


def test_csv_is_the_w3c_format_as_pyoxigraph_writes_it():
    assert _ours(csv_results) == _theirs(ox.QueryResultsFormat.CSV)


def test_tsv_gives_each_term_as_n_triples_writes_it():
    solutions = list(_store().query(QUERY))
    lines = _ours(tsv_results).splitlines()
    assert lines[0] == "?s\t?o\t?x"
    for line, solution in zip(lines[1:], solutions, strict=True):
        s, o, x = line.split("\t")
        assert (s, o, x) == (str(solution["s"]), str(solution["o"]), "")


def test_an_ask_answer_in_json():
    assert json.loads(json_boolean(True)) == {"head": {}, "boolean": True}


def test_rows_are_written_as_they_come():
    def rows():
        yield [term_of(ox.Literal("Genève"))]
        raise AssertionError("read past the first row before writing it")

    for write in (json_results, csv_results, tsv_results):
        pieces = write(["name"], rows())
        next(pieces)
        assert "Genève" in next(pieces)


@pytest.mark.parametrize("write", [json_results, csv_results, tsv_results])
def test_every_piece_ends_a_line(write):
    """A message after a stream cut short then starts on a line of its own."""
    solutions = _store().query(QUERY)
    rows = [[term_of(s[v]) for v in ("s", "o", "x")] for s in solutions]
    pieces = list(write(["s", "o", "x"], iter(rows)))
    assert all(piece.endswith("\n") for piece in pieces[1:])
