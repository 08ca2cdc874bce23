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
from itertools import islice
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


def _matches(line: _Line, either: re.Pattern[str] | None) -> bool:
    return bool(line.content) and either is not None and bool(either.fullmatch(line.content))


@lru_cache(maxsize=16)
def _either(patterns: tuple[LinePattern, ...]) -> re.Pattern[str] | None:
    """One regex that matches a line any of `patterns` matches: one match a line instead of
    one a pattern, which on a file of a million short lines is the difference that counts."""
    if not patterns:
        return None
    # load_patterns reads every pattern case-insensitive; (?-i:...) inside one still holds.
    return re.compile("|".join(f"(?:{p.regex.pattern})" for p in patterns), re.IGNORECASE)


def boilerplate_spans(
    text: str, patterns: tuple[LinePattern, ...] | None = None
) -> tuple[Span, ...]:
    """Whole-line spans (newline excluded) of boilerplate in `text`, sorted and disjoint."""
    patterns = _default_patterns() if patterns is None else patterns
    anywhere = _either(tuple(p for p in patterns if not p.context))
    after = _either(tuple(p for p in patterns if p.context == "after"))
    before = _either(tuple(p for p in patterns if p.context == "before"))
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


# --- the budget: what one article may cost the parser and the extractors -----------------

# A sentence ends at a line break or at white space after . ! ? and any closing marks.
# Every match starts at a fixed kind of character, so no run is scanned twice.
_SENTENCE_END = re.compile(r"\n|(?<=[.!?])[\"')\]\u201d\u2019]*\s")
_DOUBLE_MARK = re.compile('["\u201c\u201d]')
_WORD = re.compile(r"\w+|[^\w\s]")  # a word or one mark: about one token each


@dataclass(frozen=True)
class Budget:
    """What one article may cost; past it the text is cut or split, never shifted.

    Each limit sits far above what news prints (the longest development article
    has 300 sentences and 22,000 characters) and keeps the steps that grow
    faster than the text (tokenizing a long run, pairing marks, scans per
    mention) within bounds.
    """

    characters: int = 300_000  # read per article; the rest is cut
    sentences: int = 3_000  # read per article; the rest is cut
    words: int = 60_000  # words and marks read per article (about the parser's tokens)
    sentence_characters: int = 3_000  # a longer line is split, at a sentence end if it can
    word_characters: int = 300  # a longer run without white space is split
    quote_marks: int = 3_000  # double quote marks read per article; the rest are blanked


@dataclass(frozen=True)
class Budgeted:
    """A text held to a budget and what was cut, in words.

    `text` is a prefix of the text given (a cut tail is dropped), with every
    character at its offset: a split is one character replaced.
    """

    text: str
    cuts: tuple[str, ...] = ()


def within_budget(text: str, budget: Budget = Budget()) -> Budgeted:
    """`text` held to `budget`: a prefix of it where a split is a space or a line break."""
    cuts = []
    for step in (_cut_tail, _blank_extra_quote_marks, _split_long_words, _split_long_sentences):
        text, cut = step(text, budget)
        if cut:
            cuts.append(cut)
    return Budgeted(text, tuple(cuts))


def _cut_tail(text: str, budget: Budget) -> tuple[str, str]:
    """Drop everything after the budget's last character, sentence or word."""
    end, reason = len(text), ""
    if len(text) > budget.characters:
        end, reason = budget.characters, f"{budget.characters:,} characters"
    word_ends = (match.end() for match in _WORD.finditer(text, 0, end))
    for limit, unit, ends in (
        (budget.sentences, "sentences", sentence_ends(text, end)),
        (budget.words, "words", word_ends),
    ):
        last = next(islice(ends, limit - 1, None), None)
        if last is not None and last < end:
            end, reason = last, f"{limit:,} {unit}"
    if not text[end:].strip():
        return text, ""
    cut = f"text after {reason} (from offset {end:,} of {len(text):,}) not read"
    return text[:end], cut


def sentence_ends(text: str, end: int | None = None) -> Iterator[int]:
    """Where each sentence of text[:end] ends, read on the characters; blank lines are none."""
    previous = 0
    for match in _SENTENCE_END.finditer(text, 0, len(text) if end is None else end):
        if not text[previous : match.start()].isspace() and match.start() > previous:
            yield match.end()
        previous = match.end()


def _blank_extra_quote_marks(text: str, budget: Budget) -> tuple[str, str]:
    marks = [m.start() for m in _DOUBLE_MARK.finditer(text)]
    extra = marks[budget.quote_marks :]
    if not extra:
        return text, ""
    cut = f"quote marks after the first {budget.quote_marks:,} not read ({len(extra):,})"
    return _replaced(text, extra, " "), cut


def _split_long_words(text: str, budget: Budget) -> tuple[str, str]:
    """A space every `word_characters` in a run without white space: the tokenizer strips
    a run's marks one at a time, rescanning the run each time."""
    step = budget.word_characters
    long_runs = re.finditer(rf"(?<!\S)\S{{{step + 1},}}", text)  # tried at run starts only
    splits = [at for run in long_runs for at in range(run.start() + step, run.end(), step)]
    if not splits:
        return text, ""
    cut = f"runs of over {step:,} characters without a space split in {len(splits):,} places"
    return _replaced(text, splits, " "), cut


def _split_long_sentences(text: str, budget: Budget) -> tuple[str, str]:
    """A line break in every line longer than `sentence_characters`, no sentence being
    longer than its line: at a sentence end in the limit's second half, else at a space."""
    limit, splits = budget.sentence_characters, []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        while line.end() - start > limit:
            at = _split_point(text, start + limit // 2, start + limit)
            splits.append(at)
            start = at + 1
    if not splits:
        return text, ""
    cut = f"lines of over {limit:,} characters split in {len(splits):,} places"
    return _replaced(text, splits, "\n"), cut


def _split_point(text: str, low: int, high: int) -> int:
    """The white space ending the last sentence in text[low:high], else its last space,
    else `high` (a run that long is split anywhere)."""
    ends = [match.end() - 1 for match in _SENTENCE_END.finditer(text, low, high)]
    if ends:
        return ends[-1]
    space = max(text.rfind(" ", low, high), text.rfind("\t", low, high))
    return space if space != -1 else high


def _replaced(text: str, offsets: Iterable[int], char: str) -> str:
    """`text` with the character at each offset replaced by `char` (one character)."""
    chars = list(text)
    for offset in offsets:
        chars[offset] = char
    return "".join(chars)
