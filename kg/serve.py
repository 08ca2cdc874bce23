"""`kg serve`: an export as a read-only SPARQL endpoint, with Oxigraph's server.

The export is bulk-loaded into an on-disk Oxigraph store beside it (once, and again
whenever the export changes), then the `oxigraph` server serves that store
read-only: SPARQL 1.1 protocol at /query, its query page at /. Queries see every
graph of the TriG export as one default graph, and its named graphs with GRAPH.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.model import KgError
from kg.rdf_files import FORMATS

STAMP = "loaded-from.json"  # what the store was loaded from: path, size, modification time


@dataclass(frozen=True)
class Endpoint:
    store: Path
    host: str
    port: int

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"


def server_program() -> str:
    """The `oxigraph` server installed with the package, or one on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        raise KgError("kg serve needs the Oxigraph server: pip install oxigraph")
    return found


def default_store(graph: Path) -> Path:
    return graph.parent / ".kg-store"


def built_store(graph: Path) -> Path | None:
    """The Oxigraph store `kg build` wrote beside the export in its set, if `graph` is a
    build's output: served as it is, with nothing to load."""
    if not graph.is_symlink():
        return None
    store = graph.resolve().parent / "store"
    return store if (store / "CURRENT").is_file() else None


def source_of(graph: Path) -> Path:
    """The export to load: the TriG beside a Turtle export (its named graphs keep each
    article's provenance), else the file itself."""
    trig = graph.with_suffix(".trig")
    return trig if graph.suffix.lower() == ".ttl" and trig.exists() else graph


def ready_store(graph: Path, store: Path) -> Path:
    """The store holding `graph`, loaded anew when the export changed since it was loaded.

    A fresh store is loaded in a folder beside the old one and renamed into place, so a
    server already reading the old store is never handed a half-loaded one.
    """
    source = source_of(graph)
    if not source.is_file():
        raise KgError(f"{graph}: no such graph file (run `kg build` first)")
    stamp = _stamp(source)
    if (store / STAMP).is_file() and json.loads((store / STAMP).read_text()) == stamp:
        return store
    store.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{store.name}.", dir=store.parent))
    try:
        _load(source, fresh)
        (fresh / STAMP).write_text(json.dumps(stamp))
        old = None
        if store.exists():
            old = store.with_name(f"{store.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            store.rename(old)
        fresh.rename(store)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return store


def _stamp(source: Path) -> dict:
    info = source.stat()
    return {"path": str(source.resolve()), "size": info.st_size, "mtime_ns": info.st_mtime_ns}


def _load(source: Path, folder: Path) -> None:
    try:
        _, fmt = FORMATS[source.suffix.lower()]
    except KeyError:
        raise KgError(f"{source}: unknown RDF file type {source.suffix!r}") from None
    store = ox.Store(str(folder))
    try:
        store.bulk_load(path=str(source), format=fmt)
        store.flush()
    except (SyntaxError, ValueError, OSError) as exc:
        raise KgError(f"{source}: cannot be loaded ({exc})") from None
    finally:
        del store


def command(endpoint: Endpoint, timeout: float) -> list[str]:
    return [
        server_program(),
        "serve-read-only",
        "--location", str(endpoint.store),
        "--bind", f"{endpoint.host}:{endpoint.port}",
        "--union-default-graph",
        "--timeout-s", str(max(1, round(timeout))),
    ]  # fmt: skip


def serve(endpoint: Endpoint, timeout: float) -> int:
    """Run the server until it stops or the user interrupts it; its exit status."""
    server = subprocess.Popen(command(endpoint, timeout))
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait()
        return 0


def check_port(endpoint: Endpoint) -> None:
    """One line now rather than the server's own error once it starts."""
    import socket

    family = socket.AF_INET6 if ":" in endpoint.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((endpoint.host, endpoint.port))
        except OSError as exc:
            raise KgError(
                f"cannot listen on {endpoint.host}:{endpoint.port} ({exc.strerror}); "
                "choose another --port or --host"
            ) from None
