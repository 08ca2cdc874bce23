"""How the build scales: one table of speed, cores, memory, resolution and rebuild.

    python -m benchmarks [--jsonl FILE ...] [--scales 1,4,16] [--workers 2]

The 1x corpus is the shipped articles (data/), the test articles (tests/data/dev)
and every JSON Lines file given; 4x and 16x are copies of it under new ids. For
each scale, in a process of its own (so peak memory is that step's alone):

* the bare spaCy pass: the model's own pipeline over the same cleaned texts,
  `nlp.pipe` only, in words per CPU-second;
* `kg build --fresh`: words per CPU-second (everything: start, model, parse,
  extract, resolve, write), its ratio to the bare pass, its peak memory and the
  CPU of its resolve step;
* on the largest scale, `--workers N` against one worker (wall clock, the better
  of two builds each, taken in turn: a shared machine's speed drifts by a tenth
  from one minute to the next), a rebuild with nothing changed against the fresh
  build, and `kg query`, `kg blocs` and `kg validate` on the export.

Ratios are measured in the same run on the same machine. The table is printed and
the figures are written as JSON into benchmarks/results/. The default test run
does not collect this folder.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.saved import save_results

if TYPE_CHECKING:
    from kg.workers import Parallelism

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = [ROOT / "data", ROOT / "tests" / "data" / "dev"]
QUERY = ROOT / "kg" / "ontology" / "queries" / "backers-of-statement.rq"


# ---------------------------------------------------------------- corpora
def write_corpus(sources: list[Path], scale: int, path: Path) -> int:
    """The articles of `sources`, `scale` times under new ids, as JSON Lines; their words."""
    from kg.articles import read_articles

    articles = list(read_articles(sources))
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for copy in range(scale):
            for article in articles:
                text = article.clean_text()
                words += len(text.split())
                record = {
                    "id": f"{article.id}-x{copy}" if copy else article.id,
                    "text": text,
                    "title": article.title,
                    "published": article.published.isoformat() if article.published else None,
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words


# ---------------------------------------------------------------- measured steps
def bare_spacy(corpus: Path) -> dict:
    """The model's own pipeline over the corpus's texts: CPU of `nlp.pipe` alone."""
    import spacy

    from kg.nlp import MODEL

    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    nlp = spacy.load(MODEL)
    started = time.process_time()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return {"cpu": time.process_time() - started}


def kg_build(corpus: Path, out: Path, workers: int, fresh: bool) -> dict:
    """`kg build` in this process, with the CPU of its resolve step timed apart (reading
    the extractions back from disk included)."""
    started_cpu, started = time.process_time(), time.perf_counter()
    from kg.workers import Parallelism

    with contextlib.ExitStack() as stack:
        parallel = Parallelism(workers)
        if fresh:  # as `kg build --fresh` does: the workers start before the library loads
            parallel = stack.enter_context(parallel.starting())
        spent = _timed_build(corpus, out, parallel, fresh)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "cpu": time.process_time() - started_cpu + children.ru_utime + children.ru_stime,
        "wall": time.perf_counter() - started,
        "resolve_cpu": spent,
    }


def _timed_build(corpus: Path, out: Path, parallel: Parallelism, fresh: bool) -> float:
    """The build, and the CPU seconds of its resolve step."""
    import kg.pipeline

    spent = {"resolve": 0.0}
    resolve = kg.pipeline.resolve_in_order

    def timed_resolve(*args, **kwargs):
        at = time.process_time()
        try:
            return resolve(*args, **kwargs)
        finally:
            spent["resolve"] += time.process_time() - at

    kg.pipeline.resolve_in_order = timed_resolve
    kg.pipeline.build([corpus], out, incremental=not fresh, page="kg.html", parallel=parallel)
    return spent["resolve"]


def run_apart(step: str, *args: str) -> dict:
    """One measured step in a fresh process: its figures, its wall time and peak memory."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale", "--step", step, *args],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"{step} failed:\n{done.stderr[-2000:]}")
    figures = json.loads(done.stdout.splitlines()[-1])
    figures.setdefault("wall", time.perf_counter() - started)
    return figures


def command_time(*args: str) -> float:
    """Wall seconds of one `kg` command, as a user runs it."""
    started = time.perf_counter()
    kg = Path(sys.executable).with_name("kg")
    subprocess.run([str(kg), *args], capture_output=True, check=True, cwd=ROOT)
    return time.perf_counter() - started


def step_main(step: str, args: list[str]) -> None:
    if step == "spacy":
        figures = bare_spacy(Path(args[0]))
    else:
        out, workers, fresh = Path(args[1]), int(args[2]), args[3] == "fresh"
        figures = kg_build(Path(args[0]), out, workers, fresh)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    figures["peak_mib"] = round(max(own, workers_peak) / 1024)
    print(json.dumps(figures))


# ---------------------------------------------------------------- the table
def measure(sources: list[Path], scales: list[int], workers: int, folder: Path) -> dict:
    rows = []
    for scale in scales:
        corpus = folder / f"corpus-{scale}x.jsonl"
        words = write_corpus(sources, scale, corpus)
        bare = run_apart("spacy", str(corpus))
        out = folder / f"out-{scale}x" / "kg.ttl"
        fresh = run_apart("build", str(corpus), str(out), "1", "fresh")
        rows.append({
            "scale": scale, "articles": sum(1 for _ in corpus.open()), "words": words,
            "spacy_words_per_cpu_s": round(words / bare["cpu"]),
            "build_words_per_cpu_s": round(words / fresh["cpu"]),
            "build_over_spacy": round(fresh["cpu"] / bare["cpu"], 2),
            "build_peak_mib": fresh["peak_mib"],
            "resolve_cpu_s": round(fresh["resolve_cpu"], 2),
            "build_wall_s": round(fresh["wall"], 1),
        })  # fmt: skip
        print(_row_line(rows[-1]), flush=True)
    largest = folder / f"corpus-{scales[-1]}x.jsonl"
    out = folder / f"out-{scales[-1]}x" / "kg.ttl"
    serial_walls = [rows[-1]["build_wall_s"]]
    again = run_apart("build", str(largest), str(out), "1", "again")

    def fresh_wall(name: str, workers: int) -> float:
        built = folder / name / "kg.ttl"
        return run_apart("build", str(largest), str(built), str(workers), "fresh")["wall"]

    # parallel, serial, parallel: each kind is measured early and late in the drift
    parallel_walls = [fresh_wall("par", workers)]
    serial_walls.append(fresh_wall("ser", 1))
    parallel_walls.append(fresh_wall("par", workers))
    graph = ["--graph", str(out)]
    largest_row = {
        "workers": workers,
        "serial_walls_s": [round(wall, 1) for wall in serial_walls],
        "parallel_walls_s": [round(wall, 1) for wall in parallel_walls],
        "workers_speedup": round(min(serial_walls) / min(parallel_walls), 2),
        "rebuild_share_of_fresh": round(again["wall"] / serial_walls[0], 3),
        "query_s": round(command_time("query", str(QUERY), *graph, "--format", "csv"), 2),
        "blocs_s": round(command_time("blocs", *graph, "--format", "json"), 2),
        "validate_s": round(command_time("validate", str(out)), 2),
    }
    return {"rows": rows, "largest": largest_row}


def _row_line(row: dict) -> str:
    return (
        f"{row['scale']:>3}x {row['articles']:>6} articles {row['words']:>9,} words | spaCy "
        f"{row['spacy_words_per_cpu_s']:>6,} w/CPU-s | kg build {row['build_words_per_cpu_s']:>6,}"
        f" w/CPU-s ({row['build_over_spacy']:.2f}x) | peak {row['build_peak_mib']:>6,} MiB |"
        f" resolve {row['resolve_cpu_s']:>6.2f} CPU-s"
    )


def report(figures: dict) -> str:
    rows, largest = figures["rows"], figures["largest"]
    first = rows[0]
    lines = [_row_line(row) for row in rows]
    for row in rows[1:]:
        memory = row["build_peak_mib"] / first["build_peak_mib"]
        resolve = row["resolve_cpu_s"] / max(first["resolve_cpu_s"], 1e-3)
        scale = row["scale"]
        lines.append(f"{scale}x against 1x: peak memory {memory:.2f}x, resolve {resolve:.1f}x")
    lines.append(
        f"largest: --workers {largest['workers']} {largest['workers_speedup']:.2f}x the serial"
        f" build; rebuild with nothing changed {largest['rebuild_share_of_fresh']:.1%} of fresh;"
        f" query {largest['query_s']} s, blocs {largest['blocs_s']} s,"
        f" validate {largest['validate_s']} s"
    )
    return "\n".join(lines)


def _shown(path: Path) -> str:
    """A path inside the repository as it is there; any other by its last two parts."""
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else "/".join(path.parts[-2:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jsonl", type=Path, action="append", default=[], help="more articles")
    parser.add_argument("--scales", default="1,4,16", help="copies of the corpus, e.g. 1,4,16")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        step_main(args.step, args.args)
        return 0
    scales = sorted({int(s) for s in args.scales.split(",")})
    with tempfile.TemporaryDirectory() as tmp:
        figures = measure(SHIPPED + args.jsonl, scales, args.workers, Path(tmp))
    print(report(figures))
    figures["machine"] = {"python": platform.python_version(), "cores": os.cpu_count()}
    figures["inputs"] = [_shown(path) for path in SHIPPED + args.jsonl]
    save_results("scale", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
