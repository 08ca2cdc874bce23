"""Declared totals and vote tallies as news writes them."""

from __future__ import annotations

import pytest

from kg.extract.numbers import declared_counts, parse_number, vote_tally


@pytest.mark.parametrize(
    "text, value",
    [("23", 23), ("twenty-two", 22), ("one hundred and forty-one", 141), ("1,200", 1200),
     ("fifty four", 54), ("ninety", 90), ("several", None)],
)  # fmt: skip
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text, value, minimum, other",
    [
        ("on behalf of 23 states including", 23, False, False),
        ("The United States and 22 other countries", 22, False, True),
        ("some 54 nations backing", 54, False, False),
        ("more than 30 other countries wrote", 31, True, True),
        ("at least 40 countries", 40, True, False),
        ("twenty-two other countries", 22, False, True),
        ("12 Latin American countries", 12, False, False),
        ("47 member states", 47, False, False),
        # N of a body of M: N counts the backers, M sizes the body
        ("Eleven of the 15 member states voted yes", 11, False, False),
        ("supported by 14 of the council's 15 members", 14, False, False),
        ("eight out of 15 council members", 8, False, False),
        ("more than 25 of its 47 members", 26, True, False),
    ],
)
def test_declared_counts(text, value, minimum, other):
    (count,) = declared_counts(text)
    assert (count.value, count.minimum, count.other) == (value, minimum, other)


@pytest.mark.parametrize(
    "text",
    ["the 193-member General Assembly", "seven countries abstaining",
     "35 countries that abstained", "five states voted against",
     "three of the 15 members abstained"],
)  # fmt: skip
def test_not_a_count_of_backers(text):
    assert declared_counts(text) == []


@pytest.mark.parametrize(
    "text, yes, no, abstentions",
    [
        ("adopted by 141 votes to 5, with 35 abstentions", 141, 5, 35),
        ("won 13 votes in favour, 1 against and 1 abstention", 13, 1, 1),
        ("adopted by a vote of 141-5-35", 141, 5, 35),
        ("the resolution passed 13-0-2", 13, 0, 2),
        ("passed by 26 votes to 2, with seven countries abstaining", 26, 2, 7),
        ("approved by ninety-three votes to twenty-four", 93, 24, None),
        ("carried by 11 votes to none, with four abstentions", 11, 0, 4),
        ("adopted by 14 votes to one with one abstention", 14, 1, 1),
        ("with nine members voting in favour, none against and two abstaining", 9, 0, None),
        ("the text drew 8 in favour, 7 abstentions", 8, None, 7),
        ("the resolution drew 90 countries in favor, 11 opposed and 58 abstentions", 90, 11, 58),
    ],
)
def test_vote_tally(text, yes, no, abstentions):
    tally = vote_tally(text)
    assert (tally.yes, tally.no, tally.abstentions) == (yes, no, abstentions)


@pytest.mark.parametrize(
    "text",
    ["on 2019-10-29 the council met", "to cut emissions by 2030-35",
     "covering the 2024-2025 season"],
)  # fmt: skip
def test_dates_are_not_tallies(text):
    assert vote_tally(text) is None
