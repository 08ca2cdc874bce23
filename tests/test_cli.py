"""Every command through click's CliRunner: output, files written and exit codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.conftest import ROOT, TEST_DATA

ARTICLE = """---
title: Rival statements on Ruritania
publisher: Test Wire
published: 2021-03-10
---
Canada and 19 other countries on Tuesday delivered a joint statement at the UN Human Rights Council condemning Ruritania's crackdown.

Countries backing it included Germany, Japan and Australia.

In response, Russia, Cuba and 30 other countries read a rival statement that praised China.

"We reject this interference," China's ambassador Li Wei told reporters.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "ruritania.txt").write_text(ARTICLE, encoding="utf-8")
    out = folder / "out" / "kg.ttl"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return result, out


def test_build_writes_three_files_and_a_summary(built):
    result, out = built
    assert out.is_file()
    assert out.with_suffix(".trig").is_file()
    assert out.with_suffix(".html").is_file()
    assert "articles read   1" in result.output
    assert "statements" in result.output and "triples" in result.output


def test_query_inline_json(built):
    _, out = built
    query = (
        "PREFIX dkg: <https://w3id.org/diplomatic-kg/ontology#> "
        "SELECT ?iso WHERE { ?s dkg:backedBy/dkg:iso3 ?iso } ORDER BY ?iso"
    )
    result = CliRunner().invoke(main, ["query", query, "--graph", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)  # the W3C SPARQL 1.1 results format
    assert answer["head"] == {"vars": ["iso"]}
    isos = {row["iso"]["value"] for row in answer["results"]["bindings"]}
    assert {"CAN", "DEU", "JPN", "AUS", "RUS", "CUB"} <= isos
    assert {row["iso"]["type"] for row in answer["results"]["bindings"]} == {"literal"}


def test_query_file_table_and_csv(built):
    _, out = built
    rq = str(ROOT / "ontology" / "queries" / "backers-of-statement.rq")
    table = CliRunner().invoke(main, ["query", rq, "--graph", str(out)])
    assert table.exit_code == 0, table.output
    assert "row" in table.output.splitlines()[-1]
    as_csv = CliRunner().invoke(main, ["query", rq, "--graph", str(out), "--format", "csv"])
    assert as_csv.exit_code == 0
    assert "," in as_csv.output.splitlines()[0]


def test_blocs_json_shape(built):
    _, out = built
    result = CliRunner().invoke(main, ["blocs", "--graph", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"blocs", "countries"}


def test_validate_reports_valid(built):
    _, out = built
    result = CliRunner().invoke(main, ["validate", str(out)])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_render_writes_offline_html(built, tmp_path):
    _, out = built
    page = tmp_path / "view.html"
    result = CliRunner().invoke(main, ["render", "--graph", str(out), "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert 'src="http' not in html and 'href="http' not in html


def test_report_writes_one_offline_page(built, tmp_path):
    _, out = built
    page = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "--graph", str(out), "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and 'src="http' not in html


def test_explain_prints_evidence(built):
    _, out = built
    result = CliRunner().invoke(main, ["explain", "country/CAN", "--graph", str(out)])
    assert result.exit_code == 0, result.output
    assert "»Canada«" in result.output


def test_evaluate_prints_scores(tmp_path):
    graph = TEST_DATA / "eval_graph.ttl"
    gold = TEST_DATA / "eval_gold.json"
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), str(graph)])
    assert result.exit_code == 0, result.output
    assert "backers" in result.output


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["build", "no/such/folder"], "no/such/folder"),
        (["query", "SELECT * WHERE { ?s ?p ?o }", "--graph", "missing.ttl"], "missing.ttl"),
        (["blocs", "--graph", "missing.ttl"], "missing.ttl"),
        (["validate", "missing.ttl"], "missing.ttl"),
        (["query", "missing.rq"], "missing.rq"),
    ],
)
def test_errors_are_one_line_and_exit_1(args, fragment):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and fragment in lines[0]


def test_bad_sparql_is_a_plain_error(built):
    _, out = built
    result = CliRunner().invoke(main, ["query", "SELECT WHERE {", "--graph", str(out)])
    assert result.exit_code == 1
    assert result.output.startswith("error: query:")


def test_empty_file_leaves_no_export(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out.ttl"
    result = CliRunner().invoke(main, ["build", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 1
    assert "empty.txt" in result.output
    assert not out.exists() and not list(tmp_path.glob(".out.ttl*"))


@pytest.mark.parametrize(
    "command", ["build", "query", "blocs", "render", "report", "validate", "evaluate", "explain"]
)
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_article_ids_with_spaces_and_hashes_give_valid_iris(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "my article #1.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out" / "kg.ttl"
    assert CliRunner().invoke(main, ["build", str(folder), "-o", str(out)]).exit_code == 0
    assert "article/my%20article%20%231" in out.read_text(encoding="utf-8")
    assert CliRunner().invoke(main, ["validate", str(out)]).exit_code == 0


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["build", "data", "-o", "out.nq"], "name it OUT.ttl"),
        (["query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }"], "SERVICE"),
    ],
)
def test_more_user_errors_are_one_line(args, fragment):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert fragment in result.output and "Traceback" not in result.output


def test_output_into_a_folder_is_refused(tmp_path, built):
    _, out = built
    result = CliRunner().invoke(main, ["render", "--graph", str(out), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "is a folder" in result.output


def test_non_utf8_query_file_is_a_plain_error(tmp_path, built):
    _, out = built
    rq = tmp_path / "q.rq"
    rq.write_bytes(b"SELECT * WHERE { ?s ?p \xe9 }")
    result = CliRunner().invoke(main, ["query", str(rq), "--graph", str(out)])
    assert result.exit_code == 1
    assert "q.rq" in result.output


@pytest.mark.parametrize("value", ["2019-02-30", "2019-13", "0000", "2019/02/01", "soon"])
def test_blocs_refuses_a_date_that_is_not_in_the_calendar(value):
    result = CliRunner().invoke(main, ["blocs", "--since", value, "--graph", "missing.ttl"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: --since {value!r} is not a date (")
    assert result.stderr.count("\n") == 1


def test_blocs_table_gives_each_blocs_cohesion_then_the_countries(built):
    _, out = built
    result = CliRunner().invoke(main, ["blocs", "--graph", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["bloc", "members", "agreement", "rice", "n"]
    assert any(line.split()[:2] == ["iso3", "country"] for line in lines)


@pytest.mark.parametrize("target", ["XYZ", "Atlantis"])
def test_blocs_names_an_unknown_target_country(built, target):
    _, out = built
    result = CliRunner().invoke(main, ["blocs", "--graph", str(out), "--target", target])
    assert result.exit_code == 1
    assert result.output == (
        f"error: target {target!r}: no such country (give its ISO3 code or its name)\n"
    )


@pytest.mark.parametrize("target", ["RUS", "rus", "Russia", "russia"])
def test_blocs_takes_a_target_by_code_or_name(built, target):
    _, out = built
    by_code = CliRunner().invoke(main, ["blocs", "--graph", str(out), "--target", "RUS"])
    result = CliRunner().invoke(main, ["blocs", "--graph", str(out), "--target", target])
    assert result.exit_code == 0, result.output
    assert result.output == by_code.output


def test_build_with_nothing_to_read_says_what_to_give_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert result.output.startswith("error: no articles given: name the files or folders")
    assert len(result.output.splitlines()) == 1


def test_report_writes_into_exports_by_default(built, tmp_path, monkeypatch):
    _, out = built
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["report", "--graph", str(out)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "exports" / "report.html").is_file()
    assert not (tmp_path / "report.html").exists()
