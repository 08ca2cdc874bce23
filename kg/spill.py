"""Extractions kept on disk while a build runs, so an archive is never held in memory.

A build resolves nodes across every article before it can write any article's
graph. Each extraction is written to one file as soon as it is made; resolution
reads them back one at a time in article-id order (kg.resolve.resolve_in_order),
and so does the writer. Where each one is, is filed in a scratch SQLite file
beside it (kg.shelf), which the resolution's nodes share.
"""

from __future__ import annotations

import pickle
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from kg.exports import refused_as_user_error
from kg.model import Extraction, KgError
from kg.shelf import Shelf, Shelves, refused_by_disk

HELD_PLACES = 256  # places of extractions held in memory; the rest are in the scratch file


class ExtractionSpill:
    """Extractions appended to one file as they are made, read back by article id.

    The file lives in a temporary folder under `folder` (a build puts it among its
    export sets, where a killed build's leftovers are cleaned) and goes with it on close.
    """

    def __init__(self, folder: Path) -> None:
        # a build's new set cleans its folder of leftovers, this one included
        with refused_as_user_error(folder):
            self._folder = tempfile.TemporaryDirectory(
                prefix="spill-", dir=folder, ignore_cleanup_errors=True
            )
            here = Path(self._folder.name)
            self._file = open(here / "extractions.pickle", "w+b")  # noqa: SIM115
            self.shelves = Shelves(here / "scratch.sqlite")
        self._where: Shelf[tuple[int, int]] = self.shelves.shelf("spilled", HELD_PLACES)
        self._end = 0
        self._clash: str | None = None  # the first article whose id was already kept

    def keep(self, extraction: Extraction) -> None:
        """Write the whole extraction, less its country mentions (only the extractors
        read them)."""
        article = extraction.article
        if article.id in self._where and self._clash is None:
            earlier = self.read(article.id).article.source
            self._clash = f"{article.source}: article id {article.id!r} already used by {earlier}"
        data = pickle.dumps(replace(extraction, countries=[]), pickle.HIGHEST_PROTOCOL)
        with refused_as_user_error(Path(self._folder.name)):
            self._file.seek(self._end)
            self._file.write(data)
        if article.id not in self._where:
            with refused_as_user_error(Path(self._folder.name)):
                self._where.add(article.id, (self._end, len(data)))
        self._end += len(data)

    def check_unique(self) -> None:
        """Fail when two articles kept had the same id, naming both."""
        if self._clash is not None:
            raise KgError(self._clash)

    def ids(self) -> set[str]:
        return set(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def read(self, article_id: str) -> Extraction:
        offset, size = self._where[article_id]
        self._file.flush()
        self._file.seek(offset)
        return pickle.loads(self._file.read(size))

    def in_order(self) -> Iterator[Extraction]:
        """Every extraction kept, whole, by article id: one in memory at a time."""
        for article_id in self._where:
            yield self.read(article_id)

    @contextmanager
    def refusals(self) -> Iterator[None]:
        """A disk that refuses the scratch file (full, gone read-only) is one line naming
        the folder, as for the spill itself."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            if not refused_by_disk(exc):
                raise
            raise KgError(f"{self._folder.name}: cannot write here: {exc}") from exc

    def close(self) -> None:
        self._file.close()
        self.shelves.close()
        self._folder.cleanup()

    def __enter__(self) -> ExtractionSpill:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
