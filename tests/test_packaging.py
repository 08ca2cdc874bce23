"""What an installed package needs: declared dependencies, shipped data files, late optional imports."""

from __future__ import annotations

import ast
import fnmatch
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.articles import read_articles
from kg.cli import main
from kg.model import KgError
from kg.resources import (
    LANG,
    ONTOLOGY,
    QUERIES,
    REFERENCE,
    TEMPLATES,
    package_file,
    package_files,
)
from tests.conftest import ROOT, TEST_DATA

PACKAGE = ROOT / "kg"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _requirement_name(requirement: str) -> str:
    name = re.match(r"[A-Za-z0-9._-]+", requirement).group(0)
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = PYPROJECT["project"]
    requirements = list(project["dependencies"])
    requirements += project["optional-dependencies"]["signed"]
    requirements += project["optional-dependencies"]["dask"]
    return {_requirement_name(r) for r in requirements}


def _imported_modules() -> set[str]:
    """Top-level names of every module the package's code imports, anywhere in a file."""
    found = set()
    for source in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"kg"}


def test_every_imported_package_is_a_declared_dependency():
    distributions = packages_distributions()
    undeclared = []
    for module in sorted(_imported_modules()):
        names = {_requirement_name(d) for d in distributions.get(module, [module])}
        if not names & _declared():
            undeclared.append(module)
    assert undeclared == []


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_imports() -> nx.DiGraph:
    """Module -> the package's modules it imports anywhere in its file, deferred imports too."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                # "from kg.extract import dates" imports the module kg.extract.dates
                targets = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            graph.add_edges_from((name, t) for t in targets if t in modules and t != name)
    return graph


def test_no_module_of_the_package_imports_itself_back():
    graph = _package_imports()
    assert graph.has_edge("kg.pipeline", "kg.nlp")
    assert list(nx.simple_cycles(graph)) == []


def test_html_cleaning_is_declared_for_pips_that_miss_the_lxml_extra():
    assert "lxml-html-clean" in _declared()


def test_every_data_file_of_the_package_ships_in_the_wheel():
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["kg"]
    data_files = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc")
    ]
    missing = [f for f in data_files if not any(fnmatch.fnmatch(f, p) for p in patterns)]
    assert data_files and missing == []


@pytest.mark.parametrize(
    ("folder", "name"),
    [
        (REFERENCE, "countries.csv"),
        (REFERENCE, "groups.csv"),
        (REFERENCE, "places.csv"),
        (LANG, "languages.csv"),
        (f"{LANG}/en", "reporting_verbs.txt"),
        (ONTOLOGY, "dkg.ttl"),
        (ONTOLOGY, "shapes.ttl"),
        (QUERIES, "counters.rq"),
        (TEMPLATES, "report.html"),
    ],
)
def test_shipped_files_are_found_through_the_package(folder, name):
    assert package_file(folder, name).is_file()


def test_the_top_level_ontology_folder_is_the_shipped_one():
    top = sorted(p.name for p in (ROOT / "ontology" / "queries").glob("*.rq"))
    assert top == [f.name for f in package_files(QUERIES)]


def test_tables_and_shapes_are_found_from_any_working_directory(tmp_path):
    script = (
        "from kg.extract.countries import lookup_country\n"
        "from kg.validate import load_shapes\n"
        "print(lookup_country('Britain'), len(load_shapes()) > 100)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["GBR", "True"]


def test_reading_plain_text_never_imports_the_html_reader(tmp_path):
    script = (
        "import sys\n"
        "from kg.articles import read_articles\n"
        f"articles = list(read_articles([{str(TEST_DATA / 'dev')!r}]))\n"
        "print(len(articles), 'trafilatura' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["3", "False"]


def _page(tmp_path: Path) -> Path:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Canada spoke.</p></body></html>", encoding="utf-8")
    return page


def test_a_missing_html_reader_names_the_packages_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # makes `import trafilatura` fail
    with pytest.raises(KgError) as caught:
        list(read_articles([_page(tmp_path)]))
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'page.html'}: reading HTML needs trafilatura")
    assert "pip install trafilatura lxml_html_clean" in message
    assert "\n" not in message


def test_a_missing_html_reader_is_one_line_from_the_cli(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    result = CliRunner().invoke(
        main, ["build", str(_page(tmp_path)), "-o", str(tmp_path / "out" / "kg.ttl")]
    )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "pip install trafilatura lxml_html_clean" in lines[0]
    assert not (tmp_path / "out" / "kg.ttl").exists()


def test_the_lock_pins_every_declared_dependency():
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    pinned = {_requirement_name(line) for line in lock if "==" in line and not line.startswith("#")}
    project = PYPROJECT["project"]
    wanted = {_requirement_name(r) for r in project["dependencies"]}
    wanted |= {_requirement_name(r) for r in project["optional-dependencies"]["test"]}
    assert wanted - pinned == set()
