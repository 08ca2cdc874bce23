"""Bloc analysis on small hand-made graphs that follow the contract."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import rdflib

from kg.blocs import analyse, to_json, to_rows
from kg.measures import cohesion as _cohesion
from kg.model import KgError
from kg.nlp import parse_article
from kg.pipeline import build_graph, extract_article
from kg.positions import Statement
from kg.store import union_graph
from kg.swing import switches
from kg.vocab import DKG
from tests.conftest import make_article

DATA = Path(__file__).parent / "data"
CRITICAL = ("DNK", "EST", "FIN", "IRL", "ISL", "LTU", "LVA", "SRB")
SUPPORTIVE = ("CUB", "IRN", "KHM", "LAO", "MMR", "NIC", "VEN")
STATEMENT = "https://w3id.org/diplomatic-kg/id/statement/"


@pytest.fixture(scope="module")
def quarrels() -> rdflib.Graph:
    return rdflib.Graph().parse(DATA / "blocs_quarrels.ttl")


@pytest.fixture(scope="module")
def votes() -> rdflib.Graph:
    return rdflib.Graph().parse(DATA / "blocs_votes.ttl")


def test_rival_statements_make_two_opposed_blocs(quarrels):
    report = analyse(quarrels)
    assert [(b.id, b.members) for b in report.blocs] == [
        ("critical_of_MMR", CRITICAL),
        ("supportive_of_MMR", SUPPORTIVE),
    ]
    critical, supportive = report.blocs
    assert critical.label == "critical of MMR, led by DNK"
    assert supportive.label == "supportive of MMR, led by VEN"
    assert critical.stance == {"MMR": "critical"}
    assert supportive.items == (
        STATEMENT + "rival-joint-statement",
        STATEMENT + "supportive-letter",
    )
    assert report.unaligned == []
    assert report.countries["IRN"].bloc == "supportive_of_MMR"


def test_counter_and_stance_items_give_single_statement_backers_shared_items(quarrels):
    items = {i.id: i for i in analyse(quarrels).items}
    # Iceland backed one statement only, yet has a position on three items
    assert items[STATEMENT + "rival-joint-statement"].positions["ISL"] == -1
    assert items["toward:MMR"].positions["ISL"] == -1
    assert items["toward:MMR"].positions["VEN"] == 1
    assert analyse(quarrels).countries["ISL"].items == 3


@pytest.mark.parametrize(
    ("options", "blocs", "unaligned"),
    [
        ({"min_confidence": 0.5}, [SUPPORTIVE, CRITICAL[:-1]], []),
        ({"min_shared": 4}, [("FIN", "IRL")], ["CUB", "DNK", "EST", "IRN"]),
        ({"since": "2021-03-01"}, [CRITICAL, tuple(c for c in SUPPORTIVE if c != "IRN")], []),
        ({"until": "2021-02-28"}, [("CUB", "IRN"), ("FIN", "IRL")], []),
        ({"target": "CHN"}, [], []),
    ],
)
def test_options_narrow_the_evidence(quarrels, options, blocs, unaligned):
    report = analyse(quarrels, **options)
    assert [b.members for b in report.blocs] == blocs
    assert report.unaligned[: len(unaligned)] == unaligned


def test_low_confidence_backer_drops_out(quarrels):
    assert "SRB" not in analyse(quarrels, min_confidence=0.5).countries


@pytest.mark.parametrize(
    ("a", "b", "shared", "agreed"),
    [("ARG", "BRA", 3, 2), ("BRA", "COL", 3, 0), ("COL", "PER", 3, 1), ("ARG", "PER", 3, 2)],
)
def test_votes_yes_no_abstain_agreement(votes, a, b, shared, agreed):
    pairs = {(p.a, p.b): p for p in analyse(votes).pairs}
    assert (pairs[a, b].shared, pairs[a, b].agreed) == (shared, agreed)


def test_votes_blocs_and_unaligned(votes):
    report = analyse(votes)
    assert [b.members for b in report.blocs] == [("ARG", "PER"), ("BRA", "CHL")]
    assert report.unaligned == ["COL"]
    assert report.blocs[1].label == "bloc of 2, led by BRA"


def test_cohesion_indices(votes):
    # fisheries: 3 yes; rivers: 2 yes 1 no; trade: 2 yes 1 abstain
    cohesion = _cohesion(("ARG", "BRA", "CHL"), analyse(votes).items)
    assert (cohesion.agreement_index, cohesion.rice, cohesion.items) == (0.667, 0.778, 3)


def test_json_and_rows_follow_the_contract(quarrels):
    report = analyse(quarrels)
    data = json.loads(json.dumps(to_json(report)))
    assert data["blocs"][0]["members"] == list(CRITICAL)
    assert data["blocs"][0]["stance"] == {"MMR": "critical"}
    assert data["countries"]["GBR" if "GBR" in data["countries"] else "DNK"]["bloc"] == (
        "critical_of_MMR"
    )
    assert data["unaligned"] == []
    rows = to_rows(report)
    assert rows[0] == {
        "iso3": "CUB",
        "country": "Cuba",
        "bloc": "supportive_of_MMR",
        "bloc_label": "supportive of MMR, led by VEN",
        "items": 5,
        "stance": "supportive of MMR",
        "participation": 0.0,
        "swing": "",
    }


def test_output_is_deterministic(quarrels):
    assert to_json(analyse(quarrels)) == to_json(analyse(quarrels))


def test_empty_graph_gives_an_empty_report():
    assert to_json(analyse(rdflib.Graph())) == {
        "blocs": [],
        "countries": {},
        "unaligned": [],
        "swing": [],
        "items": [],
    }


@pytest.mark.parametrize("options", [{"min_shared": 0}, {"min_confidence": 1.5}])
def test_bad_options_raise_kg_error(quarrels, options):
    with pytest.raises(KgError):
        analyse(quarrels, **options)


# ---------------------------------------------------------------- swing, leaders, evidence
@pytest.fixture(scope="module")
def swing_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(DATA / "blocs_swing.ttl")


def test_a_country_that_changes_side_is_named_swing_with_its_items(swing_graph):
    report = analyse(swing_graph)
    swing = {s.iso3: s for s in report.swing}
    assert sorted(swing) == ["GHA", "TUR"]
    turkey = swing["TUR"]
    assert [(m.question, m.before, m.after) for m in turkey.switches] == [
        ("toward:T00", STATEMENT + "a-2020", STATEMENT + "b-2021")
    ]
    assert turkey.switch_rate == 1.0
    assert turkey.reasons == ("changed side 1 time",)
    # a yearly resolution voted yes then no is the same question answered both ways
    ghana = swing["GHA"].switches[0]
    assert (ghana.question, ghana.after) == (
        "repeated:resolution on whaling",
        STATEMENT + "whaling-2021",
    )
    assert report.countries["FRA"].switch_rate == 0.0


def test_swing_and_thin_evidence_countries_are_unaligned_not_a_bloc(swing_graph):
    report = analyse(swing_graph)
    assert [b.members for b in report.blocs] == [
        ("DEU", "ESP", "FRA", "ITA"),
        ("DZA", "EGY", "NOR", "SDN"),
    ]
    assert report.unaligned == ["GHA", "ISL", "TUR"]
    assert report.countries["ISL"].items == 1


def test_switches_across_a_counters_chain_without_stance():
    sts = {
        "s1": Statement("s1", "Motion", backers=frozenset({"A", "B"}), date="2020-01-01"),
        "s2": Statement(
            "s2", "Reply", backers=frozenset({"C"}), counters=frozenset({"s1"}), date="2020-02-01"
        ),
        "s3": Statement(
            "s3", "Rejoinder", backers=frozenset({"B"}), counters=frozenset({"s2"}), date="2020-03"
        ),
        "s4": Statement(
            "s4", "Second reply", backers=frozenset({"A"}), counters=frozenset({"s3"}), date="2021"
        ),
    }
    moves = switches(sts)
    # A backed the motion, then the reply to its rejoinder: the other side
    assert moves["A"][0] == 1
    assert [(m.before, m.after) for m in moves["A"][1]] == [("s1", "s4")]
    assert moves["B"] == (1, [])  # motion and rejoinder are on the same side
    assert "C" not in moves or moves["C"] == (0, [])


@pytest.mark.parametrize(
    ("leaders", "label"),
    [
        (("GBR",), "critical of RUS, led by GBR"),
        (("GBR", "USA"), "critical of RUS, led by GBR and USA"),
        (("GBR", "USA", "FRA"), "critical of RUS, led by GBR, USA and FRA"),
        (("GBR", "USA", "FRA", "DEU", "CAN"), "critical of RUS, led by GBR, USA, FRA and 2 more"),
    ],
)
def test_a_label_names_every_leader_or_counts_the_rest(leaders, label):
    from kg.blocs import _label

    assert _label({"RUS": "critical"}, leaders, 9) == label


@pytest.mark.parametrize(
    ("graph_name", "leaders", "label"),
    [
        # the deliverer leads; a tie in deliveries goes to the member tied more strongly
        ("blocs_swing.ttl", ("DEU", "FRA"), "critical of T00, led by DEU and FRA"),
        ("blocs_quarrels.ttl", ("DNK",), "critical of MMR, led by DNK"),
        # nobody delivered: the member with the strongest ties inside the bloc
        ("blocs_votes.ttl", ("ARG",), "bloc of 2, led by ARG"),
    ],
)
def test_leaders_from_delivery_then_strength(graph_name, leaders, label):
    first = analyse(rdflib.Graph().parse(DATA / graph_name)).blocs[0]
    assert (first.leaders, first.label) == (leaders, label)


def test_named_and_declared_backers_show_partial_lists(swing_graph):
    items = {i.id: i for i in analyse(swing_graph).items}
    assert (items[STATEMENT + "a-2020"].named, items[STATEMENT + "a-2020"].declared) == (5, 12)
    b2020 = items[STATEMENT + "b-2020"]
    assert (b2020.named, b2020.declared, b2020.declared_is_minimum) == (4, 20, True)
    assert items[STATEMENT + "a-2021"].declared is None
    data = to_json(analyse(swing_graph))
    first = next(i for i in data["items"] if i["id"] == STATEMENT + "a-2020")
    assert (first["named_backers"], first["declared_backers"]) == (5, 12)


def test_evidence_sentence_and_article_per_position(swing_graph):
    (turkey,) = analyse(swing_graph).evidence["TUR"]
    assert turkey.sentence == "Turkey, France and Germany signed the letter."
    assert turkey.article_title == "Letters fly over Targetland"
    assert turkey.statement_label == "Letter critical of Targetland 2020"


def test_json_reports_swing_roles_and_cohesion(swing_graph):
    data = json.loads(json.dumps(to_json(analyse(swing_graph))))
    assert [s["iso3"] for s in data["swing"]] == ["GHA", "TUR"]
    assert data["swing"][1]["switches"][0]["after"] == STATEMENT + "b-2021"
    assert data["countries"]["TUR"]["switch_rate"] == 1.0
    assert set(data["countries"]["FRA"]) >= {"participation", "betweenness", "switch_rate"}
    assert data["blocs"][0]["cohesion"] == {"agreement_index": 1.0, "rice": 1.0, "items": 5}
    assert data["blocs"][0]["leaders"] == ["DEU", "FRA"]


def test_same_graph_gives_same_blocs_whatever_the_triple_order(quarrels):
    shuffled = rdflib.Graph()
    for triple in sorted(quarrels, key=lambda t: str(t[::-1])):
        shuffled.add(triple)
    assert to_json(analyse(shuffled)) == to_json(analyse(quarrels))


def test_unknown_method_is_a_user_error(quarrels):
    with pytest.raises(KgError, match="unknown bloc method"):
        analyse(quarrels, method="spectral")


def test_signed_method_needs_its_optional_package(quarrels):
    try:
        import leidenalg  # noqa: F401
    except ImportError:
        with pytest.raises(KgError, match="leidenalg"):
            analyse(quarrels, method="signed")
        return
    report = analyse(quarrels, method="signed")
    assert [b.members for b in report.blocs] == [CRITICAL, SUPPORTIVE]


@pytest.mark.parametrize("name", ["blocs_quarrels.ttl", "blocs_votes.ttl", "blocs_swing.ttl"])
def test_oxigraph_store_gives_the_same_report_as_rdflib(name):
    from kg.rdf_files import oxigraph_store

    report = analyse(oxigraph_store(DATA / name))
    expected = analyse(rdflib.Graph().parse(DATA / name))
    assert to_json(report) == to_json(expected)
    assert report.evidence == expected.evidence


@pytest.mark.parametrize("name", ["blocs_quarrels.ttl", "blocs_votes.ttl", "blocs_swing.ttl"])
@pytest.mark.parametrize("limit", [0, 1, 2])
def test_a_few_sentences_per_country_are_the_first_of_all_of_them(name, limit):
    from kg.rdf_files import oxigraph_store

    everything = analyse(rdflib.Graph().parse(DATA / name))
    for graph in (rdflib.Graph().parse(DATA / name), oxigraph_store(DATA / name)):
        few = analyse(graph, evidence_per_country=limit)
        expected = {c: ev[:limit] for c, ev in everything.evidence.items() if ev[:limit]}
        assert few.evidence == expected
        assert few.evidence_counts == everything.evidence_counts
        assert to_json(few) == to_json(everything)


def test_evidence_counts_are_the_statements_each_country_took_a_position_on(quarrels):
    sides = (DKG.backedBy, DKG.votedAgainst, DKG.abstainedOn, DKG.opposedBy)
    taken = {(s, o) for p in sides for s, o in quarrels.subject_objects(p)}
    expected = Counter(str(country).rsplit("/", 1)[-1] for _, country in taken)
    assert analyse(quarrels, evidence_per_country=1).evidence_counts == dict(expected)


def test_something_else_than_a_graph_is_a_type_error():
    with pytest.raises(TypeError, match="rdflib Graph, a pyoxigraph Store"):
        analyse({"not": "a graph"})


def test_year_and_month_bounds_cover_the_whole_period():
    from kg.positions import Statement, keep

    statements = {
        "a": Statement(iri="a", label="a", date="2019-07"),
        "b": Statement(iri="b", label="b", date="2019-10-29"),
        "c": Statement(iri="c", label="c", date="2020-01"),
    }
    assert set(keep(statements, until="2019")) == {"a", "b"}
    assert set(keep(statements, since="2019-10")) == {"b", "c"}
    assert set(keep(statements, since="2019", until="2019-07")) == {"a"}


def test_a_bound_that_is_not_a_date_is_refused():
    from kg.model import KgError
    from kg.positions import keep

    with pytest.raises(KgError, match="not a date"):
        keep({}, since="last year")


def test_states_that_oppose_a_text_disagree_with_its_backers():
    texts = {
        "o1": "Chile, Peru and Japan signed a joint statement on Monday criticising Bolivia.\n\n"
        "Cuba and Nicaragua rejected the statement.",
        "o2": "Chile, Peru and Japan signed a letter on Tuesday urging Venezuela to free "
        "detainees.\n\nCuba and Nicaragua dismissed the letter.",
    }
    extractions = []
    for article_id, text in texts.items():
        article = make_article(text, "2021-03-10", article_id)
        extractions.append(extract_article(article, parse_article(article)))
    graph = union_graph(build_graph(extractions))
    report = analyse(graph)
    pairs = {(p.a, p.b): p for p in report.pairs}
    # two statements and the two stance items they open: opposing a text critical of
    # Bolivia stands with Bolivia
    assert (pairs["CHL", "CUB"].shared, pairs["CHL", "CUB"].agreed) == (4, 0)
    assert (pairs["CUB", "NIC"].shared, pairs["CUB", "NIC"].agreed) == (4, 4)
    assert pairs["CHL", "CUB"].tie < 0 < pairs["CUB", "NIC"].tie
    assert report.countries["CUB"].stance == {"BOL": "supportive", "VEN": "supportive"}
