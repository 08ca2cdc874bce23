"""Exporting the graph (atomically, deterministically), loading it, and SPARQL on it."""

from __future__ import annotations

import errno
import heapq
import itertools
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kg.graph import INTEGER_SUBTYPES, PREFIXES
from kg.model import KgError
from kg.sealed import ChildDied, can_seal, seal, stream_from_child
from kg.sparql import PREFIXES as QUERY_PREFIXES
from kg.sparql import Term, bind_params, syntax_message, term_of

FORMATS = {
    ".ttl": ("turtle", ox.RdfFormat.TURTLE),
    ".trig": ("trig", ox.RdfFormat.TRIG),
    ".nq": ("nquads", ox.RdfFormat.N_QUADS),
    ".nt": ("nt", ox.RdfFormat.N_TRIPLES),
}
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

    def write(self, ttl_path: Path, store: ox.Store | None = None) -> int:
        """Write OUT.ttl and OUT.trig, and load `store` with the same quads; the number
        of triples in OUT.ttl."""
        triples, quads = self.folder / "all.nt", self.folder / "all.nq"
        _write_lines(triples, (f"{line} .\n" for line in self.triples.merged()))
        _write_lines(quads, map(_quad_line, self.quads.merged()))
        _rewrite(triples, ox.RdfFormat.N_TRIPLES, ttl_path, ox.RdfFormat.TURTLE)
        _rewrite(quads, ox.RdfFormat.N_QUADS, ttl_path.with_suffix(".trig"), ox.RdfFormat.TRIG)
        if store is not None:
            _load(store, quads)
        return self.triples.merged_count


LOAD = 25_000  # statements per bulk load: the loader holds several times a part in memory


def _load(store: ox.Store, quads: Path) -> None:
    """Bulk-load an N-Quads file this module wrote, a part at a time."""
    with quads.open(encoding="utf-8", newline="\n") as lines:
        while part := "".join(itertools.islice(lines, LOAD)):
            store.bulk_load(input=part, format=ox.RdfFormat.N_QUADS, lenient=True)


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


def _format_of(path: Path) -> tuple[str, ox.RdfFormat]:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        suffix = path.suffix or "(none)"
        raise KgError(f"{path}: unknown RDF file type {suffix!r}; use {known}") from None


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


def oxigraph_store(path: str | Path) -> ox.Store:
    """An in-memory pyoxigraph store holding the file: fast SPARQL on large graphs."""
    path = Path(path)
    if not path.is_file():
        raise KgError(f"{path}: no such graph file (run `kg build` first)")
    _, fmt = _format_of(path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise KgError(f"{path}: not a readable graph ({_first_line(exc)})") from exc
    return store


DEFAULT_TIMEOUT = 30.0
REFUSED_SERVICE = "query: SERVICE is not allowed: kg query reads only the local graph"
REFUSED_UPDATE = (
    "query: updates (INSERT, DELETE, LOAD, CLEAR ...) are not allowed: kg query only reads"
)
REFUSED_OPENING = (
    "query: the query tried to open a file or a connection: kg query reads only the local graph"
)
_BATCH = 500  # rows per message from the query process: fewer, larger writes to the pipe

Row = list[str | None]


@dataclass(frozen=True)
class QueryResult:
    variables: list[str]
    rows: list[Row]


class Answer:
    """A query's answer read as it is computed. Its `form` says what it is: "select" (its
    variables, then its rows, then the rows left over), "ask" (`boolean`) or "graph"
    (CONSTRUCT, DESCRIBE: `text()`, the triples as Turtle or N-Triples).

    Use it as a context manager: leaving it stops the query process.
    """

    def __init__(self, messages: Iterator[tuple[str, Any]]) -> None:
        self._messages = messages
        self.form, self.variables = next(messages)[1]
        self.boolean = next(messages)[1] if self.form == "ask" else None
        self.more = 0  # rows past the limit, counted but not sent; known once rows() is done

    def rows(self) -> Iterator[list[Term | None]]:
        for kind, payload in self._messages:
            if kind == "more":
                self.more = payload
            else:
                yield from payload

    def text(self) -> Iterator[str]:
        for _, payload in self._messages:
            yield payload

    def __enter__(self) -> Answer:
        return self

    def __exit__(self, *exc: object) -> None:
        self._messages.close()


def run_query(
    sparql: str,
    graph_path: str | Path,
    timeout: float = DEFAULT_TIMEOUT,
    params: dict[str, Term] | None = None,
) -> QueryResult:
    """Run a SELECT (or ASK) query over the union of the file's graphs; every row at once,
    each value as text (an ASK's is "true" or "false", under the variable "ask")."""
    with open_query(sparql, graph_path, timeout=timeout, params=params) as answer:
        if answer.form == "ask":
            return QueryResult(["ask"], [[str(answer.boolean).lower()]])
        if answer.form == "graph":
            raise KgError("query: a CONSTRUCT or DESCRIBE query gives a graph, not rows")
        rows = [[term.value if term else None for term in row] for row in answer.rows()]
        return QueryResult(answer.variables, rows)


def open_query(
    sparql: str,
    graph_path: str | Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    limit: int | None = None,
    count_rest: bool = False,
    params: dict[str, Term] | None = None,
    graph_format: str = "turtle",
) -> Answer:
    """Start a read-only query on the file's graphs in a sealed child process.

    The graph's prefixes are declared for the query (kg.sparql.PREFIXES); `params`
    bind variables by name (kg.sparql.bind_params), FILTERs included. At most `limit`
    rows (or triples) are sent; with `count_rest` the rows past it are counted
    (Answer.more). A graph answer comes as `graph_format` ("turtle" or "ntriples").
    The query stops with a KgError once `timeout` seconds have passed.
    """
    # Loaded before the fork, so each query process inherits the parser instead of building it.
    import rdflib.plugins.sparql.parser  # noqa: F401

    sparql = bind_params(sparql, params or {})
    args = (sparql, Path(graph_path), limit, count_rest, graph_format)
    return Answer(_guarded(stream_from_child(_answer, args, timeout), timeout))


def _guarded(messages: Iterator[tuple[str, Any]], timeout: float) -> Iterator[tuple[str, Any]]:
    try:
        yield from messages
    except TimeoutError:
        raise KgError(f"query: stopped after {timeout:g} s (--timeout)") from None
    except ChildDied as exc:
        raise KgError(f"query: the query process ended ({exc}); out of memory?") from None


def _answer(
    sparql: str,
    graph_path: Path,
    limit: int | None,
    count_rest: bool,
    graph_format: str,
) -> Iterator[tuple[str, Any]]:
    """In the query process: ("head", (form, variables)), then ("boolean", value) for an
    ASK, ("text", Turtle) for a graph, or ("rows", batch)... and ("more", count)."""
    check_read_only(sparql)
    store = oxigraph_store(graph_path)
    seal()  # the graph is read: from here on nothing can open a file or a connection
    try:
        result = store.query(sparql, use_default_graph_as_union=True, prefixes=QUERY_PREFIXES)
        if isinstance(result, ox.QueryBoolean):
            yield "head", ("ask", [])
            yield "boolean", bool(result)
            return
        if isinstance(result, ox.QueryTriples):
            yield "head", ("graph", [])
            yield "text", _graph_text(itertools.islice(result, limit), graph_format)
            return
        variables = [v.value for v in result.variables]
        yield "head", ("select", variables)
        rows = ([term_of(solution[v]) for v in variables] for solution in result)
        shown = rows if limit is None else itertools.islice(rows, limit)
        yield from (("rows", batch) for batch in _batches(shown))
        if count_rest:
            yield "more", sum(1 for _ in rows)
    except SyntaxError as exc:
        raise KgError(syntax_message(str(exc), sparql)) from exc
    except (OSError, RuntimeError, ValueError) as exc:
        # Results are computed as they are read: evaluation errors surface here too.
        if f"(os error {errno.EMFILE})" in str(exc):  # the seal at work
            raise KgError(REFUSED_OPENING) from exc
        raise KgError(f"query: {_first_line(exc)}") from exc


def _graph_text(triples: Iterable[ox.Triple], graph_format: str) -> str:
    """A query's triples as Turtle (the graph's prefixes, sorted) or N-Triples."""
    ordered = sorted(triples, key=str)
    if graph_format == "ntriples":
        return "".join(f"{triple} .\n" for triple in ordered)
    named = " ".join(map(str, ordered))
    used = {name: iri for name, iri in sorted(QUERY_PREFIXES.items()) if f"<{iri}" in named}
    return ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=used).decode("utf-8")


def _batches(rows: Iterator[Row]) -> Iterator[list[Row]]:
    while batch := list(itertools.islice(rows, _BATCH)):
        yield batch


def check_read_only(sparql: str) -> None:
    """Refuse a query that would reach past the local graph (SERVICE) or change it (updates).

    Decided on rdflib's parse of the query, not on its text: a SERVICE in any
    spelling, case or nesting is a ServiceGraphPattern node. This gives the clear
    message; the bar nothing passes is the sealed process the query runs in.
    """
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(sparql)
    except Exception as exc:  # pyparsing's errors, or RecursionError on deep nesting
        if _is_update(sparql):
            raise KgError(REFUSED_UPDATE) from None
        if not can_seal():  # nothing else would stop what this parser cannot read
            raise KgError(f"query: {_first_line(exc)}") from None
        return  # the engine's own parser gives the syntax error
    if "ServiceGraphPattern" in _node_names(tree):
        raise KgError(REFUSED_SERVICE)


def _is_update(sparql: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(sparql)
    except Exception:  # as above: this parser cannot read it as an update
        return False
    return True


def _node_names(tree: object) -> set[str]:
    """The names of every node of a parse tree, walked without recursion (trees can be deep)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    names: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            names.add(node.name)
            stack.extend(node.values())
        elif isinstance(node, Iterable) and not isinstance(node, str):  # lists of parts
            stack.extend(node)
    return names


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
