"""The report page as a reader sees it, at a wide and a narrow window: the screenshots in
tests/screenshots/ are made here, and what can be checked by machine is checked."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import rdflib

from kg.layout import Box, meeting
from kg.report import write_report
from tests.browser import chromium, run_chromium, with_head, with_probe

DATA = Path(__file__).parent / "data"
SHOTS = Path(__file__).parent / "screenshots"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> str:
    found = chromium()
    if found is None:
        pytest.skip("no chromium on PATH (apt-get install chromium to run this test)")
    return found


def _attribute(dom: str, name: str) -> str:
    found = re.search(rf'{name}="([^"]*)"', dom)
    assert found, f"the page never set {name}"
    return found.group(1)


def _label_overlaps(dom: str) -> list[tuple[str, str]]:
    """Nodes whose dot or label meets another's, from the boxes vis-network drew."""
    drawn = json.loads(_attribute(dom, "data-boxes").replace("&quot;", '"'))
    boxes = {
        node: (Box(x - size - 1, y - size - 1, x + size + 1, y + size + 1),
               Box(left, top, left + width, top + height))
        for node, x, y, size, left, top, width, height in drawn
    }  # fmt: skip
    return meeting(boxes)


@pytest.mark.parametrize("width", [1400, 800])
def test_the_report_fits_its_window_and_its_graph_draws_apart(browser, width, tmp_path):
    html = write_report(rdflib.Graph().parse(DATA / "blocs_swing.ttl"), tmp_path / "r.html")
    dom = run_chromium(
        browser, tmp_path, "--dump-dom", with_probe(html).as_uri(), window=f"{width},1200"
    )
    # no horizontal scroll: the page is exactly as wide as the window's inside
    assert _attribute(dom, "data-page-width") == _attribute(dom, "data-viewport-width")
    assert _attribute(dom, "data-parts") == "blocs swing heatmap timeline graph"
    assert _attribute(dom, "data-drawn-nodes") == "11"
    assert _label_overlaps(dom) == []
    # the page ends where the graph, its last part, ends: no blank band below
    page_height = int(_attribute(dom, "data-page-height"))
    graph = [int(v) for v in _attribute(dom, 'id="graph" class="part" data-box').split(",")]
    assert 0 <= page_height - (graph[1] + graph[3]) < 40

    shot = SHOTS / f"report-{width}.png"
    run_chromium(
        browser,
        tmp_path,
        f"--screenshot={shot}",
        html.as_uri(),
        window=f"{width},{page_height}",
    )
    from PIL import Image

    with Image.open(shot) as taken:
        assert taken.size == (width, page_height)
        small = taken.convert("RGB").quantize(colors=128)  # kept in the repository: small
    small.save(shot, optimize=True)


# Each line: what the reader does, then what the page says. Run after the page's own script.
ACTIONS = """<script>
window.addEventListener("load", function () {
  function set(id, value) {
    var field = document.getElementById(id);
    if (field.type === "checkbox") field.checked = value; else field.value = value;
    field.dispatchEvent(new Event("change"));
  }
  function said() {
    var message = document.getElementById("kg-message");
    return (message.hidden ? "(hidden) " : "") + message.textContent + " | " +
      document.getElementById("kg-shown").textContent;
  }
  var heard = [];
  set("kg-since", "2022-01"); set("kg-until", "2022-03"); heard.push(said());
  set("kg-search", "Iceland"); heard.push(said());
  set("kg-since", ""); set("kg-until", ""); set("kg-search", "XYZ"); heard.push(said());
  set("kg-search", ""); set("kg-since", "2020-1"); heard.push(said());
  set("kg-since", ""); heard.push(said());
  var network = window.probedNetwork, all = network.body.edgeIndices.length;
  set("kg-disagree", false);
  heard.push("edges " + all + " then " + network.body.edgeIndices.length);
  document.body.setAttribute("data-heard", JSON.stringify(heard));
});
</script>"""


def test_filters_that_leave_nothing_say_why(browser, tmp_path):
    html = write_report(rdflib.Graph().parse(DATA / "blocs_swing.ttl"), tmp_path / "r.html")
    page = with_head(with_probe(html), ACTIONS, "acted")
    dom = run_chromium(browser, tmp_path, "--dump-dom", page.as_uri())
    heard = json.loads(_attribute(dom, "data-heard").replace("&quot;", '"'))
    assert heard[:5] == [
        "No country took a position between 2022-01 and 2022-03. | 0 of 11 countries shown",
        "No country took a position between 2022-01 and 2022-03. Iceland (ISL) is hidden: it"
        " took no position between 2022-01 and 2022-03. | 0 of 11 countries shown",
        "No country matches \u201cXYZ\u201d. | 11 of 11 countries shown",
        "\u201c2020-1\u201d is not a date (write YYYY, YYYY-MM or YYYY-MM-DD), so it is ignored."
        " | 11 of 11 countries shown",
        "(hidden)  | 11 of 11 countries shown",
    ]
    shown, hidden = re.fullmatch(r"edges (\d+) then (\d+)", heard[5]).groups()
    assert int(shown) > int(hidden) > 0  # the box hides disagreement, agreement stays
