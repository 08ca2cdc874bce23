"""The reference pages in docs/, written from the ontology, the shapes and a built graph,
so they cannot drift from what the exports hold:

- docs/ontology.md: every class, property and concept of ontology/dkg.ttl with its
  comment, domain, range and an example from the shipped corpus, then the terms the
  graph borrows from other vocabularies;
- docs/contract.md: what every export guarantees, node kind by node kind, read from
  the SHACL shapes (ontology/shapes.ttl) that `kg validate` checks;
- docs/questions.md: the competency queries, each with its answer on the shipped corpus;
- docs/blocs-json.md: every field `kg blocs --format json` writes (kg.blocs_json).

    python -m kg.docs [--graph exports/kg.ttl] [--out docs]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SH, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.markdown import clipped, table_cell
from kg.resources import QUERIES, package_files
from kg.sparql import PREFIXES
from kg.validate import load_ontology, load_shapes

DKG = PREFIXES["dkg"]
KINDS = (
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Annotation and other properties", RDF.Property),
)
ROWS_SHOWN = 8
# Terms of other vocabularies the graph uses, and what it uses each for (the ontology
# declares only its own terms).
REUSED = {
    "rdfs:label": "The name shown for a node: a country's English name, an official's "
    "name, a statement's or event's label.",
    "dcterms:identifier": "An article's id, as given in its file name or record.",
    "dcterms:title": "An article's headline, or its id when it has none.",
    "dcterms:issued": "An article's publication date (xsd:date).",
    "dcterms:publisher": "The outlet that published an article.",
    "dcterms:language": "An article's language (ISO 639-1).",
    "schema:url": "Where an article was published (xsd:anyURI).",
    "owl:sameAs": "A country's Wikidata entity.",
    "oa:hasBody": "From an annotation (one per place a node is mentioned) to the node.",
    "oa:hasTarget": "From an annotation to the place in an article it marks.",
    "oa:hasSource": "From that place to its article.",
    "oa:hasSelector": "From that place to the characters it covers.",
    "oa:start": "Where the mention starts in the article's text, in characters.",
    "oa:end": "Where it ends (exclusive).",
    "oa:exact": "The words at those characters, as the article has them.",
    "rdf:type": "Every node's kind: one of the classes above.",
}


def prefixed(term: Node) -> str:
    text = str(term)
    for name, iri in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if text.startswith(iri):
            return f"{name}:{text[len(iri) :]}"
    if text.startswith("https://w3id.org/diplomatic-kg/id/"):
        return "dkgr:" + text[len("https://w3id.org/diplomatic-kg/id/") :]
    return f"<{text}>" if isinstance(term, URIRef) else _literal(term)


def _literal(term: Node) -> str:
    text = clipped(str(term).replace("\n", " "))
    if isinstance(term, Literal) and term.datatype is not None:
        return f'"{text}"^^{prefixed(term.datatype)}'
    return f'"{text}"'


# ---------------------------------------------------------------- ontology reference
def ontology_reference(ontology: Graph, example: Graph) -> str:
    lines = [
        "# The diplomatic-kg ontology",
        "",
        "Written by `python -m kg.docs` from `ontology/dkg.ttl`; each example is a triple",
        "of the graph built from the shipped corpus (`kg build`). Prefixes: "
        + ", ".join(f"`{n}:` <{iri}>" for n, iri in sorted(PREFIXES.items()))
        + ", `dkgr:` <https://w3id.org/diplomatic-kg/id/>.",
        "",
    ]
    for title, kind in KINDS:
        terms = sorted(t for t in ontology.subjects(RDF.type, kind) if str(t).startswith(DKG))
        if not terms:
            continue
        lines += [f"## {title}", ""]
        for term in terms:
            lines += _term_section(ontology, example, term, kind == OWL.Class)
    lines += _concepts(ontology)
    lines += ["## Terms from other vocabularies", "", "| term | how the graph uses it |",
              "|---|---|"]  # fmt: skip
    lines += [f"| `{term}` | {use} |" for term, use in REUSED.items()]
    return "\n".join(lines) + "\n"


def _term_section(ontology: Graph, example: Graph, term: URIRef, is_class: bool) -> list[str]:
    label = ontology.value(term, RDFS.label)
    lines = [f"### `{prefixed(term)}`" + (f" ({label})" if label else ""), ""]
    lines += [str(ontology.value(term, RDFS.comment) or "").strip(), ""]
    facts = []
    for name, prop in (("subclass of", RDFS.subClassOf), ("sub-property of", RDFS.subPropertyOf),
                       ("domain", RDFS.domain), ("range", RDFS.range)):  # fmt: skip
        values = sorted(prefixed(v) for v in ontology.objects(term, prop) if isinstance(v, URIRef))
        if values:
            facts.append(f"- {name}: " + ", ".join(f"`{v}`" for v in values))
    if (term, RDF.type, OWL.FunctionalProperty) in ontology:
        facts.append("- functional: at most one value per node")
    found = _example(example, term, is_class)
    if found:
        facts.append(f"- example: `{found}`")
    return [*lines, *facts, ""] if facts else lines


def _example(graph: Graph, term: URIRef, is_class: bool) -> str | None:
    if is_class:
        nodes = sorted(graph.subjects(RDF.type, term))
        return f"{prefixed(nodes[0])} a {prefixed(term)}" if nodes else None
    pairs = sorted(graph.subject_objects(term), key=lambda pair: (str(pair[0]), str(pair[1])))
    if not pairs:
        return None
    subject, value = pairs[0]
    return f"{prefixed(subject)} {prefixed(term)} {prefixed(value)}"


def _concepts(ontology: Graph) -> list[str]:
    schemes = sorted(
        ontology.subjects(RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme"))
    )
    lines: list[str] = []
    skos = "http://www.w3.org/2004/02/skos/core#"
    for scheme in schemes:
        lines += [f"## {ontology.value(scheme, RDFS.label) or prefixed(scheme)}", ""]
        lines += [str(ontology.value(scheme, RDFS.comment) or "").strip(), ""]
        lines += ["| value | meaning |", "|---|---|"]
        for concept in sorted(ontology.subjects(URIRef(skos + "inScheme"), scheme)):
            note = ontology.value(concept, RDFS.comment) or ontology.value(
                concept, URIRef(skos + "definition")
            )
            notation = ontology.value(concept, URIRef(skos + "notation")) or prefixed(concept)
            lines.append(f"| `{notation}` | {table_cell(str(note or ''))} |")
        lines.append("")
    individuals = sorted(
        t for t in ontology.subjects(RDF.type, OWL.NamedIndividual) if str(t).startswith(DKG)
    )
    if individuals:
        lines += ["## Individuals", "", "| individual | meaning |", "|---|---|"]
        for term in individuals:
            comment = table_cell(str(ontology.value(term, RDFS.comment) or ""))
            lines.append(f"| `{prefixed(term)}` | {comment} |")
        lines.append("")
    return lines


# ---------------------------------------------------------------- the contract
def contract(shapes: Graph) -> str:
    """What each export guarantees, one section per node shape of the SHACL shapes."""
    lines = [
        "# The graph contract",
        "",
        "What every export of `kg build` guarantees, whatever the articles. Written by",
        "`python -m kg.docs` from `ontology/shapes.ttl`, the SHACL shapes `kg validate`",
        "checks (a build's own tests validate every export against them).",
        "",
        "Every node has an IRI under <https://w3id.org/diplomatic-kg/id/> made from what",
        "it is (kind, date, leader, name, words), so the same statement, official or",
        "event reported by several articles is one node. `kg.ttl` holds the union of the",
        "graph; `kg.trig` keeps one named graph per article (`<article IRI>/graph`)",
        "with the records that say where each fact was read, and the merged nodes in",
        "the default graph.",
        "",
    ]
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape)):
        lines += _shape_section(shapes, shape)
    return "\n".join(lines) + "\n"


def _shape_section(shapes: Graph, shape: Node) -> list[str]:
    targets = [f"every `{prefixed(t)}`" for t in shapes.objects(shape, SH.targetClass)]
    targets += [
        f"every subject of `{prefixed(t)}`" for t in shapes.objects(shape, SH.targetSubjectsOf)
    ]
    targets += [
        f"every object of `{prefixed(t)}`" for t in shapes.objects(shape, SH.targetObjectsOf)
    ]
    if not targets:
        return []
    lines = [f"## {', '.join(sorted(targets))}", ""]
    comment = shapes.value(shape, RDFS.comment)
    if comment:
        lines += [str(comment).strip(), ""]
    rows = [_rule(shapes, prop) for prop in shapes.objects(shape, SH.property)]
    rows = sorted(row for row in rows if row)
    if rows:
        lines += ["| property | how many | value | why |", "|---|---|---|---|", *rows, ""]
    return lines


def _rule(shapes: Graph, prop: Node) -> str | None:
    path = shapes.value(prop, SH.path)
    if path is None:
        return None
    low, high = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
    count = {
        (None, None): "any",
        (None, 1): "at most one",
        (1, 1): "exactly one",
        (1, None): "one or more",
    }.get(  # fmt: skip
        (None if low is None else int(low), None if high is None else int(high)),
        f"{low or 0} to {high or 'any'}",
    )
    value = _value_rule(shapes, prop)
    message = shapes.value(prop, SH.message)
    severity = shapes.value(prop, SH.severity)
    why = table_cell(str(message or "")) + (" (a warning)" if severity == SH.Warning else "")
    return f"| `{prefixed(path)}` | {count} | {value} | {why} |"


def _value_rule(shapes: Graph, prop: Node) -> str:
    found = []
    for name, key in (("a", SH["class"]), ("of type", SH.datatype)):
        found += [f"{name} `{prefixed(v)}`" for v in shapes.objects(prop, key)]
    found += [f"an {str(v).rsplit('#', 1)[-1]}" for v in shapes.objects(prop, SH.nodeKind)]
    for options in shapes.objects(prop, SH["in"]):
        values = [prefixed(v) for v in Collection(shapes, options)]
        found.append("one of " + ", ".join(f"`{v}`" for v in values))
    for pattern in shapes.objects(prop, SH.pattern):
        found.append(f"matching `{table_cell(str(pattern))}`")
    for low in shapes.objects(prop, SH.minInclusive):
        found.append(f"at least {low}")
    for high in shapes.objects(prop, SH.maxInclusive):
        found.append(f"at most {high}")
    return "; ".join(found) or "any"


# ---------------------------------------------------------------- worked questions
def worked_questions(graph_path: Path) -> str:
    from kg.querying import run_query

    lines = [
        "# Worked questions",
        "",
        "The competency queries shipped in `ontology/queries/`, each run with",
        "`kg query FILE` on the graph of the shipped corpus (`kg build`). Written by",
        f"`python -m kg.docs`; the first {ROWS_SHOWN} rows of each answer are shown.",
        "",
    ]
    for entry in package_files(QUERIES):
        text = entry.read_text(encoding="utf-8")
        question = text.splitlines()[0].lstrip("# ").strip()
        result = run_query(text, graph_path)
        lines += [f"## {question}", "", f"`kg query ontology/queries/{entry.name}`", ""]
        lines += ["```sparql", text.rstrip(), "```", ""]
        lines += _answer_table(result.variables, result.rows)
    return "\n".join(lines) + "\n"


def _answer_table(variables: list[str], rows: Iterable[list[str | None]]) -> list[str]:
    rows = list(rows)
    lines = ["| " + " | ".join(variables) + " |", "|" + "---|" * len(variables)]
    for row in rows[:ROWS_SHOWN]:
        cells = [_short(value) for value in row]
        lines.append("| " + " | ".join(cells) + " |")
    more = len(rows) - ROWS_SHOWN
    lines += [f"\n({len(rows)} rows{f', {more} more not shown' if more > 0 else ''})", ""]
    return lines


def _short(value: str | None) -> str:
    if value is None:
        return ""
    text = prefixed(URIRef(value)) if value.startswith("https://w3id.org/") else value
    return table_cell(clipped(text))


# ---------------------------------------------------------------- writing
def pages(graph_path: Path) -> dict[str, str]:
    """docs/ page name -> its text."""
    from kg.blocs import analyse, to_json
    from kg.blocs_json import reference
    from kg.store import load_graph

    example = load_graph(graph_path)
    return {
        "ontology.md": ontology_reference(load_ontology(), example),
        "contract.md": contract(load_shapes()),
        "questions.md": worked_questions(graph_path),
        "blocs-json.md": reference(to_json(analyse(example))),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write docs/ from the ontology and a graph.")
    parser.add_argument("--graph", type=Path, default=Path("exports/kg.ttl"))
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in pages(args.graph).items():
        (args.out / name).write_text(text, encoding="utf-8")
        print(f"wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
