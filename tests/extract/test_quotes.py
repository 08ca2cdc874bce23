"""Golden tests for quotations: spans, partial flags and speakers, one row per phrasing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.officials import extract_officials
from kg.extract.quotes import extract_quotes
from kg.extract.speakers import find_raw_quotes
from kg.model import Article, SpeakerRef
from kg.nlp import parse


def run(text: str, title: str | None = None):
    article = Article(id="t", text=text, source="t.txt", title=title)
    doc = parse(article.clean_text())
    officials, orgs = extract_officials(doc, article)
    return extract_quotes(doc, article, officials, orgs)


def official(key: str) -> SpeakerRef:
    return SpeakerRef("official", key)


# (text, quoted words, partial, speaker of that quote)
CASES = [
    (
        "“We will not accept this,” Fiji’s UN Ambassador Satyendra Prasad told reporters.",
        "We will not accept this,",
        False,
        official("Satyendra Prasad"),
    ),
    (
        "Norway’s UN Ambassador Mona Juul spoke on Monday.\n\n"
        "“The council must act now,” Juul said.",
        "The council must act now,",
        False,
        official("Mona Juul"),
    ),
    (
        'Canadian Foreign Minister Melanie Joly said: "Our position has not changed."',
        "Our position has not changed.",
        False,
        official("Melanie Joly"),
    ),
    (
        "Kenyan President William Ruto spoke in Nairobi.\n\n“Trade is our priority,” he said.",
        "Trade is our priority,",
        False,
        official("William Ruto"),
    ),
    (
        "Irish Prime Minister Leo Varadkar said there was “real progress” in the talks.",
        "real progress",
        True,
        official("Leo Varadkar"),
    ),
    (
        "Ghana’s UN envoy Harold Agyeman said: “Peace needs patience.”\n\n"
        "“Peace needs patience too,” Agyeman said. “We urge calm.”",
        "We urge calm.",
        False,
        official("Harold Agyeman"),
    ),
    (
        "Chile’s foreign ministry said: “The visit was productive.”",
        "The visit was productive.",
        False,
        SpeakerRef("organization", "chl-foreign-ministry"),
    ),
    (
        "Nepal said its new road “opened the valley to trade” last year.",
        "opened the valley to trade",
        True,
        SpeakerRef("country", "NPL"),
    ),
    (
        "According to Peruvian Foreign Minister Javier Gonzalez, the talks “went well.”",
        "went well.",
        True,
        official("Javier Gonzalez"),
    ),
]


CASES += [
    (
        "“We need a fair deal for farmers.” \u2015 Ana Ruiz\n",
        "We need a fair deal for farmers.",
        False,
        official("Ana Ruiz"),
    ),
    (
        '"RUIZ: We will vote against the text."',
        "RUIZ: We will vote against the text.",
        False,
        official("Ruiz"),
    ),
    (
        "Senator Ana Ruiz spoke next.\n\nRuiz continued:\n\n“The vote is a mistake.”",
        "The vote is a mistake.",
        False,
        official("Ana Ruiz"),
    ),
    (
        "The talks will go on, Senator Ana Ruiz said. “We have time.”",
        "We have time.",
        False,
        official("Ana Ruiz"),
    ),
    (
        "Fiji’s UN Ambassador Satyendra Prasad arrived. Mr Prasad said the plan was “bold.”",
        "bold.",
        True,
        official("Satyendra Prasad"),
    ),
]


@pytest.mark.parametrize(("text", "words", "partial", "speaker"), CASES)
def test_quote_phrasings(text, words, partial, speaker):
    quotes = {q.text: q for q in run(text)}
    assert words in quotes, list(quotes)
    quote = quotes[words]
    assert text[quote.span.start : quote.span.end] == words
    assert quote.partial is partial
    assert quote.speaker == speaker


def test_nested_attribution_gives_speaker_and_via():
    text = (
        "Peru’s foreign ministry released a statement on Friday. "
        "The UN quoted Ms Maria Lopez as telling reporters that “the door is open.”"
    )
    (quote,) = run(text)
    assert quote.speaker == official("Maria Lopez")
    assert quote.via == SpeakerRef("organization", "UN")


@pytest.mark.parametrize(
    "text",
    [
        "The camps, which officials call so-called “training schools”, are closed.",
        "She appeared on NBC’s “Meet the Press” last week.",
        "The town had a “quiet” week.",
        "Rep. Robert C. “Bobby” Scott opened his house.",
        'The crowd heard shouting. "(CROSSTALK.)"',
    ],
)
def test_scare_quotes_and_titles_are_not_quotes(text):
    assert run(text) == []


def test_multi_paragraph_quote_keeps_speaker():
    text = (
        "Senator Ana Ruiz said: “The first part of the plan is ready.\n\n"
        "“The second part comes next year.”"
    )
    quotes = run(text)
    assert [q.text for q in quotes] == [
        "The first part of the plan is ready.",
        "The second part comes next year.",
    ]
    assert {q.speaker for q in quotes} == {official("Ana Ruiz")}


def test_pronoun_is_less_confident_than_a_name():
    text = "Kenyan President William Ruto spoke.\n\n“We agree,” Ruto said. “Yes,” he said."
    named, pronoun = run(text)
    assert named.confidence > pronoun.confidence


def test_headline_single_quotes():
    title = "Minister says deal ‘close’"
    quotes = find_raw_quotes(title + "\n\nBody text.", headline=title)
    assert [title[q.start : q.end] for q in quotes] == ["close"]


def test_unbalanced_marks_run_to_paragraph_end():
    text = "He said “no deal\n\nNext paragraph."
    (quote,) = find_raw_quotes(text)
    assert text[quote.start : quote.end] == "no deal"
    assert quote.closed is False


MARKS = st.sampled_from(["“", "”", '"', "‘", "’", "\n", " ", "a", "B", ".", ","])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(MARKS, st.text(max_size=5)), max_size=40))
def test_arbitrary_marks_never_crash(pieces):
    text = "".join(pieces)
    for quote in find_raw_quotes(text, headline=text.split("\n")[0] or None):
        assert 0 <= quote.start <= quote.end <= len(text)
        assert text[quote.start : quote.end].strip() == text[quote.start : quote.end]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["“", "”", '"', "He said ", "Ana Ruiz ", ".", "\n"]), max_size=15))
def test_extract_quotes_spans_match_text(pieces):
    text = "".join(pieces)
    for quote in run(text):
        assert text[quote.span.start : quote.span.end] == quote.text
