"""The coalition page: offline, escaped, byte-stable, and drawn by a real browser."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, Literal

from kg.blocs import Bloc, BlocReport, CountryPosition, analyse
from kg.measures import Cohesion, Pair
from kg.model import KgError
from kg.render import render_html
from kg.vocab import DKG, country_iri
from tests.browser import chromium, run_chromium, with_alert_trap

DATA = Path(__file__).parent / "data"
EVIL = "</script><img src=x onerror=alert(1)>"
REMOTE = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*https?://""", re.IGNORECASE)


@pytest.fixture()
def graph() -> rdflib.Graph:
    g = rdflib.Graph().parse(DATA / "blocs_quarrels.ttl")
    g.set((country_iri("VEN"), RDFS.label, Literal(EVIL)))
    # a quoted sentence as evidence for every backing, as an article might carry
    for record in list(g.subjects(RDF.type, DKG.Backing)):
        g.set((record, DKG.evidence, Literal(f"\u201cWe stand firm {EVIL}\u201d, he said.")))
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
    assert "We stand firm \\u003c/script\\u003e\\u003cimg src=x" in page


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


def _draw(browser: str, html: Path, tmp_path: Path) -> str:
    return run_chromium(browser, tmp_path, "--dump-dom", html.as_uri())


@pytest.mark.slow
def test_headless_chromium_draws_every_node_and_runs_no_injected_code(graph, tmp_path):
    browser = chromium()
    if browser is None:
        pytest.skip("no chromium on PATH (apt-get install chromium to run this test)")
    page = render_html(graph, tmp_path / "coalitions.html", title=EVIL)
    assert "window.alert" not in page.read_text(encoding="utf-8")  # no test hook ships
    dom = _draw(browser, with_alert_trap(page), tmp_path)
    assert 'data-drawn-nodes="15"' in dom
    assert 'data-alerted="yes"' not in dom
    assert "<img" not in dom


@pytest.mark.slow
def test_headless_chromium_draws_twelve_hundred_countries(tmp_path):
    browser = chromium()
    if browser is None:
        pytest.skip("no chromium on PATH (apt-get install chromium to run this test)")
    html = render_html(rdflib.Graph(), tmp_path / "many.html", report=_many_countries(1200))
    assert 'data-drawn-nodes="1200"' in _draw(browser, html, tmp_path)


def test_tooltips_carry_the_evidence_sentence_and_article_as_plain_text(tmp_path):
    g = rdflib.Graph().parse(DATA / "blocs_swing.ttl")
    evidence = next(g.subjects(DKG.evidence, None))
    g.set((evidence, DKG.evidence, Literal(f"They said {EVIL}")))
    page = render_html(g, tmp_path / "c.html").read_text()
    assert EVIL not in page
    assert (
        "Letter critical of Targetland 2020: \u201cThey said \\u003c/script\\u003e"
        "\\u003cimg src=x onerror=alert(1)\\u003e\u201d (Letters fly over Targetland)"
    ) in page


def test_tooltip_counts_the_statements_it_does_not_show(tmp_path):
    g = rdflib.Graph().parse(DATA / "blocs_swing.ttl")
    report = analyse(g, evidence_per_country=1)
    report = replace(report, evidence_counts={**report.evidence_counts, "TUR": 7})
    page = render_html(g, tmp_path / "c.html", report=report).read_text()
    assert "and 6 more" in page


def test_page_has_search_and_date_and_target_filters(page):
    for control in ('id="kg-search"', 'id="kg-since"', 'id="kg-until"', 'id="kg-target"'):
        assert control in page
    assert '<option value="MMR">Myanmar (MMR)</option>' in page
    # each country's statements as [first day, last day, target], for the filters
    assert (
        '"FIN": [["2021-02-01", "2021-02-31", "MMR"], ["2021-03-10", "2021-03-10", "MMR"]]' in page
    )


def test_layout_of_a_thousand_countries_is_fixed_and_spread(tmp_path):
    report = _many_countries(1200)
    start = time.perf_counter()
    first = render_html(rdflib.Graph(), tmp_path / "a.html", report=report).read_bytes()
    elapsed = time.perf_counter() - start
    assert first == render_html(rdflib.Graph(), tmp_path / "b.html", report=report).read_bytes()
    data = first.decode()
    assert data.count('"physics": false') >= 1200
    coords = set(re.findall(r'"x": (-?\d+), "y": (-?\d+)', data))
    assert len(coords) > 1150  # hardly any two countries on the same spot
    assert elapsed < 60


def _many_countries(n: int) -> BlocReport:
    """n countries in blocs of 40 that agree inside the bloc, built without a graph."""
    codes = [f"C{i:04d}" for i in range(n)]
    groups = [tuple(codes[i : i + 40]) for i in range(0, n, 40)]
    pairs = [Pair(a, b, 3, 3) for g in groups for i, a in enumerate(g) for b in g[i + 1 : i + 4]]
    blocs = [
        Bloc(f"b{k}", f"bloc {k}", g, {}, (), (g[0],), Cohesion(1.0, 1.0, 3))
        for k, g in enumerate(groups)
    ]
    countries = {
        c: CountryPosition(c, f"Country {c}", f"b{i // 40}", 3, {}, 3.0)
        for i, c in enumerate(codes)
    }
    return BlocReport(blocs, countries, [], [], pairs)


@pytest.mark.slow
def test_the_alert_trap_catches_injected_code(tmp_path):
    browser = chromium()
    if browser is None:
        pytest.skip("no chromium on PATH (apt-get install chromium to run this test)")
    page = tmp_path / "evil.html"
    page.write_text("<html><head></head><body><img src=x onerror=alert(1)></body></html>")
    dom = _draw(browser, with_alert_trap(page), tmp_path)
    assert 'data-alerted="yes"' in dom
