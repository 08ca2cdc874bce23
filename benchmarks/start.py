"""How fast do the reading commands start? Import time per command, and whole runs.

    python -m benchmarks.start [--graph exports/kg.ttl] [--runs 5]

A command starts once Python has imported what it needs: `kg.cli`, then the module
of its work (`kg.querying` for `kg query`, `kg.blocs` for `kg blocs`, `kg.explain` for
`kg explain`). Each is measured with `python -X importtime` in a fresh interpreter,
the best of `--runs`; then whole runs of `kg query 'ASK { ?s ?p ?o }'`, `kg blocs`
and `kg explain dkgr:country/GBR` on the graph, wall clock, the best of `--runs`. The goal: every
start under 0.5 s. JSON goes into benchmarks/results/.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.saved import save_results

COMMANDS = {"query": "kg.querying", "blocs": "kg.blocs", "explain": "kg.explain"}
GOAL_S = 0.5


def import_seconds(modules: str) -> float:
    """Cumulative import time of `modules` (comma-separated) in a fresh interpreter."""
    found = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {modules}"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    total = 0
    for line in found.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[2].strip() and not parts[2].startswith("  "):
            total += int(parts[1]) if parts[1].strip().isdigit() else 0  # top-level imports only
    return total / 1e6


def run_seconds(args: list[str]) -> float:
    kg = Path(sys.executable).with_name("kg")
    started = time.perf_counter()
    subprocess.run([str(kg), *args], capture_output=True, check=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", default="exports/kg.ttl")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    rows = [
        {
            "what": "import kg.cli",
            "seconds": min(import_seconds("kg.cli") for _ in range(args.runs)),
        }
    ]
    for command, module in COMMANDS.items():
        best = min(import_seconds(f"kg.cli, {module}") for _ in range(args.runs))
        rows.append({"what": f"kg {command}: start (import kg.cli, {module})", "seconds": best})
    runs = {
        "query": ["query", "ASK { ?s ?p ?o }", "--graph", args.graph],
        "blocs": ["blocs", "--graph", args.graph],
        "explain": ["explain", "dkgr:country/GBR", "--graph", args.graph],
    }
    for command, argv_ in runs.items():
        best = min(run_seconds(argv_) for _ in range(args.runs))
        rows.append({"what": f"kg {command}: whole run on {args.graph}", "seconds": best})
    for row in rows:
        row["seconds"] = round(row["seconds"], 3)
        print(f"{row['what']:<60} {row['seconds']:>7.3f} s")
    starts = [r["seconds"] for r in rows if "start" in r["what"]]
    print(f"every start under {GOAL_S} s: {'yes' if max(starts) < GOAL_S else 'NO'}")
    save_results("start", {"rows": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
