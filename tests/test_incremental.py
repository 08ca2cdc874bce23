"""Incremental builds equal builds from scratch; adding a report renames and duplicates nothing."""

from __future__ import annotations

import os
import shutil

import pytest
from rdflib.namespace import RDF

from kg.pipeline import build
from kg.store import load_graph
from kg.vocab import DKG
from tests.conftest import DATA

# Each test builds the shipped corpus at least twice.
pytestmark = pytest.mark.slow

EXTRA_REPORT = """---
title: Britain leads UN rebuke of China
publisher: Test Wire
published: 2019-10-30
---
Britain on Tuesday read a joint statement to the UN General Assembly's human rights committee on behalf of 23 countries, including Canada and Ireland, condemning China's detention of Uighurs in Xinjiang.
"""


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in DATA.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    shutil.copy(DATA / "metadata.json", folder / "metadata.json")
    return folder


def _build(folder, out, incremental=True):
    summary = build([folder], out, incremental=incremental)
    return summary


def _statements(path):
    graph = load_graph(path)
    return set(graph.subjects(RDF.type, DKG.Statement)), graph


def test_unchanged_rebuild_reuses_every_article(corpus, tmp_path):
    out = tmp_path / "out" / "kg.ttl"
    first = _build(corpus, out)
    before, current = out.read_bytes(), os.readlink(out.parent / ".kg-exports" / "current")
    second = build([corpus], out)
    assert first.reused == 0 and second.reused == 5
    assert out.read_bytes() == before
    # nothing parsed, resolved or written: the set is the one the first build made
    assert os.readlink(out.parent / ".kg-exports" / "current") == current
    assert [second.statements, second.triples] == [first.statements, first.triples]
    assert second.kept and second.lines()[-1].startswith("kept ")


def test_changed_and_deleted_articles_match_a_fresh_build(corpus, tmp_path):
    out = tmp_path / "inc" / "kg.ttl"
    _build(corpus, out)
    changed = sorted(corpus.glob("*.txt"))[3]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA final line.\n", "utf-8")
    sorted(corpus.glob("*.txt"))[4].unlink()
    summary = _build(corpus, out)
    assert summary.reused == 3 and summary.articles == 4
    scratch = tmp_path / "scratch" / "kg.ttl"
    _build(corpus, scratch, incremental=False)
    assert out.read_bytes() == scratch.read_bytes()
    assert out.with_suffix(".trig").read_bytes() == scratch.with_suffix(".trig").read_bytes()


def test_new_report_of_a_known_statement_renames_and_duplicates_nothing(corpus, tmp_path):
    out = tmp_path / "out" / "kg.ttl"
    _build(corpus, out)
    before, _ = _statements(out)
    officials_before = set(load_graph(out).subjects(RDF.type, DKG.Official))
    (corpus / "zz_extra.txt").write_text(EXTRA_REPORT, encoding="utf-8")
    _build(corpus, out)
    after, graph = _statements(out)
    assert after == before
    assert officials_before <= set(graph.subjects(RDF.type, DKG.Official))
    reported = [s for s in after if str(s).endswith("2019-10-29-joint-statement-critical-of-chn")]
    assert len(reported) == 1
    articles = {str(a).rsplit("/", 1)[-1] for a in graph.objects(reported[0], DKG.mentionedIn)}
    assert "zz_extra" in articles
    backers = {str(graph.value(c, DKG.iso3)) for c in graph.objects(reported[0], DKG.backedBy)}
    assert {"CAN", "IRL", "GBR"} <= backers


def test_a_damaged_cache_entry_is_extracted_again(corpus, tmp_path):
    out = tmp_path / "out" / "kg.ttl"
    _build(corpus, out)
    before = out.read_bytes()
    for entry in (out.parent / ".kg-cache").glob("*.extraction"):
        entry.write_bytes(b"not a pickle")
        break
    # the exports stand as they are while no article changes ...
    assert _build(corpus, out).reused == 5 and out.read_bytes() == before
    # ... and once one does, the damaged entry is extracted again with the changed one
    changed = sorted(corpus.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA final line.\n", "utf-8")
    summary = _build(corpus, out)
    assert summary.reused == 3


def test_a_new_version_of_the_package_builds_again(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out" / "kg.ttl"
    _build(corpus, out)
    monkeypatch.setattr("kg.pipeline.package_fingerprint", lambda: "another version")
    summary = build([corpus], out)
    assert not summary.kept and summary.reused == 5


def test_a_fresh_build_is_kept_by_the_next_build(corpus, tmp_path):
    out = tmp_path / "out" / "kg.ttl"
    _build(corpus, out, incremental=False)
    summary = build([corpus], out)
    assert summary.kept
