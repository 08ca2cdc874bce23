"""Every extractor run on one parsed article."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from kg.extract.coalitions import extract_statements
from kg.extract.events import extract_events
from kg.extract.officials import extract_officials, speakers_from_quotes
from kg.extract.quotes import extract_quotes
from kg.extract.statement_speakers import attach_statements
from kg.model import Article, Extraction

__all__ = ["extract_article"]


def extract_article(article: Article, doc: Doc) -> Extraction:
    """Run every extractor on one parsed article."""
    countries = doc._.countries
    officials, organizations = extract_officials(doc, article)
    quotes = extract_quotes(doc, article, officials, organizations)
    # People and bodies named only as the source of a quote are speakers too.
    more_officials, more_organizations = speakers_from_quotes(quotes, officials, organizations)
    statements = extract_statements(doc, article, countries)
    return Extraction(
        article=article,
        countries=countries,
        statements=statements,
        officials=officials + more_officials,
        organizations=organizations + more_organizations,
        quotes=attach_statements(doc, quotes, statements),
        events=extract_events(doc),
    )


def extract_text(
    text: str,
    published: str | dt.date | None = None,
    *,
    title: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    article_id: str = "text",
) -> Extraction:
    """What one text in hand says (the Python API's `kg.extract`): its statements and their
    backers, officials, quotes, events. Relative dates ("on Tuesday", "last month")
    resolve against `published` (a date, or ISO 8601 text)."""
    from kg.articles import text_article
    from kg.nlp import parse_article

    article = text_article(
        text, article_id, published=published, title=title, publisher=publisher, url=url
    )
    return extract_article(article, parse_article(article))
