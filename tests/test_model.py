"""The typed values between stages: kinds are enums, given as their values or as members."""

from __future__ import annotations

import pickle

import pytest

from kg.lang import mapping
from kg.model import (
    Position,
    PositionKind,
    Span,
    SpeakerKind,
    SpeakerRef,
    Stance,
    StatementKind,
    StatementMention,
)


def test_kinds_given_as_values_become_members():
    position = Position("CHL", "backed", Span(0, 5), 0.9, "listed")
    assert position.kind is PositionKind.BACKED and position.kind == "backed"
    statement = StatementMention("a#s1", "letter", Span(0, 5), "letter", stance="critical")
    assert statement.kind is StatementKind.LETTER and statement.stance is Stance.CRITICAL
    assert SpeakerRef("statement", "a#s1").kind is SpeakerKind.STATEMENT


@pytest.mark.parametrize(
    "make",
    [
        lambda: Position("CHL", "endorsed", Span(0, 5), 0.9),
        lambda: StatementMention("a#s1", "memo", Span(0, 5), "memo"),
        lambda: StatementMention("a#s1", "letter", Span(0, 5), "letter", stance="angry"),
        lambda: SpeakerRef("journalist", "x"),
    ],
)
def test_an_unknown_kind_is_refused(make):
    with pytest.raises(ValueError):
        make()


def test_every_kind_the_phrasings_name_is_a_statement_kind():
    kinds = set(mapping("statement_nouns.csv", "lemma", "kind", str).values())
    assert kinds <= set(StatementKind)


def test_kinds_survive_the_extraction_cache():
    statement = StatementMention("a#s1", "resolution", Span(0, 5), "r", stance="supportive")
    assert pickle.loads(pickle.dumps(statement)) == statement
