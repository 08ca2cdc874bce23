"""Reading news where it is: pages and feeds saved to a folder that `kg build` reads later.

`kg fetch URL|FEED... -o FOLDER` fetches each page once, as its site's robots.txt
allows, at most one request per site every `delay` seconds. A feed (RSS or Atom)
gives the pages it links to, with the titles and dates it gives them. Each page is
saved as an .html file with its entry in the folder's metadata.json (url, title,
publication date), written whole after every page: a page already saved is not
fetched again, so a run cut short resumes where it stopped. The build itself never
goes online.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.metadata import METADATA_JSON, json_entries
from kg.model import KgError

USER_AGENT = "diplomatic-kg-fetch/0.1 (+https://w3id.org/diplomatic-kg)"
MAX_BYTES = 20 * 1024 * 1024  # as a page the build reads
ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass
class FetchSummary:
    saved: int = 0
    already: int = 0
    refused: int = 0  # by robots.txt
    failed: int = 0
    lines: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"saved {self.saved} page{'s' if self.saved != 1 else ''}, {self.already} already "
            f"saved, {self.refused} refused by robots.txt, {self.failed} failed"
        )


@dataclass(frozen=True)
class Link:
    """A page to save, with what the feed that named it says of it."""

    url: str
    title: str | None = None
    published: str | None = None  # ISO date


class Fetcher:
    """HTTP GETs with each site's robots.txt obeyed and `delay` seconds between two
    requests to one site. `clock` and `sleep` are time's, unless a test gives its own."""

    def __init__(
        self,
        delay: float = 1.0,
        timeout: float = 20.0,
        user_agent: str = USER_AGENT,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay, self.timeout, self.user_agent = delay, timeout, user_agent
        self.clock, self.sleep = clock, sleep
        self.last: dict[str, float] = {}  # site -> when it was last asked
        self.robots: dict[str, urllib.robotparser.RobotFileParser] = {}

    def allowed(self, url: str) -> bool:
        site = _site(url)
        if site not in self.robots:
            rules = urllib.robotparser.RobotFileParser()
            try:
                body, _, _ = self._get(f"{site}/robots.txt")
                rules.parse(body.decode("utf-8", "replace").splitlines())
            except urllib.error.HTTPError as exc:
                # no robots.txt (4xx) allows everything; a failing server (5xx) nothing
                rules.parse([] if exc.code < 500 else ["User-agent: *", "Disallow: /"])
            except (urllib.error.URLError, OSError):
                rules.parse(["User-agent: *", "Disallow: /"])
            self.robots[site] = rules
        return self.robots[site].can_fetch(self.user_agent, url)

    def get(self, url: str) -> tuple[bytes, str, str]:
        """(body, content type, final URL) of a page robots.txt allows."""
        return self._get(url)

    def _get(self, url: str) -> tuple[bytes, str, str]:
        site = _site(url)
        wait = self.last.get(site, -1e9) + self.delay - self.clock()
        if wait > 0:
            self.sleep(wait)
        self.last[site] = self.clock()
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            body = response.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise KgError(f"{url}: larger than {MAX_BYTES:,} bytes")
            return body, response.headers.get("Content-Type", ""), response.geturl()


def fetch(urls: Iterable[str], folder: str | Path, fetcher: Fetcher | None = None) -> FetchSummary:
    """Save the pages `urls` name (a feed: the pages it links to) into `folder`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fetcher = fetcher or Fetcher()
    entries = _saved_entries(folder)
    known = {entry.get("url") for entry in entries} | {entry.get("asked") for entry in entries}
    summary = FetchSummary()
    for url in urls:
        _check_url(url)
        if url in known:
            summary.already += 1
            continue
        for link, page in _links(url, fetcher, summary):
            if link.url in known:
                summary.already += 1
                continue
            page = page or _page(link.url, fetcher, summary)
            if page is None:
                continue
            entries.append(_save(link, page, folder))
            summary.saved += 1
            known.add(link.url)
            _write_entries(folder, entries)
    return summary


Page = tuple[bytes, str]  # body, final URL


def _check_url(url: str) -> None:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise KgError(f"{url}: not an http(s) address")


def _site(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _links(url: str, fetcher: Fetcher, summary: FetchSummary) -> list[tuple[Link, Page | None]]:
    """The page itself (fetched already), or the pages a feed links to (not yet)."""
    fetched = _fetched(url, fetcher, summary)
    if fetched is None:
        return []
    body, kind, final = fetched
    links = _feed_links(body, kind, final)
    if links is None:
        return [(Link(url), (body, final))]
    return [(link, None) for link in links]


def _page(url: str, fetcher: Fetcher, summary: FetchSummary) -> Page | None:
    fetched = _fetched(url, fetcher, summary)
    return None if fetched is None else (fetched[0], fetched[2])


def _fetched(url: str, fetcher: Fetcher, summary: FetchSummary) -> tuple[bytes, str, str] | None:
    """The page as fetched; None, told in `summary`, when robots.txt or the site refuses."""
    if not fetcher.allowed(url):
        summary.refused += 1
        summary.lines.append(f"{url}: refused by robots.txt")
        return None
    try:
        return fetcher.get(url)
    except (urllib.error.URLError, OSError, KgError) as exc:
        summary.failed += 1
        summary.lines.append(f"{url}: {_reason(exc)}")
        return None


def _save(link: Link, page: Page, folder: Path) -> dict:
    body, final = page
    name = _file_name(link.url)
    _write_whole(folder / name, body)
    entry = {"file": name, "id": Path(name).stem, "url": final}
    if final != link.url:
        entry["asked"] = link.url  # where it was asked for: a later run skips it
    if link.title:
        entry["title"] = link.title
    if link.published:
        entry["published"] = link.published
    return entry


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return f"cannot fetch ({exc.reason})"
    return str(exc)


def _file_name(url: str) -> str:
    """A readable, unique file name: the site and path as a slug, then a short digest."""
    parts = urllib.parse.urlsplit(url)
    words = re.sub(r"[^A-Za-z0-9]+", "-", f"{parts.hostname}{parts.path}").strip("-")[:80]
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:10]
    return f"{words or 'page'}-{digest}.html"


# ---------------------------------------------------------------- feeds
def _feed_links(body: bytes, kind: str, url: str) -> list[Link] | None:
    """The pages an RSS or Atom feed links to; None when the body is no feed."""
    looks_xml = (
        any(word in kind for word in ("xml", "rss", "atom")) or body.lstrip()[:5] == b"<?xml"
    )
    if not looks_xml:
        return None
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return None
    if root.tag == f"{ATOM}feed":
        return [_atom_link(entry, url) for entry in root.iter(f"{ATOM}entry")]
    if root.tag in ("rss", "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"):
        return [_rss_link(item, url) for item in root.iter() if item.tag.endswith("item")]
    return None


def _rss_link(item: ET.Element, base: str) -> Link:
    link = _text(item, "link") or _text(item, "guid") or ""
    published = _text(item, "pubDate")
    return Link(urllib.parse.urljoin(base, link), _text(item, "title"), _rfc822_day(published))


def _atom_link(entry: ET.Element, base: str) -> Link:
    hrefs = [
        e.get("href", "") for e in entry.findall(f"{ATOM}link")
        if e.get("rel", "alternate") == "alternate"
    ]  # fmt: skip
    published = _text(entry, f"{ATOM}published") or _text(entry, f"{ATOM}updated")
    return Link(
        urllib.parse.urljoin(base, hrefs[0] if hrefs else ""),
        _text(entry, f"{ATOM}title"),
        published[:10] if published and re.match(r"\d{4}-\d{2}-\d{2}", published) else None,
    )


def _text(element: ET.Element, tag: str) -> str | None:
    found = element.find(tag)
    if found is None:
        found = next((e for e in element if e.tag.endswith("}" + tag)), None)
    text = found.text.strip() if found is not None and found.text else ""
    return text or None


def _rfc822_day(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- the folder
def _saved_entries(folder: Path) -> list[dict]:
    """The folder's metadata.json entries, read as a build reads them."""
    path = folder / METADATA_JSON
    if not path.exists():
        return []
    return [dict(entry) for _, entry in json_entries(path)]


def _write_entries(folder: Path, entries: list[dict]) -> None:
    fetched = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    about = f"Pages saved by kg fetch; last run {fetched}."
    text = json.dumps({"about": about, "articles": entries}, indent=1, ensure_ascii=False)
    _write_whole(folder / METADATA_JSON, (text + "\n").encode("utf-8"))


def _write_whole(path: Path, data: bytes) -> None:
    from kg.store import write_atomic

    write_atomic(path, data)
