"""Numbers as news writes them ("23", "twenty-two", "more than 30") and declared totals."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip

_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})*|(?:{_WORD})(?:[- ](?:{_WORD}))?(?:[- ]hundred(?:[- ](?:and[- ])?"
    rf"(?:{_WORD})(?:[- ](?:{_WORD}))?)?)?)"
)
_LOWER = r"(?P<lower>more than|over|at least|upwards of|no fewer than|no less than)"
_ABOUT = r"(?:some|about|around|roughly|nearly|almost|approximately|a total of|all)"
COLLECTIVE_NOUN = (
    r"(?:countries|states|nations|member states|member countries|governments|"
    r"delegations|signatories|members|UN members|UN member states)"
)


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
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
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


_COUNT_RE = re.compile(
    rf"(?:{_LOWER}\s+|{_ABOUT}\s+)?(?P<n>{NUMBER})\s+(?P<other>other\s+)?"
    rf"(?:(?:[A-Z][\w-]*|western|african|arab|muslim[\w-]*|like-minded|european)\s+){{0,2}}"
    rf"{COLLECTIVE_NOUN}\b"
    r"(?!\s+(?:that\s+|who\s+)?(?:abstain\w*|vot\w+ against|against|opposed?\b))",
    re.IGNORECASE,
)


# "ten of the 15 members", "13 of the council's 15 member states": N of a body of M;
# N counts the backers, M only sizes the body ("three of the 40 signatories" keeps 40).
_PARTITIVE_RE = re.compile(
    rf"(?:{_LOWER}\s+)?(?P<n>{NUMBER})\s+(?:out\s+)?of\s+(?:(?:the|its|their)\s+)?(?:[\w.-]+['\u2019]s\s+)?"
    rf"(?=(?P<m>{NUMBER})\s+(?:[\w-]+\s+)?(?:members|member states|member countries)\b)",
    re.IGNORECASE,
)


def declared_counts(sentence: str) -> list[DeclaredCount]:
    """Every "N (other) countries" phrase of a sentence, with its qualifier."""
    found = []
    parts = {m.start("m"): m for m in _PARTITIVE_RE.finditer(sentence)}
    for m in _COUNT_RE.finditer(sentence):
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
    if lower and lower.lower() in {"more than", "over", "upwards of"}:
        value += 1
    other = "other" in m.groupdict() and bool(m.group("other"))
    return DeclaredCount(value, bool(lower), other, start, end)


@dataclass(frozen=True)
class VoteTally:
    yes: int
    no: int | None
    abstentions: int | None


# "to none", "none against": a count of no one.
_NONE = r"none|nil|zero|no"
_TALLY_RES = [
    re.compile(
        rf"(?P<yes>{NUMBER})\s+votes?\s+(?:in favou?r\s+)?(?:to|against)\s+"
        rf"(?P<no>{NUMBER}|{_NONE})\b"
        rf"(?:\s+against)?(?:,?\s+(?:with|and)\s+(?P<abs>{NUMBER})\s+abstentions?)?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?P<yes>{NUMBER})\s+(?:(?:members|countries|states|nations)\s+)?(?:votes\s+|voting\s+)?"
        rf"in favou?r,\s+(?P<no>{NUMBER}|{_NONE})\s+(?:votes\s+)?(?:against|opposed)"
        rf"(?:,?\s+(?:and|with)\s+(?P<abs>{NUMBER})\s+abstentions?)?",
        re.IGNORECASE,
    ),
    # "10 in favour, 5 abstentions": no vote against is reported
    re.compile(
        rf"(?P<yes>{NUMBER})\s+(?:votes\s+)?in favou?r,?\s+(?:and\s+|with\s+)?"
        rf"(?P<abs>{NUMBER})\s+abstentions?(?P<no>)",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:vote|voted|tally|passed|adopted|approved|carried|by) (?:of )?(?P<yes>\d{1,3})[-\u2013]"
        r"(?P<no>\d{1,3})(?:[-\u2013](?P<abs>\d{1,3}))?\b(?![-\u2013]?\d)",
        re.IGNORECASE,
    ),
]
_ABSTAINING = re.compile(
    rf"(?P<n>{NUMBER})\s+(?:other\s+)?{COLLECTIVE_NOUN}\s+(?:abstaining|abstained|abstain)\b"
    rf"|(?P<m>{NUMBER})\s+abstentions?\b",
    re.IGNORECASE,
)


def _count_of(text: str) -> int | None:
    return 0 if text.lower() in {"none", "nil", "zero", "no"} else parse_number(text)


def vote_tally(sentence: str) -> VoteTally | None:
    """The yes / no / abstention totals of a recorded vote, if the sentence gives them."""
    for pattern in _TALLY_RES:
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
    m = _ABSTAINING.search(sentence)
    if m is None:
        return None
    return parse_number(m.group("n") or m.group("m"))
