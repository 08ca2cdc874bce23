"""`kg query` reads only the local graph: no spelling of SERVICE, no update, no endless query."""

from __future__ import annotations

import http.server
import multiprocessing
import threading
import time

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.querying import REFUSED_OPENING, REFUSED_SERVICE, REFUSED_UPDATE
from kg.sealed import can_seal

EX = "http://example.org/"
PATTERN = "{ ?s ?p ?o }"

SERVICE_SPELLINGS = {
    "with a space": "SELECT * WHERE { SERVICE <{url}> {pattern} }",
    "no space": "SELECT * WHERE { SERVICE<{url}> {pattern} }",
    "comment then newline": "SELECT * WHERE { SERVICE#to the endpoint\n<{url}> {pattern} }",
    "silent": "SELECT * WHERE { SERVICE SILENT <{url}> {pattern} }",
    "silent, no space": "SELECT * WHERE { SERVICE SILENT<{url}> {pattern} }",
    "prefixed name": "PREFIX ex: <{url}> SELECT * WHERE { SERVICE ex:p {pattern} }",
    "relative to BASE": "BASE <{url}> SELECT * WHERE { SERVICE <sparql> {pattern} }",
    "lower case": "select * where { service <{url}> {pattern} }",
    "mixed case, silent": "SELECT * WHERE { sErViCe silent <{url}> {pattern} }",
    "tab and newlines": "SELECT * WHERE {\n\tSERVICE\n\t<{url}>\n{pattern} }",
    "in a subquery": "SELECT * WHERE { { SELECT * WHERE { SERVICE <{url}> {pattern} } } }",
    "in OPTIONAL": "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <{url}> {pattern} } }",
    "in UNION": "SELECT * WHERE { { ?a ?b ?c } UNION { SERVICE <{url}> {pattern} } }",
    "in GRAPH": "SELECT * WHERE { GRAPH ?g { SERVICE <{url}> {pattern} } }",
    "in MINUS": "SELECT * WHERE { ?a ?b ?c MINUS { SERVICE <{url}> {pattern} } }",
    "in FILTER EXISTS": "SELECT * WHERE { ?a ?b ?c FILTER EXISTS { SERVICE <{url}> {pattern} } }",
    "VALUES-bound variable": "SELECT * WHERE { VALUES ?e { <{url}> } SERVICE ?e {pattern} }",
    "BIND-bound variable": "SELECT * WHERE { BIND (<{url}> AS ?e) SERVICE ?e {pattern} }",
    "in ASK": "ASK { SERVICE <{url}> {pattern} }",
    "in CONSTRUCT": "CONSTRUCT {pattern} WHERE { SERVICE <{url}> {pattern} }",
}

DATASET_CLAUSES = {
    "FROM": "SELECT * FROM <{url}> WHERE {pattern}",
    "FROM NAMED": "SELECT * FROM NAMED <{url}> WHERE { GRAPH ?g {pattern} }",
}

UPDATES = {
    "LOAD": "LOAD <{url}>",
    "LOAD SILENT INTO GRAPH": "LOAD SILENT <{url}> INTO GRAPH <{url}g>",
    "INSERT DATA": "INSERT DATA { <{url}a> <{url}b> <{url}c> }",
    "DELETE WHERE": "DELETE WHERE {pattern}",
    "CLEAR": "CLEAR ALL",
    "DROP": "DROP ALL",
}


class _Listener(http.server.ThreadingHTTPServer):
    """An endpoint on 127.0.0.1 that counts every connection made to it."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections = 0

    def verify_request(self, request, client_address) -> bool:
        self.connections += 1
        return True


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head":{"vars":["s"]},"results":{"bindings":[]}}')

    do_GET = do_POST

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def endpoint():
    server = _Listener()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    """A graph of 1,200 triples: enough for the table's row limit and a cartesian product."""
    path = tmp_path_factory.mktemp("graph") / "kg.ttl"
    lines = [f"<{EX}s{i}> <{EX}p{i % 7}> <{EX}o{i % 40}> ." for i in range(1200)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _query(text: str, graph, *options: str):
    return CliRunner().invoke(main, ["query", text, "--graph", str(graph), *options])


def _spelled(template: str, endpoint) -> str:
    url = f"http://127.0.0.1:{endpoint.server_port}/"
    return template.replace("{url}", url).replace("{pattern}", PATTERN)


def _one_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    return lines[0]


@pytest.mark.parametrize("template", SERVICE_SPELLINGS.values(), ids=SERVICE_SPELLINGS)
def test_every_spelling_of_service_is_refused_without_a_connection(template, endpoint, graph):
    before = endpoint.connections
    result = _query(_spelled(template, endpoint), graph)
    assert result.exit_code == 1
    assert _one_line(result.output) == f"error: {REFUSED_SERVICE}"
    assert endpoint.connections == before == 0


@pytest.mark.parametrize("template", DATASET_CLAUSES.values(), ids=DATASET_CLAUSES)
def test_a_dataset_clause_names_a_graph_it_never_fetches(template, endpoint, graph):
    result = _query(_spelled(template, endpoint), graph, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert endpoint.connections == 0


@pytest.mark.parametrize("template", UPDATES.values(), ids=UPDATES)
def test_updates_are_refused_and_the_graph_is_untouched(template, endpoint, graph):
    before = graph.read_bytes()
    result = _query(_spelled(template, endpoint), graph)
    assert result.exit_code == 1
    assert _one_line(result.output) == f"error: {REFUSED_UPDATE}"
    assert endpoint.connections == 0
    assert graph.read_bytes() == before


@pytest.mark.skipif(not can_seal(), reason="this system cannot seal a process")
@pytest.mark.parametrize("silent", ["", "SILENT"])
def test_a_service_the_check_missed_still_cannot_connect(silent, endpoint, graph, monkeypatch):
    """The sealed query process is the bar: without the parse check, still no connection."""
    monkeypatch.setattr("kg.querying.check_read_only", lambda sparql: None)
    template = f"SELECT * WHERE {{ SERVICE {silent} <{{url}}> {{pattern}} }}"
    result = _query(_spelled(template, endpoint), graph)
    if silent:  # SILENT turns the failure into an empty answer
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1
        assert _one_line(result.output) == f"error: {REFUSED_OPENING}"
    assert endpoint.connections == 0


@pytest.mark.skipif(not can_seal(), reason="this system cannot seal a process")
def test_a_service_too_deep_for_the_check_still_cannot_connect(endpoint, graph):
    """rdflib's parser gives up on deep nesting; the engine reads it, and the seal stops it."""
    template = "SELECT * WHERE " + "{ " * 300 + "SERVICE <{url}> {pattern}" + " }" * 300
    result = _query(_spelled(template, endpoint), graph)
    assert result.exit_code == 1
    assert _one_line(result.output) == f"error: {REFUSED_OPENING}"
    assert endpoint.connections == 0


@pytest.mark.parametrize(
    "select, fmt",
    [("(COUNT(*) AS ?n)", "table"), ("*", "table"), ("*", "json")],
    ids=["counted", "table counting the rest", "json streaming"],
)
def test_a_cartesian_product_stops_at_the_timeout(select, fmt, graph):
    product = f"SELECT {select} WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }}"
    started = time.monotonic()
    result = _query(product, graph, "--timeout", "1", "--format", fmt)
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "error: query: stopped after 1 s (--timeout)"
    assert elapsed < 15  # generous: the point is that it ends, not how fast
    assert multiprocessing.active_children() == []  # the evaluation and its memory are gone


def test_the_table_shows_the_limit_and_counts_the_rest(graph):
    result = _query("SELECT ?s WHERE { ?s ?p ?o }", graph)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-2:] == [
        "(1000 rows)",
        "(200 more rows not shown: raise --limit or use --format csv)",
    ]
    assert len(lines) == 2 + 1000 + 2


def test_limit_sets_the_table_rows(graph):
    result = _query("SELECT ?s WHERE { ?s ?p ?o }", graph, "--limit", "5")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-2:] == [
        "(5 rows)",
        "(1195 more rows not shown: raise --limit or use --format csv)",
    ]


def test_a_table_within_the_limit_says_nothing_more(graph):
    result = _query("SELECT ?s WHERE { ?s ?p ?o }", graph, "--limit", "1200")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "(1200 rows)"


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_csv_and_json_give_every_row_unless_limited(fmt, graph):
    every = _query("SELECT ?s WHERE { ?s ?p ?o }", graph, "--format", fmt)
    limited = _query("SELECT ?s WHERE { ?s ?p ?o }", graph, "--format", fmt, "--limit", "3")
    assert every.exit_code == limited.exit_code == 0
    assert every.output.count(f"{EX}s") == 1200
    assert limited.output.count(f"{EX}s") == 3
    assert "more rows" not in every.output + limited.output
