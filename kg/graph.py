"""Resolved nodes and per-article mentions as RDF: the only module that writes triples.

Merged descriptions of nodes go to the default graph; what each article says
(provenance, evidence, offsets) goes to that article's named graph.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

from kg.model import Article, DateValue, Extraction, Span
from kg.resolve import NodeRef, Resolution, doubted, official_keys
from kg.vocab import (
    DKG,
    DKGR,
    OA,
    SCHEMA,
    STANCES,
    WD,
    article_iri,
    country_iri,
    event_iri,
    org_iri,
    person_iri,
    quote_iri,
    statement_iri,
)

END_MARKS = (". ", "? ", "! ", ".\u201d ", '." ')

# Properties whose values the writer types with a subtype of xsd:integer. An Oxigraph store
# keeps every integer as xsd:integer, so exports written from one restore these types.
INTEGER_SUBTYPES = {OA.start: XSD.nonNegativeInteger, OA.end: XSD.nonNegativeInteger}


class _Terms:
    """A namespace's terms as pyoxigraph nodes, each made once. The writer makes its
    terms with pyoxigraph, whose text is N-Triples (an rdflib term costs several
    times more to make and would have to be converted)."""

    def __init__(self, namespace: object, names: Iterable[str]) -> None:
        for name in names:
            setattr(self, name, ox.NamedNode(f"{namespace}{name}"))


def _named(term: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(term))


D = _Terms(DKG, DKG.__annotations__)
A = _Terms(OA, OA.__annotations__)
TYPE, LABEL, SAME_AS, URL = map(_named, (RDF.type, RDFS.label, OWL.sameAs, SCHEMA.url))
IDENTIFIER, TITLE, ISSUED, PUBLISHER, LANGUAGE = (
    _named(DCTERMS[name]) for name in ("identifier", "title", "issued", "publisher", "language")
)
INTEGER, DECIMAL, BOOLEAN, DATE, G_YEAR, G_YEAR_MONTH, ANY_URI = map(
    _named, (XSD.integer, XSD.decimal, XSD.boolean, XSD.date, XSD.gYear, XSD.gYearMonth, XSD.anyURI)
)
OFFSET = _named(INTEGER_SUBTYPES[OA.start])
_STANCES = {name: _named(term) for name, term in STANCES.items()}
POSITION_CLASS = {"backed": D.Backing, "against": D.VoteAgainst, "abstained": D.Abstention,
                  "opposed": D.Opposition}  # fmt: skip
POSITION_PROPERTY = {"backed": D.backedBy, "against": D.votedAgainst,
                     "abstained": D.abstainedOn, "opposed": D.opposedBy}  # fmt: skip

PREFIXES = {
    "dkg": DKG._NS, "dkgr": DKGR, "dcterms": DCTERMS, "owl": OWL,
    "prov": PROV, "schema": SCHEMA, "xsd": XSD, "rdfs": RDFS, "oa": OA._NS,
}  # fmt: skip


def new_dataset() -> Dataset:
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    return ds


def build_dataset(extractions: list[Extraction], resolution: Resolution) -> Dataset:
    """The whole knowledge graph as an rdflib Dataset: for the API and small graphs."""
    ds = new_dataset()
    in_order = sorted(extractions, key=lambda e: e.article.id)
    write_graph(in_order, resolution, _DatasetSink(ds))
    return ds


def fill_runs(in_order: Iterable[Extraction], resolution: Resolution, runs: Runs) -> None:
    """The whole knowledge graph as N-Triples text into the exports' sorting runs
    (kg.store.ExportRuns), from which the build writes its files and loads its store:
    no copy of the graph is held in memory. The extractions come by article id."""
    write_graph(in_order, resolution, _TextSink(runs))


def write_graph(in_order: Iterable[Extraction], resolution: Resolution, sink: Sink) -> None:
    """Merged nodes into the default graph, then one named graph per article, the
    extractions taken by article id.

    The nodes are written from the resolution alone; each article's graph (where its
    mentions are, their evidence and offsets) from its own extraction, one article at
    a time: an extraction is needed only while its article is written (a build reads
    them back from disk, kg.spill).
    """
    writer = _Writer(sink, resolution)
    writer.statements()
    writer.officials()
    writer.organizations()
    writer.quotes()
    writer.events()
    writer.statement_events()
    for ex in in_order:
        writer.article(ex)


class Sink(Protocol):
    def add(self, triple: tuple, graph: ox.NamedNode | None) -> None:
        """Add one triple to the named graph `graph`, or to the default graph if None."""
        ...


class _DatasetSink:
    """Triples into an rdflib Dataset, their terms made rdflib's (small graphs only)."""

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self.graphs = {None: ds.default_graph}

    def add(self, triple: tuple, graph: ox.NamedNode | None) -> None:
        target = self.graphs.get(graph)
        if target is None:
            target = self.graphs[graph] = self.ds.graph(URIRef(graph.value))
        target.add(tuple(map(_rdflib_term, triple)))


XSD_STRING = _named(XSD.string)


def _rdflib_term(term: ox.NamedNode | ox.Literal) -> URIRef | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype == XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


class Runs(Protocol):
    def add(self, triple: str, graph: str) -> None:
        """One triple as N-Triples text, in a graph named by its IRI in angle brackets
        or "" for the default graph."""
        ...


class _TextSink:
    """Triples written out as N-Triples text: cheaper than making statement objects, and
    what the runs sort by."""

    def __init__(self, runs: Runs) -> None:
        self.runs = runs
        self.graph: ox.NamedNode | None = None
        self.graph_text = ""

    def add(self, triple: tuple, graph: ox.NamedNode | None) -> None:
        if graph is not self.graph:  # one article's graph is written at a time
            self.graph, self.graph_text = graph, "" if graph is None else str(graph)
        s, p, o = triple
        self.runs.add(f"{s} {p} {o}", self.graph_text)


class _GraphView:
    """One graph of a sink, added to as an rdflib Graph is."""

    __slots__ = ("name", "sink")

    def __init__(self, sink: Sink, name: ox.NamedNode | None) -> None:
        self.sink, self.name = sink, name

    def add(self, triple: tuple) -> None:
        self.sink.add(triple, self.name)


class _Writer:
    def __init__(self, sink: Sink, res: Resolution) -> None:
        self.sink = sink
        self.default = _GraphView(sink, None)
        self.res = res
        self.countries: set[str] = set()
        self.current: Article | None = None  # the article whose graph is being written
        self.graph = self.default
        # the current article's official keys and statement ids -> their nodes' slugs
        self.people: dict[str, str] = {}
        self.statement_of: dict[str, str] = {}

    def named(self, article_id: str) -> _GraphView:
        assert self.current is not None and self.current.id == article_id
        return self.graph

    # ------------------------------------------------------------ articles
    def article(self, ex: Extraction) -> None:
        """The article's node, and its graph: each of its mentions where it is."""
        article, res = ex.article, self.res
        self.current = article
        self.graph = _GraphView(self.sink, ox.NamedNode(f"{article_iri(article.id)}/graph"))
        self._article_node(article)
        statements, people = res.statements_in(article.id), res.officials_in(article.id)
        self.people = official_keys(ex.officials, people)
        self.statement_of = {
            m.local_id: found for m, found in zip(ex.statements, statements, strict=True)
        }
        for mention, found in zip(ex.statements, statements, strict=True):
            self._statement_mention(statement_iri(found, ox.NamedNode), article.id, mention)
        for official, person in zip(ex.officials, people, strict=True):
            self._role_mention(person_iri(person, ox.NamedNode), article.id, official)
        for quote, digest in zip(ex.quotes, res.quotes_in(article.id), strict=True):
            if digest is not None:  # a quotation with no words is no node
                self._mentioned(quote_iri(digest, ox.NamedNode), article.id, quote.span)
        for event, found in zip(ex.events, res.events_in(article.id), strict=True):
            node = event_iri(found, ox.NamedNode)
            self._mentioned(node, article.id, event.span)
            for participant in event.participants:
                if len(participant) == 3 and participant.isupper():
                    self.default.add((node, D.participant, self.country(participant)))

    def _mentioned(self, node: ox.NamedNode, article_id: str, span: Span) -> None:
        self.named(article_id).add((node, D.mentionedIn, article_iri(article_id, ox.NamedNode)))
        self._annotate(article_id, node, span)

    def _article_node(self, article: Article) -> None:
        g, node = self.default, article_iri(article.id, ox.NamedNode)
        g.add((node, TYPE, D.Article))
        g.add((node, IDENTIFIER, ox.Literal(article.id)))
        g.add((node, TITLE, ox.Literal(article.title or article.id)))
        if article.published:
            g.add((node, ISSUED, _day(article.published)))
        if article.publisher:
            g.add((node, PUBLISHER, ox.Literal(article.publisher)))
        if article.url:
            g.add((node, URL, ox.Literal(article.url, datatype=ANY_URI)))
        if article.language:
            g.add((node, LANGUAGE, ox.Literal(article.language)))
        digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        g.add((node, D.contentHash, ox.Literal(digest)))

    def country(self, iso3: str) -> ox.NamedNode:
        node = country_iri(iso3, ox.NamedNode)
        if iso3 not in self.countries:
            self.countries.add(iso3)
            # imported here: the country matcher needs spaCy, and reading an export
            # (kg.store imports this module for its prefixes) must not load it
            from kg.extract.countries import country_info

            info = country_info(iso3)
            self.default.add((node, TYPE, D.Country))
            self.default.add((node, D.iso3, ox.Literal(info.iso3)))
            self.default.add((node, LABEL, ox.Literal(info.name, language="en")))
            if info.wikidata:
                self.default.add((node, SAME_AS, ox.NamedNode(f"{WD}{info.wikidata}")))
        return node

    # ------------------------------------------------------------ statements
    def statements(self) -> None:
        for st in self.res.statements:
            self._statement_node(statement_iri(st.slug, ox.NamedNode), st)

    def _statement_node(self, node: ox.NamedNode, st) -> None:
        g, best = self.default, st.best
        g.add((node, TYPE, D.Statement))
        g.add((node, LABEL, ox.Literal(best.label)))
        g.add((node, D.statementKind, ox.Literal(best.kind)))
        g.add((node, D.confidence, _decimal(combined(m.confidence for m in st.mentions))))
        date = st.first_value("date")
        if date is not None and date.resolved:
            self._date(g, node, date)
        venue = st.first_value("venue")
        if venue:
            g.add((node, D.venue, ox.Literal(venue)))
        for attr, prop in (("declared_count", D.declaredBackerCount),
                           ("declared_against", D.declaredAgainstCount),
                           ("declared_abstentions", D.declaredAbstentionCount)):  # fmt: skip
            value = max((getattr(m, attr) or 0 for m in st.mentions), default=0)
            if value:
                g.add((node, prop, _integer(value)))
        minimum = st.first_value("declared_minimum")
        if minimum and not any(m.declared_count for m in st.mentions):
            g.add((node, D.declaredBackerMinimum, _integer(minimum)))
        leader = st.first_value("delivered_by")
        if leader:
            g.add((node, D.deliveredBy, self.country(leader)))
        stance = next(((m.stance, m.target) for m in st.mentions if m.stance), None)
        if stance:
            g.add((node, D.stance, _STANCES[stance[0]]))
            if stance[1]:
                g.add((node, D.target, self.country(stance[1])))

    def _statement_mention(self, node: ox.NamedNode, article_id: str, mention) -> None:
        g, article = self.named(article_id), self.current
        g.add((node, D.mentionedIn, article_iri(article_id, ox.NamedNode)))
        for sentence in sorted({mention.span, *mention.references}):
            self._annotate(article_id, node, sentence)
        if mention.delivered_by_person:
            person = self.people.get(mention.delivered_by_person)
            if person:
                self.default.add((node, D.deliveredByOfficial, person_iri(person, ox.NamedNode)))
        if mention.counters:
            answered = self.statement_of.get(mention.counters)
            if answered and answered != node.value.split("/")[-1]:
                self.default.add((node, D.counters, statement_iri(answered, ox.NamedNode)))
        for position in mention.positions:
            country = self.country(position.iso3)
            self.default.add((node, POSITION_PROPERTY[position.kind], country))
            record = _record_node("position", article_id, node, position.iso3, position.kind)
            g.add((record, TYPE, POSITION_CLASS[position.kind]))
            g.add((record, D.statement, node))
            g.add((record, D.country, country))
            g.add((record, D.positionKind, ox.Literal(position.kind)))
            g.add((record, D.mentionedIn, article_iri(article_id, ox.NamedNode)))
            self._evidence(g, record, article, position.evidence)
            g.add((record, D.confidence, _decimal(position.confidence)))
            if position.rule:
                g.add((record, D.extractedBy, ox.Literal(position.rule)))
        for backing in mention.groups:
            self._group_backing(node, article_id, backing)

    def _group_backing(self, node: ox.NamedNode, article_id: str, backing) -> None:
        """ "The EU and eight other nations ...": the group as named, not its members."""
        g = self.named(article_id)
        if backing.slug in self.res.organizations:
            group = self._organization(backing.slug)
        else:
            group = org_iri(backing.slug, ox.NamedNode)
            self.default.add((group, TYPE, D.Organization))
            self.default.add((group, LABEL, ox.Literal(backing.label)))
        self.default.add((node, D.backedByGroup, group))
        record = _record_node("group-backing", article_id, node, backing.slug)
        g.add((record, TYPE, D.GroupBacking))
        g.add((record, D.statement, node))
        g.add((record, D.group, group))
        g.add((record, D.mentionedIn, article_iri(article_id, ox.NamedNode)))
        self._evidence(g, record, self.current, backing.evidence)
        g.add((record, D.confidence, _decimal(backing.confidence)))
        if backing.rule:
            g.add((record, D.extractedBy, ox.Literal(backing.rule)))

    # ------------------------------------------------------------ people and bodies
    def officials(self) -> None:
        for official in self.res.officials:
            node = person_iri(official.slug, ox.NamedNode)
            self.default.add((node, TYPE, D.Official))
            self.default.add((node, LABEL, ox.Literal(official.name)))
            title = official.attribute("title")
            if title:
                self.default.add((node, D.title, ox.Literal(title)))
            org = official.attribute("organization")
            country = official.attribute("country")
            if org:
                self.default.add((node, D.represents, self._organization(org)))
            elif country:
                self.default.add((node, D.represents, self.country(country)))

    def _role_mention(self, node: ox.NamedNode, article_id: str, mention) -> None:
        g = self.named(article_id)
        g.add((node, D.mentionedIn, article_iri(article_id, ox.NamedNode)))
        if not mention.title:
            return
        record = _record_node("role", article_id, node, str(mention.span.start))
        g.add((record, TYPE, D.RoleMention))
        g.add((record, D.official, node))
        g.add((record, D.title, ox.Literal(mention.title)))
        if mention.organization:
            g.add((record, D.represents, org_iri(mention.organization, ox.NamedNode)))
        elif mention.country:
            g.add((record, D.represents, self.country(mention.country)))
        g.add((record, D.mentionedIn, article_iri(article_id, ox.NamedNode)))
        article = self.current
        self._evidence(g, record, article, sentence_around(article.text, mention.span))

    def organizations(self) -> None:
        for org_slug in sorted(self.res.organizations):
            self._organization(org_slug)

    def _organization(self, org_slug: str) -> ox.NamedNode:
        node = org_iri(org_slug, ox.NamedNode)
        org = self.res.organizations.get(org_slug)
        self.default.add((node, TYPE, D.Organization))
        label = org.label if org else org_slug.replace("-", " ")
        self.default.add((node, LABEL, ox.Literal(label)))
        if org and org.part_of:
            parent = org_iri(org.part_of, ox.NamedNode)
            self.default.add((node, D.partOf, parent))
            self.default.add((parent, TYPE, D.Organization))
            if org.part_of not in self.res.organizations:
                self.default.add((parent, LABEL, ox.Literal(org.part_of)))
        if org and org.country:
            self.default.add((node, D.represents, self.country(org.country)))
        return node

    # ------------------------------------------------------------ quotes
    def quotes(self) -> None:
        for quote in self.res.quotes:
            node, best = quote_iri(quote.digest, ox.NamedNode), quote.best
            assert best is not None
            g = self.default
            g.add((node, TYPE, D.Quote))
            g.add((node, D.text, ox.Literal(best.text)))
            g.add((node, D.partial, _flag(best.partial)))
            g.add((node, D.startOffset, _integer(best.span.start)))
            g.add((node, D.endOffset, _integer(best.span.end)))
            g.add((node, D.confidence, _decimal(quote.confidence)))
            speaker = self._node(quote.said_by)
            if speaker is not None:
                g.add((node, D.speaker, speaker))
                if best.rule:
                    g.add((node, D.extractedBy, ox.Literal(best.rule)))
            via = self._node(quote.reported_by)
            if via is not None:
                g.add((node, D.reportedBy, via))

    def _node(self, ref: NodeRef | None) -> ox.NamedNode | None:
        """The node a speaker or reporter is (kg.resolve.NodeRef)."""
        found = self.res.node_ref(ref)
        if found is None:
            return None
        kind, key = found
        if kind == "person":
            return person_iri(key, ox.NamedNode)
        if kind == "country":
            return self.country(key)
        if kind == "organization":
            return self._organization(key)
        return statement_iri(key, ox.NamedNode)

    # ------------------------------------------------------------ events
    def events(self) -> None:
        for event in self.res.events:
            node = event_iri(event.slug, ox.NamedNode)
            first = event.first
            g = self.default
            g.add((node, TYPE, D.Event))
            g.add((node, LABEL, ox.Literal(first.label)))
            g.add((node, D.eventType, ox.Literal(first.event_type)))
            g.add((node, D.dateExpression, ox.Literal(first.date.expression)))
            g.add((node, D.confidence, _decimal(event.confidence)))
            if first.date.resolved:
                self._date(g, node, first.date)
            else:  # undated ("on Tuesday" with no publication date), but its words say how fine
                g.add((node, D.datePrecision, ox.Literal(first.date.precision)))
            if first.venue:
                g.add((node, D.venue, ox.Literal(first.venue)))
            if first.place:
                g.add((node, D.place, ox.Literal(first.place)))

    def statement_events(self) -> None:
        """Link each statement to the event it was made at (see resolve.made_at)."""
        for event in self.res.events:
            if event.statement is not None:
                node = statement_iri(event.statement, ox.NamedNode)
                self.default.add((node, D.atEvent, event_iri(event.slug, ox.NamedNode)))

    # ------------------------------------------------------------ shared
    def _date(self, g: _GraphView, node: ox.NamedNode, date: DateValue) -> None:
        g.add((node, D.date, date_literal(date)))
        g.add((node, D.datePrecision, ox.Literal(date.precision)))
        if date.end and date.end != date.start:
            g.add((node, D.endDate, _day(date.end)))

    def _annotate(self, article_id: str, body: ox.NamedNode, span: Span) -> None:
        """A W3C Web Annotation: this node is spoken of at these offsets of that article."""
        g, article = self.named(article_id), self.current
        annotation = _record_node("annotation", article_id, body, span.start, span.end)
        target = _record_node("target", article_id, body, span.start, span.end)
        selector = _record_node("selector", article_id, span.start, span.end)
        g.add((annotation, TYPE, A.Annotation))
        g.add((annotation, A.hasBody, body))
        g.add((annotation, A.hasTarget, target))
        g.add((target, TYPE, A.SpecificResource))
        g.add((target, A.hasSource, article_iri(article_id, ox.NamedNode)))
        g.add((target, A.hasSelector, selector))
        g.add((selector, TYPE, A.TextPositionSelector))
        g.add((selector, A.start, ox.Literal(str(span.start), datatype=OFFSET)))
        g.add((selector, A.end, ox.Literal(str(span.end), datatype=OFFSET)))
        g.add((selector, A.exact, ox.Literal(article.text[span.start : span.end])))

    def _evidence(self, g: _GraphView, record, article: Article, span: Span) -> None:
        sentence = article.text[span.start : span.end].strip()
        g.add((record, D.evidence, ox.Literal(sentence)))
        g.add((record, D.startOffset, _integer(span.start)))
        g.add((record, D.endOffset, _integer(span.end)))


def sentence_around(text: str, span: Span) -> Span:
    """The sentence holding a span: from the last full stop or line break before it to the next."""
    start = max(text.rfind("\n", 0, span.start), *(text.rfind(p, 0, span.start) for p in END_MARKS))
    start = start + 1 if start >= 0 else 0
    ends = [i for i in (text.find(p, span.end) for p in (*END_MARKS, "\n")) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    while start < span.start and text[start].isspace():
        start += 1
    return Span(start, min(end, len(text)))


def date_literal(date: DateValue) -> ox.Literal:
    """dkg:date typed by its precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    start = date.start
    assert start is not None
    if date.precision == "year":
        return ox.Literal(f"{start.year:04d}", datatype=G_YEAR)
    if date.precision == "month":
        return ox.Literal(f"{start.year:04d}-{start.month:02d}", datatype=G_YEAR_MONTH)
    return _day(start)


def _record_node(kind: str, *parts: str | int | ox.NamedNode) -> ox.NamedNode:
    """A stable IRI for an n-ary record, so exports are byte-identical run to run: the
    digest of its parts, a node by its IRI alone (not in N-Triples' angle brackets)."""
    text = "|".join(part.value if isinstance(part, ox.NamedNode) else str(part) for part in parts)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return ox.NamedNode(f"{DKGR}{kind}/{digest}")


def combined(confidences) -> float:
    """Independent pieces of evidence for one fact: the chance that not all are wrong
    (kg.resolve.Mentioned keeps the same as its mentions come)."""
    doubt = 1.0
    for confidence in confidences:
        doubt = doubted(doubt, confidence)
    return 1.0 - doubt


def _decimal(value: float) -> ox.Literal:
    """Three places at most, in the canonical form a store keeps ("1", not "1.0"), so the
    exports written beside the store say what it says."""
    canonical = Decimal(str(round(value, 3))).normalize()
    return ox.Literal(format(canonical, "f"), datatype=DECIMAL)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=INTEGER)


def _day(value: dt.date) -> ox.Literal:
    return ox.Literal(value.isoformat(), datatype=DATE)


def _flag(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=BOOLEAN)
