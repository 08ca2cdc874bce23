"""Golden tests for officials: title, whom they represent, and name resolution."""

from __future__ import annotations

import pytest

from kg.extract.officials import extract_officials, resolve_name
from kg.model import Article, OfficialMention, Span
from kg.nlp import parse_article


def officials_of(text: str) -> dict[str, OfficialMention]:
    article = Article(id="t", text=text, source="t.txt")
    officials, _orgs = extract_officials(parse_article(article), article)
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
    (  # a title set off by a comma before the name
        "“Time is short,” said after the vote the UN Special Envoy for Peru, Ana Ruiz.",
        "Ana Ruiz",
        "UN Special Envoy for Peru",
        None,
        "UN",
    ),
    (  # a body before "to" sends the ambassador; an acronym in brackets is skipped
        "“It is a clear message,” said the ambassador of the European Union (EU) to the UN, "
        "Karl Berg.",
        "Karl Berg",
        "ambassador of the European Union (EU) to the UN",
        None,
        "EU",
    ),
    (  # a modifier before the country word
        "The deputy US ambassador to the UN, Tom Hale, criticised the veto.",
        "Tom Hale",
        "deputy US ambassador to the UN",
        "USA",
        None,
    ),
    (  # an abbreviated title, its expansion in brackets
        "Chilean Foreign Minister (FM) Pablo Ortiz signed the accord.",
        "Pablo Ortiz",
        "Foreign Minister",
        "CHL",
        None,
    ),
    (  # a bare title after a name, the country named in the apposition
        "Ambassador Ana Ruiz, Peru's Permanent Representative to the UN, spoke first.",
        "Ana Ruiz",
        "Permanent Representative to the UN",
        "PER",
        None,
    ),
    (  # a bare "ambassador": the country that the sentence says they represent
        "Peru, represented by the ambassador Ana Ruiz, voted in favour.",
        "Ana Ruiz",
        "ambassador",
        "PER",
        None,
    ),
    (  # a particle name; a country inside the quote is not the spokesman's
        "Chile's foreign ministry spoke on Sunday. “Peru must decide,” said Ministry of "
        "Foreign Affairs spokesman Majed al-Hassan.",
        "Majed al-Hassan",
        "Ministry of Foreign Affairs spokesman",
        "CHL",
        None,
    ),
    (  # two particles
        "Egyptian President Abdel Fattah el-Sisi met the envoy.",
        "Abdel Fattah el-Sisi",
        "President",
        "EGY",
        None,
    ),
    (  # a plural title heading a list of names with their countries
        "The summit was attended by Presidents Ana Ruiz of Peru, Li Wei of China and "
        "Karl Berg of Austria.",
        "Li Wei",
        "President",
        "CHN",
        None,
    ),
    (  # a movement's spokesman, an aside in brackets between body and title
        "On Tuesday the Taliban (banned in several states) spokesman Omar Farid spoke.",
        "Omar Farid",
        "Taliban (banned in several states) spokesman",
        None,
        "TALIBAN",
    ),
    (  # a non-governmental body's staff represent the body
        "Hilda Moss, Amnesty International's representative in Geneva, said it was late.",
        "Hilda Moss",
        "Amnesty International's representative in Geneva",
        None,
        "AMNESTY",
    ),
    (  # the country after "of" in the title
        "But Jane Smith, the UN ambassador of Britain, insisted that it was fair.",
        "Jane Smith",
        "UN ambassador of Britain",
        "GBR",
        None,
    ),
    (
        "Minister of Foreign Affairs of Peru Ana Ruiz said talks would resume.",
        "Ana Ruiz",
        "Minister of Foreign Affairs of Peru",
        "PER",
        None,
    ),
    (  # "of" a body is no country
        "Ana Ruiz, the President of the European Commission, said talks would resume.",
        "Ana Ruiz",
        "President of the European Commission",
        None,
        "EC",
    ),
    # a title ending in a body's name, written with no comma before the name: the body
    # opens the capitalised run and the name is what comes after it
    (
        "Brazil's ambassador to the United Nations Carlos Okafor said in a statement.",
        "Carlos Okafor",
        "ambassador to the United Nations",
        "BRA",
        None,
    ),
    (
        "France's envoy to the UN Human Rights Council Anna Moreau told reporters.",
        "Anna Moreau",
        "envoy to the UN Human Rights Council",
        "FRA",
        None,
    ),
    (
        "Kenya's representative to the African Union Amina Haddad warned of delays.",
        "Amina Haddad",
        "representative to the African Union",
        "KEN",
        None,
    ),
    (
        "Chile's ambassador to the World Trade Organization Tomas Novak said it would appeal.",
        "Tomas Novak",
        "ambassador to the World Trade Organization",
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


@pytest.mark.parametrize(
    "text",
    [
        "The United Nations Human Rights Council adopted the text on Friday.",
        "Delegates at the African Union Commission met in Addis Ababa.",
    ],
)
def test_a_body_opening_a_sentence_is_nobody(text):
    assert officials_of(text) == {}


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


@pytest.mark.parametrize(
    "text",
    [
        "Jane Doe, Andes Monitor: Russia voted down a UN draft on Monday.",
        "“It is a dark day,” Al Jazeera's correspondent Jane Doe said from Geneva.",
        "The result was a victory, the Associated Press reported.",
        "The Jerusalem Post was told by a spokesperson that the case would go ahead.",
        "According to Human Rights Watch, the vote was a landmark.",
        "Peru's UN Ambassador Ana Ruiz said “Karl Berg will fail” in the end.",
        "The Head of Office of the International Organization for Migration signed.",
        "“50 Ambassadors and Representatives agree,” Peru's UN Ambassador Ana Ruiz wrote.",
    ],
)
def test_media_bodies_and_quoted_names_are_not_officials(text):
    found = officials_of(text)
    named = {"Jane Doe", "Associated Press", "Jerusalem Post", "Watch", "Karl Berg"}
    named |= {"International Organization", "Representatives", "Human Rights Watch"}
    assert not named & set(found), list(found)
