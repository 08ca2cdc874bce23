"""Read a graph one predicate at a time, whether it is an rdflib Graph or a pyoxigraph Store.

The bloc analysis only needs whole-predicate scans. Both stores answer them
as plain strings: IRIs and literal values as written, blank nodes as
``_:id``. pyoxigraph parses and scans about ten times faster than rdflib's
memory store, which is what keeps `kg blocs` on a large export within its budget.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
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


def _ox_key(term) -> str:
    # interned: a statement's IRI comes back from every property read of it, and an
    # archive's analysis would otherwise hold a copy per property
    return sys.intern(f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value)


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


def source_of(graph: rdflib.Graph | ox.Store) -> Source:
    """The right reader for `graph`."""
    if isinstance(graph, ox.Store):
        return OxigraphSource(graph)
    if isinstance(graph, rdflib.Graph):
        return RdflibSource(graph)
    raise TypeError(f"expected an rdflib Graph or a pyoxigraph Store, not {type(graph).__name__}")
