"""kg.explain: every fact about a node, with its evidence sentences and the cited words marked."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Graph, Literal, URIRef

from kg.explain import country_spans, explain, explain_file, mark, resolve_iri
from kg.model import KgError
from kg.nlp import parse_article
from kg.pipeline import build_graph, extract_article
from kg.store import load_graph, union_graph
from kg.vocab import DKG, DKGR
from tests.conftest import make_article

SAMPLE = Path(__file__).resolve().parent / "data" / "explain_sample.ttl"
STATEMENT = "statement/2021-10-joint-statement"
FULL_UK = "United Kingdom of Great Britain and Northern Ireland"

EXPECTED = {
    STATEMENT: [
        "Joint statement on Ruritania [Statement] dkgr:statement/2021-10-joint-statement",
        "  backed by: United Kingdom (GBR)",
        "      [a1 55-122, confidence 0.9, rule agent-of-backing-verb] »Britain« and the U.S. signed the text,"
        " which the »British« envoy read.",
        "  backed by: United States (USA)",
        "      [a1 55-122, confidence 0.85] Britain and the »U.S.« signed the text,"
        " which the British envoy read.",
        "      [a2 10-68, confidence 0.8] The »United States«' support came from"
        " »Washington«'s mission.",
        "  date: 2021-10",
        "  delivered by official: Mary Stone",
        "  mentioned in: Allies rebuke Ruritania at the UN (a1)",
        "  mentioned in: Ruritania shrugs off criticism (a2)",
        "  stance: critical",
        "  statement kind: joint statement",
    ],
    "country/USA": [
        "United States (USA) [Country] dkgr:country/USA",
        "  iso3: USA",
        "  backed: Joint statement on Ruritania",
        "      [a1 55-122, confidence 0.85] Britain and the »U.S.« signed the text,"
        " which the British envoy read.",
        "      [a2 10-68, confidence 0.8] The »United States«' support came from"
        " »Washington«'s mission.",
    ],
    "person/mary-stone": [
        "Mary Stone [Official] dkgr:person/mary-stone",
        "  mentioned in: Allies rebuke Ruritania at the UN (a1)",
        "  represents: United Kingdom (GBR)",
        "      [a1 0-54] »Britain«'s UN ambassador Mary Stone read the statement.",
        "  title: UN Ambassador",
        "      [a1 0-54] Britain's »UN ambassador« Mary Stone read the statement.",
        "  delivered: Joint statement on Ruritania",
        "  said: “We call on Ruritania to allow access”",
        "      [a1 124-160] »We call on Ruritania to allow access«",
    ],
    "quote/q1": [
        "“We call on Ruritania to allow access” [Quote] dkgr:quote/q1",
        "  end offset: 160",
        "  mentioned in: Allies rebuke Ruritania at the UN (a1)",
        "  partial: false",
        "  speaker: Mary Stone",
        "      [a1 124-160] »We call on Ruritania to allow access«",
        "  start offset: 124",
        "  text: We call on Ruritania to allow access",
    ],
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load_graph(SAMPLE)


@pytest.mark.parametrize("node", sorted(EXPECTED))
def test_explain_lines(graph, node):
    assert explain(graph, resolve_iri(node, graph)).lines() == EXPECTED[node]


def test_trig_export_explains_the_same(tmp_path):
    """Records in per-article named graphs, nodes in the default graph: same lines."""
    ds = Dataset()
    for s, p, o in load_graph(SAMPLE):
        named = str(s).startswith((str(DKGR["position/"]), str(DKGR["role/"])))
        target = ds.graph(URIRef(f"{DKGR['article/a1']}/graph")) if named else ds.default_graph
        target.add((s, p, o))
    trig = tmp_path / "kg.trig"
    trig.write_bytes(ds.serialize(format="trig", encoding="utf-8"))
    for node, lines in EXPECTED.items():
        assert explain_file(trig, node).lines() == lines


@pytest.mark.parametrize(
    "text",
    [
        "https://w3id.org/diplomatic-kg/id/statement/2021-10-joint-statement",
        "<https://w3id.org/diplomatic-kg/id/statement/2021-10-joint-statement>",
        "dkgr:statement/2021-10-joint-statement",
        "statement/2021-10-joint-statement",
    ],
)
def test_iri_forms_resolve(graph, text):
    assert resolve_iri(text, graph) == DKGR[STATEMENT]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("statement/x", "no node dkgr:statement/x in "),
        ("dkgr:country/FRA", "no node dkgr:country/FRA in "),
        ("https://example.org/a", "no node <https://example.org/a> in "),
    ],
)
def test_unknown_iri_names_it_and_the_file(text, message):
    with pytest.raises(KgError) as err:
        explain_file(SAMPLE, text)
    assert str(err.value) == f"{message}{SAMPLE}"


def test_title_written_differently_in_an_article_is_shown(graph):
    """A role mention whose title the merged node does not carry still gets its line."""
    extended = Graph()
    for triple in graph:
        extended.add(triple)
    role = DKGR["role/r2"]
    for p, o in [
        (DKG.official, DKGR["person/mary-stone"]),
        (DKG.title, Literal("envoy")),
        (DKG.mentionedIn, DKGR["article/a2"]),
        (DKG.evidence, Literal("The envoy, Mary Stone, left.")),
        (DKG.startOffset, Literal(70)),
        (DKG.endOffset, Literal(98)),
    ]:
        extended.add((role, p, o))
    extended.add((role, RDF.type, DKG.RoleMention))
    lines = explain(extended, DKGR["person/mary-stone"]).lines()
    assert lines[6:8] == [
        "  title as written: envoy",
        "      [a2 70-98] The »envoy«, Mary Stone, left.",
    ]


@pytest.mark.parametrize(
    ("sentence", "iso3", "cited"),
    [
        ("Britain and the U.S. signed it.", "USA", ["U.S."]),
        ("It was signed by the U.S.", "USA", ["U.S."]),
        ("China’s envoy answered Beijing's critics.", "CHN", ["China", "Beijing"]),
        ("The United Kingdom of Great Britain and Northern Ireland", "GBR", [FULL_UK]),
        ("A U.S.-led text won support from Washington.", "USA", ["U.S.", "Washington"]),
        ("Some 54 countries backed it.", "CHN", []),
    ],
)
def test_country_spans(sentence, iso3, cited):
    assert [sentence[a:b] for a, b in country_spans(sentence, iso3)] == cited


def test_mark_wraps_each_span():
    assert mark("one two three", [(8, 13), (0, 3)]) == "»one« two »three«"


def test_a_group_backing_is_explained_with_its_sentence_and_rule():
    article = make_article("ASEAN issued a statement on Monday calling on Myanmar to free them.")
    graph = union_graph(build_graph([extract_article(article, parse_article(article))]))
    (statement,) = graph.subjects(RDF.type, DKG.Statement)
    lines = explain(graph, statement).lines()
    at = lines.index("  backed by group: ASEAN")
    assert "rule subject-of-backing-verb" in lines[at + 1] and "»ASEAN«" in lines[at + 1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GBR", "country/GBR"),
        ("usa", "country/USA"),
        ("Mary Stone", "person/mary-stone"),
        ("  mary   STONE ", "person/mary-stone"),
        ("United Kingdom", "country/GBR"),
        ("Britain", "country/GBR"),  # a country's name as news writes it
        ("Joint statement on Ruritania", STATEMENT),
    ],
)
def test_a_node_is_found_by_its_code_label_or_name(graph, text, expected):
    assert resolve_iri(text, graph) == DKGR[expected]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Mary Stoan", "no node 'Mary Stoan' in the graph; closest: Mary Stone (dkgr:person/"),
        ("Joint statement on Ruritanai", "closest: Joint statement on Ruritania (dkgr:statement/"),
        ("Nobody at all", "no node 'Nobody at all' in the graph"),
    ],
)
def test_a_name_that_fits_nothing_offers_the_closest(graph, text, message):
    with pytest.raises(KgError) as err:
        resolve_iri(text, graph)
    assert message in str(err.value) and "\n" not in str(err.value)
