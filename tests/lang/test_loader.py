"""The phrasing loader: languages, the shipped files, and one clear error per malformed file."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

from kg.lang import (
    UnsupportedLanguage,
    lang_files,
    language_code,
    lines,
    read_mapping,
    read_shapes,
    rules_for,
    table,
    words,
)
from kg.model import KgError
from kg.resources import list_entries, table_rows
from tests import lang as lang_tests
from tests.lang.phrasings import COVERED

WORD_LISTS = [f.name for f in lang_files() if f.name.endswith(".txt")]
TABLES = [f.name for f in lang_files() if f.name.endswith((".csv", ".tsv"))]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("en_US", "en"),
        ("EN-us", "en"),
        ("English", "en"),
        ("eng", "en"),
        (None, "en"),
        ("", "en"),
        ("und", "en"),
        ("fr", "fr"),
        ("fr-CA", "fr"),
        ("de_AT", "de"),
    ],
)
def test_language_code(written, code):
    assert language_code(written) == code


@pytest.mark.parametrize("language", ["en", "en-GB", "English", None])
def test_english_in_any_spelling_picks_the_english_rules(language):
    assert rules_for(language).code == "en"


@pytest.mark.parametrize("language", ["fr", "es-MX", "Deutsch", "zh-Hans"])
def test_a_language_without_rules_is_refused_by_name(language):
    with pytest.raises(UnsupportedLanguage) as caught:
        rules_for(language)
    assert str(caught.value) == (
        f"language {language!r} has no extraction rules (rules exist for: en)"
    )


def test_there_are_phrasing_files_of_both_kinds():
    assert len(WORD_LISTS) >= 5 and len(TABLES) >= 5


@pytest.mark.parametrize("name", WORD_LISTS)
def test_every_word_list_loads_without_repeats_or_blanks(name):
    entries = lines(name)
    assert entries and len(set(entries)) == len(entries)
    assert all(entry == entry.strip() and entry for entry in entries)
    assert words(name) == frozenset(entries)


@pytest.mark.parametrize("name", TABLES)
def test_every_table_loads_with_full_rows(name):
    rows = table(name)
    assert rows and len({tuple(row.items()) for row in rows}) == len(rows)
    assert all(None not in row.values() for row in rows)


@pytest.mark.parametrize("name", WORD_LISTS + TABLES)
def test_every_file_opens_with_a_comment(name):
    first = rules_for("en").file(name).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and len(first) > 20


FAMILIES = {
    "reporting frames", "backing frames", "drafting frames", "voting frames", "opposing frames",
    "reacting frames", "stance frames", "list and tally shapes", "names and titles", "referents",
    "dates and events", "page text",
}  # fmt: skip


@pytest.mark.parametrize("name", WORD_LISTS + TABLES)
def test_every_file_names_the_phrasing_family_it_serves(name):
    text = rules_for("en").file(name).read_text(encoding="utf-8")
    header = " ".join(line.lstrip("# ") for line in text.splitlines() if line.startswith("#"))
    families = re.findall(r"Family: ([a-z ]+)\.", header)
    assert len(families) == 1 and families[0] in FAMILIES


def test_every_file_has_a_table_test_of_its_own():
    for module in pkgutil.iter_modules(lang_tests.__path__):
        importlib.import_module(f"{lang_tests.__name__}.{module.name}")
    assert sorted(set(WORD_LISTS + TABLES) - set(COVERED)) == []
    assert sorted(set(COVERED) - set(WORD_LISTS + TABLES)) == []


def test_a_missing_file_is_named():
    with pytest.raises(KgError, match=r"no_such_list\.txt: no such phrasing file"):
        lines("no_such_list.txt")


# --- malformed files: one KgError naming the file and the line -------------------------------


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("v.txt", "# verbs\nsay\ntell\nsay\n", r"v\.txt:4: 'say' is already listed on line 2"),
        ("v.txt", "# only a comment\n\n", r"v\.txt: no entries"),
    ],
)
def test_a_malformed_word_list_is_one_clear_error(tmp_path, name, text, message):
    with pytest.raises(KgError, match=message):
        list_entries(_write(tmp_path, name, text))


def test_a_word_list_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "verbs.txt"
    path.write_bytes(b"# verbs\nd\xe9clarer\n")
    with pytest.raises(KgError, match=r"verbs\.txt: not UTF-8 text"):
        list_entries(path)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("t.csv", "# t\nlemma,kind\nstatement,joint statement,extra\n", r"t\.csv:3: 3 fields"),
        ("t.csv", "# t\nlemma,kind\nletter\n", r"t\.csv:3: 1 fields where the header has 2"),
        ("t.csv", "lemma,kind\nletter,x\nletter,x\n", r"t\.csv:3: the same row as line 2"),
        ("t.csv", "lemma,lemma\nletter,letter\n", r"t\.csv:1: column names must be distinct"),
        ("t.csv", "# t\nlemma,kind\n", r"t\.csv: no rows under the header"),
        ("t.tsv", "# t\n", r"t\.tsv: no header row"),
    ],
)
def test_a_malformed_table_is_one_clear_error(tmp_path, name, text, message):
    with pytest.raises(KgError, match=message):
        table_rows(_write(tmp_path, name, text))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("word,days\nyesterday,-1\ntoday,0\nyesterday,-2\n", r"m\.csv:4: 'yesterday' is already"),
        ("word,days\nyesterday,one\n", r"m\.csv:2: 'one' is not a valid days"),
        ("word,shift\nyesterday,-1\n", r"m\.csv: needs the columns word, days"),
    ],
)
def test_a_malformed_mapping_is_one_clear_error(tmp_path, text, message):
    with pytest.raises(KgError, match=message):
        read_mapping(_write(tmp_path, "m.csv", text), "word", "days", int)


def test_a_mapping_keeps_file_order_and_converts(tmp_path):
    path = _write(tmp_path, "m.csv", "# shifts\nword,days\ntomorrow,1\nyesterday,-1\n")
    assert list(read_mapping(path, "word", "days", int).items()) == [
        ("tomorrow", 1),
        ("yesterday", -1),
    ]


def test_shapes_name_earlier_rows_and_given_fragments(tmp_path):
    text = "name\tpattern\nside\t(?:for|against)\nvote\t(?i)voted {side} by {number}\n"
    found = read_shapes(_write(tmp_path, "s.tsv", text), {"number": r"\d+"})
    assert found["vote"].pattern == r"(?i)voted (?:for|against) by \d+"
    assert found["vote"].search("They Voted against by 12")
    assert found["side"].pattern == "(?:for|against)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name\tpattern\nvote\tvoted (\n", r"s\.tsv:2: not a regular expression"),
        ("name\tpattern\nvote\tvoted {side}\n", r"s\.tsv:2: \{side\} names no earlier shape"),
        ("name\tpattern\nnumber\t\\d+\n", r"s\.tsv:2: the name 'number' is already taken"),
        ("word\tpattern\nvote\tvoted\n", r"s\.tsv: needs the columns name, pattern"),
    ],
)
def test_a_malformed_shapes_table_is_one_clear_error(tmp_path, text, message):
    with pytest.raises(KgError, match=message):
        read_shapes(_write(tmp_path, "s.tsv", text), {"number": r"\d+"})


def test_a_quantifier_is_not_a_reference(tmp_path):
    found = read_shapes(_write(tmp_path, "s.tsv", "name\tpattern\nyear\t\\d{4}\n"), {})
    assert found["year"].fullmatch("2024")
