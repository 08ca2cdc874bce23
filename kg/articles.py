"""Read articles from disk (.txt, .html/.htm, .jsonl) with their metadata, as Article values.

Offsets in every Article index `Article.text` exactly as returned here:
- .txt: the file decoded as UTF-8, a leading byte-order mark dropped, line
  endings untouched, and YAML front matter (if any) cut off: the text is
  everything after the closing '---' line.
- .html/.htm: trafilatura's plain-text extraction of the page.
- .jsonl: the record's "text" field.

Metadata precedence, explicit over inferred: front matter or the .jsonl record,
then the folder's metadata.json / metadata.csv, then what trafilatura infers
from an HTML page.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import yaml

from kg.model import Article, KgError
from kg.text import boilerplate_spans

MAX_BYTES = 20 * 1024 * 1024  # per .txt/.html file, and per .jsonl line
ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
BOM = "\ufeff"
_HTML_LANG = re.compile(
    rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)", re.I
)

FIELDS = ("title", "publisher", "published", "url", "language")
METADATA_JSON = "metadata.json"
METADATA_CSV = "metadata.csv"

Meta = dict[str, str | dt.date | None]


@dataclass(frozen=True)
class FolderMetadata:
    """The metadata a folder's metadata.json / metadata.csv gives its articles."""

    by_file: Mapping[str, Meta]
    by_id: Mapping[str, Meta]

    def lookup(self, file_name: str | None, article_id: str) -> Meta:
        if file_name is not None and file_name in self.by_file:
            return self.by_file[file_name]
        return self.by_id.get(article_id, {})


def read_articles(paths: Iterable[str | Path]) -> Iterator[Article]:
    """Every article under `paths` (files or folders), one at a time, in a fixed order.

    Folders are walked recursively in sorted order, taking .txt, .html, .htm
    and .jsonl files and skipping hidden files and folders. Article ids must
    be unique across everything read.
    """
    if isinstance(paths, str | Path):  # one path, not an iterable of characters
        paths = [paths]
    seen: dict[str, str] = {}
    folders: dict[Path, FolderMetadata] = {}
    for path in paths:
        for file in _article_files(Path(path)):
            sidecar = folders.get(file.parent)
            if sidecar is None:
                sidecar = folders[file.parent] = folder_metadata(file.parent)
            for article in _read_file(file, sidecar):
                if article.id in seen:
                    raise KgError(
                        f"{article.source}: duplicate article id {article.id!r}"
                        f" (also in {seen[article.id]})"
                    )
                seen[article.id] = article.source
                yield article


def read_article(path: str | Path) -> Article:
    """One .txt or .html article, with its folder's metadata applied."""
    file = Path(path)
    _check_file(file)
    if file.suffix.lower() == ".jsonl":
        raise KgError(f"{file}: a .jsonl file holds many articles; use read_articles")
    return next(_read_file(file, folder_metadata(file.parent)))


def _article_files(path: Path) -> Iterator[Path]:
    if not path.exists():
        raise KgError(f"{path}: no such file or folder")
    if path.is_file():
        _check_file(path)
        yield path
        return
    files = sorted(
        (f for f in path.rglob("*") if f.is_file() and _is_article_file(f.relative_to(path))),
        key=lambda f: f.relative_to(path).parts,
    )
    if not files:
        raise KgError(f"{path}: no articles found (expected {', '.join(ARTICLE_SUFFIXES)} files)")
    yield from files


def _is_article_file(relative: Path) -> bool:
    hidden = any(part.startswith(".") for part in relative.parts)
    return not hidden and relative.suffix.lower() in ARTICLE_SUFFIXES


def _check_file(file: Path) -> None:
    if not file.exists():
        raise KgError(f"{file}: no such file or folder")
    if file.is_dir():
        raise KgError(f"{file}: is a folder; use read_articles to read the articles in it")
    if file.suffix.lower() not in ARTICLE_SUFFIXES:
        raise KgError(
            f"{file}: unsupported file type {file.suffix or '(none)'!r}"
            f" (expected {', '.join(ARTICLE_SUFFIXES)})"
        )


def _read_file(file: Path, sidecar: FolderMetadata) -> Iterator[Article]:
    suffix = file.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(file, sidecar)
        return
    data = _read_bytes(file)
    if suffix == ".txt":
        yield _from_txt(file, data, sidecar)
    else:
        yield _from_html(file, data, sidecar)


def _read_bytes(file: Path) -> bytes:
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise KgError(
            f"{file}: file too large ({size / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB)"
        )
    data = file.read_bytes()
    _check_bytes(data, str(file))
    return data


def _check_bytes(data: bytes, where: str) -> None:
    if not data.strip():
        raise KgError(f"{where}: empty file")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise KgError(f"{where}: binary file, not text (NUL byte at offset {nul})")


def _decode(data: bytes, where: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise KgError(
            f"{where}: not UTF-8 text (invalid byte 0x{bad:02x} at offset {exc.start})"
        ) from None
    # The BOM is an encoding marker, not text: dropped, so offsets start at the first character.
    return text.removeprefix(BOM)


def _from_txt(file: Path, data: bytes, sidecar: FolderMetadata) -> Article:
    text = _decode(data, str(file))
    front, text = _split_front_matter(text, file)
    if not text.strip():
        raise KgError(f"{file}: empty file (no article text after the front matter)")
    meta = _merge(front, sidecar.lookup(file.name, file.stem))
    return _article(file.stem, text, str(file), meta)


def _split_front_matter(text: str, file: Path) -> tuple[Meta, str]:
    """YAML between a first line '---' and the next '---' (or '...') line; the rest is the text."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return {}, text
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            block = "".join(lines[1:i])
            rest = "".join(lines[i + 1 :])
            return _front_matter_fields(block, file), rest
    raise KgError(f"{file}: front matter opened with '---' but never closed")


def _front_matter_fields(block: str, file: Path) -> Meta:
    try:
        loaded = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 2}: " if mark is not None else ""  # +1 base, +1 for '---'
        problem = getattr(exc, "problem", None) or "cannot parse"
        raise KgError(f"{file}: bad YAML front matter ({where}{problem})") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise KgError(f"{file}: front matter is not a mapping of fields (got {_kind(loaded)})")
    return _fields(loaded, str(file))


def _fields(record: Mapping, where: str, about: str = "") -> Meta:
    """The known metadata fields of a record, checked; unknown fields are ignored."""
    meta: Meta = {}
    for name in FIELDS:
        value = record.get(name)
        if value is None or value == "":
            continue
        if name == "published":
            meta[name] = parse_date(value, where, about)
        elif isinstance(value, str | int | float | dt.date) and not isinstance(value, bool):
            # YAML reads `title: 1989` as an int; the field is still text.
            meta[name] = str(value).strip() or None
        else:
            raise KgError(f"{where}: field {name!r} must be text, not {_kind(value)}{about}")
    return meta


def _kind(value: object) -> str:
    return {dict: "a mapping", list: "a list"}.get(type(value), type(value).__name__)


def _from_html(file: Path, data: bytes, sidecar: FolderMetadata) -> Article:
    trafilatura = _html_reader(file)
    # Bytes, not str: trafilatura honours the page's declared charset.
    doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise KgError(f"{file}: no article text found in the HTML page")
    inferred: Meta = {
        "title": doc.title,
        "publisher": doc.sitename or doc.hostname,
        "url": doc.url,
        "language": doc.language or _html_lang(data),
        "published": None,
    }
    with contextlib.suppress(KgError):  # the page's date is trafilatura's guess: drop a bad one
        inferred["published"] = parse_date(doc.date, str(file))
    meta = _merge(sidecar.lookup(file.name, file.stem), inferred)
    return _article(file.stem, text, str(file), meta)


def _html_reader(file: Path) -> ModuleType:
    """trafilatura, imported only when a page is read, so plain text never depends on it."""
    try:
        import trafilatura
    except ImportError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise KgError(
            f"{file}: reading HTML needs trafilatura and lxml_html_clean "
            f"(pip install trafilatura lxml_html_clean): {reason}"
        ) from exc
    return trafilatura


def _html_lang(data: bytes) -> str | None:
    """The page's declared language (<html lang="en-GB"> gives "en-GB")."""
    match = _HTML_LANG.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _read_jsonl(file: Path, sidecar: FolderMetadata) -> Iterator[Article]:
    size = file.stat().st_size
    if size == 0:
        raise KgError(f"{file}: empty file")
    found = False
    with file.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            where = f"{file}:{number}"
            if len(raw) > MAX_BYTES:
                raise KgError(f"{where}: line too large (the limit is {MAX_BYTES / 1e6:.0f} MB)")
            if not raw.strip():
                continue
            _check_bytes(raw, where)
            found = True
            # Without its line ending, so JSON columns and byte offsets count within the line.
            record = _json_object(raw.rstrip(b"\r\n"), where)
            yield _from_record(record, where, sidecar)
    if not found:
        raise KgError(f"{file}: empty file (no JSON lines)")


def _json_object(raw: bytes, where: str) -> dict:
    line = _decode(raw, where)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise KgError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise KgError(f"{where}: expected a JSON object, got {_kind(record)}")
    return record


def _from_record(record: dict, where: str, sidecar: FolderMetadata) -> Article:
    article_id = record.get("id")
    if article_id is None or not str(article_id).strip():
        raise KgError(f'{where}: record has no "id"')
    article_id = str(article_id).strip()
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise KgError(f'{where}: record {article_id!r} has no "text"')
    meta = _merge(_fields(record, where), sidecar.lookup(None, article_id))
    return _article(article_id, text, where, meta)


def _merge(*layers: Meta) -> Meta:
    """Field by field, the first layer that has a value wins."""
    merged: Meta = {}
    for layer in layers:
        for name, value in layer.items():
            if value is not None and merged.get(name) is None:
                merged[name] = value
    return merged


def _article(article_id: str, text: str, source: str, meta: Meta) -> Article:
    published = meta.get("published")
    return Article(
        id=article_id,
        text=text,
        source=source,
        published=published if isinstance(published, dt.date) else None,
        masked=boilerplate_spans(text),
        **{name: meta.get(name) for name in ("title", "publisher", "url", "language")},
    )


def parse_date(value: object, where: str, about: str = "") -> dt.date | None:
    """A publication date from a date, a datetime or an ISO 8601 string ("2019-10-29T10:00Z")."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
            try:
                parsed = parse(text)
            except ValueError:
                continue
            return parsed.date() if isinstance(parsed, dt.datetime) else parsed
    raise KgError(f"{where}: unknown publication date {value!r}{about}")


def folder_metadata(folder: Path) -> FolderMetadata:
    """Entries of `folder`'s metadata.json and metadata.csv (JSON wins where both say)."""
    entries: list[tuple[Mapping, str]] = []
    json_file, csv_file = folder / METADATA_JSON, folder / METADATA_CSV
    if json_file.is_file():
        entries += [(entry, str(json_file)) for entry in _json_entries(json_file)]
    if csv_file.is_file():
        entries += [(entry, str(csv_file)) for entry in _csv_entries(csv_file)]
    by_file: dict[str, Meta] = {}
    by_id: dict[str, Meta] = {}
    for entry, where in entries:
        name, article_id = _entry_key(entry, "file"), _entry_key(entry, "id")
        meta = _fields(entry, where, f" for {name or article_id}")
        if name:
            by_file.setdefault(name, meta)
        if article_id:
            by_id.setdefault(article_id, meta)
    return FolderMetadata(by_file, by_id)


def _entry_key(entry: Mapping, key: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    return str(value).strip() or None


def _json_entries(file: Path) -> list[Mapping]:
    text = _decode(_read_bytes(file), str(file))
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as exc:
        raise KgError(
            f"{file}: malformed metadata, not valid JSON ({exc.msg} at line {exc.lineno})"
        ) from None
    entries = loaded.get("articles") if isinstance(loaded, dict) else loaded
    if not isinstance(entries, list):
        raise KgError(f'{file}: malformed metadata (expected {{"articles": [...]}})')
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise KgError(f"{file}: malformed metadata (entry {number} is {_kind(entry)})")
        if not (_entry_key(entry, "file") or _entry_key(entry, "id")):
            raise KgError(f'{file}: malformed metadata (entry {number} has no "file" or "id")')
    return entries


def _csv_entries(file: Path) -> list[Mapping]:
    text = _decode(_read_bytes(file), str(file))
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise KgError(f"{file}: malformed metadata, not valid CSV ({exc})") from None
    if not set(reader.fieldnames or ()) & {"file", "id"}:
        raise KgError(f'{file}: malformed metadata (no "file" or "id" column)')
    for number, row in enumerate(rows, start=2):
        if None in row:
            raise KgError(f"{file}: malformed metadata (line {number} has too many cells)")
    return rows
