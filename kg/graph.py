"""Resolved nodes and per-article mentions as RDF: the only module that writes triples.

Merged descriptions of nodes go to the default graph; what each article says
(provenance, evidence, offsets) goes to that article's named graph.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal
from typing import Protocol

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

from kg.model import Article, DateValue, Extraction, Span, SpeakerRef
from kg.resolve import Resolution
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
POSITION_CLASS = {"backed": DKG.Backing, "against": DKG.VoteAgainst, "abstained": DKG.Abstention,
                  "opposed": DKG.Opposition}  # fmt: skip
POSITION_PROPERTY = {"backed": DKG.backedBy, "against": DKG.votedAgainst,
                     "abstained": DKG.abstainedOn, "opposed": DKG.opposedBy}  # fmt: skip


# Properties whose values the writer types with a subtype of xsd:integer. An Oxigraph store
# keeps every integer as xsd:integer, so exports written from one restore these types.
INTEGER_SUBTYPES = {OA.start: XSD.nonNegativeInteger, OA.end: XSD.nonNegativeInteger}

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
    write_graph(extractions, resolution, _DatasetSink(ds))
    return ds


def fill_store(
    extractions: list[Extraction],
    resolution: Resolution,
    store: ox.Store,
    also: Callable[[list[ox.Quad]], object] | None = None,
) -> None:
    """The whole knowledge graph written into a pyoxigraph store (on disk for a build), in
    batches: no second copy of the graph is held in memory. `also` is handed each batch
    too (the exports' sorting runs)."""
    sink = _StoreSink(store, also)
    write_graph(extractions, resolution, sink)
    sink.flush()


def write_graph(extractions: list[Extraction], resolution: Resolution, sink: Sink) -> None:
    """Merged nodes into the default graph, then one named graph per article.

    The nodes are written from the resolution alone; each article's graph (where its
    mentions are, their evidence and offsets) from its own extraction, one article at
    a time: an extraction is needed only while its article is written.
    """
    writer = _Writer(sink, resolution)
    writer.statements()
    writer.officials()
    writer.organizations()
    writer.quotes()
    writer.events()
    writer.statement_events()
    for ex in sorted(extractions, key=lambda e: e.article.id):
        writer.article(ex)


class Sink(Protocol):
    def add(self, triple: tuple, graph: URIRef | None) -> None:
        """Add one triple to the named graph `graph`, or to the default graph if None."""
        ...


class _DatasetSink:
    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self.graphs = {None: ds.default_graph}

    def add(self, triple: tuple, graph: URIRef | None) -> None:
        target = self.graphs.get(graph)
        if target is None:
            target = self.graphs[graph] = self.ds.graph(graph)
        target.add(triple)


class _StoreSink:
    BATCH = 20_000  # quads per write to the store
    KEPT_IRIS = 50_000  # made IRIs kept for reuse: the vocabulary's, and the busiest nodes'

    def __init__(self, store: ox.Store, also: Callable[[list[ox.Quad]], object] | None) -> None:
        self.store, self.also = store, also
        self.batch: list[ox.Quad] = []
        self.iris: dict[str, ox.NamedNode] = {}

    def add(self, triple: tuple, graph: URIRef | None) -> None:
        s, p, o = triple
        name = ox.DefaultGraph() if graph is None else self._iri(graph)
        self.batch.append(ox.Quad(self._iri(s), self._iri(p), self._term(o), name))
        if len(self.batch) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            self.store.bulk_extend(self.batch)
            if self.also is not None:
                self.also(self.batch)
            self.batch = []

    def _iri(self, iri: str) -> ox.NamedNode:
        node = self.iris.get(iri)
        if node is None:
            if len(self.iris) >= self.KEPT_IRIS:  # records' IRIs are each used once or twice
                self.iris.clear()
            node = self.iris[iri] = ox.NamedNode(iri)
        return node

    def _term(self, term) -> ox.NamedNode | ox.Literal:
        if not isinstance(term, Literal):
            return self._iri(term)
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=self._iri(term.datatype))
        return ox.Literal(str(term))


class _GraphView:
    """One graph of a sink, added to as an rdflib Graph is."""

    __slots__ = ("name", "sink")

    def __init__(self, sink: Sink, name: URIRef | None) -> None:
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

    def named(self, article_id: str) -> _GraphView:
        assert self.current is not None and self.current.id == article_id
        return self.graph

    # ------------------------------------------------------------ articles
    def article(self, ex: Extraction) -> None:
        """The article's node, and its graph: each of its mentions where it is."""
        article, res = ex.article, self.res
        self.current = article
        self.graph = _GraphView(self.sink, URIRef(f"{article_iri(article.id)}/graph"))
        self._article_node(article)
        for mention in ex.statements:
            node = statement_iri(res.statement_of[(article.id, mention.local_id)])
            self._statement_mention(node, article.id, mention)
        for place, official in enumerate(ex.officials):
            node = person_iri(res.official_at[(article.id, place)])
            self._role_mention(node, article.id, official)
        for place, quote in enumerate(ex.quotes):
            digest = res.quote_at.get((article.id, place))
            if digest is not None:  # a quotation with no words is no node
                self._mentioned(quote_iri(digest), article.id, quote.span)
        for place, event in enumerate(ex.events):
            node = event_iri(res.event_at[(article.id, place)])
            self._mentioned(node, article.id, event.span)
            for participant in event.participants:
                if len(participant) == 3 and participant.isupper():
                    self.default.add((node, DKG.participant, self.country(participant)))

    def _mentioned(self, node: URIRef, article_id: str, span: Span) -> None:
        self.named(article_id).add((node, DKG.mentionedIn, article_iri(article_id)))
        self._annotate(article_id, node, span)

    def _article_node(self, article: Article) -> None:
        g, node = self.default, article_iri(article.id)
        g.add((node, RDF.type, DKG.Article))
        g.add((node, DCTERMS.identifier, Literal(article.id)))
        g.add((node, DCTERMS.title, Literal(article.title or article.id)))
        if article.published:
            g.add((node, DCTERMS.issued, Literal(article.published, datatype=XSD.date)))
        if article.publisher:
            g.add((node, DCTERMS.publisher, Literal(article.publisher)))
        if article.url:
            g.add((node, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))
        if article.language:
            g.add((node, DCTERMS.language, Literal(article.language)))
        digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        g.add((node, DKG.contentHash, Literal(digest)))

    def country(self, iso3: str) -> URIRef:
        node = country_iri(iso3)
        if iso3 not in self.countries:
            self.countries.add(iso3)
            # imported here: the country matcher needs spaCy, and reading an export
            # (kg.store imports this module for its prefixes) must not load it
            from kg.extract.countries import country_info

            info = country_info(iso3)
            self.default.add((node, RDF.type, DKG.Country))
            self.default.add((node, DKG.iso3, Literal(info.iso3)))
            self.default.add((node, RDFS.label, Literal(info.name, lang="en")))
            if info.wikidata:
                self.default.add((node, OWL.sameAs, WD[info.wikidata]))
        return node

    # ------------------------------------------------------------ statements
    def statements(self) -> None:
        for st in self.res.statements:
            self._statement_node(statement_iri(st.slug), st)

    def _statement_node(self, node: URIRef, st) -> None:
        g, best = self.default, st.best
        g.add((node, RDF.type, DKG.Statement))
        g.add((node, RDFS.label, Literal(best.label)))
        g.add((node, DKG.statementKind, Literal(best.kind)))
        g.add((node, DKG.confidence, _decimal(combined(m.confidence for _, m in st.mentions))))
        date = st.first_value("date")
        if date is not None and date.resolved:
            self._date(g, node, date)
        venue = st.first_value("venue")
        if venue:
            g.add((node, DKG.venue, Literal(venue)))
        for attr, prop in (("declared_count", DKG.declaredBackerCount),
                           ("declared_against", DKG.declaredAgainstCount),
                           ("declared_abstentions", DKG.declaredAbstentionCount)):  # fmt: skip
            value = max((getattr(m, attr) or 0 for _, m in st.mentions), default=0)
            if value:
                g.add((node, prop, Literal(value, datatype=XSD.integer)))
        minimum = st.first_value("declared_minimum")
        if minimum and not any(m.declared_count for _, m in st.mentions):
            g.add((node, DKG.declaredBackerMinimum, Literal(minimum, datatype=XSD.integer)))
        leader = st.first_value("delivered_by")
        if leader:
            g.add((node, DKG.deliveredBy, self.country(leader)))
        stance = next(((m.stance, m.target) for _, m in st.mentions if m.stance), None)
        if stance:
            g.add((node, DKG.stance, STANCES[stance[0]]))
            if stance[1]:
                g.add((node, DKG.target, self.country(stance[1])))

    def _statement_mention(self, node: URIRef, article_id: str, mention) -> None:
        g, article = self.named(article_id), self.current
        g.add((node, DKG.mentionedIn, article_iri(article_id)))
        for sentence in sorted({mention.span, *mention.references}):
            self._annotate(article_id, node, sentence)
        if mention.delivered_by_person:
            person = self.res.official_of.get((article_id, mention.delivered_by_person))
            if person:
                self.default.add((node, DKG.deliveredByOfficial, person_iri(person)))
        if mention.counters:
            answered = self.res.statement_of.get((article_id, mention.counters))
            if answered and answered != node.split("/")[-1]:
                self.default.add((node, DKG.counters, statement_iri(answered)))
        for position in mention.positions:
            country = self.country(position.iso3)
            self.default.add((node, POSITION_PROPERTY[position.kind], country))
            record = _record_node("position", article_id, node, position.iso3, position.kind)
            g.add((record, RDF.type, POSITION_CLASS[position.kind]))
            g.add((record, DKG.statement, node))
            g.add((record, DKG.country, country))
            g.add((record, DKG.positionKind, Literal(position.kind)))
            g.add((record, DKG.mentionedIn, article_iri(article_id)))
            self._evidence(g, record, article, position.evidence)
            g.add((record, DKG.confidence, _decimal(position.confidence)))
            if position.rule:
                g.add((record, DKG.extractedBy, Literal(position.rule)))
        for backing in mention.groups:
            self._group_backing(node, article_id, backing)

    def _group_backing(self, node: URIRef, article_id: str, backing) -> None:
        """ "The EU and eight other nations ...": the group as named, not its members."""
        g = self.named(article_id)
        if backing.slug in self.res.organizations:
            group = self._organization(backing.slug)
        else:
            group = org_iri(backing.slug)
            self.default.add((group, RDF.type, DKG.Organization))
            self.default.add((group, RDFS.label, Literal(backing.label)))
        self.default.add((node, DKG.backedByGroup, group))
        record = _record_node("group-backing", article_id, node, backing.slug)
        g.add((record, RDF.type, DKG.GroupBacking))
        g.add((record, DKG.statement, node))
        g.add((record, DKG.group, group))
        g.add((record, DKG.mentionedIn, article_iri(article_id)))
        self._evidence(g, record, self.current, backing.evidence)
        g.add((record, DKG.confidence, _decimal(backing.confidence)))
        if backing.rule:
            g.add((record, DKG.extractedBy, Literal(backing.rule)))

    # ------------------------------------------------------------ people and bodies
    def officials(self) -> None:
        for official in self.res.officials:
            node = person_iri(official.slug)
            self.default.add((node, RDF.type, DKG.Official))
            self.default.add((node, RDFS.label, Literal(official.name)))
            title = official.attribute("title")
            if title:
                self.default.add((node, DKG.title, Literal(title)))
            org = official.attribute("organization")
            country = official.attribute("country")
            if org:
                self.default.add((node, DKG.represents, self._organization(org)))
            elif country:
                self.default.add((node, DKG.represents, self.country(country)))

    def _role_mention(self, node: URIRef, article_id: str, mention) -> None:
        g = self.named(article_id)
        g.add((node, DKG.mentionedIn, article_iri(article_id)))
        if not mention.title:
            return
        record = _record_node("role", article_id, node, str(mention.span.start))
        g.add((record, RDF.type, DKG.RoleMention))
        g.add((record, DKG.official, node))
        g.add((record, DKG.title, Literal(mention.title)))
        if mention.organization:
            g.add((record, DKG.represents, org_iri(mention.organization)))
        elif mention.country:
            g.add((record, DKG.represents, self.country(mention.country)))
        g.add((record, DKG.mentionedIn, article_iri(article_id)))
        article = self.current
        self._evidence(g, record, article, sentence_around(article.text, mention.span))

    def organizations(self) -> None:
        for org_slug in sorted(self.res.organizations):
            self._organization(org_slug)

    def _organization(self, org_slug: str) -> URIRef:
        node = org_iri(org_slug)
        org = self.res.organizations.get(org_slug)
        self.default.add((node, RDF.type, DKG.Organization))
        label = org.label if org else org_slug.replace("-", " ")
        self.default.add((node, RDFS.label, Literal(label)))
        if org and org.part_of:
            self.default.add((node, DKG.partOf, org_iri(org.part_of)))
            self.default.add((org_iri(org.part_of), RDF.type, DKG.Organization))
            if org.part_of not in self.res.organizations:
                self.default.add((org_iri(org.part_of), RDFS.label, Literal(org.part_of)))
        if org and org.country:
            self.default.add((node, DKG.represents, self.country(org.country)))
        return node

    # ------------------------------------------------------------ quotes
    def quotes(self) -> None:
        for quote in self.res.quotes:
            node = quote_iri(quote.digest)
            article_id, best = quote.best
            g = self.default
            g.add((node, RDF.type, DKG.Quote))
            g.add((node, DKG.text, Literal(best.text)))
            g.add((node, DKG.partial, Literal(best.partial)))
            g.add((node, DKG.startOffset, Literal(best.span.start, datatype=XSD.integer)))
            g.add((node, DKG.endOffset, Literal(best.span.end, datatype=XSD.integer)))
            g.add(
                (node, DKG.confidence, _decimal(combined(q.confidence for _, q in quote.mentions)))
            )
            speaker = self._speaker(article_id, best.speaker)
            if speaker is not None:
                g.add((node, DKG.speaker, speaker))
                if best.rule:
                    g.add((node, DKG.extractedBy, Literal(best.rule)))
            via = self._speaker(article_id, best.via)
            if via is not None:
                g.add((node, DKG.reportedBy, via))

    def _speaker(self, article_id: str, ref: SpeakerRef | None) -> URIRef | None:
        if ref is None:
            return None
        if ref.kind == "official":
            person = self.res.official_of.get((article_id, ref.key))
            return person_iri(person) if person else None
        if ref.kind == "country":
            return self.country(ref.key)
        if ref.kind == "organization":
            return self._organization(ref.key)
        if ref.kind == "statement":
            target = self.res.statement_of.get((article_id, ref.key))
            return statement_iri(target) if target else None
        return None

    # ------------------------------------------------------------ events
    def events(self) -> None:
        for event in self.res.events:
            node = event_iri(event.slug)
            first = event.mentions[0][1]
            g = self.default
            g.add((node, RDF.type, DKG.Event))
            g.add((node, RDFS.label, Literal(first.label)))
            g.add((node, DKG.eventType, Literal(first.event_type)))
            g.add((node, DKG.dateExpression, Literal(first.date.expression)))
            g.add(
                (node, DKG.confidence, _decimal(combined(m.confidence for _, m in event.mentions)))
            )
            if first.date.resolved:
                self._date(g, node, first.date)
            else:  # undated ("on Tuesday" with no publication date), but its words say how fine
                g.add((node, DKG.datePrecision, Literal(first.date.precision)))
            if first.venue:
                g.add((node, DKG.venue, Literal(first.venue)))
            if first.place:
                g.add((node, DKG.place, Literal(first.place)))

    def statement_events(self) -> None:
        """Link each statement to the event it was made at (see resolve.made_at)."""
        for event in self.res.events:
            if event.statement is not None:
                node = statement_iri(event.statement)
                self.default.add((node, DKG.atEvent, event_iri(event.slug)))

    # ------------------------------------------------------------ shared
    def _date(self, g: _GraphView, node: URIRef, date: DateValue) -> None:
        g.add((node, DKG.date, date_literal(date)))
        g.add((node, DKG.datePrecision, Literal(date.precision)))
        if date.end and date.end != date.start:
            g.add((node, DKG.endDate, Literal(date.end, datatype=XSD.date)))

    def _annotate(self, article_id: str, body: URIRef, span: Span) -> None:
        """A W3C Web Annotation: this node is spoken of at these offsets of that article."""
        g, article = self.named(article_id), self.current
        annotation = _record_node("annotation", article_id, body, span.start, span.end)
        target = _record_node("target", article_id, body, span.start, span.end)
        selector = _record_node("selector", article_id, span.start, span.end)
        g.add((annotation, RDF.type, OA.Annotation))
        g.add((annotation, OA.hasBody, body))
        g.add((annotation, OA.hasTarget, target))
        g.add((target, RDF.type, OA.SpecificResource))
        g.add((target, OA.hasSource, article_iri(article_id)))
        g.add((target, OA.hasSelector, selector))
        g.add((selector, RDF.type, OA.TextPositionSelector))
        for prop, offset in ((OA.start, span.start), (OA.end, span.end)):
            g.add((selector, prop, Literal(offset, datatype=INTEGER_SUBTYPES[prop])))
        g.add((selector, OA.exact, Literal(article.text[span.start : span.end])))

    def _evidence(self, g: _GraphView, record, article: Article, span: Span) -> None:
        sentence = article.text[span.start : span.end].strip()
        g.add((record, DKG.evidence, Literal(sentence)))
        g.add((record, DKG.startOffset, Literal(span.start, datatype=XSD.integer)))
        g.add((record, DKG.endOffset, Literal(span.end, datatype=XSD.integer)))


def sentence_around(text: str, span: Span) -> Span:
    """The sentence holding a span: from the last full stop or line break before it to the next."""
    start = max(text.rfind("\n", 0, span.start), *(text.rfind(p, 0, span.start) for p in END_MARKS))
    start = start + 1 if start >= 0 else 0
    ends = [i for i in (text.find(p, span.end) for p in (*END_MARKS, "\n")) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    while start < span.start and text[start].isspace():
        start += 1
    return Span(start, min(end, len(text)))


def date_literal(date: DateValue) -> Literal:
    """dkg:date typed by its precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    start = date.start
    assert start is not None
    if date.precision == "year":
        return Literal(f"{start.year:04d}", datatype=XSD.gYear)
    if date.precision == "month":
        return Literal(f"{start.year:04d}-{start.month:02d}", datatype=XSD.gYearMonth)
    return Literal(start, datatype=XSD.date)


def _record_node(kind: str, *parts: str) -> URIRef:
    """A stable IRI for an n-ary record, so exports are byte-identical run to run."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]
    return DKGR[f"{kind}/{digest}"]


def combined(confidences) -> float:
    """Independent pieces of evidence for one fact: the chance that not all are wrong."""
    doubt = 1.0
    for confidence in confidences:
        doubt *= 1.0 - max(0.0, min(1.0, confidence))
    return 1.0 - doubt


def _decimal(value: float) -> Literal:
    """Three places at most, in the canonical form a store keeps ("1", not "1.0"), so the
    exports written beside the store say what it says."""
    canonical = Decimal(str(round(value, 3))).normalize()
    return Literal(format(canonical, "f"), datatype=XSD.decimal)
