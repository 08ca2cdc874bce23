"""Golden tests for officials: title, whom they represent, and name resolution."""

from __future__ import annotations

import pytest

from kg.extract.officials import extract_officials, resolve_name
from kg.model import Article, OfficialMention, Span
from kg.nlp import parse


def officials_of(text: str) -> dict[str, OfficialMention]:
    article = Article(id="t", text=text, source="t.txt")
    officials, _orgs = extract_officials(parse(article.clean_text()), article)
    return {o.key: o for o in officials}


# (text, key, title, country, organization)
CASES = [
    (
        "Fiji’s UN Ambassador Satyendra Prasad spoke on Monday.",
        "Satyendra Prasad",
        "UN Ambassador",
        "FJI",
        None,
    ),
    (
        "Kenyan President William Ruto met Irish Prime Minister Leo Varadkar.",
        "Leo Varadkar",
        "Prime Minister",
        "IRL",
        None,
    ),
    (
        "Kenyan President William Ruto met Irish Prime Minister Leo Varadkar.",
        "William Ruto",
        "President",
        "KEN",
        None,
    ),
    (
        "U.S. Ambassador to the UN Linda Thomas-Greenfield said the vote was close.",
        "Linda Thomas-Greenfield",
        "Ambassador to the UN",
        "USA",
        None,
    ),
    (
        "Ana Ruiz, Peru’s ambassador to U.N. institutions in Geneva, said the text was weak.",
        "Ana Ruiz",
        "ambassador to U.N. institutions in Geneva",
        "PER",
        None,
    ),
    (
        "The UN High Commissioner for Human Rights Maria Lopez visited the region.",
        "Maria Lopez",
        "UN High Commissioner for Human Rights",
        None,
        "OHCHR",
    ),
    (
        "Chilean foreign ministry spokesman Pablo Ortiz spoke at a briefing.",
        "Pablo Ortiz",
        "foreign ministry spokesman",
        "CHL",
        None,
    ),
]


@pytest.mark.parametrize(("text", "key", "title", "country", "org"), CASES)
def test_titles_and_affiliations(text, key, title, country, org):
    found = officials_of(text)
    assert key in found, list(found)
    official = found[key]
    assert (official.title, official.country, official.organization) == (title, country, org)


def test_country_word_without_title_is_not_an_official():
    found = officials_of("The assembly chose Austria’s Karl Huber as the new chair of nothing.")
    assert "Karl Huber" not in found


def test_untitled_speaker_is_returned_and_plain_mention_is_not():
    found = officials_of("Tom Baker took the photograph. Jane Moss said the mood was calm.")
    assert "Jane Moss" in found and found["Jane Moss"].title is None
    assert "Tom Baker" not in found


def test_surname_and_honorific_resolve_to_first_full_name():
    found = officials_of(
        "Fiji’s UN Ambassador Satyendra Prasad arrived. Mr Prasad said the talks were useful."
    )
    assert list(found) == ["Satyendra Prasad"]


def test_shared_surname_resolves_to_most_recent_introduction():
    people = [
        OfficialMention(key="Wang Yi", name="Wang Yi", span=Span(0, 7)),
        OfficialMention(key="Wang Wenbin", name="Wang Wenbin", span=Span(100, 111)),
    ]
    assert resolve_name("Wang", people, before=50) == "Wang Yi"
    assert resolve_name("Mr Wang", people, before=150) == "Wang Wenbin"
    assert resolve_name("Wang Yi", people, before=150) == "Wang Yi"
    assert resolve_name("Li", people, before=150) is None
