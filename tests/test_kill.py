"""`kg build` killed in every phase leaves the last complete set; builds on one output take turns.

Each build runs in its own process and is killed from outside (SIGKILL) when
the output folder shows it has reached a phase, after a seeded random delay, or
at a seeded random time: no hook in the product decides where it dies.
"""

from __future__ import annotations

import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.cache import ENTRY
from kg.pipeline import build
from tests.conftest import TEST_DATA

pytestmark = pytest.mark.slow

NAMES = ("kg.ttl", "kg.trig", "kg.html")
PHASES = ("parse", "resolve", "turtle", "trig", "page", "switch", "cleanup", "random")
KILLS_PER_PHASE = 3
TRIES_PER_PHASE = 16  # the page phase is short: the page reads a small table, not the store
EXTRA = """---
title: Ruritania rebuked
publisher: Test Wire
published: 2021-03-10
---
France, Germany and Japan on Monday signed a joint statement at the UN Human Rights Council criticising Ruritania.
"""
LOCK_LINE = "error: another build is writing {}/; wait for it or use another -o"


class Output:
    """The folder a build writes to, as a reader and a cleaner would see it."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.folder = out.parent
        self.home = out.parent / ".kg-exports"
        self.cache = out.parent / ".kg-cache"

    def visible(self) -> tuple[bytes, ...]:
        return tuple((self.folder / name).read_bytes() for name in NAMES)

    def set_folders_behind_paths(self) -> set[Path]:
        return {Path(os.path.realpath(self.folder / name)).parent for name in NAMES}

    def current(self) -> str | None:
        try:
            return os.readlink(self.home / "current")
        except OSError:
            return None

    def unfinished_set(self) -> Path | None:
        current = self.current()
        for entry in _entries(self.home):
            if entry.is_dir() and not entry.is_symlink() and entry.name != current:
                return entry
        return None

    def cache_entries(self) -> list[Path]:
        return [p for p in _entries(self.cache) if ENTRY.fullmatch(p.name)]

    def unexpected_files(self) -> list[Path]:
        """Everything a finished build should not leave: temporary files, unfinished sets."""
        expected = {self.folder / name for name in NAMES}
        expected |= {self.home, self.cache, self.home / "current", self.home / "lock"}
        current = self.home / (self.current() or "?")
        expected |= {current, *(current / name for name in (*NAMES, "build.json"))}
        expected |= set(self.cache_entries())
        store = current / "store"  # the set's Oxigraph store: its files are its own
        return sorted(
            p for p in set(self.folder.rglob("*")) - expected - {store} if store not in p.parents
        )


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except FileNotFoundError:
        return []


def start_build(corpus: Path, out: Path) -> subprocess.Popen:
    command = "from kg.cli import main; main()"
    args = [sys.executable, "-c", command, "build", str(corpus), "-o", str(out), "--no-report"]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def kill_when(process: subprocess.Popen, reached: Callable[[], bool], delay: float) -> bool:
    """SIGKILL the build `delay` seconds after `reached()`; whether it died by the kill."""
    while process.poll() is None:
        if reached():
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            process.communicate()
            return process.returncode == -signal.SIGKILL
        time.sleep(0.0005)
    process.communicate()
    return False


def phase_reached(phase: str, output: Output, articles: int, at: float) -> Callable[[], bool]:
    """A test of the output folder (or the clock) that holds once the build is in `phase`."""
    before = output.current()
    started = time.monotonic()

    def staged(name: str) -> bool:
        folder = output.unfinished_set()
        return folder is not None and (folder / name).is_file()

    return {
        "parse": lambda: len(output.cache_entries()) >= 1,
        "resolve": lambda: len(output.cache_entries()) >= articles,
        "turtle": lambda: output.unfinished_set() is not None,
        "trig": lambda: staged("kg.ttl"),
        "page": lambda: staged("kg.trig"),
        "switch": lambda: staged("kg.html"),
        "cleanup": lambda: output.current() != before,
        "random": lambda: time.monotonic() >= started + at,
    }[phase]


@pytest.fixture()
def corpora(tmp_path) -> dict[Path, int]:
    """Two corpora (and their article counts) whose graphs differ, so a mixed set would show."""
    small = tmp_path / "small"
    shutil.copytree(TEST_DATA / "dev", small)
    large = tmp_path / "large"
    shutil.copytree(TEST_DATA / "dev", large)
    (large / "extra.txt").write_text(EXTRA, encoding="utf-8")
    return {small: 3, large: 4}


def fresh_set(corpus: Path, out: Path) -> tuple[bytes, ...]:
    build([corpus], out, incremental=False, page="kg.html")
    return Output(out).visible()


def test_builds_killed_in_every_phase_leave_one_whole_set(corpora, tmp_path):
    small, large = corpora
    expected = {c: fresh_set(c, tmp_path / f"fresh-{c.name}" / "kg.ttl") for c in corpora}
    assert expected[small] != expected[large]
    output = Output(tmp_path / "out" / "kg.ttl")
    started = time.monotonic()
    assert start_build(small, output.out).wait() == 0
    duration = time.monotonic() - started
    rng = random.Random(13)
    landed: Counter[str] = Counter()
    tries: Counter[str] = Counter()
    target = small
    for phase in PHASES:
        while landed[phase] < KILLS_PER_PHASE and tries[phase] < TRIES_PER_PHASE:
            tries[phase] += 1
            target = large if target == small else small
            before = output.visible()
            if phase in {"parse", "resolve"}:
                for entry in output.cache_entries():
                    entry.unlink()  # so that every article is parsed again
            process = start_build(target, output.out)
            at = rng.uniform(0.2, duration)
            reached = phase_reached(phase, output, corpora[target], at)
            landed[phase] += kill_when(process, reached, rng.uniform(0, 0.02))
            # Killed or not, readers see one whole set: the one before or the new one.
            assert output.visible() in {before, expected[target]}, phase
            assert len(output.set_folders_behind_paths()) == 1, phase
            for entry in output.cache_entries():
                assert pickle.loads(entry.read_bytes())[1].article.id
            # The next build cleans up after the killed one and equals a fresh build.
            build([target], output.out, page="kg.html")
            assert output.visible() == expected[target], phase
            assert output.unexpected_files() == [], phase
    print(f"kills by phase {dict(landed)}, tries {dict(tries)}")
    assert landed == Counter(dict.fromkeys(PHASES, KILLS_PER_PHASE)), dict(tries)


def test_two_builds_on_one_output_take_turns(corpora, tmp_path):
    small, large = corpora
    out = tmp_path / "out" / "kg.ttl"
    builds = [start_build(small, out), start_build(large, out)]
    results = [(*p.communicate(), p.returncode) for p in builds]
    for _, stderr, code in results:
        assert code == 0 or stderr.splitlines() == [LOCK_LINE.format(out.parent)]
    # Taking turns, the second reuses the three articles the first parsed; side by side,
    # both would parse everything. Either way the first starts from nothing.
    unchanged = sorted(_unchanged(stdout) for stdout, _, code in results if code == 0)
    assert unchanged in ([0], [0, 3])
    output = Output(out)
    assert len(output.set_folders_behind_paths()) == 1
    assert output.unexpected_files() == []


def _unchanged(summary: str) -> int:
    """N in the summary's first line, "articles read   4 (N unchanged since the last build)"."""
    return int(summary.splitlines()[0].split("(")[1].split()[0])


def test_a_build_stops_while_another_holds_the_lock_and_goes_once_it_is_killed(corpora, tmp_path):
    small = next(iter(corpora))
    out = tmp_path / "out" / "kg.ttl"
    script = (
        "import sys, time; from pathlib import Path; from kg.exports import build_lock\n"
        "with build_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(120)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(out)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        refused = start_build(small, out)
        _, stderr = refused.communicate()
        assert refused.returncode == 1
        assert stderr.splitlines() == [LOCK_LINE.format(out.parent)]
        assert not out.exists()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate()
    after = start_build(small, out)
    after.communicate()
    assert after.returncode == 0 and out.is_file()
