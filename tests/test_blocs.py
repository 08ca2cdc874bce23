"""Bloc analysis on small hand-made graphs that follow the contract."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, Literal

from kg.blocs import _cohesion, analyse, to_json, to_rows
from kg.model import KgError
from kg.vocab import DKG, country_iri, statement_iri

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
    }


def test_output_is_deterministic(quarrels):
    assert to_json(analyse(quarrels)) == to_json(analyse(quarrels))


def test_empty_graph_gives_an_empty_report():
    assert to_json(analyse(rdflib.Graph())) == {
        "blocs": [],
        "countries": {},
        "unaligned": [],
        "items": [],
    }


@pytest.mark.parametrize("options", [{"min_shared": 0}, {"min_confidence": 1.5}])
def test_bad_options_raise_kg_error(quarrels, options):
    with pytest.raises(KgError):
        analyse(quarrels, **options)


def _big_graph(n_statements: int = 700, per: int = 24) -> rdflib.Graph:
    """About 10^5 triples: many statements with backing records, two rival camps."""
    g = rdflib.Graph()
    codes = [f"X{i:02d}" for i in range(60)]
    for code in codes:
        g.add((country_iri(code), RDF.type, DKG.Country))
        g.add((country_iri(code), DKG.iso3, Literal(code)))
        g.add((country_iri(code), RDFS.label, Literal(f"Country {code}")))
    for n in range(n_statements):
        s = statement_iri(f"s{n}")
        camp = codes[:30] if n % 2 else codes[30:]
        g.add((s, RDF.type, DKG.Statement))
        g.add((s, DKG.stance, DKG.Critical if n % 2 else DKG.Supportive))
        g.add((s, DKG.target, country_iri("X00")))
        for k in range(per):
            c = country_iri(camp[(n + k) % 30])
            g.add((s, DKG.backedBy, c))
            rec = rdflib.BNode()
            for p, o in [
                (RDF.type, DKG.Backing),
                (DKG.statement, s),
                (DKG.country, c),
                (DKG.confidence, Literal(0.9)),
                (DKG.evidence, Literal("a sentence")),
            ]:
                g.add((rec, p, o))
    return g


@pytest.mark.slow
def test_hundred_thousand_triples_under_two_seconds():
    g = _big_graph()
    assert len(g) > 90_000
    # CPU time, not wall time: other jobs on a busy machine should not fail this test
    start = time.process_time()
    report = analyse(g)
    elapsed = time.process_time() - start
    assert [len(b.members) for b in report.blocs] == [30, 30]
    assert elapsed < 2.0
