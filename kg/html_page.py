"""An HTML page's article text and what its markup tells of it, by trafilatura.

trafilatura is imported only when a page is read, so plain text never depends on it.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from types import ModuleType

from kg.encoding import decode, encoding_of
from kg.metadata import Meta, fields, merge
from kg.model import KgError

_HTML_LANG = re.compile(
    rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)", re.I
)


class MissingReader(KgError):
    """What reading an input needs is not installed: a fault of the set-up, never of the
    input, so never skipped."""


def page_text(file: Path, data: bytes) -> tuple[str, Meta]:
    """The page's article text and the metadata trafilatura infers (title, site, date, url,
    language); a guess that does not read as a date or an http(s) address is dropped."""
    trafilatura = _html_reader(file)
    codec, _ = encoding_of(data)
    # Bytes when UTF-8 or unmarked: trafilatura honours the page's declared charset.
    page = data if codec == "utf-8" else decode(data, str(file))
    doc = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise KgError(f"{file}: no article text found in the HTML page")
    inferred: Meta = {"title": doc.title, "publisher": doc.sitename or doc.hostname}
    inferred["language"] = doc.language or _html_lang(data)
    for guess in ({"published": doc.date}, {"url": doc.url}):
        with contextlib.suppress(KgError):
            inferred = merge(inferred, fields(guess, str(file), _unsaid))
    return text, inferred


def _unsaid(line: str) -> None:
    """What only trafilatura guessed: a bad guess is dropped without a word."""


def _html_reader(file: Path) -> ModuleType:
    try:
        import trafilatura
    except ImportError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise MissingReader(
            f"{file}: reading HTML needs trafilatura and lxml_html_clean "
            f"(pip install trafilatura lxml_html_clean): {reason}"
        ) from exc
    return trafilatura


def _html_lang(data: bytes) -> str | None:
    """The page's declared language (<html lang="en-GB"> gives "en-GB")."""
    match = _HTML_LANG.search(data[:4096])
    return match.group(1).decode("ascii") if match else None
