"""A build of many short generated articles: does memory stay flat as the archive grows?

    python -m benchmarks.archive [--articles 10000,100000] [--workers 2]

Each article is a short wire brief written from templates: countries backing a joint
statement or a letter, an official quoted with a title, a weekday or a month to
resolve against the publication date. Names, countries, days and wordings vary
with a seeded random generator, so the archive is the same on every run and
resolution has real work (the same statement told by many briefs, many officials).

For each size, `kg build --fresh` runs as a user runs it, in a process of its own;
the process tree's resident memory is sampled every half second. The table gives
wall time, words per second and the peak memory of the build process and of the
whole tree (workers included). JSON goes into benchmarks/results/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

from benchmarks.saved import save_results

COUNTRIES = [
    "France", "Germany", "Japan", "Canada", "Brazil", "India", "Kenya", "Chile", "Norway",
    "Mexico", "Egypt", "Ghana", "Peru", "Spain", "Italy", "Poland", "Sweden", "Turkey",
    "Nigeria", "Indonesia", "Argentina", "Australia", "Pakistan", "Vietnam", "Qatar",
]  # fmt: skip
TARGETS = ["China", "Russia", "Iran", "Israel", "Myanmar", "Venezuela", "Syria", "Belarus"]
KINDS = ["joint statement", "letter", "declaration"]
STANCES = ["condemning", "criticising", "praising", "welcoming", "backing"]
TOPICS = ["human rights", "the elections", "the ceasefire", "the detentions", "its policy"]
FIRST = ["Anna", "Carlos", "Mei", "Omar", "Ingrid", "Tomas", "Amina", "Kenji", "Lucia", "Pavel"]
LAST = ["Moreau", "Schmidt", "Tanaka", "Okafor", "Lindqvist", "Novak", "Haddad", "Silva"]
TITLES = ["Foreign Minister", "ambassador to the United Nations", "spokesperson"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def brief(rng: random.Random, number: int) -> dict:
    """One short article: a statement, its backers, a quote and a date."""
    backers = rng.sample(COUNTRIES, rng.randint(2, 6))
    target, kind = rng.choice(TARGETS), rng.choice(KINDS)
    country = rng.choice(backers)
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    title = rng.choice(TITLES)
    published = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3000))
    listed = ", ".join(backers[:-1]) + f" and {backers[-1]}"
    text = (
        f"{listed} on {rng.choice(DAYS)} issued a {kind} {rng.choice(STANCES)} "
        f"{target} over {rng.choice(TOPICS)}.\n"
        f'"We call on {target} to respect its obligations," {country}\'s {title} {name} '
        f"said in a statement.\n"
        f"The {kind} was read out at a meeting in Geneva, {name} told reporters."
    )
    return {
        "id": f"brief-{number:07d}",
        "text": text,
        "title": f"{len(backers)} countries sign {kind} on {target}",
        "published": published.isoformat(),
        "publisher": "Generated Wire",
    }


def write_archive(count: int, path: Path, seed: int = 7) -> int:
    """`count` briefs as JSON Lines; their words."""
    rng, words = random.Random(seed), 0
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            record = brief(rng, number)
            words += len(record["text"].split())
            out.write(json.dumps(record) + "\n")
    return words


def tree_rss(pid: int) -> tuple[int, int]:
    """Resident bytes of the process and of it with every descendant."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    own, total, todo = _rss(pid), 0, [pid]
    while todo:
        current = todo.pop()
        total += _rss(current)
        todo.extend(children.get(current, []))
    return own, total


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGESIZE")
    except (OSError, IndexError, ValueError):
        return 0


def timed_build(corpus: Path, out: Path, workers: int) -> dict:
    """Wall time and peak memory of one `kg build --fresh`, in all and stage by stage."""
    kg = Path(sys.executable).with_name("kg")
    command = [str(kg), "build", str(corpus), "-o", str(out), "--fresh", "--workers", str(workers),
               "--log-json", "--no-report"]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ended: list[str] = []  # the stages over so far, as the build logs each one's end
    said: list[str] = []
    listener = threading.Thread(target=_listen, args=(process.stderr, ended, said), daemon=True)
    listener.start()
    peaks: dict[int, tuple[int, int]] = {}  # stages ended -> peak (build, with workers)
    while process.poll() is None:
        own, tree = tree_rss(process.pid)
        at = len(ended)
        was = peaks.get(at, (0, 0))
        peaks[at] = (max(was[0], own), max(was[1], tree))
        time.sleep(0.5)
    listener.join()
    if process.returncode:
        raise SystemExit(f"kg build failed: {''.join(said)[-2000:]}")
    names = [*ended, "finishing"]
    mib = 2**20
    by_stage = {names[at]: (own // mib, tree // mib) for at, (own, tree) in sorted(peaks.items())}
    return {
        "wall_s": round(time.perf_counter() - started, 1),
        "peak_build_mib": max(own for own, _ in by_stage.values()),
        "peak_tree_mib": max(tree for _, tree in by_stage.values()),
        "peak_build_mib_by_stage": {name: own for name, (own, _) in by_stage.items()},
        "peak_tree_mib_by_stage": {name: tree for name, (_, tree) in by_stage.items()},
    }


def _listen(stream: IO[bytes], ended: list[str], said: list[str]) -> None:
    """The build's stderr: each stage's name as its end is logged, every other line kept."""
    for raw in stream:
        line = raw.decode("utf-8", "replace")
        try:
            event = json.loads(line)
        except ValueError:
            said.append(line)
            continue
        if isinstance(event, dict) and event.get("event") == "stage":
            ended.append(str(event.get("stage")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="10000,100000", help="archive sizes, e.g. 1000,10000")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for count in sorted({int(n) for n in args.articles.split(",")}):
            corpus = Path(tmp) / f"archive-{count}.jsonl"
            words = write_archive(count, corpus)
            row = {"articles": count, "words": words, "workers": args.workers}
            row.update(timed_build(corpus, Path(tmp) / f"out-{count}" / "kg.ttl", args.workers))
            row["words_per_s"] = round(words / row["wall_s"])
            rows.append(row)
            print(
                f"{count:>8,} articles {words:>10,} words | {row['wall_s']:>8,.1f} s wall "
                f"({row['words_per_s']:,} words/s) | peak build {row['peak_build_mib']:,} MiB, "
                f"with workers {row['peak_tree_mib']:,} MiB",
                flush=True,
            )
            print(f"{'':>8} peak build by stage: {row['peak_build_mib_by_stage']}", flush=True)
    save_results("archive", {"rows": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
