"""Cue helpers for quote attribution: which verb holds a quote, and headline repeats.

A verb "governs" a quote when the quote's first word lies in its subtree; a cue in
an adverbial clause ("..., when Clinton blasted him") reports another act; of two
verbs holding a fragment the outer one reports it, unless they are conjoined.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Token

from kg.lang import words
from kg.model import QuoteMention


def governs(verb: Token, first: int) -> bool:
    """The quote starting at token `first` lies in what the verb says ("quoted" always)."""
    return verb.lemma_ == "quote" or verb.left_edge.i <= first <= verb.right_edge.i


SUBORDINATORS = words("subordinators.txt")


def subordinate(verb: Token) -> bool:
    """A cue in an adverbial clause ("..., when Clinton blasted him") reports another act."""
    return verb.dep_ == "advcl" and any(
        c.lower_ in SUBORDINATORS and c.dep_ in ("mark", "advmod") for c in verb.children
    )


def reports_inside(outer: Token, inner: Token) -> bool:
    """`inner` sits in what `outer` reports: below it, and not through a conjunction."""
    tok = inner
    for _ in range(12):
        if tok.i == outer.i:
            return tok.i != inner.i
        if tok.dep_ == "conj" or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def headline_speakers(quotes: list[QuoteMention], text: str, title: str | None):
    """A headline quote repeated in the body, whole or as a fragment of a longer quote,
    takes the body's speaker: the body names who said it ("China warns ... not ‘helpful’"
    is the envoy quoted below)."""
    if not title or not quotes:
        return quotes
    first_line = text[: text.find("\n")] if "\n" in text else text
    if first_line.strip() != title.strip():
        return quotes
    out = []
    for quote in quotes:
        if quote.span.end <= len(first_line):
            body = [q for q in quotes if q.span.start > len(first_line) and q.speaker]
            # the same words, or a fragment of a body quote ("China has “serious difficulty”")
            same = [q for q in body if f" {_words(quote.text)} " in f" {_words(q.text)} "]
            if same:
                quote = replace(quote, speaker=same[0].speaker, via=same[0].via,
                                confidence=same[0].confidence,
                                rule="headline-repeats-the-body")  # fmt: skip
        out.append(quote)
    return out


PULLED = 0.55  # at or below: a speaker borrowed from a neighbour, not named by a cue


def repeated_speakers(quotes: list[QuoteMention]) -> list[QuoteMention]:
    """A pull quote (a paragraph of words repeated inside a later quote) takes the speaker
    the later quote's cue names, not the neighbour it was borrowed from."""
    out = []
    for quote in quotes:
        words = _words(quote.text)
        if quote.confidence <= PULLED and len(words.split()) >= 4:
            cued = [
                q for q in quotes
                if q is not quote and q.speaker and q.confidence > PULLED
                and f" {words} " in f" {_words(q.text)} " and words != _words(q.text)
            ]  # fmt: skip
            if cued:
                quote = replace(quote, speaker=cued[0].speaker, via=cued[0].via,
                                confidence=cued[0].confidence - 0.1,
                                rule="pull-quote-repeated")  # fmt: skip
        out.append(quote)
    return out
