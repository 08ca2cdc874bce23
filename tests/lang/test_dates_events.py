"""Table tests of the lists behind dates and events: month, weekday and season names, words
around dates, event triggers, durations and venues."""

from __future__ import annotations

import datetime as dt

from kg.extract.clauses import find_venue
from kg.extract.dates import find_dates
from kg.extract.events import duration_days, extract_events
from kg.model import Article
from kg.nlp import parse_article
from tests.lang.phrasings import phrasings

PUBLISHED = dt.date(2024, 5, 15)  # a Wednesday


def dates(text: str) -> list[tuple[str, str, str]]:
    """(words, precision, first day) of every date expression in `text`."""
    return [(d.expression, d.precision, str(d.start)) for d in find_dates(text, PUBLISHED)]


def events(text: str) -> list[tuple[str, str, str]]:
    """(event type, first day, last day) of every event in `text`."""
    article = Article(id="t", text=text, source="t.txt", published=PUBLISHED)
    return [
        (e.event_type, str(e.date.start), str(e.date.end))
        for e in extract_events(parse_article(article))
    ]


@phrasings(
    "months.csv",
    ("text", "found"),
    [
        ("The talks opened in March.", [("in March", "month", "2024-03-01")]),
        ("The talks opened on Sept. 3.", [("on Sept. 3", "day", "2023-09-03")]),
        ("The talks opened on Sep 3.", [("on Sep 3", "day", "2023-09-03")]),
        ("The talks opened in Mar.", []),
        ("The talks opened on Mrch 3.", []),
    ],
)
def test_a_month_name_in_full_or_short_dates_an_expression(text, found):
    assert dates(text) == found


@phrasings(
    "weekdays.txt",
    ("text", "found"),
    [
        ("The talks opened on Tuesday.", [("on Tuesday", "day", "2024-05-14")]),
        ("The talks opened on Monday.", [("on Monday", "day", "2024-05-13")]),
        ("The talks opened on Tues.", []),
    ],
)
def test_a_weekday_is_the_last_such_day_before_publication(text, found):
    assert dates(text) == found


@phrasings(
    "seasons.csv",
    ("text", "found"),
    [
        ("The talks will open next spring.", [("next spring", "month", "2025-03-01")]),
        ("The talks opened last fall.", [("last fall", "month", "2023-09-01")]),
        ("The talks opened last monsoon.", []),
    ],
)
def test_a_season_starts_in_its_first_month(text, found):
    assert dates(text) == found


@phrasings(
    "year_followers.txt",
    ("text", "found"),
    [
        ("2019 and 2020 were hard years.", [("2019", "year", "2019-01-01")]),
        ("2019 delegates came.", []),
    ],
)
def test_a_bare_year_is_a_year_unless_a_noun_makes_it_a_quantity(text, found):
    assert dates(text) == found


@phrasings(
    "date_phrases.csv",
    ("text", "found"),
    [
        ("The talks opened yesterday.", [("yesterday", "day", "2024-05-14")]),
        (
            "The talks opened the day before yesterday.",
            [("the day before yesterday", "day", "2024-05-13")],
        ),
        ("The talks opened in mid-March.", [("in mid-March", "month", "2024-03-01")]),
        ("The talks opened late on Tuesday.", [("late on Tuesday", "day", "2024-05-14")]),
        ("The talks opened on Tuesday night.", [("on Tuesday night", "day", "2024-05-14")]),
    ],
)
def test_words_around_a_date_belong_to_it(text, found):
    assert dates(text) == found


@phrasings(
    "event_triggers.csv",
    ("text", "found"),
    [
        ("Peru met Chile on Monday.", [("meeting", "2024-05-13", "None")]),
        ("Peru began a visit to Chile on Monday.", [("visit", "2024-05-13", "None")]),
        ("Peru painted the house on Monday.", []),
    ],
)
def test_a_trigger_word_makes_a_dated_sentence_an_event(text, found):
    assert events(text) == found


@phrasings(
    "press_words.txt",
    ("text", "kind"),
    [
        ("Peru held a press conference on Monday.", "press-briefing"),
        ("Peru held a news briefing on Monday.", "press-briefing"),
        ("Peru held a family conference on Monday.", "summit"),
    ],
)
def test_a_press_word_makes_a_meeting_a_briefing(text, kind):
    assert [event[0] for event in events(text)] == [kind]


@phrasings(
    "duration_numbers.csv",
    ("text", "last_day"),
    [
        ("Peru began a six-day visit to Chile on Monday.", "2024-05-18"),
        ("Peru began a thirteen-day visit to Chile on Monday.", "None"),
    ],
)
def test_a_duration_in_words_gives_an_event_its_end(text, last_day):
    assert [event[2] for event in events(text)] == [last_day]


@phrasings(
    "duration_units.csv",
    ("text", "days"),
    [
        ("a six-day visit", 6),
        ("a two-week session", 14),
        ("a six-month mission", None),
    ],
)
def test_a_duration_unit_counts_days(text, days):
    assert duration_days(text) == days


@phrasings(
    "venues.tsv",
    ("text", "venue"),
    [
        ("Peru spoke at the Security Council.", ("UN Security Council", 5)),
        ("Peru spoke at the Human Rights Council.", ("UN Human Rights Council", 5)),
        ("Peru spoke in the garden.", None),
    ],
)
def test_a_venue_pattern_names_where_a_position_was_taken(text, venue):
    assert find_venue(text) == venue
