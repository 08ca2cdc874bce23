"""SPARQL for people: predeclared prefixes, parameters, typed terms, one-line syntax errors."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.model import KgError
from kg.sparql import PREFIXES, Term, bind_params, parse_param, syntax_message, term_of

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("from=2021-10-01", ("from", Term("literal", "2021-10-01", XSD + "date"))),
        ("iso=GBR", ("iso", Term("literal", "GBR", XSD + "string"))),
        ("label=Zhang Jun", ("label", Term("literal", "Zhang Jun", XSD + "string"))),
        ('label="Zhang Jun"@en', ("label", Term("literal", "Zhang Jun", None, "en"))),
        ("n=3", ("n", Term("literal", "3", XSD + "integer"))),
        ("c=0.8", ("c", Term("literal", "0.8", XSD + "decimal"))),
        ("ok=true", ("ok", Term("literal", "true", XSD + "boolean"))),
        ("?s=<http://ex/a>", ("s", Term("uri", "http://ex/a"))),
        ("kind=dkg:Backing", ("kind", Term("uri", PREFIXES["dkg"] + "Backing"))),
        ("when=2019", ("when", Term("literal", "2019", XSD + "integer"))),
    ],
)
def test_a_parameter_is_read_as_sparql_writes_terms(given, expected):
    assert parse_param(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("from", "give it as NAME=VALUE"),
        ("1x=3", "give it as NAME=VALUE"),
        ("kind=nope:Backing", "unknown prefix 'nope'"),
        ("day=2021-02-30", "not a day of the calendar"),
    ],
)
def test_a_bad_parameter_is_one_line(given, message):
    with pytest.raises(KgError, match=message):
        parse_param(given)


def _rows(store: ox.Store, sparql: str) -> list[str]:
    return [str(s[0]) for s in store.query(sparql, prefixes=PREFIXES)]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    found = ox.Store()
    found.load(
        b"""<http://ex/a> <http://ex/on> "2021-10-01"^^<http://www.w3.org/2001/XMLSchema#date> .
            <http://ex/b> <http://ex/on> "2022-03-01"^^<http://www.w3.org/2001/XMLSchema#date> .
            <http://ex/a> <http://ex/says> "{ not a brace } # nor a comment" .""",
        format=ox.RdfFormat.N_TRIPLES,
    )
    return found


def test_a_parameter_is_there_for_the_filters_of_the_pattern(store):
    query = """# dates { in a comment }
    SELECT ?s WHERE {
      ?s <http://ex/on> ?d .
      BIND (COALESCE(STR(?from), "0000") AS ?since)
      FILTER (STR(?d) >= ?since)
    } ORDER BY ?s"""
    assert _rows(store, bind_params(query, {})) == ["<http://ex/a>", "<http://ex/b>"]
    later = bind_params(query, dict([parse_param("from=2022-01-01")]))
    assert _rows(store, later) == ["<http://ex/b>"]
    assert later.count("\n") == query.count("\n")  # the engine's line numbers stay the query's


def test_a_parameter_skips_braces_in_strings_iris_and_templates(store):
    query = """PREFIX ex: <http://ex/>
    CONSTRUCT { ?s <http://ex/said> "}" } WHERE { ?s <http://ex/says> ?text }"""
    bound = bind_params(query, {"s": Term("uri", "http://ex/a")})
    assert "WHERE { VALUES ?s { <http://ex/a> }  ?s" in bound
    assert len(list(store.query(bound))) == 1


def test_a_parameter_must_name_a_variable_of_a_pattern():
    with pytest.raises(KgError, match=r"--param lable: the query has no variable \?lable"):
        bind_params("SELECT ?label WHERE { ?s ?p ?label }", {"lable": Term("literal", "x")})
    with pytest.raises(KgError, match="CONSTRUCT { ... } WHERE"):
        bind_params("CONSTRUCT WHERE { ?s ?p ?o }", {"o": Term("literal", "x")})
    with pytest.raises(KgError, match="no WHERE pattern"):
        bind_params("DESCRIBE ?s", {"s": Term("uri", "http://ex/a")})


@pytest.mark.parametrize(
    "term",
    [
        ox.NamedNode("http://ex/o?x=1"),
        ox.BlankNode("b0"),
        ox.Literal("plain"),
        ox.Literal('a "quote"\\ and\nnew\tline\r'),
        ox.Literal("Genève", language="fr"),
        ox.Literal("3", datatype=ox.NamedNode(XSD + "integer")),
    ],
)
def test_a_term_is_written_as_n_triples_writes_it(term):
    assert term_of(term).nt() == str(term)


def _message(sparql: str) -> str:
    try:
        ox.Store().query(sparql, prefixes=PREFIXES)
    except SyntaxError as exc:
        return syntax_message(str(exc), sparql)
    raise AssertionError("the query parsed")


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        ("SELEC ?s WHERE { ?s ?p ?o }", "'SELEC' is no query form: did you mean SELECT?"),
        ("SELECT ?s WHER { ?s ?p ?o }", "'WHER' is no SPARQL word: did you mean WHERE?"),
        (
            "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTR (?o) }",
            "line 3, column 11: 'FILTR' is no SPARQL word: did you mean FILTER?",
        ),
        ("SELECT ?s WHERE { ?s a nope:Thing }", "unknown prefix 'nope:'"),
        ("SELECT ?s WHERE { ?s ?p ?o ", "the query ends too soon"),
        ('PREFIX ex: <http://e/>\nASK { ?s ex:p "open }', "line 2, column"),
    ],
)
def test_a_syntax_error_is_one_line_that_says_where_and_what_was_meant(sparql, expected):
    message = _message(sparql)
    assert message.startswith("query: line ") and "\n" not in message
    assert expected in message


def test_the_graphs_prefixes_need_no_declaration_and_a_querys_own_wins(store):
    assert not store.query("ASK { ?s ?p xsd:date }", prefixes=PREFIXES)  # no PREFIX line
    own = "PREFIX dkg: <http://ex/> SELECT ?d WHERE { dkg:a dkg:on ?d }"
    assert _rows(store, own) == ['"2021-10-01"^^<http://www.w3.org/2001/XMLSchema#date>']
