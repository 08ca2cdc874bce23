"""Time and memory of `kg build` on articles made to be slow: each must stay bounded.

Every input is one article under the size limit whose shape once made a step
grow faster than the text (pairing quote marks, scanning the doc per mention,
tokenizing a run without spaces). The per-article budget (kg/text.py) and the
steps' own algorithms must keep each build under BUDGET_SECONDS and
BUDGET_MB of memory on two cores.

Run as a script: ``python -m benchmarks.bench_hostile [NAME ...]`` prints one
row per input (seconds, peak memory, the warning line); each build runs in its
own process so its peak memory is its own. With pytest
(``pytest benchmarks/bench_hostile.py``) each input is a test; the default
``pytest`` run does not collect this folder.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

BUDGET_SECONDS = 60.0
BUDGET_MB = 2048
SIZE = 960_000  # characters: about the size of the inputs that once ran past 300 s
DATA = Path(__file__).resolve().parents[1] / "data"


def _repeated(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _one_sentence() -> str:
    words = "the minister of France said that China would support the resolution in Geneva"
    return _repeated(words + " ", 200_000).rstrip() + ".\n"


def _news() -> str:
    """The shipped articles one after another, over and over: news at its densest."""
    bodies = [
        p.read_text(encoding="utf-8").split("\n---\n", 1)[-1] for p in sorted(DATA.glob("*.txt"))
    ]
    return _repeated("\n\n".join(bodies) + "\n\n")


INPUTS: dict[str, Callable[[], str]] = {
    "news, repeated": _news,
    "short lines": lambda: "France.\n" * 120_000,
    "one long sentence": _one_sentence,
    "quote marks": lambda: '"' * 100_000,
    "quoted speech": lambda: _repeated('"We agree," France said on Tuesday. '),
    "country lists": lambda: _repeated(
        "France, China, Russia, Germany and Britain backed the joint statement on Nov. 16.\n"
    ),
    "dates": lambda: _repeated("On Tuesday, Nov. 16-17, 2019, last week and in July 2020 "),
    "names": lambda: _repeated("Foreign Minister Wang Yi told Mr Lavrov and Ms Pierce. "),
    "one word": lambda: "x" * SIZE,
    "punctuation run": lambda: "!" * SIZE,
    "size limit": lambda: _repeated("France.\n", 20 * 1024 * 1024 - 64),
}


def measure(name: str, folder: Path) -> dict:
    """Build one input in this process: seconds, peak memory and the warnings."""
    from kg.pipeline import build

    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / "article.txt").write_text(INPUTS[name](), encoding="utf-8")
    started = time.perf_counter()
    summary = build([corpus], folder / "out" / "kg.ttl", incremental=False)
    return {
        "input": name,
        "seconds": round(time.perf_counter() - started, 1),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "warnings": list(summary.warnings),
    }


def measure_apart(name: str) -> dict:
    """`measure` in a fresh process, so the peak memory is this input's alone."""
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_hostile", "--one", name, tmp],
            capture_output=True,
            text=True,
            timeout=BUDGET_SECONDS * 5,
            check=True,
        )
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("name", list(INPUTS))
def test_hostile_input_builds_within_budget(name: str) -> None:
    row = measure_apart(name)
    assert row["seconds"] < BUDGET_SECONDS, row
    assert row["peak_mb"] < BUDGET_MB, row


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        print(json.dumps(measure(argv[1], Path(argv[2]))))
        return
    for name in argv or list(INPUTS):
        row = measure_apart(name)
        cut = "; ".join(row["warnings"]) or "-"
        print(f"{name:18} {row['seconds']:6.1f} s {row['peak_mb']:6,} MB  {cut[-110:]}")


if __name__ == "__main__":
    main(sys.argv[1:])
