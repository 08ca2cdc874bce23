"""The `kg` command: a thin skin over the library; each command parses, calls, prints."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.model import KgError

if TYPE_CHECKING:
    from kg.pipeline import BuildSummary
    from kg.querying import Answer
    from kg.workers import Parallelism

DEFAULT_CORPUS = Path("data")
DEFAULT_GRAPH = Path("exports/kg.ttl")
FORMATS = click.Choice(["table", "json", "csv"])
QUERY_FORMATS = click.Choice(["table", "json", "csv", "tsv", "turtle", "ntriples"])
TABLE_ROWS = 1000  # rows `kg query` shows in a table unless --limit says otherwise


def graph_option(help_text: str):
    """The --graph option every command that reads an export shares."""
    return click.option(
        "--graph",
        type=click.Path(path_type=Path),
        default=DEFAULT_GRAPH,
        show_default=True,
        help=help_text,
    )


timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    help="Stop a query after this many seconds.",
)


def html_option(default: Path):
    """The -o option of the commands that write a page."""
    return click.option(
        "-o", "--out", type=click.Path(path_type=Path), default=default, show_default=True,
        help="HTML file to write.",
    )  # fmt: skip


class KgGroup(click.Group):
    """Turns our own errors into one plain line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=KgGroup)
@click.version_option(package_name="diplomatic-kg")
def main() -> None:
    """diplomatic-kg: who backed, said and did what, from diplomatic news."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    default=DEFAULT_GRAPH,
    show_default=True,
    help="Turtle file to write; .trig and .html go beside it.",
)
@click.option("--no-report", is_flag=True, help="Do not print the bloc report.")
@click.option("--fresh", is_flag=True, help="Re-extract every article, ignoring the last build.")
@click.option("--strict", is_flag=True, help="Fail on a bad input instead of skipping it.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes that parse articles at once (the output is the same).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Parse on this machine, or on a Dask cluster (pip install 'diplomatic-kg[dask]').",
)
@click.option("--scheduler", help="Address of a running Dask scheduler (with --engine dask).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but warnings and errors.")
@click.option("-v", "--verbose", is_flag=True, help="Log each stage and its time on stderr.")
@click.option("--log-json", is_flag=True, help="Each stage as a JSON line on stderr.")
def build(
    paths: tuple[Path, ...],
    out: Path,
    no_report: bool,
    fresh: bool,
    strict: bool,
    quiet: bool,
    verbose: bool,
    log_json: bool,
    **parallel,
) -> None:
    """Build the knowledge graph from articles (.txt, .html, .jsonl, folders).

    \b
    Example:
      kg build                       # the shipped corpus in data/
      kg build news/ extra.jsonl -o exports/news.ttl
      kg build archive/ --workers 2  # parse on two cores
      kg build archive/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from kg.exports import parses_everything
    from kg.workers import Parallelism

    if not paths and not DEFAULT_CORPUS.is_dir():
        raise KgError(
            "no articles given: name the files or folders to read (kg build news/ "
            "feed.jsonl); with none, kg build reads data/ in the current folder, and there "
            "is no data/ here"
        )
    chosen = Parallelism(**parallel)
    with ExitStack() as workers:
        if parses_everything(out, incremental=not fresh):
            # the workers load the model at once, while this process loads the rest of
            # the library and reads the inputs
            chosen = workers.enter_context(chosen.starting())
        summary = _run_build(list(paths) or [DEFAULT_CORPUS], out, fresh, strict, chosen,
                             quiet=quiet, verbose=verbose, log_json=log_json)  # fmt: skip
    if quiet:
        return
    for line in summary.lines():
        click.echo(line)
    click.echo(f"graph view      {summary.page}")
    if not no_report:
        # a build that kept the last set found no blocs of its own: read them from it
        blocs = summary.blocs if summary.blocs is not None else _analyse(summary.turtle)[1]
        click.echo("")
        click.echo(_bloc_table(blocs))


def _run_build(
    sources: list[Path],
    out: Path,
    fresh: bool,
    strict: bool,
    parallel: Parallelism,
    *,
    quiet: bool,
    verbose: bool,
    log_json: bool,
) -> BuildSummary:
    from kg.pipeline import build as run_build
    from kg.progress import BuildProgress, configure_logging

    configure_logging(verbose)
    progress = BuildProgress(
        live=False if quiet else None, verbose=verbose, json_log=sys.stderr if log_json else None
    )
    try:
        return run_build(
            sources,
            out,
            on_article=progress.article,
            on_stage=progress.stage,
            incremental=not fresh,
            strict=strict,
            on_warning=_warn,
            page=_html_path(out).name,
            parallel=parallel,
        )
    finally:
        progress.close()


def _warn(line: str) -> None:
    """A warning on stderr as it comes: a bad input is known before the long parse."""
    click.echo(f"warning: {line}", err=True)


def _html_path(out: Path) -> Path:
    if out == DEFAULT_GRAPH:
        return out.with_name("coalitions.html")
    return out.with_suffix(".html")


@main.command()
@click.argument("query")
@graph_option("Exported graph to query (.ttl, .trig, .nq).")
@click.option(
    "--format",
    "fmt",
    type=QUERY_FORMATS,
    default="table",
    show_default=True,
    help="table, or the W3C json, csv and tsv for rows; turtle or ntriples for a graph.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME to VALUE wherever it occurs (repeatable): an <IRI>, dkg:Name, "
    '"text", a number, true/false or YYYY-MM-DD; anything else is text.',
)
@timeout_option
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    help=f"Rows to print (default: {TABLE_ROWS} in the table, all otherwise).",
)
def query(
    query: str, graph: Path, fmt: str, params: tuple[str, ...], timeout: float, limit: int | None
) -> None:
    """Run a SPARQL query (text or a .rq file) on an exported graph.

    SELECT, ASK, CONSTRUCT and DESCRIBE; the graph's prefixes (dkg:, rdfs:,
    dcterms:, ...) need no PREFIX line. The query reads only the graph: SERVICE
    and updates are refused.

    \b
    Example:
      kg query 'ASK { ?s a dkg:Statement }'
      kg query ontology/queries/events-in-range.rq --param from=2021-01-01
      kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format json
      kg query 'DESCRIBE ?s WHERE { ?s a dkg:Official } LIMIT 1'
    """
    from kg.querying import open_query
    from kg.sparql import parse_param

    text = _query_text(query)
    bound = dict(parse_param(param) for param in params)
    table = fmt == "table"
    shown = TABLE_ROWS if limit is None and table else limit
    graph_format = "ntriples" if fmt == "ntriples" else "turtle"
    with open_query(
        text, graph, timeout=timeout, limit=shown, count_rest=table, params=bound,
        graph_format=graph_format,
    ) as answer:  # fmt: skip
        _echo_answer(answer, fmt)


def _echo_answer(answer: Answer, fmt: str) -> None:
    from kg.results import csv_results, json_boolean, json_results, tsv_results

    if answer.form == "graph":
        if fmt not in ("table", "turtle", "ntriples"):
            raise KgError("query: a CONSTRUCT or DESCRIBE query gives a graph: use --format "
                          "turtle or ntriples")  # fmt: skip
        for chunk in answer.text():
            click.echo(chunk, nl=False)
        return
    if fmt in ("turtle", "ntriples"):
        raise KgError(f"query: a{'n ASK' if answer.form == 'ask' else ' SELECT'} query gives "
                      "no graph: use --format table, json, csv or tsv")  # fmt: skip
    if answer.form == "ask":
        click.echo(json_boolean(bool(answer.boolean)) if fmt == "json" else
                   str(answer.boolean).lower(), nl=fmt != "json")  # fmt: skip
        return
    if fmt == "table":
        _echo_table(answer)
        return
    writer = {"json": json_results, "csv": csv_results, "tsv": tsv_results}[fmt]
    for chunk in writer(answer.variables, answer.rows()):
        click.echo(chunk, nl=False)


def _echo_table(answer: Answer) -> None:
    """At most the limit's rows (a table needs them all for its widths), then what was left."""
    rows = [
        {v: term.value if term else None for v, term in zip(answer.variables, row, strict=True)}
        for row in answer.rows()
    ]
    click.echo(_table(rows, answer.variables))
    if answer.more:
        more = f"{answer.more} more row{'s' if answer.more != 1 else ''}"
        click.echo(f"({more} not shown: raise --limit or use --format csv)")


def _query_text(query: str) -> str:
    path = Path(query)
    if query.endswith(".rq") or (len(query) < 300 and "{" not in query and path.is_file()):
        if not path.is_file():
            raise KgError(f"{query}: no such query file")
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KgError(f"{query}: not a readable UTF-8 query file ({exc})") from exc
    return query


def _calendar_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD that names a real day, month or year, else one line."""
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}(-\d{2}){0,2}", value):
            raise ValueError("use YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = [*map(int, value.split("-")), 1, 1][:3]  # a month from its 1st
        dt.date(year, month, day)
    except ValueError as exc:
        raise KgError(f"--{param.name} {value!r} is not a date ({exc})") from None
    return value


BLOC_OPTIONS = [
    graph_option("Exported graph to analyse."),
    click.option(
        "--min-confidence",
        type=click.FloatRange(0, 1),
        default=0.0,
        show_default=True,
        help="Ignore positions less sure than this.",
    ),
    click.option(
        "--min-shared",
        type=click.IntRange(1),
        default=2,
        show_default=True,
        help="Items two countries must share before their agreement counts.",
    ),
    click.option(
        "--since",
        callback=_calendar_date,
        help="Only items dated on or after this (YYYY[-MM[-DD]]).",
    ),
    click.option("--until", callback=_calendar_date, help="Only items dated on or before this."),
    click.option("--target", help="Only items about this country (ISO3 code or name)."),
    click.option(
        "--method",
        type=click.Choice(["louvain", "signed"]),
        default="louvain",
        show_default=True,
        help="Community detection; signed needs the optional leidenalg package.",
    ),
]


def bloc_options(command):
    """The options every bloc-based command shares."""
    for option in reversed(BLOC_OPTIONS):
        command = option(command)
    return command


def _analyse(graph: Path, evidence: int = 0, **options):
    """Load the export into pyoxigraph (fast on large graphs) and find its blocs, with
    `evidence` sentences per country (what a page shows)."""
    from kg.blocs import analyse
    from kg.rdf_files import oxigraph_store

    store = oxigraph_store(graph)
    return store, analyse(store, evidence_per_country=evidence, **options)


@main.command()
@bloc_options
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def blocs(graph: Path, fmt: str, **options) -> None:
    """Blocs of countries that stand together: members, stance, leaders, cohesion, swing.

    \b
    Example:
      kg blocs --format json > blocs.json
      kg blocs --target CHN --since 2019 --min-shared 3
    """
    from kg.blocs import to_json, to_rows

    _, report = _analyse(graph, **options)
    if fmt == "json":
        click.echo(json.dumps(to_json(report), indent=2, sort_keys=True))
    elif fmt == "csv":
        rows = to_rows(report)
        click.echo(_format(rows, list(rows[0]) if rows else [], "csv"))
    else:
        click.echo(_bloc_table(report))


@main.command()
@bloc_options
@html_option(Path("exports/coalitions.html"))
def render(graph: Path, out: Path, **options) -> None:
    """Write an interactive coalition graph (HTML that works offline).

    \b
    Example:
      kg render -o exports/coalitions.html
    """
    from kg.render import TOOLTIP_EVIDENCE, render_html

    store, report = _analyse(graph, TOOLTIP_EVIDENCE, **options)
    click.echo(f"wrote {render_html(store, out, report=report)}")


@main.command()
@bloc_options
@html_option(Path("exports/report.html"))
def report(graph: Path, out: Path, **options) -> None:
    """Write the bloc report: one offline HTML file with tables, heatmap, timeline and graph.

    \b
    Example:
      kg report -o report.html
      kg report --target CHN -o china.html
    """
    from kg.render import TOOLTIP_EVIDENCE
    from kg.report import write_report

    store, found = _analyse(graph, TOOLTIP_EVIDENCE, **options)
    click.echo(f"wrote {write_report(store, out, report=found)}")


def _bloc_table(report) -> str:
    """The blocs with their cohesion (Agreement Index, Rice, over N items), then each
    country's place."""
    from kg.blocs import bloc_rows, to_rows

    rows = to_rows(report)
    if not rows:
        return "no blocs: too few shared positions in this graph"
    blocs = bloc_rows(report)
    head = _format(blocs, list(blocs[0]), "table") + "\n\n" if blocs else ""
    return head + _format(rows, list(rows[0]), "table")


@main.command()
@click.argument("file", type=click.Path(path_type=Path), default=DEFAULT_GRAPH)
def validate(file: Path) -> None:
    """Check a graph against the ontology's SHACL shapes; list violations in plain words.

    \b
    Example:
      kg validate exports/kg.ttl
    """
    from kg.validate import describe, validate_file

    findings = validate_file(file)
    for finding in findings:
        click.echo(describe(finding))
    errors = [f for f in findings if f.severity == "Violation"]
    if errors:
        raise KgError(f"{file}: {len(errors)} violation(s)")
    warnings = len(findings) - len(errors)
    click.echo(f"{file}: valid" + (f" ({warnings} warning(s))" if warnings else ""))


@main.command()
@click.option(
    "--gold",
    type=click.Path(path_type=Path),
    required=True,
    help="Gold annotation (JSON, in the format of tests/data/seed-gold.json).",
)
@click.argument("graph", type=click.Path(path_type=Path), default=DEFAULT_GRAPH)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def evaluate(gold: Path, graph: Path, fmt: str) -> None:
    """Score a graph against a gold annotation: precision, recall and F1 per area.

    \b
    Example:
      kg evaluate --gold tests/data/seed-gold.json exports/kg.ttl
    """
    from kg.evaluate import evaluate as score
    from kg.evaluate import format_table
    from kg.store import load_graph

    try:
        gold_data = json.loads(gold.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KgError(f"{gold}: not a readable gold file ({exc})") from exc
    scores = score(gold_data, load_graph(graph))
    if fmt == "json":
        click.echo(json.dumps(scores, indent=2, sort_keys=True))
    else:
        click.echo(format_table(scores))


@main.command()
@click.argument("iri")
@graph_option("Exported graph to read (.ttl, .trig, .nq).")
def explain(iri: str, graph: Path) -> None:
    """Every fact about one node, with the sentences it came from.

    IRI is a full IRI, a prefixed name, a bare path, an ISO3 code or a label
    ("Karen Pierce"); when nothing fits, the closest labels are offered. Cited
    words are marked »…«.

    \b
    Example:
      kg explain GBR
      kg explain "Zhang Jun"
      kg explain statement/2019-07-letter-critical-of-chn --graph exports/kg.trig
    """
    from kg.explain import explain_file

    for line in explain_file(graph, iri).lines():
        click.echo(line)


@main.command()
@click.argument("urls", nargs=-1, required=True)
@click.option(
    "-o", "--out", type=click.Path(path_type=Path), required=True,
    help="Folder to save the pages in (with their metadata.json), for a later kg build.",
)  # fmt: skip
@click.option(
    "--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
    help="Seconds between two requests to one site.",
)  # fmt: skip
@click.option("--timeout", type=click.FloatRange(min=1), default=20.0, show_default=True,
              help="Seconds to wait for a site.")  # fmt: skip
def fetch(urls: tuple[str, ...], out: Path, delay: float, timeout: float) -> None:
    """Save news pages, or the pages RSS and Atom feeds link to, into a folder.

    Each site's robots.txt is obeyed and asked at most once every --delay
    seconds; a page already in the folder is not fetched again, so a cut-short
    run resumes. The build never goes online: fetch first, then build.

    \b
    Example:
      kg fetch https://example.org/world/rss.xml -o news/
      kg build news/
    """
    from kg.fetch import Fetcher
    from kg.fetch import fetch as fetch_pages

    summary = fetch_pages(urls, out, Fetcher(delay=delay, timeout=timeout))
    for line in summary.lines:
        _warn(line)
    click.echo(summary.line())
    if not summary.saved and not summary.already:
        raise KgError("nothing saved")


@main.command()
@graph_option("Exported graph to serve; the .trig beside a .ttl is loaded, with its named graphs.")
@click.option(
    "--store",
    type=click.Path(path_type=Path),
    help="Oxigraph store folder, loaded from the graph when it changed [a build's own store, "
    "else .kg-store beside the graph].",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@timeout_option
@click.pass_context
def serve(ctx: click.Context, graph: Path, store: Path | None, host: str, port: int,
          timeout: float) -> None:  # fmt: skip
    """Serve the graph read-only over SPARQL with Oxigraph's server; Ctrl-C stops it.

    \b
    Example:
      kg serve                # query page at http://127.0.0.1:7878/
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {?s ?p ?o} LIMIT 5' \\
           http://127.0.0.1:7878/query
    """
    from kg.serve import Endpoint, built_store, check_port, default_store, ready_store
    from kg.serve import serve as run_server

    served = None if store else built_store(graph)
    endpoint = Endpoint(served or ready_store(graph, store or default_store(graph)), host, port)
    check_port(endpoint)
    click.echo(
        f"SPARQL endpoint {endpoint.url}query, query page {endpoint.url} (read-only); "
        "Ctrl-C stops it",
        err=True,
    )
    ctx.exit(run_server(endpoint, timeout))


def _format(rows: list[dict], columns: list[str], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    return _table(rows, columns)


def _table(rows: list[dict], columns: list[str]) -> str:
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."
