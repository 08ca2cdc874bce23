"""Check a graph against the contract's SHACL shapes and say what is wrong in plain words."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from kg.rdf_files import FORMATS
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
    """Read an export (.ttl, .trig, .nq, .nt) and validate it; a TriG/N-Quads file as one union.

    A large export is checked first by rudof's SHACL engine, several times faster
    than pySHACL's. When it finds nothing and no literal is malformed in a way it
    does not check, the file conforms. Otherwise pySHACL reports the findings, in
    the words of the shapes' messages, exactly as for a small graph.
    """
    path = Path(path)
    if path.is_file() and conforms_quickly(path):
        return []
    return validate_graph(read_graph(path))


_RUDOF_FORMATS = {".ttl": "Turtle", ".trig": "TriG", ".nq": "NQuads", ".nt": "NTriples"}


def conforms_quickly(path: Path) -> bool:
    """Whether rudof finds the file conforming; False whenever it cannot tell."""
    try:
        import pyrudof
    except ImportError:
        return False
    name = _RUDOF_FORMATS.get(path.suffix.lower())
    if name is None:
        return False
    try:
        rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        strict = pyrudof.ReaderMode.Strict
        rudof.read_data(
            str(path.resolve()), format=getattr(pyrudof.RDFFormat, name), reader_mode=strict
        )
        # Mixed in so that subclasses count, as pySHACL's ont_graph does.
        ontology = read_text(ONTOLOGY, "dkg.ttl")
        rudof.read_data(ontology, format=pyrudof.RDFFormat.Turtle, reader_mode=strict, merge=True)
        rudof.read_shacl(read_text(ONTOLOGY, "shapes.ttl"), format=pyrudof.ShaclFormat.Turtle)
        report = rudof.validate_shacl()
    except Exception:  # rudof raises its own error types; pySHACL then says what is wrong
        return False
    return report.conforms and len(report) == 0 and not has_malformed_time(path)


# rudof does not check the lexical forms of these types; pySHACL does (sh:datatype).
_ZONE = r"(?:Z|[+-]\d\d:\d\d)?"
_TIME_FORMS = {
    str(XSD.date): re.compile(rf"(?P<y>-?\d{{4,}})-(?P<m>\d\d)-(?P<d>\d\d){_ZONE}"),
    str(XSD.dateTime): re.compile(
        rf"(?P<y>-?\d{{4,}})-(?P<m>\d\d)-(?P<d>\d\d)T\d\d:\d\d:\d\d(?:\.\d+)?{_ZONE}"
    ),
    str(XSD.gYearMonth): re.compile(rf"(?P<y>-?\d{{4,}})-(?P<m>\d\d){_ZONE}"),
    str(XSD.gYear): re.compile(rf"(?P<y>-?\d{{4,}}){_ZONE}"),
}


def has_malformed_time(path: Path) -> bool:
    """Whether a date, dateTime, gYearMonth or gYear literal of the file is not a valid one."""
    _, fmt = FORMATS[path.suffix.lower()]
    for quad in ox.parse(path=str(path), format=fmt):
        value = quad.object
        if isinstance(value, ox.Literal):
            form = _TIME_FORMS.get(value.datatype.value)
            if form is not None and not _valid_time(form.fullmatch(value.value)):
                return True
    return False


def _valid_time(match: re.Match[str] | None) -> bool:
    if match is None:
        return False
    parts = match.groupdict()
    if parts.get("m") is None:
        return True
    month = int(parts["m"])
    if parts.get("d") is None:
        return 1 <= month <= 12
    year = int(parts["y"])
    leap_year = 2000 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 2001
    try:
        dt.date(leap_year, month, int(parts["d"]))  # the day checked against its month
    except ValueError:
        return False
    return True


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
