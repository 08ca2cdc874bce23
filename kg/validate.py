"""Check a graph against the contract's SHACL shapes and say what is wrong in plain words."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyshacl import validate
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from kg.resources import ONTOLOGY, read_text
from kg.store import load_graph as read_graph
from kg.store import union_graph
from kg.vocab import DKG, DKGR

# Prefixes used to shorten IRIs in plain-words descriptions.
_PREFIXES = (
    ("dkg:", str(DKG._NS)),
    ("rdfs:", "http://www.w3.org/2000/01/rdf-schema#"),
    ("rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("dcterms:", "http://purl.org/dc/terms/"),
    ("owl:", "http://www.w3.org/2002/07/owl#"),
    ("xsd:", "http://www.w3.org/2001/XMLSchema#"),
)
_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: the node at fault, the property (if any), what is wrong, how bad."""

    focus: str  # full IRI, or "_:id" for a blank node
    path: str | None  # full IRI of the property, None for a node-level finding
    message: str
    severity: str = "Violation"  # "Violation" | "Warning" | "Info"
    value: str | None = None  # the offending value as N-Triples-like text, when there is one
    about: str | None = None  # for a blank node: what it is ("dkg:Backing on statement/x by ...")


def load_ontology() -> Graph:
    """The OWL ontology (ontology/dkg.ttl) as a fresh graph."""
    return _parse_shipped_turtle("dkg.ttl")


def load_shapes() -> Graph:
    """The SHACL shapes (ontology/shapes.ttl) as a fresh graph."""
    return _parse_shipped_turtle("shapes.ttl")


def validate_graph(data_graph: Graph) -> list[Violation]:
    """Validate a graph against the shapes; returns every finding, sorted, empty if it conforms.

    No inference is run: the ontology is mixed in only so that subclasses
    count (a dkg:Backing is a dkg:Position). RDFS inference would type any
    object of dkg:backedBy as a Country from the property's range, and so
    hide exactly the wrong links the shapes are there to catch.
    """
    if isinstance(data_graph, Dataset):
        data_graph = union_graph(data_graph)
    _conforms, results, _text = validate(
        data_graph,
        shacl_graph=_shapes(),
        ont_graph=_ontology(),
        inference="none",
        abort_on_first=False,
        allow_warnings=False,
        meta_shacl=False,
        advanced=False,
    )
    if not isinstance(results, Graph):  # pyshacl reports a broken shapes graph this way
        raise RuntimeError(f"the SHACL shapes could not be run: {results}")
    return sorted(set(_violations(results, data_graph)))


def validate_file(path: str | Path) -> list[Violation]:
    """Read an export (.ttl, .trig, .nq, .nt) and validate it; a TriG/N-Quads file as one union."""
    return validate_graph(read_graph(path))


def describe(violation: Violation) -> str:
    """One line in plain words.

    For example "statement/abc: A statement must have a kind (dkg:statementKind)".
    """
    line = f"{violation.about or short_name(violation.focus)}: {violation.message}"
    if violation.path:
        line += f" ({short_name(violation.path)})"
    if violation.value is not None:
        line += f", got {violation.value}"
    if violation.severity != "Violation":
        line += f" [{violation.severity.lower()}]"
    return line


def short_name(iri: str) -> str:
    """A thing's IRI without the dkgr: base, a term as prefix:name; anything else unchanged."""
    if iri.startswith(str(DKGR)):
        return iri[len(str(DKGR)) :]
    for prefix, namespace in _PREFIXES:
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return iri


def _violations(results: Graph, data: Graph) -> list[Violation]:
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        about = _blank_node_label(data, focus) if isinstance(focus, BNode) else None
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        found.append(
            Violation(
                focus=_node_text(focus),
                path=_path_text(path),
                message=str(message) if message is not None else _fallback_message(results, result),
                severity=_SEVERITIES.get(severity, "Violation"),
                value=_value_text(results.value(result, SH.value)),
                about=about,
            )
        )
    return found


def _blank_node_label(data: Graph, node: BNode) -> str:
    # A blank node's id means nothing to a reader; say what record it is and what it links.
    kind = data.value(node, RDF.type)
    words = [short_name(str(kind)) if kind is not None else "a blank node"]
    for prop, word in ((DKG.statement, "on"), (DKG.official, "of"), (DKG.country, "by")):
        value = data.value(node, prop)
        if value is not None:
            words.append(f"{word} {short_name(str(value))}")
    return " ".join(words)


def _value_text(node: object) -> str | None:
    if node is None:
        return None
    if isinstance(node, Literal):
        text = json.dumps(str(node), ensure_ascii=False)
        # Show the datatype when it may be the fault (0.9 written as xsd:double, not decimal).
        if node.datatype is not None and node.datatype != XSD.string:
            text += f"^^{short_name(str(node.datatype))}"
        return text
    if isinstance(node, BNode):
        return "a blank node"
    return short_name(str(node))


def _node_text(node: object) -> str:
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        return repr(str(node))
    return str(node)


def _path_text(path: object) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    return "(a property path)"  # sequence or inverse paths: none of our shapes use them


def _fallback_message(results: Graph, result: object) -> str:
    # Every shape of ours has sh:message; this covers shapes a user adds.
    component = results.value(result, SH.sourceConstraintComponent)
    return f"fails {short_name(str(component))}" if component else "fails a shape"


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    # Parsed once per process: pyshacl only reads the ontology and shapes graphs.
    return load_ontology()


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return load_shapes()


def _parse_shipped_turtle(name: str) -> Graph:
    graph = Graph()
    graph.parse(data=read_text(ONTOLOGY, name), format="turtle")
    return graph
