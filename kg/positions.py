"""Read the signed country × item matrix out of an exported graph.

Every ``dkg:Statement`` is an *item*. A country that backed it scores +1, one
that voted against it −1, one that abstained 0; a country the graph does not
place on it has no cell. A position whose evidence record (``dkg:Backing``,
``dkg:VoteAgainst``, ``dkg:Abstention``) has ``dkg:confidence`` below the
threshold is dropped (several records: the surest one counts). When
statement A ``dkg:counters`` statement B, a backer of A scores −1 on B and a
backer of B −1 on A, unless it took a position of its own there.

Stance gives items a direction: "praised China" and "condemned China" are the
same question answered two ways, so for every target T of a critical or
supportive statement there is one virtual item ``toward:T``. A backer of a
supportive statement adds +1, a backer of a critical one −1 (a vote against
or an opposition flips the sign); the cell is the sign of the sum, 0 for a mixed record.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from itertools import islice

import pyoxigraph as ox
import rdflib
from rdflib import DCTERMS, RDF, RDFS

from kg.model import KgError
from kg.sources import Source, TableSource, source_of
from kg.vocab import DKG

STANCE_SIGN = {str(DKG.Supportive): 1, str(DKG.Critical): -1}
STANCE_WORD = {1: "supportive", -1: "critical"}
POSITION_CLASSES = (DKG.Backing, DKG.VoteAgainst, DKG.Abstention, DKG.Opposition)
POSITION_CLASS_IRIS = tuple(map(str, POSITION_CLASSES))
# everything a Reader reads: a TableSource holding just these answers it as the whole graph
READ_PROPERTIES = tuple(
    map(
        str,
        (
            DKG.iso3, DKG.backedBy, DKG.votedAgainst, DKG.abstainedOn, DKG.opposedBy,
            DKG.deliveredBy, DKG.counters, DKG.target, DKG.stance, DKG.statementKind,
            DKG.declaredBackerCount, DKG.declaredBackerMinimum, DKG.date, RDFS.label,
            DKG.statement, DKG.country, DKG.confidence, DKG.evidence, DKG.mentionedIn,
            DCTERMS.title,
        ),
    )
)  # fmt: skip
READ_CLASSES = (str(DKG.Statement), str(DKG.Country), *POSITION_CLASS_IRIS)
NONE: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Item:
    """One question countries took a position on: a statement, or a virtual stance item."""

    id: str  # statement IRI, or "toward:ISO3"
    label: str
    kind: str  # "statement" | "stance"
    positions: dict[str, int] = field(default_factory=dict)  # ISO3 -> +1 / 0 / -1
    target: str | None = None
    stance: str | None = None
    date: str | None = None
    named: int = 0  # backers the graph names
    declared: int | None = None  # backers the text says there were ("on behalf of 23")
    declared_is_minimum: bool = False  # "more than 30 other countries"


@dataclass(frozen=True)
class Evidence:
    """Why the graph says a country took a position on a statement."""

    statement: str
    statement_label: str
    sentence: str
    article: str  # article IRI, "" when unknown
    article_title: str


@dataclass(frozen=True, slots=True)
class Statement:
    """A statement as read from the graph, with the countries on each side of it."""

    iri: str
    label: str
    backers: frozenset[str] = frozenset()
    against: frozenset[str] = frozenset()
    abstained: frozenset[str] = frozenset()
    opposed: frozenset[str] = frozenset()  # answered it from the other side
    delivered: frozenset[str] = frozenset()
    counters: frozenset[str] = frozenset()
    target: str | None = None
    sign: int = 0  # +1 supportive, -1 critical, 0 neutral or none
    date: str | None = None
    kind: str = ""
    declared: int | None = None
    declared_is_minimum: bool = False


def _by_subject(source: Source, prop: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for s, o in source.pairs(prop):
        out[s].append(o)
    return out


class Reader:
    """The graph's statements, positions and evidence, read predicate by predicate.

    Whole-predicate scans, not a lookup per node: many times faster on either store.
    """

    def __init__(self, graph: rdflib.Graph | ox.Store | TableSource) -> None:
        self.source = source_of(graph)
        self.codes = {s: o.upper() for s, o in self.source.pairs(str(DKG.iso3))}
        self._first: dict[str, dict[str, str]] = {}
        self._found: list[tuple[str, str, str]] | None = None

    def iso(self, node: str) -> str:
        return self.codes.get(node) or node.rstrip("/").rsplit("/", 1)[-1]

    def countries(self, prop: str) -> dict[str, frozenset[str]]:
        """Subject -> the countries `prop` names; equal sets are one object, as a few
        deliverers or signatories recur over thousands of statements."""
        found = _by_subject(self.source, prop)
        same: dict[frozenset[str], frozenset[str]] = {}
        out = {}
        for s, os in found.items():
            countries = frozenset(self.iso(o) for o in os)
            out[s] = same.setdefault(countries, countries)
        return out

    def counters(self) -> dict[str, list[str]]:
        return _by_subject(self.source, str(DKG.counters))

    def statement_nodes(self) -> set[str]:
        return set(self.source.typed(str(DKG.Statement)))

    def first(self, prop: str, among: Collection[str] | None = None) -> dict[str, str]:
        """Subject -> its least object (by text) for `prop`; read once per property.
        With `among`, only those subjects (read anew each time): a property such as
        rdfs:label is on every kind of node, and most of them are not wanted."""
        prop = str(prop)
        if among is None and prop in self._first:
            return self._first[prop]
        found: dict[str, str] = {}
        for s, o in self.source.pairs(prop):
            if (among is None or s in among) and (s not in found or o < found[s]):
                found[s] = o
        if among is None:
            self._first[prop] = found
        return found

    def _records(self) -> list[tuple[str, str, str]]:
        """(record, statement IRI, ISO3) for every position record."""
        if self._found is not None:
            return self._found
        records: set[str] = set()
        for cls in POSITION_CLASSES:
            records.update(self.source.typed(str(cls)))
        stmt, country = self.first(DKG.statement), self.first(DKG.country)
        found = records & stmt.keys() & country.keys()
        self._found = [(r, stmt[r], self.iso(country[r])) for r in sorted(found)]
        return self._found

    def confidences(self) -> dict[tuple[str, str], float]:
        """The surest position record per (statement IRI, ISO3)."""
        conf = self.first(DKG.confidence)
        best: dict[tuple[str, str], float] = {}
        for rec, iri, iso in self._records():
            if rec in conf:
                best[iri, iso] = max(best.get((iri, iso), 0.0), _number(conf[rec], 1.0))
        return best

    def evidence(
        self, statements: dict[str, Statement], limit: int | None = None
    ) -> tuple[dict[str, tuple[Evidence, ...]], dict[str, int]]:
        """Per country, one evidence sentence per statement (the surest record's, then the
        least sentence), and how many statements each country took a position on.

        With a `limit`, only each country's first `limit` statements with a sentence (by
        IRI) are read, record by record: a large archive has a sentence for every
        position, and a page shows a few per country. Without one, every sentence is
        read in a few whole-predicate scans, which hold them all.
        """
        labels = {iri: st.label for iri, st in statements.items()}
        taken: dict[str, list[str]] = defaultdict(list)
        for iri in sorted(statements):
            st = statements[iri]
            for iso in sorted(st.backers | st.against | st.abstained | st.opposed):
                taken[iso].append(iri)
        counts = {iso: len(iris) for iso, iris in sorted(taken.items())}
        if limit is None:
            return self._all_evidence(labels), counts
        shown: dict[str, tuple[Evidence, ...]] = {}
        for iso in sorted(taken):
            found = (self._evidence(iri, iso, labels) for iri in taken[iso])
            kept = tuple(islice((ev for ev in found if ev is not None), limit))
            if kept:
                shown[iso] = kept
        return shown, counts

    def _all_evidence(self, labels: dict[str, str]) -> dict[str, tuple[Evidence, ...]]:
        sentence, article, conf = (
            self.first(p) for p in (DKG.evidence, DKG.mentionedIn, DKG.confidence)
        )
        titles = self.first(DCTERMS.title)
        best: dict[tuple[str, str], tuple[float, str, str]] = {}
        for rec, iri, iso in self._records():
            if rec not in sentence or iri not in labels:
                continue
            key = (-_number(conf.get(rec, "1"), 1.0), sentence[rec], article.get(rec, ""))
            if (iri, iso) not in best or key < best[iri, iso]:
                best[iri, iso] = key
        out: dict[str, list[Evidence]] = defaultdict(list)
        for (iri, iso), (_, text, art) in sorted(best.items()):
            out[iso].append(Evidence(iri, labels.get(iri, iri), text, art, titles.get(art, "")))
        return {iso: tuple(found) for iso, found in out.items()}

    def _evidence(self, iri: str, iso: str, labels: dict[str, str]) -> Evidence | None:
        """The evidence of one country's position on one statement, looked up record by
        record as _all_evidence() reads it; None when no record of it has a sentence."""
        best: tuple[float, str, str] | None = None
        for record in self.source.subjects(str(DKG.statement), iri):
            if not self._position_of(record, iri, iso):
                continue
            sentences = list(self.source.objects(record, str(DKG.evidence)))
            if not sentences:
                continue
            confidence = min(self.source.objects(record, str(DKG.confidence)), default="1")
            article = min(self.source.objects(record, str(DKG.mentionedIn)), default="")
            key = (-_number(confidence, 1.0), min(sentences), article)
            best = key if best is None or key < best else best
        if best is None:
            return None
        _, sentence, article = best
        title = min(self.source.objects(article, str(DCTERMS.title)), default="") if article else ""
        return Evidence(iri, labels.get(iri, iri), sentence, article, title)

    def _position_of(self, record: str, iri: str, iso: str) -> bool:
        """Whether a record places that country on that statement, as _records() reads it."""
        kinds = set(self.source.objects(record, str(RDF.type)))
        statements = list(self.source.objects(record, str(DKG.statement)))
        countries = list(self.source.objects(record, str(DKG.country)))
        return (
            not kinds.isdisjoint(POSITION_CLASS_IRIS)
            and bool(countries)
            and min(statements) == iri
            and self.iso(min(countries)) == iso
        )

    def country_labels(self) -> dict[str, str]:
        countries = set(self.source.typed(str(DKG.Country)))
        names = self.first(RDFS.label, among=countries)
        return {self.iso(c): names.get(c) or self.iso(c) for c in countries}


def _shared(members: Iterable[str]) -> frozenset[str]:
    """The members as a frozenset; no members as the one empty set (a statement has six
    sets, most of them empty, and each empty frozenset is an object of its own)."""
    return frozenset(members) or NONE


def _number(text: str, default: float) -> float:
    try:
        return float(text)
    except ValueError:
        return default  # a malformed literal should not stop the analysis


def _declared(node: str, counts: dict, minimums: dict) -> tuple[int | None, bool]:
    if node in counts:
        return int(_number(counts[node], 0)), False
    if node in minimums:
        return int(_number(minimums[node], 0)), True
    return None, False


def read_statements(read: Reader, min_confidence: float = 0.0) -> dict[str, Statement]:
    """Every statement of the graph by IRI, positions under `min_confidence` left out."""
    # a record's confidence is never below 0: with no threshold none need be read
    confidence = read.confidences() if min_confidence > 0 else {}
    backed, against, abstained, opposed, delivered = (
        read.countries(str(p))
        for p in (DKG.backedBy, DKG.votedAgainst, DKG.abstainedOn, DKG.opposedBy, DKG.deliveredBy)
    )
    nodes = read.statement_nodes() | backed.keys()
    # labels and dates are on other kinds of node too: only the statements' are read
    # read for the statements alone, and not kept by the reader: an archive has many
    targets, stances, kinds, counts, minimums, labels, dates = (
        read.first(p, among=nodes)
        for p in (
            DKG.target,
            DKG.stance,
            DKG.statementKind,
            DKG.declaredBackerCount,
            DKG.declaredBackerMinimum,
            RDFS.label,
            DKG.date,
        )
    )
    counters = read.counters()
    out = {}
    for iri in nodes:

        def sure(found: dict, iri=iri) -> frozenset[str]:
            countries = found.get(iri, NONE)
            if not confidence:
                return countries
            return _shared(c for c in countries if confidence.get((iri, c), 1.0) >= min_confidence)

        declared, is_minimum = _declared(iri, counts, minimums)
        out[iri] = Statement(
            iri,
            labels.get(iri) or iri.rsplit("/", 1)[-1],
            backers=sure(backed),
            against=sure(against),
            abstained=sure(abstained),
            opposed=sure(opposed),
            delivered=delivered.get(iri, NONE),
            counters=_shared(counters.get(iri, ())),
            target=read.iso(targets[iri]) if iri in targets else None,
            sign=STANCE_SIGN.get(stances.get(iri, ""), 0),
            date=dates.get(iri),
            kind=kinds.get(iri, ""),
            declared=declared,
            declared_is_minimum=is_minimum,
        )
    return out


# ---------------------------------------------------------------- filtering
def period(date: str) -> tuple[str, str]:
    """First and last day an ISO date, year-month or year covers, as ISO strings."""
    date = date[:10]
    if len(date) == 4:
        return f"{date}-01-01", f"{date}-12-31"
    if len(date) == 7:
        return f"{date}-01", f"{date}-31"  # string comparison only needs an upper bound
    return date, date


def _bound(value: dt.date | str) -> str:
    text = str(value)
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        raise KgError(f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    return text


def keep(
    statements: dict[str, Statement],
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    target: str | None = None,
) -> dict[str, Statement]:
    """The statements dated inside [since, until] and about `target` (or answering one)."""
    # "--until 2019" means to the end of 2019, "--since 2019-07" from its first day
    lo = period(_bound(since))[0] if since is not None else None
    hi = period(_bound(until))[1] if until is not None else None

    def in_time(st: Statement) -> bool:
        if lo is None and hi is None:
            return True
        if st.date is None:
            return False  # an undated statement cannot be placed inside a window
        start, end = period(st.date)
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


# ---------------------------------------------------------------- the matrix
def sign(total: float) -> int:
    return (total > 0) - (total < 0)


def statement_items(statements: dict[str, Statement]) -> list[Item]:
    """One item per statement: direct positions, then −1 for backers of a rival statement."""
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
        pos = {c: 0 for c in st.abstained}
        pos.update({c: -1 for c in st.against | st.opposed})
        pos.update({c: 1 for c in st.backers})
        for c, total in derived.get(iri, {}).items():
            if c not in pos and total:
                pos[c] = sign(total)
        items.append(
            Item(
                iri,
                st.label,
                "statement",
                dict(sorted(pos.items())),
                st.target,
                STANCE_WORD.get(st.sign),
                st.date,
                len(st.backers),
                st.declared,
                st.declared_is_minimum,
            )
        )
    return items


def stance_items(statements: dict[str, Statement], labels: dict[str, str]) -> list[Item]:
    """One virtual item per target: each country's net direction toward it."""
    sums: dict[str, Counter] = defaultdict(Counter)
    for st in statements.values():
        if not st.sign or not st.target:
            continue
        for c in st.backers:
            sums[st.target][c] += st.sign
        for c in st.against | st.opposed:
            sums[st.target][c] -= st.sign
    return [
        Item(
            f"toward:{t}",
            f"stance toward {labels.get(t, t)}",
            "stance",
            {c: sign(v) for c, v in sorted(sums[t].items())},
            t,
        )
        for t in sorted(sums)
    ]
