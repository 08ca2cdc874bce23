"""Find voting blocs in an exported graph: who stands with whom, on what, led by whom.

The method, in four steps:

1. **Signed positions.** Every ``dkg:Statement`` is an *item*. A country that
   backed it scores +1, one that voted against it −1, one that abstained 0.
   A backing whose ``dkg:Backing`` record has ``dkg:confidence`` below
   ``min_confidence`` is dropped (several records: the surest one counts).
   When statement A ``dkg:counters`` statement B, a backer of A scores −1 on
   B and a backer of B −1 on A, unless it took a position of its own there.
2. **Stance direction.** "Praised China" and "condemned China" are different
   statements, so no country would share them as items; yet they are the
   same question answered two ways. For every target T of a critical or
   supportive statement there is one virtual item ``toward:T``: a backer of a
   supportive statement adds +1, a backer of a critical one −1 (a vote
   against flips the sign); the country's value is the sign of its sum, 0
   when its record is mixed. Neutral statements add nothing.
3. **Agreement.** For two countries, the *shared* items are those both have
   a value on; agreement is the fraction of shared items with equal values.
   Pairs with fewer than ``min_shared`` shared items are not counted.
4. **Blocs.** Louvain communities (seeded) of the graph whose edges are the
   counted pairs with agreement > 0.5, weighted by agreement. Countries with
   no counted pair, or alone in their community, are *unaligned*.

A bloc's stance toward T is the sign of its members' mean on ``toward:T``;
its items are the statements its members backed more than opposed; its
leaders are the members that delivered most of those items (else the member
with the highest weighted degree inside the bloc). Cohesion is averaged over
the items on which at least two members took a position: the Agreement Index
of Hix, Noury and Roland, (max(Y,N,A) − ½(Y+N+A − max)) / (Y+N+A), and the
Rice index |Y − N| / (Y + N).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

import networkx as nx
import rdflib
from rdflib import RDF, RDFS

from kg.model import KgError
from kg.vocab import DKG

STANCE_SIGN = {DKG.Supportive: 1, DKG.Critical: -1}
STANCE_WORD = {1: "supportive", -1: "critical"}


@dataclass(frozen=True)
class Item:
    """One question countries took a position on: a statement, or a virtual stance item."""

    id: str  # statement IRI, or "toward:ISO3"
    label: str
    kind: str  # "statement" | "stance"
    positions: dict[str, int] = field(default_factory=dict)  # ISO3 -> +1 / 0 / -1
    target: str | None = None
    stance: str | None = None


@dataclass(frozen=True)
class Pair:
    """Agreement between two countries over the items both took a position on."""

    a: str
    b: str
    shared: int
    agreed: int

    @property
    def agreement(self) -> float:
        return self.agreed / self.shared


@dataclass(frozen=True)
class Cohesion:
    agreement_index: float | None
    rice: float | None
    items: int  # how many items the averages are over


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


@dataclass(frozen=True)
class BlocReport:
    blocs: list[Bloc]
    countries: dict[str, CountryPosition]
    unaligned: list[str]
    items: list[Item]
    pairs: list[Pair] = field(default_factory=list)


@dataclass
class _Statement:
    iri: str
    label: str
    backers: set[str] = field(default_factory=set)
    against: set[str] = field(default_factory=set)
    abstained: set[str] = field(default_factory=set)
    delivered: set[str] = field(default_factory=set)
    counters: set[str] = field(default_factory=set)
    target: str | None = None
    sign: int = 0  # +1 supportive, -1 critical, 0 neutral or none
    date: str | None = None


# ---------------------------------------------------------------- reading the graph
# Whole-predicate scans, not a lookup per node: ten times faster on rdflib's memory store.
def _by_subject(graph: rdflib.Graph, prop: rdflib.URIRef) -> dict[rdflib.term.Node, list]:
    out: dict[rdflib.term.Node, list] = defaultdict(list)
    for s, _, o in graph.triples((None, prop, None)):
        out[s].append(o)
    return out


class _Reader:
    """The graph's statements and positions, read predicate by predicate."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph
        self.codes = {s: str(o).upper() for s, _, o in graph.triples((None, DKG.iso3, None))}

    def iso(self, node: rdflib.term.Node) -> str:
        return self.codes.get(node) or str(node).rstrip("/").rsplit("/", 1)[-1]

    def countries(self, prop: rdflib.URIRef) -> dict[rdflib.term.Node, set[str]]:
        return {s: {self.iso(o) for o in os} for s, os in _by_subject(self.graph, prop).items()}

    def first(self, prop: rdflib.URIRef) -> dict[rdflib.term.Node, rdflib.term.Node]:
        return {s: min(os, key=str) for s, os in _by_subject(self.graph, prop).items()}

    def confidences(self) -> dict[tuple[str, str], float]:
        """The surest dkg:Backing record per (statement IRI, ISO3)."""
        records = set(self.graph.subjects(RDF.type, DKG.Backing))
        stmt, country, conf = (self.first(p) for p in (DKG.statement, DKG.country, DKG.confidence))
        best: dict[tuple[str, str], float] = {}
        for rec in records & stmt.keys() & country.keys() & conf.keys():
            key = (str(stmt[rec]), self.iso(country[rec]))
            best[key] = max(best.get(key, 0.0), float(conf[rec]))
        return best

    def labels(self) -> dict[str, str]:
        names = self.first(RDFS.label)
        countries = self.graph.subjects(RDF.type, DKG.Country)
        return {self.iso(c): str(names.get(c) or self.iso(c)) for c in countries}


def _read_statements(read: _Reader, min_confidence: float) -> dict[str, _Statement]:
    graph = read.graph
    confidence = read.confidences()
    backed, against, abstained, delivered = (
        read.countries(p)
        for p in (DKG.backedBy, DKG.votedAgainst, DKG.abstainedOn, DKG.deliveredBy)
    )
    labels, targets, stances, dates = (
        read.first(p) for p in (RDFS.label, DKG.target, DKG.stance, DKG.date)
    )
    counters = _by_subject(graph, DKG.counters)
    out = {}
    for node in set(graph.subjects(RDF.type, DKG.Statement)) | backed.keys():
        iri = str(node)
        out[iri] = _Statement(
            iri,
            str(labels.get(node) or iri.rsplit("/", 1)[-1]),
            backers={
                c for c in backed.get(node, ()) if confidence.get((iri, c), 1.0) >= min_confidence
            },
            against=against.get(node, set()),
            abstained=abstained.get(node, set()),
            delivered=delivered.get(node, set()),
            counters={str(o) for o in counters.get(node, ())},
            target=read.iso(targets[node]) if node in targets else None,
            sign=STANCE_SIGN.get(stances.get(node), 0),
            date=str(dates[node]) if node in dates else None,
        )
    return out


# ---------------------------------------------------------------- filtering
def _period(date: str) -> tuple[str, str]:
    """First and last day an ISO date, year-month or year covers, as ISO strings."""
    date = date[:10]
    if len(date) == 4:
        return f"{date}-01-01", f"{date}-12-31"
    if len(date) == 7:
        return f"{date}-01", f"{date}-31"  # string comparison only needs an upper bound
    return date, date


def _keep(
    statements: dict[str, _Statement],
    since: dt.date | str | None,
    until: dt.date | str | None,
    target: str | None,
) -> dict[str, _Statement]:
    lo = str(since) if since is not None else None
    hi = str(until) if until is not None else None

    def in_time(st: _Statement) -> bool:
        if lo is None and hi is None:
            return True
        if st.date is None:
            return False  # an undated statement cannot be placed inside a window
        start, end = _period(st.date)
        return (hi is None or start <= hi) and (lo is None or end >= lo)

    kept = {k: st for k, st in statements.items() if in_time(st)}
    if target is None:
        return kept
    target = target.upper()
    about = {k for k, st in kept.items() if st.target == target}
    # a statement answering one about the target is part of the same quarrel
    about |= {k for k, st in kept.items() if st.counters & about}
    about |= {c for k in about for c in kept[k].counters if c in kept}
    return {k: kept[k] for k in sorted(about)}


# ---------------------------------------------------------------- positions
def _sign(total: int) -> int:
    return (total > 0) - (total < 0)


def _statement_items(statements: dict[str, _Statement]) -> list[Item]:
    direct: dict[str, dict[str, int]] = {}
    for iri, st in statements.items():
        pos = {c: 0 for c in st.abstained}
        pos.update({c: -1 for c in st.against})
        pos.update({c: 1 for c in st.backers})
        direct[iri] = pos
    derived: dict[str, Counter] = defaultdict(Counter)
    for iri, st in statements.items():
        for other in st.counters & statements.keys():
            for c in st.backers:
                derived[other][c] -= 1
            for c in statements[other].backers:
                derived[iri][c] -= 1
    items = []
    for iri in sorted(statements):
        st = statements[iri]
        pos = dict(direct[iri])
        for c, total in derived[iri].items():
            if c not in pos and total:
                pos[c] = _sign(total)
        stance = STANCE_WORD.get(st.sign)
        items.append(Item(iri, st.label, "statement", dict(sorted(pos.items())), st.target, stance))
    return items


def _stance_items(statements: dict[str, _Statement], labels: dict[str, str]) -> list[Item]:
    sums: dict[str, Counter] = defaultdict(Counter)
    for st in statements.values():
        if not st.sign or not st.target:
            continue
        for c in st.backers:
            sums[st.target][c] += st.sign
        for c in st.against:
            sums[st.target][c] -= st.sign
    return [
        Item(
            f"toward:{t}",
            f"stance toward {labels.get(t, t)}",
            "stance",
            {c: _sign(v) for c, v in sorted(sums[t].items())},
            t,
        )
        for t in sorted(sums)
    ]


def _pairs(items: list[Item], min_shared: int) -> list[Pair]:
    shared: Counter = Counter()
    agreed: Counter = Counter()
    for item in items:
        ranked = sorted(item.positions.items())
        for i, (a, va) in enumerate(ranked):
            for b, vb in ranked[i + 1 :]:
                shared[a, b] += 1
                agreed[a, b] += va == vb
    return [Pair(a, b, n, agreed[a, b]) for (a, b), n in sorted(shared.items()) if n >= min_shared]


# ---------------------------------------------------------------- blocs
def _communities(pairs: list[Pair], seed: int) -> tuple[nx.Graph, list[tuple[str, ...]]]:
    g = nx.Graph()
    g.add_nodes_from(sorted({p.a for p in pairs} | {p.b for p in pairs}))
    g.add_weighted_edges_from((p.a, p.b, p.agreement) for p in pairs if p.agreement > 0.5)
    found = nx.community.louvain_communities(g, weight="weight", seed=seed)
    groups = [tuple(sorted(c)) for c in found if len(c) > 1]
    return g, sorted(groups, key=lambda m: (-len(m), m))


def _cohesion(members: tuple[str, ...], items: list[Item]) -> Cohesion:
    ai, rice = [], []
    for item in items:
        votes = Counter(item.positions[m] for m in members if m in item.positions)
        n = sum(votes.values())
        if n < 2:
            continue
        top = max(votes.values())
        ai.append((top - 0.5 * (n - top)) / n)
        if votes[1] + votes[-1]:
            rice.append(abs(votes[1] - votes[-1]) / (votes[1] + votes[-1]))
    return Cohesion(
        round(sum(ai) / len(ai), 3) if ai else None,
        round(sum(rice) / len(rice), 3) if rice else None,
        len(ai),
    )


def _mean_sign(members: tuple[str, ...], item: Item) -> int:
    return _sign(sum(item.positions.get(m, 0) for m in members))


def _leaders(
    members: tuple[str, ...], items: list[str], statements: dict[str, _Statement], g: nx.Graph
) -> tuple[str, ...]:
    led = Counter(c for iri in items for c in statements[iri].delivered if c in members)
    if led:
        top = max(led.values())
        return tuple(sorted(c for c, n in led.items() if n == top))
    inside = g.subgraph(members)
    degree = {m: inside.degree(m, weight="weight") for m in members}
    return (min(members, key=lambda m: (-degree[m], m)),)


def _label(stance: dict[str, str], leaders: tuple[str, ...], size: int) -> str:
    what = " and ".join(f"{word} of {t}" for t, word in sorted(stance.items()))
    return f"{what or f'bloc of {size}'}, led by {' and '.join(leaders)}"


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
    statements: dict[str, _Statement],
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
        leaders = _leaders(members, backed, statements, g)
        blocs.append(
            Bloc(
                _bloc_id(stance, taken),
                _label(stance, leaders, len(members)),
                members,
                stance,
                tuple(backed),
                leaders,
                _cohesion(members, items),
            )
        )
    return blocs


def _country_positions(
    items: list[Item], labels: dict[str, str], blocs: list[Bloc], g: nx.Graph
) -> dict[str, CountryPosition]:
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
        )
        for c in sorted(counts)
    }


def analyse(
    graph: rdflib.Graph,
    *,
    min_confidence: float = 0.0,
    min_shared: int = 2,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    target: str | None = None,
    seed: int = 42,
) -> BlocReport:
    """Blocs of countries that take the same positions, from a graph that follows the contract."""
    if min_shared < 1:
        raise KgError(f"min_shared must be at least 1, not {min_shared}")
    if not 0.0 <= min_confidence <= 1.0:
        raise KgError(f"min_confidence must be between 0 and 1, not {min_confidence}")
    read = _Reader(graph)
    labels = read.labels()
    statements = _keep(_read_statements(read, min_confidence), since, until, target)
    items = _statement_items(statements) + _stance_items(statements, labels)
    pairs = _pairs(items, min_shared)
    g, groups = _communities(pairs, seed)
    blocs = _make_blocs(groups, items, statements, g)
    countries = _country_positions(items, labels, blocs, g)
    unaligned = sorted(c for c, pos in countries.items() if pos.bloc is None)
    return BlocReport(blocs, countries, unaligned, items, pairs)


# ---------------------------------------------------------------- output
def to_json(report: BlocReport) -> dict:
    """The CONTRACT.md shape, with "unaligned" and the items added."""
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
            c: {"bloc": p.bloc, "label": p.label, "items": p.items, "stance": p.stance}
            for c, p in report.countries.items()
        },
        "unaligned": list(report.unaligned),
        "items": [
            {"id": i.id, "label": i.label, "kind": i.kind, "countries": len(i.positions)}
            for i in report.items
        ],
    }


def to_rows(report: BlocReport) -> list[dict[str, str | int]]:
    """One row per country, for a table or csv.DictWriter."""
    names = {b.id: b.label for b in report.blocs}
    return [
        {
            "iso3": c,
            "country": p.label,
            "bloc": p.bloc or "",
            "bloc_label": names.get(p.bloc, "unaligned"),
            "items": p.items,
            "stance": "; ".join(f"{word} of {t}" for t, word in p.stance.items()),
        }
        for c, p in report.countries.items()
    ]
