"""Hostile and broken input: one line each, the rest still built, never a traceback or a hang.

The corpus is tests/data/hostile/ (small files); the big inputs are made at run
time. A default build skips a bad input with one warning line naming its file
(and line); `--strict` fails on it before anything is parsed or written.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal

import kg.pipeline
from kg.articles import MAX_BYTES
from kg.cli import main
from kg.pipeline import build
from kg.validate import validate_file
from kg.vocab import DKG

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
GOOD = "France and Germany backed the joint statement on Monday, the envoy said.\n"
LATE = 9_990  # the bad line of a 10,000-line file

# Each row: an input (under the copied corpus {d}) and the line naming its problem. A
# default build warns "<line>: <what> skipped" and builds the rest; --strict fails with it.
SKIPPED = [
    ("files/empty.txt", "{d}/files/empty.txt: empty file", "article"),
    ("files/blank.txt", "{d}/files/blank.txt: empty file", "article"),
    (
        "files/binary.txt",
        "{d}/files/binary.txt: binary file, not text (NUL byte at offset 8)",
        "article",
    ),
    (
        "files/latin1.txt",
        "{d}/files/latin1.txt: not UTF-8 text (invalid byte 0xe9 at offset 3)",
        "article",
    ),
    (
        "files/fm-unclosed.txt",
        "{d}/files/fm-unclosed.txt: front matter opened with '---' but never closed",
        "article",
    ),
    (
        "files/fm-bad-yaml.txt",
        "{d}/files/fm-bad-yaml.txt: bad YAML front matter"
        " (line 3: expected ',' or ']', but got '<stream end>')",
        "article",
    ),
    (
        "files/fm-bad-tag.txt",
        "{d}/files/fm-bad-tag.txt: bad YAML front matter (a value does not fit its tag)",
        "article",
    ),
    (
        "files/fm-impossible-date.txt",
        "{d}/files/fm-impossible-date.txt:2: unknown publication date '2019-02-30'",
        "article",
    ),
    (
        "files/fm-list.txt",
        "{d}/files/fm-list.txt: front matter is not a mapping of fields (got a list)",
        "article",
    ),
    (
        "files/fm-title-mapping.txt",
        "{d}/files/fm-title-mapping.txt:2: field 'title' must be text, not a mapping",
        "article",
    ),
    (
        "files/fm-only.txt",
        "{d}/files/fm-only.txt: empty file (no article text after the front matter)",
        "article",
    ),
    (
        "files/page-empty.html",
        "{d}/files/page-empty.html: no article text found in the HTML page",
        "article",
    ),
    (
        "made/deep-front-matter.txt",
        "{d}/made/deep-front-matter.txt: bad YAML front matter (nested too deeply)",
        "article",
    ),
    (
        "made/too-large.txt",
        f"{{d}}/made/too-large.txt: file too large ({MAX_BYTES + 1:,} bytes;"
        f" the limit is {MAX_BYTES:,} bytes)",
        "article",
    ),
    (
        "records/not-json.jsonl",
        "{d}/records/not-json.jsonl:2: not valid JSON (Expecting value at column 1)",
        "line",
    ),
    (
        "records/array.jsonl",
        "{d}/records/array.jsonl:1: expected a JSON object, got a list",
        "line",
    ),
    (
        "records/id-object.jsonl",
        '{d}/records/id-object.jsonl:1: "id" must be text or a whole number, not a mapping',
        "line",
    ),
    (
        "records/id-zero-width.jsonl",
        "{d}/records/id-zero-width.jsonl:1: id '\\u200b\\u200c' has no visible character",
        "line",
    ),
    (
        "records/id-dot-dot.jsonl",
        "{d}/records/id-dot-dot.jsonl:1: id '..' is a path step, not a name",
        "line",
    ),
    (
        "records/id-control.jsonl",
        "{d}/records/id-control.jsonl:1: id 'j-bell\\x07' holds a control character",
        "line",
    ),
    ("records/no-id.jsonl", '{d}/records/no-id.jsonl:1: record has no "id"', "line"),
    (
        "records/no-text.jsonl",
        "{d}/records/no-text.jsonl:1: record 'j-no-text' has no \"text\"",
        "line",
    ),
    (
        "records/impossible-date.jsonl",
        "{d}/records/impossible-date.jsonl:1: unknown publication date '2019-02-30'",
        "line",
    ),
    (
        "records/duplicate-id.jsonl",
        "{d}/records/duplicate-id.jsonl:2: duplicate article id 'j-twice'"
        " (also in {d}/records/duplicate-id.jsonl:1)",
        "line",
    ),
    (
        "made/late-bad-line.jsonl",
        f"{{d}}/made/late-bad-line.jsonl:{LATE}: not valid JSON"
        " (Expecting ':' delimiter at column 27)",
        "line",
    ),
    (
        "made/deep.jsonl",
        "{d}/made/deep.jsonl:1: not valid JSON (nested too deeply)",
        "line",
    ),
    (
        "meta-missing/b.txt",
        "{d}/meta-missing/metadata.json: unknown publication date '2019-02-30' for b.txt",
        "article",
    ),
    (
        "meta-broken/c.txt",
        "{d}/meta-broken/metadata.json: malformed metadata, not valid JSON"
        " (Expecting property name enclosed in double quotes at line 1)",
        "the articles in {d}/meta-broken",
    ),
    (
        "meta-deep/f.txt",
        "{d}/meta-deep/metadata.json: malformed metadata, not valid JSON (nested too deeply)",
        "the articles in {d}/meta-deep",
    ),
]

# Inputs read otherwise than written: read, with a warning line.
NOTED = [
    (
        "files/year-one.txt",
        "{d}/files/year-one.txt: publication date 0001-01-01 is outside 1800-2200: read as unknown",
    ),
    (
        "files/year-9999.txt",
        "{d}/files/year-9999.txt: publication date 9999-12-31 is outside 1800-2200:"
        " read as unknown",
    ),
    (
        "records/year-one.jsonl",
        "{d}/records/year-one.jsonl:1: publication date 0001-01-01 is outside 1800-2200:"
        " read as unknown",
    ),
    (
        "records/url.jsonl",
        "{d}/records/url.jsonl:1: url 'not a url' is not an http(s) address: dropped",
    ),
    (
        "records/surrogate.jsonl",
        "{d}/records/surrogate.jsonl:1: 1 lone surrogate code point(s) in the text"
        " replaced by U+FFFD",
    ),
    (
        "meta-missing/a.txt",
        "{d}/meta-missing/metadata.json: entry 2 names 'gone.txt', which is not in"
        " {d}/meta-missing: ignored",
    ),
    (
        "meta-url/e.txt",
        "{d}/meta-url/metadata.json: url 'javascript:alert(1)' is not an http(s) address"
        " for e.txt: dropped",
    ),
]

# Inputs read as text without a word: other encodings and line endings.
READ = ["utf16-bom", "utf16-no-bom", "utf32-bom", "crlf", "cr-only", "undated-tuesday"]


def make_corpus(folder: Path) -> Path:
    """tests/data/hostile copied to `folder`, with the big inputs made beside it."""
    shutil.copytree(HOSTILE, folder)
    made = folder / "made"
    made.mkdir()
    (made / "deep-front-matter.txt").write_text("---\ntitle: " + "[" * 5_000 + "\n---\nText.\n")
    with (made / "too-large.txt").open("wb") as sparse:
        sparse.truncate(MAX_BYTES + 1)
    (made / "deep.jsonl").write_text("[" * 100_000 + "\n")
    lines = [json.dumps({"id": f"late-{n}", "text": "Chile."}) for n in range(1, LATE)]
    lines.append('{"id": "late-bad", "text" "Chile."}')
    lines += [json.dumps({"id": f"after-{n}", "text": "Peru."}) for n in range(10)]
    (made / "late-bad-line.jsonl").write_text("\n".join(lines) + "\n")
    deep = folder / "meta-deep"
    deep.mkdir()
    (deep / "f.txt").write_text(GOOD)
    (deep / "metadata.json").write_text("[" * 100_000 + "]" * 100_000)
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("hostile") / "corpus")


@pytest.fixture(scope="module")
def default_build(corpus: Path, tmp_path_factory):
    """The whole corpus, less the 10,000-line file, built once without --strict."""
    (corpus / "made" / "late-bad-line.jsonl").rename(corpus.parent / "late-bad-line.jsonl")
    out = tmp_path_factory.mktemp("out") / "kg.ttl"
    try:
        result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "--no-report"])
    finally:
        (corpus.parent / "late-bad-line.jsonl").rename(corpus / "made" / "late-bad-line.jsonl")
    return result, out


def _warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("warning: ")]


def test_a_default_build_warns_once_per_bad_input_and_builds_the_rest(corpus, default_build):
    result, out = default_build
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    expected = [
        f"warning: {line.format(d=corpus)}: {left_out.format(d=corpus)} skipped"
        for path, line, left_out in SKIPPED
        if path != "made/late-bad-line.jsonl"
    ]
    expected += [f"warning: {line.format(d=corpus)}" for _, line in NOTED]
    assert sorted(_warnings(result)) == sorted(expected)
    assert result.stderr.splitlines() == _warnings(result)
    skipped = len(expected) - len(NOTED) + 1  # both articles of the folder with bad metadata
    assert f"skipped         {skipped} bad inputs (named in the warnings)" in result.stdout


def test_the_rest_of_a_hostile_corpus_is_built_and_validates(default_build):
    result, out = default_build
    articles = set(Graph().parse(out).subjects(RDF.type, DKG.Article))
    # and good.txt, records/good.jsonl and the good first lines of not-json and duplicate-id
    assert len(articles) == len(READ) + len(NOTED) + 4
    assert [v for v in validate_file(out) if v.severity == "Violation"] == []


@pytest.mark.parametrize("name", READ)
def test_other_encodings_and_line_endings_are_read_as_text(default_build, name):
    result, out = default_build
    graph = Graph().parse(out)
    assert (None, None, Literal(name)) in graph


@pytest.mark.parametrize(("path", "line", "left_out"), SKIPPED, ids=[row[0] for row in SKIPPED])
def test_strict_fails_on_the_bad_input_before_parsing(corpus, tmp_path, path, line, left_out):
    out = tmp_path / "out" / "kg.ttl"
    result = CliRunner().invoke(
        main, ["build", str(corpus / path), str(corpus / "good.txt"), "-o", str(out), "--strict"]
    )
    assert (result.exit_code, result.stderr) == (1, f"error: {line.format(d=corpus)}\n")
    assert not out.parent.exists()


def test_a_late_bad_line_is_known_before_any_article_is_parsed(corpus, tmp_path, monkeypatch):
    heard: list[str] = []

    def parsing(articles, on_cut):
        heard.append("parse")
        return iter(())

    monkeypatch.setattr(kg.pipeline, "parse_articles", parsing)
    late = corpus / "made" / "late-bad-line.jsonl"
    with pytest.raises(kg.pipeline.KgError):  # nothing parsed: no articles to build from
        build([late], tmp_path / "kg.ttl", incremental=False, on_warning=heard.append)
    assert heard[0].startswith(f"{late}:{LATE}: not valid JSON")
    assert heard[1:] == ["parse"]


def test_strict_names_the_first_bad_input_and_counts_the_rest(corpus, tmp_path):
    result = CliRunner().invoke(
        main, ["build", str(corpus / "records"), "-o", str(tmp_path / "kg.ttl"), "--strict"]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {corpus}/records/array.jsonl:1: expected a JSON object, got a list"
        " (and 9 more bad inputs)\n"
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("France.\n" * 120_000, "text after 3,000 sentences (from offset 24,000 of 960,000)"),
        ("China said " * 18_000 + ".\n", "lines of over 3,000 characters split in 66 places"),
        ('"' * 100_000, "quote marks after the first 3,000 not read (57,000)"),
    ],
    ids=["short lines", "one long sentence", "quote marks"],
)
def test_inputs_that_once_hung_build_with_one_warning(tmp_path, text, cut):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(text)
    out = tmp_path / "out" / "kg.ttl"
    result = CliRunner().invoke(main, ["build", str(tmp_path / "in"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    (warning,) = _warnings(result)
    assert warning.startswith(f"warning: {tmp_path}/in/long.txt: article 'long' too long: ")
    assert cut in warning


def test_a_pipe_is_refused_not_waited_on(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    result = CliRunner().invoke(main, ["build", str(pipe), "-o", str(tmp_path / "kg.ttl")])
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {pipe}: not a regular file or folder\n",
    )
