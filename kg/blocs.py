"""Find voting blocs in an exported graph: who stands with whom, on what, led by whom.

1. **Positions** (kg.positions): a signed country × item matrix, statements
   and one stance item per target, after the confidence, date and target
   filters.
2. **Agreement** (kg.measures): for two countries, the fraction of the items
   both have a position on where the positions are equal. Pairs with fewer
   than ``min_shared`` shared items are not counted.
3. **Blocs**: Louvain communities (seeded, so deterministic) of the graph whose
   edges are the counted pairs with agreement > 0.5 and a positive tie
   (kg.measures.pairs: each item weighed by how few stand on each side of it),
   weighted by the tie;
   or, with ``method="signed"`` and the optional leidenalg installed, signed
   communities that also push apart countries that disagree. Countries with
   no counted pair, or alone in their community, are *unaligned*.
4. **Roles**: cohesion per bloc (kg.measures), leaders (who delivered the
   bloc's statements, then who is most strongly tied inside it), swing
   countries (kg.swing).

A bloc's stance toward T is the sign of its members' mean on ``toward:T``;
its items are the statements its members backed more than opposed.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import rdflib

from kg.measures import Cohesion, Pair, betweenness, cohesion, pairs, participation
from kg.model import KgError
from kg.positions import (
    STANCE_WORD,
    Evidence,
    Item,
    Reader,
    Statement,
    keep,
    read_statements,
    sign,
    stance_items,
    statement_items,
)
from kg.sources import TableSource
from kg.swing import Swing, swing_countries, switches

METHODS = ("louvain", "signed")


@dataclass(frozen=True)
class Bloc:
    id: str
    label: str
    members: tuple[str, ...]
    stance: dict[str, str]
    items: tuple[str, ...]
    leaders: tuple[str, ...]
    cohesion: Cohesion


@dataclass(frozen=True)
class CountryPosition:
    iso3: str
    label: str
    bloc: str | None
    items: int  # items the country has a position on
    stance: dict[str, str]  # target ISO3 -> "critical" | "supportive" | "mixed"
    degree: float  # weighted degree in the agreement graph
    participation: float = 0.0
    betweenness: float = 0.0
    switch_rate: float | None = None


@dataclass(frozen=True)
class BlocReport:
    blocs: list[Bloc]
    countries: dict[str, CountryPosition]
    unaligned: list[str]
    items: list[Item]
    pairs: list[Pair] = field(default_factory=list)
    swing: list[Swing] = field(default_factory=list)
    evidence: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)
    # statements each country took a position on: more than `evidence` holds when
    # analyse() was asked for a few sentences per country
    evidence_counts: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------- communities
def agreement_graph(found: list[Pair]) -> nx.Graph:
    """Countries joined where they agree on more than half their shared items and stand
    together more than apart, weighted by their tie: a small coalition or a direct quarrel
    counts for more than one more name under a text signed by forty."""
    g = nx.Graph()
    g.add_nodes_from(sorted({p.a for p in found} | {p.b for p in found}))
    g.add_weighted_edges_from((p.a, p.b, p.tie) for p in found if p.tie > 0 and p.agreement > 0.5)
    return g


def _signed_communities(found: list[Pair], nodes: list[str], seed: int) -> list[set[str]]:
    try:
        import igraph as ig
        import leidenalg as la
    except ImportError:
        raise KgError(
            "signed blocs need the optional leidenalg package (pip install leidenalg)"
        ) from None
    index = {n: i for i, n in enumerate(nodes)}
    layers = []
    for keep_edge in (lambda w: w > 0, lambda w: w < 0):
        layer = ig.Graph(n=len(nodes))
        edges = [(p, p.tie) for p in found if keep_edge(p.tie)]
        layer.add_edges([(index[p.a], index[p.b]) for p, _ in edges])
        layer.es["weight"] = [abs(w) for _, w in edges]
        layers.append(la.ModularityVertexPartition(layer, weights="weight"))
    optimiser = la.Optimiser()
    optimiser.set_rng_seed(seed)
    optimiser.optimise_partition_multiplex(layers, layer_weights=[1, -1])
    groups: dict[int, set[str]] = defaultdict(set)
    for node, community in zip(nodes, layers[0].membership, strict=True):
        groups[community].add(node)
    return list(groups.values())


def communities(
    found: list[Pair], g: nx.Graph, seed: int = 42, method: str = "louvain"
) -> list[tuple[str, ...]]:
    """Groups of two or more countries, largest first; the same graph gives the same groups."""
    if method not in METHODS:
        raise KgError(f"unknown bloc method {method!r} (expected one of {', '.join(METHODS)})")
    if method == "signed":
        groups = _signed_communities(found, sorted(g.nodes), seed)
    else:
        groups = nx.community.louvain_communities(g, weight="weight", seed=seed)
    kept = [tuple(sorted(c)) for c in groups if len(c) > 1]
    return sorted(kept, key=lambda m: (-len(m), m))


# ---------------------------------------------------------------- blocs
def _mean_sign(members: tuple[str, ...], item: Item) -> int:
    return sign(sum(item.positions.get(m, 0) for m in members))


def leaders(
    members: tuple[str, ...],
    items: list[str],
    statements: Mapping[str, Statement],
    g: nx.Graph,
) -> tuple[str, ...]:
    """Members that delivered the bloc's statements, most first; else the best-tied member.

    Ties between deliverers go to the member more strongly tied inside the bloc.
    """
    inside = g.subgraph(members)
    strength = {m: inside.degree(m, weight="weight") if m in inside else 0.0 for m in members}
    led = Counter(c for iri in items for c in statements[iri].delivered if c in members)
    if led:
        return tuple(sorted(led, key=lambda c: (-led[c], -strength[c], c)))
    return (min(members, key=lambda m: (-strength[m], m)),)


NAMED_LEADERS = 3  # leaders a bloc's label names; the rest are counted


def _label(stance: dict[str, str], leaders: tuple[str, ...], size: int) -> str:
    """What the bloc stands for and every leader, so the label never names fewer
    leaders than the bloc's list beside it."""
    what = " and ".join(f"{word} of {t}" for t, word in sorted(stance.items()))
    named = list(leaders[:NAMED_LEADERS])
    if len(leaders) > NAMED_LEADERS:
        named.append(f"{len(leaders) - NAMED_LEADERS} more")
    who = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    return f"{what or f'bloc of {size}'}, led by {who}"


def _bloc_id(stance: dict[str, str], taken: set[str]) -> str:
    base = "_".join(f"{word}_of_{t}" for t, word in sorted(stance.items())) or "bloc"
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}_{n}"
    taken.add(ident)
    return ident


def _make_blocs(
    groups: list[tuple[str, ...]],
    items: list[Item],
    statements: Mapping[str, Statement],
    g: nx.Graph,
) -> list[Bloc]:
    blocs, taken = [], set()
    for members in groups:
        stance = {
            i.target: STANCE_WORD[s]
            for i in items
            if i.kind == "stance" and (s := _mean_sign(members, i))
        }
        backed = [
            i.id
            for i in items
            if i.kind == "statement"
            and any(i.positions.get(m) == 1 for m in members)
            and _mean_sign(members, i) > 0
        ]
        led = leaders(members, backed, statements, g)
        blocs.append(
            Bloc(
                _bloc_id(stance, taken),
                _label(stance, led, len(members)),
                members,
                stance,
                tuple(backed),
                led,
                cohesion(members, items),
            )
        )
    return blocs


def _country_positions(
    items: list[Item],
    labels: dict[str, str],
    blocs: list[Bloc],
    g: nx.Graph,
    roles: tuple[dict[str, float], dict[str, float], dict[str, float | None]],
) -> dict[str, CountryPosition]:
    part, between, rate = roles
    where = {m: b.id for b in blocs for m in b.members}
    counts: Counter = Counter()
    stance: dict[str, dict[str, str]] = defaultdict(dict)
    for item in items:
        for c, v in item.positions.items():
            counts[c] += 1
            if item.kind == "stance":
                stance[c][item.target] = STANCE_WORD.get(v, "mixed")
    return {
        c: CountryPosition(
            c,
            labels.get(c, c),
            where.get(c),
            counts[c],
            dict(sorted(stance[c].items())),
            round(g.degree(c, weight="weight"), 3) if c in g else 0.0,
            part.get(c, 0.0),
            between.get(c, 0.0),
            rate.get(c),
        )
        for c in sorted(counts)
    }


def analyse(
    graph: rdflib.Graph | ox.Store | TableSource,
    *,
    min_confidence: float = 0.0,
    min_shared: int = 2,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    target: str | None = None,
    seed: int = 42,
    method: str = "louvain",
    evidence_per_country: int | None = None,
) -> BlocReport:
    """Blocs of countries that take the same positions, from a graph that follows the contract.

    `graph` is an rdflib Graph or, faster on large exports, a pyoxigraph Store
    (kg.rdf_files.oxigraph_store(path)), or a kg.sources.TableSource holding what
    kg.positions.Reader reads. `evidence_per_country` reads that many evidence
    sentences per country (its first statements by IRI), all when None: a page that
    shows a few need not hold a large archive's every sentence.
    """
    if min_shared < 1:
        raise KgError(f"min_shared must be at least 1, not {min_shared}")
    if not 0.0 <= min_confidence <= 1.0:
        raise KgError(f"min_confidence must be between 0 and 1, not {min_confidence}")
    read = Reader(graph)
    labels = read.country_labels()
    if target is not None:
        target = _country_code(target, labels)
    statements = keep(read_statements(read, min_confidence), since, until, target)
    items = statement_items(statements) + stance_items(statements, labels)
    found = pairs(items, min_shared)
    g = agreement_graph(found)
    blocs = _make_blocs(communities(found, g, seed, method), items, statements, g)
    membership = {m: b.id for b in blocs for m in b.members}
    part, between = participation(g, membership), betweenness(g)
    moves = switches(statements)
    rate = {c: round(len(ch) / n, 3) if n else None for c, (n, ch) in moves.items()}
    countries = _country_positions(items, labels, blocs, g, (part, between, rate))
    unaligned = sorted(c for c, pos in countries.items() if pos.bloc is None)
    evidence, evidence_counts = read.evidence(statements, evidence_per_country)
    return BlocReport(
        blocs,
        countries,
        unaligned,
        items,
        found,
        swing_countries(moves, part, between, list(countries)),
        evidence,
        evidence_counts,
    )


# ---------------------------------------------------------------- output
def _swing_json(s: Swing) -> dict:
    return {
        "iso3": s.iso3,
        "participation": s.participation,
        "betweenness": s.betweenness,
        "switch_rate": s.switch_rate,
        "switches": [asdict(m) for m in s.switches],
        "reasons": list(s.reasons),
    }


def to_json(report: BlocReport) -> dict:
    """The bloc report as JSON: each bloc (members, stance, items, leaders, cohesion), each
    country's place, the swing countries, the unaligned and every item."""
    return {
        "blocs": [
            {
                "id": b.id,
                "label": b.label,
                "members": list(b.members),
                "stance": b.stance,
                "items": list(b.items),
                "leaders": list(b.leaders),
                "cohesion": asdict(b.cohesion),
            }
            for b in report.blocs
        ],
        "countries": {
            c: {
                "bloc": p.bloc,
                "label": p.label,
                "items": p.items,
                "stance": p.stance,
                "participation": p.participation,
                "betweenness": p.betweenness,
                "switch_rate": p.switch_rate,
            }
            for c, p in report.countries.items()
        },
        "unaligned": list(report.unaligned),
        "swing": [_swing_json(s) for s in report.swing],
        "items": [
            {
                "id": i.id,
                "label": i.label,
                "kind": i.kind,
                "countries": len(i.positions),
                "date": i.date,
                "named_backers": i.named,
                "declared_backers": i.declared,
                "declared_is_minimum": i.declared_is_minimum,
            }
            for i in report.items
        ],
    }


def _country_code(text: str, labels: dict[str, str]) -> str:
    """A country named by its ISO3 code, its label in the graph or a name news uses."""
    from kg.extract.countries import all_countries, lookup_country

    known = labels.keys() | {c.iso3 for c in all_countries()}
    by_label = {label.casefold(): iso3 for iso3, label in labels.items()}
    code = text.upper() if text.upper() in known else by_label.get(text.strip().casefold())
    code = code or lookup_country(text.strip())
    if code is None:
        raise KgError(f"target {text!r}: no such country (give its ISO3 code or its name)")
    return code


def bloc_rows(report: BlocReport) -> list[dict[str, str | int | float]]:
    """One row per bloc: its size and cohesion (Agreement Index and Rice averaged over N
    items on which two or more members took a position)."""
    return [
        {
            "bloc": b.label,
            "members": len(b.members),
            "agreement": "" if b.cohesion.agreement_index is None else b.cohesion.agreement_index,
            "rice": "" if b.cohesion.rice is None else b.cohesion.rice,
            "n": b.cohesion.items,
        }
        for b in report.blocs
    ]


def to_rows(report: BlocReport) -> list[dict[str, str | int | float]]:
    """One row per country, for a table or csv.DictWriter."""
    names = {b.id: b.label for b in report.blocs}
    swing = {s.iso3 for s in report.swing}
    return [
        {
            "iso3": c,
            "country": p.label,
            "bloc": p.bloc or "",
            "bloc_label": names.get(p.bloc, "unaligned"),
            "items": p.items,
            "stance": "; ".join(f"{word} of {t}" for t, word in p.stance.items()),
            "participation": p.participation,
            "swing": "yes" if c in swing else "",
        }
        for c, p in report.countries.items()
    ]


def blocs_of(graph: rdflib.Graph | ox.Store | str | Path, **options) -> BlocReport:
    """Blocs of countries that take the same positions, with cohesion and swing countries,
    of a graph or an export's path (the Python API's `kg.blocs`; options as `analyse`)."""
    if isinstance(graph, str | Path):
        from kg.store import load_graph

        graph = load_graph(graph)
    return analyse(graph, **options)


class _Callable(types.ModuleType):
    """`kg.blocs(graph)` is the Python API's call (blocs_of), while kg.blocs stays this
    module."""

    def __call__(self, graph, **options):
        return blocs_of(graph, **options)


sys.modules[__name__].__class__ = _Callable
