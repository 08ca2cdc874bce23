"""Date expressions resolved against a publication date: one row per way news writes a date."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.dates import find_dates, is_future_context, resolve

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
    # part of a month: the whole month at month precision
    ("mid-March", FRI, False, D(2022, 3, 1), None, "month"),
    ("in late June", FRI, False, D(2022, 6, 1), None, "month"),
    ("Early April", FRI, False, D(2022, 4, 1), None, "month"),
    ("at the end of May", FRI, False, D(2022, 5, 1), None, "month"),
    ("by the end of April", FRI, True, D(2023, 4, 1), None, "month"),
    ("in the first week of August", FRI, False, D(2022, 8, 1), None, "month"),
    ("the last week of July", FRI, False, D(2022, 7, 1), None, "month"),
    ("towards the middle of February", FRI, False, D(2022, 2, 1), None, "month"),
    ("mid-Oct.", TUE, False, D(2019, 10, 1), None, "month"),
    ("at the end of May 2019", FRI, False, D(2019, 5, 1), None, "month"),
    ("in early 2017", FRI, False, D(2017, 1, 1), None, "year"),
    ("mid-2019", FRI, False, D(2019, 1, 1), None, "year"),
    ("by the end of the year", FRI, True, D(2022, 1, 1), None, "year"),
    ("late last year", JAN, False, D(2022, 1, 1), None, "year"),
    ("the end of this month", DEC, False, D(2022, 12, 1), None, "month"),
    ("early next week", FRI, True, D(2022, 9, 12), D(2022, 9, 18), "week"),
    # a bare month: the month after publication is the coming one, not last year's
    ("in May", TUE, False, D(2019, 5, 1), None, "month"),
    ("in November", TUE, False, D(2019, 11, 1), None, "month"),
    ("in December", TUE, False, D(2018, 12, 1), None, "month"),
    ("since November", TUE, False, D(2018, 11, 1), None, "month"),
    ("in January", DEC, False, D(2023, 1, 1), None, "month"),
    ("last October", TUE, False, D(2018, 10, 1), None, "month"),
    ("last May", TUE, False, D(2019, 5, 1), None, "month"),
    ("this month", TUE, False, D(2019, 10, 1), None, "month"),
    ("in May 2019", FRI, False, D(2019, 5, 1), None, "month"),
    ("in May of 2019", FRI, False, D(2019, 5, 1), None, "month"),
    ("in March last year", FRI, False, D(2021, 3, 1), None, "month"),
    ("March of this year", FRI, False, D(2022, 3, 1), None, "month"),
    ("in February next year", FRI, True, D(2023, 2, 1), None, "month"),
    ("on June 16 of last year", FRI, False, D(2021, 6, 16), None, "day"),
    ("3 March last year", FRI, False, D(2021, 3, 3), None, "day"),
    # two days: a span from the first to the second
    ("Thursday and Friday", FRI, False, D(2022, 9, 8), D(2022, 9, 9), "day"),
    ("on Monday and Tuesday", FRI, False, D(2022, 9, 5), D(2022, 9, 6), "day"),
    ("on Monday and Tuesday", FRI, True, D(2022, 9, 12), D(2022, 9, 13), "day"),
    ("from Monday to Wednesday", TUE, True, D(2019, 11, 4), D(2019, 11, 6), "day"),
    ("next Thursday and Friday", FRI, True, D(2022, 9, 15), D(2022, 9, 16), "day"),
    ("Saturday and Sunday", JAN, False, D(2022, 12, 31), D(2023, 1, 1), "day"),
    ("16-17 November", TUE, False, D(2019, 11, 16), D(2019, 11, 17), "day"),
    ("on 30 November-2 December", D(2019, 11, 20), True, D(2019, 11, 30), D(2019, 12, 2), "day"),
    ("5 and 6 October", FRI, True, D(2022, 10, 5), D(2022, 10, 6), "day"),
    ("January 11 and 12", DEC, True, D(2023, 1, 11), D(2023, 1, 12), "day"),
    ("March 3 and 4, 2021", FRI, False, D(2021, 3, 3), D(2021, 3, 4), "day"),
    ("between Oct. 30 and Nov. 1", FRI, True, D(2022, 10, 30), D(2022, 11, 1), "day"),
    ("Nov. 14 to 18", FRI, True, D(2022, 11, 14), D(2022, 11, 18), "day"),
    # a relative week or weekday glued to the explicit date: the explicit date wins
    ("next week, Nov. 4-5", TUE, True, D(2019, 11, 4), D(2019, 11, 5), "day"),
    ("last week (Oct. 22)", TUE, False, D(2019, 10, 22), None, "day"),
    ("on Wednesday, Sept. 7", FRI, False, D(2022, 9, 7), None, "day"),
    ("Friday (Sept. 2)", FRI, False, D(2022, 9, 2), None, "day"),
    # a weekday glued to a week: that weekday of that week
    ("on Thursday last week", TUE, False, D(2019, 10, 24), None, "day"),
    ("next week on Tuesday", FRI, True, D(2022, 9, 13), None, "day"),
    ("Tuesday next week", FRI, True, D(2022, 9, 13), None, "day"),
    ("Thursday and Friday this week", TUE, True, D(2019, 10, 31), D(2019, 11, 1), "day"),
    # bare years
    ("In 2011", FRI, False, D(2011, 1, 1), None, "year"),
    ("by 2030", FRI, True, D(2030, 1, 1), None, "year"),
    # a time of day before or after a day keeps the day
    ("late on March 3", FRI, False, D(2022, 3, 3), None, "day"),
    ("early on Thursday", FRI, False, D(2022, 9, 8), None, "day"),
    ("late Tuesday", FRI, False, D(2022, 9, 6), None, "day"),
    ("on Thursday night", FRI, False, D(2022, 9, 8), None, "day"),
    ("Late Saturday night", JAN, False, D(2022, 12, 31), None, "day"),
    ("early Monday morning", FRI, True, D(2022, 9, 12), None, "day"),
    ("in the early hours of Sunday", FRI, False, D(2022, 9, 4), None, "day"),
    ("on the evening of 5 September", FRI, False, D(2022, 9, 5), None, "day"),
    ("tonight", FRI, False, D(2022, 9, 9), None, "day"),
    ("this morning", FRI, False, D(2022, 9, 9), None, "day"),
    ("last night", FRI, False, D(2022, 9, 8), None, "day"),
    ("the day before yesterday", FRI, False, D(2022, 9, 7), None, "day"),
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
    ("Thursday and Friday", None, None, "day"),
    ("in March last year", None, None, "month"),
    ("16-17 November", None, None, "day"),
    ("16-17 November 2019", D(2019, 11, 16), D(2019, 11, 17), "day"),
    ("mid-2019", D(2019, 1, 1), None, "year"),
    ("at the end of May 2019", D(2019, 5, 1), None, "month"),
    ("tonight", None, None, "day"),
    ("next week, Nov. 4-5, 2019", D(2019, 11, 4), D(2019, 11, 5), "day"),
]


@pytest.mark.parametrize(("expression", "start", "end", "precision"), UNKNOWN)
def test_resolve_without_publication_date(expression, start, end, precision):
    value = resolve(expression, None)
    assert value is not None
    assert (value.start, value.end, value.precision) == (start, end, precision)
    assert value.resolved == (start is not None)


NOT_DATES = [
    "Feb. 30", "June 31", "six-day", "2019 people", "the report", "May", "Resolution 2098",
    "USA TODAY", "CBS This Morning", "May 3 and 20", "119-1-36", "late", "the end of",
]  # fmt: skip


@pytest.mark.parametrize("expression", NOT_DATES)
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
    (
        "The case will be heard next week, Nov. 4-5, in The Hague.",
        TUE,
        [("next week, Nov. 4-5", D(2019, 11, 4), D(2019, 11, 5), "day")],
    ),
    (
        "Talks were held on Thursday last week and will resume in November.",
        TUE,
        [
            ("on Thursday last week", D(2019, 10, 24), None, "day"),
            ("in November", D(2019, 11, 1), None, "month"),
        ],
    ),
    (
        "The envoys met on June 2 and June 20.",
        FRI,
        [("on June 2", D(2022, 6, 2), None, "day"), ("June 20", D(2022, 6, 20), None, "day")],
    ),
    (
        "Hearings are scheduled for Thursday and Friday, the court said late on Tuesday.",
        FRI,
        [
            ("Thursday and Friday", D(2022, 9, 15), D(2022, 9, 16), "day"),
            ("late on Tuesday", D(2022, 9, 6), None, "day"),
        ],
    ),
    (
        "Rebels took the town in the early hours of Sunday, after fighting began in mid-March 2021.",
        FRI,
        [
            ("in the early hours of Sunday", D(2022, 9, 4), None, "day"),
            ("in mid-March 2021", D(2021, 3, 1), None, "month"),
        ],
    ),
    (
        "The 119-1-36 vote came at the end of a session that ran 10-12 hours.",
        FRI,
        [],
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


WORDS = st.sampled_from(
    ["on", "Tuesday", "in", "July", "Nov.", "16-17", "2019", "last", "week", "said", "will",
     "Feb.", "29", ",", "$2019", "31", "August", "2022-09-08", "next", "month", "x", " ",
     "and", "Friday", "mid-", "the end of", "late", "night", "(", "year", "of", "to", "ago"]
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


@pytest.mark.parametrize("published", [D(1, 1, 1), D(1, 1, 5), D(9999, 12, 25), D(9999, 12, 31)])
@pytest.mark.parametrize(
    "text",
    ["July 8", "on Tuesday", "last week", "Thursday last week", "on Wednesday, Aug. 30",
     "yesterday", "tomorrow", "this week", "next Friday", "Feb. 29", "Dec. 30-Jan. 2",
     "May 3, next year", "next winter"],
)  # fmt: skip
def test_a_date_past_the_calendar_ends_is_no_date(text, published):
    found = find_dates(text, published)
    assert all(D.min <= value.start <= D.max for value in found if value.start)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=8), st.dates())
def test_any_publication_date_resolves_without_error(words, published):
    text = " ".join(words)
    assert find_dates(text, published) == find_dates(text, published)


def _scanned_without_cues(monkeypatch, text, published):
    import kg.extract.dates as dates

    always = re.compile("")
    with monkeypatch.context() as patched:
        patched.setattr(dates, "_CUES", [always for _ in dates._CUES])
        return find_dates(text, published)


@pytest.mark.parametrize(
    "text",
    [row[0] for row in ROWS] + [row[0] for row in SENTENCES] + [row[0] for row in UNKNOWN],
)
def test_the_cues_a_sentence_lacks_never_hide_a_date(monkeypatch, text):
    assert find_dates(text, FRI) == _scanned_without_cues(monkeypatch, text, FRI)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=12), st.dates(D(1990, 1, 1), D(2090, 12, 31)) | st.none())
def test_the_cues_never_hide_a_date_in_any_words(words, published):
    text = " ".join(words)
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert find_dates(text, published) == _scanned_without_cues(monkeypatch, text, published)
