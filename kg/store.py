"""Exporting the graph (atomically, deterministically), loading it, and SPARQL on it."""

from __future__ import annotations

import heapq
import itertools
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kg.graph import INTEGER_SUBTYPES, PREFIXES
from kg.model import KgError
from kg.rdf_files import first_line as _first_line
from kg.rdf_files import format_of as _format_of

TEMP_SUFFIX = ".tmp"  # what marks a file write_atomic has not finished


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, then rename: never half a file."""
    write_atomic_with(path, lambda out: out.write(data))


def write_atomic_with(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """`write` streams the file's bytes into a temporary file in the same folder, which is
    then renamed to `path`: never half a file, and never the whole file in memory."""
    refuse_folder(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise KgError(f"{path}: cannot write here: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())  # the bytes are on disk before the new name points at them
        os.chmod(tmp, file_mode(0o666))  # mkstemp makes files private; exports are not
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def refuse_folder(path: Path) -> None:
    if path.is_dir():
        raise KgError(f"{path}: is a folder; give a file name to write")


def leftover_temps(folder: Path, name: str = r".+") -> list[Path]:
    """The temporary files a killed `write_atomic` left in `folder` for files named like `name`.

    `name` is a regular expression; earlier versions wrote temporary files without
    the suffix, and those are found too.
    """
    pattern = re.compile(rf"\.(?:{name})\.[a-z0-9_]{{8}}(?:{re.escape(TEMP_SUFFIX)})?")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if pattern.fullmatch(p.name))


def file_mode(mode: int) -> int:
    """`mode` less the process's umask: what a file made the ordinary way would get."""
    mask = os.umask(0)
    os.umask(mask)
    return mode & ~mask


def union_graph(ds: Dataset) -> Graph:
    """Every triple of every graph of the dataset, as one graph with its prefixes."""
    union = Graph()
    for prefix, ns in ds.namespaces():
        union.bind(prefix, ns, override=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def check_output(ttl_path: Path) -> None:
    """An export is a Turtle file: refuse another suffix or a folder before any work is done."""
    if Path(ttl_path).suffix.lower() != ".ttl":
        raise KgError(
            f"{ttl_path}: the export is Turtle; name it OUT.ttl (OUT.trig goes beside it)"
        )
    refuse_folder(Path(ttl_path))


def export(ds: Dataset, ttl_path: Path) -> int:
    """Write an rdflib Dataset as OUT.ttl and OUT.trig (see `dump_exports`)."""
    store = ox.Store()
    store.extend(
        ox.parse(ds.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    )
    return dump_exports(store, Path(ttl_path))


def dump_exports(store: ox.Store, ttl_path: Path) -> int:
    """Write OUT.ttl (all triples) and OUT.trig (one named graph per article) beside it,
    streamed from the store; the number of triples written to OUT.ttl (see ExportRuns)."""
    ttl_path = Path(ttl_path)
    check_output(ttl_path)
    with export_runs(ttl_path.parent) as runs:
        runs.extend(restored_types(store))
        return runs.write(ttl_path)


RUN = 100_000  # statements sorted in memory at a time


@contextmanager
def export_runs(folder: Path) -> Iterator[ExportRuns]:
    """Sorting runs in a temporary folder inside `folder`, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=".sort-", dir=folder) as runs:
        yield ExportRuns(Path(runs))


class ExportRuns:
    """The graph's statements as they are written, kept as N-Triples text in sorted runs
    on disk, from which OUT.ttl and OUT.trig are written and the store is loaded, so
    memory stays flat however large the graph.

    Both files are in a fixed order of their terms' text (TriG: default graph first,
    then graphs by name), so a file changes only where the graph does. The graph writer
    never puts a triple in two graphs (each named graph's triples name its article);
    a statement written twice is written once.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.triples = SortedRuns(folder / "t")
        self.quads = SortedRuns(folder / "q")

    def add(self, triple: str, graph: str) -> None:
        """One triple as N-Triples text (without the final dot) in `graph`, an IRI in
        angle brackets or "" for the default graph."""
        # A triple's text sorts as its (subject, predicate, object) texts would: the space
        # that joins the terms sorts before any character a longer term goes on with. So
        # does a graph's name before the tab, which sorts before any character of an IRI.
        self.triples.add(triple)
        self.quads.add(f"{graph}\t{triple}")

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        for quad in quads:
            graph = quad.graph_name
            self.add(str(quad.triple), "" if isinstance(graph, ox.DefaultGraph) else str(graph))

    def write(self, ttl_path: Path, store: Path | None = None) -> int:
        """Write OUT.ttl and OUT.trig, and a new store at `store` with the same quads;
        the number of triples in OUT.ttl."""
        with self.written(ttl_path, store) as triples:
            return triples

    @contextmanager
    def written(self, ttl_path: Path, store: Path | None = None) -> Iterator[int]:
        """As `write`, the block running once the files are written: a large store is
        loaded by a process of its own meanwhile (load_store), and is whole by the end
        of the block. On a machine of two cores or more the longest step of the writing
        is then not waited for."""
        triples, quads = self.folder / "all.nt", self.folder / "all.nq"
        _write_lines(triples, (f"{line} .\n" for line in self.triples.merged()))
        _write_lines(quads, map(_quad_line, self.quads.merged()))
        with load_store(store, quads) if store is not None else nullcontext():
            _rewrite(triples, ox.RdfFormat.N_TRIPLES, ttl_path, ox.RdfFormat.TURTLE)
            trig = ttl_path.with_suffix(".trig")
            _rewrite(quads, ox.RdfFormat.N_QUADS, trig, ox.RdfFormat.TRIG)
            yield self.triples.merged_count

    def written_triples(self) -> Iterator[str]:
        """Once written, each distinct triple as N-Triples text without its final dot,
        in order."""
        for line in _lines(self.folder / "all.nt"):
            yield line[:-2]


LOAD = 25_000  # statements per bulk load: the loader holds several times a part in memory
LOADED_APART = 64 * 2**20  # bytes of N-Quads above which a process of its own loads them


@contextmanager
def load_store(path: Path, quads: Path) -> Iterator[None]:
    """A new store at `path`, loaded from an N-Quads file this module wrote, and closed
    by the end of the block; the block runs while a large store loads.

    A large one is loaded by a process of its own. While a store is open, RocksDB keeps
    every table file's index and filter blocks in memory, in proportion to the whole
    archive (about 10 bytes a statement); in a process of its own that memory is not
    added to what the build holds, and goes back to the system when the loader ends.
    A block that fails stops the loader.
    """
    if quads.stat().st_size <= LOADED_APART:
        _load(path, quads)
        yield
        return
    said = quads.with_name(quads.name + ".said")  # a file, not a pipe: it never fills up
    with said.open("w+", encoding="utf-8", errors="replace") as told:
        loader = subprocess.Popen(
            [sys.executable, "-m", "kg.store", str(path), str(quads), str(os.getpid())],
            env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, sys.path))},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=told,
        )
        try:
            yield
        except BaseException:
            loader.kill()
            loader.wait()
            raise
        if loader.wait() != 0:
            told.seek(0)
            lines = told.read().strip().splitlines()
            last = lines[-1] if lines else f"its process ended with {loader.returncode}"
            raise KgError(f"{path}: the store could not be loaded: {last}")


def _load(path: Path, quads: Path, parent: int | None = None) -> None:
    """Bulk-load an N-Quads file this module wrote into a new store, a part at a time;
    stop if the build process `parent` has gone (a killed build leaves no loader)."""
    store = ox.Store(str(path))
    with quads.open(encoding="utf-8", newline="\n") as lines:
        while part := "".join(itertools.islice(lines, LOAD)):
            if parent is not None and os.getppid() != parent:
                raise SystemExit(1)
            store.bulk_load(input=part, format=ox.RdfFormat.N_QUADS, lenient=True)
    store.flush()


def _rewrite(source: Path, fmt: ox.RdfFormat, path: Path, out_fmt: ox.RdfFormat) -> None:
    """The statements of `source`, text this module wrote, written again in `out_fmt`."""
    parsed = ox.parse(path=str(source), format=fmt, lenient=True)
    write_atomic_with(path, lambda out: ox.serialize(parsed, out, out_fmt, prefixes=_prefixes()))


def _quad_line(key: str) -> str:
    graph, triple = key.split("\t", 1)
    return f"{triple} {graph} .\n" if graph else f"{triple} .\n"


def _write_lines(path: Path, lines: Iterable[str]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(lines)


class SortedRuns:
    """Lines of text in sorted order: runs of RUN sorted in memory and written to files
    named from `stem`, merged as they are read back, each distinct line once."""

    def __init__(self, stem: Path) -> None:
        self.stem = stem
        self.files: list[Path] = []
        self.batch: list[str] = []
        self.merged_count = 0  # distinct lines yielded by merged()

    def add(self, line: str) -> None:
        self.batch.append(line)
        if len(self.batch) >= RUN:
            self.files.append(self._written_run())

    def merged(self) -> Iterator[str]:
        self.batch.sort()
        readers = [_lines(path) for path in self.files]
        previous = None
        for line in heapq.merge(*readers, self.batch):
            if line != previous:
                self.merged_count += 1
                yield line
            previous = line
        self.batch = []  # written: not held while the rest of the build goes on

    def _written_run(self) -> Path:
        path = self.stem.with_name(f"{self.stem.name}-{len(self.files):05d}")
        self.batch.sort()
        _write_lines(path, (f"{line}\n" for line in self.batch))
        self.batch = []
        return path


def _lines(path: Path) -> Iterator[str]:
    """A run's lines as written (N-Triples text holds no line break of its own)."""
    with path.open(encoding="utf-8", newline="\n") as lines:
        for line in lines:
            yield line[:-1]


def _prefixes() -> dict[str, str]:
    # Thing IRIs hold slashes, which a prefixed name would have to escape: keep them whole.
    return {prefix: str(ns) for prefix, ns in PREFIXES.items() if prefix != "dkgr"}


def restored_types(store: ox.Store) -> Iterator[ox.Quad]:
    """The store's quads with the integer subtypes it dropped given back (INTEGER_SUBTYPES)."""
    subtypes = {ox.NamedNode(p): ox.NamedNode(kind) for p, kind in INTEGER_SUBTYPES.items()}
    for quad in store:
        kind = subtypes.get(quad.predicate)
        if kind is None:
            yield quad
        else:
            value = ox.Literal(quad.object.value, datatype=kind)
            yield ox.Quad(quad.subject, quad.predicate, value, quad.graph_name)


def load_graph(path: str | Path) -> Graph:
    """Read an export (Turtle, TriG, N-Quads, N-Triples) as one graph, named graphs merged."""
    path = Path(path)
    name, _ = _format_of(path)
    if not path.exists():
        raise KgError(f"{path}: no such file (run `kg build` first)")
    if not path.is_file():
        raise KgError(f"{path}: not a file")
    try:
        if name in {"trig", "nquads"}:
            ds = Dataset()
            ds.parse(path, format=name)
            return union_graph(ds)
        graph = Graph()
        graph.parse(path, format=name)
    except OSError as exc:
        raise KgError(f"{path}: cannot read: {exc.strerror or _first_line(exc)}") from exc
    except Exception as exc:  # rdflib raises many types for bad syntax and bad encodings
        raise KgError(f"{path}: not valid {name}: {_first_line(exc)}") from exc
    return graph


def _load_apart(argv: list[str]) -> int:
    """The loader's process: STORE QUADS PARENT-PID."""
    path, quads, parent = argv
    try:
        _load(Path(path), Path(quads), int(parent))
    except Exception as exc:  # the build reports the loader's last line and stops
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(_load_apart(sys.argv[1:]))
