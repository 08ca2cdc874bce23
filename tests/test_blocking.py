"""The quotation index finds every node the full comparison would match, and few others."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.blocking import MIN_INSIDE, QuoteIndex, StatementIndex, probe
from kg.model import (
    DateValue,
    Extraction,
    Position,
    QuoteMention,
    Span,
    SpeakerRef,
    StatementMention,
)
from kg.resolve import _same_quotation, quote_words, resolve
from kg.statement_identity import same_statement
from tests.conftest import make_article

D = dt.date

WORDS = ["we", "will", "not", "accept", "the", "sanctions", "imposed", "on", "our",
         "people", "a", "statement", "unjustified", "x", "internationalisation"]  # fmt: skip
TEXT = st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(" ".join)


def matches(a: str, b: str) -> bool:
    """The comparison resolve makes of two normalised quotations."""
    shorter, longer = sorted((a, b), key=len)
    return a == b or (len(shorter) >= MIN_INSIDE and shorter in longer)


def _slice(text: str, start: int, stop: int) -> str:
    return text[start:stop].strip()


@settings(max_examples=300)
@given(st.lists(TEXT, min_size=1, max_size=12), TEXT, st.data())
def test_every_matching_node_is_a_candidate(filed, new, data):
    # some new texts lie inside a filed one, from any character on
    if data.draw(st.booleans()):
        source = data.draw(st.sampled_from(filed))
        start = data.draw(st.integers(0, len(source)))
        new = _slice(source, start, data.draw(st.integers(start, len(source)))) or new
    index = QuoteIndex()
    for n, words in enumerate(filed):
        index.add(n, words)
    candidates = index.candidates(new)
    assert {n for n, words in enumerate(filed) if matches(words, new)} <= set(candidates)
    assert candidates == sorted(candidates)  # oldest first, as a scan would meet them


def test_a_node_with_several_wordings_is_found_by_each():
    index = QuoteIndex()
    index.add(0, "we will not accept the sanctions imposed on our people")
    index.add(0, "a statement")
    assert index.candidates("a statement") == [0]
    assert index.candidates("will not accept the sanctions imposed on our people") == [0]


def test_unrelated_quotations_are_not_candidates():
    index = QuoteIndex()
    index.add(1, "we will not accept the sanctions imposed on our people by anyone")
    assert index.candidates("the weather in geneva was mild for the time of year, he said") == []


def test_a_long_text_without_a_word_start_is_checked_against_every_node():
    one_word = "internationalisation" * 3
    assert probe(one_word) is None
    index = QuoteIndex()
    index.add(1, "an unrelated quotation of some length, said the envoy on monday")
    index.add(2, "x " + one_word)
    assert index.candidates(one_word) == [1, 2]
    assert index.candidates("the " + one_word) == [2]


# --- quotations by speaker ------------------------------------------------------------

LINES = [
    "we call on the government to respect its obligations under the treaty",
    "we call on the government to respect its obligations",
    "respect its obligations",
    "the talks in geneva were frank and we will return next month",
]
SPEAKERS = [None, ("country", "FRA"), ("country", "DEU"), ("country", "PER")]


def _quote_scan(reports: list[list[QuoteMention]]) -> list[list[tuple[str, int]]]:
    """Quote resolution without an index: every mention against every node, oldest first."""
    from kg.resolve import QuoteNode

    nodes: list[QuoteNode] = []
    mentions: dict[str, list[tuple[str, int]]] = {}
    for number, quotes in enumerate(reports):
        article = f"a{number:03d}"
        for place, quote in enumerate(quotes):
            words = quote_words(quote.text)
            speaker = (quote.speaker.kind, quote.speaker.key) if quote.speaker else None
            node = next((n for n in nodes if _same_quotation(n, article, words, speaker)), None)
            if node is None:
                node = QuoteNode(digest=str(len(nodes)), speaker=speaker)
                nodes.append(node)
            mentions.setdefault(node.digest, []).append((article, place))
            node.mentioned(article)
            node.speaker = node.speaker or speaker
            if words not in node.wordings:
                node.wordings.append(words)
    return sorted(mentions.values())


@st.composite
def quote_mentions(draw) -> QuoteMention:
    speaker = draw(st.sampled_from(SPEAKERS))
    return QuoteMention(
        text=draw(st.sampled_from(LINES)),
        span=Span(0, 1),
        speaker=SpeakerRef(*speaker) if speaker else None,
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(quote_mentions(), min_size=1, max_size=3), min_size=2, max_size=25))
def test_quotations_resolve_by_speaker_index_as_by_comparing_every_node(reports):
    extractions = [
        Extraction(article=make_article("text", article_id=f"a{n:03d}"), quotes=quotes)
        for n, quotes in enumerate(reports)
    ]
    res = resolve(extractions)
    found = sorted(
        [
            (a, place)
            for a in res.placed
            for place, d in enumerate(res.quotes_in(a))
            if d == node.digest
        ]
        for node in res.quotes
    )
    assert found == _quote_scan(reports)
    digests = [node.digest for node in res.quotes]
    assert len(set(digests)) == len(digests)


def test_the_same_words_from_many_speakers_are_told_apart_without_meeting_each_other():
    index = QuoteIndex()
    for n in range(50):
        index.add(n, LINES[0], ("official", f"envoy-{n}"))
    index.add(50, LINES[0], None)
    assert index.candidates(LINES[1], ("official", "envoy-7")) == [7, 50]
    assert len(index.candidates(LINES[1], None)) == 51  # no speaker: any of them may be it


def test_a_quotation_index_on_disk_finds_what_one_in_memory_does(tmp_path):
    from kg.shelf import Shelves

    shelves = Shelves(tmp_path / "scratch.sqlite")
    on_disk, in_memory = QuoteIndex(shelves.index("quotes")), QuoteIndex()
    for n, line in enumerate(LINES * 3):
        for index in (on_disk, in_memory):
            index.add(n, line, SPEAKERS[n % len(SPEAKERS)])
    for line in LINES:
        for speaker in SPEAKERS:
            assert on_disk.candidates(line, speaker) == in_memory.candidates(line, speaker)
    shelves.close()


# --- statements ----------------------------------------------------------------------

KINDS = ["joint statement", "declaration", "communique", "letter", "resolution", "vote"]
ISO = ["FRA", "DEU", "CHN", "RUS", "USA", "GBR"]
AROUND = D(2021, 12, 30)  # dates near a month's and a year's end


@st.composite
def statement_mentions(draw, number: int = 0) -> StatementMention:
    precision = draw(st.sampled_from(["day", "week", "month", "year", None]))
    date = None
    if precision is not None:
        start = AROUND + dt.timedelta(days=draw(st.integers(-40, 40)))
        date = DateValue("a day", precision, start=draw(st.just(start) | st.none()))
    positions = tuple(
        Position(iso, kind, Span(0, 1), 0.8)
        for iso, kind in draw(
            st.lists(st.tuples(st.sampled_from(ISO), st.sampled_from(["backed", "against"])),
                     max_size=4, unique_by=lambda p: p[0])
        )
    )  # fmt: skip
    return StatementMention(
        local_id=f"s{number}",
        kind=draw(st.sampled_from(KINDS)),
        span=Span(0, 1),
        label="a text",
        date=date,
        positions=positions,
        delivered_by=draw(st.sampled_from([None, None, *ISO])),
        declared_count=draw(st.sampled_from([None, 2, 3])),
        declared_against=draw(st.sampled_from([None, None, 1])),
        stance=draw(st.sampled_from([None, "critical", "supportive"])),
        target=draw(st.sampled_from([None, "CHN", "RUS"])),
    )


def _linear_scan(reports: list[list[StatementMention]]) -> list[list[tuple[str, str]]]:
    """Statement resolution as it was before the index: every mention against every node."""
    groups: list[list[tuple[str, StatementMention]]] = []
    for number, mentions in enumerate(reports):
        article = f"a{number:03d}"
        for mention in mentions:
            elsewhere = (g for g in groups if all(a != article for a, _ in g))
            group = next((g for g in elsewhere if same_statement([m for _, m in g], mention)), None)
            if group is None:
                groups.append([(article, mention)])
            else:
                group.append((article, mention))
    return [[(a, m.local_id) for a, m in g] for g in groups]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(statement_mentions(), min_size=1, max_size=3), min_size=2, max_size=25))
def test_statements_resolve_by_index_as_by_comparing_every_pair(reports):
    reports = [
        [replace(m, local_id=f"s{i}") for i, m in enumerate(mentions)] for mentions in reports
    ]
    extractions = [
        Extraction(article=make_article("text", article_id=f"a{n:03d}"), statements=mentions)
        for n, mentions in enumerate(reports)
    ]
    nodes = resolve(extractions).statements
    found = sorted(
        [(a, m.local_id) for a, m in zip(node.articles, node.mentions, strict=True)]
        for node in nodes
    )
    assert found == sorted(_linear_scan(reports))


def test_a_statement_is_found_across_a_year_end_by_the_day_after():
    index = StatementIndex()
    backing = (Position("FRA", "backed", Span(0, 1), 0.8),)
    last = DateValue("Dec. 31", "day", start=D(2021, 12, 31))
    index.add(0, StatementMention("s0", "letter", Span(0, 1), "x", date=last, positions=backing))
    first = DateValue("Jan. 1", "day", start=D(2022, 1, 1))
    new = StatementMention("s1", "letter", Span(0, 1), "x", date=first, positions=backing)
    assert index.candidates(new) == [0]
    elsewhere = replace(new, positions=(Position("DEU", "backed", Span(0, 1), 0.8),))
    assert index.candidates(elsewhere) == []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(statement_mentions(), min_size=1, max_size=3), min_size=2, max_size=25))
def test_keys_sharing_a_hash_only_add_candidates_the_full_test_turns_down(reports):
    from unittest import mock

    import kg.blocking

    reports = [[replace(m, local_id=f"s{i}") for i, m in enumerate(ms)] for ms in reports]
    extractions = [
        Extraction(article=make_article("text", article_id=f"a{n:03d}"), statements=mentions)
        for n, mentions in enumerate(reports)
    ]

    def grouped() -> list[list[tuple[str, str]]]:
        return [
            [(a, m.local_id) for a, m in zip(node.articles, node.mentions, strict=True)]
            for node in resolve(extractions).statements
        ]

    apart = grouped()
    with mock.patch.object(kg.blocking, "hash", lambda key: 7, create=True):
        assert grouped() == apart
