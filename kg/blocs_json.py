"""What `kg blocs --format json` writes, field by field: the reference page
docs/blocs-json.md, written from the table reference/blocs_json_fields.tsv with
examples from the shipped corpus."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import NamedTuple

from kg.markdown import clipped, table_cell
from kg.resources import REFERENCE, read_table

ISO3_KEYS = ("countries", "blocs[].stance", "countries.<ISO3>.stance")  # keyed by country
EXAMPLE_CHARS = 70


class Field(NamedTuple):
    path: str  # "[]" for each element of an array, "<ISO3>" for each key that is a country
    types: tuple[str, ...]  # JSON types: string, integer, number, boolean, null, array, object
    meaning: str
    example: object = None  # shown when the shipped corpus has no value there


def _fields() -> tuple[Field, ...]:
    return tuple(
        Field(
            row["path"],
            tuple(row["types"].split("|")),
            row["meaning"],
            json.loads(row["example"]) if row["example"] else None,
        )
        for row in read_table(REFERENCE, "blocs_json_fields.tsv")
    )


FIELDS = _fields()


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    for kind, name in ((int, "integer"), (float, "number"), (str, "string"), (list, "array")):
        if isinstance(value, kind):
            return name
    return "object"


def walk(value: object, path: str = "") -> Iterator[tuple[str, object]]:
    """Every (path, value) under `value`, paths written as FIELDS writes them."""
    if isinstance(value, dict):
        for key, inner in value.items():
            name = "<ISO3>" if path in ISO3_KEYS else key
            yield from _visit(f"{path}.{name}" if path else name, inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _visit(f"{path}[]", inner)


def _visit(path: str, value: object) -> Iterator[tuple[str, object]]:
    yield path, value
    yield from walk(value, path)


def reference(corpus_json: dict) -> str:
    """docs/blocs-json.md: each field's type, meaning and an example from `corpus_json`."""
    found: dict[str, object] = {}
    for path, value in walk(corpus_json):
        found.setdefault(path, value)
    lines = [
        "# The bloc report as JSON",
        "",
        "`kg blocs --format json` (and `kg.blocs.to_json` in Python) writes one object.",
        "Written by `python -m kg.docs`; each example is the first value at that place in",
        "the report on the shipped corpus, or, where it has none, an illustration (marked",
        "*). `[]` stands for each element of an array, `<ISO3>` for each key that is a",
        "country's ISO3 code. A number is a JSON number; `null` is written where a",
        "value is missing.",
        "",
        "| field | type | meaning | example |",
        "|---|---|---|---|",
    ]
    for field in FIELDS:
        types = " or ".join(field.types)
        lines.append(f"| `{field.path}` | {types} | {field.meaning} | {_cell(field, found)} |")
    return "\n".join(lines) + "\n"


def _cell(field: Field, found: dict[str, object]) -> str:
    """The corpus's first value at the field, else the field's own illustration, marked."""
    if field.path in found:
        return _example(found[field.path])
    return _example(field.example) + " *"


def _example(value: object) -> str:
    text = clipped(json.dumps(value, sort_keys=True, ensure_ascii=False), EXAMPLE_CHARS)
    return "`" + table_cell(text) + "`"
