"""Query rows as JSON and CSV text: the same text as writing all rows at once."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kg.results import csv_text, json_text

VARIABLES = ["name", "note"]
ROWS = [
    ["Genève", None],
    ['a "quoted", comma', "two\nlines"],
    ["", "tab\there"],
]


@pytest.mark.parametrize("rows", [ROWS, ROWS[:1], []])
def test_json_text_is_json_dumps_of_the_records(rows):
    records = [dict(zip(VARIABLES, row, strict=True)) for row in rows]
    expected = json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    assert "".join(json_text(VARIABLES, iter(rows))) == expected


@pytest.mark.parametrize("rows", [ROWS, []])
def test_csv_text_is_a_header_then_every_row(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=VARIABLES, lineterminator="\n")
    writer.writeheader()
    writer.writerows(dict(zip(VARIABLES, row, strict=True)) for row in rows)
    assert "".join(csv_text(VARIABLES, iter(rows))) == buffer.getvalue()


def test_rows_are_written_as_they_come():
    def rows():
        yield ROWS[0]
        raise AssertionError("read past the first row before writing it")

    pieces = csv_text(VARIABLES, rows())
    assert next(pieces) == "name,note\n"
    assert next(pieces) == "Genève,\n"


@pytest.mark.parametrize("write", [json_text, csv_text])
def test_every_piece_ends_a_line(write):
    """A message after a stream cut short then starts on a line of its own."""
    assert all(piece.endswith("\n") for piece in write(VARIABLES, iter(ROWS)))
