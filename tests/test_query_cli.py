"""`kg query` as users of RDF tools expect it: every query form, prefixes, parameters, W3C
formats, one-line errors; and every shipped query answers on the shipped corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.resources import QUERIES, package_files, read_text

BY_COUNTRY = str(
    Path(__file__).resolve().parents[1] / "ontology" / "queries" / "statements-by-country.rq"
)


def _query(seed_build, *args: str):
    _, _, out = seed_build
    return CliRunner().invoke(main, ["query", *args, "--graph", str(out)])


def test_ask_prints_true_or_false(seed_build):
    assert _query(seed_build, "ASK { ?s ?p ?o }").output == "true\n"
    assert _query(seed_build, "ASK { ?s a dkg:Nothing }").output == "false\n"
    as_json = _query(seed_build, "ASK { ?s a dkg:Statement }", "--format", "json")
    assert json.loads(as_json.output) == {"head": {}, "boolean": True}


def test_construct_prints_turtle_with_the_graphs_prefixes(seed_build):
    result = _query(
        seed_build,
        "CONSTRUCT { ?s a dkg:Backer } WHERE { ?st dkg:backedBy ?s } ",
    )
    assert result.exit_code == 0, result.output
    assert "@prefix dkg: <https://w3id.org/diplomatic-kg/ontology#> ." in result.output.splitlines()
    triples = list(ox.parse(result.output.encode(), format=ox.RdfFormat.TURTLE))
    assert len(triples) > 5
    assert {str(t.object) for t in triples} == {"<https://w3id.org/diplomatic-kg/ontology#Backer>"}


def test_describe_gives_a_nodes_triples_and_ntriples_on_request(seed_build):
    result = _query(
        seed_build, "DESCRIBE ?p WHERE { ?p rdfs:label 'Zhang Jun' }", "--format", "ntriples"
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines and all(line.endswith(" .") for line in lines)
    assert any('"Zhang Jun"' in line for line in lines)


@pytest.mark.parametrize(
    ("query", "fmt", "message"),
    [
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "csv", "gives a graph: use --format turtle"),
        ("SELECT ?s WHERE { ?s ?p ?o }", "turtle", "gives no graph"),
        ("SELECT ?s WHERE { ?s a nope:Thing }", "table", "unknown prefix 'nope:'"),
        ("SELEC ?s WHERE { ?s ?p ?o }", "table", "did you mean SELECT?"),
    ],
)
def test_a_mistake_is_one_line(seed_build, query, fmt, message):
    result = _query(seed_build, query, "--format", fmt)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]


def test_json_keeps_the_types_of_values(seed_build):
    result = _query(
        seed_build,
        "SELECT ?s ?d WHERE { ?s a dkg:Statement ; dkg:date ?d } ORDER BY ?s LIMIT 1",
        "--format",
        "json",
    )
    (binding,) = json.loads(result.output)["results"]["bindings"]
    assert binding["s"]["type"] == "uri"
    assert binding["d"]["datatype"].startswith("http://www.w3.org/2001/XMLSchema#")


def test_tsv_and_csv_follow_the_w3c_formats(seed_build):
    tsv = _query(seed_build, "SELECT ?s WHERE { ?s a dkg:Country } LIMIT 2", "--format", "tsv")
    assert tsv.output.splitlines()[0] == "?s"
    assert all(line.startswith("<https://") for line in tsv.output.splitlines()[1:])
    csv = _query(seed_build, "SELECT ?s WHERE { ?s a dkg:Country } LIMIT 2", "--format", "csv")
    assert csv.stdout_bytes.startswith(b"s\r\n")  # the W3C's line ending


def test_a_parameter_binds_a_variable_of_a_shipped_query(seed_build):
    every = _query(seed_build, BY_COUNTRY, "--format", "csv")
    one = _query(
        seed_build, BY_COUNTRY, "--param", "iso=GBR",
        "--format", "csv",
    )  # fmt: skip
    assert one.exit_code == 0, one.output
    rows = one.output.splitlines()[1:]
    assert rows and all(row.startswith("GBR,") for row in rows)
    assert len(every.output.splitlines()) > len(one.output.splitlines())
    misspelt = _query(seed_build, BY_COUNTRY, "--param", "isa=GBR")
    assert misspelt.output == "error: --param isa: the query has no variable ?isa\n"


@pytest.mark.parametrize("name", [f.name for f in package_files(QUERIES)])
def test_every_shipped_query_answers_on_the_shipped_corpus(seed_build, name):
    from kg.querying import run_query

    _, _, out = seed_build
    assert run_query(read_text(QUERIES, name), out).rows
