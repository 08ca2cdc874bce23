"""Build the graph of the PolNeAR dev articles (84 US political news stories), time it, score it.

The build must stay under a minute. The scores are those of the benchmark's own
scorer (polnear.py next to articles.jsonl or in shared/tools): quote spans at 80% overlap and the
speaker judged where the annotated source is a name; then, per confidence
threshold, how often the speaker is right among quotes at or above it (it
should rise with the threshold).

Run as a script: ``python benchmarks/bench_polnear.py [BENCH_DIR]`` (default: the
``shared/bench/polnear-dev`` folder beside the repository), or with pytest
(``pytest benchmarks/bench_polnear.py``); the default ``pytest`` run does not
collect this folder.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pytest
import rdflib

from kg.pipeline import build

BUDGET = 60.0  # seconds for the whole build
DEFAULT_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "polnear-dev"
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)

QUOTES = """
PREFIX dkg: <https://w3id.org/diplomatic-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?aid ?s ?e ?c (SAMPLE(?l) AS ?label) WHERE {
  ?q a dkg:Quote ; dkg:mentionedIn ?a ; dkg:startOffset ?s ; dkg:endOffset ?e .
  ?a dcterms:identifier ?aid .
  OPTIONAL { ?q dkg:confidence ?c }
  OPTIONAL { ?q dkg:speaker ?sp . ?sp rdfs:label ?l }
} GROUP BY ?q ?aid ?s ?e ?c"""


def _scorer(bench: Path):
    """The benchmark's scorer: next to the data, else in the shared tools folder."""
    path = bench / "polnear.py"
    if not path.exists():
        path = bench.parents[1] / "tools" / "polnear.py"
    spec = importlib.util.spec_from_file_location("polnear_scorer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed_build(bench: Path, out_dir: Path) -> tuple[float, Path]:
    """Seconds for a build from scratch (no cache) and the Turtle file written."""
    started = time.perf_counter()
    summary = build([bench / "articles.jsonl"], out_dir / "kg.ttl", incremental=False)
    return time.perf_counter() - started, summary.turtle


def calibration(bench: Path, turtle: Path, scorer) -> dict[float, tuple[float, int]]:
    """Threshold -> (share of right speakers, quotes judged) among named-source quotes."""
    gold = json.loads((bench / "gold.json").read_text(encoding="utf-8"))
    by_article = defaultdict(list)
    for item in gold:
        by_article[item["article"]].append(item)
    g = rdflib.Graph()
    g.parse(turtle, format="turtle")
    judged: list[tuple[float, bool]] = []
    for row in g.query(QUOTES):
        start, end = int(row.s), int(row.e)
        for item in by_article.get(str(row.aid), []):
            overlap = min(end, item["end"]) - max(start, item["start"])
            if item["attributed"] and overlap >= 0.8 * (item["end"] - item["start"]) > 0:
                if scorer.named(item["source"]):
                    label = str(row.label) if row.label else None
                    conf = float(row.c) if row.c is not None else 0.0
                    judged.append((conf, scorer.speaker_right(label, item["source"])))
                break
    out = {}
    for t in THRESHOLDS:
        kept = [ok for conf, ok in judged if conf >= t - 1e-9]
        out[t] = (sum(kept) / len(kept) if kept else 0.0, len(kept))
    return out


def run(bench: Path = DEFAULT_BENCH) -> float:
    scorer = _scorer(bench)
    with tempfile.TemporaryDirectory() as tmp:
        seconds, turtle = timed_build(bench, Path(tmp))
        print(f"build of {bench.name}: {seconds:.1f} s (budget {BUDGET:.0f} s)")
        scorer.score(str(bench), str(turtle), as_json=True)
        for t, (share, n) in calibration(bench, turtle, scorer).items():
            print(f"confidence >= {t}: speaker right {share:.3f} of {n}")
    return seconds


@pytest.mark.skipif(not (DEFAULT_BENCH / "articles.jsonl").exists(), reason="no PolNeAR data")
def test_polnear_build_under_a_minute():
    assert run() < BUDGET


if __name__ == "__main__":
    sys.exit(0 if run(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_BENCH) < BUDGET else 1)
