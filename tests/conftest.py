"""Shared fixtures: a parsed-article helper and one build of the shipped corpus per session."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from kg.model import Article

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"


# The fuzz run: `pytest -m fuzz --hypothesis-profile=fuzz` (or HYPOTHESIS_PROFILE=fuzz). Each
# example is small and the per-article budget bounds its work; the deadline turns a hang into
# a failure instead of a stalled run.
settings.register_profile(
    "fuzz",
    max_examples=10_000,
    deadline=dt.timedelta(seconds=30),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# The long run of benchmarks/fuzz_long.py: ten times the CI profile, about an hour on two cores.
settings.register_profile("fuzz-long", settings.get_profile("fuzz"), max_examples=100_000)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])


def make_article(text: str, published: str | None = "2019-10-30", article_id: str = "t") -> Article:
    """An article written for a test, with a publication date."""
    date = dt.date.fromisoformat(published) if published else None
    return Article(id=article_id, text=text, source=f"{article_id}.txt", published=date)


def pytest_collection_modifyitems(items):
    """A test of the shipped corpus's build is slow: it parses all of it at least once; so is
    a fuzz test, which parses a hundred texts even at the default profile."""
    for item in items:
        if "seed_build" in getattr(item, "fixturenames", ()) or item.get_closest_marker("fuzz"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The shipped corpus built once: (summary, the TriG export read back as an rdflib
    Dataset, path of the Turtle export)."""
    from rdflib import Dataset

    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seed") / "kg.ttl"
    summary = build([DATA], out)
    ds = Dataset()
    ds.parse(out.with_suffix(".trig"), format="trig")
    return summary, ds, out
