"""Shared helpers for quotes and officials: quote-mark spans, lexicons, reporting cues.

Quote spans are found on raw characters (no parse needed); cue finding reads the
spaCy dependency parse to get the subject of a reporting verb next to a quote.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.model import OrganizationMention
from kg.model import Span as ModelSpan

LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"

OPENERS = {"\u201c": "\u201d", '"': '"'}
CLOSERS = {"\u201d", '"'}
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "mr.", "mrs.", "ms.", "dr.", "sir", "madam", "dame"}


@dataclass(frozen=True)
class RawQuote:
    """Characters between a pair of quote marks; start/end exclude the marks."""

    start: int
    end: int
    paragraph: int  # index of the paragraph that holds it
    closed: bool  # False when the paragraph ended before a closing mark
    single: bool = False  # headline-style ‘…’


@dataclass(frozen=True)
class Organization:
    slug: str
    label: str
    aliases: tuple[str, ...]
    part_of: str | None
    kind: str


def _read_lines(name: str) -> list[str]:
    lines = (LEXICONS / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def reporting_verbs() -> frozenset[str]:
    return frozenset(_read_lines("reporting_verbs.txt"))


@lru_cache(maxsize=1)
def titles() -> tuple[str, ...]:
    """Title phrases, longest first so phrase matching prefers the longest."""
    return tuple(sorted(set(_read_lines("titles.txt")), key=len, reverse=True))


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Every word of every title, plus modifiers that stay inside a title phrase."""
    words = {w for phrase in titles() for w in re.split(r"[\s]+", phrase)}
    words |= {"foreign", "deputy", "vice", "former", "senior", "state", "top", "chief"}
    words |= {"permanent", "special", "acting", "interim", "assistant", "executive", "first"}
    words |= {"ministry", "affairs", "human", "rights", "for", "of", "to"}
    words |= {w.strip(".") for w in words}
    words |= {"the", "and", "defense", "defence", "trade", "finance", "interior", "justice"}
    return frozenset(words)


@lru_cache(maxsize=1)
def organizations() -> tuple[Organization, ...]:
    with (LEXICONS / "organizations.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Organization(
            slug=row["slug"],
            label=row["label"],
            aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
            part_of=row["part_of"] or None,
            kind=row["kind"],
        )
        for row in rows
    )


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line: news paragraphs are lines."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _is_opening(para: str, i: int) -> bool:
    """A mark after a digit is an inch or second sign (6'3"), not a quote."""
    return not (i and para[i - 1].isdigit() and para[i] == '"')


def find_raw_quotes(text: str, headline: str | None = None) -> list[RawQuote]:
    """Every span between paired double quote marks, paragraph by paragraph.

    A paragraph that opens a quote and never closes it ends the quote at the
    paragraph's end (news convention: the next paragraph re-opens the mark).
    Curly and straight marks may be mixed; unbalanced marks never raise.
    """
    found: list[RawQuote] = []
    for index, (p_start, p_end) in enumerate(paragraphs(text)):
        para = text[p_start:p_end]
        if para.lstrip().startswith("<") and '="' in para:
            continue  # markup (embedded tweets), not prose
        found.extend(_quotes_in_paragraph(para, p_start, index))
        if headline and para.strip() == headline.strip():
            found.extend(_single_quotes(para, p_start, index))
    return found


def _quotes_in_paragraph(para: str, base: int, index: int) -> list[RawQuote]:
    out: list[RawQuote] = []
    i = 0
    while i < len(para):
        if para[i] not in OPENERS or not _is_opening(para, i):
            i += 1
            continue
        j = _closing(para, i)
        closed = j != -1
        if not closed:
            j = len(para)  # open to the paragraph's end: the next paragraph continues it
        inner_start, inner_end = i + 1, j
        # trim surrounding white space so the span is exactly the words
        while inner_start < inner_end and para[inner_start].isspace():
            inner_start += 1
        while inner_end > inner_start and para[inner_end - 1].isspace():
            inner_end -= 1
        if inner_end > inner_start:
            out.append(RawQuote(base + inner_start, base + inner_end, index, closed))
        i = j + 1
    return out


def _closing(para: str, i: int) -> int:
    """Index of the mark closing the quote opened at i, or -1.

    Marks pair within their family (“ with ”, " with "). A curly quote with no
    curly closer may end at a straight mark ('“Yes," she said'), a common slip;
    a straight quote with no straight closer runs on, since the curly marks
    inside it are then nested quotes.
    """
    if para[i] == "\u201c":
        j = para.find("\u201d", i + 1)
        return j if j != -1 else para.find('"', i + 1)
    return para.find('"', i + 1)


def _single_quotes(para: str, base: int, index: int) -> list[RawQuote]:
    """Headline quotes in single curly marks; an apostrophe (China’s) is not a closer."""
    out = []
    for m in re.finditer(r"(?:^|(?<=[\s(]))\u2018([^\u2018\u2019]+?)\u2019(?![A-Za-z])", para):
        out.append(RawQuote(base + m.start(1), base + m.end(1), index, True, single=True))
    return out


def strip_honorific(name: str) -> str:
    words = name.split()
    while words and words[0].lower() in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def clean_name(name: str) -> str:
    """A person's name without honorific, possessive or stray punctuation."""
    name = re.sub(r"(?:'s|\u2019s|'|\u2019)$", "", name.strip())
    name = name.strip(' ,.;:"\u201c\u201d')
    return strip_honorific(name)


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of a verb, climbing through conjoined verbs."""
    seen = 0
    while seen < 4:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
            verb = verb.head
            seen += 1
            continue
        return None
    return None


def is_reporting(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in reporting_verbs()


def person_entity(doc: Doc, token: Token) -> SpacySpan | None:
    """The PERSON entity a subject token names, via the token, its compounds or appositions."""
    if token.ent_type_ == "PERSON":
        return _entity_at(doc, token)
    for child in token.children:
        if child.dep_ in ("appos", "compound") and child.ent_type_ == "PERSON":
            return _entity_at(doc, child)
    return None


def _entity_at(doc: Doc, token: Token) -> SpacySpan | None:
    for ent in doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def _alias_pattern(alias: str) -> re.Pattern[str]:
    # acronyms and dotted forms match case-sensitively; names match in any case
    flags = 0 if alias.isupper() or "." in alias else re.IGNORECASE
    return re.compile(rf"(?<![\w.]){re.escape(alias)}(?![\w])", flags)


@lru_cache(maxsize=1)
def _alias_index() -> tuple[tuple[re.Pattern[str], Organization, str], ...]:
    pairs = [(alias, org) for org in organizations() for alias in org.aliases]
    pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
    return tuple((_alias_pattern(alias), org, alias) for alias, org in pairs)


def org_in_text(text: str) -> Organization | None:
    """The organisation whose longest alias occurs in `text` (a title, a subject phrase)."""
    for pattern, org, _alias in _alias_index():
        if pattern.search(text):
            return org
    return None


def find_organizations(doc: Doc) -> list[OrganizationMention]:
    """Organisation mentions, longest alias first, without overlaps, in text order.

    A national body ("foreign ministry") gets a slug only when a country word
    stands right before it ("China's foreign ministry", "Chinese Foreign Ministry").
    """
    from kg.extract.countries import lookup_country

    text = doc.text
    taken: list[tuple[int, int]] = []
    found: list[OrganizationMention] = []
    for pattern, org, _alias in _alias_index():
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            span = ModelSpan(m.start(), m.end())
            if org.kind != "national":
                found.append(OrganizationMention(org.slug, org.label, span, org.part_of))
                continue
            iso3 = _country_before(text, m.start(), lookup_country)
            if iso3:
                slug = org.slug.replace("{iso3}", iso3.lower())
                label = f"{iso3} foreign ministry"
                found.append(OrganizationMention(slug, label, span, None, iso3))
    return sorted(found, key=lambda o: o.span.start if o.span else -1)


def _country_before(text: str, start: int, lookup) -> str | None:
    """A country word (name, adjective, possessive) just before a national body's name."""
    words = text[max(0, start - 40) : start].split()
    for n in (1, 2, 3):
        if len(words) >= n:
            iso3 = lookup(" ".join(words[-n:]))
            if iso3:
                return iso3
    return None


def _breaks_name(token: Token) -> bool:
    """Tokens that can never be part of a person's name."""
    low = token.lower_.strip(".")
    if token.is_space or token.is_punct and token.text not in ("-", "."):
        return True
    if low in title_words() or low in HONORIFICS or token.lower_ in ("'s", "\u2019s"):
        return True
    from kg.extract.countries import lookup_country

    if token.ent_type_ == "PERSON":
        return False  # Chuck Jordan, Georgia Smith: a country word inside a person's name
    return lookup_country(token.text) is not None or org_in_text(token.text) is not None


def _name_like(token: Token) -> bool:
    return (
        token.text[:1].isupper()
        and (token.pos_ == "PROPN" or token.ent_type_ == "PERSON")
        and not _breaks_name(token)
    )


def _joins_name(doc: Doc, j: int) -> bool:
    """A hyphen written tight between two name words ("Thomas-Greenfield")."""
    return (
        doc[j].text == "-"
        and not doc[j].whitespace_
        and not doc[j - 1].whitespace_
        and j + 1 < len(doc)
        and (_name_like(doc[j + 1]) or doc[j + 1].is_alpha)
    )


def name_runs(doc: Doc) -> list[SpacySpan]:
    """Maximal runs of capitalised proper-noun tokens, cut at titles, countries and bodies."""
    runs, i = [], 0
    while i < len(doc):
        if not _name_like(doc[i]):
            i += 1
            continue
        j = i
        while j < len(doc) and "\n" not in doc[j].whitespace_:
            if _name_like(doc[j]):
                j += 1
                continue
            if _joins_name(doc, j):
                j += 2
                continue
            break
        if j < len(doc) and _name_like(doc[j]):
            j += 1  # the run's last token carried the paragraph break
        if j - i <= 4:  # longer capitalised runs are headlines or titles, not names
            runs.append(doc[i:j])
        i = j
    return runs


def introduced_by_title(run: SpacySpan) -> bool:
    """A title word or honorific stands right before the name ("Ambassador Kelly Craft")."""
    if run.start == 0:
        return False
    prev = run.doc[run.start - 1]
    low = prev.lower_.strip(".")
    return low in HONORIFICS or any(low == t.split()[-1] for t in titles())


def is_speaking_subject(run: SpacySpan) -> bool:
    """The name is the subject of a reporting verb, 'quoted X as', or 'according to X'."""
    root = run.root
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and is_reporting(head):
        return True
    if root.dep_ == "dobj" and head.lemma_ == "quote":
        return True
    return root.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"
