"""Dated events (statements, meetings, visits, votes, reports, sessions...) in parsed articles.

One event per (sentence, date expression) when the sentence holds a trigger word
from kg/lang/en/event_triggers.csv. The trigger is looked for first up the
dependency path from the date ("met ... on Monday"), then anywhere in the
sentence, which is less sure.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import lru_cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.annotations import dates_in
from kg.lang import mapping, table, words
from kg.model import CountryMention, DateValue, EventMention, Span

# Photo credits, captions and web-page furniture: their dates are not events.
CAPTION = re.compile(
    r"\b(?:file\s+)?photo\s*:|\bfile photo\b|\bphoto(?:graph)? (?:by|credit)\b|\bcredit\s*:"
    r"|\bclick to play video\b|\bread more\s*:|^\W*watch\s*:|\bcopyright\b|\(c\)\s*\d{4}|©",
    re.IGNORECASE,
)
NOUNS = ("NOUN", "PROPN")
PRESS_WORDS = words("press_words.txt")
SPAN_TYPES = {"visit", "session", "summit", "meeting"}  # a "six-day trip" has an end
PLACE_LABELS = {"GPE", "LOC"}
VENUE_LABELS = {"ORG", "FAC", "EVENT"}
MAX_HOPS = 8
REPORTED_CLAUSE = {"ccomp", "parataxis"}
LEADING_WORDS = r"^(?:the|a|an|its|their|his|her)\s+"
LABEL_CHARS = 80
CONFIDENCE_PATH = 0.8  # the trigger governs the date
CONFIDENCE_NEAR = 0.55  # the trigger is only in the same sentence
UNRESOLVED_PENALTY = 0.2
NUMBER_WORDS = mapping("duration_numbers.csv", "word", "number", int)
UNIT_DAYS = mapping("duration_units.csv", "unit", "days", int)


@dataclass(frozen=True)
class Trigger:
    event_type: str
    light: bool


@dataclass(frozen=True)
class _Found:
    token: Token
    event_type: str
    on_path: bool


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], Trigger]:
    """(lemma, coarse POS) -> trigger, read from the lexicon file."""
    return {
        (row["lemma"], row["pos"]): Trigger(row["event_type"], row["role"] == "light")
        for row in table("event_triggers.csv")
    }


def extract_events(doc: Doc) -> list[EventMention]:
    """Events in one parsed article; its dates were resolved against its publication date."""
    countries = doc._.countries
    entities = list(doc.ents)  # built anew from every token on each access: read once
    starts = [ent.start for ent in entities]
    events = []
    for sent in doc.sents:
        for date in dates_in(sent):
            if _in_caption(doc.text, date):
                continue
            inside = entities[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]
            ents = [ent for ent in inside if ent.end <= sent.end]  # as Span.ents has them
            event = _event_for(sent, ents, date, countries)
            if event is not None:
                events.append(event)
    return events


def is_caption(text: str) -> bool:
    """Whether a sentence is a photo caption, credit or page furniture."""
    return bool(CAPTION.search(text))


def _in_caption(text: str, date: DateValue) -> bool:
    """Whether the line holding a date is a caption (the parser may glue it to a sentence)."""
    assert date.span is not None
    start = text.rfind("\n", 0, date.span.start) + 1
    end = text.find("\n", date.span.end)
    return is_caption(text[start : end if end >= 0 else len(text)])


def _event_for(
    sent: SpacySpan, ents: list[SpacySpan], date: DateValue, countries: list[CountryMention]
) -> EventMention | None:
    assert date.span is not None
    date_tokens = sent.doc.char_span(date.span.start, date.span.end, alignment_mode="expand")
    if date_tokens is None:
        return None
    found = _trigger_on_path(date_tokens) or _nearest_trigger(sent, date_tokens)
    if found is None:
        return None
    confidence = CONFIDENCE_PATH if found.on_path else CONFIDENCE_NEAR
    if not date.resolved:
        confidence -= UNRESOLVED_PENALTY
    verb = _governing_verb(found.token)
    anchors = _anchors(found.token, verb) - {t.i for t in date_tokens}
    return EventMention(
        label=_label(found.token, verb, date_tokens),
        event_type=found.event_type,
        span=Span(sent.start_char, sent.end_char),
        date=_with_duration(date, found),
        participants=_participants(verb or found.token, sent, countries),
        venue=_venue(ents, anchors),
        place=_place(ents, anchors),
        confidence=round(confidence, 2),
    )


# --- finding the trigger -------------------------------------------------------------------


def _classify(token: Token) -> tuple[Token, str] | None:
    """The event a token triggers, and the token naming it (light verbs point to a noun)."""
    pos = "VERB" if token.pos_ in ("VERB", "AUX") else "NOUN" if token.pos_ in NOUNS else None
    if pos is None:
        return None
    trigger = triggers().get((token.lemma_.lower(), pos))
    if trigger is None:
        return None
    if pos == "NOUN":
        noun_type = _noun_type(token)
        return (token, noun_type) if noun_type else None
    if not trigger.light:
        return token, trigger.event_type
    for noun in _light_verb_nouns(token):
        noun_type = _noun_type(noun)
        if noun_type:
            return noun, noun_type
    return (token, trigger.event_type) if trigger.event_type else None


def _light_verb_nouns(verb: Token) -> list[Token]:
    """Nouns a light verb may be about: its arguments, else the noun just before it.

    The parser often hangs a participle on the main verb ("a session starting
    Monday"), so the noun right before it is a fair second guess.
    """
    args = [c for c in verb.children if c.dep_ in ("dobj", "nsubj", "nsubjpass", "attr")]
    if verb.dep_ in ("acl", "relcl"):  # "the summit, held in Bali"
        args.append(verb.head)
    if verb.i > verb.sent.start:
        args.append(verb.doc[verb.i - 1])
    return args


def _noun_type(token: Token) -> str | None:
    trigger = triggers().get((token.lemma_.lower(), "NOUN"))
    if trigger is None or trigger.light:
        return None
    modifiers = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod")}
    if modifiers & PRESS_WORDS:  # "press conference", "news briefing"
        return "press-briefing"
    if token.lemma_.lower() == "event" and "sideline" in token.sent.text.lower():
        return "side-event"
    return trigger.event_type


def _trigger_on_path(date_tokens: SpacySpan) -> _Found | None:
    """The first trigger up the dependency path from the date.

    The path stops where it leaves a reported clause: in "officials said people
    were detained in 2019" the year dates the detentions, not the saying.
    """
    token = date_tokens.root
    inside = {t.i for t in date_tokens}
    for _ in range(MAX_HOPS):
        if token.head is token or token.dep_ in REPORTED_CLAUSE:
            return None
        token = token.head
        if token.i in inside:
            continue
        found = _classify(token)
        if found:
            return _Found(found[0], found[1], on_path=True)
    return None


def _nearest_trigger(sent: SpacySpan, date_tokens: SpacySpan) -> _Found | None:
    """The trigger closest to the date, leaving out speech verbs ("said") that are everywhere."""
    best: _Found | None = None
    best_distance = len(sent) + 1
    for token in sent:
        if date_tokens.start <= token.i < date_tokens.end:
            continue
        found = _classify(token)
        if found is None or (found[1] == "statement" and found[0].pos_ in ("VERB", "AUX")):
            continue
        distance = min(abs(token.i - date_tokens.start), abs(token.i - date_tokens.end + 1))
        if distance < best_distance:
            best, best_distance = _Found(found[0], found[1], on_path=False), distance
    return best


def _governing_verb(token: Token) -> Token | None:
    for candidate in (token, *token.ancestors):
        if candidate.pos_ in ("VERB", "AUX"):
            return candidate
    return None


# --- describing the event ------------------------------------------------------------------


def _label(trigger: Token, verb: Token | None, date_tokens: SpacySpan) -> str:
    """A short readable label: the event noun's phrase, or subject + verb + object."""
    skip = {t.i for t in date_tokens}
    noun_phrase = _phrase(trigger, skip) if trigger.pos_ in NOUNS else []
    if verb is None or len([t for t in noun_phrase if t.dep_ not in ("det", "poss")]) > 1:
        parts = [noun_phrase or [trigger]]
    else:  # a verb, or a bare noun that reads better with its clause ("adopted the resolution")
        subject, obj = _subject(verb), _child(verb, ("dobj", "attr", "dative"))
        group = [t for t in verb.children if t.dep_ in ("aux", "auxpass", "neg", "prt")]
        parts = [
            _phrase(subject, skip) if subject is not None else [],
            [*group, verb],
            _phrase(obj, skip) if obj is not None else [],
        ]
    texts = []
    for part in parts:
        words = [t for t in part if t.i not in skip]
        skip |= {t.i for t in words}  # a word shows once: "summit held in Bali", not "... held"
        if words:
            texts.append(_join(words))
    if len(texts) > 1 and verb is not None and verb.is_sent_start:
        texts[1] = texts[1][:1].lower() + texts[1][1:]  # "Speaking in X, she" -> "she speaking"
    text = " ".join(texts)
    text = re.sub(LEADING_WORDS, "", " ".join(text.split()), flags=re.IGNORECASE)
    if len(text) > LABEL_CHARS:
        text = text[:LABEL_CHARS].rsplit(" ", 1)[0]
    return text[:1].upper() + text[1:]


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or that of the clause it hangs from ("Speaking ..., she said")."""
    for candidate in (verb, *verb.ancestors):
        subject = _child(candidate, ("nsubj", "nsubjpass"))
        if subject is not None:
            return subject
    return None


def _join(tokens: list[Token]) -> str:
    """Tokens as written: their own spacing when adjacent, one space across gaps."""
    ordered = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    parts = []
    for token, after in zip(ordered, [*ordered[1:], None], strict=False):
        gap = token.whitespace_ if after is not None and after.i == token.i + 1 else " "
        parts.append(token.text + gap)
    return "".join(parts).strip()


def _child(token: Token, deps: tuple[str, ...]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _phrase(token: Token, skip: set[int]) -> list[Token]:
    """The noun phrase a token heads, with its first prepositional or participle modifier."""
    left = [t for t in token.lefts if t.dep_ in ("det", "amod", "compound", "poss", "nummod")]
    words = sorted([t for c in left for t in c.subtree] + [token], key=lambda t: t.i)
    rights = list(token.rights)
    after = next((c for c in rights if c.dep_ in ("prep", "acl")), None)
    after = after or next((c for c in rights if c.dep_ == "relcl"), None)
    if after is not None:
        words += [t for t in after.subtree if t.i not in skip]
    return words


def _with_duration(date: DateValue, found: _Found) -> DateValue:
    """Give a dated "six-day trip" its last day."""
    if found.event_type not in SPAN_TYPES or date.start is None or date.end is not None:
        return date
    if date.precision != "day":
        return date
    days = duration_days(found.token.sent.text)
    if days is None or days < 2:
        return date
    return replace(date, end=date.start + timedelta(days=days - 1))


def duration_days(text: str) -> int | None:
    """Days in the first "six-day" / "four-week" / "10-day" duration in `text`, or None."""
    match = re.search(
        r"\b(?P<n>\d{1,3}|" + "|".join(NUMBER_WORDS) + r")[-\s](?P<u>day|week)s?\b",
        text,
        re.IGNORECASE,
    )
    if match is None:
        return None
    raw = match.group("n").lower()
    count = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    return count * UNIT_DAYS[match.group("u").lower()]


def _participants(
    anchor: Token, sent: SpacySpan, countries: list[CountryMention]
) -> tuple[str, ...]:
    """ISO3 codes of countries mentioned in the trigger's clause, in order of mention."""
    subtree = list(anchor.subtree)
    start = max(sent.start_char, subtree[0].idx)
    end = min(sent.end_char, subtree[-1].idx + len(subtree[-1].text))
    seen: list[str] = []
    for mention in countries:
        if start <= mention.span.start and mention.span.end <= end and mention.iso3 not in seen:
            seen.append(mention.iso3)
    return tuple(seen)


def _anchors(trigger: Token, verb: Token | None) -> set[int]:
    """Tokens a venue or place phrase must hang from to belong to this event."""
    anchors = {trigger.i}
    if verb is not None:
        anchors.add(verb.i)
        subject = _child(verb, ("nsubj", "nsubjpass"))
        if subject is not None:
            anchors.add(subject.i)
    return anchors


def _venue(ents: list[SpacySpan], anchors: set[int]) -> str | None:
    """The body or forum where it happened: an organisation or facility after "at"."""
    venues = [e for e in ents if e.label_ in VENUE_LABELS]
    for ent in venues:
        if _preposition(ent, anchors) in ("at", "before"):
            return _strip_the(ent.text)
    for ent in venues:  # less sure: "at" the body, but hanging from another word
        if _preposition(ent, None) == "at":
            return _strip_the(ent.text)
    return None


def _place(ents: list[SpacySpan], anchors: set[int]) -> str | None:
    """A city or country stated with "in"/"at" ("in Guangzhou", "in the city of Guangzhou")."""
    for ent in ents:
        if ent.label_ in PLACE_LABELS and _preposition(ent, anchors) in ("in", "at"):
            return _strip_the(ent.text)
    return None


def _preposition(ent: SpacySpan, anchors: set[int] | None) -> str | None:
    """The preposition putting an entity on an anchor (any word if None).

    Looks through "the city of" to the preposition before it.
    """
    head = ent.root.head
    if head.lower_ == "of" and head.head.pos_ == "NOUN" and head.head.head.dep_ == "prep":
        head = head.head.head
    if head.dep_ != "prep" or head is ent.root:
        return None
    if anchors is not None and head.head.i not in anchors:
        return None
    return head.lower_


def _strip_the(text: str) -> str:
    return re.sub(r"^(?:the|an?)\s+", "", text, flags=re.IGNORECASE)
