"""Offset-preserving text helpers: boilerplate masks, paragraph spans, quote-mark normalisation.

Nothing here moves a character: every function either returns spans into the
text it was given or a string of exactly the same length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources.abc import Traversable
from pathlib import Path

from kg.lang import lang_file
from kg.model import Span

BOILERPLATE_FILE = lang_file("boilerplate.txt")

# Curly and typographic quote marks, one character each, so a straight
# replacement keeps every offset.
_QUOTE_TABLE = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark / apostrophe
        "\u201a": "'",  # single low-9
        "\u201b": "'",  # single high-reversed-9
        "\u2032": "'",  # prime, often typed for an apostrophe
        "\u2039": "'",  # single guillemets
        "\u203a": "'",
        "\u201c": '"',  # left double quotation mark
        "\u201d": '"',  # right double quotation mark
        "\u201e": '"',  # double low-9
        "\u201f": '"',  # double high-reversed-9
        "\u2033": '"',  # double prime
        "\u00ab": '"',  # double guillemets
        "\u00bb": '"',
    }
)


@dataclass(frozen=True)
class LinePattern:
    """One boilerplate pattern; `context` restricts it to lines next to a masked line."""

    regex: re.Pattern[str]
    context: str = ""  # "" anywhere | "after" a masked line | "before" a masked line


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the first character of the line
    end: int  # offset after its last character, excluding "\r\n" / "\n"
    content: str  # the line with surrounding white space stripped


def load_patterns(path: Path | Traversable = BOILERPLATE_FILE) -> tuple[LinePattern, ...]:
    """Parse a boilerplate lexicon: one regex per line, '#' comments, '+'/'<' context prefixes."""
    patterns = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        context = ""
        if line[:2] in ("+ ", "< "):
            context = "after" if line[0] == "+" else "before"
            line = line[2:]
        patterns.append(LinePattern(re.compile(line, re.IGNORECASE), context))
    return tuple(patterns)


@lru_cache(maxsize=1)
def _default_patterns() -> tuple[LinePattern, ...]:
    return load_patterns()


def _lines(text: str) -> Iterator[_Line]:
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        visible_end = end - 1 if raw.endswith("\r") else end
        yield _Line(pos, visible_end, raw.strip())
        pos = end + 1


def _matches(line: _Line, patterns: Iterable[LinePattern]) -> bool:
    return bool(line.content) and any(p.regex.fullmatch(line.content) for p in patterns)


def boilerplate_spans(
    text: str, patterns: tuple[LinePattern, ...] | None = None
) -> tuple[Span, ...]:
    """Whole-line spans (newline excluded) of boilerplate in `text`, sorted and disjoint."""
    patterns = _default_patterns() if patterns is None else patterns
    anywhere = [p for p in patterns if not p.context]
    after = [p for p in patterns if p.context == "after"]
    before = [p for p in patterns if p.context == "before"]
    lines = list(_lines(text))
    masked = [_matches(line, anywhere) for line in lines]
    # Context rules run in reading order (and in reverse for "before"), so a
    # caption of several lines is followed line by line.
    for i in range(1, len(lines)):
        if not masked[i] and masked[i - 1] and _matches(lines[i], after):
            masked[i] = True
    for i in range(len(lines) - 2, -1, -1):
        if not masked[i] and masked[i + 1] and _matches(lines[i], before):
            masked[i] = True
    return tuple(
        Span(line.start, line.end)
        for line, hit in zip(lines, masked, strict=True)
        if hit and line.end > line.start
    )


def blank(text: str, spans: Iterable[Span]) -> str:
    """`text` with the characters inside `spans` replaced by spaces; newlines are kept."""
    chars = list(text)
    for span in spans:
        for i in range(span.start, span.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def clean(text: str) -> str:
    """`text` with its boilerplate blanked out: same length, so offsets still hold."""
    return blank(text, boilerplate_spans(text))


def normalise_quotes(text: str) -> str:
    """Curly quotes, primes and guillemets as straight ' and " (same length)."""
    return text.translate(_QUOTE_TABLE)


_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")


def paragraph_spans(text: str) -> list[Span]:
    """Spans of the paragraphs of `text`, trimmed of surrounding white space.

    Paragraphs are separated by blank lines when the text has any (plain-text
    articles); otherwise every line is a paragraph (trafilatura's output).
    """
    separator = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    spans = []
    start = 0
    for match in separator.finditer(text):
        spans.extend(_trimmed(text, start, match.start()))
        start = match.end()
    spans.extend(_trimmed(text, start, len(text)))
    return spans


def _trimmed(text: str, start: int, end: int) -> list[Span]:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return []
    offset = start + chunk.index(stripped)
    return [Span(offset, offset + len(stripped))]
