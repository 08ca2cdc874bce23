"""`kg fetch` against a site served on 127.0.0.1 by the test: pages and feeds saved with
their metadata, robots.txt obeyed, one request per site per delay, runs resumed."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.fetch import Fetcher, fetch
from kg.model import KgError

PAGE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>France, Germany and Japan on Tuesday issued a joint statement condemning Russia over
the detentions of journalists, the foreign ministry said.</p></article></body></html>"""
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>
<item><title>Allies rebuke Russia</title><link>/news/a.html</link>
<pubDate>Thu, 21 Oct 2021 10:00:00 GMT</pubDate></item>
<item><title>Second story</title><link>{base}/news/b.html</link></item>
<item><title>Hidden</title><link>/private/c.html</link></item>
</channel></rss>"""
ATOM = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>
<entry><title>Atom story</title><link href="/news/d.html"/><published>2022-05-03T08:00:00Z</published></entry>
</feed>"""


class Site(BaseHTTPRequestHandler):
    asked: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        type(self).asked.append(self.path)
        base = f"http://127.0.0.1:{self.server.server_port}"
        pages = {
            "/robots.txt": ("text/plain", "User-agent: *\nDisallow: /private/\n"),
            "/feed.xml": ("application/rss+xml", RSS.format(base=base)),
            "/atom.xml": ("application/atom+xml", ATOM),
        }
        if self.path.startswith(("/news/", "/private/")):
            pages[self.path] = ("text/html", PAGE.format(title=self.path.rsplit("/", 1)[-1]))
        if self.path not in pages:
            self.send_error(404)
            return
        kind, body = pages[self.path]
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def site():
    Site.asked = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _quick() -> Fetcher:
    return Fetcher(delay=0)


def test_a_feed_gives_its_pages_with_titles_and_dates_and_robots_is_obeyed(site, tmp_path):
    summary = fetch([f"{site}/feed.xml"], tmp_path, _quick())
    assert (summary.saved, summary.refused, summary.failed) == (2, 1, 0)
    assert summary.lines == [f"{site}/private/c.html: refused by robots.txt"]
    entries = json.loads((tmp_path / "metadata.json").read_text())["articles"]
    assert [(e["url"], e.get("title"), e.get("published")) for e in entries] == [
        (f"{site}/news/a.html", "Allies rebuke Russia", "2021-10-21"),
        (f"{site}/news/b.html", "Second story", None),
    ]
    assert all((tmp_path / e["file"]).is_file() for e in entries)
    assert "/private/c.html" not in Site.asked


def test_an_atom_feed_and_a_page_given_directly(site, tmp_path):
    summary = fetch([f"{site}/atom.xml", f"{site}/news/e.html"], tmp_path, _quick())
    assert summary.saved == 2
    entries = json.loads((tmp_path / "metadata.json").read_text())["articles"]
    assert [(e.get("title"), e.get("published")) for e in entries] == [
        ("Atom story", "2022-05-03"),
        (None, None),
    ]
    assert Site.asked.count("/news/e.html") == 1  # a page given directly is fetched once


def test_a_second_run_resumes_without_fetching_again(site, tmp_path):
    fetch([f"{site}/feed.xml"], tmp_path, _quick())
    pages_asked = [p for p in Site.asked if p.startswith("/news/")]
    again = fetch([f"{site}/feed.xml", f"{site}/news/a.html"], tmp_path, _quick())
    assert (again.saved, again.already) == (0, 3)
    assert [p for p in Site.asked if p.startswith("/news/")] == pages_asked


def test_one_request_per_site_every_delay(site, tmp_path):
    now, waits = [0.0], []

    def sleep(seconds: float) -> None:
        waits.append(round(seconds, 3))
        now[0] += seconds

    fetcher = Fetcher(delay=2.5, clock=lambda: now[0], sleep=sleep)
    fetch([f"{site}/feed.xml"], tmp_path, fetcher)
    # robots.txt, the feed, two pages: every request after the first waited the delay
    assert waits == [2.5, 2.5, 2.5]


def test_the_saved_folder_builds_with_its_metadata(site, tmp_path):
    from kg.pipeline import build

    fetch([f"{site}/feed.xml"], tmp_path / "news", _quick())
    summary = build([tmp_path / "news"], tmp_path / "out" / "kg.ttl")
    assert summary.articles == 2 and summary.statements >= 1


def test_a_failing_page_is_one_line_and_the_rest_are_saved(site, tmp_path):
    summary = fetch([f"{site}/missing.html", f"{site}/news/a.html"], tmp_path, _quick())
    assert (summary.saved, summary.failed) == (1, 1)
    assert summary.lines == [f"{site}/missing.html: HTTP 404 Not Found"]


def test_only_web_addresses_are_fetched(tmp_path):
    with pytest.raises(KgError, match="not an http"):
        fetch(["file:///etc/passwd"], tmp_path, _quick())


def test_the_command_saves_and_says_what_it_did(site, tmp_path):
    result = CliRunner().invoke(
        main, ["fetch", f"{site}/feed.xml", "-o", str(tmp_path), "--delay", "0"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "saved 2 pages, 0 already saved, 1 refused by robots.txt, 0 failed\n"
    assert "refused by robots.txt" in result.stderr
