"""Organisations and news media named in an article.

Organisations come from kg/lang/en/organizations.csv; a national body ("foreign
ministry") gets the slug "{iso3}-foreign-ministry" only when a country word stands
right before it. News media (kg/lang/en/media.csv: agencies, outlets, the words
outlet names end in, and reporters' roles) are never officials and never speakers:
they carry other people's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.extract.countries import lookup_country
from kg.lang import table, words
from kg.model import OrganizationMention, Span


@dataclass(frozen=True)
class Organization:
    slug: str
    label: str
    aliases: tuple[str, ...]
    part_of: str | None
    kind: str


@lru_cache(maxsize=1)
def organizations() -> tuple[Organization, ...]:
    rows = table("organizations.csv")
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


def group_body(slug: str, label: str) -> str:
    """The organisation slug a group of states is known by when it is also a body ("EU",
    "ASEAN"), so that one node stands for both; else the group's own slug."""
    org = org_in_text(label)
    return org.slug if org is not None and org.label.lower() == label.lower() else slug


def find_organizations(doc: Doc) -> list[OrganizationMention]:
    """Organisation mentions, longest alias first, without overlaps, in text order.

    A national body ("foreign ministry") gets a slug only when a country word
    stands right before it ("China's foreign ministry", "Chinese Foreign Ministry").
    """
    text = doc.text
    folded = text.casefold()
    taken: list[tuple[int, int]] = []
    found: list[OrganizationMention] = []
    for pattern, org, alias in _alias_index():
        if alias.casefold() not in folded:
            continue  # a name the text cannot hold, in any case: spare the pattern a scan
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            span = Span(m.start(), m.end())
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


@lru_cache(maxsize=1)
def _media() -> dict[str, tuple[str, ...]]:
    rows = table("media.csv")
    return {
        kind: tuple(r["phrase"] for r in rows if r["kind"] == kind)
        for kind in ("outlet", "head", "role")
    }


@lru_cache(maxsize=1)
def _outlet_pattern() -> re.Pattern[str]:
    names = sorted(_media()["outlet"], key=len, reverse=True)
    return re.compile("|".join(rf"(?<![\w.-]){re.escape(n)}(?![\w-])" for n in names))


def is_outlet(name: str) -> bool:
    """A news agency or outlet: a known name ("RIA Novosti"), or a capitalised name of
    two words or more ending in a word outlet names end in ("The Jerusalem Post")."""
    name = re.sub(r"^(?:the|The)\s+", "", name.strip())
    if _outlet_pattern().fullmatch(name):
        return True
    words = name.split()
    return len(words) >= 2 and words[-1] in _media()["head"] and words[0][:1].isupper()


def names_outlet(text: str) -> bool:
    """The text names a known outlet somewhere ("By Ana Ruiz, Reuters")."""
    return _outlet_pattern().search(text) is not None


@lru_cache(maxsize=1)
def media_roles() -> frozenset[str]:
    """Reporters' jobs: a person holding one carries other people's words."""
    return frozenset(_media()["role"])


@lru_cache(maxsize=1)
def body_heads() -> frozenset[str]:
    """Common nouns that end bodies' names: a run ending in one names no person."""
    return words("body_heads.txt")


BYLINE = re.compile(
    r"(?:^|[;|]\s*)(?:(?:additional\s+)?(?:written|reporting|reported|editing|edited|compiled)\s+)?by:?$",
    re.IGNORECASE,
)


SIGNED_LINE = re.compile(r",\s*[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3}\s*:")


def is_press(doc: Doc, run: SpacySpan) -> bool:
    """A byline ("By Ana Ruiz, Reuters"), a name signing a line for an outlet, or a reporter
    named by their job before the name ("Al Jazeera's correspondent Ana Ruiz"). A name with
    its job in apposition ("Ana Ruiz, a writer for The Atlantic, said on Twitter") speaks
    as herself: news quotes such people in their own right."""
    text = doc.text
    line_start = text.rfind("\n", 0, run.start_char) + 1
    line_end = text.find("\n", run.end_char)
    lead = text[line_start : run.start_char].strip()
    rest = text[run.end_char : line_end if line_end != -1 else len(text)]
    if BYLINE.search(lead) or (
        rest.startswith(",") and len(rest.split()) <= 4 and names_outlet(rest)
    ):
        return True
    if not lead and SIGNED_LINE.match(rest):
        return True  # "Ana Ruiz, Andes Monitor: Peru voted ...": a writer signs the line
    before = [t.lower_ for t in doc[max(0, run.start - 2) : run.start]]
    return any(w in media_roles() for w in before)


def is_outlet_slug(key: str) -> bool:
    """A body's slug (as referents write it: "ria-novosti") that names an outlet."""
    words = key.split("-")
    known = {re.sub(r"[^a-z0-9]+", "-", n.lower()).strip("-") for n in _media()["outlet"]}
    heads = {h.lower() for h in _media()["head"]}
    return key in known or len(words) >= 2 and words[-1] in heads
