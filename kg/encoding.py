"""Bytes from disk as text: the encoding told by a byte-order mark, binary refused, JSON and
YAML that cannot nest without end, and code points a parser cannot encode replaced."""

from __future__ import annotations

import codecs
import json
import re

from kg.model import KgError

# Longest marks first: the UTF-32 little-endian mark begins with the UTF-16 one.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NAMES = {"utf-8": "UTF-8", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}
_NAMES |= {"utf-32-le": "UTF-32", "utf-32-be": "UTF-32"}
PROBE = 200  # bytes looked at to tell UTF-16 without a mark
_ALPHANUMERIC = re.compile(rb"[A-Za-z0-9]")
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def encoding_of(data: bytes) -> tuple[str, int]:
    """(codec, length of its byte-order mark) of `data` (its first PROBE bytes will do).

    Without a mark, text whose every other byte is NUL, the others holding a
    letter or digit, is UTF-16 (ASCII-range text written two bytes a character,
    as Windows "Unicode" files are); anything else is UTF-8.
    """
    for mark, codec in _MARKS:
        if data.startswith(mark):
            return codec, len(mark)
    probe = data[:PROBE]
    if len(probe) >= 4 and len(probe) % 2 == 0:
        even, odd = probe[0::2], probe[1::2]
        if not odd.strip(b"\x00") and _ALPHANUMERIC.search(even):
            return "utf-16-le", 0
        if not even.strip(b"\x00") and _ALPHANUMERIC.search(odd):
            return "utf-16-be", 0
    return "utf-8", 0


def decode(data: bytes, where: str) -> str:
    """`data` as text, its byte-order mark dropped, so offsets start at the first character."""
    codec, mark = encoding_of(data)
    body = data[mark:]
    if codec == "utf-8":
        nul = body.find(b"\x00")
        if nul >= 0:
            raise KgError(f"{where}: binary file, not text (NUL byte at offset {nul + mark})")
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        bad = body[exc.start]
        raise KgError(
            f"{where}: not {_NAMES[codec]} text"
            f" (invalid byte 0x{bad:02x} at offset {exc.start + mark})"
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise KgError(f"{where}: binary file, not text (NUL character at offset {nul})")
    return text


def without_surrogates(text: str) -> tuple[str, int]:
    """`text` with each lone surrogate (a JSON escape such as \\ud800, which no encoder can
    write) replaced by U+FFFD, one character for one, and how many were replaced."""
    return _SURROGATE.subn(REPLACEMENT, text)


def load_json(text: str, where: str, problem: str, at: str = "column") -> object:
    """JSON from `text`; a syntax error or nesting past the parser's depth is one line.

    `problem` opens the message ("not valid JSON"); `at` is "column" for one
    line of JSON, "line" for a whole file.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        place = f"column {exc.colno}" if at == "column" else f"line {exc.lineno}"
        raise KgError(f"{where}: {problem} ({exc.msg} at {place})") from None
    except RecursionError:
        raise KgError(f"{where}: {problem} (nested too deeply)") from None
