"""The data files the package reads at run time, found wherever it is installed, and their formats.

Phrasings by language (kg/lang/, read through kg.lang), reference tables, the
ontology with its shapes and competency queries, and the HTML templates all ship
inside the `kg` package; they are reached through importlib.resources, never
through the working directory or the layout of a source checkout.

Word lists and tables share one format, all UTF-8, blank lines and lines
starting with "#" ignored: a word list has one entry a line, never one twice; a
table (.csv, or .tsv for regular expressions) has a header row, then rows of
exactly as many fields, never one twice. A file that breaks the format is one
KgError naming the file and the line.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType

from kg.model import KgError

LANG = "lang"
REFERENCE = "reference"
ONTOLOGY = "ontology"
QUERIES = "ontology/queries"
TEMPLATES = "templates"

Row = Mapping[str, str]
DataFile = Traversable | Path


def package_file(folder: str, name: str) -> Traversable:
    """One shipped file, e.g. package_file(REFERENCE, "countries.csv")."""
    return files("kg").joinpath(*folder.split("/"), name)


def package_files(folder: str) -> list[Traversable]:
    """Every file of a shipped folder, sorted by name."""
    found = files("kg").joinpath(*folder.split("/")).iterdir()
    return sorted((entry for entry in found if entry.is_file()), key=lambda entry: entry.name)


def read_text(folder: str, name: str) -> str:
    return package_file(folder, name).read_text(encoding="utf-8")


def read_table(folder: str, name: str) -> tuple[Row, ...]:
    """The rows of a shipped table, e.g. read_table(REFERENCE, "groups.csv")."""
    return table_rows(package_file(folder, name))


def data_lines(path: DataFile) -> list[tuple[int, str]]:
    """(line number, line without its line break) of every line that carries data."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise KgError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    numbered = enumerate(text.split("\n"), start=1)
    return [(n, line.rstrip("\r")) for n, line in numbered if line.strip() and line[0] != "#"]


def list_entries(path: DataFile) -> tuple[str, ...]:
    """The entries of a word list, in file order."""
    entries: dict[str, int] = {}
    for number, line in data_lines(path):
        entry = line.strip()
        if entry in entries:
            raise KgError(f"{path}:{number}: {entry!r} is already listed on line {entries[entry]}")
        entries[entry] = number
    if not entries:
        raise KgError(f"{path}: no entries")
    return tuple(entries)


def table_rows(path: DataFile) -> tuple[Row, ...]:
    return tuple(row for _, row in numbered_rows(path))


def numbered_rows(path: DataFile) -> tuple[tuple[int, Row], ...]:
    """(line number, row) of a table, every row checked against the header."""
    lines = data_lines(path)
    if not lines:
        raise KgError(f"{path}: no header row")
    parsed = csv.reader((line for _, line in lines), **_dialect(path))
    (header_line, columns), *records = [
        (number, values) for (number, _), values in zip(lines, parsed, strict=True)
    ]
    if len(set(columns)) != len(columns) or not all(columns):
        raise KgError(f"{path}:{header_line}: column names must be distinct and not empty")
    rows: dict[tuple[str, ...], int] = {}
    for number, values in records:
        if len(values) != len(columns):
            raise KgError(
                f"{path}:{number}: {len(values)} fields where the header has {len(columns)} "
                f"({', '.join(columns)})"
            )
        if tuple(values) in rows:
            raise KgError(f"{path}:{number}: the same row as line {rows[tuple(values)]}")
        rows[tuple(values)] = number
    if not rows:
        raise KgError(f"{path}: no rows under the header")
    return tuple(
        (number, MappingProxyType(dict(zip(columns, values, strict=True))))
        for values, number in rows.items()
    )


def _dialect(path: DataFile) -> dict:
    # Tab-separated tables hold regular expressions: a quote mark in one is data.
    if path.name.endswith(".tsv"):
        return {"delimiter": "\t", "quoting": csv.QUOTE_NONE}
    return {"delimiter": ","}
