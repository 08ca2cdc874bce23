"""The per-article budget: what is cut or split, the warning naming it, and the steps kept linear."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from kg.extract.speakers import token_at
from kg.extract.syntax import person_name
from kg.model import Article
from kg.nlp import parse, parse_article
from kg.text import Budget, sentence_ends, within_budget

SMALL = Budget(
    characters=60, sentences=3, words=12, sentence_characters=20, word_characters=6, quote_marks=4
)


# One row per limit: the limit set low, a text past it, what is read and the words of the warning.
@pytest.mark.parametrize(
    ("limit", "text", "held", "cut"),
    [
        ({}, "France. China.\n", "France. China.\n", None),
        (
            {"characters": 10},
            "abc def ghi jkl",
            "abc def gh",
            "text after 10 characters (from offset 10 of 15) not read",
        ),
        (
            {"sentences": 3},
            "One.\nTwo.\n\nThree. Four.\n",
            "One.\nTwo.\n\nThree. ",
            "text after 3 sentences (from offset 18 of 24) not read",
        ),
        (
            {"words": 4},
            "a b, c d e",
            "a b, c",
            "text after 4 words (from offset 6 of 10) not read",
        ),
        (
            {"quote_marks": 4},
            '"a" "b" "c"',
            '"a" "b"  c ',
            "quote marks after the first 4 not read (2)",
        ),
        (
            {"word_characters": 6},
            "abcdefghijklmno",
            "abcdef hijkl no",
            "runs of over 6 characters without a space split in 2 places",
        ),
        (  # at the last sentence end in the limit's second half
            {"sentence_characters": 20},
            "Aaaa bbbb. Cccc dddd eeee.",
            "Aaaa bbbb.\nCccc dddd eeee.",
            "lines of over 20 characters split in 1 places",
        ),
        (  # else at the last space
            {"sentence_characters": 20},
            "aa bb cc dd ee ff gg hh",
            "aa bb cc dd ee ff\ngg hh",
            "lines of over 20 characters split in 1 places",
        ),
    ],
)
def test_each_limit_cuts_or_splits(limit: dict, text: str, held: str, cut: str | None) -> None:
    result = within_budget(text, Budget(**limit))
    assert (result.text, result.cuts) == (held, (cut,) if cut else ())


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("France.\nChina.\n", [8, 15]),
        ("He said. \u201cNo.\u201d Then left", [9, 15]),
        ("Title\n\n\nBody.", [6]),  # blank lines are no sentence
        ("U.S. envoy.", [5]),  # read on characters: an abbreviation counts (the cut comes early)
    ],
)
def test_sentence_ends(text: str, ends: list[int]) -> None:
    assert list(sentence_ends(text)) == ends


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab .!?"\u201c\n\t'), max_size=200))
def test_a_held_text_is_a_prefix_with_splits_only_and_within_the_budget(text: str) -> None:
    held = within_budget(text, SMALL).text
    assert len(held) <= min(len(text), SMALL.characters)
    for was, now in zip(text, held, strict=False):
        assert now == was or now in " \n"
    assert all(len(line) <= SMALL.sentence_characters for line in held.split("\n"))
    assert all(len(run) <= SMALL.word_characters for run in held.split())
    assert held.count('"') + held.count("\u201c") <= SMALL.quote_marks


def test_dev_sized_article_is_untouched() -> None:
    paragraph = "France and China backed the statement, the envoy said on Tuesday. " * 5
    text = "\n\n".join([paragraph.strip()] * 60)  # 300 sentences, 20,000 characters
    assert within_budget(text) == within_budget(text, Budget())
    assert within_budget(text).text == text


def test_a_long_article_is_parsed_in_part_with_one_warning() -> None:
    text = "France.\n" * 4_000
    warned: list[str] = []
    doc = parse_article(Article(id="long", text=text, source="long.txt"), warned.append)
    assert warned == [
        "long.txt: article 'long' too long: text after 3,000 sentences"
        " (from offset 24,000 of 32,000) not read"
    ]
    assert doc.text == text[:24_000]
    assert len(list(doc.sents)) == 3_000


def test_paragraph_breaks_start_a_sentence_at_every_line() -> None:
    doc = parse("Geneva talks\nFrance and China met on Monday.\nThey agreed")
    assert [sent.text for sent in doc.sents] == [
        "Geneva talks\n",
        "France and China met on Monday.\n",
        "They agreed",
    ]


def test_a_parsed_doc_keeps_the_text_spacy_would_join() -> None:
    text = "He didn't go.\n\nFrance  said \u201cno\u201d."
    doc = parse(text)
    assert doc.text == Doc.text.__get__(doc) == text
    assert [t.norm_ for t in doc][:3] == ["he", "do", "not"]  # the tokenizer's norms kept


def test_token_at_is_the_first_token_ending_after_an_offset() -> None:
    doc = parse("Wang  said: yes.")
    scanned = [
        next((t.i for t in doc if t.idx + len(t.text) > offset), len(doc))
        for offset in range(len(doc.text) + 2)
    ]
    assert [token_at(doc, offset) for offset in range(len(doc.text) + 2)] == scanned


def test_person_name_is_the_whole_person_entity() -> None:
    doc = parse("Foreign Minister Marta Solano spoke to Vienna.")
    solano = next(t for t in doc if t.text == "Solano")
    vienna = next(t for t in doc if t.text == "Vienna")
    assert person_name(solano) == "Marta Solano"
    assert person_name(vienna) == "Vienna"
