"""Graph files by their suffix, read into a pyoxigraph store: what every command that
reads an export needs, without rdflib (so such a command starts fast)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.model import KgError

FORMATS = {
    ".ttl": ("turtle", ox.RdfFormat.TURTLE),
    ".trig": ("trig", ox.RdfFormat.TRIG),
    ".nq": ("nquads", ox.RdfFormat.N_QUADS),
    ".nt": ("nt", ox.RdfFormat.N_TRIPLES),
}


def format_of(path: Path) -> tuple[str, ox.RdfFormat]:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        suffix = path.suffix or "(none)"
        raise KgError(f"{path}: unknown RDF file type {suffix!r}; use {known}") from None


def oxigraph_store(path: str | Path) -> ox.Store:
    """An in-memory pyoxigraph store holding the file: fast SPARQL on large graphs."""
    path = Path(path)
    if not path.is_file():
        raise KgError(f"{path}: no such graph file (run `kg build` first)")
    _, fmt = format_of(path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise KgError(f"{path}: not a readable graph ({first_line(exc)})") from exc
    return store


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
