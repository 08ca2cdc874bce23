"""Every bad input and command-line fault we know of, run as a user runs them.

    python -m benchmarks.bench_bad_inputs [--timeout SECONDS]

Each case is one `kg` command in its own process: the bad inputs of
tests/data/hostile (and the big ones made at run time) built with and without
``--strict``, the inputs shaped to be slow, a pipe, and commands given what they
cannot use (missing or broken graphs, impossible dates, bad options, broken or
networked SPARQL). A case passes when the command ends within the timeout
without a traceback, and, where it must fail, with exit status 1 and one line on
stderr (a mistyped command or option: exit status 2 and click's usage message,
whose one "Error:" line says what). The last line counts cases tried,
tracebacks, hangs and other failures; every count but the first should be 0.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.test_hostile import GOOD, NOTED, READ, SKIPPED, make_corpus

SCRIPT = Path(sys.executable).with_name("kg")  # the console script a user runs
KG = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-c", "from kg.cli import main; main()"]
SLOW_SHAPES = {
    "short-lines.txt": "France.\n" * 120_000,
    "one-long-sentence.txt": "China said " * 18_000 + ".\n",
    "quote-marks.txt": '"' * 100_000,
}


@dataclass(frozen=True)
class Case:
    name: str
    args: list[str]
    fails: bool  # must fail with one line on stderr naming the problem


@dataclass(frozen=True)
class Outcome:
    case: Case
    seconds: float
    exit: int | None  # None: killed at the timeout
    stderr: str

    @property
    def verdict(self) -> str:
        if self.exit is None:
            return "hang"
        if "Traceback" in self.stderr:
            return "traceback"
        lines = self.stderr.splitlines()
        if not self.case.fails:
            return "ok" if self.exit == 0 else "failed"
        if self.exit == 1 and len(lines) == 1:
            return "ok"
        # a mistyped command or option: the usual usage message, its "Error:" line says what
        usage = self.exit == 2 and sum(line.startswith("Error: ") for line in lines) == 1
        return "ok" if usage else "unclear"


def input_cases(corpus: Path, out: Path) -> Iterator[Case]:
    good = str(corpus / "good.txt")
    for path, _, _ in SKIPPED:
        target = str(corpus / path)
        yield Case(f"strict {path}", ["build", target, good, "-o", str(out), "--strict"], True)
        yield Case(f"skip {path}", ["build", target, good, "-o", str(out), "--no-report"], False)
    for path, _ in NOTED:
        yield Case(f"noted {path}", ["build", str(corpus / path), "-o", str(out)], False)
    for name in READ:
        files = sorted((corpus / "files").glob(f"{name}.*"))
        yield Case(f"read {name}", ["build", *map(str, files), "-o", str(out)], False)
    for name, text in SLOW_SHAPES.items():
        (corpus / name).write_text(text)
        yield Case(f"slow {name}", ["build", str(corpus / name), "-o", str(out)], False)
    pipe = corpus / "pipe.txt"
    os.mkfifo(pipe)
    yield Case("pipe", ["build", str(pipe), "-o", str(out)], True)


def command_cases(corpus: Path, graph: Path, scratch: Path) -> Iterator[Case]:
    missing = str(scratch / "missing.ttl")
    not_turtle = str(corpus / "good.txt")
    g = ["--graph", str(graph)]
    bad_gold = scratch / "gold.json"
    bad_gold.write_text("{not json")
    unwritable = "/dev/null/kg.ttl"
    faults = {
        "build a missing path": ["build", str(scratch / "nowhere"), "-o", str(scratch / "o.ttl")],
        "build into an unwritable place": ["build", str(corpus / "good.txt"), "-o", unwritable],
        "blocs on a missing graph": ["blocs", "--graph", missing],
        "blocs on a file that is not Turtle": ["blocs", "--graph", not_turtle],
        "blocs --since an impossible day": ["blocs", *g, "--since", "2019-02-30"],
        "blocs --until not a date": ["blocs", *g, "--until", "soon"],
        "blocs --min-confidence 2": ["blocs", *g, "--min-confidence", "2"],
        "blocs --min-shared 0": ["blocs", *g, "--min-shared", "0"],
        "blocs --format xml": ["blocs", *g, "--format", "xml"],
        "query misspelt": ["query", "SELEC * WHERE { ?s ?p ?o }", *g],
        "query an update": ["query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", *g],
        "query a service": [
            "query",
            "SELECT * WHERE { SERVICE<http://127.0.0.1:9/x> { ?s ?p ?o } }",
            *g,
        ],
        "query a missing .rq file": ["query", str(scratch / "missing.rq"), *g],
        "query --timeout -1": ["query", "SELECT * WHERE { ?s ?p ?o }", *g, "--timeout", "-1"],
        "query --limit -1": ["query", "SELECT * WHERE { ?s ?p ?o }", *g, "--limit", "-1"],
        "query on a missing graph": ["query", "SELECT * WHERE { ?s ?p ?o }", "--graph", missing],
        "validate a missing file": ["validate", missing],
        "validate a file that is not Turtle": ["validate", not_turtle],
        "evaluate with a missing gold": ["evaluate", "--gold", str(scratch / "gold2.json"), *g],
        "evaluate with malformed gold": ["evaluate", "--gold", str(bad_gold), str(graph)],
        "explain an unknown node": ["explain", "https://example.org/nothing", *g],
        "render into an unwritable place": ["render", *g, "-o", "/dev/null/kg.html"],
        "report on a missing graph": ["report", "--graph", missing, "-o", str(scratch / "r.html")],
        "an unknown command": ["bulid"],
    }
    for name, args in faults.items():
        yield Case(name, args, True)


def run(case: Case, timeout: float) -> Outcome:
    started = time.monotonic()
    try:
        done = subprocess.run(
            [*KG, *case.args], capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as stopped:
        err = stopped.stderr.decode(errors="replace") if stopped.stderr else ""
        return Outcome(case, time.monotonic() - started, None, err)
    return Outcome(case, time.monotonic() - started, done.returncode, done.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a hang")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        corpus = make_corpus(scratch / "corpus")
        (scratch / "good").mkdir()
        (scratch / "good" / "good.txt").write_text(GOOD)
        graph = scratch / "graph" / "kg.ttl"
        subprocess.run([*KG, "build", str(scratch / "good"), "-o", str(graph)], check=True,
                       capture_output=True)  # fmt: skip
        cases = [
            *input_cases(corpus, scratch / "out" / "kg.ttl"),
            *command_cases(corpus, graph, scratch),
        ]
        outcomes = []
        for case in cases:
            outcome = run(case, args.timeout)
            outcomes.append(outcome)
            said = [line for line in outcome.stderr.splitlines() if line.strip()]
            told = next(
                (line for line in said if line.startswith("Error: ")), said[0] if said else ""
            )
            print(f"{outcome.verdict:9} {outcome.seconds:6.1f}s  {case.name:45}  {told[:90]}")
    count = {v: sum(o.verdict == v for o in outcomes) for v in ("traceback", "hang")}
    other = len(outcomes) - count["traceback"] - count["hang"]
    other -= sum(o.verdict == "ok" for o in outcomes)
    print(
        f"{len(outcomes)} cases ({sum(c.case.fails for c in outcomes)} must fail in one line): "
        f"{count['traceback']} tracebacks, {count['hang']} hangs, {other} other failures"
    )
    return 0 if count["traceback"] == count["hang"] == other == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
