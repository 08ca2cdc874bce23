"""Headless Chromium for the tests of the HTML views (skipped where it is not installed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

DRAWN = "data-drawn-nodes"


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(browser: str, tmp_path: Path, *args: str) -> str:
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
            "--window-size=1300,3600",
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
    text = page.read_text(encoding="utf-8")
    trapped = page.with_name(f"trapped-{page.name}")
    trapped.write_text(text.replace("<head>", "<head>" + ALERT_TRAP, 1), encoding="utf-8")
    return trapped
