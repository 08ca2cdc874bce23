"""Events from tiny hand-written articles: exact types, dates and precision."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.events import duration_days, extract_events, is_caption
from kg.model import Article
from kg.nlp import parse_article

D = dt.date


def _article(text: str, published: dt.date | None) -> Article:
    return Article(id="t", text=text, source="test.txt", published=published)


@pytest.fixture(scope="session")
def events_of():
    def run(text: str, published: dt.date | None):
        return extract_events(parse_article(_article(text, published)))

    return run


MINISTERS = (
    "Foreign Minister Anna Berg met her Kenyan counterpart in Nairobi on Tuesday. "
    "The Security Council will vote on the draft resolution on March 21. "
    "A spokesman told reporters on Thursday that the trip had been a success. "
    "Prices rose sharply in 2019."
)

REPORTS = (
    "Photo: Reuters, Jan. 5, 2021.\n"
    "The rights office released its annual report last week. "
    "In December, the assembly elected a new president. "
    "The minister began a three-day visit to Chile on Sunday. "
    "Germany hosted an event on the sidelines of the General Assembly on Sept. 22. "
    "A regular press briefing was held on Wednesday."
)


def _rows(events):
    return [
        (e.event_type, e.date.expression, e.date.start, e.date.end, e.date.precision)
        for e in events
    ]


def test_meeting_vote_statement(events_of):
    events = events_of(MINISTERS, D(2023, 3, 10))  # a Friday
    assert _rows(events) == [
        ("meeting", "on Tuesday", D(2023, 3, 7), None, "day"),
        ("vote", "on March 21", D(2023, 3, 21), None, "day"),
        ("statement", "on Thursday", D(2023, 3, 9), None, "day"),
    ]
    meeting = events[0]
    assert meeting.place == "Nairobi"
    assert meeting.label == "Foreign Minister Anna Berg met her Kenyan counterpart"
    assert MINISTERS[meeting.span.start : meeting.span.end].startswith("Foreign Minister")


def test_reports_sessions_and_captions(events_of):
    events = events_of(REPORTS, D(2021, 1, 13))  # a Wednesday
    assert _rows(events) == [
        ("report-release", "last week", D(2021, 1, 4), D(2021, 1, 10), "week"),
        ("appointment", "In December", D(2020, 12, 1), None, "month"),
        ("visit", "on Sunday", D(2021, 1, 10), D(2021, 1, 12), "day"),
        ("side-event", "on Sept. 22", D(2020, 9, 22), None, "day"),
        ("press-briefing", "on Wednesday", D(2021, 1, 13), None, "day"),
    ]


def test_future_session_and_summit(events_of):
    text = (
        "The council will open its annual session on Monday. "
        "Leaders are expected to sign the accord at a summit in Lima on Nov. 16-17."
    )
    events = events_of(text, D(2022, 10, 28))  # a Friday
    assert _rows(events) == [
        ("session", "on Monday", D(2022, 10, 31), None, "day"),
        ("summit", "on Nov. 16-17", D(2022, 11, 16), D(2022, 11, 17), "day"),
    ]
    assert events[1].place == "Lima"


def test_unknown_publication_date_keeps_relative_words(events_of):
    text = "The envoy said on Tuesday that the summit of Nov. 16-17, 2019 had gone well."
    events = events_of(text, None)
    assert _rows(events) == [
        ("statement", "on Tuesday", None, None, "day"),
        ("summit", "Nov. 16-17, 2019", D(2019, 11, 16), D(2019, 11, 17), "day"),
    ]
    assert events[0].confidence < events[1].confidence


def test_participants_from_country_mentions(events_of):
    text = "France and Germany met in Brussels on Monday to discuss the crisis."
    events = events_of(text, D(2022, 6, 8))
    assert [(e.event_type, e.date.start) for e in events] == [("meeting", D(2022, 6, 6))]
    assert set(events[0].participants) == {"FRA", "DEU"}


@pytest.mark.parametrize(
    ("sentence", "caption"),
    [
        ("File photo: the envoy in Geneva, April 17, 2017.", True),
        ("Photo: UK in UN, via Twitter.", True),
        ("Click to play video: 'Talks resume' Talks resume", True),
        ("READ MORE: Envoys meet in Geneva", True),
        ("Copyright (c) 2022. All rights reserved.", True),
        ("The envoy met the minister on Tuesday.", False),
        ("The photographer said on Monday that the visit went well.", False),
    ],
)
def test_is_caption(sentence, caption):
    assert is_caption(sentence) is caption


def test_caption_line_glued_to_a_sentence(events_of):
    text = "File photo: envoys in Geneva, Jan. 5, 2021\nThe ministers met in Geneva on Tuesday."
    events = events_of(text, D(2021, 1, 13))
    assert _rows(events) == [("meeting", "on Tuesday", D(2021, 1, 12), None, "day")]
    assert events[0].place == "Geneva"


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


# sentence, published (a Tuesday), (event type, date expression, start, end, precision)
BACKGROUND = [
    (
        "Security forces began a crackdown on protesters in mid-March.",
        ("other", "in mid-March", D(2019, 3, 1), None, "month"),
    ),
    (
        "The journalist was killed inside the consulate last October.",
        ("other", "last October", D(2018, 10, 1), None, "month"),
    ),
    (
        "The two countries established diplomatic relations on Sunday.",
        ("other", "on Sunday", D(2019, 10, 27), None, "day"),
    ),
    (
        "The case is due to be heard by the court next week, Nov. 4-5.",
        ("session", "next week, Nov. 4-5", D(2019, 11, 4), D(2019, 11, 5), "day"),
    ),
    (
        "The court held hearings on Thursday and Friday last week.",
        ("session", "on Thursday and Friday last week", D(2019, 10, 24), D(2019, 10, 25), "day"),
    ),
    (
        "Sanctions were imposed in 2017.",
        ("other", "in 2017", D(2017, 1, 1), None, "year"),
    ),
    (
        "The ministry said late on Monday that the talks had failed.",
        ("statement", "late on Monday", D(2019, 10, 28), None, "day"),
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), BACKGROUND)
def test_background_events_and_date_phrasings(events_of, sentence, expected):
    assert _rows(events_of(sentence, D(2019, 10, 29))) == [expected]


def test_a_veto_that_kills_a_draft_stays_a_vote(events_of):
    events = events_of("Russia killed the draft resolution on Wednesday.", D(2019, 10, 31))
    assert _rows(events) == [("vote", "on Wednesday", D(2019, 10, 30), None, "day")]
