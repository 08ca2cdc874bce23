"""The whole build on the shipped corpus: counts, validity, scores, determinism."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from kg.evaluate import evaluate
from kg.pipeline import build
from kg.querying import run_query
from kg.resources import QUERIES, read_text
from kg.store import load_graph
from kg.validate import validate_file, validate_graph
from kg.vocab import DKG
from tests.conftest import DATA, TEST_DATA, make_article

# Floors reached by the extractors; raise them as extraction improves, never lower them.
FLOORS = {
    "backers": 0.95,
    "officials": 0.9,
    "quote_speaker_pairs": 0.7,
    "event_dates": 0.9,
}


def test_summary_counts(seed_build):
    summary, _, out = seed_build
    assert summary.articles == 5
    assert summary.statements >= 4
    assert summary.backings >= 20
    assert summary.officials >= 10
    assert summary.quotes >= 40
    assert summary.events >= 10
    assert out.is_file() and out.with_suffix(".trig").is_file()


def test_export_is_valid_against_the_shapes(seed_build):
    _, _, out = seed_build
    violations = validate_graph(load_graph(out))
    assert violations == []


def test_trig_holds_one_named_graph_per_article(seed_build):
    _, ds, out = seed_build
    from rdflib import Dataset

    loaded = Dataset()
    loaded.parse(out.with_suffix(".trig"), format="trig")
    names = {str(g.identifier) for g in loaded.graphs() if len(g)}
    article_graphs = {n for n in names if n.endswith("/graph")}
    assert len(article_graphs) == 5


def test_scores_on_seed_gold_stay_above_the_floor(seed_build):
    _, _, out = seed_build
    gold = json.loads((TEST_DATA / "seed-gold.json").read_text(encoding="utf-8"))
    scores = evaluate(gold, load_graph(out))
    for area, floor in FLOORS.items():
        assert scores[area]["f1"] >= floor, (area, scores[area])


def test_same_input_gives_byte_identical_files(seed_build, tmp_path):
    _, _, first = seed_build
    again = tmp_path / "kg.ttl"
    build([DATA], again)
    assert again.read_bytes() == first.read_bytes()
    assert again.with_suffix(".trig").read_bytes() == first.with_suffix(".trig").read_bytes()


def test_articles_carry_their_metadata(seed_build):
    _, _, out = seed_build
    graph = load_graph(out)
    issued = {str(o) for o in graph.objects(None, DKG.date)} | {
        str(o) for _, _, o in graph.triples((None, None, Literal("2019-10-29", datatype=None)))
    }
    assert issued
    articles = set(graph.subjects(RDF.type, DKG.Article))
    assert len(articles) == 5


def _query(name: str, out) -> list[list[str | None]]:
    text = read_text(QUERIES, name)
    return run_query(text, out).rows


def test_competency_query_counters(seed_build):
    _, _, out = seed_build
    rows = _query("counters.rq", out)
    assert len(rows) >= 2


def test_competency_query_backers(seed_build):
    _, _, out = seed_build
    flat = {cell for row in _query("backers-of-statement.rq", out) for cell in row if cell}
    assert {"GBR", "BLR"} & flat or {"United Kingdom", "Belarus"} & flat


def test_competency_query_co_backing_pairs(seed_build):
    _, _, out = seed_build
    assert _query("co-backing-pairs.rq", out)


def _article_texts():
    from kg.articles import read_articles

    return {a.id: a.text for a in read_articles([DATA])}


def _article_id(graph, article):
    from rdflib.namespace import DCTERMS

    return str(graph.value(article, DCTERMS.identifier))


def test_every_backing_cites_its_sentence_at_its_offsets(seed_build):
    _, _, out = seed_build
    graph = load_graph(out)
    texts = _article_texts()
    records = list(graph.subjects(RDF.type, DKG.Backing))
    assert records
    for record in records:
        article = _article_id(graph, graph.value(record, DKG.mentionedIn))
        start = int(graph.value(record, DKG.startOffset))
        end = int(graph.value(record, DKG.endOffset))
        assert texts[article][start:end].strip() == str(graph.value(record, DKG.evidence))
        assert 0 <= float(graph.value(record, DKG.confidence)) <= 1


def test_annotations_select_the_text_as_read(seed_build):
    from kg.vocab import OA

    _, _, out = seed_build
    graph = load_graph(out)
    texts = _article_texts()
    selectors = list(graph.subjects(RDF.type, OA.TextPositionSelector))
    assert len(selectors) > 50
    for selector in selectors:
        target = graph.value(None, OA.hasSelector, selector)
        article = _article_id(graph, graph.value(target, OA.hasSource))
        start, end = int(graph.value(selector, OA.start)), int(graph.value(selector, OA.end))
        assert texts[article][start:end] == str(graph.value(selector, OA.exact))


def test_quote_offsets_index_the_text_as_read(seed_build):
    _, _, out = seed_build
    graph = load_graph(out)
    texts = _article_texts()
    for quote in graph.subjects(RDF.type, DKG.Quote):
        start = int(graph.value(quote, DKG.startOffset))
        end = int(graph.value(quote, DKG.endOffset))
        words = str(graph.value(quote, DKG.text))
        assert any(text[start:end] == words for text in texts.values())


@pytest.mark.slow
def test_exports_do_not_depend_on_the_hash_seed(seed_build, tmp_path):
    import os
    import subprocess
    import sys

    _, _, first = seed_build
    out = tmp_path / "kg.ttl"
    env = {**os.environ, "PYTHONHASHSEED": "7"}
    script = "import sys; from kg.pipeline import build; build([sys.argv[1]], sys.argv[2])"
    subprocess.run([sys.executable, "-c", script, str(DATA), str(out)], env=env, check=True)
    assert out.read_bytes() == first.read_bytes()
    assert out.with_suffix(".trig").read_bytes() == first.with_suffix(".trig").read_bytes()


def test_trig_keeps_text_with_line_breaks_and_form_feeds(tmp_path):
    from rdflib import Dataset, Graph

    folder = tmp_path / "wrap"
    folder.mkdir()
    (folder / "w.txt").write_text(
        "---\npublished: 2019-10-29\n---\nBritain, France and Germany on Tuesday issued a joint "
        'statement criticising China. "We are deeply\nconcerned by the situation,\x0c" the '
        "statement said.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out" / "kg.ttl"
    build([folder], out)
    ds = Dataset()
    ds.parse(out.with_suffix(".trig"), format="trig")
    from_trig = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    turtle = Graph()
    turtle.parse(out)
    assert from_trig == set(turtle)
    assert run_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", out.with_suffix(".trig")).rows


def test_an_undated_relative_day_gives_an_event_that_validates(tmp_path):
    (tmp_path / "a.txt").write_text(
        "The ministers met on Tuesday in Geneva to discuss the draft resolution.\n"
    )
    out = tmp_path / "out" / "kg.ttl"
    build([tmp_path], out, incremental=False)
    graph = Graph().parse(out)
    (event,) = graph.subjects(DKG.dateExpression, Literal("on Tuesday"))
    assert graph.value(event, DKG.datePrecision) == Literal("day")
    assert graph.value(event, DKG.date) is None
    assert [v.severity for v in validate_file(out)] == ["Warning"]  # no date: a warning only


@pytest.mark.slow
def test_workers_give_the_serial_build_byte_for_byte(seed_build, tmp_path):
    from kg.cli import main

    _, _, serial = seed_build
    out = tmp_path / "kg.ttl"
    result = CliRunner().invoke(
        main, ["build", str(DATA), "-o", str(out), "--workers", "2", "--fresh", "--no-report"]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == serial.read_bytes()
    assert out.with_suffix(".trig").read_bytes() == serial.with_suffix(".trig").read_bytes()


@pytest.mark.slow
def test_warnings_of_the_workers_reach_the_build():
    from kg.workers import extract_in_workers

    long = make_article("France said so. " * 400 + "\n" + "Chile. " * 3_100, article_id="long")
    short = make_article("Peru backed the statement on Monday.", article_id="short")
    heard: list[str] = []
    made = list(extract_in_workers([long, short], 2, heard.append))
    assert [e.article.id for e in made] == ["long", "short"]
    assert len(heard) == 1 and "article 'long' too long" in heard[0]


def test_a_spill_keeps_each_extraction_whole_and_gives_the_same_graph(tmp_path):
    from dataclasses import replace

    from kg.articles import read_corpus
    from kg.graph import build_dataset
    from kg.pipeline import extract_all
    from kg.resolve import resolve, resolve_in_order
    from kg.spill import ExtractionSpill

    articles = read_corpus([DATA]).articles
    full = extract_all(articles)
    assert any(e.countries for e in full)
    with ExtractionSpill(tmp_path) as spill:
        assert extract_all(articles, spill=spill) == []
        assert list(spill.in_order()) == [replace(e, countries=[]) for e in full]
        assert len(spill) == len(full) and spill.ids() == {e.article.id for e in full}
        from_spill = build_dataset(list(spill.in_order()), resolve_in_order(spill.in_order))
    assert list(tmp_path.iterdir()) == []  # the spill's folder goes with it
    assert set(from_spill.quads()) == set(build_dataset(full, resolve(full)).quads())


def test_a_full_disk_while_spilling_is_one_line_naming_the_folder(tmp_path, monkeypatch):
    import errno

    from kg.model import Extraction, KgError
    from kg.spill import ExtractionSpill

    with ExtractionSpill(tmp_path) as spill:

        def full(data):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(spill._file, "write", full)
        with pytest.raises(KgError, match=r"spill-.*: cannot write here: No space left"):
            spill.keep(Extraction(article=make_article("One.", article_id="one")))


def test_a_full_disk_while_resolving_is_one_line_naming_the_scratch_folder(tmp_path):
    import sqlite3
    from unittest import mock

    import kg.pipeline
    from kg.model import KgError

    def full(*args):
        refused = sqlite3.OperationalError("database or disk is full")
        refused.sqlite_errorname = "SQLITE_FULL"
        raise refused

    refused = pytest.raises(KgError, match=r"spill-.*: cannot write here: database or disk is full")
    with mock.patch.object(kg.pipeline, "resolve_in_order", full), refused:
        build([DATA], tmp_path / "kg.ttl", incremental=False)
    assert not (tmp_path / "kg.ttl").exists()

    def mistaken(*args):
        raise sqlite3.OperationalError("no such table: kept_nodes")

    # a fault in the program's own query is not the disk's, and is not reported as such
    raised = pytest.raises(sqlite3.OperationalError)
    with mock.patch.object(kg.pipeline, "resolve_in_order", mistaken), raised:
        build([DATA], tmp_path / "kg.ttl", incremental=False)


def test_a_spill_tells_of_two_articles_with_one_id(tmp_path):
    from kg.model import Extraction, KgError
    from kg.spill import ExtractionSpill

    with ExtractionSpill(tmp_path) as spill:
        spill.keep(Extraction(article=make_article("One.", article_id="same")))
        spill.check_unique()
        spill.keep(Extraction(article=make_article("Two.", article_id="same")))
        with pytest.raises(KgError, match="article id 'same' already used by"):
            spill.check_unique()


@pytest.mark.slow
def test_extractions_made_by_workers_are_the_serial_ones():
    from kg.articles import read_corpus
    from kg.pipeline import extract_all
    from kg.workers import Parallelism

    articles = read_corpus([DATA]).articles
    assert extract_all(iter(articles), parallel=Parallelism(workers=2)) == extract_all(articles)


@pytest.mark.slow
def test_workers_started_before_the_reading_make_the_serial_extractions_then_stop():
    from kg.articles import read_corpus
    from kg.pipeline import extract_all
    from kg.workers import Parallelism

    articles = read_corpus([DATA]).articles
    with Parallelism(workers=2).starting() as parallel:
        assert parallel.started and parallel == Parallelism(workers=2)
        one = extract_all(iter(articles[:1]), parallel=parallel)  # a lone article goes too
        with pytest.raises(RuntimeError, match="shutdown"):
            parallel.pool.submit(int)  # the extraction has stopped the workers
    assert one == extract_all(articles[:1])
    with Parallelism(workers=2).starting() as parallel:
        assert extract_all(iter(articles), parallel=parallel) == extract_all(articles)


def test_a_serial_or_dask_build_starts_no_workers_early():
    from kg.workers import Parallelism

    for parallel in (Parallelism(), Parallelism(workers=4, engine="dask")):
        with parallel.starting() as started:
            assert started is parallel and not started.started


def test_workers_read_the_articles_only_a_few_tasks_ahead_of_the_extractions():
    from kg.workers import extract_in_workers

    read = []

    def stream():
        for n in range(400):
            read.append(n)
            yield make_article("Peru spoke.", article_id=f"a{n:04d}")

    made = extract_in_workers(stream(), 2, lambda line: None)
    first = next(made)
    assert first.article.id == "a0000"
    assert len(read) < 400  # the rest are read as extractions are taken back
    assert len(list(made)) == 399 and len(read) == 400


def _quads(path):
    import pyoxigraph as ox

    return set(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))


def test_the_streamed_export_holds_exactly_the_graph_the_writer_made(seed_build, tmp_path):
    """The build writes through an on-disk store; the rdflib path writes the same quads,
    integer subtypes (oa:start, oa:end) included, and no triple sits in two graphs."""
    from kg.articles import read_corpus
    from kg.pipeline import build_graph, extract_all
    from kg.store import export

    _, _, out = seed_build
    extractions = extract_all(read_corpus([DATA]).articles)
    export(build_graph(extractions), tmp_path / "kg.ttl")
    streamed, in_memory = _quads(out.with_suffix(".trig")), _quads(tmp_path / "kg.trig")
    assert streamed == in_memory
    starts = {q.object.datatype.value for q in streamed if q.predicate.value.endswith("oa#start")}
    assert starts == {"http://www.w3.org/2001/XMLSchema#nonNegativeInteger"}
    assert len({q.triple for q in streamed}) == len(streamed)


@pytest.mark.parametrize("count", [0, 1, 5, 16, 17, 130, 1000])
@pytest.mark.parametrize("workers", [1, 2, 8])
def test_tasks_keep_every_article_in_order_and_shrink_towards_the_end(count, workers):
    from kg.workers import CHUNK, LAST_CHUNK, chunked

    articles = [make_article("Peru spoke.", article_id=f"a{i:04d}") for i in range(count)]
    tasks = list(chunked(iter(articles), workers))  # a stream: the reading is not held
    assert [a for task in tasks for a in task] == articles
    sizes = [len(task) for task in tasks]
    assert all(1 <= size <= CHUNK for size in sizes)
    assert sizes == sorted(sizes, reverse=True)  # large tasks first, the small ones last
    if count >= 4 * workers * CHUNK + CHUNK:
        assert sizes[0] == CHUNK and sizes[-1] <= LAST_CHUNK
