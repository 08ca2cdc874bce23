"""Parsing and extraction on several processes: `kg build --workers N`.

Each article is parsed and extracted on its own, so articles can be shared out
among processes and their extractions gathered back; resolving and writing stay
in the calling process. The result is the serial build's exactly: extraction
depends on nothing but the article, and the build sorts extractions by id.

Workers start from a fresh interpreter (the forkserver, or spawn where there is
none), not as forks of the caller, so they never inherit its open files (the
build lock) or threads. Each loads the spaCy model once.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor

from kg.model import Article, Extraction

CHUNK = 4  # articles per task: enough to keep spaCy's batches useful, few enough to share out


def extract_in_workers(
    articles: list[Article], workers: int, on_warning: Callable[[str], None]
) -> Iterator[Extraction]:
    """Extractions of `articles`, made by `workers` processes, in the order given."""
    chunks = [articles[i : i + CHUNK] for i in range(0, len(articles), CHUNK)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        for extractions, warned in pool.map(extract_chunk, chunks):
            for line in warned:
                on_warning(line)
            yield from extractions


def extract_chunk(articles: list[Article]) -> tuple[list[Extraction], list[str]]:
    """Parse and extract a few articles in a worker; the warnings travel back with them."""
    from kg.extract import extract_article
    from kg.nlp import parse_articles

    warned: list[str] = []
    extractions = [extract_article(a, doc) for a, doc in parse_articles(articles, warned.append)]
    return extractions, warned


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
