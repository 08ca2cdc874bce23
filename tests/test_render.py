"""The coalition page: offline, escaped, byte-stable, and drawn by a real browser."""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, Literal

from kg.blocs import Bloc, BlocReport, CountryPosition, analyse
from kg.colours import AGREEMENT, DISAGREEMENT
from kg.layout import overlaps
from kg.measures import Cohesion, Pair
from kg.model import KgError
from kg.render import render_html
from kg.vocab import DKG, country_iri
from tests.browser import chromium, run_chromium, with_alert_trap, with_probe

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
    assert '"name": "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e"' in page
    assert "We stand firm \\u003c/script\\u003e\\u003cimg src=x" in page


def test_nodes_edges_and_legend(page):
    assert page.count('"shape": "dot"') == 15
    assert page.count("agree on 3 of 3 shared items") == 43
    assert page.count("FIN and IRL agree on 5 of 5 shared items") == 1
    assert "critical of MMR, led by DNK (8)" in page
    assert "supportive of MMR, led by VEN (7)" in page
    assert '"physics": false' in page


def page_data(page: str) -> dict:
    """The nodes, edges and options the page hands to vis-network."""
    return json.loads(re.search(r"var data = (\{.*?\});\n", page).group(1))


def test_disagreement_is_drawn_dashed_in_its_own_colour_beside_agreement(page):
    edges = page_data(page)["edges"]
    disagree = [e for e in edges if e["kind"] == "disagree"]
    agree = [e for e in edges if e["kind"] == "agree"]
    assert len(agree) == 44 and len(disagree) == 50
    assert all(e["dashes"] and e["color"]["color"] == DISAGREEMENT for e in disagree)
    assert not any("dashes" in e for e in agree)
    assert {"from": "DNK", "to": "VEN"}.items() <= next(
        e for e in disagree if e["from"] == "DNK" and e["to"] == "VEN"
    ).items()
    assert "DNK and VEN differ on 3 of 3 shared items" in page
    # the legend names both kinds of edge, and a box shows or hides disagreement
    assert f'border-top-color: {DISAGREEMENT}"></span>disagree on most shared items' in page
    assert f'border-top-color: {AGREEMENT}"></span>agree on most shared items' in page
    assert '<input id="kg-disagree" type="checkbox" checked> Show disagreement' in page


def test_disagreement_does_not_move_a_country():
    """The layout is made from agreement alone: a quarrel more leaves every dot in place."""
    report = _many_countries(80)
    quarrel = Pair(report.blocs[0].members[0], report.blocs[1].members[0], 3, 0)
    calmer = _positions(render_html(rdflib.Graph(), _tmp() / "a.html", report=report))
    angrier = replace(report, pairs=[*report.pairs, quarrel])
    assert _positions(render_html(rdflib.Graph(), _tmp() / "b.html", report=angrier)) == calmer


def _tmp() -> Path:
    import tempfile

    return Path(tempfile.mkdtemp())


def _positions(html: Path) -> dict[str, tuple[int, int]]:
    return {n["id"]: (n["x"], n["y"]) for n in page_data(html.read_text())["nodes"]}


@pytest.mark.parametrize("countries", [11, 40, 200])
def test_no_label_runs_over_another_node_or_label(countries, tmp_path):
    html = render_html(rdflib.Graph(), tmp_path / "c.html", report=_many_countries(countries))
    nodes = page_data(html.read_text())["nodes"]
    assert len(nodes) == countries
    assert overlaps(nodes) == []


def test_no_label_overlaps_in_the_test_graphs(page, tmp_path):
    nodes = page_data(page)["nodes"]
    assert [n["label"] for n in nodes][:3] == ["CUB", "DNK", "EST"]  # ISO3: short, one width
    assert overlaps(nodes) == []


def test_the_overlap_check_finds_labels_that_meet():
    near = [
        {"id": "AAA", "x": 0, "y": 0, "size": 10, "label": "AAA"},
        {"id": "BBB", "x": 30, "y": 0, "size": 10, "label": "BBB"},  # dots apart, labels meet
        {"id": "CCC", "x": 0, "y": 40, "size": 10, "label": "CCC"},  # its dot on AAA's label
        {"id": "DDD", "x": 400, "y": 0, "size": 10, "label": "DDD"},
    ]
    assert overlaps(near) == [("AAA", "BBB"), ("AAA", "CCC")]


def test_the_canvas_takes_the_shape_of_the_layout(page):
    aspect = re.search(r"aspect-ratio: (\d+) / (\d+);", page)
    width, height = int(aspect.group(1)), int(aspect.group(2))
    nodes = page_data(page)["nodes"]
    assert max(n["x"] for n in nodes) < width and max(n["y"] for n in nodes) < height
    assert 1.0 < width / height < 4.0
    assert f"max-height: min(750px, {height}px)" in page


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
    shipped = page.read_text(encoding="utf-8")
    assert "window.alert" not in shipped and "data-drawn-nodes" not in shipped  # no test hook
    dom = _draw(browser, with_probe(page), tmp_path)
    assert 'data-drawn-nodes="15"' in dom
    assert 'data-alerted="yes"' not in dom
    assert "<img" not in dom


@pytest.mark.slow
def test_headless_chromium_draws_twelve_hundred_countries(tmp_path):
    browser = chromium()
    if browser is None:
        pytest.skip("no chromium on PATH (apt-get install chromium to run this test)")
    html = render_html(rdflib.Graph(), tmp_path / "many.html", report=_many_countries(1200))
    assert 'data-drawn-nodes="1200"' in _draw(browser, with_probe(html), tmp_path)


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


def test_filter_spans_of_following_days_are_joined_and_months_and_undated_kept(tmp_path):
    g = rdflib.Graph()
    dated = {
        "a": ("2021-03-01", "MMR"),
        "b": ("2021-03-02", "MMR"),
        "c": ("2021-03-03", "RUS"),
        "d": ("2021-03-05", "MMR"),
        "e": ("2021-02", "MMR"),
        "f": (None, "MMR"),
    }
    for name, (date, target) in dated.items():
        s = rdflib.URIRef(f"https://example.org/statement/{name}")
        g.add((s, RDF.type, DKG.Statement))
        g.add((s, DKG.target, country_iri(target)))
        if date:
            g.add((s, DKG.date, Literal(date)))
        for code in ("FIN", "SWE"):
            g.add((s, DKG.backedBy, country_iri(code)))
    facts = page_data(render_html(g, tmp_path / "p.html").read_text())["facts"]
    assert facts["FIN"] == [
        ["", "", "MMR"],
        # a month's last bound is not a day, so the month stays apart from March 1
        ["2021-02-01", "2021-02-31", "MMR"],
        ["2021-03-01", "2021-03-02", "MMR"],
        ["2021-03-03", "2021-03-03", "RUS"],
        ["2021-03-05", "2021-03-05", "MMR"],
    ]
