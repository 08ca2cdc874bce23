"""Country and group matching: one row per way news names a state or a bloc."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.countries import (
    all_countries,
    country_info,
    find_states_and_groups,
    lookup_country,
    lookup_group,
    state_matcher,
)
from kg.nlp import get_nlp
from kg.resources import REFERENCE, read_table


@pytest.fixture(scope="session")
def nlp():
    return get_nlp()


def countries_in(nlp, text: str):
    return find_states_and_groups(nlp(text), state_matcher(nlp))[0]


def isos(nlp, text: str) -> list[str]:
    return [mention.iso3 for mention in countries_in(nlp, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two-part names joined by a hyphen
        ("Antigua-Barbuda and Trinidad-Tobago abstained.", ["ATG", "TTO"]),
        ("Bosnia-Herzegovina voted yes.", ["BIH"]),
        # possessives, both apostrophes
        ("Britain\u2019s UN Ambassador Karen Pierce spoke.", ["GBR"]),
        ("Britain's envoy spoke.", ["GBR"]),
        ("China's foreign ministry hit back.", ["CHN"]),
        ("The Philippines' delegation abstained.", ["PHL"]),
        # abbreviations
        ("Officials in the U.S. said so.", ["USA"]),
        ("U.S. criticism was not helpful.", ["USA"]),
        ("The US and the UK voted yes.", ["USA", "GBR"]),
        ("The U.S.-led coalition and a U.K.-drafted text.", ["USA", "GBR"]),
        ("The U.S.-China trade talks resumed.", ["USA", "CHN"]),
        ("Let us hope the US agrees.", ["USA"]),
        ("The UAE and the DPRK were absent.", ["ARE", "PRK"]),
        # long and short forms
        ("The Netherlands signed.", ["NLD"]),
        ("the Kingdom of the Netherlands signed.", ["NLD"]),
        ("DR Congo signed.", ["COD"]),
        ("Democratic Republic of Congo signed.", ["COD"]),
        ("the Democratic Republic of the Congo signed.", ["COD"]),
        ("Republic of Congo signed.", ["COG"]),
        ("the Republic of the Congo signed.", ["COG"]),
        ("Ivory Coast signed.", ["CIV"]),
        ("C\u00f4te d\u2019Ivoire signed.", ["CIV"]),
        ("C\u00f4te d'Ivoire signed.", ["CIV"]),
        ("the People's Republic of China replied.", ["CHN"]),
        ("the Republic of Korea and Burma", ["KOR", "MMR"]),
        (
            "T\u00fcrkiye and Turkey and Czechia and the Czech Republic",
            ["TUR", "TUR", "CZE", "CZE"],
        ),
        ("Eswatini, formerly Swaziland", ["SWZ", "SWZ"]),
        # adjectives and demonyms
        ("a British statement", ["GBR"]),
        ("the Belarus text", ["BLR"]),
        ("Chinese human rights academics", ["CHN"]),
        ("Belarusian and Belarussian diplomats", ["BLR", "BLR"]),
        ("Emirati and Saudi officials", ["ARE", "SAU"]),
        ("Americans and Britons", ["USA", "GBR"]),
        # capitals and seats of government
        ("Beijing blasted the statement.", ["CHN"]),
        ("Washington voiced deep concern.", ["USA"]),
        ("the Kremlin said", ["RUS"]),
        ("Downing Street and the White House agreed.", ["GBR", "USA"]),
        ("Beijing\u2019s response", ["CHN"]),
        # longest match wins
        ("Papua New Guinea voted.", ["PNG"]),
        ("Guinea-Bissau voted.", ["GNB"]),
        ("Guinea and Equatorial Guinea voted.", ["GIN", "GNQ"]),
        ("South Sudan and Sudan", ["SSD", "SDN"]),
        ("Niger and Nigeria", ["NER", "NGA"]),
        ("Dominica and the Dominican Republic", ["DMA", "DOM"]),
        ("South Africa and the Central African Republic", ["ZAF", "CAF"]),
        ("Ireland, not Northern Ireland", ["IRL"]),
        # places that are not states
        ("Xinjiang", []),
        ("Hong Kong", []),
        ("Tibet", []),
        ("Gaza and the West Bank", []),
        ("the camps in Xinjiang and Kashgar", []),
        ("New Mexico", []),
        ("talks in Geneva and New York", []),
        ("the South China Sea", []),
        ("the Rome Statute", []),
        ("the Washington Post reported", []),
        ("Latin American and West African states", []),
        # person names
        ("Jordan Henderson said", []),
        ("Chad Smith said", []),
        ("Michael Jordan said", []),
        ("Jordan's King Abdullah met envoys.", ["JOR"]),
        ("Separately, Belarus UN Ambassador Ivan Petrov spoke.", ["BLR"]),
        ("Kuwait Emir Sheikh Nawaf and Qatar Emir Tamim met.", ["KWT", "QAT"]),
        # case matters
        ("fine china and roast turkey", []),
        ("The UN is not a country.", []),
        # Georgia is read as the state of Georgia (the country) except as a US state
        ("Georgia and Armenia", ["GEO", "ARM"]),
        ("a rally in Atlanta, Georgia", []),
        # ethnic groups are not states
        ("Uighur, Kazakh and other Muslim minorities", []),
        ("ethnic Albanians in Kosovo", ["XKX"]),
        # all-caps ledes name states; datelines name where a story was filed
        ("CHINA'S foreign minister met the UNITED STATES envoy.", ["CHN", "USA"]),
        ("NEW MEXICO", []),
        ("Beijing, Oct. 29 (Xinhua) -- China said", ["CHN"]),
        ("Intro.\nMoscow (Reuters) - The Kremlin said", ["RUS"]),
        ("Moscow said Beijing - and Washington - agreed.", ["RUS", "CHN", "USA"]),
        # where something is based is not a state acting
        ("London-based Amnesty and a U.S.-based group criticised Beijing.", ["CHN"]),
        # Taiwan is a country entity
        ("Taiwan and Chinese Taipei", ["TWN", "TWN"]),
    ],
)
def test_find_countries(nlp, text, expected):
    assert isos(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "form", "surface"),
    [
        ("Britain\u2019s UN Ambassador", "possessive", "Britain\u2019s"),
        ("the Philippines' stance", "possessive", "Philippines'"),
        ("a British statement", "adjective", "British"),
        ("Americans protested", "demonym", "Americans"),
        ("Beijing blasted", "capital", "Beijing"),
        ("the Kremlin said", "capital", "Kremlin"),
        ("the U.S. said", "name", "U.S."),
    ],
)
def test_mention_form_and_text(nlp, text, form, surface):
    (mention,) = countries_in(nlp, text)
    assert (mention.form, mention.text) == (form, surface)
    assert text[mention.span.start : mention.span.end] == surface


def test_mentions_sorted_and_disjoint(nlp):
    text = "China, Russia and the United States met the DRC and the Kremlin's envoy."
    mentions = countries_in(nlp, text)
    assert [m.iso3 for m in mentions] == ["CHN", "RUS", "USA", "COD", "RUS"]
    ends = [m.span.end for m in mentions]
    starts = [m.span.start for m in mentions]
    assert all(end <= start for end, start in zip(ends, starts[1:], strict=False))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("China", "CHN"),
        ("China's", "CHN"),
        ("Britain\u2019s", "GBR"),
        ("the U.S.", "USA"),
        ("The Netherlands", "NLD"),
        ("US", "USA"),
        ("us", None),
        ("UNITED STATES", "USA"),
        ("Kremlin", "RUS"),
        ("Chinese", "CHN"),
        ("DR Congo", "COD"),
        ("Republic of Congo", "COG"),
        ("Hong Kong", None),
        ("Geneva", None),
        ("EU", None),
        ("UN", None),
        ("china", None),
        ("  Saudi   Arabia ", "SAU"),
    ],
)
def test_lookup_country(text, expected):
    assert lookup_country(text) == expected


def _rows(name: str) -> list[dict[str, str]]:
    return read_table(REFERENCE, name)


def test_every_country_form_looks_up_to_its_own_row():
    wrong = []
    for row in _rows("countries.csv"):
        for column in ("name", "aliases", "adjectives", "capitals"):
            for surface in filter(None, row[column].split("|")):
                if lookup_country(surface) != row["iso3"]:
                    wrong.append((surface, row["iso3"], lookup_country(surface)))
    assert wrong == []


def test_no_surface_form_is_claimed_twice():
    owners: dict[str, set[str]] = {}
    for row in _rows("countries.csv"):
        for column in ("name", "aliases", "adjectives", "capitals"):
            for surface in filter(None, row[column].split("|")):
                owners.setdefault(surface, set()).add(row["iso3"])
    for table, key in (("groups.csv", "slug"), ("places.csv", "name")):
        for row in _rows(table):
            for surface in filter(None, row["aliases"].split("|")):
                owners.setdefault(surface, set()).add(row[key])
    assert {surface: keys for surface, keys in owners.items() if len(keys) > 1} == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("the EU", "eu"), ("G-7", "g7"), ("The West", "west"), ("NATO", "nato"), ("China", None)],
)
def test_lookup_group(text, expected):
    assert lookup_group(text) == expected


@pytest.mark.parametrize(
    ("iso3", "name", "wikidata"),
    [
        ("GBR", "United Kingdom", "Q145"),
        ("USA", "United States", "Q30"),
        ("CHN", "China", "Q148"),
        ("RUS", "Russia", "Q159"),
        ("BLR", "Belarus", "Q184"),
        ("COD", "Democratic Republic of the Congo", "Q974"),
        ("PSE", "Palestine", "Q219060"),
        ("TWN", "Taiwan", "Q865"),
    ],
)
def test_country_info(iso3, name, wikidata):
    info = country_info(iso3)
    assert (info.iso3, info.name, info.wikidata) == (iso3, name, wikidata)


def test_country_info_unknown():
    with pytest.raises(KeyError):
        country_info("XYZ")


def test_table_covers_un_members_and_observers():
    codes = {info.iso3 for info in all_countries()}
    assert len(codes) == 197  # 193 members, Palestine, Holy See, Taiwan, Kosovo
    assert {"PSE", "VAT", "TWN", "XKX"} <= codes
    assert all(len(code) == 3 and code.isupper() for code in codes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Western countries criticised China.", [("west", "Western countries")]),
        ("The West and the EU", [("west", "The West"), ("eu", "EU")]),
        ("Muslim-majority nations backed it.", [("muslim-majority", "Muslim-majority nations")]),
        ("the European Union and NATO", [("eu", "European Union"), ("nato", "NATO")]),
        ("G7, G-20 and BRICS leaders", [("g7", "G7"), ("g20", "G-20"), ("brics", "BRICS")]),
        ("ASEAN and the African Union", [("asean", "ASEAN"), ("african-union", "African Union")]),
        ("the Arab League and the OIC", [("arab-league", "Arab League"), ("oic", "OIC")]),
        ("the Non-Aligned Movement", [("nam", "Non-Aligned Movement")]),
        ("the Gulf Cooperation Council", [("gcc", "Gulf Cooperation Council")]),
        ("the West Bank", []),
        ("West African states", []),
        (
            "Economic Community of West African States",
            [("ecowas", "Economic Community of West African States")],
        ),
        ("The UN said", []),
    ],
)
def test_find_groups(nlp, text, expected):
    groups = find_states_and_groups(nlp(text), state_matcher(nlp))[1]
    assert [(g.slug, g.text) for g in groups] == expected


def test_groups_do_not_count_as_countries(nlp):
    assert isos(nlp, "NATO, the EU and Western countries") == []


def test_find_countries_is_fast(nlp):
    sentence = (
        "Britain\u2019s ambassador, speaking for the United States, France and Germany, "
        "said Beijing and the Kremlin had ignored calls from Western countries. "
    )
    doc = nlp((sentence * 40)[:5000])
    matcher = state_matcher(nlp)
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        find_states_and_groups(doc, matcher)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.010


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc USChin'\u2019s.-,BritaK")), max_size=80))
def test_arbitrary_text_spans_inside(text):
    nlp = get_nlp()
    doc = nlp(text)
    mentions = find_states_and_groups(doc, state_matcher(nlp))[0]
    for mention in mentions:
        assert 0 <= mention.span.start < mention.span.end <= len(text)
        assert text[mention.span.start : mention.span.end] == mention.text
    assert mentions == find_states_and_groups(doc, state_matcher(nlp))[0]
