"""Running a read-only SPARQL query on an exported graph, in a sealed child process.

The query reads only the graph: SERVICE and updates are refused with one line, and
the child that evaluates it can open no file or connection once the graph is read.
Its answer streams back: rows, a boolean, or a graph as text (kg.sparql for the
prefixes, parameters and error messages; kg.results for the formats).
"""

from __future__ import annotations

import errno
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.model import KgError
from kg.rdf_files import first_line as _first_line
from kg.rdf_files import oxigraph_store
from kg.sealed import ChildDied, can_seal, seal, stream_from_child
from kg.sparql import PREFIXES as QUERY_PREFIXES
from kg.sparql import Term, bind_params, syntax_message, term_of

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
