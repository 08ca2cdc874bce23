"""Headless Chromium for the tests of the HTML views (skipped where it is not installed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

DRAWN = "data-drawn-nodes"


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(browser: str, tmp_path: Path, *args: str, window: str = "1300,3600") -> str:
    """Chromium's output for a page; a busy machine may need a second try to finish drawing."""
    for attempt in range(3):
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={tmp_path / f'profile{attempt}'}",
            "--virtual-time-budget=10000",
            f"--window-size={window}",
            *args,
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=True)
        # the attribute with its value: the page's script names it too, as text
        if "--dump-dom" not in args or f'{DRAWN}="' in done.stdout:
            break
    return done.stdout


# Anything a crafted label might smuggle in would call alert: the page a test opens has
# this put first in its head, and the DOM then tells whether it was called.
ALERT_TRAP = (
    "<script>window.alert = function () {"
    " document.documentElement.setAttribute('data-alerted', 'yes'); };</script>"
)


def with_alert_trap(page: Path) -> Path:
    """A copy of the page with the alert trap first in its head, beside it."""
    return with_head(page, ALERT_TRAP, "trapped")


def with_head(page: Path, scripts: str, name: str) -> Path:
    """A copy of the page, beside it, with `scripts` first in its head: the shipped page
    carries no test hook, the copy a test opens does."""
    text = page.read_text(encoding="utf-8")
    copy = page.with_name(f"{name}-{page.name}")
    copy.write_text(text.replace("<head>", "<head>" + scripts, 1), encoding="utf-8")
    return copy


# What a test reads back from the DOM. vis-network's bundle fills window.vis by plain
# assignment, so a setter laid there first hands over each network the page makes: once
# it has drawn, its container gets the count of nodes drawn and each node's dot and label
# box as vis-network placed them (graph units, label measured in the browser's own font).
# At load the page's width against the viewport's, its height, and each part's box.
PROBE = """<script>
(function () {
  var vis = {}, Traced;
  Object.defineProperty(vis, "Network", {
    configurable: true,
    get: function () { return Traced; },
    set: function (Real) {
      Traced = function (container, data, options) {
        var network = new Real(container, data, options);
        window.probedNetwork = network;
        network.once("afterDrawing", function () { record(container, network); });
        return network;
      };
    }
  });
  window.vis = vis;
  function record(container, network) {
    var boxes = network.body.nodeIndices.map(function (id) {
      var node = network.body.nodes[id], label = node.labelModule.size;
      return [id, node.x, node.y, node.options.size,
              label.left, label.top, label.width, label.height];
    });
    container.setAttribute("data-boxes", JSON.stringify(boxes));
    container.setAttribute("data-drawn-nodes", String(boxes.length));
  }
  window.addEventListener("load", function () {
    var root = document.documentElement, drawn = [];
    root.setAttribute("data-page-width", String(root.scrollWidth));
    root.setAttribute("data-viewport-width", String(root.clientWidth));
    root.setAttribute("data-page-height", String(root.scrollHeight));
    document.querySelectorAll("section.part").forEach(function (part) {
      var box = part.querySelector("table, svg, canvas") || part;
      var rect = box.getBoundingClientRect();
      if (rect.width > 0 && rect.height > 0) drawn.push(part.id);
      part.setAttribute("data-box",
        [rect.left, rect.top, rect.width, rect.height].map(Math.round).join(","));
    });
    document.body.setAttribute("data-parts", drawn.join(" "));
  });
})();
</script>"""


def with_probe(page: Path) -> Path:
    """A copy of the page with the alert trap and the probe first in its head."""
    return with_head(page, ALERT_TRAP + PROBE, "probed")
