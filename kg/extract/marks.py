"""Quote spans on raw characters, paragraph by paragraph: no parse needed.

Marks pair within their family (curly with curly, straight with straight); a
quote left open runs to its paragraph's end; headlines may use single marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = {"\u201c": "\u201d", '"': '"'}


@dataclass(frozen=True)
class RawQuote:
    """Characters between a pair of quote marks; start/end exclude the marks."""

    start: int
    end: int
    paragraph: int  # index of the paragraph that holds it
    closed: bool  # False when the paragraph ended before a closing mark
    single: bool = False  # headline-style ‘…’


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line: news paragraphs are lines."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _is_opening(para: str, i: int) -> bool:
    """A mark after a digit is an inch or second sign (6'3"), not a quote."""
    return not (i and para[i - 1].isdigit() and para[i] == '"')


def find_raw_quotes(
    text: str, headline: str | None = None, paras: list[tuple[int, int]] | None = None
) -> list[RawQuote]:
    """Every span between paired double quote marks, paragraph by paragraph.

    A paragraph that opens a quote and never closes it ends the quote at the
    paragraph's end (news convention: the next paragraph re-opens the mark).
    Curly and straight marks may be mixed; unbalanced marks never raise.
    `paras` are the text's paragraphs when already found.
    """
    found: list[RawQuote] = []
    for index, (p_start, p_end) in enumerate(paragraphs(text) if paras is None else paras):
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
    for m in re.finditer(
        r"(?:^|(?<=[\s(]))\u2018(\S(?:[^\u2018\u2019]*?\S)?)\u2019(?![A-Za-z])", para
    ):
        out.append(RawQuote(base + m.start(1), base + m.end(1), index, True, single=True))
    return out
