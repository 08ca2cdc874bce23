"""docs/ is written from the ontology, the shapes and the shipped corpus's graph: it says
what the exports hold, every term with its comment, every field of the bloc JSON,
and it is current."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph

from kg.blocs import analyse, to_json
from kg.blocs_json import FIELDS, json_type, walk
from kg.docs import contract, pages, prefixed
from kg.sparql import PREFIXES
from kg.validate import load_ontology, load_shapes

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_the_pages_are_the_ones_written_from_the_shipped_corpus(seed_build):
    _, _, out = seed_build
    for name, text in pages(out).items():
        assert (DOCS / name).read_text(encoding="utf-8") == text, (
            f"docs/{name} is out of date: run python -m kg.docs"
        )


def test_every_term_of_the_ontology_is_in_the_reference_with_its_comment():
    reference = (DOCS / "ontology.md").read_text(encoding="utf-8")
    ontology = load_ontology()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in ontology.subjects(RDF.type, kind):
            if not str(term).startswith(PREFIXES["dkg"]):  # class expressions, blank nodes
                continue
            comment = ontology.value(term, RDFS.comment)
            assert comment, f"{term} has no comment"
            assert f"### `{prefixed(term)}`" in reference
            assert str(comment).strip() in reference


def test_the_contract_names_every_shapes_target_and_rule():
    written = contract(load_shapes())
    assert "## every `dkg:Statement`" in written
    assert "| `dkg:iso3` | exactly one | of type `xsd:string`; matching `^[A-Z]{3}$` |" in written
    assert "CONTRACT.md" not in (DOCS / "ontology.md").read_text(encoding="utf-8")


def _bloc_json(name: str) -> dict:
    """The JSON `kg blocs --format json` writes for a test graph, as a reader parses it."""
    report = analyse(Graph().parse(Path(__file__).parent / "data" / name))
    return json.loads(json.dumps(to_json(report)))


def test_every_field_of_the_bloc_json_is_documented_with_its_type():
    documented = {f.path: f.types for f in FIELDS}
    for name in ("blocs_swing.ttl", "blocs_quarrels.ttl", "blocs_votes.ttl"):
        for path, value in walk(_bloc_json(name)):
            assert path in documented, f"{path} is not in docs/blocs-json.md"
            kind = json_type(value)
            allowed = documented[path] + (("integer",) if "number" in documented[path] else ())
            assert kind in allowed, f"{path} is {kind}, documented as {documented[path]}"


def test_every_documented_field_of_the_bloc_json_is_written():
    written = {path for path, _ in walk(_bloc_json("blocs_swing.ttl"))}
    assert [f.path for f in FIELDS if f.path not in written] == []


def test_the_bloc_json_page_lists_every_field():
    page = (DOCS / "blocs-json.md").read_text(encoding="utf-8")
    for field in FIELDS:
        assert f"| `{field.path}` | {' or '.join(field.types)} | {field.meaning} |" in page
    assert (
        "| `countries.<ISO3>.bloc` | string or null | Its bloc's id; null when unaligned. | `\""
        in page
    )
