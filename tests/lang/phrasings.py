"""Helpers of the phrasing table tests: each test names the file whose entries it exercises.

The sentences are written for the tests; a row shows one way news says it, and a
row with a word the file lacks shows the same sentence read otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import pytest
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.clauses import analyse_sentence
from kg.extract.findings import SentenceFinding
from kg.extract.officials import extract_officials
from kg.extract.quotes import extract_quotes
from kg.model import Article, SpeakerRef
from kg.nlp import parse

COVERED: dict[str, list[str]] = {}  # phrasing file -> the table tests exercising it


def phrasings(file: str, argnames: str, rows: list) -> Callable:
    """`pytest.mark.parametrize`, recording that the test is a table test of `file`."""

    def mark(test: Callable) -> Callable:
        COVERED.setdefault(file, []).append(test.__name__)
        return pytest.mark.parametrize(argnames, rows)(test)

    return mark


@lru_cache(maxsize=256)
def parsed(text: str) -> Doc:
    return parse(text)


def first_sentence(text: str) -> SpacySpan:
    return next(parsed(text).sents)


def word(text: str, written: str) -> Token:
    """The first token of the parsed text written `written`."""
    return next(t for t in parsed(text) if t.text == written)


def finding(text: str) -> SentenceFinding:
    """What the clause reader makes of the first sentence of `text`."""
    sent = first_sentence(text)
    countries = [m for m in parsed(text)._.countries if m.span.end <= sent.end_char]
    return analyse_sentence(sent, countries)


def quotes(text: str) -> dict[str, SpeakerRef | None]:
    """Each quotation of `text` (an article written for the test) -> its speaker."""
    article = Article(id="t", text=text, source="t.txt")
    officials, organizations = extract_officials(parsed(text), article)
    found = extract_quotes(parsed(text), article, officials, organizations)
    return {quote.text: quote.speaker for quote in found}


def officials(text: str) -> dict[str, tuple[str | None, str | None]]:
    """Each official of `text` -> (title, country)."""
    found, _ = extract_officials(parsed(text), Article(id="t", text=text, source="t.txt"))
    return {person.name: (person.title, person.country) for person in found}
