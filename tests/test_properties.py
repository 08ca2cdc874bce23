"""Property tests: arbitrary text never crashes the extractors, and offsets stay inside it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.nlp import parse_article
from kg.pipeline import extract_article
from tests.conftest import make_article

NEWSY = st.lists(
    st.sampled_from(
        [
            "China", "Britain’s", "the U.S.", "23 states", "on behalf of", "including",
            "“", "”", '"', "said", "he said", "on Tuesday", "last month", "Nov. 16-17",
            "statement", "letter", "voted against", ",", ".", "\n\n", "Zhang Jun", "Mr Wang",
            "more than 30 other countries", "countered", "praised", "condemned", "—", "‘",
        ]
    ),
    max_size=40,
).map(" ".join)  # fmt: skip

TEXT = st.one_of(NEWSY, st.text(max_size=300))


def _spans(extraction):
    for statement in extraction.statements:
        yield statement.span
        yield from (p.evidence for p in statement.positions)
    for quote in extraction.quotes:
        yield quote.span
    for official in extraction.officials:
        yield official.span
    for event in extraction.events:
        yield event.span
    for country in extraction.countries:
        yield country.span


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from(["2019-10-29", "2024-02-29", None]))
def test_extractors_never_crash_and_keep_offsets_inside(text, published):
    article = make_article(text, published)
    extraction = extract_article(article, parse_article(article))
    for span in _spans(extraction):
        assert 0 <= span.start <= span.end <= len(text)
    for quote in extraction.quotes:
        assert text[quote.span.start : quote.span.end] == quote.text


@settings(max_examples=20, deadline=None)
@given(NEWSY)
def test_extraction_is_deterministic(text):
    article = make_article(text)
    first = extract_article(article, parse_article(article))
    second = extract_article(article, parse_article(article))
    assert first.statements == second.statements
    assert first.quotes == second.quotes
    assert first.events == second.events
