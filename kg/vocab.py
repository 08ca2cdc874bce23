"""The ontology's terms, declared once: import DKG and DKGR, never spell IRIs elsewhere."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

DKGR = Namespace("https://w3id.org/diplomatic-kg/id/")
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")


class OA(DefinedNamespace):
    """The W3C Web Annotation terms the graph uses to say where a node is spoken of.

    A defined namespace hands out one IRI object per term, which the writer's store
    converts once: it writes ten of these for every mention."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    Annotation: URIRef
    SpecificResource: URIRef
    TextPositionSelector: URIRef
    hasBody: URIRef
    hasTarget: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef


class DKG(DefinedNamespace):
    """Classes and properties of the diplomatic-kg ontology (ontology/dkg.ttl)."""

    _NS = Namespace("https://w3id.org/diplomatic-kg/ontology#")
    _fail = True

    # classes
    Article: URIRef
    Country: URIRef
    Organization: URIRef
    Official: URIRef
    Statement: URIRef
    Quote: URIRef
    Event: URIRef
    Position: URIRef  # n-ary record: a country's position on a statement, with evidence
    Backing: URIRef  # a Position that backs (signs, joins, votes yes)
    VoteAgainst: URIRef
    Opposition: URIRef  # a Position that answers the statement from the other side
    Abstention: URIRef
    RoleMention: URIRef  # n-ary record: where an official's role was stated
    GroupBacking: URIRef  # n-ary record: a group of states backing a statement, with evidence
    Stance: URIRef
    Critical: URIRef
    Supportive: URIRef
    Neutral: URIRef

    # statements and positions
    backedBy: URIRef
    backedByGroup: URIRef
    group: URIRef
    deliveredBy: URIRef
    deliveredByOfficial: URIRef
    declaredBackerCount: URIRef
    declaredBackerMinimum: URIRef
    votedAgainst: URIRef
    opposedBy: URIRef
    abstainedOn: URIRef
    declaredAgainstCount: URIRef
    declaredAbstentionCount: URIRef
    stance: URIRef
    target: URIRef
    counters: URIRef
    statementKind: URIRef
    venue: URIRef
    atEvent: URIRef
    statement: URIRef
    country: URIRef
    official: URIRef
    positionKind: URIRef

    # people, bodies, quotes
    represents: URIRef
    title: URIRef
    partOf: URIRef
    speaker: URIRef
    reportedBy: URIRef
    text: URIRef
    partial: URIRef
    iso3: URIRef

    # events and dates
    date: URIRef
    endDate: URIRef
    datePrecision: URIRef
    dateExpression: URIRef
    eventType: URIRef
    participant: URIRef
    place: URIRef

    # provenance
    mentionedIn: URIRef
    evidence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    confidence: URIRef
    extractedBy: URIRef
    contentHash: URIRef


Made = TypeVar("Made")

STANCES = {"critical": DKG.Critical, "supportive": DKG.Supportive, "neutral": DKG.Neutral}


def slug(text: str) -> str:
    """A readable, stable IRI segment: ascii, lower case, hyphens."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text or "x"


def article_iri(article_id: str, make: Callable[[str], Made] = URIRef) -> Made:
    """The article's IRI: its id, with characters an IRI may not hold percent-encoded.

    Each of these IRIs is an rdflib URIRef unless `make` says otherwise (the graph
    writer makes pyoxigraph nodes)."""
    return make(f"{DKGR}article/{quote(article_id, safe='-._~')}")


def country_iri(iso3: str, make: Callable[[str], Made] = URIRef) -> Made:
    return make(f"{DKGR}country/{iso3.upper()}")


def org_iri(org_slug: str, make: Callable[[str], Made] = URIRef) -> Made:
    return make(f"{DKGR}org/{org_slug}")


def person_iri(person_slug: str, make: Callable[[str], Made] = URIRef) -> Made:
    return make(f"{DKGR}person/{person_slug}")


def statement_iri(statement_slug: str, make: Callable[[str], Made] = URIRef) -> Made:
    return make(f"{DKGR}statement/{statement_slug}")


def quote_iri(digest: str, make: Callable[[str], Made] = URIRef) -> Made:
    return make(f"{DKGR}quote/{digest}")


def event_iri(event_slug: str, make: Callable[[str], Made] = URIRef) -> Made:
    return make(f"{DKGR}event/{event_slug}")
