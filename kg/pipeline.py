"""The whole build: read -> parse -> extract -> resolve -> graph -> export."""

from __future__ import annotations

import gc
import hashlib
import itertools
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from kg.articles import Survey, survey_corpus
from kg.blocs import BlocReport, analyse
from kg.cache import ExtractionCache, article_key, package_fingerprint
from kg.exports import (
    ExportSet,
    build_lock,
    current_record,
    new_set,
    parses_everything,
    remove_leftovers,
    write_record,
)
from kg.extract.article import extract_article
from kg.graph import build_dataset, fill_runs
from kg.lang import UnsupportedLanguage, rules_for
from kg.memory import give_back
from kg.model import Article, Extraction, KgError
from kg.nlp import parse_articles
from kg.positions import READ_CLASSES, READ_PROPERTIES
from kg.render import TOOLTIP_EVIDENCE, render_html
from kg.resolve import Resolution, resolve, resolve_in_order
from kg.sources import TableSource
from kg.spill import ExtractionSpill
from kg.store import ExportRuns, check_output, export_runs, refuse_folder
from kg.vocab import DKG
from kg.workers import Parallelism

SERIAL = Parallelism()


@dataclass(frozen=True)
class BuildSummary:
    articles: int
    statements: int
    backings: int
    officials: int
    quotes: int
    events: int
    triples: int
    seconds: float
    reused: int
    turtle: Path
    trig: Path
    warnings: tuple[str, ...] = ()  # one line per input skipped, cut or kept without extraction
    skipped: int = 0  # bad inputs left out (articles, .jsonl lines, files)
    page: Path | None = None  # the coalition page, when one was asked for
    blocs: BlocReport | None = None  # the blocs the page shows
    kept: bool = False  # nothing changed: the last set was kept as it was

    def lines(self) -> list[str]:
        read = [f"articles read   {self.articles} ({self.reused} unchanged since the last build)"]
        if self.skipped:
            skipped = _counted(self.skipped, "bad input")
            read.append(f"skipped         {skipped} (named in the warnings)")
        return [
            *read,
            f"statements      {self.statements}",
            f"backings        {self.backings}",
            f"officials       {self.officials}",
            f"quotes          {self.quotes}",
            f"events          {self.events}",
            f"triples         {self.triples}",
            f"time taken      {self.seconds:.1f} s",
            (
                f"kept            {self.turtle} and {self.trig} (nothing changed)"
                if self.kept
                else f"wrote           {self.turtle} and {self.trig}"
            ),  # fmt: skip
        ]


def extract_all(
    articles: Iterable[Article],
    on_article: Callable[[Article], None] | None = None,
    cache: ExtractionCache | None = None,
    on_warning: Callable[[str], None] | None = None,
    parallel: Parallelism = SERIAL,
    spill: ExtractionSpill | None = None,
) -> list[Extraction]:
    """Extract from a stream of articles; parses are dropped as soon as read.

    With a cache, an article whose text, metadata and extractors are unchanged
    is not parsed again: its earlier extraction is reused. An article in a
    language without rules is kept with nothing extracted, and `on_warning`
    (else Python's warnings) is told so in one line. `parallel` shares the articles
    to parse out among processes or a Dask cluster (kg.workers); the extractions
    are the same. With a `spill`, each extraction is written to it as soon as made
    and none is returned (kg.spill): a build resolves every article before it writes
    any, and would otherwise hold the whole archive.
    """
    done: list[Extraction] = []

    def report(extraction: Extraction) -> None:
        if spill is not None:
            spill.keep(extraction)
        else:
            done.append(extraction)
        if on_article is not None:
            on_article(extraction.article)

    def needing_parse() -> Iterator[Article]:
        for article in articles:
            unreadable = language_warning(article)
            if unreadable is not None:
                (on_warning or warnings.warn)(unreadable)
                report(Extraction(article=article))
                continue
            cached = cache.get(article) if cache is not None else None
            if cached is None:
                yield article
            else:
                report(cached)

    warn = on_warning or warnings.warn

    def here(articles: Iterable[Article]) -> Iterator[Extraction]:
        return (extract_article(a, doc) for a, doc in parse_articles(articles, warn))

    if parallel.serial:
        made = here(needing_parse())
    else:
        # a lone article is parsed here, unless the workers are up: starting them costs more
        rest = needing_parse()
        first = list(itertools.islice(rest, 2))
        pending = itertools.chain(first, rest)
        worth_workers = len(first) > 1 or parallel.started
        made = parallel.extract(pending, warn) if worth_workers else here(pending)
    for extraction in made:
        if cache is not None:
            cache.put(extraction)
        report(extraction)
    return sorted(done, key=lambda e: e.article.id)


def language_warning(article: Article) -> str | None:
    """Why an article is kept unread: no rules are written for its language."""
    try:
        rules_for(article.language)
    except UnsupportedLanguage as exc:
        return f"{article.source}: article {article.id!r} kept without extraction: {exc}"
    return None


def cache_for(out: Path) -> ExtractionCache:
    """Where the extractions behind OUT.ttl are kept between builds."""
    return ExtractionCache(out.parent / f".{out.stem}-cache")


def build_graph(extractions: list[Extraction]) -> Dataset:
    """The graph of some extractions as an rdflib Dataset (small graphs, the API, tests)."""
    _check_unique_ids(extractions)
    return build_dataset(extractions, resolve(extractions))


def build(
    paths: Iterable[str | Path],
    out: str | Path,
    on_article: Callable[[Article], None] | None = None,
    incremental: bool = True,
    strict: bool = False,
    on_warning: Callable[[str], None] | None = None,
    page: str | None = None,
    parallel: Parallelism = SERIAL,
    on_stage: Callable[[str, int | None], None] | None = None,
) -> BuildSummary:
    """Build the graph from files and folders and write OUT.ttl and OUT.trig as one set.

    Every input is read and checked before any is parsed: a bad article is
    skipped with a warning, or with `strict` fails the build before anything
    is written. `on_warning` hears each warning line as it comes. `page` names
    a coalition page (e.g. "OUT.html") to write beside them, in the same set.
    The build holds OUT's lock throughout: a second build on the same OUT
    waits a little, then fails with one line. `parallel` shares out the parsing
    among processes or a Dask cluster; the exports are the same. `on_stage` hears each
    stage as it begins ("reading", "parsing" with the number of articles, "resolving",
    "writing", "page"), then "done" (kg.progress).

    The graph is written as text into sorting runs on disk, from which the files
    are written and an on-disk Oxigraph store is loaded in the new set (`store/`
    beside the files, which `kg serve` serves as it is), so the build never holds
    the graph in memory. When every article is as
    the current set was built from (an incremental build), the set is kept as it
    is and nothing is parsed or written. The store runs RocksDB's threads, which a
    forked child does not have: a program that builds and then starts processes
    should start them with "spawn" or "forkserver".
    """
    started = time.perf_counter()
    paths = list(paths)
    out = Path(out)
    check_output(out)
    exports = _export_set(out, page)
    for path in exports.user_paths:
        refuse_folder(path)
    warned: list[str] = []

    def warn(line: str) -> None:
        warned.append(line)
        if on_warning is not None:
            on_warning(line)

    stage = on_stage or (lambda name, total=None: None)
    if parses_everything(out, incremental):  # the workers load the model meanwhile
        parallel_context = parallel.starting()
    else:
        parallel_context = nullcontext(parallel)
    with parallel_context as parallel:
        stage("reading", None)
        corpus = read_checked(paths, strict, warn)  # before the lock: a bad input writes nothing
        inputs = _inputs_digest(corpus, exports)  # recorded even by --fresh, for the next build
        with build_lock(out):
            cache = cache_for(out) if incremental else None
            remove_leftovers(exports)
            if cache is not None:
                cache.remove_leftovers()
            kept = current_record(exports) if incremental else None
            if kept is not None and kept.get("inputs") == inputs:
                # nothing read differs from what the current set was built from: keep it
                stage("done", None)
                return _summary(kept["counts"], started, exports, warned, corpus, None)
            with ExtractionSpill(exports.home) as spill, spill.refusals():
                # read again as they are parsed: the spill holds them from here
                stage("parsing", corpus.count)
                extract_all(corpus.articles(), on_article, cache, warn, parallel, spill)
                if not len(spill):
                    raise KgError(f"no articles found in {_listed(paths)}{_skips(corpus)}")
                spill.check_unique()
                stage("resolving", None)
                resolution = resolve_in_order(spill.in_order, spill.shelves)
                stage("writing", None)
                with _frozen_heap():
                    blocs, counts = write_exports(spill, resolution, exports, page, inputs, stage)
                if cache is not None:
                    cache.prune(spill.ids())
    reused = cache.reused if cache is not None else 0
    stage("done", None)
    return _summary(counts, started, exports, warned, corpus, blocs, reused)


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """Keep Python's cycle collector off what is already held (the resolution's nodes):
    writing the graph makes millions of short-lived objects, and each full collection
    would walk every node again. They are still freed when let go."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _summary(
    counts: dict[str, int],
    started: float,
    exports: ExportSet,
    warned: list[str],
    corpus: Survey,
    blocs: BlocReport | None,
    reused: int | None = None,
) -> BuildSummary:
    """What a build did; `reused` None: every article was unchanged and the set was kept."""
    page = next((name for name in exports.names[2:]), None)
    return BuildSummary(
        **{name: counts[name] for name in COUNTED},
        seconds=time.perf_counter() - started,
        reused=counts["articles"] if reused is None else reused,
        turtle=exports.out,
        trig=exports.out.with_suffix(".trig"),
        warnings=tuple(warned),
        skipped=corpus.skipped,
        page=exports.out.with_name(page) if page else None,
        blocs=blocs,
        kept=reused is None,
    )


COUNTED = ("articles", "statements", "backings", "officials", "quotes", "events", "triples")


def _inputs_digest(corpus: Survey, exports: ExportSet) -> str:
    """Everything the exports depend on: each article's key (text, metadata, extractors),
    the package's code and the files of the set."""
    digest = hashlib.sha256(repr(exports.names).encode("utf-8"))
    digest.update(package_fingerprint().encode("ascii"))
    digest.update(f"{corpus.count} {corpus.digest}".encode("ascii"))
    return digest.hexdigest()


def _export_set(out: Path, page: str | None) -> ExportSet:
    return ExportSet(out, (out.name, out.with_suffix(".trig").name, *([page] if page else [])))


STORE = "store"  # the set's Oxigraph store, beside its files


def write_exports(
    spill: ExtractionSpill,
    resolution: Resolution,
    exports: ExportSet,
    page: str | None,
    inputs: str | None = None,
    stage: Callable[[str, int | None], None] | None = None,
) -> tuple[BlocReport | None, dict[str, int]]:
    """Write the graph into sorting runs, OUT.ttl, OUT.trig and a new set's store from
    them, the counts and the page from a table of the triples they read; record what
    the set was built from and switch it in; the page's blocs and the set's counts.

    The extractions are read back from the spill one at a time; the resolution is
    emptied once the graph is in the runs, so the store and the page have its memory.
    """
    blocs = None
    with new_set(exports) as folder, export_runs(folder) as runs:
        fill_runs(spill.in_order(), resolution, runs)
        resolution.clear()
        give_back()
        facts = TableSource(runs.folder / "facts.sqlite", READ_PROPERTIES, COUNTED_CLASSES)
        try:
            with runs.written(folder / exports.out.name, folder / STORE) as triples:
                _fill_facts(runs, facts)
                counts = {"articles": len(spill), **_node_counts(facts), "triples": triples}
                if page is not None:
                    if stage is not None:
                        stage("page", None)
                    blocs = analyse(facts, evidence_per_country=TOOLTIP_EVIDENCE)
                    render_html(facts, folder / page, report=blocs)
            write_record(folder, {"inputs": inputs, "counts": counts})
        finally:
            facts.close()
    return blocs, counts


def _fill_facts(runs: ExportRuns, facts: TableSource) -> None:
    """`facts` given what the counts and the page read from the written triples (a table,
    not the new store: a store's readers hold memory in proportion to the whole archive)."""
    give_back()
    for line in runs.written_triples():
        facts.take(line)
    facts.ready()


CLASS_COUNTS = (
    ("statements", DKG.Statement),
    ("backings", DKG.Backing),
    ("officials", DKG.Official),
    ("quotes", DKG.Quote),
    ("events", DKG.Event),
)
COUNTED_CLASSES = (*READ_CLASSES, *(str(cls) for _, cls in CLASS_COUNTS))


def _node_counts(facts: TableSource) -> dict[str, int]:
    """The nodes of each counted class, in every graph."""
    return {name: facts.count_typed(str(cls)) for name, cls in CLASS_COUNTS}


def read_checked(paths: list[str | Path], strict: bool, warn: Callable[[str], None]) -> Survey:
    """Every input read and checked before any is parsed; each bad one is warned of and
    skipped, or with `strict` the first fails the build."""
    corpus = survey_corpus(paths, article_key)
    if strict and corpus.problems:
        more = len(corpus.problems) - 1
        first = corpus.problems[0].line
        raise KgError(first + (f" (and {_counted(more, 'more bad input')})" if more else ""))
    for problem in corpus.problems:
        warn(problem.warning())
    for note in corpus.notes:
        warn(note)
    return corpus


def _listed(paths: list[str | Path]) -> str:
    return ", ".join(map(str, paths))


def _skips(corpus: Survey) -> str:
    return f" ({_counted(corpus.skipped, 'bad input')} skipped)" if corpus.skipped else ""


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("s" if count != 1 else "")


def _check_unique_ids(extractions: list[Extraction]) -> None:
    seen: dict[str, str] = {}
    for ex in extractions:
        article = ex.article
        if article.id in seen:
            raise KgError(
                f"{article.source}: article id {article.id!r} already used by {seen[article.id]}"
            )
        seen[article.id] = article.source
