"""The coalition page: offline, escaped, byte-stable, and drawn by a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
from rdflib import RDFS, Literal

from kg.blocs import analyse
from kg.model import KgError
from kg.render import render_html
from kg.vocab import country_iri

DATA = Path(__file__).parent / "data"
EVIL = "</script><img src=x onerror=alert(1)>"
REMOTE = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*https?://""", re.IGNORECASE)


@pytest.fixture()
def graph() -> rdflib.Graph:
    g = rdflib.Graph().parse(DATA / "blocs_quarrels.ttl")
    g.set((country_iri("VEN"), RDFS.label, Literal(EVIL)))
    return g


@pytest.fixture()
def page(graph, tmp_path) -> str:
    return render_html(graph, tmp_path / "coalitions.html", title=f"Blocs {EVIL}").read_text()


def test_page_loads_nothing_from_the_network(page):
    assert REMOTE.search(page) is None
    assert "<link" not in page
    assert re.search(r"<script[^>]*\bsrc=", page) is None
    assert "bootstrap" not in page
    assert "vis.Network" in page


def test_article_strings_appear_only_escaped(page):
    assert EVIL not in page
    assert "<img" not in page
    # in the heading, HTML-escaped; in the data, JSON with every < and > as \u escapes
    assert "<h1>Blocs &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</h1>" in page
    assert '"label": "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e"' in page


def test_nodes_edges_and_legend(page):
    assert page.count('"shape": "dot"') == 15
    assert page.count("agree on 3 of 3 shared items") == 43
    assert page.count("FIN and IRL agree on 5 of 5 shared items") == 1
    assert "critical of MMR, led by DNK (8)" in page
    assert "supportive of MMR, led by VEN (7)" in page
    assert '"physics": false' in page


def test_output_is_byte_identical_across_runs(graph, tmp_path):
    first = render_html(graph, tmp_path / "a.html").read_bytes()
    second = render_html(graph, tmp_path / "b.html", report=analyse(graph)).read_bytes()
    assert first == second
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.html"]


def test_missing_folder_is_made(graph, tmp_path):
    assert render_html(graph, tmp_path / "new" / "x.html").is_file()


def test_unwritable_place_is_a_user_error(graph, tmp_path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(KgError, match="cannot write"):
        render_html(graph, tmp_path / "file" / "x.html")


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
def test_headless_chromium_draws_every_node_and_runs_no_injected_code(graph, tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("no chromium on PATH (apt-get install chromium to run this test)")
    html = render_html(graph, tmp_path / "coalitions.html", title=EVIL)
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=5000",
        "--dump-dom",
        html.as_uri(),
    ]
    dom = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout
    assert 'data-drawn-nodes="15"' in dom
    assert 'data-xss="false"' in dom
    assert "<img" not in dom
