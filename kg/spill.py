"""Extractions kept on disk while a build runs, so an archive is never held in memory.

A build resolves nodes across every article before it can write any article's
graph. What resolution reads of an extraction is small (who backed what, names,
quoted words, dates); what the writer reads is the whole of it (the text, every
offset and evidence span). Each extraction is written to one file as soon as it is
made, the build holds only what resolution reads (`for_resolution`), and the
writer reads the extractions back one at a time.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from kg.model import Article, Extraction, Span

# What resolution never reads is replaced by one shared value: offsets of evidence,
# cue words and date expressions, and everything of the article but its identity.
NOWHERE = Span(0, 0)


def for_resolution(extraction: Extraction) -> Extraction:
    """The extraction as resolution reads it: its mentions' identities and node facts,
    without the article's text and metadata or the spans only an article's graph shows.

    kg.resolve reads nothing else, so it groups these exactly as the full extractions
    (a test resolves both ways).
    """
    article = extraction.article
    return Extraction(
        article=Article(id=article.id, text="", source=article.source),
        statements=[
            replace(
                m,
                positions=tuple(replace(p, evidence=NOWHERE, rule="") for p in m.positions),
                groups=tuple(replace(g, evidence=NOWHERE, rule="") for g in m.groups),
                date=_undated_span(m.date),
            )
            for m in extraction.statements
        ],
        officials=[replace(m, span=NOWHERE) for m in extraction.officials],
        organizations=[replace(o, span=None) for o in extraction.organizations],
        quotes=[replace(q, cue=None) for q in extraction.quotes],
        events=[replace(e, date=_undated_span(e.date)) for e in extraction.events],
    )


def _undated_span(date):
    return None if date is None else replace(date, span=None)


class ExtractionSpill:
    """Extractions appended to one file as they are made, read back by article id.

    The file lives in a temporary folder under `folder` (a build puts it among its
    export sets, where a killed build's leftovers are cleaned) and goes with it on close.
    """

    def __init__(self, folder: Path) -> None:
        # a build's new set cleans its folder of leftovers, this one included
        self._folder = tempfile.TemporaryDirectory(
            prefix="spill-", dir=folder, ignore_cleanup_errors=True
        )
        self._file = open(Path(self._folder.name) / "extractions.pickle", "w+b")  # noqa: SIM115
        self._where: dict[str, tuple[int, int]] = {}  # article id -> offset, size
        self._end = 0

    def keep(self, extraction: Extraction) -> Extraction:
        """Write the whole extraction (less its country mentions, which only the
        extractors read); what resolution needs of it is returned to be held."""
        data = pickle.dumps(replace(extraction, countries=[]), pickle.HIGHEST_PROTOCOL)
        self._file.seek(self._end)
        self._file.write(data)
        self._where[extraction.article.id] = (self._end, len(data))
        self._end += len(data)
        return for_resolution(extraction)

    def __len__(self) -> int:
        return len(self._where)

    def read(self, article_id: str) -> Extraction:
        offset, size = self._where[article_id]
        self._file.seek(offset)
        return pickle.loads(self._file.read(size))

    def in_order(self) -> Iterator[Extraction]:
        """Every extraction kept, whole, by article id: one in memory at a time."""
        self._file.flush()
        for article_id in sorted(self._where):
            yield self.read(article_id)

    def close(self) -> None:
        self._file.close()
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
