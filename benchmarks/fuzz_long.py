"""The long fuzz run: the fuzz tests of tests/test_fuzz.py at 100,000 examples each.

CI runs them at 10,000 examples a test (``pytest -m fuzz --hypothesis-profile=fuzz``,
about 7 minutes on two cores). Before a release, or after a change to the reader,
the text cleaning or the budget, run ten times as many:

    python -m benchmarks.fuzz_long [--workers N]

It runs pytest on the fuzz tests under the ``fuzz-long`` profile (tests/conftest.py),
in parallel when pytest-xdist is installed, and prints
how many examples ran, how many failed and how long it took. Each example keeps
the 30 s deadline of the fuzz profile, so a hang is a failure, not a stalled run.
A failing example is printed by hypothesis and saved in its example database
(``.hypothesis/``), so the next run of ``pytest -m fuzz`` tries it first.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests" / "test_fuzz.py"
FUZZ_TESTS = 5  # the tests of tests/test_fuzz.py; one of them runs a hundredth of the examples
EXAMPLES = 100_000  # per test, as the fuzz-long profile sets


def command(workers: int) -> list[str]:
    args = [sys.executable, "-m", "pytest", str(TESTS), "-m", "fuzz", "-q"]
    args += ["-p", "no:cacheprovider", "--hypothesis-profile", "fuzz-long"]
    if workers > 1 and importlib.util.find_spec("xdist") is not None:
        args += ["-n", str(workers)]
    return args


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    env = dict(os.environ)
    env.pop("HYPOTHESIS_PROFILE", None)
    started = time.monotonic()
    done = subprocess.run(command(args.workers), cwd=ROOT, env=env, check=False)
    minutes = (time.monotonic() - started) / 60
    print(
        f"fuzz: about {EXAMPLES * (FUZZ_TESTS - 1) + EXAMPLES // 100:,} examples over "
        f"{FUZZ_TESTS} tests in {minutes:.1f} min; "
        + ("no failure" if done.returncode == 0 else f"pytest exit {done.returncode}: see above")
    )
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
