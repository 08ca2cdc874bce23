"""Query rows as JSON or CSV text, written piece by piece as the rows come."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Iterable, Iterator, Sequence

Row = Sequence[str | None]


def json_text(variables: list[str], rows: Iterable[Row]) -> Iterator[str]:
    """One JSON array of objects: the same text json.dumps(records, indent=2) gives.

    Every piece ends a line, so a message after a stream cut short starts on a
    line of its own.
    """
    held = None  # the last record, written once what follows it is known
    for row in rows:
        yield "[\n" if held is None else held + ",\n"
        record = dict(zip(variables, row, strict=True))
        held = textwrap.indent(json.dumps(record, indent=2, ensure_ascii=False), "  ")
    yield "[]\n" if held is None else held + "\n]\n"


def csv_text(variables: list[str], rows: Iterable[Row]) -> Iterator[str]:
    """A header line, then one line per row (an unbound variable is an empty cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(variables)
    yield _taken(buffer)
    for row in rows:
        writer.writerow(row)
        yield _taken(buffer)


def _taken(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
