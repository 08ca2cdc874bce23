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
        if "--dump-dom" not in args or DRAWN in done.stdout:
            break
    return done.stdout
