"""Fuzzing: the reader and the whole extraction on generated input never crash or hang.

Every input ends as an article or as one line naming its problem; extraction keeps
its offsets inside the text; a built graph validates. At the default profile each
test runs a hundred examples (marked slow); the fuzz profile runs 10,000:

    pytest -m fuzz --hypothesis-profile=fuzz
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.articles import read_corpus
from kg.model import Article
from kg.nlp import parse_article
from kg.pipeline import build_graph, extract_article
from kg.validate import validate_graph
from tests.test_properties import _spans

pytestmark = pytest.mark.fuzz
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = [
    "China", "Britain’s", "the U.S.", "23 states", "on behalf of", "including", "France",
    "“", "”", '"', "‘", "’", "'", "said", "he said", "on Tuesday", "last week", "Nov. 16-17",
    "July 8", "in 2019", "next month", "statement", "joint letter", "the resolution",
    "voted against", "abstained", ",", ".", ":", ";", "\n", "\n\n", "\r\n", "Zhang Jun",
    "Mr Wang", "Foreign Minister", "ambassador", "more than 30 other countries", "—",
    "countered", "condemned", "backed", "the EU", "ASEAN", "(", ")", "!!!", "...", "\t",
    "READ MORE: Other news", "Photo: Reuters", "http://example.org/a?b=c", "\u200b", "\ufeff",
]  # fmt: skip
NEWS = st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=80).map(" ".join)
TEXT = st.one_of(NEWS, st.text(max_size=600))
# Every day the calendar holds: the reader keeps only 1800-2200, extraction takes any.
PUBLISHED = st.none() | st.dates()


@contextmanager
def _folder(files: dict[str, bytes]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        yield folder


def _sound(article: Article) -> None:
    """What the reader promises of every article it gives."""
    assert article.text.strip() and article.id.strip() not in ("", ".", "..")
    assert all(c < "\ud800" or c > "\udfff" for c in article.text)
    for span in article.masked:
        assert 0 <= span.start < span.end <= len(article.text)
    if article.published is not None:
        assert dt.date(1800, 1, 1) <= article.published <= dt.date(2200, 12, 31)


FRONT = st.fixed_dictionaries(
    {},
    optional={
        "title": st.text(max_size=20) | st.integers() | st.lists(st.integers(), max_size=2),
        "published": st.text(max_size=12)
        | st.dates().map(str)
        | st.sampled_from(["2019-02-30", "0001-01-01", "9999-12-31", "2019-10-29T10:00:00Z"]),
        "url": st.text(max_size=20) | st.just("https://example.org/a"),
    },
)
# YAML as a hand might mistype it: tags, anchors, merges and impossible values.
YAML = st.lists(
    st.sampled_from(
        ["title", "published", "url", ": ", " ", "\n", "\n  ", "!!int ", "!!timestamp ",
         "!!bool ", "!!float ", "!!binary ", "!!set ", "!!str ", "&a ", "*a", "<<: ", "[", "]",
         "{", "}", "- ", ", ", "'", '"', "2019-02-30", "abc", "0x", "9999-12-31", "# ", "|", ">"]
    ),
    max_size=30,
).map("".join)  # fmt: skip


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=400),
        st.tuples(FRONT, TEXT).map(lambda p: f"---\n{json.dumps(p[0])}\n---\n{p[1]}".encode()),
        YAML.map(lambda block: f"---\n{block}\n---\nChile backed it.\n".encode()),
        TEXT.map(lambda t: t.encode("utf-16")),
        TEXT.map(str.encode),
    ),
    st.sampled_from(["a.txt", "a.html"]),
)
def test_a_file_is_one_article_or_one_problem(data, name):
    with _folder({name: data}) as folder:
        corpus = read_corpus([folder])
    assert len(corpus.articles) + corpus.skipped == 1
    assert len(corpus.problems) == corpus.skipped
    for problem in corpus.problems:
        assert problem.line.startswith(str(folder / name)) and "\n" not in problem.line
    for article in corpus.articles:
        _sound(article)


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
RECORD = st.fixed_dictionaries(
    {},
    optional={
        "id": st.text(max_size=8) | st.sampled_from(["..", ".", "\u200b", "a"]) | JSON_VALUE,
        "text": TEXT | JSON_VALUE,
        "published": st.text(max_size=12) | st.dates().map(str) | JSON_VALUE,
        "url": st.text(max_size=12) | JSON_VALUE,
        "title": st.text(max_size=12) | JSON_VALUE,
    },
)
LINE = st.one_of(
    RECORD.map(lambda r: json.dumps(r).encode()),
    RECORD.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    st.binary(max_size=60).filter(lambda b: b"\n" not in b and b"\r" not in b),
    st.just(b'{"id": "s", "text": "lone \\udc00 mark"}'),
)


@FUZZ
@given(st.lists(LINE, min_size=1, max_size=8))
def test_every_jsonl_line_is_one_article_or_one_problem(lines):
    with _folder({"c.jsonl": b"\n".join(lines) + b"\n"}) as folder:
        corpus = read_corpus([folder])
    counted = [line for line in lines if line.strip()]
    assert len(corpus.articles) + corpus.skipped == max(1, len(counted))
    for problem in corpus.problems:
        assert "\n" not in problem.line
    for article in corpus.articles:
        _sound(article)


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=200),
        JSON_VALUE.map(lambda v: json.dumps(v).encode()),
        st.lists(
            st.fixed_dictionaries(
                {"file": st.sampled_from(["a.txt", "b.txt", "gone.txt", "..", ""])},
                optional={"published": JSON_VALUE | st.dates().map(str), "url": JSON_VALUE},
            ),
            max_size=4,
        ).map(lambda entries: json.dumps({"articles": entries}).encode()),
    )
)
def test_folder_metadata_costs_at_most_the_articles_it_names(metadata):
    files = {"a.txt": b"Chile backed it.", "b.txt": b"Peru did not.", "metadata.json": metadata}
    with _folder(files) as folder:
        corpus = read_corpus([folder])
    assert len(corpus.articles) + corpus.skipped == 2
    for article in corpus.articles:
        _sound(article)


@FUZZ
@given(TEXT, PUBLISHED)
def test_the_whole_extraction_keeps_offsets_inside_any_text(text, published):
    article = Article(id="f", text=text, source="f.txt", published=published)
    extraction = extract_article(article, parse_article(article, on_cut=lambda line: None))
    for span in _spans(extraction):
        assert 0 <= span.start <= span.end <= len(text)
    for quote in extraction.quotes:
        assert text[quote.span.start : quote.span.end] == quote.text


@settings(FUZZ, max_examples=max(2, settings.default.max_examples // 100))
@given(st.lists(st.tuples(NEWS, PUBLISHED), min_size=1, max_size=4))
def test_a_graph_built_from_fuzzed_articles_validates(texts):
    articles = [
        Article(id=f"f{n}", text=text, source=f"f{n}.txt", published=published)
        for n, (text, published) in enumerate(texts)
        if text.strip()
    ]
    extractions = [extract_article(a, parse_article(a, on_cut=lambda line: None)) for a in articles]
    if extractions:
        violations = validate_graph(build_graph(extractions))
        assert [v for v in violations if v.severity == "Violation"] == []
