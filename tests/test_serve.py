"""`kg serve`: the export behind Oxigraph's read-only SPARQL server, queried over HTTP."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.resources import QUERIES, read_text
from kg.serve import STAMP, ready_store, server_program

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ask(url: str, query: str) -> dict:
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        url + "query", data=body, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read() if server.stderr else ""
        try:
            _ask(url, "ASK {}")
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError("the server did not answer within a minute")


def _serve(graph, *options):
    port = _free_port()
    args = ["serve", "--graph", str(graph), "--port", str(port), *options]
    server = subprocess.Popen(
        [sys.executable, "-c", "from kg.cli import main; main()", *args],
        stderr=subprocess.PIPE,
        text=True,
    )
    return f"http://127.0.0.1:{port}/", server


@pytest.fixture()
def served(seed_build, tmp_path):
    """`kg serve` on the shipped corpus's export, on a free port; stopped after the test."""
    _, _, graph = seed_build
    url, server = _serve(graph, "--store", str(tmp_path / "store"))
    try:
        _wait_until_up(url, server)
        yield url, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_build_output_is_served_from_the_store_the_build_wrote(seed_build):
    _, _, graph = seed_build
    url, server = _serve(graph)
    try:
        _wait_until_up(url, server)
        answer = _ask(url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert int(answer["results"]["bindings"][0]["n"]["value"]) > 1000
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not (graph.parent / ".kg-store").exists()  # nothing loaded


def test_a_competency_query_runs_over_http(served):
    url, _ = served
    answer = _ask(url, read_text(QUERIES, "backers-of-statement.rq"))
    rows = answer["results"]["bindings"]
    assert len(rows) >= 20
    assert all(row["iso3"]["type"] == "literal" for row in rows if "iso3" in row)


def test_each_article_is_a_named_graph_and_all_are_the_default(served, seed_build):
    url, _ = served
    _, ds, _ = seed_build
    graphs = _ask(url, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    named = len([g for g in ds.graphs() if g.identifier != ds.default_graph.identifier])
    assert int(graphs["results"]["bindings"][0]["n"]["value"]) == named
    everything = _ask(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(everything["results"]["bindings"][0]["n"]["value"]) > 1000


def test_the_server_refuses_updates(served):
    url, _ = served
    body = urllib.parse.urlencode({"update": "CLEAR ALL"}).encode()
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(urllib.request.Request(url + "update", data=body), timeout=10)


def test_the_store_is_loaded_once_and_again_when_the_export_changes(seed_build, tmp_path):
    _, _, graph = seed_build
    copy = tmp_path / "kg.ttl"
    copy.write_bytes(graph.read_bytes())
    copy.with_suffix(".trig").write_bytes(graph.with_suffix(".trig").read_bytes())
    store = ready_store(copy, tmp_path / "store")
    stamp = (store / STAMP).read_text()
    assert ready_store(copy, store) == store and (store / STAMP).read_text() == stamp
    time.sleep(0.01)
    copy.with_suffix(".trig").write_bytes(graph.with_suffix(".trig").read_bytes() + b"\n")
    ready_store(copy, store)
    assert (store / STAMP).read_text() != stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.trig", "kg.ttl", "store"]


def test_a_busy_port_and_a_missing_graph_are_one_line(seed_build, tmp_path):
    _, _, graph = seed_build
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(
            main, ["serve", "--graph", str(graph), "--store", str(tmp_path / "s"), "--port",
                   str(port)],
        )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port} (")
    missing = CliRunner().invoke(main, ["serve", "--graph", str(tmp_path / "none.ttl")])
    assert (missing.exit_code, missing.stderr) == (
        1,
        f"error: {tmp_path / 'none.ttl'}: no such graph file (run `kg build` first)\n",
    )


def test_the_server_program_is_installed():
    assert Path(server_program()).exists()
