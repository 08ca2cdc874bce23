"""SHACL validation: the sample conforms, each kind of broken graph gets its plain-words message."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from kg.model import KgError
from kg.validate import (
    Violation,
    conforms_quickly,
    describe,
    has_malformed_time,
    load_ontology,
    load_shapes,
    read_graph,
    validate_file,
    validate_graph,
)
from kg.vocab import (
    DKG,
    DKGR,
    SCHEMA,
    country_iri,
    event_iri,
    org_iri,
    person_iri,
    quote_iri,
    statement_iri,
)

# rdflib's own TriG/N-Quads code calls its deprecated Dataset API; that is not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated:DeprecationWarning")

SAMPLE = Path(__file__).resolve().parent / "data" / "onto_sample.ttl"
JOINT = statement_iri("joint-statement-on-ruritania")
COUNTER = statement_iri("counter-statement")
GBR, FRA, USA = country_iri("GBR"), country_iri("FRA"), country_iri("USA")


def sample() -> Graph:
    return Graph().parse(SAMPLE, format="turtle")


def record(graph: Graph, kind: URIRef, statement: URIRef, country: URIRef) -> BNode:
    """The blank-node position record of a kind for a statement and a country."""
    for node in graph.subjects(DKG.country, country):
        if (node, RDF.type, kind) in graph and (node, DKG.statement, statement) in graph:
            return node
    raise LookupError(f"no {kind} record for {statement} and {country}")


def test_sample_conforms_with_no_finding_at_all():
    assert validate_graph(sample()) == []


def test_load_ontology_and_shapes_give_fresh_graphs():
    onto, shapes = load_ontology(), load_shapes()
    assert (URIRef("https://w3id.org/diplomatic-kg/ontology"), RDF.type, None) in onto
    assert len(shapes) > 200
    assert load_ontology() is not onto


# Each row: a change to the sample, and the one line describe() gives for the one finding.
def _drop_quote_text(g: Graph) -> None:
    g.remove((quote_iri("q1"), DKG.text, None))


def _lower_case_iso3(g: Graph) -> None:
    g.set((GBR, DKG.iso3, Literal("gb")))


def _confidence_above_one(g: Graph) -> None:
    g.set((record(g, DKG.Backing, JOINT, FRA), DKG.confidence, Literal(Decimal("1.5"))))


def _confidence_as_double(g: Graph) -> None:
    g.set((record(g, DKG.Backing, JOINT, FRA), DKG.confidence, Literal(0.5)))


def _decade_precision(g: Graph) -> None:
    g.set((event_iri("envoy-visit"), DKG.datePrecision, Literal("decade")))


def _no_statement_kind(g: Graph) -> None:
    g.remove((COUNTER, DKG.statementKind, None))


def _backed_by_organization(g: Graph) -> None:
    g.add((COUNTER, DKG.backedBy, org_iri("un")))
    node = BNode()
    for p, o in (
        (RDF.type, DKG.Backing),
        (DKG.statement, COUNTER),
        (DKG.country, org_iri("un")),
        (DKG.mentionedIn, DKGR["article/a1"]),
        (DKG.evidence, Literal("The UN backed it.")),
        (DKG.startOffset, Literal(0)),
        (DKG.endOffset, Literal(17)),
    ):
        g.add((node, p, o))


def _backer_without_record(g: Graph) -> None:
    g.add((COUNTER, DKG.backedBy, USA))


def _stance_as_string(g: Graph) -> None:
    g.set((JOINT, DKG.stance, Literal("critical")))


def _partial_as_string(g: Graph) -> None:
    g.set((quote_iri("q1"), DKG.partial, Literal("no")))


def _offsets_reversed(g: Graph) -> None:
    g.set((quote_iri("q1"), DKG.startOffset, Literal(300)))


def _date_as_plain_string(g: Graph) -> None:
    g.set((event_iri("envoy-visit"), DKG.date, Literal("May 2022")))


def _event_without_date(g: Graph) -> None:
    g.remove((event_iri("review-year"), DKG.date, None))


def _official_represents_statement(g: Graph) -> None:
    g.set((person_iri("zhang-jun"), DKG.represents, COUNTER))


def _negative_count(g: Graph) -> None:
    g.set((JOINT, DKG.declaredBackerCount, Literal(-3)))


def _two_identifiers(g: Graph) -> None:
    g.add((DKGR["article/a2"], DCTERMS.identifier, Literal("a2-again")))


def _country_iri_not_iso3(g: Graph) -> None:
    node = DKGR["country/ruritania"]
    g.add((node, RDF.type, DKG.Country))
    g.add((node, DKG.iso3, Literal("RUR")))
    g.add((node, RDFS.label, Literal("Ruritania")))


def _backing_with_wrong_kind(g: Graph) -> None:
    g.set((record(g, DKG.Backing, JOINT, GBR), DKG.positionKind, Literal("against")))


def _vote_against_without_country(g: Graph) -> None:
    g.remove((record(g, DKG.VoteAgainst, statement_iri("resolution-vote"), country_iri("CHN")),
              DKG.country, None))  # fmt: skip


def _speaker_is_a_literal(g: Graph) -> None:
    g.set((quote_iri("q3"), DKG.speaker, Literal("a spokesman")))


def _mentioned_in_non_article(g: Graph) -> None:
    g.add((event_iri("review-year"), DKG.mentionedIn, URIRef("https://example.org/page")))


def _unknown_event_type(g: Graph) -> None:
    g.set((event_iri("talks-week"), DKG.eventType, Literal("party")))


def _url_not_a_uri(g: Graph) -> None:
    g.add((DKGR["article/a1"], SCHEMA.url, Literal("see our site", datatype=XSD.anyURI)))


RANGE = '"day", "week", "month" or "year"'
FRA_BACKING = "dkg:Backing on statement/joint-statement-on-ruritania by country/FRA"


# Usually one line; a few faults are rightly reported twice (by the statement and its record).
def _group_backing_without_record(graph: Graph) -> None:
    for node in list(graph.subjects(RDF.type, DKG.GroupBacking)):
        graph.remove((node, None, None))


def _group_backing_of_a_country(graph: Graph) -> None:
    graph.add((JOINT, DKG.backedByGroup, GBR))


BROKEN: list[tuple[Callable[[Graph], None], str | tuple[str, ...]]] = [
    (
        _drop_quote_text,
        "quote/q1: A quote must have exactly one text, a non-empty plain string (dkg:text)",
    ),
    (
        _lower_case_iso3,
        "country/GBR: A country must have exactly one ISO3 code of three upper-case letters"
        ' (dkg:iso3), got "gb"',
    ),
    (
        _confidence_above_one,
        f"{FRA_BACKING}: A confidence must be one xsd:decimal from 0 to 1 (dkg:confidence),"
        ' got "1.5"^^xsd:decimal',
    ),
    (
        _confidence_as_double,
        f"{FRA_BACKING}: A confidence must be one xsd:decimal from 0 to 1 (dkg:confidence),"
        ' got "0.5"^^xsd:double',
    ),
    (
        _decade_precision,
        f"event/envoy-visit: An event must have one date precision: {RANGE} (dkg:datePrecision),"
        ' got "decade"',
    ),
    (
        _no_statement_kind,
        "statement/counter-statement: A statement must have a kind, a plain string"
        " (dkg:statementKind)",
    ),
    (
        _backed_by_organization,
        (
            "dkg:Backing on statement/counter-statement by org/un: A position record must name"
            " exactly one country (dkg:country), got org/un",
            "statement/counter-statement: A statement can only be backed by a country"
            " (dkg:backedBy), got org/un",
        ),
    ),
    (
        _backer_without_record,
        "statement/counter-statement: Each backer of a statement must have a dkg:Backing record"
        " with its evidence (dkg:backedBy), got country/USA",
    ),
    (
        _stance_as_string,
        "statement/joint-statement-on-ruritania: A statement's stance must be one of"
        ' dkg:Critical, dkg:Supportive or dkg:Neutral (dkg:stance), got "critical"',
    ),
    (
        _partial_as_string,
        "quote/q1: A quote must say whether it is partial, with exactly one xsd:boolean"
        ' (dkg:partial), got "no"',
    ),
    (
        _offsets_reversed,
        "quote/q1: A start offset must not be after the end offset (dkg:startOffset),"
        ' got "300"^^xsd:integer',
    ),
    (
        _date_as_plain_string,
        "event/envoy-visit: An event's date must be an xsd:date, xsd:gYearMonth or xsd:gYear"
        ' (dkg:date), got "May 2022"',
    ),
    (
        _event_without_date,
        "event/review-year: An event has no resolved date (dkg:date) [warning]",
    ),
    (
        _official_represents_statement,
        "person/zhang-jun: An official can only represent a country or an organization"
        " (dkg:represents), got statement/counter-statement",
    ),
    (
        _negative_count,
        "statement/joint-statement-on-ruritania: A declared backer count must be one xsd:integer"
        ' of 0 or more (dkg:declaredBackerCount), got "-3"^^xsd:integer',
    ),
    (
        _two_identifiers,
        "article/a2: An article must have exactly one identifier, a plain string"
        " (dcterms:identifier)",
    ),
    (
        _country_iri_not_iso3,
        "country/ruritania: A country's IRI must be dkgr:country/ followed by its ISO3 code,"
        " got country/ruritania",
    ),
    (
        _backing_with_wrong_kind,
        "dkg:Backing on statement/joint-statement-on-ruritania by country/GBR:"
        ' A backing\'s position kind must be "backed" (dkg:positionKind), got "against"',
    ),
    (
        _vote_against_without_country,
        "dkg:VoteAgainst on statement/resolution-vote: A position record must name exactly one"
        " country (dkg:country)",
    ),
    (
        _speaker_is_a_literal,
        "quote/q3: A quote's speaker must be an official, a country, an organization or a"
        ' statement (dkg:speaker), got "a spokesman"',
    ),
    (
        _mentioned_in_non_article,
        "event/review-year: dkg:mentionedIn must point to a dkg:Article (dkg:mentionedIn),"
        " got https://example.org/page",
    ),
    (
        _group_backing_without_record,
        "statement/joint-statement-on-ruritania: Each group backing a statement must have a"
        " dkg:GroupBacking record with its evidence (dkg:backedByGroup), got org/EU",
    ),
    (
        _group_backing_of_a_country,
        (
            "statement/joint-statement-on-ruritania: A statement can only be backed by a group"
            " that is an organization (dkg:backedByGroup), got country/GBR",
            "statement/joint-statement-on-ruritania: Each group backing a statement must have a"
            " dkg:GroupBacking record with its evidence (dkg:backedByGroup), got country/GBR",
        ),
    ),
    (
        _url_not_a_uri,
        "article/a1: An article may have at most one url, an http(s) address typed xsd:anyURI"
        ' (https://schema.org/url), got "see our site"^^xsd:anyURI',
    ),
    (
        _unknown_event_type,
        "event/talks-week: An event's type must be one of the values in dkg:EventTypeScheme"
        ' (dkg:eventType), got "party"',
    ),
]


@pytest.mark.parametrize(("breaks", "expected"), BROKEN, ids=[b.__name__[1:] for b, _ in BROKEN])
def test_broken_graph_gives_its_message(breaks, expected):
    graph = sample()
    breaks(graph)
    lines = [expected] if isinstance(expected, str) else list(expected)
    assert [describe(v) for v in validate_graph(graph)] == lines


def test_violation_fields_for_a_missing_quote_text():
    graph = sample()
    _drop_quote_text(graph)
    assert validate_graph(graph) == [
        Violation(
            focus=str(quote_iri("q1")),
            path=str(DKG.text),
            message="A quote must have exactly one text, a non-empty plain string",
            severity="Violation",
        )
    ]


def test_blank_node_violation_keeps_its_id_and_says_what_it_is():
    graph = sample()
    _confidence_above_one(graph)
    (found,) = validate_graph(graph)
    assert found.focus.startswith("_:")
    assert found.about == FRA_BACKING
    assert found.value == '"1.5"^^xsd:decimal'


def test_a_warning_is_marked_as_such():
    graph = sample()
    _event_without_date(graph)
    assert [v.severity for v in validate_graph(graph)] == ["Warning"]


# --- files ---------------------------------------------------------------------


def _split_dataset() -> Dataset:
    """The sample as two named graphs: types in one, everything else in the other.

    Neither graph conforms alone; their union does.
    """
    dataset = Dataset()
    types = dataset.graph(URIRef("https://example.org/graph/types"))
    facts = dataset.graph(URIRef("https://example.org/graph/facts"))
    for s, p, o in sample():
        (types if p == RDF.type else facts).add((s, p, o))
    return dataset


@pytest.mark.parametrize("fmt, suffix", [("trig", ".trig"), ("nquads", ".nq")])
def test_quad_file_is_validated_as_the_union_of_its_graphs(tmp_path, fmt, suffix):
    path = tmp_path / f"export{suffix}"
    _split_dataset().serialize(path, format=fmt)
    assert validate_file(path) == []
    assert len(read_graph(path)) == len(sample())


def test_dataset_passed_directly_is_validated_as_a_union():
    assert validate_graph(_split_dataset()) == []


@pytest.mark.parametrize("fmt, suffix", [("turtle", ".ttl"), ("nt", ".nt")])
def test_triple_files_by_suffix(tmp_path, fmt, suffix):
    graph = sample()
    _lower_case_iso3(graph)
    path = tmp_path / f"export{suffix}"
    graph.serialize(path, format=fmt, encoding="utf-8")
    assert [v.focus for v in validate_file(path)] == [str(GBR)]


def test_sample_file_conforms():
    assert validate_file(SAMPLE) == []
    assert validate_file(str(SAMPLE)) == []


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("missing.ttl", None, "no such file"),
        ("broken.ttl", "<a> <b> .", "not valid turtle"),
        ("broken.trig", "<g> { <a> <b> <c> ", "not valid trig"),
        ("broken.nt", "<a> <b> <c>", "not valid nt"),
        ("broken.nq", "this is not n-quads", "not valid nquads"),
        ("export.json", "{}", "unknown RDF file type '.json'"),
    ],
)
def test_bad_files_raise_kg_error_naming_the_file(tmp_path, name, content, problem):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(KgError) as caught:
        validate_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {problem}")
    assert "\n" not in message


def test_directory_is_not_a_file(tmp_path):
    folder = tmp_path / "export.ttl"
    folder.mkdir()
    with pytest.raises(KgError, match=r"export\.ttl: not a file$"):
        validate_file(folder)


# --- the fast check of files ---------------------------------------------------------


@pytest.mark.parametrize(("breaks", "expected"), BROKEN, ids=[b.__name__[1:] for b, _ in BROKEN])
def test_a_broken_file_is_never_passed_by_the_fast_check(tmp_path, breaks, expected):
    """Whatever rudof says of a broken file, the findings are pySHACL's, word for word."""
    graph = sample()
    breaks(graph)
    path = tmp_path / "broken.ttl"
    graph.serialize(path, format="turtle", encoding="utf-8")
    assert not conforms_quickly(path)
    assert [describe(v) for v in validate_file(path)] == [
        describe(v) for v in validate_graph(graph)
    ]


@pytest.mark.parametrize("suffix, fmt", [(".ttl", "turtle"), (".trig", "trig"), (".nq", "nquads")])
def test_a_conforming_file_passes_the_fast_check(tmp_path, suffix, fmt):
    path = tmp_path / f"export{suffix}"
    (sample() if suffix == ".ttl" else _split_dataset()).serialize(path, format=fmt)
    assert conforms_quickly(path)


@pytest.mark.parametrize(
    ("literal", "valid"),
    [
        ('"2024-02-29"^^xsd:date', True),
        ('"2023-02-29"^^xsd:date', False),
        ('"2021-02-30"^^xsd:date', False),
        ('"2021-04-31"^^xsd:date', False),
        ('"2021-12-31Z"^^xsd:date', True),
        ('"yesterday"^^xsd:date', False),
        ('"2021-1-05"^^xsd:date', False),
        ('"2024-13"^^xsd:gYearMonth', False),
        ('"2024-00"^^xsd:gYearMonth', False),
        ('"2024-07"^^xsd:gYearMonth', True),
        ('"2024"^^xsd:gYear', True),
        ('"20x4"^^xsd:gYear', False),
        ('"2024-05-01T10:00:00"^^xsd:dateTime', True),
        ('"2024-05-01 10:00"^^xsd:dateTime', False),
        ('"not a number"', True),  # a plain string is no time
    ],
)
def test_a_malformed_time_is_found_in_a_file(tmp_path, literal, valid):
    path = tmp_path / "times.ttl"
    path.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f"<https://example.org/e> <https://example.org/when> {literal} .\n",
        encoding="utf-8",
    )
    assert has_malformed_time(path) is not valid


def test_a_file_with_an_impossible_date_falls_back_to_the_full_check(tmp_path):
    """rudof does not read dates' words; the check of times hands such a file to pySHACL."""
    graph = sample()
    event = next(graph.subjects(RDF.type, DKG.Event))
    graph.set((event, DKG.date, Literal("2021-02-30", datatype=XSD.date)))
    path = tmp_path / "export.ttl"
    graph.serialize(path, format="turtle", encoding="utf-8")
    found = [describe(v) for v in validate_file(path)]
    assert found and found == [describe(v) for v in validate_graph(graph)]
    assert any("(dkg:date)" in line for line in found)
