"""An article's language picks the rule set; a language without rules is one warning line and
an article kept with nothing extracted, never English rules applied to it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF

from kg.cli import main
from kg.pipeline import build, extract_all
from kg.store import load_graph
from kg.vocab import DKG
from tests.conftest import make_article

# Both articles would yield a quote and an official under the English rules.
ENGLISH = "“We stand ready to talk,” Peru's Foreign Minister Lena Ortiz said on Monday.\n"
SPANISH = "“Estamos listos para hablar”, said Peru's Foreign Minister Lena Ortiz on Monday.\n"


def _corpus(tmp_path, language: str):
    """A folder of two articles: one in English, one whose metadata names `language`."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text, lang in (("en-news", ENGLISH, "en-GB"), ("other-news", SPANISH, language)):
        (folder / f"{name}.txt").write_text(f"---\nlanguage: {lang}\n---\n{text}", "utf-8")
    return folder


def _quotes_by_article(graph) -> dict[str, int]:
    counts: dict[str, int] = {}
    for quote in graph.subjects(RDF.type, DKG.Quote):
        for article in graph.objects(quote, DKG.mentionedIn):
            key = str(graph.value(article, DCTERMS.identifier))
            counts[key] = counts.get(key, 0) + 1
    return counts


def test_an_article_in_a_language_without_rules_is_kept_but_not_read(tmp_path):
    summary = build([_corpus(tmp_path, "es")], tmp_path / "out" / "kg.ttl")
    graph = load_graph(summary.turtle)
    assert summary.warnings == (
        f"{tmp_path / 'corpus' / 'other-news.txt'}: article 'other-news' kept without "
        "extraction: language 'es' has no extraction rules (rules exist for: en)",
    )
    assert summary.articles == 2
    assert (None, DCTERMS.language, Literal("es")) in graph
    assert _quotes_by_article(graph) == {"en-news": 1}


@pytest.mark.parametrize("language", ["en", "en-US", "English", "und"])
def test_english_in_any_spelling_is_read_without_a_warning(tmp_path, language):
    summary = build([_corpus(tmp_path, language)], tmp_path / "out" / "kg.ttl")
    assert summary.warnings == ()
    assert _quotes_by_article(load_graph(summary.turtle)) == {"en-news": 1, "other-news": 1}


def test_without_a_listener_the_warning_is_a_python_warning():
    article = replace(make_article(SPANISH, article_id="other-news"), language="pt-BR")
    with pytest.warns(UserWarning, match=r"article 'other-news' kept without extraction: "
                      r"language 'pt-BR' has no extraction rules"):  # fmt: skip
        (extraction,) = extract_all([article])
    assert (extraction.quotes, extraction.officials, extraction.events) == ([], [], [])


def test_the_cli_prints_one_warning_line_and_builds_the_rest(tmp_path):
    out = tmp_path / "out" / "kg.ttl"
    result = CliRunner().invoke(
        main, ["build", str(_corpus(tmp_path, "fr-CA")), "-o", str(out), "--no-report"]
    )
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {tmp_path / 'corpus' / 'other-news.txt'}: article 'other-news' kept without "
        "extraction: language 'fr-CA' has no extraction rules (rules exist for: en)"
    ]
    assert "articles read   2 " in result.stdout
    assert out.is_file()
