"""Article metadata: the known fields of a record, checked, and a folder's metadata.json /
metadata.csv, entry by entry, so one bad entry costs only the article it names."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kg.encoding import decode, load_json, without_surrogates
from kg.model import KgError

FIELDS = ("title", "publisher", "published", "url", "language")
METADATA_JSON = "metadata.json"
METADATA_CSV = "metadata.csv"
MAX_METADATA_BYTES = 20 * 1024 * 1024
# A web address: http(s), then only characters an IRI may hold (RFC 3987, no white space).
# Any other scheme (javascript:, file:) has no place as the address of a news article.
WEB_URL = re.compile(r"https?://[^\s<>\"{}|\\^`\x00-\x1f\x7f]+", re.IGNORECASE)

Meta = dict[str, str | dt.date | None]
Note = Callable[[str], None]


@dataclass(frozen=True)
class FolderMetadata:
    """The metadata a folder's metadata.json / metadata.csv gives its articles.

    A bad entry is kept as its error: the article it names cannot be read as
    meant, so reading that article raises it.
    """

    by_file: Mapping[str, Meta | KgError]
    by_id: Mapping[str, Meta | KgError]

    def lookup(self, file_name: str | None, article_id: str) -> Meta:
        found: Meta | KgError = {}
        if file_name is not None and file_name in self.by_file:
            found = self.by_file[file_name]
        else:
            found = self.by_id.get(article_id, {})
        if isinstance(found, KgError):
            raise found
        return found


NO_METADATA = FolderMetadata({}, {})


def fields(
    record: Mapping, where: str, note: Note, about: str = "", lines: Mapping[str, int] = {}
) -> Meta:
    """The known metadata fields of a record, checked; unknown fields are ignored.

    A url that is no absolute URI is dropped, and `note` told so. `lines` gives
    the line of a field in `where`, when known, for the message.
    """
    meta: Meta = {}
    for name in FIELDS:
        value = record.get(name)
        at = f"{where}:{lines[name]}" if name in lines else where
        if value is None or value == "":
            continue
        if name == "published":
            meta[name] = parse_date(value, at, about)
        elif isinstance(value, str | int | float | dt.date) and not isinstance(value, bool):
            # YAML reads `title: 1989` as an int; the field is still text.
            meta[name] = without_surrogates(str(value))[0].strip() or None
        else:
            raise KgError(f"{at}: field {name!r} must be text, not {kind(value)}{about}")
        if name == "url" and meta[name] and not WEB_URL.fullmatch(str(meta[name])):
            note(f"{at}: url {meta[name]!r} is not an http(s) address{about}: dropped")
            meta[name] = None
    return meta


def kind(value: object) -> str:
    return {dict: "a mapping", list: "a list"}.get(type(value), type(value).__name__)


def merge(*layers: Meta) -> Meta:
    """Field by field, the first layer that has a value wins."""
    merged: Meta = {}
    for layer in layers:
        for name, value in layer.items():
            if value is not None and merged.get(name) is None:
                merged[name] = value
    return merged


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


def folder_metadata(folder: Path, note: Note) -> FolderMetadata:
    """Entries of `folder`'s metadata.json and metadata.csv (JSON wins where both say).

    A file that cannot be read as entries raises; an entry naming a file the
    folder does not hold is told to `note`.
    """
    entries: list[tuple[Mapping, str, str]] = []
    json_file, csv_file = folder / METADATA_JSON, folder / METADATA_CSV
    if json_file.is_file():
        entries += [(e, str(json_file), f"entry {n}") for n, e in json_entries(json_file)]
    if csv_file.is_file():
        entries += [(e, str(csv_file), f"line {n}") for n, e in _csv_entries(csv_file)]
    by_file: dict[str, Meta | KgError] = {}
    by_id: dict[str, Meta | KgError] = {}
    for entry, where, place in entries:
        name, article_id = _entry_key(entry, "file"), _entry_key(entry, "id")
        if name and not (folder / name).is_file():
            note(f"{where}: {place} names {name!r}, which is not in {folder}: ignored")
            continue
        try:
            meta: Meta | KgError = fields(entry, where, note, f" for {name or article_id}")
        except KgError as exc:
            meta = exc
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


def _read_text(file: Path) -> str:
    size = file.stat().st_size
    if size > MAX_METADATA_BYTES:
        raise KgError(
            f"{file}: file too large ({size:,} bytes; the limit is {MAX_METADATA_BYTES:,} bytes)"
        )
    return decode(file.read_bytes(), str(file))


def json_entries(file: Path) -> list[tuple[int, Mapping]]:
    """The entries of a metadata.json, each with its number, checked: one line naming
    the file and the problem otherwise."""
    loaded = load_json(_read_text(file), str(file), "malformed metadata, not valid JSON", at="line")
    entries = loaded.get("articles") if isinstance(loaded, dict) else loaded
    if not isinstance(entries, list):
        raise KgError(f'{file}: malformed metadata (expected {{"articles": [...]}})')
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise KgError(f"{file}: malformed metadata (entry {number} is {kind(entry)})")
        if not (_entry_key(entry, "file") or _entry_key(entry, "id")):
            raise KgError(f'{file}: malformed metadata (entry {number} has no "file" or "id")')
    return list(enumerate(entries, start=1))


def _csv_entries(file: Path) -> list[tuple[int, Mapping]]:
    text = _read_text(file)
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
    return list(enumerate(rows, start=2))
