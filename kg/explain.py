"""Why the graph says what it says: every fact about one node, with the sentences behind it.

Facts come from the union of the export's graphs; evidence comes from the
n-ary records graph.py writes per article (dkg:Backing, dkg:VoteAgainst,
dkg:Abstention, dkg:RoleMention) and from a quote's own words and offsets.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from rdflib.term import Node

from kg.extract.countries import lookup_country
from kg.model import KgError
from kg.store import load_graph
from kg.vocab import DKG, DKGR

DKG_NS = str(DKG._NS)
POSITION_CLASS = {DKG.backedBy: DKG.Backing, DKG.votedAgainst: DKG.VoteAgainst,
                  DKG.abstainedOn: DKG.Abstention, DKG.opposedBy: DKG.Opposition}  # fmt: skip
RECORD_CLASSES = frozenset(
    {*POSITION_CLASS.values(), DKG.Position, DKG.RoleMention, DKG.GroupBacking}
)
HEADING_PROPERTIES = frozenset({RDF.type, RDFS.label})
# property -> (as read from the subject, as read from the object)
PHRASES = {
    DKG.backedBy: ("backed by", "backed"),
    DKG.backedByGroup: ("backed by group", "backed"),
    DKG.votedAgainst: ("voted against by", "voted against"),
    DKG.abstainedOn: ("abstention by", "abstained on"),
    DKG.opposedBy: ("opposed by", "opposed"),
    DKG.deliveredBy: ("delivered by", "delivered"),
    DKG.deliveredByOfficial: ("delivered by official", "delivered"),
    DKG.target: ("target", "targeted by"),
    DKG.counters: ("counters", "countered by"),
    DKG.speaker: ("speaker", "said"),
    DKG.reportedBy: ("reported by", "reported"),
    DKG.represents: ("represents", "represented by"),
    DKG.partOf: ("part of", "has part"),
    DKG.participant: ("participant", "took part in"),
    DKG.atEvent: ("at event", "event of"),
    DKG.mentionedIn: ("mentioned in", "mentions"),
}
WORD = re.compile(r"[\w.'\u2019]+")
SKIPPED_FIRST_WORDS = frozenset({"the", "The", "THE"})
LONGEST_NAME = 8  # words: "United Kingdom of Great Britain and Northern Ireland" is 7
QUOTE_LABEL_CHARS = 60


@dataclass(frozen=True)
class Evidence:
    """A sentence (or quoted words) of one article that states a fact; marks are cited words."""

    article: str
    start: int
    end: int
    text: str
    marks: tuple[tuple[int, int], ...]
    confidence: str | None = None
    rule: str | None = None  # the extraction rule that decided the fact

    def line(self) -> str:
        where = f"{self.article} {self.start}-{self.end}"
        if self.confidence is not None:
            where += f", confidence {self.confidence}"
        if self.rule is not None:
            where += f", rule {self.rule}"
        return f"[{where}] {mark(self.text, self.marks)}"


@dataclass(frozen=True)
class Fact:
    """One property of the node read as words ("backed by"), its value, and what states it."""

    phrase: str
    value: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Explanation:
    """Everything the graph says about one node; lines() is what `kg explain` prints."""

    heading: str
    facts: tuple[Fact, ...]

    def lines(self) -> list[str]:
        out = [self.heading]
        for fact in self.facts:
            out.append(f"  {fact.phrase}: {fact.value}")
            out.extend(f"      {ev.line()}" for ev in fact.evidence)
        return out


# ---------------------------------------------------------------- entry points


def explain_file(path: str | Path, text: str) -> Explanation:
    """Load an export (.ttl, .trig, .nq) and explain the node TEXT names."""
    graph = load_graph(path)
    return explain(graph, resolve_iri(text, graph, source=str(path)))


def resolve_iri(text: str, graph: Graph, source: str = "the graph") -> URIRef:
    """The node TEXT names: a full IRI, a prefixed name (dkgr:country/GBR), a bare path
    (country/GBR), an ISO3 code (GBR), a label ("Karen Pierce", "United Kingdom") or a
    country's name as news writes it ("Britain"). When nothing fits, the error offers
    the closest labels."""
    text = text.strip()
    node = _expand(text.strip("<>"), graph)
    if node is not None and _in_graph(graph, node):
        return node
    if re.fullmatch(r"[A-Za-z]{3}", text) and _in_graph(graph, DKGR[f"country/{text.upper()}"]):
        return DKGR[f"country/{text.upper()}"]
    labelled = _labelled(graph)
    named = sorted(labelled.get(_folded(text), ()))
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        listed = ", ".join(compact(n) for n in named[:6])
        raise KgError(f"{text!r} names {len(named)} nodes in {source}: give one of {listed}")
    iso3 = lookup_country(text)
    if iso3 is not None and _in_graph(graph, DKGR[f"country/{iso3}"]):
        return DKGR[f"country/{iso3}"]
    shown = compact(node) if node is not None else repr(text)
    raise KgError(f"no node {shown} in {source}" + _closest(text, labelled, graph))


def _in_graph(graph: Graph, node: URIRef) -> bool:
    return (node, None, None) in graph or (None, None, node) in graph


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _labelled(graph: Graph) -> dict[str, set[URIRef]]:
    """Every labelled node by its folded label (articles by their titles too)."""
    found: dict[str, set[URIRef]] = {}
    for prop in (RDFS.label, DCTERMS.title):
        for node, label in graph.subject_objects(prop):
            if isinstance(node, URIRef) and not _is_record(graph, node):
                found.setdefault(_folded(str(label)), set()).add(node)
    return found


def _label_of(graph: Graph, node: URIRef) -> str:
    return str(graph.value(node, RDFS.label) or graph.value(node, DCTERMS.title) or node)


def _is_record(graph: Graph, node: URIRef) -> bool:
    return any(kind in RECORD_CLASSES for kind in graph.objects(node, RDF.type))


def _closest(text: str, labelled: dict[str, set[URIRef]], graph: Graph) -> str:
    close = difflib.get_close_matches(_folded(text), list(labelled), n=5, cutoff=0.6)
    if not close:
        return ""
    nodes = [min(labelled[label]) for label in close]
    return "; closest: " + ", ".join(f"{_label_of(graph, n)} ({compact(n)})" for n in nodes)


def _expand(text: str, graph: Graph) -> URIRef | None:
    """The IRI a full IRI, a prefixed name or a bare path stands for; None for words."""
    if not text or re.search(r'[\s<>"{}|\\^`]', text):
        return None
    if "://" in text:
        return URIRef(text)
    prefix, colon, rest = text.partition(":")
    if colon and "/" not in prefix:
        known = {name: str(ns) for name, ns in graph.namespaces()}
        known.update({"dkgr": str(DKGR), "dkg": DKG_NS})  # Turtle exports may not bind dkgr
        if prefix in known:
            return URIRef(known[prefix] + rest)
    return DKGR[text]


def explain(graph: Graph, node: URIRef) -> Explanation:
    """The heading, the node's own facts, then the facts that point at it, each with evidence."""
    outgoing = [_fact(graph, (node, p, o), forward=True) for p, o in _outgoing(graph, node)]
    outgoing += _role_titles_as_written(graph, node)
    incoming = [_fact(graph, (s, p, node), forward=False) for s, p in _incoming(graph, node)]
    return Explanation(_heading(graph, node), (*sorted(outgoing, key=_order),
                                               *sorted(incoming, key=_order)))  # fmt: skip


# ---------------------------------------------------------------- facts


def _outgoing(graph: Graph, node: URIRef) -> list[tuple[URIRef, Node]]:
    return [(p, o) for p, o in graph.predicate_objects(node) if p not in HEADING_PROPERTIES]


def _incoming(graph: Graph, node: URIRef) -> list[tuple[Node, URIRef]]:
    """Triples pointing at the node, less the evidence records shown under the facts."""
    return [(s, p) for s, p in graph.subject_predicates(node) if not _is_record(graph, s)]


def _is_record(graph: Graph, node: Node) -> bool:
    return any(t in RECORD_CLASSES for t in graph.objects(node, RDF.type))


def _fact(graph: Graph, triple: tuple[Node, URIRef, Node], forward: bool) -> Fact:
    s, p, o = triple
    phrases = PHRASES.get(p) or (_words(p), f"{_words(p)} of")
    phrase, other = (phrases[0], o) if forward else (phrases[1], s)
    return Fact(phrase, label(graph, other), _sorted(_evidence(graph, s, p, o)))


def _sorted(evidence: list[Evidence]) -> tuple[Evidence, ...]:
    return tuple(sorted(evidence, key=lambda ev: (ev.article, ev.start, ev.end, ev.text)))


def _order(fact: Fact) -> tuple[str, str]:
    return fact.phrase, fact.value


def _role_titles_as_written(graph: Graph, node: URIRef) -> list[Fact]:
    """Titles an article gave the official that the merged node does not carry."""
    merged = set(graph.objects(node, DKG.title))
    titles = {t for r in graph.subjects(DKG.official, node) for t in graph.objects(r, DKG.title)}
    return [
        Fact("title as written", str(t), _sorted(_evidence(graph, node, DKG.title, t)))
        for t in titles - merged
    ]


def _local(term: Node) -> str:
    return re.split(r"[#/]", str(term))[-1]


def _words(term: Node) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", _local(term)).lower()


# ---------------------------------------------------------------- evidence


def _evidence(graph: Graph, s, p, o) -> list[Evidence]:
    if p in POSITION_CLASS:
        records = _records(graph, POSITION_CLASS[p], (DKG.statement, s), (DKG.country, o))
    elif p == DKG.backedByGroup:
        records = _records(graph, DKG.GroupBacking, (DKG.statement, s), (DKG.group, o))
    elif p in (DKG.title, DKG.represents) and (s, RDF.type, DKG.Official) in graph:
        records = _records(graph, DKG.RoleMention, (DKG.official, s), (p, o))
    elif p == DKG.speaker:
        return _quote_evidence(graph, s)
    else:
        return []
    return [_record_evidence(graph, r, o) for r in records]


def _records(graph: Graph, kind: URIRef, *pairs: tuple[URIRef, Node]) -> list[Node]:
    (first_prop, first_value), *rest = pairs  # the first pair narrows the search
    return [
        r
        for r in graph.subjects(first_prop, first_value)
        if (r, RDF.type, kind) in graph and all((r, p, v) in graph for p, v in rest)
    ]


def _record_evidence(graph: Graph, record: Node, cited: Node) -> Evidence:
    sentence = " ".join(str(graph.value(record, DKG.evidence) or "").split())
    confidence = graph.value(record, DKG.confidence)
    rule = graph.value(record, DKG.extractedBy)
    return Evidence(
        _article_id(graph, graph.value(record, DKG.mentionedIn)),
        _int(graph.value(record, DKG.startOffset)),
        _int(graph.value(record, DKG.endOffset)),
        sentence,
        tuple(cited_spans(graph, cited, sentence)),
        None if confidence is None else str(confidence),
        None if rule is None else str(rule),
    )


def _quote_evidence(graph: Graph, quote: Node) -> list[Evidence]:
    text = str(graph.value(quote, DKG.text) or "")
    if not text:
        return []
    articles = sorted(_article_id(graph, a) for a in graph.objects(quote, DKG.mentionedIn))
    rule = graph.value(quote, DKG.extractedBy)
    return [
        Evidence(
            " / ".join(articles) or "?",
            _int(graph.value(quote, DKG.startOffset)),
            _int(graph.value(quote, DKG.endOffset)),
            text,
            ((0, len(text)),),
            rule=None if rule is None else str(rule),
        )
    ]


def _int(value: Node | None) -> int:
    return int(value) if isinstance(value, Literal) else -1


def _article_id(graph: Graph, article: Node | None) -> str:
    if article is None:
        return "?"
    identifier = graph.value(article, DCTERMS.identifier)
    return str(identifier) if identifier is not None else str(article).rsplit("/", 1)[-1]


# ---------------------------------------------------------------- cited words


def cited_spans(graph: Graph, cited: Node, sentence: str) -> list[tuple[int, int]]:
    """Where the sentence names the cited thing: a country's name forms, else its label or text."""
    iso3 = graph.value(cited, DKG.iso3) if isinstance(cited, URIRef) else None
    if iso3 is not None:
        return country_spans(sentence, str(iso3))
    words = str(cited) if isinstance(cited, Literal) else str(graph.value(cited, RDFS.label) or "")
    at = sentence.lower().find(words.lower()) if words else -1
    return [(at, at + len(words))] if at >= 0 else []


def country_spans(sentence: str, iso3: str) -> list[tuple[int, int]]:
    """Every name, alias, adjective or capital of the country in the sentence, longest first."""
    words = [(m.start(), m.end()) for m in WORD.finditer(sentence)]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        found = _country_at(sentence, words, i, iso3)
        if found is None:
            i += 1
            continue
        span, used = found
        spans.append(span)
        i += used
    return spans


def _country_at(sentence: str, words, i: int, iso3: str):
    if sentence[words[i][0] : words[i][1]] in SKIPPED_FIRST_WORDS:
        return None  # "the United States": cite the name, not the article
    for count in range(min(LONGEST_NAME, len(words) - i), 0, -1):
        start, end = words[i][0], words[i + count - 1][1]
        for stop in (end, end - 1) if sentence[end - 1] == "." else (end,):
            if lookup_country(sentence[start:stop]) == iso3:
                return (start, _without_possessive(sentence, start, stop)), count
    return None


def _without_possessive(sentence: str, start: int, stop: int) -> int:
    for ending in ("'s", "\u2019s", "'", "\u2019"):
        if sentence[start:stop].endswith(ending):
            return stop - len(ending)
    return stop


def mark(text: str, spans) -> str:
    """The text with each span wrapped in »…«; spans must not overlap."""
    out, last = [], 0
    for start, end in sorted(spans):
        out += [text[last:start], "\u00bb", text[start:end], "\u00ab"]
        last = end
    out.append(text[last:])
    return "".join(out)


# ---------------------------------------------------------------- names


def label(graph: Graph, node: Node) -> str:
    """How a node reads to a person: its label, with an ISO3 code or article id where it has one."""
    if isinstance(node, Literal):
        return " ".join(str(node).split())
    if (node, RDF.type, DKG.Article) in graph:
        title = graph.value(node, DCTERMS.title)
        ident = _article_id(graph, node)
        return f"{title} ({ident})" if title is not None else ident
    name = graph.value(node, RDFS.label)
    if name is not None:
        iso3 = graph.value(node, DKG.iso3)
        return f"{name} ({iso3})" if iso3 is not None else str(name)
    text = graph.value(node, DKG.text)
    if text is not None:
        short = str(text)[:QUOTE_LABEL_CHARS]
        return f"\u201c{short}{'…' if len(str(text)) > len(short) else ''}\u201d"
    if str(node).startswith(DKG_NS):
        return _words(node)
    return compact(node)


def compact(node: Node) -> str:
    """dkgr:/dkg: prefixed form of our own IRIs, <...> for the rest."""
    for prefix, ns in (("dkgr", str(DKGR)), ("dkg", DKG_NS)):
        if str(node).startswith(ns):
            return f"{prefix}:{str(node)[len(ns) :]}"
    return f"<{node}>"


def _heading(graph: Graph, node: URIRef) -> str:
    types = sorted(_local(t) if str(t).startswith(DKG_NS) else compact(t)
                   for t in graph.objects(node, RDF.type))  # fmt: skip
    kinds = f" [{', '.join(types)}]" if types else ""
    return f"{label(graph, node)}{kinds} {compact(node)}"
