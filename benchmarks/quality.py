"""How well extraction does on every development set, in one table.

    python -m benchmarks.quality [--shared DIR] [--sets seeds,news-dev,polnear-dev]
                                 [--json FILE] [--thresholds]

Builds each set from scratch into a temporary folder and scores it with the
scorers kept beside the data (``shared/tools``): the seed articles and news-dev
with ``score.py`` (bloc pair agreement from the same analysis as
``kg blocs --format json``), the PolNeAR dev split with ``polnear.py``. The
``shared`` folder is looked for beside the repository, or wherever ``--shared``
or the ``KG_SHARED`` environment variable points. ``--thresholds`` adds, for
news-dev, the precision and recall of backers and of quote-speaker pairs when
only facts at or above each confidence are kept.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph

from kg.blocs import analyse, to_json
from kg.nlp import get_nlp
from kg.pipeline import build
from kg.rdf_files import oxigraph_store
from kg.store import load_graph
from kg.vocab import DKG

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)  # 0.0: every fact, for comparison
LOWER_IS_BETTER = {"duplicate_statement_nodes", "duplicate_official_nodes"}


@dataclass(frozen=True)
class DevSet:
    articles: str  # paths inside the shared folder
    gold: str | None  # None: scored by the PolNeAR scorer, which finds its own gold


SETS = {
    "seeds": DevSet("seeds", "spec/seed-gold.json"),
    "news-dev": DevSet("bench/news-dev", "bench/news-dev/gold.json"),
    "polnear-dev": DevSet("bench/polnear-dev/articles.jsonl", None),
}

FIGURES = [  # (row of the table, key among a set's figures)
    ("backers P", "backers.precision"),
    ("backers R", "backers.recall"),
    ("backers F1", "backers.f1"),
    ("votes F1", "votes.f1"),
    ("declared count accuracy", "declared_count_accuracy"),
    ("lead accuracy", "lead_accuracy"),
    ("stance accuracy", "stance_accuracy"),
    ("date accuracy", "date_accuracy"),
    ("counters accuracy", "counters_accuracy"),
    ("duplicate statement nodes", "duplicate_statement_nodes"),
    ("officials F1", "officials.f1"),
    ("affiliation accuracy", "affiliation_accuracy"),
    ("duplicate official nodes", "duplicate_official_nodes"),
    ("quote spans F1", "quote_spans.f1"),
    ("quote-speaker pairs F1", "quote_speaker_pairs.f1"),
    ("speaker accuracy", "speaker_accuracy"),
    ("event dates F1", "event_dates.f1"),
    ("bloc pair agreement", "bloc_pair_agreement"),
    ("PolNeAR quotes F1 (80% overlap)", "overlap80.f1"),
    ("PolNeAR speaker accuracy (named)", "speaker_accuracy_named"),
    ("PolNeAR speaker recall (named)", "speaker_recall_named"),
]


class QualityError(Exception):
    """Something the user can fix: a missing folder, an unknown set."""


@dataclass(frozen=True)
class Measured:
    seconds: float  # the build, from scratch
    figures: dict[str, float | int | None]
    turtle: Path


def default_shared() -> Path:
    """Where the development sets are unless told otherwise."""
    return Path(os.environ.get("KG_SHARED") or ROOT.parent / "shared")


def check_shared(shared: Path) -> Path:
    if not (shared / "tools" / "score.py").is_file():
        raise QualityError(f"{shared}: no development sets here (expected tools/score.py)")
    return shared


def run_scorer(*args: str | Path) -> dict:
    """Run a scorer script with this Python and read the JSON it prints."""
    done = subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True)
    if done.returncode:
        raise QualityError(f"{Path(args[0]).name} failed: {done.stderr.strip()}")
    return json.loads(done.stdout)


def flatten(scores: dict) -> dict[str, float | int | None]:
    """{"backers": {"f1": ..}, "lead_accuracy": ..} -> {"backers.f1": .., "lead_accuracy": ..}."""
    flat: dict[str, float | int | None] = {}
    for key, value in scores.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{k}": value[k] for k in ("precision", "recall", "f1")})
        else:
            flat[key] = value
    return flat


def score(shared: Path, dev_set: DevSet, turtle: Path) -> dict[str, float | int | None]:
    """The set's scorer on a built graph, as flat figures."""
    tools = shared / "tools"
    if dev_set.gold is None:
        bench = (shared / dev_set.articles).parent
        return flatten(run_scorer(tools / "polnear.py", "score", bench, turtle, "--json"))
    blocs = turtle.with_suffix(".blocs.json")
    blocs.write_text(json.dumps(to_json(analyse(oxigraph_store(turtle)))), encoding="utf-8")
    gold = shared / dev_set.gold
    args = ("--gold", gold, "--graph", turtle, "--blocs", blocs, "--json")
    return flatten(run_scorer(tools / "score.py", *args))


def measure_set(shared: Path, name: str, folder: Path) -> Measured:
    """Build one set from scratch into FOLDER and score it."""
    dev_set = SETS[name]
    get_nlp()  # load the language model before the clock starts
    started = time.perf_counter()
    summary = build([shared / dev_set.articles], folder / f"{name}.ttl", incremental=False)
    seconds = time.perf_counter() - started
    return Measured(seconds, score(shared, dev_set, summary.turtle), summary.turtle)


def measure(shared: Path, names: list[str], folder: Path) -> dict[str, Measured]:
    """Build and score the sets, one process per core, the longest build (PolNeAR) first."""
    workers = min(len(names), os.cpu_count() or 1)
    if workers == 1:
        return {name: measure_set(shared, name, folder) for name in names}
    longest_first = sorted(names, key=lambda name: name != "polnear-dev")
    # forkserver, not fork: a build's store runs RocksDB threads, which a forked child lacks
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        jobs = {name: pool.submit(measure_set, shared, name, folder) for name in longest_first}
    return {name: jobs[name].result() for name in names}


# ------------------------------------------------------------------ confidence
BACKING_CONFIDENCE = """
SELECT ?s ?c (MAX(?x) AS ?best) WHERE {
  ?r a dkg:Backing ; dkg:statement ?s ; dkg:country ?c ; dkg:confidence ?x
} GROUP BY ?s ?c"""


def keep_confident(graph: Graph, threshold: float) -> Graph:
    """A copy without the backings and quotes less sure than THRESHOLD.

    A backing is as sure as its surest dkg:Backing record (one per article that
    reports it); a quote carries its own dkg:confidence.
    """
    kept = Graph()
    kept += graph
    best = {
        (row.s, row.c): float(row.best)
        for row in graph.query(BACKING_CONFIDENCE, initNs={"dkg": DKG})
    }
    for s, _, c in graph.triples((None, DKG.backedBy, None)):
        if best.get((s, c), 0.0) < threshold:
            kept.remove((s, DKG.backedBy, c))
    for quote in graph.subjects(RDF.type, DKG.Quote):
        if float(graph.value(quote, DKG.confidence) or 0.0) < threshold:
            kept.remove((quote, None, None))
    return kept


def by_confidence(shared: Path, turtle: Path) -> dict[float, dict]:
    """Threshold -> news-dev figures of the graph cut at that confidence."""
    graph = load_graph(turtle)
    gold = shared / SETS["news-dev"].gold
    out = {}
    for threshold in THRESHOLDS:
        cut = turtle.with_name(f"cut-{threshold}.ttl")
        keep_confident(graph, threshold).serialize(cut, format="turtle")
        scores = run_scorer(shared / "tools" / "score.py", "--gold", gold, "--graph", cut, "--json")
        out[threshold] = {k: scores[k] for k in ("backers", "quote_speaker_pairs")}
    return out


# ------------------------------------------------------------------ output
def _cell(value: float | int | None) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def table(results: dict[str, Measured]) -> str:
    """One row per figure, one column per set; blank where a set does not measure it."""
    names = list(results)
    lines = [f"{'figure':34}" + "".join(f"{n:>13}" for n in names)]
    for label, key in FIGURES:
        cells = [_cell(results[n].figures.get(key)) for n in names]
        if any(cells):
            lines.append(f"{label:34}" + "".join(f"{c:>13}" for c in cells))
    lines.append(f"{'build seconds':34}" + "".join(f"{results[n].seconds:>13.1f}" for n in names))
    return "\n".join(lines)


def threshold_table(rows: dict[float, dict]) -> str:
    """Precision and recall of news-dev backers and quote-speaker pairs, by confidence."""
    columns = f"{'P':>10}{'R':>7}{'kept':>6}"
    head = f"{'':14}{'backers':>23}{'quote-speaker pairs':>23}\n{'confidence >=':14}{columns * 2}"
    lines = ["news-dev, only facts at or above a confidence:", head]
    for threshold, scores in rows.items():
        cells = ""
        for area in ("backers", "quote_speaker_pairs"):
            s = scores[area]
            cells += f"{s['precision']:>10.3f}{s['recall']:>7.3f}{s['tp'] + s['fp']:>6}"
        lines.append(f"{threshold or 'all':<14}{cells}")
    return "\n".join(lines)


def report(results: dict[str, Measured], thresholds: dict[float, dict] | None) -> dict:
    """The figures as JSON: per set its build seconds and scores, then the confidence cuts."""
    out: dict = {
        name: {"build_seconds": round(m.seconds, 1), "figures": m.figures}
        for name, m in results.items()
    }
    if thresholds:
        out["news-dev by confidence"] = {str(t): scores for t, scores in thresholds.items()}
    return out


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, help="folder holding seeds/, bench/, spec/, tools/")
    choices = ", ".join(SETS)
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, of: {choices}")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    parser.add_argument(
        "--thresholds", action="store_true", help="news-dev precision and recall by confidence"
    )
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> None:
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    unknown = [n for n in names if n not in SETS]
    if unknown or not names:
        raise QualityError(f"unknown set {', '.join(unknown)!r}; choose from {', '.join(SETS)}")
    shared = check_shared(args.shared or default_shared())
    with tempfile.TemporaryDirectory() as tmp:
        results = measure(shared, names, Path(tmp))
        print(table(results))
        cuts = None
        if args.thresholds and "news-dev" in results:
            cuts = by_confidence(shared, results["news-dev"].turtle)
            print("\n" + threshold_table(cuts))
    if args.json:
        args.json.write_text(json.dumps(report(results, cuts), indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    try:
        run(parse_args(argv))
    except QualityError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
