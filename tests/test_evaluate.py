"""Scoring an export against a tiny gold annotation and a graph with known mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib

from kg.blocs import analyse, to_json
from kg.evaluate import article_key, evaluate, format_table, normalise, prf
from kg.model import KgError

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads((DATA / "eval_gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return rdflib.Graph().parse(DATA / "eval_graph.ttl")


@pytest.fixture(scope="module")
def scores(gold, graph) -> dict:
    return evaluate(gold, graph)


@pytest.mark.parametrize(
    ("area", "tp", "fp", "fn"),
    [
        # Estonia and Brazil wrong, Ireland and Nicaragua missed, the optional USA ignored
        ("backers", 4, 2, 2),
        # "Random Person" is not in gold, Li Wei is missed, Jon Doe is optional
        ("officials", 2, 1, 1),
        # six quotes found (one only by its opening words), one invented
        ("quote_spans", 6, 1, 0),
        # two found quotes carry the wrong speaker: each a wrong pair and a missed pair
        ("quote_speaker_pairs", 4, 3, 2),
        # 2019-05-05 is not in gold; 2021-06-21 is missed; "2021" is acceptable for 011
        ("event_dates", 3, 1, 1),
    ],
)
def test_counts_per_area(scores, area, tp, fp, fn):
    assert (scores[area]["tp"], scores[area]["fp"], scores[area]["fn"]) == (tp, fp, fn)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("affiliation_accuracy", 0.5),  # Frederiksen is tagged with the wrong country
        ("speaker_accuracy", 0.8),
        ("lead_accuracy", 0.5),  # the rival statement has no deliverer
        ("stance_accuracy", 0.5),
        ("date_accuracy", 1.0),
        ("counters_accuracy", 1.0),
        ("declared_count_accuracy", None),
    ],
)
def test_accuracies(scores, name, value):
    assert scores[name] == value


def test_precision_recall_f1_values(scores):
    assert scores["quote_speaker_pairs"] == {
        "precision": 0.571,
        "recall": 0.667,
        "f1": 0.615,
        "tp": 4,
        "fp": 3,
        "fn": 2,
    }
    assert prf(0, 0, 0)["f1"] == 0.0


def test_bloc_pair_agreement(gold, graph):
    blocs = to_json(analyse(graph))
    # Ireland and Nicaragua were never exported, so their pairs with partners are wrong: 11 of 15
    assert evaluate(gold, graph, blocs=blocs)["bloc_pair_agreement"] == 0.733


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“It’s  hard”", "it's hard"),
        ("António\nGuterres", "antonio guterres"),
        ("«Nein»…", 'nein"...'),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("000_a255997435942567.txt", "000"),
        ("data/011_refugees", "011"),
        ("reuters-2021", "reuters-2021"),
    ],
)
def test_article_key(name, key):
    assert article_key(name) == key


def test_format_table(scores):
    lines = format_table(scores).splitlines()
    assert lines[1] == "backers                  P 0.667  R 0.667  F1 0.667   (tp 4, fp 2, fn 2)"
    assert "declared_count_accuracy  -" in lines


def test_empty_graph_scores_zero_and_misses_everything(gold):
    scores = evaluate(gold, rdflib.Graph())
    assert scores["backers"] == prf(0, 0, 6)
    assert scores["event_dates"]["fn"] == 4


def test_partial_gold_scores_only_what_it_has(graph):
    scores = evaluate({"events": []}, graph)
    assert scores["backers"] == prf(0, 7, 0)  # every exported backer is unmatched
    assert scores["event_dates"] == prf(0, 6, 0)


def test_gold_must_be_an_object(graph):
    with pytest.raises(KgError, match="JSON object"):
        evaluate([], graph)
