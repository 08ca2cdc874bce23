"""docs/ is written from the ontology, the shapes and the shipped corpus's graph: it says
what the exports hold, every term with its comment, and it is current."""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, RDFS

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
