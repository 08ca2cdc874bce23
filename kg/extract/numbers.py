"""Numbers as news writes them ("23", "twenty-two", "more than 30") and declared totals."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.lang import mapping, shapes

CARDINALS = mapping("cardinal_numbers.csv", "word", "value", int)
# Longest first, so "seventeen" is read whole before "seven" is tried.
_NUMBER_WORD = "|".join(sorted(CARDINALS, key=len, reverse=True))
SHAPES = shapes("tally_shapes.tsv", number_word=_NUMBER_WORD)
TALLIES = [shape for name, shape in SHAPES.items() if name.startswith("tally_")]


def parse_number(text: str) -> int | None:
    """The integer a numeral or number words stand for; None if it is not a number."""
    text = text.strip().lower().replace(",", "")
    if text.isdigit():
        return int(text)
    total = 0
    current = 0
    for word in re.split(r"[- ]+", text):
        if word == "and":
            continue
        if word in CARDINALS:
            current += CARDINALS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        else:
            return None
    total += current
    return total


@dataclass(frozen=True)
class DeclaredCount:
    """A total of backers the text declares, exact or as a lower bound."""

    value: int
    minimum: bool  # True for "more than 30": the value is a lower bound
    other: bool  # True for "22 other countries": named members come on top
    start: int
    end: int


def declared_counts(sentence: str) -> list[DeclaredCount]:
    """Every "N (other) countries" phrase of a sentence, with its qualifier."""
    found: list[DeclaredCount] = []
    if not SHAPES["cue_count"].search(sentence):
        return found
    parts = {m.start("m"): m for m in SHAPES["partitive"].finditer(sentence)}
    for m in SHAPES["count"].finditer(sentence):
        part = parts.get(m.start("n"))
        count = _declared(part or m, part.start() if part else m.start(), m.end())
        if count is not None:
            found.append(count)
    return found


def _declared(m: re.Match[str], start: int, end: int) -> DeclaredCount | None:
    value = parse_number(m.group("n"))
    if value is None or value < 2:
        return None
    lower = m.group("lower")
    if lower and SHAPES["exclusive_bound"].fullmatch(lower.lower()):
        value += 1
    other = "other" in m.groupdict() and bool(m.group("other"))
    return DeclaredCount(value, bool(lower), other, start, end)


@dataclass(frozen=True)
class VoteTally:
    yes: int
    no: int | None
    abstentions: int | None


def _count_of(text: str) -> int | None:
    return 0 if SHAPES["none"].fullmatch(text.lower()) else parse_number(text)


def vote_tally(sentence: str) -> VoteTally | None:
    """The yes / no / abstention totals of a recorded vote, if the sentence gives them."""
    if not SHAPES["cue_tally"].search(sentence):
        return None
    for pattern in TALLIES:
        m = pattern.search(sentence)
        if m:
            yes = parse_number(m.group("yes"))
            no = _count_of(m.group("no")) if m.group("no") else None
            abst = parse_number(m.group("abs")) if m.group("abs") else _abstentions(sentence)
            if yes is not None:
                return VoteTally(yes, no, abst)
    return None


def _abstentions(sentence: str) -> int | None:
    """ "with seven countries abstaining", "and 35 abstentions"."""
    m = SHAPES["abstaining"].search(sentence)
    if m is None:
        return None
    return parse_number(m.group("n") or m.group("m"))
