"""Exports are replaced as one set, leftovers of killed builds go, and one build writes at a time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.exports
from kg.cli import main
from kg.exports import ExportSet, build_lock, new_set
from kg.pipeline import build
from tests.conftest import TEST_DATA

DEV = TEST_DATA / "dev"
NAMES = ("kg.ttl", "kg.trig", "kg.html")


def visible(out: Path) -> tuple[bytes, ...]:
    """The bytes a reader gets at each path the user opens."""
    return tuple((out.parent / name).read_bytes() for name in NAMES)


def sets_of(out: Path) -> list[Path]:
    home = out.parent / ".kg-exports"
    return sorted(p for p in home.iterdir() if p.is_dir() and not p.is_symlink())


@pytest.fixture()
def built(tmp_path):
    out = tmp_path / "out" / "kg.ttl"
    build([DEV], out, page="kg.html")
    return out


def test_user_paths_are_links_into_one_complete_set(built):
    folder = built.parent
    for name in NAMES:
        assert (folder / name).is_symlink()
        assert os.readlink(folder / name) == f".kg-exports/current/{name}"
    (only,) = sets_of(built)
    assert sorted(p.name for p in only.iterdir()) == sorted([*NAMES, "build.json", "store"])
    assert os.readlink(folder / ".kg-exports" / "current") == only.name


def test_a_rebuild_replaces_the_set_and_keeps_only_the_new_one(built):
    before = visible(built)
    (first,) = sets_of(built)
    build([DEV], built, page="kg.html", incremental=False)
    (second,) = sets_of(built)
    assert second != first and visible(built) == before


def test_a_failed_write_leaves_the_current_set(built):
    before = visible(built)
    exports = ExportSet(built, NAMES)
    with pytest.raises(OSError), new_set(exports) as folder:
        (folder / "kg.ttl").write_bytes(b"half")
        raise OSError("disk full")
    assert visible(built) == before and len(sets_of(built)) == 1


def test_a_set_missing_a_file_is_never_switched_in(built):
    before = visible(built)
    with pytest.raises(RuntimeError, match="lacks kg.html"), new_set(ExportSet(built, NAMES)) as f:
        for name in NAMES[:2]:
            (f / name).write_bytes(b"new")
    assert visible(built) == before


def test_a_set_built_before_is_seen_at_a_glance(built, tmp_path):
    """What decides whether a build starts its workers before reading: a set to build on."""
    from kg.exports import has_current_set, parses_everything

    assert has_current_set(built)
    assert not has_current_set(tmp_path / "elsewhere" / "kg.ttl")
    assert not has_current_set(built.with_name("other.ttl"))
    assert not parses_everything(built, incremental=True)
    assert parses_everything(built, incremental=False)
    assert parses_everything(tmp_path / "elsewhere" / "kg.ttl", incremental=True)


def test_leftovers_of_a_killed_build_are_removed_on_the_next_start(built):
    folder, home = built.parent, built.parent / ".kg-exports"
    (home / "set-unfinished").mkdir()
    (home / "set-unfinished" / "kg.ttl").write_bytes(b"half")
    os.symlink("set-unfinished", home / "current.1a2b3c4d.tmp")
    os.symlink(".kg-exports/current/kg.ttl", home / "link.1a2b3c4d.tmp")
    (folder / ".kg.ttl.abcd_123").write_bytes(b"an earlier version's temporary file")
    (folder / ".kg.trig.abcd_123.tmp").write_bytes(b"half")
    cache = folder / ".kg-cache"
    (cache / ".0123456789abcdef01234567.extraction.wxyz_987.tmp").write_bytes(b"half")
    (cache / "notes.txt").write_text("not ours", encoding="utf-8")
    build([DEV], built, page="kg.html")
    assert sorted(p.name for p in home.iterdir()) == sorted(
        ["current", "lock", sets_of(built)[0].name]
    )
    assert sorted(p.name for p in folder.iterdir()) == sorted([".kg-cache", ".kg-exports", *NAMES])
    assert sorted(p.name for p in cache.iterdir() if not p.name.endswith(".extraction")) == [
        "notes.txt"
    ]


def test_plain_files_of_an_earlier_version_show_their_bytes_until_the_switch(tmp_path, monkeypatch):
    out = tmp_path / "kg.ttl"
    for name in NAMES:
        (tmp_path / name).write_bytes(f"old {name}".encode())
    old = visible(out)
    seen = []
    switch = kg.exports._switch

    def watching_switch(exports: ExportSet, folder: Path) -> None:
        seen.append(visible(out))
        switch(exports, folder)

    monkeypatch.setattr(kg.exports, "_switch", watching_switch)
    with build_lock(out), new_set(ExportSet(out, NAMES)) as folder:
        for name in NAMES:
            (folder / name).write_bytes(f"new {name}".encode())
    assert seen == [old, old]  # adopting the old files, then switching to the new set
    assert visible(out) == tuple(f"new {name}".encode() for name in NAMES)


def test_a_second_build_on_the_same_output_fails_with_one_line(built, monkeypatch):
    monkeypatch.setattr(kg.exports, "LOCK_WAIT", 0.2)
    before = visible(built)
    cache = sorted((built.parent / ".kg-cache").iterdir())
    with build_lock(built):  # a build of another process, as far as flock can tell
        result = CliRunner().invoke(main, ["build", str(DEV), "-o", str(built)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: another build is writing {built.parent}/; wait for it or use another -o"
    ]
    assert visible(built) == before and sorted((built.parent / ".kg-cache").iterdir()) == cache


def test_a_build_to_another_output_in_the_same_folder_is_not_held_up(built, monkeypatch):
    monkeypatch.setattr(kg.exports, "LOCK_WAIT", 0.2)
    other = built.with_name("other.ttl")
    with build_lock(built):
        summary = build([DEV], other)
    assert summary.articles == 3 and other.is_file()


@pytest.mark.parametrize("name", NAMES)
def test_an_output_that_is_a_folder_is_refused_before_any_work(tmp_path, name):
    (tmp_path / name).mkdir()
    result = CliRunner().invoke(main, ["build", str(DEV), "-o", str(tmp_path / "kg.ttl")])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: {tmp_path / name}: is a folder; give a file name to write"
    ]
    assert not (tmp_path / ".kg-cache").exists()


def test_exports_sorted_in_runs_on_disk_equal_those_sorted_at_once(tmp_path, monkeypatch):
    """A graph larger than one sorting run is merged from runs into the same bytes."""
    import pyoxigraph as ox

    import kg.store

    whole = tmp_path / "whole" / "kg.ttl"
    build([DEV], whole)
    store = ox.Store()
    store.bulk_load(path=str(whole.with_suffix(".trig")), format=ox.RdfFormat.TRIG)
    assert len(store) > 900
    in_runs = tmp_path / "runs" / "kg.ttl"
    in_runs.parent.mkdir()
    monkeypatch.setattr(kg.store, "RUN", 100)
    assert kg.store.dump_exports(store, in_runs) == len(store)
    assert in_runs.read_bytes() == whole.read_bytes()
    assert in_runs.with_suffix(".trig").read_bytes() == whole.with_suffix(".trig").read_bytes()
    assert sorted(p.name for p in in_runs.parent.iterdir()) == ["kg.trig", "kg.ttl"]


def stored(out: Path) -> set:
    """The quads of the store a build left beside `out`."""
    import pyoxigraph as ox

    return set(ox.Store.read_only(str(out.parent / ".kg-exports" / "current" / "store")))


@pytest.mark.parametrize(
    "settings",
    [{"RUN": 97, "LOAD": 61}, {"LOADED_APART": 0, "LOAD": 61}],
    ids=["in-small-runs", "loaded-apart"],
)
def test_a_build_in_small_runs_or_loaded_apart_writes_the_same_files_and_store(
    tmp_path, monkeypatch, settings
):
    """The writer hands its statements to the sorting runs as it goes, and the store is
    loaded a part at a time, by a process of its own when it is large (so RocksDB's
    memory is not added to the build's): more runs and parts, the same files and store."""
    import kg.store

    whole = tmp_path / "whole" / "kg.ttl"
    build([DEV], whole)
    for name, value in settings.items():
        monkeypatch.setattr(kg.store, name, value)
    in_runs = tmp_path / "runs" / "kg.ttl"
    build([DEV], in_runs)
    assert in_runs.read_bytes() == whole.read_bytes()
    assert in_runs.with_suffix(".trig").read_bytes() == whole.with_suffix(".trig").read_bytes()
    assert stored(in_runs) == stored(whole)
    assert len(stored(whole)) > 61 * 3


def test_a_store_that_cannot_be_loaded_apart_stops_the_build_with_one_line(tmp_path, monkeypatch):
    import kg.store
    from kg.model import KgError

    quads = tmp_path / "all.nq"
    quads.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    in_the_way = tmp_path / "store"
    in_the_way.write_text("a file where the store's folder would go")
    monkeypatch.setattr(kg.store, "LOADED_APART", 0)
    with pytest.raises(KgError) as raised, kg.store.load_store(in_the_way, quads):
        pass
    message = str(raised.value)
    assert message.startswith(f"{in_the_way}: the store could not be loaded: ")
    assert "\n" not in message and "Traceback" not in message


def test_a_writing_that_fails_while_the_store_loads_apart_stops_the_loader(tmp_path, monkeypatch):
    import subprocess

    import kg.store

    quads = tmp_path / "all.nq"
    quads.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    started: list[subprocess.Popen] = []

    class Watched(subprocess.Popen):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(kg.store, "LOADED_APART", 0)
    monkeypatch.setattr(kg.store.subprocess, "Popen", Watched)
    with (
        pytest.raises(OSError, match="the disk is full"),
        kg.store.load_store(tmp_path / "s", quads),
    ):
        raise OSError("the disk is full")
    assert len(started) == 1 and started[0].returncode is not None


def test_a_loader_whose_build_has_gone_stops_before_its_next_part(tmp_path):
    """A killed build leaves no loader writing on: the loader checks its parent between parts."""
    import subprocess
    import sys

    quads = tmp_path / "all.nq"
    quads.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    gone = subprocess.run(
        [sys.executable, "-m", "kg.store", str(tmp_path / "store"), str(quads), "0"], check=False
    )
    assert gone.returncode == 1
    here = subprocess.run(
        [sys.executable, "-m", "kg.store", str(tmp_path / "store2"), str(quads), str(os.getpid())],
        check=False,
    )
    assert here.returncode == 0


def test_sorted_runs_give_each_statement_once_in_order(tmp_path, monkeypatch):
    import pyoxigraph as ox

    import kg.store

    monkeypatch.setattr(kg.store, "RUN", 3)
    runs = kg.store.SortedRuns(tmp_path / "t")
    node = ox.NamedNode("https://example.org/a")
    made = [str(ox.Triple(node, node, ox.Literal(text))) for text in "dbcabdxa"]
    for triple in made:
        runs.add(triple)
    assert len(runs.files) == 2
    merged = list(runs.merged())
    assert merged == sorted(set(made))
    assert [line[-2] for line in merged] == ["a", "b", "c", "d", "x"]
    assert runs.merged_count == 5
    assert runs.batch == []  # let go once written


def test_every_literal_of_a_build_is_as_a_store_keeps_it(seed_build):
    """The files are written beside the store, not read back from it: each literal must
    already be in the form the store keeps (decimals without trailing zeros, ...), but
    for the integer subtypes the store widens to xsd:integer."""
    import pyoxigraph as ox

    from kg.graph import INTEGER_SUBTYPES

    _, _, out = seed_build
    written = set(ox.parse(path=str(out.with_suffix(".trig")), format=ox.RdfFormat.TRIG))
    store = ox.Store()
    store.extend(written)
    widened = {ox.NamedNode(str(p)) for p in INTEGER_SUBTYPES}
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")

    def as_kept(quad: ox.Quad) -> ox.Quad:
        if quad.predicate not in widened:
            return quad
        value = ox.Literal(quad.object.value, datatype=integer)
        return ox.Quad(quad.subject, quad.predicate, value, quad.graph_name)

    assert set(store) == {as_kept(quad) for quad in written}


@pytest.mark.parametrize("value", [0.0, 1.0, 0.5, 0.99968, 0.1234, 0.95, 1 / 3, 0.001, 0.0004])
def test_confidences_are_written_in_the_stores_form(value):
    import pyoxigraph as ox

    from kg.graph import _decimal

    written = _decimal(value)
    store = ox.Store()
    node = ox.NamedNode("https://example.org/x")
    store.add(ox.Quad(node, node, written))
    (kept,) = [quad.object for quad in store]
    assert kept == written
    assert abs(float(written.value) - value) <= 0.0005


def test_the_page_and_counts_of_a_build_are_those_of_its_store(built, tmp_path):
    """A build reads its page and counts from a table of what they need, not from the
    store it loads: the same page and counts as read from the store."""
    import pyoxigraph as ox

    from kg.blocs import analyse, to_json
    from kg.render import TOOLTIP_EVIDENCE, render_html

    store = ox.Store.read_only(str(built.parent / ".kg-exports" / "current" / "store"))
    report = analyse(store, evidence_per_country=TOOLTIP_EVIDENCE)
    page = render_html(store, tmp_path / "from-store.html", report=report)
    assert page.read_bytes() == (built.parent / "kg.html").read_bytes()
    summary = build([DEV], tmp_path / "again" / "kg.ttl", page="kg.html")
    assert to_json(summary.blocs) == to_json(report)
    query = "SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE { ?n a <%s> }"
    for name, cls in (("statements", "Statement"), ("officials", "Official")):
        iri = f"https://w3id.org/diplomatic-kg/ontology#{cls}"
        (row,) = store.query(query % iri, use_default_graph_as_union=True)
        assert getattr(summary, name) == int(row[0].value) > 0


def test_the_written_triples_are_each_distinct_triple_once_in_order(tmp_path, monkeypatch):
    import pyoxigraph as ox

    import kg.store

    monkeypatch.setattr(kg.store, "RUN", 2)
    node = ox.NamedNode("https://example.org/a")
    made = [str(ox.Triple(node, node, ox.Literal(text))) for text in "cabca"]
    with kg.store.export_runs(tmp_path) as runs:
        for triple in made:
            runs.add(triple, "")
        assert runs.write(tmp_path / "kg.ttl") == 3
        assert list(runs.written_triples()) == sorted(set(made))
