"""A query's answer in the W3C SPARQL 1.1 results formats (JSON, CSV, TSV), written piece
by piece as the rows come, so an answer of any size streams.

JSON keeps each value's type: an IRI, a blank node, or a literal with its datatype
or language. CSV gives the bare values; TSV gives each term as Turtle writes it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence

from kg.sparql import Term

Row = Sequence[Term | None]


def json_results(variables: list[str], rows: Iterable[Row]) -> Iterator[str]:
    """application/sparql-results+json, one binding per line; every piece ends a line, so a
    message after a stream cut short starts on a line of its own."""
    yield '{"head": {"vars": ' + json.dumps(variables) + '}, "results": {"bindings": [\n'
    lead = "  "  # then ", ": the comma opens the next binding's line, so each is sent whole
    for row in rows:
        binding = {v: term.json() for v, term in zip(variables, row, strict=True) if term}
        yield lead + json.dumps(binding, ensure_ascii=False) + "\n"
        lead = ", "
    yield "]}}\n"


def json_boolean(value: bool) -> str:
    return json.dumps({"head": {}, "boolean": value}) + "\n"


def csv_results(variables: list[str], rows: Iterable[Row]) -> Iterator[str]:
    """text/csv as the W3C defines it: a header of names, lines ending CRLF, bare values
    (an IRI as it is, a literal's text, a blank node as _:name), an unbound one empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    yield _taken(buffer)
    for row in rows:
        writer.writerow([_bare(term) for term in row])
        yield _taken(buffer)


def tsv_results(variables: list[str], rows: Iterable[Row]) -> Iterator[str]:
    """text/tab-separated-values: a header of ?names, then each term as Turtle writes it."""
    yield "\t".join(f"?{v}" for v in variables) + "\n"
    for row in rows:
        yield "\t".join(term.nt() if term else "" for term in row) + "\n"


def _bare(term: Term | None) -> str:
    if term is None:
        return ""
    return f"_:{term.value}" if term.kind == "bnode" else term.value


def _taken(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
