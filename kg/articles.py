"""Read articles from disk (.txt, .html/.htm, .jsonl) with their metadata, as Article values.

Offsets in every Article index `Article.text` exactly as returned here:
- .txt: the file decoded (UTF-8, or UTF-16/32 told by a byte-order mark), the
  mark dropped, line endings untouched, and YAML front matter (if any) cut
  off: the text is everything after the closing '---' line.
- .html/.htm: trafilatura's plain-text extraction of the page.
- .jsonl: the record's "text" field, a lone surrogate replaced by U+FFFD.

Boilerplate is masked within the characters the parser reads (kg.text.Budget).

Metadata precedence, explicit over inferred: front matter or the .jsonl record,
then the folder's metadata.json / metadata.csv, then what trafilatura infers
from an HTML page.

`read_corpus` reads every input before anything is parsed, so a bad line late
in a big file is known at once; a bad article is left out with one line naming
its file (and line). `survey_corpus` does the same without holding the articles,
and reads them again, one at a time, when they are parsed (an archive need not fit
in memory). `read_articles` streams and stops at the first bad input.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

import yaml

from kg.encoding import PROBE, decode, encoding_of, load_json, without_surrogates
from kg.html_page import MissingReader, page_text
from kg.metadata import (
    METADATA_CSV,
    METADATA_JSON,
    FolderMetadata,
    Meta,
    Note,
    fields,
    folder_metadata,
    kind,
    parse_date,
)
from kg.metadata import merge as merge_meta
from kg.model import Article, KgError
from kg.text import Budget, boilerplate_spans

MAX_BYTES = 20 * 1024 * 1024  # per .txt/.html file, and per .jsonl line
MAX_ID_CHARS = 200
ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
# Publication dates outside this range are typing slips, and dates near year 1 or
# 9999 leave no room for the arithmetic of relative dates: read as unknown.
PUBLISHED_RANGE = (dt.date(1800, 1, 1), dt.date(2200, 12, 31))
_FIELD_LINE = re.compile(r"([A-Za-z_][\w-]*)\s*:")
_YAML_TIMESTAMP = "tag:yaml.org,2002:timestamp"
T = TypeVar("T")


class _TextDatesLoader(yaml.SafeLoader):
    """YAML's safe loader, but a timestamp stays text for parse_date: an impossible date
    such as 2019-02-30 is then one clear line, not an error inside the loader."""

    yaml_implicit_resolvers = {
        first: [(tag, regex) for tag, regex in resolvers if tag != _YAML_TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


@dataclass(frozen=True)
class Problem:
    """A bad input: one line naming its file (and line), and what is left out for it."""

    line: str
    left_out: str  # "article", "line", "file" or "the articles in FOLDER"

    def warning(self) -> str:
        return f"{self.line}: {self.left_out} skipped"


@dataclass(frozen=True)
class Corpus:
    """Every article read, before any is parsed, and what was left out or read otherwise."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...] = ()
    skipped: int = 0  # articles, lines and files left out for those problems
    notes: tuple[str, ...] = ()  # one line per thing read otherwise than written


def read_corpus(paths: Iterable[str | Path]) -> Corpus:
    """Every article under `paths`, all read and checked before any is parsed.

    A bad article (file, .jsonl line or metadata entry) is left out and named
    in `problems`; a path that does not exist or holds no articles raises.
    """
    problems: list[Problem] = []
    notes: list[str] = []
    reader = _Reader(problems.append, notes.append)
    articles = tuple(reader.articles(_paths(paths)))
    return Corpus(articles, tuple(problems), reader.skipped, tuple(notes))


@dataclass(frozen=True)
class Survey:
    """Every input read and checked once, holding what was found but not the articles:
    `articles()` reads them again, one at a time, in the same order.

    `digest` stands for every good article's key (`key`, e.g. kg.cache.article_key)
    whatever the order of the inputs. Reading again checks it: an input changed
    between the two readings fails with one line rather than be built half old.
    """

    paths: tuple[Path, ...]
    key: Callable[[Article], str]
    count: int
    digest: str
    problems: tuple[Problem, ...] = ()
    skipped: int = 0
    notes: tuple[str, ...] = ()
    left_out: frozenset[str] = frozenset()  # sources of articles left out as duplicates

    def articles(self) -> Iterator[Article]:
        reader = _Reader(lambda problem: None, lambda line: None, check_ids=False)
        keys = _KeySum()
        for article in reader.articles(list(self.paths)):
            if article.source not in self.left_out:
                keys.add(self.key(article))
                yield article
        if (keys.count, keys.digest) != (self.count, self.digest):
            where = ", ".join(map(str, self.paths))
            raise KgError(f"{where}: the inputs changed while they were read; build again")


def survey_corpus(paths: Iterable[str | Path], key: Callable[[Article], str]) -> Survey:
    """Read and check every input under `paths` as `read_corpus` does, keeping its findings
    and the keys' digest, not the articles (see Survey)."""
    problems: list[Problem] = []
    notes: list[str] = []
    reader = _Reader(problems.append, notes.append)
    keys = _KeySum()
    for article in reader.articles(files := _paths(paths)):
        keys.add(key(article))
    return Survey(
        tuple(files), key, keys.count, keys.digest, tuple(problems), reader.skipped,
        tuple(notes), frozenset(reader.duplicates),
    )  # fmt: skip


class _KeySum:
    """Keys (hexadecimal digests) added up modulo 2**256: the same sum in any order."""

    def __init__(self) -> None:
        self.count = self.total = 0

    def add(self, key: str) -> None:
        self.count += 1
        self.total = (self.total + int(hashlib.sha256(key.encode()).hexdigest(), 16)) % 2**256

    @property
    def digest(self) -> str:
        return f"{self.total:064x}"


def read_articles(paths: Iterable[str | Path], note: Note | None = None) -> Iterator[Article]:
    """Every article under `paths` (files or folders), one at a time, in a fixed order.

    Folders are walked recursively in sorted order, taking .txt, .html, .htm
    and .jsonl files and skipping hidden files and folders. Article ids must
    be unique across everything read. The first bad input raises KgError;
    what is read otherwise than written goes to `note` (else Python's warnings).
    """
    yield from _Reader(None, note or _warn).articles(_paths(paths))


def read_article(path: str | Path) -> Article:
    """One .txt or .html article, with its folder's metadata applied."""
    file = Path(path)
    _check_file(file)
    if file.suffix.lower() == ".jsonl":
        raise KgError(f"{file}: a .jsonl file holds many articles; use read_articles")
    return next(read_articles([file]))


def text_article(
    text: str,
    article_id: str = "text",
    *,
    published: str | dt.date | None = None,
    title: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    note: Note | None = None,
) -> Article:
    """An article from a text in hand (the Python API), read as a file's would be: its
    boilerplate masked, a publication date given as a date or as ISO 8601 text."""
    if not isinstance(text, str) or not text.strip():
        raise KgError(f"{article_id}: the text is empty")
    where = f"article {article_id!r}"
    meta: Meta = {"title": title, "publisher": publisher, "url": url}
    if published is not None:
        meta["published"] = parse_date(published, where)
    return _article(_checked_id(article_id, where), text, where, meta, note or _warn)


def _paths(paths: Iterable[str | Path]) -> list[Path]:
    if isinstance(paths, str | Path):  # one path, not an iterable of characters
        paths = [paths]
    return [Path(path) for path in paths]


def _warn(line: str) -> None:
    warnings.warn(line, stacklevel=3)


class _Reader:
    """One reading of the inputs: the folders' metadata, the ids seen, what was left out.

    With `on_problem`, a bad input is told to it and left out; without, it raises.
    """

    def __init__(
        self, on_problem: Callable[[Problem], None] | None, note: Note, check_ids: bool = True
    ) -> None:
        self.on_problem = on_problem
        self.note = note
        self.skipped = 0
        self.folders: dict[Path, FolderMetadata | None] = {}  # None: its metadata is bad
        self.check_ids = check_ids  # off when reading again what was checked (Survey)
        self.seen: dict[str, str] = {}
        self.duplicates: list[str] = []  # sources of the articles left out as duplicates

    def articles(self, paths: list[Path]) -> Iterator[Article]:
        for path in paths:
            for file in _article_files(path, self.note):
                left_out = "line" if file.suffix.lower() == ".jsonl" else "article"
                for read in self._reads(file):
                    article = self._attempt(partial(self._unique, read), left_out)
                    if article is not None:
                        yield article

    def _reads(self, file: Path) -> Iterator[Callable[[], Article]]:
        """The readings of a file's articles: one per page, one per .jsonl line, taken
        as the file is read (a big .jsonl file is never held whole)."""
        sidecar = self._sidecar(file.parent)
        if sidecar is None:
            self.skipped += 1
            return
        if file.suffix.lower() != ".jsonl":
            yield partial(_read_page, file, sidecar, self.note)
            return
        readings = _jsonl_reads(file, sidecar, self.note)
        while (reading := self._attempt(partial(next, readings, None), "file")) is not None:
            yield reading

    def _sidecar(self, folder: Path) -> FolderMetadata | None:
        if folder not in self.folders:
            try:
                self.folders[folder] = folder_metadata(folder, self.note)
            except KgError as exc:
                self._problem(exc, f"the articles in {folder}")
                self.folders[folder] = None
        return self.folders[folder]

    def _attempt(self, read: Callable[[], T], left_out: str) -> T | None:
        try:
            return read()
        except KgError as exc:
            self._problem(exc, left_out)
            self.skipped += 1
            return None

    def _problem(self, exc: KgError, left_out: str) -> None:
        """Tell `on_problem` of a bad input and what is left out for it, or raise without one."""
        if self.on_problem is None or isinstance(exc, MissingReader):
            raise exc
        self.on_problem(Problem(str(exc), left_out))

    def _unique(self, read: Callable[[], Article]) -> Article:
        article = read()
        if not self.check_ids:
            return article
        if article.id in self.seen:
            self.duplicates.append(article.source)
            raise KgError(
                f"{article.source}: duplicate article id {article.id!r}"
                f" (also in {self.seen[article.id]})"
            )
        self.seen[article.id] = article.source
        return article


def _article_files(path: Path, note: Note | None = None) -> Iterator[Path]:
    if not path.exists():
        raise KgError(f"{path}: no such file or folder")
    if path.is_file():
        _check_file(path)
        yield path
        return
    if not path.is_dir():  # a pipe or a device: reading it could wait for ever
        raise KgError(f"{path}: not a regular file or folder")
    found = [f for f in path.rglob("*") if f.is_file()]
    files = sorted(
        (f for f in found if _is_article_file(f.relative_to(path))),
        key=lambda f: f.relative_to(path).parts,
    )
    if not files:
        raise KgError(f"{path}: no articles found (expected {', '.join(ARTICLE_SUFFIXES)} files)")
    others = sorted(f.relative_to(path) for f in found if _is_other_file(f.relative_to(path)))
    if others and note is not None:
        kinds = sorted({f.suffix.lower() or "(no suffix)" for f in others})
        note(
            f"{path}: {len(others)} file{'s' if len(others) != 1 else ''} skipped, not "
            f"articles ({', '.join(kinds)}), e.g. {others[0]}"
        )
    yield from files


def _is_other_file(relative: Path) -> bool:
    """A file a folder holds besides its articles and their metadata, shown to the user."""
    sidecar = relative.name in (METADATA_JSON, METADATA_CSV)
    return not _hidden(relative) and not sidecar and not _is_article_file(relative)


def _is_article_file(relative: Path) -> bool:
    return not _hidden(relative) and relative.suffix.lower() in ARTICLE_SUFFIXES


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


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


def _read_page(file: Path, sidecar: FolderMetadata, note: Note) -> Article:
    """A .txt or .html file: one article."""
    data = _read_bytes(file)
    if file.suffix.lower() == ".txt":
        return _from_txt(file, data, sidecar, note)
    return _from_html(file, data, sidecar, note)


def _read_bytes(file: Path) -> bytes:
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise KgError(f"{file}: file too large ({size:,} bytes; the limit is {MAX_BYTES:,} bytes)")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise KgError(f"{file}: cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise KgError(f"{file}: empty file")
    return data


def _from_txt(file: Path, data: bytes, sidecar: FolderMetadata, note: Note) -> Article:
    text = decode(data, str(file))
    if not text.strip():
        raise KgError(f"{file}: empty file")
    front, text = _split_front_matter(text, file, note)
    if not text.strip():
        raise KgError(f"{file}: empty file (no article text after the front matter)")
    meta = merge_meta(front, sidecar.lookup(file.name, file.stem))
    return _article(_checked_id(file.stem, str(file)), text, str(file), meta, note)


def _split_front_matter(text: str, file: Path, note: Note) -> tuple[Meta, str]:
    """YAML between a first line '---' and the next '---' (or '...') line; the rest is the text."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return {}, text
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            block = "".join(lines[1:i])
            rest = "".join(lines[i + 1 :])
            return _front_matter_fields(block, file, note), rest
    raise KgError(f"{file}: front matter opened with '---' but never closed")


def _front_matter_fields(block: str, file: Path, note: Note) -> Meta:
    try:
        loaded = yaml.load(block, Loader=_TextDatesLoader)  # a SafeLoader, dates as text
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 2}: " if mark is not None else ""  # +1 base, +1 for '---'
        problem = getattr(exc, "problem", None) or "cannot parse"
        raise KgError(f"{file}: bad YAML front matter ({where}{problem})") from None
    except RecursionError:
        raise KgError(f"{file}: bad YAML front matter (nested too deeply)") from None
    except (ValueError, LookupError, AttributeError, TypeError, OverflowError):
        # the loader's own errors on a value its tag cannot read: "!!int abc", "!!bool maybe"
        raise KgError(f"{file}: bad YAML front matter (a value does not fit its tag)") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise KgError(f"{file}: front matter is not a mapping of fields (got {kind(loaded)})")
    return fields(loaded, str(file), note, lines=_field_lines(block))


def _field_lines(block: str) -> dict[str, int]:
    """The file line of each top-level field of a front matter block (line 1 is '---')."""
    found: dict[str, int] = {}
    for number, line in enumerate(block.splitlines(), start=2):
        match = _FIELD_LINE.match(line)
        if match:
            found.setdefault(match.group(1), number)
    return found


def _from_html(file: Path, data: bytes, sidecar: FolderMetadata, note: Note) -> Article:
    text, inferred = page_text(file, data)
    meta = merge_meta(sidecar.lookup(file.name, file.stem), inferred)
    return _article(_checked_id(file.stem, str(file)), text, str(file), meta, note)


def _jsonl_reads(
    file: Path, sidecar: FolderMetadata, note: Note
) -> Iterator[Callable[[], Article]]:
    """One reading per non-blank line, each raising on its own line only."""
    found = False
    for number, raw in _jsonl_lines(file):
        where = f"{file}:{number}"
        if isinstance(raw, bytes) and len(raw) > MAX_BYTES:
            yield _raising(
                f"{where}: line too large ({len(raw):,} bytes; the limit is {MAX_BYTES:,} bytes)"
            )
            continue
        if not raw.strip():
            continue
        found = True
        yield lambda raw=raw, where=where: _from_line(raw, where, sidecar, note)
    if not found:
        raise KgError(f"{file}: empty file (no JSON lines)")


def _jsonl_lines(file: Path) -> Iterator[tuple[int, bytes | str]]:
    """(number, line) of a .jsonl file: bytes when UTF-8, so a bad byte is named on its line;
    text when a byte-order mark says UTF-16 or UTF-32."""
    if file.stat().st_size == 0:
        raise KgError(f"{file}: empty file")
    with file.open("rb") as handle:
        codec, _ = encoding_of(handle.read(PROBE))
        if codec == "utf-8":
            handle.seek(0)
            yield from enumerate(handle, start=1)
            return
    yield from enumerate(decode(_read_bytes(file), str(file)).splitlines(), start=1)


def _raising(message: str) -> Callable[[], Article]:
    def read() -> Article:
        raise KgError(message)

    return read


def _from_line(raw: bytes | str, where: str, sidecar: FolderMetadata, note: Note) -> Article:
    # Without its line ending, so JSON columns and byte offsets count within the line.
    line = decode(raw.rstrip(b"\r\n"), where) if isinstance(raw, bytes) else raw
    record = load_json(line, where, "not valid JSON")
    if not isinstance(record, dict):
        raise KgError(f"{where}: expected a JSON object, got {kind(record)}")
    return _from_record(record, where, sidecar, note)


def _from_record(record: dict, where: str, sidecar: FolderMetadata, note: Note) -> Article:
    article_id = _checked_id(record.get("id"), where)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise KgError(f'{where}: record {article_id!r} has no "text"')
    text, replaced = without_surrogates(text)
    if replaced:
        note(f"{where}: {replaced} lone surrogate code point(s) in the text replaced by U+FFFD")
    meta = merge_meta(fields(record, where, note), sidecar.lookup(None, article_id))
    return _article(article_id, text, where, meta, note)


def _checked_id(value: object, where: str) -> str:
    """An article id fit to be one IRI segment: text (or a whole number) with a visible
    character, no control character, not a path step ("." or ".."), not too long."""
    if isinstance(value, bool) or not isinstance(value, str | int | None):
        raise KgError(f'{where}: "id" must be text or a whole number, not {kind(value)}')
    article_id = without_surrogates(str(value))[0].strip() if value is not None else ""
    if not article_id:
        raise KgError(f'{where}: record has no "id"')
    categories = [unicodedata.category(char) for char in article_id]
    if not any(category[0] in "LNPS" for category in categories):
        raise KgError(f"{where}: id {article_id!r} has no visible character")
    if "Cc" in categories:
        raise KgError(f"{where}: id {article_id!r} holds a control character")
    if article_id in (".", ".."):
        raise KgError(f"{where}: id {article_id!r} is a path step, not a name")
    if len(article_id) > MAX_ID_CHARS:
        raise KgError(f"{where}: id longer than {MAX_ID_CHARS} characters")
    return article_id


def _article(article_id: str, text: str, source: str, meta: Meta, note: Note) -> Article:
    published = meta.get("published")
    if not isinstance(published, dt.date):
        published = None
    elif not PUBLISHED_RANGE[0] <= published <= PUBLISHED_RANGE[1]:
        first, last = (day.year for day in PUBLISHED_RANGE)
        note(f"{source}: publication date {published} is outside {first}-{last}: read as unknown")
        published = None
    return Article(
        id=article_id,
        text=text,
        source=source,
        published=published,
        # Only the part the parser will read (kg.text.Budget) is searched for boilerplate:
        # on a 20 MB file of short lines the search alone took most of a minute.
        masked=boilerplate_spans(text[: Budget().characters]),
        **{name: meta.get(name) for name in ("title", "publisher", "url", "language")},
    )
