"""Phrasing table: how news words a collective position -> the statements expected."""

from __future__ import annotations

import pytest

from kg.extract.coalitions import extract_statements
from kg.nlp import parse_article
from tests.conftest import make_article


def statements_of(text: str, published: str = "2019-10-30"):
    article = make_article(text, published)
    doc = parse_article(article)
    return extract_statements(doc, article, doc._.countries)


def backers(statement) -> set[str]:
    return {p.iso3 for p in statement.positions if p.kind == "backed"}


def positions(statement, kind: str) -> set[str]:
    return {p.iso3 for p in statement.positions if p.kind == kind}


# text, expected: list of (backers, declared count, declared minimum, deliverer, stance, target)
PHRASINGS = [
    pytest.param(
        "Britain's UN Ambassador Karen Pierce delivered a joint statement on behalf of 23 "
        "states including the United States, Australia, Canada and Japan.",
        [({"GBR", "USA", "AUS", "CAN", "JPN"}, 23, None, "GBR", None, None)],
        id="on-behalf-of-including",
    ),
    pytest.param(
        "The United States and 22 other countries at the United Nations pushed China on "
        "Tuesday to stop detaining ethnic Uighurs.",
        [({"USA"}, 23, None, None, "critical", "CHN")],
        id="x-and-n-other-countries",
    ),
    pytest.param(
        "France and twenty-two other countries urged Iran to release the prisoners.",
        [({"FRA"}, 23, None, None, "critical", "IRN")],
        id="count-in-words",
    ),
    pytest.param(
        "In response, Saudi Arabia, Russia and more than 30 other countries wrote a rival "
        "letter that commended China's rights record.",
        [({"SAU", "RUS"}, None, 33, None, "supportive", "CHN")],
        id="more-than-n-other-lower-bound",
    ),
    pytest.param(
        "Some 54 nations backed a Belarus text that heaped praise on Beijing's achievements.",
        [({"BLR"}, 54, None, "BLR", "supportive", "CHN")],
        id="adjective-country-text-capital-target",
    ),
    pytest.param(
        "With 23 nations backing a British statement condemning Beijing's record, the "
        "debate was tense.\n\nCountries backing it included Germany, France and Canada.",
        [({"GBR", "DEU", "FRA", "CAN"}, 23, None, "GBR", "critical", "CHN")],
        id="members-in-next-sentence",
    ),
    pytest.param(
        "Some 54 nations backed a Belarus text praising China.\n\nThey included Pakistan, "
        "Russia, Egypt and the Democratic Republic of Congo.",
        [({"BLR", "PAK", "RUS", "EGY", "COD"}, 54, None, "BLR", "supportive", "CHN")],
        id="they-included",
    ),
    pytest.param(
        "In July, 22 states - including the United States and Britain - wrote a letter "
        "calling on China to halt its mass detentions.",
        [({"USA", "GBR"}, 22, None, None, "critical", "CHN")],
        id="letter-dash-including",
    ),
    pytest.param(
        "Belarus UN Ambassador Valentin Rybakov addressed the committee on behalf of 54 "
        "countries, including China, Pakistan and Serbia.",
        [({"BLR", "CHN", "PAK", "SRB"}, 54, None, "BLR", None, None)],
        id="behalf-without-statement-noun",
    ),
]


PHRASINGS += [
    pytest.param(
        "Poland and Lithuania joined Ukraine in a statement condemning Belarus.",
        [({"POL", "LTU", "UKR"}, None, None, None, "critical", "BLR")],
        id="joined-a-partner-in-a-statement",
    ),
    pytest.param(
        "Germany and France issued a joint statement with Ukraine on Tuesday calling on "
        "Russia to withdraw.",
        [({"DEU", "FRA", "UKR"}, None, None, None, "critical", "RUS")],
        id="statement-with-a-partner",
    ),
    pytest.param(
        "Ambassadors from 22 countries, including Australia, Britain and Japan, signed a "
        "letter to the council president condemning China's treatment of Uighurs.",
        [({"AUS", "GBR", "JPN"}, 22, None, None, "critical", "CHN")],
        id="ambassadors-from-n-countries",
    ),
    pytest.param(
        "A joint statement signed by 43 countries and read by France's ambassador at the Third "
        "Committee called on China to allow access to Xinjiang.",
        [({"FRA"}, 43, None, "FRA", "critical", "CHN")],
        id="read-by-a-states-envoy",
    ),
    pytest.param(
        "Britain's ambassador delivered a statement on behalf of 20 countries praising Kenya.",
        [({"GBR"}, 20, None, "GBR", "supportive", "KEN")],
        id="envoy-without-a-name",
    ),
    pytest.param(
        "The letter, sent on Monday, was signed by Germany, the Netherlands and Ivory Coast.",
        [({"DEU", "NLD", "CIV"}, None, None, None, None, None)],
        id="passive-signed-by",
    ),
    pytest.param(
        "The statement was backed by the U.S., DR Congo and Japan.",
        [({"USA", "COD", "JPN"}, None, None, None, None, None)],
        id="passive-backed-by-short-forms",
    ),
    pytest.param(
        "Washington and London joined 20 other countries in signing a letter that "
        "criticised Moscow.",
        [({"USA", "GBR"}, 22, None, None, "critical", "RUS")],
        id="capitals-as-backers",
    ),
    pytest.param(
        "Brazil, India and South Africa issued a joint declaration praising Egypt's mediation.",
        [({"BRA", "IND", "ZAF"}, None, None, None, "supportive", "EGY")],
        id="declaration-by-named-states",
    ),
    pytest.param(
        "Mexico read a statement on behalf of 12 Latin American countries, among them "
        "Chile, Peru and Colombia, urging Venezuela to free political prisoners.",
        [({"MEX", "CHL", "PER", "COL"}, 12, None, "MEX", "critical", "VEN")],
        id="among-them-and-urging",
    ),
    pytest.param(
        "The United States and 40 other countries signed the letter, while China and "
        "Russia rejected it.",
        [({"USA"}, 41, None, None, None, None)],
        id="other-clause-subject-is-not-a-backer",
    ),
    pytest.param(
        "Sweden, on behalf of the Nordic countries Denmark, Finland, Iceland and Norway, "
        "welcomed Ukraine's reforms.",
        [({"SWE", "DNK", "FIN", "ISL", "NOR"}, None, None, "SWE", "supportive", "UKR")],
        id="on-behalf-of-named-group",
    ),
    pytest.param(
        "Eleven of the council's 15 members voted for the resolution drafted by Ireland, while "
        "Russia and India abstained.",
        [({"IRL"}, 11, None, "IRL", None, None)],
        id="n-of-the-body-s-m-members",
    ),
    pytest.param(
        "Chile and Peru join all 27 EU members in a statement asking Belarus to free the "
        "detainees.",
        [({"CHL", "PER"}, None, 29, None, "critical", "BLR")],
        id="named-join-a-group-s-members",
    ),
    pytest.param(
        "Norway and Chile backed the resolution along with nine other members.",
        [({"NOR", "CHL"}, 11, None, None, None, None)],
        id="along-with-n-other-members",
    ),
]


@pytest.mark.parametrize("text, expected", PHRASINGS)
def test_phrasing(text, expected):
    found = statements_of(text)
    assert len(found) == len(expected)
    for statement, (want_backers, count, minimum, deliverer, stance, target) in zip(
        found, expected, strict=True
    ):
        assert want_backers <= backers(statement)
        assert backers(statement) - want_backers <= ({deliverer} if deliverer else set())
        assert statement.declared_count == count
        assert statement.declared_minimum == minimum
        if deliverer:
            assert statement.delivered_by == deliverer
        assert statement.stance == stance
        assert statement.target == target


def test_counter_statement_answers_the_first():
    text = (
        "Twenty countries led by Canada signed a letter condemning Russia's actions.\n\n"
        "In response, Belarus, Syria and 10 other countries wrote a rival letter praising Russia."
    )
    first, second = statements_of(text)
    assert second.counters == first.local_id
    assert first.stance == "critical" and second.stance == "supportive"


TRAPS = [
    "Japan backs the Security Council in taking the steps needed to end the violence.",
    "Chile recalled that Peru had supported resolutions on the matter in earlier years.",
    "In any case, the ministers met in Geneva on Tuesday.",
    "Twenty-four countries did not vote.",
    "Diplomats had predicted that no more than 80 countries would support the text.",
    "Chen said China, one of the five permanent members of the Security Council, would keep "
    "working with the United Nations.",
    pytest.param(
        "Beijing on Wednesday blasted the statement by Britain.", id="reaction-not-backer"
    ),
    pytest.param("China and Russia met in Moscow to discuss trade.", id="meeting-not-statement"),
    pytest.param(
        "Activists in Xinjiang, Tibet and Hong Kong issued a statement.", id="places-not-states"
    ),
    pytest.param(
        "A Chinese foreign ministry statement said the talks went well.", id="single-voice"
    ),
    pytest.param(
        'The banner read "Germany, France and Italy stand together" at the rally.', id="quoted"
    ),
    pytest.param(
        "The United States and Britain condemned China's crackdown in Hong Kong.",
        id="joint-criticism-without-a-text",
    ),
    pytest.param(
        "Germany's foreign minister met her counterparts from France and Poland in Berlin.",
        id="meeting-of-ministers",
    ),
    pytest.param(
        "The report said China, Iran and Russia had detained activists.",
        id="countries-as-targets-in-reported-speech",
    ),
    pytest.param(
        "In Paris, the United States led negotiations among 195 countries that resulted in "
        "a climate agreement.",
        id="count-of-negotiating-parties",
    ),
    pytest.param(
        "Atrocities continue in Darfur as China and Russia support the government.",
        id="support-for-a-government-is-no-text",
    ),
]


@pytest.mark.parametrize("text", TRAPS)
def test_trap_gives_no_statement(text):
    assert statements_of(text) == []


def test_target_is_never_a_backer():
    (statement,) = statements_of(
        "Japan, Australia and 20 other countries condemned China in a joint statement."
    )
    assert "CHN" not in backers(statement)
    assert statement.target == "CHN"


def test_vote_tally_and_positions():
    text = (
        "The resolution was adopted by 141 votes to 5, with 35 abstentions.\n\n"
        "Russia, Belarus and Syria voted against.\n\nChina and India abstained."
    )
    (statement,) = statements_of(text, "2022-03-03")
    assert statement.declared_count == 141
    assert statement.declared_against == 5
    assert statement.declared_abstentions == 35
    assert positions(statement, "against") == {"RUS", "BLR", "SYR"}
    assert positions(statement, "abstained") == {"CHN", "IND"}


def test_vote_in_favour_and_veto():
    text = (
        "The Security Council resolution won 13 votes in favour, 1 against and 1 abstention."
        "\n\nFrance, Britain and the United States voted in favour.\n\nRussia vetoed it."
    )
    (statement,) = statements_of(text, "2022-02-26")
    assert {"FRA", "GBR", "USA"} <= backers(statement)
    assert positions(statement, "against") == {"RUS"}


def test_security_council_veto_is_a_vote_against():
    text = (
        "Russia vetoed a Security Council resolution on Tuesday that condemned its "
        "annexation of four Ukrainian regions, while China, India, Brazil and Gabon abstained."
    )
    (statement,) = statements_of(text, "2022-10-01")
    assert positions(statement, "against") == {"RUS"}
    assert positions(statement, "abstained") == {"CHN", "IND", "BRA", "GAB"}
    assert statement.kind == "resolution"
    assert statement.venue == "UN Security Council"


def test_groups_are_not_expanded_into_members():
    (statement,) = statements_of(
        "The EU and 14 other countries issued a statement condemning Belarus, joined by Canada."
    )
    assert backers(statement) <= {"CAN"}
    assert statement.target == "BLR"
    assert [(g.slug, g.label) for g in statement.groups] == [("EU", "European Union")]


def groups(statement) -> set[str]:
    return {g.label for g in statement.groups}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ASEAN issued a statement on Monday calling on Myanmar to free the detainees.",
         {"ASEAN"}),
        ("The letter was signed by Chile, Peru and the African Union.", {"African Union"}),
        ("The Lima Group and Canada issued a declaration urging Venezuela to hold elections.",
         {"Lima Group"}),
        ("The statement was backed by Chile, Peru and the Gulf Cooperation Council.",
         {"Gulf Cooperation Council"}),
    ],
)  # fmt: skip
def test_a_group_named_as_backer_backs_as_a_group(text, expected):
    (statement,) = statements_of(text)
    assert groups(statement) == expected
    assert all(g.rule for g in statement.groups)


@pytest.mark.parametrize(
    "text",
    [
        "Forty countries signed a statement criticising the EU over its border policy.",
        "Chile and Peru signed a letter on the future of ASEAN trade.",
    ],
)
def test_a_group_that_is_the_target_or_the_matter_does_not_back(text):
    for statement in statements_of(text):
        assert groups(statement) == set()


def test_double_veto_then_draft_sponsor():
    text = (
        "China and Russia on Thursday vetoed a U.S.-led push at the United Nations to impose "
        "more sanctions on North Korea.\n\nThe remaining 13 members of the Security Council "
        "voted in favour of the draft resolution, which was put forward by the United States."
    )
    (statement,) = statements_of(text, "2022-05-27")
    assert positions(statement, "against") == {"CHN", "RUS"}
    assert backers(statement) == {"USA"}
    assert statement.target == "PRK" and statement.stance == "critical"
    assert statement.date.start.isoformat() == "2022-05-26"


def test_speaking_on_behalf_in_a_rival_statement():
    text = (
        "More than 20 countries, including Britain, Canada and Australia, issued a joint "
        "statement at the U.N. Human Rights Council on Tuesday urging China to reconsider the "
        "law.\n\nCuba, speaking on behalf of 53 countries, welcomed the law in a rival statement."
    )
    first, second = statements_of(text, "2020-07-01")
    assert backers(first) == {"GBR", "CAN", "AUS"} and first.declared_minimum == 21
    assert second.delivered_by == "CUB" and second.declared_count == 53
    assert second.counters == first.local_id


def test_companions_of_the_subject_back_too():
    (statement,) = statements_of(
        "Member states of the European Union, along with Norway and Switzerland, backed the "
        "declaration condemning the coup in Myanmar."
    )
    assert backers(statement) == {"NOR", "CHE"}


@pytest.mark.parametrize(
    "text, signers",
    [
        pytest.param(
            "Twenty-two countries signed the letter, including Britain and Japan.\n\n"
            "The United States did not sign the letter.",
            {"GBR", "JPN"},
            id="did-not-sign",
        ),
        pytest.param(
            "Twenty-two countries signed the letter on Tuesday, including Britain, France and "
            "Japan.\n\nCountries that did not sign included China and Russia.",
            {"GBR", "FRA", "JPN"},
            id="non-signers-listed-after",
        ),
        pytest.param(
            "Britain, France and Germany issued a joint statement on Monday.\n\nIsrael "
            "welcomed the statement.",
            {"GBR", "FRA", "DEU"},
            id="welcoming-is-not-signing",
        ),
        pytest.param(
            "Spain and Italy welcomed the joint statement issued by Germany and France.",
            {"DEU", "FRA"},
            id="welcomed-a-statement-others-issued",
        ),
    ],
)
def test_only_signers_back(text, signers):
    (statement,) = statements_of(text)
    assert backers(statement) == signers
    assert statement.target is None


def test_a_declared_count_alone_is_a_statement():
    (statement,) = statements_of(
        "More than 20 countries signed a joint statement criticising Iran on Monday."
    )
    assert statement.declared_minimum == 21 and statement.target == "IRN"
    assert backers(statement) == set()


# Frames that name a backer outside the subject: text, backers, deliverer.
BACKING_FRAMES = [
    pytest.param(
        "The resolution, drafted by Norway with the support of Chile, Ghana and Ireland, was "
        "adopted on Monday by 30 votes to 10.",
        {"NOR", "CHL", "GHA", "IRL"},
        "NOR",
        id="drafter-with-the-support-of",
    ),
    pytest.param(
        "The draft, led by Mexico and Ireland, was vetoed by Russia.",
        {"MEX", "IRL"},
        "MEX",
        id="co-leaders-back",
    ),
    pytest.param(
        "The Council adopted the Swiss-drafted resolution on Tuesday by 13 votes to none, with "
        "two abstentions.",
        {"CHE"},
        "CHE",
        id="fused-author",
    ),
    pytest.param(
        "The resolution was adopted by 14 votes to one.\n\nKenya, which had proposed the "
        "resolution, welcomed the outcome.",
        {"KEN"},
        "KEN",
        id="leader-in-relative-clause",
    ),
    pytest.param(
        "Apart from Japan, the declaration was signed by Chile, Peru and Mexico.",
        {"JPN", "CHL", "PER", "MEX"},
        None,
        id="apart-from-signers",
    ),
    pytest.param(
        "Besides Canada, the statement was signed by Chile and Peru.",
        {"CAN", "CHL", "PER"},
        None,
        id="besides-signers",
    ),
    pytest.param(
        "Outside the EU, the countries that put their names to the letter were Norway, Iceland "
        "and Canada.",
        {"NOR", "ISL", "CAN"},
        None,
        id="described-signers",
    ),
    pytest.param(
        "An open letter from the ambassadors of Spain, Italy and Greece urged Hungary to "
        "respect press freedom.",
        {"ESP", "ITA", "GRC"},
        None,
        id="letter-of-envoys",
    ),
]


@pytest.mark.parametrize("text, expected_backers, deliverer", BACKING_FRAMES)
def test_backing_frames(text, expected_backers, deliverer):
    (statement,) = statements_of(text)
    assert backers(statement) == expected_backers
    assert statement.delivered_by == deliverer


def test_passive_veto_is_a_vote_against():
    (statement,) = statements_of("The draft, led by Mexico and Ireland, was vetoed by Russia.")
    assert positions(statement, "against") == {"RUS"}


def test_labelled_vote_lists_record_each_side():
    text = (
        "The Council adopted the resolution on Iran by 24 votes to 12 with 11 abstentions."
        "\n\nAn official welcomed the result.\n\nDiplomats left the chamber.\n\nThe session "
        "closed.\n\nIn favour (24): Austria, Chile, Mexico.\n\nAgainst (12): China, Cuba, "
        "Eritrea.\n\nAbstaining: India, Nepal."
    )
    (statement,) = statements_of(text, "2021-03-24")
    assert backers(statement) == {"AUT", "CHL", "MEX"}
    assert positions(statement, "against") == {"CHN", "CUB", "ERI"}
    assert positions(statement, "abstained") == {"IND", "NPL"}


@pytest.mark.parametrize(
    "text, kind",
    [
        ("The Assembly adopted the text by 100 votes, while 40 countries abstained, among "
         "them Brazil and South Africa.", "abstained"),
        ("The resolution passed by 90 votes to 12; 12 countries voted against, including "
         "Brazil and South Africa.", "against"),
    ],
)  # fmt: skip
def test_a_list_continues_the_vote_before_it(text, kind):
    (statement,) = statements_of(text)
    assert positions(statement, kind) == {"BRA", "ZAF"}
    assert not backers(statement) & {"BRA", "ZAF"}


def test_fragments_of_one_vote_are_one_statement():
    text = (
        "Turkey, Peru abstain as UN body condemns attack on hospitals\n\n"
        "The UN General Assembly on Thursday adopted a resolution condemning attacks on "
        "hospitals by 120 votes to 8, with 30 abstentions.\n\n"
        "Among the countries that abstained in the vote were Turkey and Peru."
    )
    (statement,) = statements_of(text, "2023-05-12")
    assert statement.declared_count == 120
    assert positions(statement, "abstained") == {"TUR", "PER"}


def test_rival_statements_stay_apart_when_merging():
    text = (
        "Canada and 20 other countries criticised Iran in a joint statement.\n\n"
        "Cuba and 30 other countries countered with a statement praising Iran."
    )
    first, second = statements_of(text)
    assert first.stance == "critical" and second.stance == "supportive"


def test_a_broadly_named_venue_and_a_lower_bound_join_the_full_report():
    text = (
        "Over 100 countries back UN resolution on hospital attacks\n\n"
        "A total of 112 members of the UN General Assembly on Thursday backed a resolution "
        "condemning attacks on hospitals, drafted by Norway.\n\n"
        "Among the countries that abstained in the vote were Turkey and Peru."
    )
    (statement,) = statements_of(text, "2023-05-12")
    assert statement.declared_count == 112 and statement.delivered_by == "NOR"
    assert positions(statement, "abstained") == {"TUR", "PER"}
    assert statement.venue == "UN General Assembly"


@pytest.mark.parametrize(
    "second, kind",
    [
        ("Abstaining in the vote were Chile, Peru and Mexico.", "abstained"),
        ('Moscow found only 10 other "no" votes — Chile, Peru and Mexico.', "against"),
        ("The 12 votes that Moscow gathered against the text came from Chile, Peru and "
         "Mexico.", "against"),
        ("Voting in favour were Chile, Peru and Mexico.", "for"),
    ],
)  # fmt: skip
def test_a_lead_phrase_announces_one_side_of_the_vote(second, kind):
    text = f"The resolution passed on Thursday by 90 votes to 12.\n\n{second}"
    (statement,) = statements_of(text, "2023-03-10")
    wanted = "backed" if kind == "for" else kind
    assert positions(statement, wanted) == {"CHL", "PER", "MEX"}


def test_backing_that_came_from_states():
    (statement,) = statements_of(
        "Backing for the statement came from EU states, along with Chile, Peru and Japan."
    )
    assert backers(statement) == {"CHL", "PER", "JPN"}


def test_a_leading_clause_on_the_envoy_names_the_state():
    text = (
        "The resolution failed on Wednesday when Russia voted against it.\n\nBut Ann Lee, "
        "the UN ambassador of Kenya, which had proposed the resolution, said it was fair."
    )
    (statement,) = statements_of(text, "2023-03-10")
    assert statement.delivered_by == "KEN" and positions(statement, "against") == {"RUS"}


def test_co_sponsors_are_backers():
    (statement,) = statements_of(
        "France, Britain, Lebanon and the United States co-sponsored the resolution."
    )
    assert backers(statement) == {"FRA", "GBR", "LBN", "USA"}


def test_votes_far_below_the_lede_go_to_the_last_vote():
    text = (
        "The Assembly adopted a resolution condemning Ruritania by 90 votes to 12.\n\n"
        "Diplomats said the debate was long.\n\nSome delegations asked for more time.\n\n"
        "Others wanted a shorter text.\n\nThe chair closed the session.\n\n"
        "Chile and Peru voted against, while Japan abstained."
    )
    (statement,) = statements_of(text, "2023-03-10")
    assert positions(statement, "against") == {"CHL", "PER"}
    assert positions(statement, "abstained") == {"JPN"}


def test_the_matter_of_a_group_is_not_its_member():
    (statement,) = statements_of(
        "The resolution was tabled by Britain on behalf of the Core Group on Ruritania "
        "comprising Britain, Canada, Germany and Malawi."
    )
    assert backers(statement) == {"GBR", "CAN", "DEU", "MWI"}


def test_a_date_owned_by_another_noun_does_not_date_the_vote():
    text = (
        "The resolution, which rejects the president's Dec. 6 decision, was sponsored by "
        "Chile, Peru and Japan and adopted on Thursday by 90 votes to 12."
    )
    (statement,) = statements_of(text, "2017-12-22")
    assert statement.date.start.isoformat() == "2017-12-21"


def test_sponsored_by_names_the_leader_first():
    (statement,) = statements_of(
        "The resolution, sponsored by Yemen and Turkey, was adopted by 128 votes to 9."
    )
    assert statement.delivered_by == "YEM" and backers(statement) == {"YEM", "TUR"}


def test_a_seat_on_a_body_is_not_where_the_text_was_made():
    (statement,) = statements_of(
        "The General Assembly adopted a resolution condemning Ruritania by 100 votes to 11, "
        "while Russia, a permanent member of the Security Council, voted against."
    )
    assert statement.venue == "UN General Assembly"


def test_a_date_in_a_clause_of_earlier_times_does_not_date_the_statement():
    text = (
        "The statement, the first rebuke of Belarus since the council was set up in 2006, "
        "was signed by 30 nations in Geneva on Thursday."
    )
    (statement,) = statements_of(text, "2019-03-08")
    assert statement.date.start.isoformat() == "2019-03-07"


def test_asking_a_government_to_act_is_pressure_on_it():
    (statement,) = statements_of(
        "Chile, Peru and Japan joined 20 other countries in asking Belarus to free the activists."
    )
    assert (statement.target, statement.stance) == ("BLR", "critical")


def test_countries_strung_before_a_voter_vote_as_it_does():
    text = (
        "The Assembly adopted a resolution condemning Belarus on Friday.\n\n"
        "Within the OECD, Chile, Mexico, Japan, and Colombia voted “yes,” whereas "
        "Cuba and Bolivia abstained."
    )
    (statement,) = statements_of(text, "2021-06-19")
    assert backers(statement) == {"CHL", "MEX", "JPN", "COL"}
    assert positions(statement, "abstained") == {"CUB", "BOL"}


@pytest.mark.parametrize(
    "text",
    [
        "Following talks, Chilean FM Ana Ruiz and Peruvian FM Li Wei put their signatures to "
        "a joint communiqué.",
        "Chilean Foreign Minister (FM) Ana Ruiz and Peruvian FM Li Wei signed a joint "
        "communiqué on Monday.",
    ],
)
def test_two_ministers_signing_commit_their_states(text):
    (statement,) = statements_of(text)
    assert backers(statement) == {"CHL", "PER"} and statement.kind == "communique"


def test_a_case_brought_against_a_state_is_a_position_on_it():
    text = (
        "More than 50 countries have voiced support for South Africa's genocide case against "
        "Israel at the International Court of Justice."
    )
    (statement,) = statements_of(text, "2024-01-10")
    assert statement.kind == "legal case" and statement.delivered_by == "ZAF"
    assert (statement.target, statement.stance) == ("ISR", "critical")
    assert statement.declared_minimum == 51


def test_a_later_sentence_telling_when_the_text_came_out_dates_it():
    text = (
        "Ambassadors of Chile, Peru and Japan signed an open letter urging Belarus to free "
        "the activists.\n\nThe letter was published on Sunday on the embassies' websites."
    )
    (statement,) = statements_of(text, "2020-09-28")
    assert statement.date.start.isoformat() == "2020-09-27"


def test_envoys_signing_commit_their_states():
    (statement,) = statements_of(
        "Ambassadors of Spain, Italy and Greece signed a letter urging Hungary to respect "
        "press freedom."
    )
    assert backers(statement) == {"ESP", "ITA", "GRC"}
    assert (statement.target, statement.stance) == ("HUN", "critical")


@pytest.mark.parametrize(
    "text, iso, rule",
    [
        ("The letter was signed by Germany, Chile and Japan.", "DEU", "agent-of-backing-verb"),
        ("The resolution passed by 90 votes to 12.\n\nAgainst: Chile, Peru.", "PER",
         "labelled-vote-list"),
        ("Apart from Japan, the declaration was signed by Chile and Peru.", "JPN",
         "beside-signers"),
        ("The Council adopted the Swiss-drafted resolution on Tuesday by 13 votes to none.",
         "CHE", "fused-author"),
    ],
)  # fmt: skip
def test_every_position_names_the_rule_that_found_it(text, iso, rule):
    (statement,) = statements_of(text)
    assert {p.rule for p in statement.positions if p.iso3 == iso} == {rule}
    assert all(p.rule for p in statement.positions)


def test_calling_for_a_vote_is_not_backing():
    text = (
        "The Council adopted a resolution on Belarus by 20 votes to 10.\n\n"
        "Before the vote, China called for a vote on the text, and Chile, Peru and Japan "
        "backed it."
    )
    (statement,) = statements_of(text, "2021-03-24")
    assert "CHN" not in backers(statement)
    assert {"CHL", "PER", "JPN"} <= backers(statement)


def test_a_text_is_never_delivered_by_its_target():
    (statement,) = statements_of(
        "Chile, Peru and Japan joined 20 other countries in asking Belarus to free the activists."
    )
    assert statement.delivered_by != "BLR" and "BLR" not in backers(statement)


def test_ministries_backing_the_case_commit_their_states():
    text = (
        "South Africa filed a genocide case against Israel at the world court.\n\n"
        "The Turkish Foreign Ministry and the Malaysian Ministry of Foreign Affairs have both "
        "announced that they support the case."
    )
    (statement,) = statements_of(text, "2024-01-04")
    assert {"TUR", "MYS"} <= backers(statement)


def test_a_count_describing_abstainers_is_not_a_count_of_backers():
    text = (
        "Nine members voted for the resolution on Monday. Russia and Brazil, the council's "
        "two elected members from their regions, abstained."
    )
    (statement,) = statements_of(text)
    assert statement.declared_count == 9
    assert positions(statement, "abstained") == {"RUS", "BRA"}


def test_a_text_named_after_its_matter_is_not_by_that_country():
    text = (
        "Western envoys voted for a Syrian resolution at the Security Council on Monday, "
        "while Russia and China abstained.\n\nThe resolution on Syria demands an end to the "
        "violence."
    )
    (statement,) = statements_of(text)
    assert statement.delivered_by is None and "SYR" not in backers(statement)
    french = text.replace("a Syrian resolution", "a French resolution")
    (statement,) = statements_of(french)
    assert statement.delivered_by == "FRA"


def test_replying_to_a_text_is_not_issuing_it():
    text = (
        "Forty nations on Monday condemned Ruritania in a joint statement read by Norway.\n\n"
        "Replying to the statement, Egypt's ambassador denounced the use of \"joint "
        'statements for political causes."'
    )
    (statement,) = statements_of(text)
    assert statement.delivered_by == "NOR" and "EGY" not in backers(statement)


@pytest.mark.parametrize(
    "text, iso",
    [
        ("The position of Chile on the talks is unchanged, the Chilean foreign ministry said "
         "on Sunday.", "CHL"),
        ("The Peruvian Foreign Ministry declared on Saturday that the new government is the "
         "sole legitimate one.", "PER"),
        ("The government of Ghana said on Friday it would send observers.", "GHA"),
    ],
)  # fmt: skip
def test_a_government_speaking_as_a_body_issues_a_statement(text, iso):
    (statement,) = statements_of(text)
    assert statement.kind == "statement" and statement.delivered_by == iso
    assert backers(statement) == {iso} and statement.date is not None


@pytest.mark.parametrize(
    "text",
    [
        "Chilean foreign ministry spokesman Jorge Soto said on Monday that talks would resume.",
        "The Chilean foreign ministry said on Monday that it welcomed the joint statement.",
        "A Chilean foreign ministry statement quoted the minister as saying talks would resume.",
    ],
)
def test_a_spokesman_or_a_reaction_is_not_a_statement_of_its_own(text):
    assert [s for s in statements_of(text) if s.kind == "statement"] == []


@pytest.mark.parametrize(
    "second",
    [
        "The Embassy of the Kingdom of Spain in Warsaw coordinated this year's letter.",
        "The Spanish embassy coordinated the letter.",
        "The letter was coordinated by Spain.",
    ],
)
def test_the_state_that_coordinated_a_text_delivers_it(second):
    text = (
        f"Envoys of 30 countries signed a letter calling on Hungary to respect rights.\n\n{second}"
    )
    (statement,) = statements_of(text)
    assert statement.delivered_by == "ESP"


def test_a_list_announced_with_a_colon_names_the_signers():
    text = (
        "Thirty envoys signed an open letter calling on Hungary to protect minorities.\n\n"
        "The signatories of the letter are listed below:\n\n"
        "Ambassadors of Chile, Peru, Japan and Norway;\n\n"
        "the representatives of two agencies."
    )
    (statement,) = statements_of(text)
    assert backers(statement) == {"CHL", "PER", "JPN", "NOR"}
    assert (statement.stance, statement.target) == ("critical", "HUN")


def test_a_colon_without_signers_announces_no_list():
    text = (
        "Thirty countries signed an open letter calling on Hungary to protect minorities.\n\n"
        "The letter reads in full:\n\n"
        "We, as friends of Chile and Peru, call on the authorities to act."
    )
    (statement,) = statements_of(text)
    assert backers(statement) == set()


def test_an_undated_text_of_the_countries_just_named_takes_their_date():
    text = (
        "Chile and Peru established diplomatic relations on Sunday.\n\n"
        "The Chilean minister and the Peruvian minister signed a joint communique on the ties."
    )
    (statement,) = statements_of(text, "2023-03-27")
    assert statement.date is not None and str(statement.date.start) == "2023-03-26"
    other = text.replace("Chile and Peru established diplomatic relations", "Chile hosted talks")
    (statement,) = statements_of(other, "2023-03-27")
    assert statement.date is None  # Peru was not in the sentence before


def test_a_ministry_passing_on_quoted_words_issues_no_statement_of_its_own():
    text = "Chile's foreign ministry said: “The minister noted that talks would resume.”"
    assert [s for s in statements_of(text) if s.kind == "statement"] == []


def test_a_position_taken_just_before_a_statement_is_its_content():
    text = (
        "Southern African leaders, with Zambia at their head, have threatened sanctions "
        "against the new rulers of Lesotho.\n\n"
        "After an emergency meeting of the heads of the Southern African Development "
        "Community, a statement said: “We will act within a week.”"
    )
    (statement,) = statements_of(text, "2023-07-30")
    assert statement.delivered_by == "ZMB" and groups(statement) == {"SADC"}
    assert (statement.stance, statement.target) == ("critical", "LSO")


@pytest.mark.parametrize(
    "first",
    [
        "After a summit of the leaders of ASEAN on Sunday, a statement said the talks would go on.",
        "After an ASEAN summit on Sunday, a statement said the talks would go on.",
    ],
)
def test_a_text_out_of_a_group_s_meeting_is_the_group_s(first):
    (statement,) = statements_of(first, "2023-07-31")
    assert groups(statement) == {"ASEAN"}
    assert statement.groups[0].rule == "meeting-of-group"


def test_a_text_out_of_a_meeting_takes_the_meeting_s_day():
    text = (
        "After an emergency meeting of the heads of ASEAN, a statement said the talks would go "
        "on.\n\n"
        "The leaders came together in an emergency summit on Sunday to discuss the crisis."
    )
    (statement,) = statements_of(text, "2023-07-31")
    assert str(statement.date.start) == "2023-07-30"


def test_a_date_owning_another_noun_does_not_date_the_text():
    text = (
        "Chile, Peru and Ecuador signed a letter urging Bolivia to restore the government "
        "toppled in last week's coup."
    )
    (statement,) = statements_of(text, "2023-07-31")
    assert statement.date is None


def test_a_case_is_dated_by_its_hearing():
    text = (
        "More than 20 countries have voiced support for Chile's case against Bolivia at the "
        "world court.\n\n"
        "The case was heard on Thursday in The Hague."
    )
    (statement,) = statements_of(text, "2024-01-13")
    assert str(statement.date.start) == "2024-01-11"


def test_a_body_calling_on_a_state_issues_a_statement_a_loose_grouping_does_not():
    (statement,) = statements_of("ASEAN called on Myanmar on Monday to free the detainees.")
    assert groups(statement) == {"ASEAN"} and statement.target == "MMR"
    assert statements_of("Western countries condemned Myanmar on Monday.") == []


def test_a_date_inside_the_act_asked_for_does_not_date_the_text():
    text = (
        "In a statement, the Lima Group called on the president not to take the oath next Thursday."
    )
    (statement,) = statements_of(text, "2019-01-05")
    assert statement.date is None


def test_a_date_of_a_failed_vote_still_dates_it():
    text = (
        "The resolution failed to pass on Wednesday when Russia voted against it, while "
        "China and Angola abstained."
    )
    (statement,) = statements_of(text, "2015-07-09")
    assert str(statement.date.start) == "2015-07-08"


def test_the_text_voted_for_or_initiated_is_the_resolution_in_view():
    text = (
        "The Assembly adopted a resolution on Ruritania by 119 votes to one on Friday.\n\n"
        "Of the ten members of ASEAN that took part in the negotiation of the text, initiated "
        "by Liechtenstein, only four abstained.\n\n"
        "Myanmar, represented by its ambassador, voted in favor of the text."
    )
    (statement,) = statements_of(text, "2021-06-19")
    assert statement.delivered_by == "LIE"
    assert {"LIE", "MMR"} <= backers(statement)


def test_the_leaders_of_a_body_take_its_position_and_those_at_the_summit_back_it():
    text = (
        "Leaders of the Southern African Development Community are meeting in Gaborone.\n\n"
        "They called for the full restoration of constitutional order in Lesotho.\n\n"
        "The summit was attended by Presidents Ana Ruiz of Zambia and Li Wei of Malawi, "
        "while the presidents of Angola and Namibia were represented."
    )
    (statement,) = statements_of(text, "2023-08-10")
    assert groups(statement) == {"SADC"} and statement.target == "LSO"
    assert backers(statement) == {"ZMB", "MWI", "AGO", "NAM"}
    assert {p.rule for p in statement.positions} == {"attended-the-meeting"}


def test_without_leaders_named_they_are_no_body():
    text = (
        "Chile and Peru are meeting in Lima.\n\n"
        "They called for the full restoration of constitutional order in Bolivia."
    )
    assert statements_of(text) == []


@pytest.mark.parametrize(
    "reaction, opposed",
    [
        ("China rejected the statement as interference.", {"CHN"}),
        ("China and Cuba dismissed the statement.", {"CHN", "CUB"}),
        ("China welcomed the statement.", set()),
        ("China did not reject the statement.", set()),
    ],
)
def test_states_answering_a_text_from_the_other_side_oppose_it(reaction, opposed):
    text = f"Forty countries signed a joint statement criticising Bolivia.\n\n{reaction}"
    (statement,) = statements_of(text)
    assert positions(statement, "opposed") == opposed
    assert not backers(statement) & {"CHN", "CUB"}


def test_condemning_a_veto_is_not_opposing_the_text():
    text = (
        "Russia vetoed a draft resolution on Bolivia on Monday; ten members voted for it.\n\n"
        "After the vote, Chile's ambassador condemned the Russian veto."
    )
    (statement,) = statements_of(text)
    assert positions(statement, "opposed") == set()
