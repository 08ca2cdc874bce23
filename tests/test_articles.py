"""Tests for kg.articles: every input kind, metadata precedence, and every bad-input message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import kg.articles
from kg.articles import read_article, read_articles
from kg.metadata import parse_date
from kg.model import Article, KgError

READER = Path(__file__).parent / "data" / "reader"
SEEDS = Path(__file__).parents[1] / "data"


def _masked_lines(article: Article) -> list[str]:
    return [article.text[span.start : span.end].strip() for span in article.masked]


def test_plain_txt() -> None:
    article = read_article(READER / "plain.txt")
    assert article.id == "plain"
    assert article.source == str(READER / "plain.txt")
    assert article.text.startswith("Ministers meet in Vienna on nuclear talks\n\n")
    assert (article.title, article.publisher, article.published) == (None, None, None)
    assert _masked_lines(article) == [
        "READ MORE: Oil prices climb as talks stall",
        "Story continues below advertisement",
    ]
    assert "French foreign minister told reporters" in article.clean_text()
    assert len(article.clean_text()) == len(article.text)


def test_txt_with_front_matter() -> None:
    article = read_article(READER / "front_matter.txt")
    assert article.id == "front_matter"
    assert article.title == "Forty states sign letter on Xinjiang"
    assert article.publisher == "Example Wire"
    assert article.published == dt.date(2021, 6, 22)
    assert article.url == "https://example.org/news/letter"
    assert article.language == "en"
    # Offsets index the text after the front matter.
    assert article.text.startswith("Forty states signed a joint letter")
    (span,) = article.masked
    assert article.text[span.start : span.end] == "Photo: Example Wire/Jane Roe"


def test_folder_with_metadata_json() -> None:
    articles = list(read_articles([READER / "meta_json"]))
    assert [a.id for a in articles] == ["alpha", "beta"]  # README is skipped
    alpha, beta = articles
    assert alpha.title == "Council extends mission"
    assert alpha.published == dt.date(2020, 3, 13)  # from "2020-03-13T18:30:00Z"
    assert alpha.url is None
    # Front matter wins field by field; the folder fills the rest.
    assert beta.title == "Front matter title wins"
    assert beta.url == "https://example.org/beta"
    assert beta.published == dt.date(2020, 3, 14)
    assert (
        beta.text
        == "Japan and South Korea issued a joint statement condemning the missile launch.\n"
    )


def test_folder_with_metadata_csv() -> None:
    (gamma,) = read_articles([READER / "meta_csv"])  # stats.csv is not an article
    assert gamma.id == "gamma"
    assert gamma.title == "Assembly vote splits, again"
    assert gamma.publisher == "Example Post"
    assert gamma.published == dt.date(2022, 3, 2)
    assert gamma.url == "https://example.org/gamma"


def test_html_page() -> None:
    article = read_article(READER / "page.html")
    assert article.id == "page"
    assert article.title == "Forty-three states urge access to Xinjiang"
    assert article.publisher == "The Example Chronicle"
    assert article.published == dt.date(2021, 10, 21)
    assert article.url == "https://chronicle.example.org/world/2021/10/21/xinjiang-statement"
    assert article.language == "en"
    assert "France's ambassador Nicolas de Rivière delivered the statement" in article.text
    assert "Privacy" not in article.text and "Markets rally" not in article.text
    assert _masked_lines(article) == ["Story continues below advertisement"]
    assert "Cuba read a rival statement" in article.clean_text()


def test_folder_metadata_beats_what_trafilatura_infers(tmp_path: Path) -> None:
    (tmp_path / "page.htm").write_bytes((READER / "page.html").read_bytes())
    (tmp_path / "metadata.json").write_text(
        '{"articles": [{"file": "page.htm", "title": "Curated title", "published": "2021-10-22"}]}'
    )
    (article,) = read_articles([tmp_path])
    assert (article.id, article.title, article.published) == (
        "page",
        "Curated title",
        dt.date(2021, 10, 22),
    )
    assert article.publisher == "The Example Chronicle"  # not in the sidecar: inferred


def test_jsonl_three_records() -> None:
    articles = list(read_articles([READER / "corpus.jsonl"]))
    assert [a.id for a in articles] == ["j1", "j2", "j3"]
    sources = [a.source for a in articles]
    assert sources == [f"{READER / 'corpus.jsonl'}:{n}" for n in (1, 3, 4)]  # line 2 is blank
    j1, j2, j3 = articles
    assert (j1.title, j1.publisher, j1.published) == (
        "Nordics back resolution",
        "Example Daily",
        dt.date(2018, 11, 15),
    )
    assert j2.published == dt.date(2018, 11, 16)
    assert j2.title is None
    assert _masked_lines(j2) == ["All rights reserved."]
    assert j3.published is None


def test_mixed_folder_recursive_sorted_and_hidden_skipped() -> None:
    articles = list(read_articles([READER / "mixed"]))
    assert [a.id for a in articles] == ["a", "b", "c1", "c2", "d"]
    by_id = {a.id: a for a in articles}
    assert by_id["a"].publisher == "Mixed Herald"
    assert by_id["a"].published == dt.date(2023, 1, 8)
    assert by_id["b"].publisher == "Mixed Gazette"
    assert by_id["c2"].title == "Qatar mediates"  # folder metadata matched by id
    assert by_id["d"].source == str(READER / "mixed" / "sub" / "d.txt")
    assert all("must not be read" not in a.text for a in articles)


def test_several_paths_keep_their_order() -> None:
    ids = [a.id for a in read_articles([READER / "plain.txt", str(READER / "meta_csv")])]
    assert ids == ["plain", "gamma"]


def test_reading_is_streamed(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Chile signed the declaration.")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01")
    stream = read_articles([tmp_path])
    assert next(stream).id == "a"  # the broken file is only read when reached
    with pytest.raises(KgError, match="b.txt: binary file"):
        next(stream)


def test_bom_is_dropped_and_offsets_start_after_it(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff---\ntitle: With BOM\n---\nPeru voted yes.".encode())
    article = read_article(path)
    assert article.text == "Peru voted yes."
    assert article.title == "With BOM"


def test_line_endings_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Ghana voted yes.\r\nREAD MORE: Other news\r\nMali abstained.\r\n")
    article = read_article(path)
    assert article.text == "Ghana voted yes.\r\nREAD MORE: Other news\r\nMali abstained.\r\n"
    assert _masked_lines(article) == ["READ MORE: Other news"]
    assert article.clean_text().count("\r\n") == 3


def test_yaml_datetime_in_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "dated.txt"
    path.write_text("---\npublished: 2019-10-29T10:00:00Z\npublisher: 2019\n---\nText.")
    article = read_article(path)
    assert article.published == dt.date(2019, 10, 29)
    assert article.publisher == "2019"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-10-29", dt.date(2019, 10, 29)),
        ("2019-10-29T10:00:00Z", dt.date(2019, 10, 29)),
        ("2019-10-29 23:30:00+05:00", dt.date(2019, 10, 29)),
        (" 2022-05-23 ", dt.date(2022, 5, 23)),
        (dt.date(2020, 1, 2), dt.date(2020, 1, 2)),
        (dt.datetime(2020, 1, 2, 3, 4), dt.date(2020, 1, 2)),
        ("", None),
    ],
)
def test_parse_date(value: object, expected: dt.date | None) -> None:
    assert parse_date(value, "x") == expected


def test_seed_articles() -> None:
    articles = list(read_articles([SEEDS]))
    assert [(a.id, a.published) for a in articles] == [
        ("000_a255997435942567", dt.date(2019, 10, 29)),
        ("001_558c6190689faa84", dt.date(2022, 5, 29)),
        ("002_7af8d4312234b484", dt.date(2019, 10, 30)),
        ("003_554890cfc37419d6", dt.date(2022, 9, 9)),
        ("004_821d7e5b7504a860", dt.date(2022, 5, 23)),
    ]
    assert articles[3].publisher == "Associated Press"
    assert articles[2].title is None
    for article in articles:
        clean = article.clean_text()
        assert len(clean) == len(article.text)
        for phrase in (
            "READ MORE",
            "Click to play video",
            "Story continues below advertisement",
            "Donate today",
            "Sponsored content",
            "All rights reserved",
            "S&P 500",
            "File photo",
        ):
            assert phrase not in clean, (article.id, phrase)
        for span in article.masked:
            masked = article.text[span.start : span.end]
            assert span.start == 0 or article.text[span.start - 1] == "\n"
            # No quotation or attributed speech is ever masked.
            assert "“" not in masked and " said" not in masked, masked


@pytest.mark.parametrize(
    ("article_id", "sentence"),
    [
        ("000_a255997435942567", "Karen Pierce delivered a joint statement"),
        ("000_a255997435942567", "China’s UN Ambassador Zhang Jun told reporters."),
        ("000_a255997435942567", "China denounced the event."),
        ("001_558c6190689faa84", "China-US divide over UN human rights chief's visit to Xinjiang"),
        ("001_558c6190689faa84", "as a party to the International Covenant on Civil"),
        ("002_7af8d4312234b484", "foreign ministry spokesman Geng Shuang said"),
        ("002_7af8d4312234b484", "internal affairs.”"),
        ("003_554890cfc37419d6", "China’s ambassador in Geneva Chen Xu makes a media statement"),
        ("003_554890cfc37419d6", "chose Austria’s Volker Türk as Bachelet’s successor."),
        ("004_821d7e5b7504a860", "CHINA'S foreign minister met with the UN's top human rights"),
        ("004_821d7e5b7504a860", "jumped out and spared no effort to disrupt"),
    ],
)
def test_seed_body_sentences_stay_unmasked(article_id: str, sentence: str) -> None:
    (article,) = [a for a in read_articles([SEEDS]) if a.id == article_id]
    assert sentence in article.text
    assert sentence in article.clean_text()


# Each row: files to write, the path to read, and the exact one-line message
# ({d} stands for the temporary folder).
BAD_INPUTS = [
    ({}, "nope.txt", "{d}/nope.txt: no such file or folder"),
    ({"empty.txt": b""}, "empty.txt", "{d}/empty.txt: empty file"),
    ({"blank.txt": b" \n\n "}, "blank.txt", "{d}/blank.txt: empty file"),
    (
        {"bin.txt": b"abc\x00def"},
        "bin.txt",
        "{d}/bin.txt: binary file, not text (NUL byte at offset 3)",
    ),
    (
        {"latin.txt": b"caf\xe9 au lait"},
        "latin.txt",
        "{d}/latin.txt: not UTF-8 text (invalid byte 0xe9 at offset 3)",
    ),
    (
        {"doc.pdf": b"%PDF-1.4"},
        "doc.pdf",
        "{d}/doc.pdf: unsupported file type '.pdf' (expected .txt, .html, .htm, .jsonl)",
    ),
    (
        {"fm.txt": b"---\ntitle: [unclosed\n---\nText."},
        "fm.txt",
        "{d}/fm.txt: bad YAML front matter (line 3: expected ',' or ']', but got '<stream end>')",
    ),
    (
        {"fm.txt": b"---\n- a\n- b\n---\nText."},
        "fm.txt",
        "{d}/fm.txt: front matter is not a mapping of fields (got a list)",
    ),
    (
        {"fm.txt": b"---\ntitle: Open\nText."},
        "fm.txt",
        "{d}/fm.txt: front matter opened with '---' but never closed",
    ),
    (
        {"fm.txt": b"---\npublished: next Tuesday\n---\nText."},
        "fm.txt",
        "{d}/fm.txt:2: unknown publication date 'next Tuesday'",
    ),
    (
        {"fm.txt": b"---\ntitle:\n  a: b\n---\nText."},
        "fm.txt",
        "{d}/fm.txt:2: field 'title' must be text, not a mapping",
    ),
    (
        {"fm.txt": b"---\ntitle: Only metadata\n---\n\n"},
        "fm.txt",
        "{d}/fm.txt: empty file (no article text after the front matter)",
    ),
    (
        {"a.txt": b"Text.", "metadata.json": b"{not json"},
        "a.txt",
        "{d}/metadata.json: malformed metadata, not valid JSON"
        " (Expecting property name enclosed in double quotes at line 1)",
    ),
    (
        {"a.txt": b"Text.", "metadata.json": b'{"articles": 3}'},
        "a.txt",
        '{d}/metadata.json: malformed metadata (expected {{"articles": [...]}})',
    ),
    (
        {"a.txt": b"Text.", "metadata.json": b'{"articles": [{"title": "No key"}]}'},
        "a.txt",
        '{d}/metadata.json: malformed metadata (entry 1 has no "file" or "id")',
    ),
    (
        {"a.txt": b"Text.", "metadata.json": b'[{"file": "a.txt", "published": "next Tuesday"}]'},
        "a.txt",
        "{d}/metadata.json: unknown publication date 'next Tuesday' for a.txt",
    ),
    (
        {"a.txt": b"Text.", "metadata.csv": b"name,title\na.txt,T\n"},
        "a.txt",
        '{d}/metadata.csv: malformed metadata (no "file" or "id" column)',
    ),
    (
        {"a.txt": b"Text.", "metadata.csv": b"file,title\na.txt,T,extra\n"},
        "a.txt",
        "{d}/metadata.csv: malformed metadata (line 2 has too many cells)",
    ),
    (
        {"a.txt": b"Text.", "metadata.csv": b"file,published\na.txt,29/10/2019\n"},
        "a.txt",
        "{d}/metadata.csv: unknown publication date '29/10/2019' for a.txt",
    ),
    (
        {"notes.md": b"# notes", "metadata.json": b"{}"},
        "",
        "{d}: no articles found (expected .txt, .html, .htm, .jsonl files)",
    ),
    (
        {"c.jsonl": b'{"id": "x", "text": "Fine."}\n{"id": "y", "text": \n'},
        "c.jsonl",
        "{d}/c.jsonl:2: not valid JSON (Expecting value at column 21)",
    ),
    ({"c.jsonl": b'{"text": "No id."}\n'}, "c.jsonl", '{d}/c.jsonl:1: record has no "id"'),
    (
        {"c.jsonl": b'{"id": "x", "text": ""}\n'},
        "c.jsonl",
        "{d}/c.jsonl:1: record 'x' has no \"text\"",
    ),
    ({"c.jsonl": b"[1, 2]\n"}, "c.jsonl", "{d}/c.jsonl:1: expected a JSON object, got a list"),
    (
        {"c.jsonl": b'{"id": "x", "text": "T.", "published": "soon"}\n'},
        "c.jsonl",
        "{d}/c.jsonl:1: unknown publication date 'soon'",
    ),
    ({"c.jsonl": b"\n\n"}, "c.jsonl", "{d}/c.jsonl: empty file (no JSON lines)"),
    (
        {"c.jsonl": b'{"id": "x", "text": "caf\xe9"}\n'},
        "c.jsonl",
        "{d}/c.jsonl:1: not UTF-8 text (invalid byte 0xe9 at offset 24)",
    ),
    (
        {"p.html": b"<html><head><title>Empty</title></head><body></body></html>"},
        "p.html",
        "{d}/p.html: no article text found in the HTML page",
    ),
    (
        {"a.txt": b"One.", "b.jsonl": b'{"id": "a", "text": "Two."}\n'},
        "",
        "{d}/b.jsonl:1: duplicate article id 'a' (also in {d}/a.txt)",
    ),
]


@pytest.mark.parametrize(("files", "target", "message"), BAD_INPUTS)
def test_bad_input_message(tmp_path: Path, files: dict, target: str, message: str) -> None:
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    with pytest.raises(KgError) as caught:
        list(read_articles([tmp_path / target if target else tmp_path]))
    assert str(caught.value) == message.format(d=tmp_path)
    assert "\n" not in str(caught.value)


def test_huge_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kg.articles, "MAX_BYTES", 1_000_000)
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Words. " * 300_000)
    with pytest.raises(KgError) as caught:
        read_article(path)
    assert (
        str(caught.value)
        == f"{path}: file too large (2,100,000 bytes; the limit is 1,000,000 bytes)"
    )


def test_read_article_refuses_a_folder() -> None:
    with pytest.raises(KgError) as caught:
        read_article(READER / "mixed")
    assert str(caught.value) == (
        f"{READER / 'mixed'}: is a folder; use read_articles to read the articles in it"
    )


def test_read_article_refuses_jsonl() -> None:
    with pytest.raises(KgError, match=r"corpus.jsonl: a .jsonl file holds many articles"):
        read_article(READER / "corpus.jsonl")


# ---------------------------------------------------------------- surveys
def _key(article: Article) -> str:
    return f"{article.id}|{article.text}|{article.published}"


def _jsonl(path: Path, records: list[str]) -> Path:
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    return path


def test_a_survey_finds_what_reading_everything_finds_and_reads_the_same_articles() -> None:
    from kg.articles import read_corpus, survey_corpus

    paths = [READER / "mixed", READER / "corpus.jsonl"]
    corpus, survey = read_corpus(paths), survey_corpus(paths, _key)
    assert survey.count == len(corpus.articles)
    assert (survey.problems, survey.skipped, survey.notes) == (
        corpus.problems, corpus.skipped, corpus.notes,
    )  # fmt: skip
    assert list(survey.articles()) == list(corpus.articles)
    assert list(survey.articles()) == list(corpus.articles)  # read again, as often as asked


def test_a_surveys_digest_does_not_depend_on_the_order_of_the_inputs() -> None:
    from kg.articles import survey_corpus

    one = survey_corpus([READER / "mixed", READER / "corpus.jsonl"], _key)
    other = survey_corpus([READER / "corpus.jsonl", READER / "mixed"], _key)
    assert one.digest == other.digest and one.count == other.count
    fewer = survey_corpus([READER / "mixed"], _key)
    assert fewer.digest != one.digest


def test_an_input_changed_between_the_two_readings_fails_with_one_line(tmp_path: Path) -> None:
    from kg.articles import survey_corpus

    feed = _jsonl(tmp_path / "feed.jsonl", [
        '{"id": "a", "text": "Peru and Chile signed the letter."}',
        '{"id": "b", "text": "Mexico spoke."}',
    ])  # fmt: skip
    survey = survey_corpus([feed], _key)
    _jsonl(feed, [
        '{"id": "a", "text": "Peru and Chile signed the letter."}',
        '{"id": "b", "text": "Mexico spoke on Monday."}',
    ])  # fmt: skip
    with pytest.raises(KgError) as caught:
        list(survey.articles())
    assert str(caught.value) == f"{feed}: the inputs changed while they were read; build again"


def test_a_duplicate_id_left_out_by_the_survey_stays_out_when_read_again(tmp_path: Path) -> None:
    from kg.articles import survey_corpus

    feed = _jsonl(tmp_path / "feed.jsonl", [
        '{"id": "a", "text": "Peru spoke."}',
        '{"id": "a", "text": "Chile spoke."}',
        '{"id": "b", "text": "Mexico spoke."}',
    ])  # fmt: skip
    survey = survey_corpus([feed], _key)
    assert survey.count == 2 and survey.skipped == 1
    assert "duplicate article id 'a'" in survey.problems[0].line
    assert [a.text for a in survey.articles()] == ["Peru spoke.", "Mexico spoke."]


def test_a_bad_line_late_in_a_feed_leaves_out_that_line_only(tmp_path: Path) -> None:
    from kg.articles import survey_corpus

    lines = [f'{{"id": "a{n}", "text": "Peru spoke."}}' for n in range(50)]
    feed = _jsonl(tmp_path / "feed.jsonl", [*lines, "{not json"])
    survey = survey_corpus([feed], _key)
    assert (survey.count, survey.skipped) == (50, 1)
    assert survey.problems[0].line.startswith(f"{feed}:51: not valid JSON")
    assert len(list(survey.articles())) == 50


def test_files_that_are_not_articles_are_named_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Peru spoke.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "draft.docx").write_bytes(b"PK")
    (tmp_path / "metadata.json").write_text('{"articles": []}', encoding="utf-8")
    (tmp_path / ".hidden.pdf").write_bytes(b"%PDF")
    noted: list[str] = []
    articles = list(read_articles([tmp_path], noted.append))
    assert [a.id for a in articles] == ["a"]
    assert noted == [f"{tmp_path}: 2 files skipped, not articles (.docx, .pdf), e.g. notes.pdf"]
