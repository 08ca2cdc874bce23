"""The cache key follows every source that decides an extraction; a killed build cannot damage it."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg.extract.annotations
import kg.extract.countries
import kg.nlp
from kg.cache import ExtractionCache, extractor_sources
from kg.model import Extraction
from kg.store import leftover_temps
from tests.conftest import make_article


@pytest.mark.parametrize("module", [kg.nlp, kg.extract.annotations, kg.extract.countries])
def test_the_parser_and_its_annotations_are_extractor_sources(module):
    assert Path(module.__file__).resolve() in {path.resolve() for path in extractor_sources()}


@pytest.mark.parametrize(
    "name, found",
    [
        (".kg.ttl.abcd_123.tmp", True),
        (".kg.ttl.abcd_123", True),  # as earlier versions named them
        (".kg.ttl.bak", False),
        ("kg.ttl", False),
        (".kg.ttl.abcd_123.tmp.keep", False),
    ],
)
def test_leftover_temps_are_only_what_write_atomic_makes(tmp_path, name, found):
    (tmp_path / name).write_bytes(b"x")
    assert (leftover_temps(tmp_path, r"kg\.ttl") == [tmp_path / name]) is found


@pytest.fixture()
def cache(tmp_path):
    cache = ExtractionCache(tmp_path / "cache")
    for article_id in ("a", "b", "c"):
        cache.put(Extraction(article=make_article("Text.", article_id=article_id)))
    return cache


def test_entries_are_written_whole_and_leave_no_temporary_file(cache):
    names = sorted(p.name for p in cache.folder.iterdir())
    assert len(names) == 3 and all(name.endswith(".extraction") for name in names)
    assert cache.get(make_article("Text.", article_id="b")).article.id == "b"


def test_half_written_entries_are_removed_and_whole_ones_kept(cache):
    entries = sorted(cache.folder.iterdir())
    half = cache.folder / f".{entries[0].name}.wxyz_987.tmp"
    half.write_bytes(b"half a pickle")
    assert cache.remove_leftovers() == 1
    assert sorted(cache.folder.iterdir()) == entries


def test_pruning_removes_only_entries_of_articles_left_out(cache):
    (cache.folder / "README.extraction").write_text("not an entry", encoding="utf-8")
    assert cache.prune({"b"}) == 2
    assert sorted(p.name for p in cache.folder.iterdir()) == sorted(
        ["README.extraction", cache._file("b").name]
    )
