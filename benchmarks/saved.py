"""Where the benchmarks keep their figures: one JSON file per run in benchmarks/results/."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def save_results(kind: str, figures: dict) -> Path:
    """Write `figures` as benchmarks/results/KIND-YYYYMMDD-HHMMSS.json; its path."""
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"{kind}-{stamp}.json"
    path.write_text(json.dumps(figures, indent=2) + "\n")
    return path
