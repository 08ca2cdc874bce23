"""The Python API: what a notebook needs, in a few calls (`import kg`).

    import kg
    graph = kg.build(["data/"])                 # articles -> an rdflib Dataset
    found = kg.extract("France and Germany signed the letter on Tuesday.",
                       published="2021-10-21")  # one text -> its Extraction
    rows = kg.query(graph, "SELECT ?s WHERE { ?s a dkg:Statement }")
    report = kg.blocs(graph)                    # blocs, cohesion, swing countries
    graph = kg.load("exports/kg.trig")          # an export read back

Each call takes and gives plain values: rdflib graphs, the typed records of kg.model
and kg.blocs, lists of dicts of Python values. `kg.extract` and `kg.blocs` are the
extractors' package and the bloc analysis's module, made callable
(kg.extract.article.extract_text, kg.blocs.blocs_of); the rest are here.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.model import KgError

if TYPE_CHECKING:
    from rdflib import Dataset, Graph


def build(paths: str | Path | Iterable[str | Path]) -> Dataset:
    """The knowledge graph of the articles under `paths` (files and folders, as `kg build`
    reads them), in memory: one named graph per article, the merged nodes in the default
    graph. A bad article raises KgError naming it; nothing is written to disk."""
    from kg.articles import read_articles
    from kg.pipeline import build_graph, extract_all

    if isinstance(paths, str | Path):
        paths = [paths]
    return build_graph(extract_all(read_articles(list(paths))))


def load(path: str | Path) -> Graph:
    """An export (.ttl, .trig, .nq, .nt) read back as an rdflib graph."""
    from kg.store import load_graph

    return load_graph(path)


def query(graph: Graph | str | Path, sparql: str, **params: Any) -> Any:
    """Run SPARQL on a graph (or an export's path), the graph's prefixes declared.

    A SELECT gives a list of dicts, variable -> Python value (str, int, Decimal,
    datetime.date ...; an IRI as its text; None when unbound); an ASK gives a bool; a
    CONSTRUCT or DESCRIBE an rdflib Graph. Keyword arguments bind variables by name:
    `kg.query(g, "SELECT ?s WHERE { ?s dkg:backedBy ?c }", c=kg.country("GBR"))`
    takes Python values (str, numbers, dates) or rdflib terms.
    """
    from rdflib import Literal, URIRef
    from rdflib.term import Identifier

    from kg.sparql import PREFIXES

    if isinstance(graph, str | Path):
        graph = load(graph)
    bindings = {
        name: value if isinstance(value, Identifier) else Literal(value)
        for name, value in params.items()
    }
    result = graph.query(sparql, initNs=PREFIXES, initBindings=bindings)
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph
    variables = [str(v) for v in result.vars or []]
    return [
        {
            name: None if value is None else str(value) if isinstance(value, URIRef)
            else value.toPython()
            for name, value in zip(variables, row, strict=True)
        }
        for row in result
    ]  # fmt: skip


def country(iso3: str):
    """A country's node, to bind in a query: `kg.query(g, ..., c=kg.country("GBR"))`."""
    from rdflib import URIRef

    from kg.vocab import country_iri

    if not (len(iso3) == 3 and iso3.isalpha()):
        raise KgError(f"{iso3!r} is not an ISO 3166 alpha-3 code (e.g. GBR, CHN)")
    return URIRef(country_iri(iso3.upper()))
