"""The data files the package reads at run time, found wherever it is installed.

Lexicons, reference tables, the ontology with its shapes and competency
queries, and the HTML templates all ship inside the `kg` package; they are
reached through importlib.resources, never through the working directory or
the layout of a source checkout.
"""

from __future__ import annotations

import csv
import io
from importlib.resources import files
from importlib.resources.abc import Traversable

LEXICONS = "lexicons"
REFERENCE = "reference"
ONTOLOGY = "ontology"
QUERIES = "ontology/queries"
TEMPLATES = "templates"


def package_file(folder: str, name: str) -> Traversable:
    """One shipped file, e.g. package_file(REFERENCE, "countries.csv")."""
    return files("kg").joinpath(*folder.split("/"), name)


def package_files(folder: str) -> list[Traversable]:
    """Every file of a shipped folder, sorted by name."""
    found = files("kg").joinpath(*folder.split("/")).iterdir()
    return sorted((entry for entry in found if entry.is_file()), key=lambda entry: entry.name)


def read_text(folder: str, name: str) -> str:
    return package_file(folder, name).read_text(encoding="utf-8")


def data_lines(folder: str, name: str) -> list[str]:
    """The lines of a lexicon that carry data: blank lines and '#' comments dropped."""
    lines = io.StringIO(read_text(folder, name))
    return [line for line in lines if line.strip() and not line.startswith("#")]


def read_table(folder: str, name: str, delimiter: str = ",") -> list[dict[str, str]]:
    """A CSV/TSV lexicon as rows (header first), without blank lines or '#' comments."""
    return list(csv.DictReader(data_lines(folder, name), delimiter=delimiter))
