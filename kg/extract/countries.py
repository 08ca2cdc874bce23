"""Country and country-group mentions: names, adjectives, capitals -> ISO3 or a group slug.

Public: lookup_country, lookup_group, country_info, all_countries, group_label,
state_matcher, find_states_and_groups. The lexicons are data files in kg/reference/:
countries.csv (one row per state), groups.csv (blocs, never expanded into
members) and places.csv (regions, cities and names that are not states; they
only block matches, as "New Mexico" blocks "Mexico").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.model import CountryMention, Span
from kg.resources import REFERENCE, read_table

if TYPE_CHECKING:  # looking a country up needs no spaCy: `kg explain` starts fast
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

APOSTROPHES = ("'", "\u2019")
# Forms that can also be a person's given name or surname ("Jordan Henderson",
# "George Washington"); adjectives are left alone because the small NER model
# sometimes swallows "Chinese President" into a PERSON.
PERSON_SENSITIVE_FORMS = frozenset({"name", "capital"})
# Forms that after "ethnic" name a people, not a state ("ethnic Albanians").
ETHNIC_FORMS = frozenset({"adjective", "demonym"})
# Words of office next to a country inside a PERSON entity the small NER model
# drew too wide ("Kuwait Emir Sheikh ..."): the country is not a name there.
OFFICE_WORD = re.compile(
    r"(?:King|Queen|Prince|Princess|Crown|Emir|Sheikh|Sultan|President|Prime|Premier"
    r"|Minister|Foreign|Defen[cs]e|Chancellor|Ambassador|Envoy|Secretary|Vice|Deputy"
    r"|Chief|General|Gen\.|Admiral|Supreme|Leader|Speaker|Senator)"
)
# What follows the place in a dateline: an optional date, an agency, a dash.
DATELINE_TAIL = re.compile(
    r"(?:,[^\n(\u2014\u2013]{0,40})?\s*(?:\([^)\n]{1,30}\)\s*)?[\u2014\u2013-]{1,2}\s"
)
# "London-based Amnesty", "US-born": the place something is, not a state acting.
LOCATED_SUFFIX = re.compile(r"[-\u2013](?:based|born|headquartered|registered)\b")
# Hyphenated words ("U.S.-led", "U.S.-China") and their parts.
HYPHENATED = re.compile(r"(?<![\w.'\u2019])[\w.'\u2019]++(?:-[\w.'\u2019]++)+")
HYPHEN_PART = re.compile(r"[^\-]+")


@dataclass(frozen=True)
class CountryInfo:
    """A row of countries.csv: ISO3, English short name, Wikidata QID, continent."""

    iso3: str
    name: str
    wikidata: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class GroupMention:
    """A named bloc or loose grouping of states ("G7", "Western countries")."""

    slug: str
    label: str
    text: str
    span: Span
    body: bool = False  # meets and speaks as one ("ASEAN"), unlike "Western countries"


@dataclass(frozen=True)
class _Entry:
    kind: str  # "country" | "group" | "place"
    key: str  # ISO3, group slug or place name
    form: str  # name | adjective | capital | demonym (countries); "name" otherwise


# ---------------------------------------------------------------- the tables


def _read_rows(name: str) -> list[dict[str, str]]:
    """Rows of a reference CSV; lines starting with '#' are documentation."""
    rows = read_table(REFERENCE, name)
    return [{k: (v or "").strip() for k, v in row.items()} for row in rows]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


@lru_cache(maxsize=1)
def _countries() -> dict[str, CountryInfo]:
    rows = _read_rows("countries.csv")
    return {
        row["iso3"]: CountryInfo(
            iso3=row["iso3"],
            name=row["name"],
            wikidata=row.get("wikidata") or None,
            region=row.get("region") or None,
        )
        for row in rows
    }


def _variants(surface: str) -> Iterator[str]:
    """The written forms of one lexicon entry: both apostrophes, capitalised 'The', and
    "Antigua-Barbuda" for "Antigua and Barbuda" (two-part names joined by a hyphen)."""
    forms = {surface}
    if "'" in surface:
        forms.add(surface.replace("'", "\u2019"))
    if surface.count(" and ") == 1 and surface[:1].isupper():
        forms.add(surface.replace(" and ", "-"))
    for form in list(forms):
        if form.startswith("the "):
            forms.add("T" + form[1:])
        elif form[:1].islower():
            forms.add(form[:1].upper() + form[1:])
    yield from sorted(forms)


def _with_upper(names: list[str]) -> list[str]:
    """Names plus their capitals-only form, for all-caps ledes ("CHINA'S foreign minister").

    Adjectives and capitals get no such form: "BEIJING (AP) —" is a dateline.
    """
    return names + [name.upper() for name in names if not name.isupper()]


def _adjective_forms(cell: str) -> dict[str, str]:
    """Adjectives and demonyms of one row -> form; plurals of -n/-i words are implied."""
    words = set(_split(cell))
    words |= {word + "s" for word in words if word.endswith(("n", "i"))}
    return {
        word: "demonym" if word.endswith("s") and word[:-1] in words else "adjective"
        for word in sorted(words)
    }


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, _Entry]:
    """Every written form -> what it denotes. Later tables never override countries."""
    lexicon: dict[str, _Entry] = {}

    def add(surface: str, entry: _Entry) -> None:
        for variant in _variants(surface):
            lexicon.setdefault(variant, entry)

    for row in _read_rows("countries.csv"):
        iso3 = row["iso3"]
        for alias in _with_upper([row["name"], *_split(row["aliases"])]):
            add(alias, _Entry("country", iso3, "name"))
        for word, form in _adjective_forms(row["adjectives"]).items():
            add(word, _Entry("country", iso3, form))
        for capital in _split(row["capitals"]):
            add(capital, _Entry("country", iso3, "capital"))
    for row in _read_rows("groups.csv"):
        for alias in [row["label"], *_split(row["aliases"])]:
            add(alias, _Entry("group", row["slug"], "name"))
    for row in _read_rows("places.csv"):
        for alias in _with_upper([row["name"], *_split(row["aliases"])]):
            add(alias, _Entry("place", row["name"], "name"))
    return lexicon


@lru_cache(maxsize=1)
def _group_labels() -> dict[str, str]:
    return {row["slug"]: row["label"] for row in _read_rows("groups.csv")}


@lru_cache(maxsize=1)
def _group_bodies() -> frozenset[str]:
    return frozenset(row["slug"] for row in _read_rows("groups.csv") if row["kind"] == "body")


# ---------------------------------------------------------------- lookups


def country_info(iso3: str) -> CountryInfo:
    """Name, Wikidata QID and region of a country; KeyError if the code is unknown."""
    return _countries()[iso3]


def all_countries() -> list[CountryInfo]:
    """Every country in the reference table, ordered by ISO3."""
    return sorted(_countries().values(), key=lambda info: info.iso3)


def group_label(slug: str) -> str:
    """The label of a group slug; KeyError if unknown."""
    return _group_labels()[slug]


def _strip_possessive(text: str) -> str:
    for mark in APOSTROPHES:
        if text.endswith(mark + "s") or text.endswith(mark + "S"):
            return text[:-2]
        if text.endswith("s" + mark):
            return text[:-1]
    return text


def _normalise(text: str) -> str:
    text = " ".join(text.split())
    text = _strip_possessive(text)
    for article in ("the ", "The ", "THE "):
        if text.startswith(article):
            text = text[len(article) :]
    return text


def lookup_country(text: str) -> str | None:
    """ISO3 for a written country reference ("the U.S.", "Britain's", "Beijing"), else None."""
    surface = _normalise(text)
    entry = _lexicon().get(surface)
    if entry is None and surface.isupper():  # an all-caps headline: "BRITISH", "BEIJING"
        entry = _lexicon().get(surface.title())
    if entry is None or entry.kind != "country":
        return None
    return entry.key


def lookup_group(text: str) -> str | None:
    """Group slug for a written group reference ("the EU", "G-7", "the West"), else None."""
    lexicon = _lexicon()
    surface = " ".join(text.split())
    entry = lexicon.get(surface) or lexicon.get(_normalise(surface))
    return entry.key if entry is not None and entry.kind == "group" else None


# ---------------------------------------------------------------- matching


@dataclass(frozen=True)
class StateMatcher:
    """One case-sensitive PhraseMatcher over every surface form, and the entry of each match."""

    phrases: PhraseMatcher
    entries: dict[int, _Entry]


@lru_cache(maxsize=1)
def state_matcher(nlp: Language) -> StateMatcher:
    """The matcher for docs of `nlp`: surface forms are cut into tokens as it cuts text."""
    from spacy.matcher import PhraseMatcher

    phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
    entries: dict[int, _Entry] = {}
    by_entry: dict[_Entry, list[str]] = {}
    for surface, entry in _lexicon().items():
        by_entry.setdefault(entry, []).append(surface)
    for entry, surfaces in by_entry.items():
        label = f"{entry.kind}|{entry.key}|{entry.form}"
        entries[nlp.vocab.strings.add(label)] = entry
        phrases.add(label, list(nlp.tokenizer.pipe(surfaces)))
    return StateMatcher(phrases, entries)


def _person_tokens(doc: Doc) -> dict[int, SpacySpan]:
    """Token index -> the multi-token PERSON entity that contains it."""
    return {
        i: ent
        for ent in doc.ents
        if ent.label_ == "PERSON" and len(ent) > 1
        for i in range(ent.start, ent.end)
    }


def _inside_person(span: SpacySpan, persons: dict[int, SpacySpan]) -> bool:
    """True when the match is a given name or surname within a PERSON ("Jordan Henderson").

    The neighbour inside the entity must look like a name: the small NER model
    also tags "Belarus UN Ambassador" or "Kuwait Emir Sheikh ..." as PERSON.
    """
    ent = persons.get(span.start)
    if ent is None or persons.get(span.end - 1) is not ent:
        return False
    doc = span.doc
    if span.end < ent.end:
        return _name_like(doc[span.end].text)
    return span.start > ent.start and _name_like(doc[span.start - 1].text)


def _name_like(word: str) -> bool:
    return word.istitle() and word.isalpha() and not OFFICE_WORD.fullmatch(word)


@dataclass(frozen=True)
class _Hit:
    entry: _Entry
    start: int  # characters
    end: int
    length: int  # tokens, for longest-match-wins


def _token_hits(doc: Doc, matcher: StateMatcher) -> list[_Hit]:
    persons = _person_tokens(doc)
    hits = []
    for match_id, start, end in matcher.phrases(doc):
        entry = matcher.entries[match_id]
        span = doc[start:end]
        if entry.form in PERSON_SENSITIVE_FORMS and _inside_person(span, persons):
            continue
        if entry.form in ETHNIC_FORMS and start > 0 and doc[start - 1].lower_ == "ethnic":
            continue
        hits.append(_Hit(entry, span.start_char, span.end_char, end - start))
    return hits


def _hyphen_hits(text: str) -> list[_Hit]:
    """Matches inside words the tokenizer keeps whole: "U.S.-led", "U.K.-drafted".

    Parts the tokenizer does split are found again here; overlap resolution
    drops the duplicates.
    """
    lexicon = _lexicon()
    hits = []
    for word in HYPHENATED.finditer(text):
        for part in HYPHEN_PART.finditer(word.group()):
            surface = part.group().lstrip("'\u2019")
            start = word.start() + part.end() - len(surface)
            for candidate in (surface, surface.rstrip(".")):
                entry = lexicon.get(candidate)
                if entry is not None:
                    hits.append(_Hit(entry, start, start + len(candidate), 1))
                    break
    return hits


def _resolve_overlaps(hits: list[_Hit], size: int) -> list[_Hit]:
    """Longest match wins; on a tie a blocking place wins, then the earlier match."""
    ranked = sorted(hits, key=lambda h: (-h.length, h.entry.kind != "place", h.start, h.end))
    occupied = bytearray(size)
    taken: list[_Hit] = []
    for hit in ranked:
        if not any(occupied[hit.start : hit.end]):
            occupied[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
            taken.append(hit)
    return sorted(taken, key=lambda h: (h.start, h.end))


def _all_hits(doc: Doc, text: str, matcher: StateMatcher) -> list[_Hit]:
    return _resolve_overlaps(_token_hits(doc, matcher) + _hyphen_hits(text), len(text))


def _with_possessive(text: str, hit: _Hit) -> tuple[int, bool]:
    """Extend a country name over a following "'s" / "’s" / "'" (plural possessive)."""
    for mark in ("'s", "\u2019s", "'S", "\u2019S"):
        if text.startswith(mark, hit.end) and not text[hit.end + 2 : hit.end + 3].isalnum():
            return hit.end + 2, True
    plural = text[hit.end - 1 : hit.end] == "s" and text[hit.end : hit.end + 1] in APOSTROPHES
    if plural and not text[hit.end + 1 : hit.end + 2].isalnum():
        return hit.end + 1, True
    return hit.end, False


def _is_dateline(text: str, hit: _Hit) -> bool:
    """A capital opening a line as "Beijing, Oct. 29 (Xinhua) --": where, not who."""
    line_start = text.rfind("\n", 0, hit.start) + 1
    return not text[line_start : hit.start].strip() and bool(DATELINE_TAIL.match(text, hit.end))


def find_states_and_groups(
    doc: Doc, matcher: StateMatcher
) -> tuple[list[CountryMention], list[GroupMention]]:
    """Country and group mentions, each sorted by offset, from one matching pass: both
    compete for the same words. `matcher` is state_matcher of the pipeline that made `doc`."""
    text = doc.text  # built anew on each access: read it once
    countries: list[CountryMention] = []
    groups: list[GroupMention] = []
    for hit in _all_hits(doc, text, matcher):
        if hit.entry.kind == "group":
            groups.append(_group_mention(text, hit))
        elif hit.entry.kind == "country":
            mention = _country_mention(text, hit)
            if mention is not None:
                countries.append(mention)
    return countries, groups


def _country_mention(text: str, hit: _Hit) -> CountryMention | None:
    """None for a dateline's capital and for where something is based ("London-based")."""
    if hit.entry.form == "capital" and _is_dateline(text, hit):
        return None
    if LOCATED_SUFFIX.match(text, hit.end):
        return None
    end, possessive = hit.end, False
    if hit.entry.form in ("name", "capital"):
        end, possessive = _with_possessive(text, hit)
    return CountryMention(
        iso3=hit.entry.key,
        text=text[hit.start : end],
        span=Span(hit.start, end),
        form="possessive" if possessive else hit.entry.form,
    )


def _group_mention(text: str, hit: _Hit) -> GroupMention:
    return GroupMention(
        slug=hit.entry.key,
        label=_group_labels()[hit.entry.key],
        text=text[hit.start : hit.end],
        span=Span(hit.start, hit.end),
        body=hit.entry.key in _group_bodies(),
    )
