"""The annotation layer: each annotation is stored on the Doc, found once per article."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from types import ModuleType

import pytest

import kg.extract.bodies
import kg.extract.countries
import kg.extract.dates
import kg.extract.marks
import kg.extract.speakers
from kg.articles import read_articles
from kg.extract.annotations import dates_in, person_name_runs, quoted_ranges
from kg.model import Article
from kg.nlp import parse, parse_article
from kg.pipeline import build

TITLE = "Envoy calls the plan \u2018unfair\u2019"
TEXT = (
    f"{TITLE}\n"
    "Chile\u2019s Foreign Minister Marta Solano said on Monday that the offer was "
    '"too little, too late".\n'
    "The European Union and Norway will meet again next week. "
    "Officials at the World Health Organization declined to comment.\n"
)
PUBLISHED = dt.date(2024, 3, 15)  # a Friday


@pytest.fixture(scope="module")
def doc():
    return parse_article(
        Article(id="a", text=TEXT, source="a.txt", title=TITLE, published=PUBLISHED)
    )


def words(spans) -> list[str]:
    return [TEXT[s.start : s.end] for s in spans]


def test_the_article_gives_its_publication_date_and_title(doc):
    assert (doc._.published, doc._.title) == (PUBLISHED, TITLE)


def test_countries_and_groups_of_states(doc):
    assert [(m.iso3, m.form) for m in doc._.countries] == [("CHL", "possessive"), ("NOR", "name")]
    assert [(g.slug, g.text) for g in doc._.groups] == [("eu", "European Union")]


def test_organizations(doc):
    assert [o.label for o in doc._.organizations] == ["European Union", "World Health Organization"]


def test_paragraphs_are_lines(doc):
    assert [TEXT[s:e] for s, e in doc._.paragraphs] == TEXT.splitlines()


def test_quote_marks_include_the_headlines_single_marks(doc):
    assert [(TEXT[q.start : q.end], q.single) for q in doc._.raw_quotes] == [
        ("unfair", True),
        ("too little, too late", False),
    ]
    assert [TEXT[s:e] for s, e in quoted_ranges(doc)] == ["too little, too late"]


def test_dates_resolve_against_the_publication_date(doc):
    assert [(d.expression, d.start, d.precision) for d in doc._.dates] == [
        ("on Monday", dt.date(2024, 3, 11), "day"),
        ("next week", dt.date(2024, 3, 18), "week"),
    ]


def test_a_sentences_dates_are_the_docs_dates_inside_it(doc):
    assert [[d.expression for d in dates_in(sent)] for sent in doc.sents] == [
        [],
        ["on Monday"],
        ["next week"],
        [],
    ]


def test_name_runs_are_spans_of_the_doc(doc):
    assert [run.text for run in person_name_runs(doc)] == [
        "Chile",
        "Marta Solano",
        "European Union",
        "World Health Organization",
    ]


def test_a_bare_text_has_no_publication_date():
    found = parse("The envoy left on Monday.")
    assert (found._.published, found._.title) == (None, None)
    ((expression, start),) = [(d.expression, d.start) for d in found._.dates]
    assert (expression, start) == ("on Monday", None)


def test_a_date_is_read_within_its_sentence():
    """A future cue in the sentence before does not make the next one's weekday ahead."""
    text = "The committee will vote soon. On Monday, the envoy resigned."
    found = parse_article(Article(id="b", text=text, source="b.txt", published=PUBLISHED))
    assert [(d.expression, d.start) for d in found._.dates] == [("On Monday", dt.date(2024, 3, 11))]


# Every pass the annotation layer makes over an article, by the module that defines it.
FINDERS = [
    (kg.extract.countries, "find_states_and_groups"),
    (kg.extract.bodies, "find_organizations"),
    (kg.extract.marks, "paragraphs"),
    (kg.extract.marks, "find_raw_quotes"),
    (kg.extract.dates, "find_sentence_dates"),
    (kg.extract.speakers, "name_runs"),
]
ARTICLES = {
    "first.txt": (
        "---\ntitle: Ministers meet\npublished: 2024-03-15\n---\n"
        "Peru\u2019s Foreign Minister Ana Ruiz met her Chilean counterpart on Tuesday. "
        '"We agree on the border," she said.\n'
        "The European Union welcomed the talks.\n"
    ),
    "second.txt": (
        "---\ntitle: A joint letter\npublished: 2024-03-16\n---\n"
        "Norway, Iceland and Denmark signed a joint letter on Friday urging restraint.\n"
    ),
}


def count_calls(monkeypatch, module: ModuleType, name: str) -> list[int]:
    """Count calls to a function wherever a module of the package holds it."""
    original: Callable = getattr(module, name)
    calls: list[int] = []

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    for loaded in list(sys.modules.values()):
        if loaded is None or not loaded.__name__.startswith("kg"):
            continue
        for attribute, value in list(vars(loaded).items()):
            if value is original:
                monkeypatch.setattr(loaded, attribute, counting)
    return calls


def test_each_finder_runs_once_per_article_in_a_build(tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    sentences = sum(len(list(parse_article(a).sents)) for a in read_articles([folder]))
    counts = {name: count_calls(monkeypatch, module, name) for module, name in FINDERS}
    per_sentence = count_calls(monkeypatch, kg.extract.dates, "find_dates")

    build([folder], tmp_path / "out" / "kg.ttl", incremental=False)

    assert {name: len(calls) for name, calls in counts.items()} == {
        name: len(ARTICLES) for _, name in FINDERS
    }
    assert len(per_sentence) == sentences
