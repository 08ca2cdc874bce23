"""Read a graph one predicate at a time, whether it is an rdflib Graph or a pyoxigraph Store.

The bloc analysis only needs whole-predicate scans. Both stores answer them
as plain strings: IRIs and literal values as written, blank nodes as
``_:id``. pyoxigraph parses and scans about ten times faster than rdflib's
memory store, which is what keeps `kg blocs` on a large export within its budget.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
import rdflib
from rdflib import RDF, BNode, URIRef


class Source(Protocol):
    def pairs(self, prop: str) -> Iterator[tuple[str, str]]:
        """(subject, object) of every triple with predicate `prop`."""
        ...

    def typed(self, cls: str) -> Iterator[str]:
        """Every subject of type `cls`."""
        ...

    def objects(self, subject: str, prop: str) -> Iterator[str]:
        """The objects of one subject's triples with predicate `prop`."""
        ...

    def subjects(self, prop: str, obj: str) -> Iterator[str]:
        """The subjects of the triples with predicate `prop` and object `obj` (an IRI or `_:id`)."""
        ...


def _rdflib_key(node: rdflib.term.Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


class RdflibSource:
    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph

    def pairs(self, prop: str) -> Iterator[tuple[str, str]]:
        for s, _, o in self.graph.triples((None, URIRef(prop), None)):
            yield _rdflib_key(s), _rdflib_key(o)

    def typed(self, cls: str) -> Iterator[str]:
        for s in self.graph.subjects(RDF.type, URIRef(cls)):
            yield _rdflib_key(s)

    def objects(self, subject: str, prop: str) -> Iterator[str]:
        for o in self.graph.objects(_rdflib_node(subject), URIRef(prop)):
            yield _rdflib_key(o)

    def subjects(self, prop: str, obj: str) -> Iterator[str]:
        for s in self.graph.subjects(URIRef(prop), _rdflib_node(obj)):
            yield _rdflib_key(s)


def _rdflib_node(key: str) -> rdflib.term.Node:
    return BNode(key[2:]) if key.startswith("_:") else URIRef(key)


def _ox_text(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _ox_key(term) -> str:
    # interned: a statement's IRI comes back from every property read of it, and an
    # archive's analysis would otherwise hold a copy per property
    return sys.intern(_ox_text(term))


class OxigraphSource:
    """All the store's graphs as one (a TriG export keeps one graph per article)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def pairs(self, prop: str) -> Iterator[tuple[str, str]]:
        for q in self.store.quads_for_pattern(None, ox.NamedNode(prop), None, None):
            yield _ox_key(q.subject), _ox_key(q.object)

    def typed(self, cls: str) -> Iterator[str]:
        rdf_type, kind = ox.NamedNode(str(RDF.type)), ox.NamedNode(cls)
        for q in self.store.quads_for_pattern(None, rdf_type, kind, None):
            yield _ox_key(q.subject)

    def objects(self, subject: str, prop: str) -> Iterator[str]:
        for q in self.store.quads_for_pattern(_ox_node(subject), ox.NamedNode(prop), None, None):
            yield _ox_key(q.object)

    def subjects(self, prop: str, obj: str) -> Iterator[str]:
        for q in self.store.quads_for_pattern(None, ox.NamedNode(prop), _ox_node(obj), None):
            yield _ox_key(q.subject)


def _ox_node(key: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(key[2:]) if key.startswith("_:") else ox.NamedNode(key)


class TableSource:
    """The triples a reader wants, kept in a SQLite file and read as from a store.

    A large Oxigraph store's readers hold index and filter blocks in proportion to all
    it holds, whatever is read; this table's memory is SQLite's page cache. Its triples
    are given as the N-Triples lines of a graph (`take`), each distinct line once.
    """

    BATCH = 20_000  # lines parsed and inserted at a time

    def __init__(self, path: Path, properties: Collection[str], classes: Collection[str]) -> None:
        self.db = sqlite3.connect(path)
        self.db.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "CREATE TABLE IF NOT EXISTS t (p TEXT, s TEXT, o TEXT, PRIMARY KEY (p, s, o))"
            " WITHOUT ROWID;"
        )
        self._wanted = {f"<{p}>" for p in properties}
        self._type = f"<{RDF.type}>"
        self._classes = {f"<{c}>" for c in classes}
        self._lines: list[str] = []

    def take(self, line: str) -> None:
        """One N-Triples line without its final dot: kept if its predicate is wanted, or
        if it types its subject with a wanted class."""
        # neither a subject nor a predicate holds a space in N-Triples
        _, _, rest = line.partition(" ")
        prop, _, obj = rest.partition(" ")
        if prop in self._wanted or (prop == self._type and obj in self._classes):
            self._lines.append(line)
            if len(self._lines) >= self.BATCH:
                self._insert()

    def ready(self) -> TableSource:
        """Every line taken is in the table, which is indexed for reading."""
        self._insert()
        self.db.execute("CREATE INDEX IF NOT EXISTS t_pos ON t (p, o, s)")
        self.db.commit()
        return self

    def close(self) -> None:
        self.db.close()

    def _insert(self) -> None:
        text = "".join(f"{line} .\n" for line in self._lines)
        found = ox.parse(input=text, format=ox.RdfFormat.N_TRIPLES)
        rows = ((q.predicate.value, _ox_text(q.subject), _ox_text(q.object)) for q in found)
        self.db.executemany("INSERT OR IGNORE INTO t VALUES (?, ?, ?)", rows)
        self._lines = []

    def pairs(self, prop: str) -> Iterator[tuple[str, str]]:
        for s, o in self.db.execute("SELECT s, o FROM t WHERE p = ?", (prop,)):
            yield sys.intern(s), sys.intern(o)

    def typed(self, cls: str) -> Iterator[str]:
        yield from self.subjects(str(RDF.type), cls)

    def objects(self, subject: str, prop: str) -> Iterator[str]:
        for (o,) in self.db.execute("SELECT o FROM t WHERE p = ? AND s = ?", (prop, subject)):
            yield sys.intern(o)

    def subjects(self, prop: str, obj: str) -> Iterator[str]:
        for (s,) in self.db.execute("SELECT s FROM t WHERE p = ? AND o = ?", (prop, obj)):
            yield sys.intern(s)

    def count_typed(self, cls: str) -> int:
        """How many subjects have type `cls`."""
        query = "SELECT COUNT(DISTINCT s) FROM t WHERE p = ? AND o = ?"
        (count,) = self.db.execute(query, (str(RDF.type), cls)).fetchone()
        return count


def source_of(graph: rdflib.Graph | ox.Store | TableSource) -> Source:
    """The right reader for `graph`."""
    if isinstance(graph, TableSource):
        return graph
    if isinstance(graph, ox.Store):
        return OxigraphSource(graph)
    if isinstance(graph, rdflib.Graph):
        return RdflibSource(graph)
    raise TypeError(
        f"expected an rdflib Graph, a pyoxigraph Store or a TableSource, not {type(graph).__name__}"
    )
