"""Extraction quality on the development sets never slips below the floor in benchmarks/.

The floors are the figures reached when they were last raised: raise them as
extraction improves, never lower them. The sets live beside the repository
(../shared, or where KG_SHARED points); without them the floor tests are skipped.
"""

from __future__ import annotations

import json

import pytest
import rdflib
from rdflib import RDF, Literal

from benchmarks import quality
from kg.vocab import DKG, country_iri, statement_iri
from tests.conftest import ROOT

FLOOR = json.loads((ROOT / "benchmarks" / "quality_floor.json").read_text(encoding="utf-8"))
SETS = [name for name in FLOOR if name != "about"]
SHARED = quality.default_shared()
HAVE_SETS = (SHARED / "tools" / "score.py").is_file()


def test_the_floor_covers_every_set_with_figures_the_table_shows():
    assert list(quality.SETS) == SETS
    keys = {key for _, key in quality.FIGURES}
    for name in SETS:
        assert FLOOR[name] and set(FLOOR[name]) <= keys, name


def test_without_the_sets_the_command_says_so_in_one_line(tmp_path, capsys):
    assert quality.main(["--shared", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no development sets" in err and str(tmp_path) in err


def test_an_unknown_set_is_refused(capsys):
    assert quality.main(["--shared", str(ROOT), "--sets", "seeds,nope"]) == 1
    assert "nope" in capsys.readouterr().err


def _statement_with_backings(confidences: dict[str, float]) -> rdflib.Graph:
    g = rdflib.Graph()
    s = statement_iri("s")
    g.add((s, RDF.type, DKG.Statement))
    for n, (iso3, confidence) in enumerate(confidences.items()):
        g.add((s, DKG.backedBy, country_iri(iso3)))
        record = rdflib.BNode(f"r{n}")
        for p, o in [
            (RDF.type, DKG.Backing),
            (DKG.statement, s),
            (DKG.country, country_iri(iso3)),
            (DKG.confidence, Literal(confidence)),
        ]:
            g.add((record, p, o))
    quote = rdflib.URIRef("https://example.org/q")
    g.add((quote, RDF.type, DKG.Quote))
    g.add((quote, DKG.confidence, Literal(0.6)))
    return g


@pytest.mark.parametrize(
    "threshold, backers, quotes",
    [(0.0, {"FRA", "DEU"}, 1), (0.6, {"FRA", "DEU"}, 1), (0.7, {"FRA"}, 0), (0.95, set(), 0)],
)
def test_a_confidence_cut_drops_backings_and_quotes_below_it(threshold, backers, quotes):
    g = _statement_with_backings({"FRA": 0.9, "DEU": 0.65})
    cut = quality.keep_confident(g, threshold)
    kept = {str(o).rsplit("/", 1)[-1] for o in cut.objects(None, DKG.backedBy)}
    assert kept == backers
    assert len(set(cut.subjects(RDF.type, DKG.Quote))) == quotes
    assert len(g) == 13  # the graph cut is a copy


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """Every set built and scored once."""
    return quality.measure(SHARED, SETS, tmp_path_factory.mktemp("quality"))


@pytest.mark.slow
@pytest.mark.skipif(not HAVE_SETS, reason=f"no development sets at {SHARED} (set KG_SHARED)")
@pytest.mark.parametrize("name, figure", [(n, f) for n in SETS for f in FLOOR[n]])
def test_quality_stays_at_or_above_its_floor(measured, name, figure):
    got, floor = measured[name].figures[figure], FLOOR[name][figure]
    if figure in quality.LOWER_IS_BETTER:
        assert got <= floor, f"{name} {figure}: {got} (ceiling {floor})"
    else:
        assert got is not None and got >= floor, f"{name} {figure}: {got} (floor {floor})"
