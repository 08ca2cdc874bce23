"""The Python API as a notebook user calls it: `import kg`, then five calls."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

import kg

DATA = Path(__file__).resolve().parents[1] / "data"
TEXT = (
    "France, Germany and Japan on Tuesday issued a joint statement condemning Russia over "
    "the detentions.\n"
    '"We call on Russia to respect its obligations," France\'s ambassador to the United '
    "Nations Anna Moreau said."
)


def test_import_kg_loads_neither_spacy_nor_rdflib():
    code = "import sys, kg; print('spacy' in sys.modules, 'rdflib' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert found.stdout.split() == ["False", "False"]


def test_extract_a_text_in_hand():
    found = kg.extract(TEXT, published="2021-10-21")
    (statement,) = found.statements
    assert {p.iso3 for p in statement.positions} == {"FRA", "DEU", "JPN"}
    assert statement.date.start == dt.date(2021, 10, 19)  # "on Tuesday", before the 21st
    assert [o.name for o in found.officials] == ["Anna Moreau"]
    assert found.quotes[0].text.startswith("We call on Russia")


def test_a_bad_text_or_date_is_a_kg_error():
    with pytest.raises(kg.KgError):
        kg.extract("   ")
    with pytest.raises(kg.KgError):
        kg.extract(TEXT, published="21/10/2021")


def test_build_query_and_blocs_on_a_folder(tmp_path):
    (tmp_path / "one.txt").write_text(f"---\npublished: 2021-10-21\n---\n{TEXT}", encoding="utf-8")
    graph = kg.build(tmp_path)
    rows = kg.query(graph, "SELECT ?iso WHERE { ?s dkg:backedBy/dkg:iso3 ?iso } ORDER BY ?iso")
    assert rows == [{"iso": "DEU"}, {"iso": "FRA"}, {"iso": "JPN"}]
    assert kg.query(graph, "ASK { ?s a dkg:Statement }") is True
    france = kg.query(graph, "SELECT ?s WHERE { ?s dkg:backedBy ?c }", c=kg.country("fra"))
    assert len(france) == 1 and france[0]["s"].startswith("https://")
    dated = kg.query(graph, "SELECT ?d WHERE { ?s a dkg:Statement ; dkg:date ?d }")
    assert dated == [{"d": dt.date(2021, 10, 19)}]  # a typed value, not its text
    described = kg.query(graph, "DESCRIBE ?s WHERE { ?s a dkg:Official }")
    assert len(described) > 0
    report = kg.blocs(graph, min_shared=1)
    assert {c for b in report.blocs for c in b.members} <= {"DEU", "FRA", "JPN", "RUS"}


def test_load_an_export_and_query_it_by_path(tmp_path):
    from kg.pipeline import build

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "one.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "kg.ttl"
    build([tmp_path / "in"], out)
    assert len(kg.load(out)) > 10
    assert kg.query(out, "SELECT (COUNT(*) AS ?n) WHERE { ?s a dkg:Country }")[0]["n"] >= 3


def test_country_wants_a_code():
    with pytest.raises(kg.KgError):
        kg.country("United Kingdom")


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        kg.nothing  # noqa: B018
