"""Date expressions resolved against a publication date: one row per way news writes a date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.dates import duration_days, find_dates, is_future_context, resolve

D = dt.date
FRI = D(2022, 9, 9)  # a Friday
TUE = D(2019, 10, 29)  # a Tuesday
JAN = D(2023, 1, 4)  # a Wednesday in the first ISO week of 2023
DEC = D(2022, 12, 15)  # a Thursday

# expression, published, future, start, end, precision
ROWS = [
    # weekdays, past: most recent on or before publication, same day counts
    ("on Tuesday", TUE, False, D(2019, 10, 29), None, "day"),
    ("Tuesday", TUE, False, D(2019, 10, 29), None, "day"),
    ("On Thursday", FRI, False, D(2022, 9, 8), None, "day"),
    ("Friday", FRI, False, D(2022, 9, 9), None, "day"),
    ("on Monday", FRI, False, D(2022, 9, 5), None, "day"),
    ("on Wednesday", TUE, False, D(2019, 10, 23), None, "day"),
    ("Saturday", JAN, False, D(2022, 12, 31), None, "day"),
    ("on Sunday", D(2022, 5, 29), False, D(2022, 5, 29), None, "day"),
    # weekdays, future: first on or after publication
    ("Monday", FRI, True, D(2022, 9, 12), None, "day"),
    ("on Friday", FRI, True, D(2022, 9, 9), None, "day"),
    ("Thursday", FRI, True, D(2022, 9, 15), None, "day"),
    ("on Monday", D(2022, 12, 30), True, D(2023, 1, 2), None, "day"),
    # weekdays with last / next / this
    ("last Friday", FRI, False, D(2022, 9, 2), None, "day"),
    ("last Tuesday", FRI, False, D(2022, 9, 6), None, "day"),
    ("next Friday", FRI, True, D(2022, 9, 16), None, "day"),
    ("next Monday", FRI, False, D(2022, 9, 12), None, "day"),
    ("this Wednesday", FRI, False, D(2022, 9, 7), None, "day"),
    # today / yesterday / tomorrow
    ("today", FRI, False, D(2022, 9, 9), None, "day"),
    ("yesterday", FRI, False, D(2022, 9, 8), None, "day"),
    ("tomorrow", FRI, True, D(2022, 9, 10), None, "day"),
    ("yesterday", D(2023, 1, 1), False, D(2022, 12, 31), None, "day"),
    ("tomorrow", D(2024, 2, 28), True, D(2024, 2, 29), None, "day"),
    # weeks: Monday..Sunday
    ("this week", FRI, False, D(2022, 9, 5), D(2022, 9, 11), "week"),
    ("last week", FRI, False, D(2022, 8, 29), D(2022, 9, 4), "week"),
    ("next week", FRI, True, D(2022, 9, 12), D(2022, 9, 18), "week"),
    ("last week", JAN, False, D(2022, 12, 26), D(2023, 1, 1), "week"),
    ("next week", D(2022, 12, 28), True, D(2023, 1, 2), D(2023, 1, 8), "week"),
    ("earlier this week", FRI, False, D(2022, 9, 5), D(2022, 9, 11), "week"),
    # months relative to publication
    ("last month", TUE, False, D(2019, 9, 1), None, "month"),
    ("last month", JAN, False, D(2022, 12, 1), None, "month"),
    ("next month", DEC, True, D(2023, 1, 1), None, "month"),
    ("this month", DEC, False, D(2022, 12, 1), None, "month"),
    ("earlier this month", FRI, False, D(2022, 9, 1), None, "month"),
    ("later this month", FRI, True, D(2022, 9, 1), None, "month"),
    # bare months
    ("in July", TUE, False, D(2019, 7, 1), None, "month"),
    ("in July", D(2022, 5, 29), True, D(2022, 7, 1), None, "month"),
    ("in December", JAN, False, D(2022, 12, 1), None, "month"),
    ("in January", DEC, True, D(2023, 1, 1), None, "month"),
    ("in September", FRI, False, D(2022, 9, 1), None, "month"),
    ("in mid-July", FRI, False, D(2022, 7, 1), None, "month"),
    ("early March", FRI, False, D(2022, 3, 1), None, "month"),
    ("since May", FRI, False, D(2022, 5, 1), None, "month"),
    ("last July", D(2022, 7, 20), False, D(2021, 7, 1), None, "month"),
    ("next March", FRI, True, D(2023, 3, 1), None, "month"),
    # years
    ("earlier this year", FRI, False, D(2022, 1, 1), None, "year"),
    ("last year", JAN, False, D(2022, 1, 1), None, "year"),
    ("next year", DEC, True, D(2023, 1, 1), None, "year"),
    ("this year", FRI, False, D(2022, 1, 1), None, "year"),
    ("in 2019", FRI, False, D(2019, 1, 1), None, "year"),
    ("since 2005", FRI, False, D(2005, 1, 1), None, "year"),
    ("2019", FRI, False, D(2019, 1, 1), None, "year"),
    # seasons: month precision of the first month, end on the season's last day
    ("last summer", D(2019, 10, 30), False, D(2019, 6, 1), D(2019, 8, 31), "month"),
    ("last summer", D(2019, 7, 10), False, D(2018, 6, 1), D(2018, 8, 31), "month"),
    ("this spring", FRI, False, D(2022, 3, 1), D(2022, 5, 31), "month"),
    ("this winter", D(2023, 1, 20), False, D(2022, 12, 1), D(2023, 2, 28), "month"),
    ("next autumn", FRI, True, D(2023, 9, 1), D(2023, 11, 30), "month"),
    # explicit days without a year: nearest year in the right direction
    ("on Aug. 31", FRI, False, D(2022, 8, 31), None, "day"),
    ("Aug 31", FRI, False, D(2022, 8, 31), None, "day"),
    ("on Nov. 16-17", TUE, False, D(2019, 11, 16), D(2019, 11, 17), "day"),
    ("Nov. 16-17", TUE, True, D(2019, 11, 16), D(2019, 11, 17), "day"),
    ("Nov. 30-Dec. 2", D(2019, 11, 20), True, D(2019, 11, 30), D(2019, 12, 2), "day"),
    ("Dec. 30-Jan. 2", D(2022, 12, 1), True, D(2022, 12, 30), D(2023, 1, 2), "day"),
    ("Dec. 20", JAN, False, D(2022, 12, 20), None, "day"),
    ("Jan. 10", DEC, True, D(2023, 1, 10), None, "day"),
    ("on March 3", FRI, False, D(2022, 3, 3), None, "day"),
    ("October 1", FRI, False, D(2022, 10, 1), None, "day"),  # within the 31-day grace
    ("November 1", FRI, False, D(2021, 11, 1), None, "day"),  # beyond it: last year
    ("12 September", FRI, True, D(2022, 9, 12), None, "day"),
    ("Sept. 21st", FRI, True, D(2022, 9, 21), None, "day"),
    # explicit days with a year
    ("August 31, 2022", FRI, False, D(2022, 8, 31), None, "day"),
    ("31 August 2022", FRI, False, D(2022, 8, 31), None, "day"),
    ("May 23, 2022", FRI, False, D(2022, 5, 23), None, "day"),
    ("on Feb. 26, 2020", FRI, False, D(2020, 2, 26), None, "day"),
    ("Nov. 16-17, 2019", FRI, False, D(2019, 11, 16), D(2019, 11, 17), "day"),
    ("2022-09-08", FRI, False, D(2022, 9, 8), None, "day"),
    ("July 2019", FRI, False, D(2019, 7, 1), None, "month"),
    ("in April 2017", FRI, False, D(2017, 4, 1), None, "month"),
    # leap days: the nearest leap year in the right direction
    ("Feb. 29", D(2024, 3, 10), False, D(2024, 2, 29), None, "day"),
    ("Feb. 29", D(2023, 6, 1), False, D(2020, 2, 29), None, "day"),
    ("Feb. 29", D(2023, 6, 1), True, D(2024, 2, 29), None, "day"),
    ("Feb. 29, 2024", FRI, False, D(2024, 2, 29), None, "day"),
]


@pytest.mark.parametrize(("expression", "published", "future", "start", "end", "precision"), ROWS)
def test_resolve(expression, published, future, start, end, precision):
    value = resolve(expression, published, future=future)
    assert value is not None
    assert (value.start, value.end, value.precision) == (start, end, precision)
    assert value.expression == expression


def test_table_is_large_enough():
    assert len(ROWS) >= 70


# Without a publication date relative words keep their text; absolute dates still resolve.
UNKNOWN = [
    ("on Tuesday", None, None, "day"),
    ("last week", None, None, "week"),
    ("in July", None, None, "month"),
    ("next year", None, None, "year"),
    ("this summer", None, None, "month"),
    ("Aug. 31", None, None, "day"),
    ("yesterday", None, None, "day"),
    ("August 31, 2022", D(2022, 8, 31), None, "day"),
    ("Nov. 16-17, 2019", D(2019, 11, 16), D(2019, 11, 17), "day"),
    ("in 2019", D(2019, 1, 1), None, "year"),
    ("2022-09-08", D(2022, 9, 8), None, "day"),
]


@pytest.mark.parametrize(("expression", "start", "end", "precision"), UNKNOWN)
def test_resolve_without_publication_date(expression, start, end, precision):
    value = resolve(expression, None)
    assert value is not None
    assert (value.start, value.end, value.precision) == (start, end, precision)
    assert value.resolved == (start is not None)


@pytest.mark.parametrize(
    "expression",
    ["Feb. 30", "June 31", "six-day", "2019 people", "the report", "May", "Resolution 2098"],
)
def test_not_a_date(expression):
    assert resolve(expression, FRI) is None


# sentence, published, [(expression, start, end, precision)]
SENTENCES = [
    (
        "The United States pushed China on Tuesday to stop detaining Uighurs.",
        TUE,
        [("on Tuesday", D(2019, 10, 29), None, "day")],
    ),
    (
        "Beijing on Wednesday blasted the British statement.",
        D(2019, 10, 30),
        [("on Wednesday", D(2019, 10, 30), None, "day")],
    ),
    (
        "A top Chinese diplomat said Friday that the council will meet starting Monday.",
        FRI,
        [("Friday", D(2022, 9, 9), None, "day"), ("Monday", D(2022, 9, 12), None, "day")],
    ),
    (
        "Leaders are to sign the deal at a summit in Chile on Nov. 16-17.",
        TUE,
        [("on Nov. 16-17", D(2019, 11, 16), D(2019, 11, 17), "day")],
    ),
    (
        "Hong Kong is due to be reviewed by the committee in July.",
        D(2022, 5, 29),
        [("in July", D(2022, 7, 1), None, "month")],
    ),
    (
        "In December the envoy wrote a letter, and last week he met the minister.",
        JAN,
        [
            ("In December", D(2022, 12, 1), None, "month"),
            ("last week", D(2022, 12, 26), D(2023, 1, 1), "week"),
        ],
    ),
    (
        "It was the first visit since 2005, when 2019 people signed Resolution 2098 for $2019.",
        FRI,
        [("since 2005", D(2005, 1, 1), None, "year")],
    ),
    (
        "The ministry will publish a report next month, the spokesman said on Monday.",
        DEC,
        [
            ("next month", D(2023, 1, 1), None, "month"),
            ("on Monday", D(2022, 12, 12), None, "day"),
        ],
    ),
    (
        "A report issued on Aug. 31 (see 2022-08-31) was welcomed on 1 September 2022.",
        FRI,
        [
            ("on Aug. 31", D(2022, 8, 31), None, "day"),
            ("2022-08-31", D(2022, 8, 31), None, "day"),
            ("on 1 September 2022", D(2022, 9, 1), None, "day"),
        ],
    ),
    (
        "Her six-day trip began on Saturday, the UN said.",
        D(2022, 5, 23),
        [("on Saturday", D(2022, 5, 21), None, "day")],
    ),
]


@pytest.mark.parametrize(("sentence", "published", "expected"), SENTENCES)
def test_find_dates_in_sentences(sentence, published, expected):
    base = 100
    padded = " " * base + sentence
    found = find_dates(sentence, published, base=base)
    got = [(v.expression, v.start, v.end, v.precision) for v in found]
    assert got == expected
    for value in found:
        assert padded[value.span.start : value.span.end] == value.expression


def test_find_dates_relative_unresolved_without_publication():
    found = find_dates("The envoy spoke on Tuesday about the Aug. 31, 2022 report.", None)
    assert [(v.expression, v.start) for v in found] == [
        ("on Tuesday", None),
        ("Aug. 31, 2022", D(2022, 8, 31)),
    ]


@pytest.mark.parametrize(
    ("text", "future"),
    [
        ("The council will meet ", True),
        ("in its upcoming session starting ", True),
        ("Hong Kong is due to be reviewed ", True),
        ("The council will meet, the spokesman said ", False),
        ("The council met ", False),
        ("China said ", False),
    ],
)
def test_future_context(text, future):
    assert is_future_context(text + "Monday", len(text)) is future


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("her six-day trip", 6),
        ("a four-week session", 28),
        ("a two-day visit", 2),
        ("a 10-day tour", 10),
        ("a long trip", None),
    ],
)
def test_duration_days(text, days):
    assert duration_days(text) == days


WORDS = st.sampled_from(
    ["on", "Tuesday", "in", "July", "Nov.", "16-17", "2019", "last", "week", "said", "will",
     "Feb.", "29", ",", "$2019", "31", "August", "2022-09-08", "next", "month", "x", " "]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=12), st.dates(D(1990, 1, 1), D(2090, 12, 31)) | st.none())
def test_find_dates_never_crashes_and_spans_hold(words, published):
    text = " ".join(words)
    found = find_dates(text, published)
    assert found == find_dates(text, published)
    for value in found:
        assert text[value.span.start : value.span.end] == value.expression
        assert value.precision in {"day", "week", "month", "year"}
        if value.end is not None:
            assert value.start is not None and value.end >= value.start
