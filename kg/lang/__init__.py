"""Phrasings by language: the word lists, tables and cue shapes the extractors read.

Each language with rules has a folder kg/lang/<code>/ (English: kg/lang/en/) and
a row in kg/lang/languages.csv. Every language-specific file is read through this
module, so a malformed one is a single KgError naming the file and the line.
Word lists and tables follow the format of kg/resources.py; a shapes table
(columns name and pattern) holds regular expressions, and a pattern may name an
earlier row, or a fragment the code supplies, in braces ("{number}").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import TypeVar

from kg.model import KgError
from kg.resources import (
    LANG,
    DataFile,
    Row,
    list_entries,
    numbered_rows,
    package_file,
    package_files,
    table_rows,
)

ENGLISH = "en"
LANGUAGES_FILE = "languages.csv"
UNDETERMINED = "und"  # the BCP 47 tag for "language not known": read like a missing one
FRAGMENT_NAME = re.compile(r"\{([a-z_]+)\}")  # "{number}" in a shape

Value = TypeVar("Value")


class UnsupportedLanguage(KgError):
    """An article in a language no rule set is written for."""


@dataclass(frozen=True)
class Rules:
    """The rule set of one language: the folder its phrasing files are in."""

    code: str

    def file(self, name: str) -> Traversable:
        found = package_file(f"{LANG}/{self.code}", name)
        if not found.is_file():
            raise KgError(f"{found}: no such phrasing file for language {self.code!r}")
        return found

    def files(self) -> list[Traversable]:
        """Every phrasing file of the language, sorted by name."""
        return package_files(f"{LANG}/{self.code}")


# --- which rule set an article's language picks ---------------------------------------------


@lru_cache(maxsize=1)
def _spellings() -> Mapping[str, str]:
    """Every accepted spelling of a supported language (case folded) -> its code."""
    spelled = {}
    for row in table_rows(package_file(LANG, LANGUAGES_FILE)):
        code = row["code"].casefold()
        for name in [code, *row["names"].split("|")]:
            spelled[name.strip().casefold()] = code
    return MappingProxyType(spelled)


def supported_languages() -> tuple[str, ...]:
    return tuple(sorted(set(_spellings().values())))


def language_code(language: str | None) -> str:
    """The code of a language as metadata writes it: "en-GB", "en_US", "English" -> "en".

    No language at all is English, the language of the news this tool was made for.
    A language without rules keeps its primary tag ("fr-CA" -> "fr").
    """
    spelled = (language or "").strip().casefold().replace("_", "-")
    if spelled in ("", UNDETERMINED):
        return ENGLISH
    primary = spelled.split("-")[0]
    return _spellings().get(spelled) or _spellings().get(primary) or primary


def rules_for(language: str | None) -> Rules:
    """The rule set for a language; UnsupportedLanguage when none is written for it."""
    code = language_code(language)
    if code not in supported_languages():
        raise UnsupportedLanguage(
            f"language {language!r} has no extraction rules "
            f"(rules exist for: {', '.join(supported_languages())})"
        )
    return Rules(code)


# --- reading the phrasing files of a language, cached ---------------------------------------


def lang_file(name: str, language: str = ENGLISH) -> Traversable:
    return rules_for(language).file(name)


def lang_files(language: str = ENGLISH) -> list[Traversable]:
    return rules_for(language).files()


@cache
def lines(name: str, language: str = ENGLISH) -> tuple[str, ...]:
    """A word list in file order, for lists whose order matters (alternations, weekdays)."""
    return list_entries(lang_file(name, language))


@cache
def words(name: str, language: str = ENGLISH) -> frozenset[str]:
    return frozenset(lines(name, language))


@cache
def table(name: str, language: str = ENGLISH) -> tuple[Row, ...]:
    return table_rows(lang_file(name, language))


def mapping(
    name: str,
    key: str,
    value: str,
    convert: Callable[[str], Value],
    language: str = ENGLISH,
) -> dict[str, Value]:
    """One column of a table keyed by another, converted, in file order."""
    return read_mapping(lang_file(name, language), key, value, convert)


@cache
def shapes(name: str, language: str = ENGLISH, **fragments: str) -> Mapping[str, re.Pattern[str]]:
    """The compiled patterns of a shapes table by name; `fragments` fill their "{name}"s."""
    return MappingProxyType(read_shapes(lang_file(name, language), fragments))


# --- the formats built on tables ------------------------------------------------------------


def read_mapping(
    path: DataFile, key: str, value: str, convert: Callable[[str], Value]
) -> dict[str, Value]:
    """One column of a table keyed by another; a key may not repeat."""
    found: dict[str, Value] = {}
    lines_of: dict[str, int] = {}
    for number, row in numbered_rows(path):
        _need_columns(path, row, key, value)
        name = row[key]
        if name in found:
            raise KgError(f"{path}:{number}: {name!r} is already given on line {lines_of[name]}")
        try:
            found[name] = convert(row[value])
        except ValueError:
            raise KgError(f"{path}:{number}: {row[value]!r} is not a valid {value}") from None
        lines_of[name] = number
    return found


def read_shapes(path: DataFile, fragments: Mapping[str, str]) -> dict[str, re.Pattern[str]]:
    """Named regular expressions; "{name}" stands for an earlier row or a given fragment."""
    known = dict(fragments)
    compiled = {}
    for number, row in numbered_rows(path):
        _need_columns(path, row, "name", "pattern")
        name, where = row["name"], f"{path}:{number}"
        if name in known:
            raise KgError(f"{where}: the name {name!r} is already taken")
        known[name] = _expand(row["pattern"], known, where)
        try:
            compiled[name] = re.compile(known[name])
        except re.error as exc:
            raise KgError(f"{where}: not a regular expression ({exc})") from None
    return compiled


def _need_columns(path: DataFile, row: Row, *columns: str) -> None:
    if not all(column in row for column in columns):
        raise KgError(f"{path}: needs the columns {', '.join(columns)}")


def _expand(pattern: str, known: Mapping[str, str], where: str) -> str:
    def named(match: re.Match[str]) -> str:
        if match.group(1) not in known:
            raise KgError(f"{where}: {{{match.group(1)}}} names no earlier shape or fragment")
        return known[match.group(1)]

    return FRAGMENT_NAME.sub(named, pattern)
