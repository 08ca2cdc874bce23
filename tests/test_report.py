"""The report page: self-contained, byte-stable, escaped, and drawn by a real browser."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib import RDFS, Literal

from kg.blocs import analyse
from kg.charts import bloc_order, heatmap_svg, timeline_svg
from kg.colours import CRITICAL, SUPPORTIVE
from kg.model import KgError
from kg.report import write_report
from kg.vocab import DKG, country_iri, statement_iri
from tests.browser import chromium, run_chromium, with_probe

DATA = Path(__file__).parent / "data"
EVIL = "</script><img src=x onerror=alert(1)>"
REMOTE = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture()
def graph() -> rdflib.Graph:
    g = rdflib.Graph().parse(DATA / "blocs_swing.ttl")
    g.set((country_iri("TUR"), RDFS.label, Literal(EVIL)))
    g.set((statement_iri("a-2021"), RDFS.label, Literal(f"Letter {EVIL} $x^2$")))
    evidence = next(g.subjects(DKG.evidence, None))
    g.set((evidence, DKG.evidence, Literal(f"He said {EVIL}")))
    return g


@pytest.fixture()
def page(graph, tmp_path) -> str:
    return write_report(graph, tmp_path / "report.html").read_text()


def test_report_holds_every_part(page):
    for part in ('id="blocs"', 'id="swing"', 'id="heatmap"', 'id="timeline"', 'id="graph"'):
        assert part in page
    assert page.count("<svg") == 2
    assert "critical of T00, led by DEU and FRA" in page
    assert "changed side 1 time" in page
    assert "Letter critical of Targetland 2020 \u2192 Letter supportive of Targetland 2021" in page
    # named against declared backers, so a partial list shows as one
    assert "at least 20 <small>(list partial)</small>" in page
    assert 'id="kg-search"' in page and 'id="kg-target"' in page


def test_report_is_self_contained(page):
    assert REMOTE.search(page) is None
    assert "<link" not in page
    assert re.search(r"<(?:script|img|iframe)[^>]*\bsrc=", page) is None
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page


def test_article_strings_appear_only_escaped(page):
    assert EVIL not in page
    assert "<img" not in page
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    # math parsing is off: the dollar signs are drawn as written
    assert "$x^2$" in page


def test_report_is_byte_identical_across_runs(graph, tmp_path):
    first = write_report(graph, tmp_path / "a.html").read_bytes()
    second = write_report(graph, tmp_path / "b.html", report=analyse(graph)).read_bytes()
    assert first == second


def test_charts_are_deterministic_svg_without_dates(graph):
    report = analyse(graph)
    for draw in (heatmap_svg, timeline_svg):
        svg = draw(report)
        assert svg.startswith("<svg") and svg == draw(report)
        assert "<dc:date>" not in svg


def test_heatmap_is_bloc_ordered(graph):
    report = analyse(graph)
    assert bloc_order(report) == [
        *("DEU", "ESP", "FRA", "ITA"),
        *("DZA", "EGY", "NOR", "SDN"),
        *("GHA", "ISL", "TUR"),
    ]


def test_empty_graph_still_makes_a_page(tmp_path):
    page = write_report(rdflib.Graph(), tmp_path / "r.html").read_text()
    assert "No blocs" in page and "no dated statements" in page


def test_unwritable_place_is_a_user_error(graph, tmp_path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(KgError, match="cannot write"):
        write_report(graph, tmp_path / "file" / "r.html")


@pytest.mark.slow
def test_headless_chromium_renders_every_part_offline_and_runs_no_injected_code(graph, tmp_path):
    browser = chromium()
    if browser is None:
        pytest.skip("no chromium on PATH (apt-get install chromium to run this test)")
    html = write_report(graph, tmp_path / "report.html", title=EVIL)
    shipped = html.read_text(encoding="utf-8")
    for hook in ("window.alert", "data-parts", "data-box", "data-drawn-nodes"):
        assert hook not in shipped  # no test hook ships
    dom = run_chromium(browser, tmp_path, "--dump-dom", with_probe(html).as_uri())
    assert 'data-parts="blocs swing heatmap timeline graph"' in dom
    assert 'data-drawn-nodes="11"' in dom
    assert 'data-alerted="yes"' not in dom
    assert "<img" not in dom

    boxes = {
        part: [int(v) for v in box.split(",")]
        for part, box in re.findall(r'id="(\w+)" class="part" data-box="([\d,-]+)"', dom)
    }
    shot = tmp_path / "report.png"
    run_chromium(browser, tmp_path, f"--screenshot={shot}", html.as_uri())
    from matplotlib.image import imread

    pixels = (imread(shot)[:, :, :3] * 255).astype(int)
    assert pixels.shape[:2] == (3600, 1300)

    def share(part: str, colour: tuple[int, int, int]) -> float:
        x, y, w, h = boxes[part]
        box = pixels[y : y + h, x : x + w]
        near = (abs(box - colour).sum(axis=2) < 60).sum()
        return near / (w * h)

    # the heatmap's yellow (agree) and deep blue (disagree); one colour per stance in the
    # graph and the timeline: the critical bloc is drawn as critical statements are
    assert share("heatmap", CIVIDIS_ONE) > 0.02
    assert share("heatmap", CIVIDIS_ZERO) > 0.02
    for colour in (CRITICAL, SUPPORTIVE):
        assert share("graph", _rgb(colour)) > 0.001
    assert share("timeline", _rgb(CRITICAL)) > 0


@pytest.mark.slow
def test_report_bytes_do_not_depend_on_the_process_hash_seed(tmp_path):
    script = (
        "import sys, rdflib; from kg.report import write_report; "
        "write_report(rdflib.Graph().parse(sys.argv[1]), sys.argv[2])"
    )
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"r{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", script, str(DATA / "blocs_quarrels.ttl"), str(out)],
            env=env,
            check=True,
            timeout=120,
        )
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


CIVIDIS_ZERO, CIVIDIS_ONE = (0, 34, 77), (254, 232, 56)


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
