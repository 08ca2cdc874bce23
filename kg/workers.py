"""Parsing and extraction on several processes (`kg build --workers N`) or machines
(`kg build --engine dask`).

Each article is parsed and extracted on its own, so articles can be shared out
among processes and their extractions gathered back; resolving and writing stay
in the calling process. The result is the serial build's exactly: extraction
depends on nothing but the article, and the build sorts extractions by id.

Workers start from a fresh interpreter (the forkserver, or spawn where there is
none), not as forks of the caller, so they never inherit its open files (the
build lock) or threads. Each loads the spaCy model once, as it starts: a build that
will parse every article starts them before it reads its inputs (`Parallelism.starting`),
so the model loads while the articles are read.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace

from kg.model import Article, Extraction, KgError

CHUNK = 16  # articles per task while there are plenty: spaCy parses them as one batch
LAST_CHUNK = 4  # the smallest task, near the end, so the workers finish together
TASKS_AHEAD = 3  # tasks per worker sent before the first extractions are taken back
ENGINES = ("local", "dask")


@dataclass(frozen=True)
class Parallelism:
    """Where articles are parsed: `workers` local processes, or a Dask cluster."""

    workers: int = 1
    engine: str = "local"
    scheduler: str | None = None  # a Dask scheduler's address; None starts a LocalCluster
    pool: ProcessPoolExecutor | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise KgError(f"unknown engine {self.engine!r} (expected one of {', '.join(ENGINES)})")
        if self.scheduler is not None and self.engine != "dask":
            raise KgError("--scheduler names a Dask cluster: use it with --engine dask")

    @property
    def serial(self) -> bool:
        return self.engine == "local" and self.workers <= 1

    @property
    def started(self) -> bool:
        """Whether the workers are up already (`starting`), their model loaded or loading."""
        return self.pool is not None

    @contextmanager
    def starting(self) -> Iterator[Parallelism]:
        """This parallelism with its local workers started now, each loading the model
        while the caller does other work; they stop at the end of the block. A serial or
        Dask parallelism is given back as it is."""
        if self.serial or self.engine != "local" or self.pool is not None:
            yield self
            return
        with _pool(self.workers) as pool:
            for _ in range(self.workers):
                pool.submit(int)  # each task starts one more worker, up to `workers`
            yield replace(self, pool=pool)

    def extract(
        self, articles: Iterable[Article], on_warning: Callable[[str], None]
    ) -> Iterable[Extraction]:
        if self.engine == "dask":
            return extract_on_dask(articles, on_warning, self.scheduler, max(self.workers, 1))
        return extract_in_workers(articles, self.workers, on_warning, self.pool)


def extract_in_workers(
    articles: Iterable[Article],
    workers: int,
    on_warning: Callable[[str], None],
    started: ProcessPoolExecutor | None = None,
) -> Iterator[Extraction]:
    """Extractions of `articles`, made by `workers` processes (the `started` pool's, if
    given, which is shut down at the end like one started here), in the order given.

    Articles are read from `articles` only a few tasks ahead of the extractions
    taken back, so an archive streams through: neither this process nor the pool
    ever holds more than a few tasks per worker.
    """
    ahead = TASKS_AHEAD * max(workers, 1)
    with started if started is not None else _pool(workers) as pool:
        waiting: deque[Future] = deque()
        for chunk in chunked(articles, workers):
            waiting.append(pool.submit(extract_chunk, chunk))
            if len(waiting) >= ahead:
                yield from _unpacked([waiting.popleft().result()], on_warning)
        while waiting:
            yield from _unpacked([waiting.popleft().result()], on_warning)


def chunked(articles: Iterable[Article], workers: int) -> Iterator[list[Article]]:
    """The articles in tasks, in order: full batches for spaCy while many are left, then
    smaller ones, so that no worker is left parsing a large task alone at the end.

    How many are left is known from a look ahead of as many articles as sizing a task
    needs: with more than that left, every task is full."""
    share = 4 * max(workers, 1)
    stream = iter(articles)
    buffered: deque[Article] = deque(itertools.islice(stream, share * CHUNK))
    while buffered:
        size = max(LAST_CHUNK, min(CHUNK, len(buffered) // share))
        chunk = [buffered.popleft() for _ in range(min(size, len(buffered)))]
        buffered.extend(itertools.islice(stream, len(chunk)))
        yield chunk


def _unpacked(
    chunks: Iterable[tuple[list[Extraction], list[str]]], on_warning: Callable[[str], None]
) -> Iterator[Extraction]:
    """The extractions of chunks made elsewhere, their warnings told as they arrive."""
    for extractions, warned in chunks:
        for line in warned:
            on_warning(line)
        yield from extractions


def extract_chunk(articles: list[Article]) -> tuple[list[Extraction], list[str]]:
    """Parse and extract a few articles in a worker; the warnings travel back with them."""
    from kg.extract.article import extract_article
    from kg.nlp import parse_articles

    warned: list[str] = []
    extractions = [extract_article(a, doc) for a, doc in parse_articles(articles, warned.append)]
    return extractions, warned


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_ready)


def _ready() -> None:
    """A worker's start: the model and the extractors loaded before its first task."""
    from kg.extract import article  # noqa: F401
    from kg.nlp import get_nlp

    with suppress(KgError):  # the first task meets it again and it travels back
        get_nlp()


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def extract_on_dask(
    articles: Iterable[Article],
    on_warning: Callable[[str], None],
    scheduler: str | None = None,
    workers: int = 2,
) -> list[Extraction]:
    """Extractions of `articles` made on a Dask cluster, in the order given.

    The articles go out as a Dask bag, a few to a partition; each partition is parsed
    and extracted on a worker and comes back with its warnings. `scheduler` is the
    address of a running cluster ("tcp://host:8786"); without one, a LocalCluster
    of `workers` single-threaded processes is started for the build and closed after.
    """
    try:
        import dask.bag as db
        from distributed import Client, LocalCluster
    except ImportError:
        raise KgError("the dask engine needs Dask: pip install 'diplomatic-kg[dask]'") from None
    bag = db.from_sequence(list(articles), partition_size=CHUNK)  # a bag is made from a list
    parts = bag.map_partitions(lambda chunk: [extract_chunk(list(chunk))])
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="10s")
        except OSError as exc:
            raise KgError(f"no Dask scheduler answers at {scheduler} ({exc})") from None
        with client:
            results = parts.compute(scheduler=client)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)  # fmt: skip
        with cluster, Client(cluster) as client:
            results = parts.compute(scheduler=client)
    return list(_unpacked(results, on_warning))
