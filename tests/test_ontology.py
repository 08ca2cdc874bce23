"""The ontology declares every vocabulary term; the competency queries answer on a sample."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, SH, SKOS
from rdflib.plugins.sparql import prepareQuery

from kg.resources import QUERIES, package_files, read_text
from kg.sparql import bind_params, parse_param
from kg.validate import load_ontology, load_shapes
from kg.vocab import DKG, SCHEMA, SEM

SAMPLE = Path(__file__).resolve().parent / "data" / "onto_sample.ttl"
DKGR = "https://w3id.org/diplomatic-kg/id/"
# Terms the ontology adds beyond kg.vocab.DKG (which refuses unknown names).
ONTO = Namespace("https://w3id.org/diplomatic-kg/ontology#")
# A plain Namespace: pytest's collection probes rdflib's strict XSD namespace and warns.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ONTOLOGY_IRI = URIRef("https://w3id.org/diplomatic-kg/ontology")

TERMS = sorted(DKG.__annotations__)
EVENT_TYPES = {
    "statement",
    "meeting",
    "visit",
    "vote",
    "report-release",
    "summit",
    "session",
    "press-briefing",
    "appointment",
    "side-event",
    "speech",
    "other",
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


def _members(graph: Graph, node) -> set:
    """A class expression's members: the class itself, or its owl:unionOf list."""
    union = graph.value(node, OWL.unionOf)
    return set(Collection(graph, union)) if union is not None else {node}


def test_ontology_header(onto):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert str(onto.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"
    assert onto.value(ONTOLOGY_IRI, RDFS.label) is not None
    assert len(str(onto.value(ONTOLOGY_IRI, RDFS.comment))) > 100


@pytest.mark.parametrize("name", TERMS)
def test_every_vocab_term_is_declared_with_label_and_comment(onto, name):
    term = DKG[name]
    assert set(onto.objects(term, RDF.type)), f"{name} has no rdf:type"
    assert onto.value(term, RDFS.label) is not None, f"{name} has no label"
    assert onto.value(term, RDFS.comment) is not None, f"{name} has no comment"


def test_no_declared_term_lacks_label_or_comment(onto):
    kinds = (
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        RDF.Property,
        OWL.NamedIndividual,
        SKOS.Concept,
        SKOS.ConceptScheme,
        RDFS.Datatype,
    )
    declared = {s for kind in kinds for s in onto.subjects(RDF.type, kind) if isinstance(s, URIRef)}
    assert len(declared) >= len(TERMS)
    missing = sorted(str(t) for t in declared if onto.value(t, RDFS.label) is None)
    assert missing == []
    uncommented = sorted(str(t) for t in declared if onto.value(t, RDFS.comment) is None)
    assert uncommented == []


OBJECT_PROPERTIES = [
    "backedBy",
    "backedByGroup",
    "group",
    "deliveredBy",
    "deliveredByOfficial",
    "votedAgainst",
    "abstainedOn",
    "opposedBy",
    "stance",
    "target",
    "counters",
    "atEvent",
    "statement",
    "country",
    "official",
    "represents",
    "partOf",
    "speaker",
    "reportedBy",
    "participant",
    "mentionedIn",
]
DATATYPE_PROPERTIES = [
    "declaredBackerCount",
    "declaredBackerMinimum",
    "declaredAgainstCount",
    "declaredAbstentionCount",
    "statementKind",
    "positionKind",
    "title",
    "text",
    "partial",
    "iso3",
    "date",
    "endDate",
    "datePrecision",
    "dateExpression",
    "eventType",
    "evidence",
    "startOffset",
    "endOffset",
    "confidence",
    "extractedBy",
    "contentHash",
]
MIXED_PROPERTIES = ["venue", "place"]  # a literal or an IRI


def test_property_lists_cover_every_vocab_property():
    properties = {t for t in TERMS if t[0].islower()}
    assert properties == set(OBJECT_PROPERTIES + DATATYPE_PROPERTIES + MIXED_PROPERTIES)


@pytest.mark.parametrize(
    ("names", "kind"),
    [
        (OBJECT_PROPERTIES, OWL.ObjectProperty),
        (DATATYPE_PROPERTIES, OWL.DatatypeProperty),
        (MIXED_PROPERTIES, RDF.Property),
    ],
)
def test_properties_are_typed(onto, names, kind):
    for name in names:
        assert (DKG[name], RDF.type, kind) in onto, name
        assert onto.value(DKG[name], RDFS.domain) is not None or name in {
            "mentionedIn",
            "evidence",
            "startOffset",
            "endOffset",
            "confidence",
            "extractedBy",
        }, name


@pytest.mark.parametrize(
    ("prop", "domain", "range_"),
    [
        (DKG.backedBy, {DKG.Statement}, {DKG.Country}),
        (DKG.deliveredByOfficial, {DKG.Statement}, {DKG.Official}),
        (DKG.counters, {DKG.Statement}, {DKG.Statement}),
        (DKG.atEvent, {DKG.Statement}, {DKG.Event}),
        (DKG.stance, {DKG.Statement}, {DKG.Stance}),
        (DKG.speaker, {DKG.Quote}, {DKG.Official, DKG.Country, DKG.Organization, DKG.Statement}),
        (DKG.reportedBy, {DKG.Quote}, {DKG.Statement, DKG.Organization}),
        (
            DKG.represents,
            {DKG.Official, DKG.Organization, DKG.RoleMention},
            {DKG.Country, DKG.Organization},
        ),
        (DKG.statement, {DKG.Position, DKG.GroupBacking}, {DKG.Statement}),
        (DKG.backedByGroup, {DKG.Statement}, {DKG.Organization}),
        (DKG.opposedBy, {DKG.Statement}, {DKG.Country}),
        (DKG.group, {DKG.GroupBacking}, {DKG.Organization}),
        (DKG.official, {DKG.RoleMention}, {DKG.Official}),
        (DKG.date, {DKG.Statement, DKG.Event}, {XSD.date, XSD.gYearMonth, XSD.gYear}),
        (DKG.partial, {DKG.Quote}, {XSD.boolean}),
        (DKG.confidence, None, {XSD.decimal}),
        (DKG.contentHash, {DKG.Article}, {XSD.string}),
        (DKG.mentionedIn, None, {DKG.Article}),
    ],
)
def test_domains_and_ranges(onto, prop, domain, range_):
    if domain is None:
        assert onto.value(prop, RDFS.domain) is None
    else:
        assert _members(onto, onto.value(prop, RDFS.domain)) == domain
    assert _members(onto, onto.value(prop, RDFS.range)) == range_


@pytest.mark.parametrize(
    ("term", "relation", "external"),
    [
        (DKG.Country, RDFS.subClassOf, SCHEMA.Country),
        (DKG.Official, RDFS.subClassOf, SCHEMA.Person),
        (DKG.Organization, RDFS.subClassOf, SCHEMA.Organization),
        (DKG.Article, RDFS.subClassOf, SCHEMA.NewsArticle),
        (DKG.Quote, RDFS.subClassOf, SCHEMA.Quotation),
        (DKG.Event, RDFS.subClassOf, SCHEMA.Event),
        (DKG.Event, RDFS.subClassOf, SEM.Event),
        (DKG.Position, RDFS.subClassOf, PROV.Entity),
        (DKG.Backing, RDFS.subClassOf, DKG.Position),
        (DKG.VoteAgainst, RDFS.subClassOf, DKG.Position),
        (DKG.Abstention, RDFS.subClassOf, DKG.Position),
        (DKG.mentionedIn, RDFS.subPropertyOf, PROV.wasDerivedFrom),
        (DKG.participant, RDFS.subPropertyOf, SEM.hasActor),
        (DKG.date, RDFS.subPropertyOf, SEM.hasBeginTimeStamp),
        (DKG.partOf, RDFS.subPropertyOf, DCTERMS.isPartOf),
        (DKG.Critical, RDF.type, DKG.Stance),
        (DKG.Supportive, RDF.type, DKG.Stance),
        (DKG.Neutral, RDF.type, DKG.Stance),
    ],
)
def test_alignments(onto, term, relation, external):
    assert (term, relation, external) in onto


def test_event_types_agree_between_ontology_and_shapes(onto):
    notations = {
        str(onto.value(c, SKOS.notation))
        for c in onto.subjects(SKOS.inScheme, ONTO.EventTypeScheme)
    }
    assert notations == EVENT_TYPES
    shapes = load_shapes()
    in_lists = [
        {str(v) for v in Collection(shapes, shapes.value(ps, SH["in"]))}
        for ps in shapes.subjects(SH.path, DKG.eventType)
    ]
    assert in_lists == [EVENT_TYPES]


# --- competency queries -------------------------------------------------------

QUERY_NAMES = [
    "backers-of-statement",
    "statements-by-country",
    "quotes-by-official",
    "events-in-range",
    "co-backing-pairs",
    "who-delivered",
    "counters",
]
E = DKGR + "event/"
JS, JS_LABEL = DKGR + "statement/joint-statement-on-ruritania", "Joint statement on Ruritania"
CS, CS_LABEL = DKGR + "statement/counter-statement", "Counter-statement in support of China"
RV, RV_LABEL = DKGR + "statement/resolution-vote", "Resolution on a debate"
PIERCE, ZHANG = DKGR + "person/karen-pierce", DKGR + "person/zhang-jun"
JOINT = "joint statement"

EXPECTED_ROWS = {
    "backers-of-statement": [
        (CS, CS_LABEL, JOINT, "CHN", "China"),
        (CS, CS_LABEL, JOINT, "PAK", "Pakistan"),
        (JS, JS_LABEL, JOINT, "FRA", "France"),
        (JS, JS_LABEL, JOINT, "GBR", "United Kingdom"),
        (JS, JS_LABEL, JOINT, "USA", "United States"),
        (RV, RV_LABEL, "vote", "GBR", "United Kingdom"),
        (RV, RV_LABEL, "vote", "USA", "United States"),
    ],
    "statements-by-country": [
        ("GBR", RV, RV_LABEL, "vote", "2021"),
        ("GBR", JS, JS_LABEL, JOINT, "2021-10-21"),
    ],
    "quotes-by-official": [
        (
            PIERCE,
            "Karen Pierce",
            DKGR + "quote/q1",
            "We call on Ruritania to allow meaningful access",
            "false",
            "a1",
        ),
        (ZHANG, "Zhang Jun", DKGR + "quote/q2", "interference in internal affairs", "true", "a1"),
    ],
    "events-in-range": [
        (
            E + "third-committee-session",
            "UN General Assembly Third Committee session",
            "session",
            "2021-10-21",
            "2021-10-21",
            "day",
        ),
        (E + "talks-week", "Week of talks", "meeting", "2021-11-01", "2021-11-07", "week"),
    ],
    "co-backing-pairs": [
        ("GBR", "USA", "2"),
        ("CHN", "PAK", "1"),
        ("FRA", "GBR", "1"),
        ("FRA", "USA", "1"),
    ],
    "who-delivered": [
        (CS, CS_LABEL, "PAK", None),
        (JS, JS_LABEL, "GBR", "Karen Pierce"),
    ],
    "counters": [(CS, CS_LABEL, "supportive", JS, JS_LABEL, "critical")],
}


# What `kg query FILE --param NAME=VALUE` binds, for the queries that take parameters.
QUERY_PARAMS = {
    "events-in-range": ["from=2021-10-01", "to=2021-12-31"],
    "statements-by-country": ["iso=GBR"],
}


def _bindings(params: list[str]) -> dict:
    """The parameters as rdflib's initBindings: another engine, the same meaning."""
    from rdflib import Literal

    bound = {}
    for name, term in map(parse_param, params):
        if term.kind == "uri":
            bound[name] = URIRef(term.value)
        else:
            plain = term.datatype in (
                None,
                str(XSD.string),
            )  # rdflib tells "a" from "a"^^xsd:string
            bound[name] = Literal(term.value, lang=term.language,
                                  datatype=None if plain else term.datatype)  # fmt: skip
    return bound


def _rdflib_rows(query: str, params: list[str] = ()) -> list[tuple]:
    graph = Graph().parse(SAMPLE, format="turtle")
    found = graph.query(query, initBindings=_bindings(list(params)))
    return [tuple(None if v is None else str(v) for v in row) for row in found]


def _oxigraph_rows(query: str, params: list[str] = ()) -> list[tuple]:
    store = ox.Store()
    store.load(SAMPLE.read_bytes(), format=ox.RdfFormat.TURTLE)
    solutions = store.query(bind_params(query, dict(map(parse_param, params))))
    names = [v.value for v in solutions.variables]
    return [tuple(None if s[n] is None else s[n].value for n in names) for s in solutions]


def _query(name: str) -> str:
    return read_text(QUERIES, f"{name}.rq")


def test_query_files_are_the_ones_listed():
    shipped = [f.name.removesuffix(".rq") for f in package_files(QUERIES)]
    assert shipped == sorted(QUERY_NAMES)


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_query_starts_with_a_comment_and_parses(name):
    text = _query(name)
    assert text.startswith("# ") and len(text.splitlines()[0]) > 30
    prepareQuery(text)  # raises on a syntax error


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_query_rows_on_sample_with_both_engines(name):
    text, params = _query(name), QUERY_PARAMS.get(name, [])
    assert _rdflib_rows(text, params) == EXPECTED_ROWS[name]
    assert _oxigraph_rows(text, params) == EXPECTED_ROWS[name]


@pytest.mark.parametrize("name", sorted(QUERY_PARAMS))
def test_a_query_without_its_parameters_answers_for_everything(name):
    every = _oxigraph_rows(_query(name))
    assert set(EXPECTED_ROWS[name]) < set(every)
    assert _rdflib_rows(_query(name)) == every


@pytest.mark.parametrize(
    ("params", "expected_events"),
    [
        # A wide range takes in the month- and year-precision events too.
        (["from=2020-06-01", "to=2022-05-15"], 4),
        # A range inside May 2022 overlaps the event dated only "2022-05".
        (["from=2022-05-10", "to=2022-05-12"], 1),
        # The week of 1-7 November 2021 overlaps a range that starts on its Sunday.
        (["from=2021-11-07", "to=2021-11-30"], 1),
        (["from=2023-01-01", "to=2023-12-31"], 0),
        # Either bound may be left out.
        (["from=2022-01-01"], 1),
        (["to=2021-10-31"], 2),
    ],
)
def test_events_in_range_with_given_bounds(params, expected_events):
    text = _query("events-in-range")
    assert len(_rdflib_rows(text, params)) == expected_events
    assert len(_oxigraph_rows(text, params)) == expected_events


@pytest.mark.parametrize(("iso", "expected"), [("CHN", [("CHN", CS)]), ("PAK", [("PAK", CS)])])
def test_statements_by_country_takes_the_country_as_a_parameter(iso, expected):
    rows = _oxigraph_rows(_query("statements-by-country"), [f"iso={iso}"])
    assert [(r[0], r[1]) for r in rows] == expected
    assert _rdflib_rows(_query("statements-by-country"), [f"iso={iso}"]) == rows
