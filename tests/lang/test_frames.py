"""Table tests of the verb and noun lists behind the backing, drafting, reacting and opposing
frames (kg/lang/en/*_verbs.txt, *_nouns.txt, group_heads.txt, list_markers.txt)."""

from __future__ import annotations

import re
from pathlib import Path

from kg.extract.clauses import analyse_sentence
from kg.extract.coalitions import confidence_of, extract_statements, rule_confidences
from kg.extract.frames import partner_by_support
from kg.extract.syntax import (
    agent_of_leading,
    in_list,
    in_vote_group,
    names_a_place_within,
    negated,
    possessor_of_person,
    reported_action,
)
from kg.nlp import parse_article
from tests.conftest import make_article
from tests.lang.phrasings import finding, first_sentence, parsed, phrasings, word

EXTRACT = Path(__file__).resolve().parents[2] / "kg" / "extract"


@phrasings(
    "issuing_verbs.txt",
    ("text", "backers"),
    [
        ("The letter was signed by Peru.", ["PER"]),
        ("The letter was co-sponsored by Peru.", ["PER"]),
        ("The letter was endorsed by Peru.", ["PER"]),
        ("Peru signed the letter.", ["PER"]),
        ("The letter was admired by Peru.", []),
    ],
)
def test_who_issues_a_text_backs_it(text, backers):
    assert finding(text).backers == backers


@phrasings(
    "document_verbs.txt",
    ("text", "collective"),
    [
        ("Chile and Peru tabled a draft on water rights.", True),
        ("Chile and Peru circulated a paper on water rights.", True),
        ("Chile and Peru visited the museum.", False),
    ],
)
def test_countries_putting_their_names_to_any_text_make_it_joint(text, collective):
    assert finding(text).collective is collective


@phrasings(
    "conditional_document_verbs.txt",
    ("text", "collective"),
    [
        ("Chile and Peru backed a letter on water rights.", True),
        ("Chile and Peru joined a statement on water rights.", True),
        ("Chile and Peru backed the new government.", False),
        ("Chile and Peru praised a letter on water rights.", False),
    ],
)
def test_backing_a_statement_makes_it_joint_backing_a_government_does_not(text, collective):
    assert finding(text).collective is collective


@phrasings(
    "reported_action_verbs.txt",
    ("text", "verb", "act"),
    [
        ("Peru said it had signed the letter.", "said", "signed"),
        ("Peru announced it had signed the letter.", "announced", "signed"),
        ("Peru hoped it had signed the letter.", "hoped", "hoped"),
    ],
)
def test_a_report_of_ones_own_act_is_that_act(text, verb, act):
    assert reported_action(word(text, verb)).text == act


@phrasings(
    "reaction_verbs.txt",
    ("text", "backers"),
    [
        ("Peru welcomed the letter.", []),
        ("Peru hailed the letter.", []),
        ("Peru endorsed the letter.", ["PER"]),
    ],
)
def test_greeting_a_text_is_not_joining_it(text, backers):
    assert finding(text).backers == backers


@phrasings(
    "opposing_verbs.txt",
    ("text", "opponents"),
    [
        ("Peru rejected the letter.", ["PER"]),
        ("Peru slammed the letter.", ["PER"]),
        ("Peru read the letter.", []),
    ],
)
def test_answering_a_text_from_the_other_side_opposes_it(text, opponents):
    assert finding(text).opponents == opponents


@phrasings(
    "place_nouns.txt",
    ("text", "written", "place"),
    [
        ("Troops left four regions of Peru.", "Peru", True),
        ("Shelling hit Peruvian border towns.", "Peruvian", True),
        ("Troops left four allies of Peru.", "Peru", False),
    ],
)
def test_a_place_inside_a_country_is_not_whom_a_stance_is_about(text, written, place):
    assert names_a_place_within(word(text, written)) is place


@phrasings(
    "envoy_nouns.txt",
    ("text", "speaker"),
    [
        ("Peru's ambassador signed the letter.", "ambassador"),
        ("Peru's spokeswoman signed the letter.", "spokeswoman"),
        ("Peru's capital hosted the talks.", None),
    ],
)
def test_an_envoy_speaks_for_the_state_owning_them(text, speaker):
    found = possessor_of_person(word(text, "Peru"))
    assert (found.text if found is not None else None) == speaker


@phrasings(
    "group_heads.txt",
    ("text", "backers"),
    [
        ("Peru's allies signed the letter.", []),
        ("Peru's rivals signed the letter.", []),
        ("Peru's government signed the letter.", ["PER"]),
    ],
)
def test_a_countrys_allies_are_not_the_country(text, backers):
    assert finding(text).backers == backers


@phrasings(
    "list_markers.txt",
    ("text", "listed"),
    [
        ("States including Peru signed the letter.", True),
        ("Many states, among them Peru, signed the letter.", True),
        ("States near Peru signed the letter.", False),
    ],
)
def test_a_list_marker_makes_members_of_what_follows(text, listed):
    assert in_list(word(text, "Peru")) is listed


@phrasings(
    "leading_verbs.txt",
    ("text", "leads"),
    [
        ("Twenty states led by Peru signed the letter.", True),
        ("A text spearheaded by Peru was adopted.", True),
        ("A text introduced by Peru was adopted.", True),
        ("A text championed by Peru was adopted.", True),
        ("A text steered by Peru through the council was adopted.", True),
        ("Twenty states praised by Peru signed the letter.", False),
    ],
)
def test_the_agent_of_a_leading_verb_led_the_text(text, leads):
    assert agent_of_leading(word(text, "Peru")) is leads


@phrasings(
    "partnership_nouns.txt",
    ("text", "partner"),
    [
        ("The letter was drafted by Chile with the support of Peru.", True),
        ("The letter was drafted by Chile with the cooperation of Peru.", True),
        ("The letter was drafted by Chile with the knowledge of Peru.", False),
    ],
)
def test_support_for_a_texts_author_makes_a_partner(text, partner):
    assert partner_by_support(word(text, "Peru")) is partner


@phrasings(
    "hypothetical_auxiliaries.txt",
    ("text", "counted"),
    [
        ("Twenty-two states would support the letter.", []),
        ("Twenty-two states could sign the letter.", []),
        ("Twenty-two states will support the letter.", [22]),
    ],
)
def test_a_forecast_or_a_wish_counts_no_backers(text, counted):
    assert [count.value for count in finding(text).counts] == counted


@phrasings(
    "stance.csv",
    ("text", "targets"),
    [
        ("Peru condemned Chile.", [("CHL", "critical")]),
        ("Peru urged Chile to act.", [("CHL", "critical")]),
        ("Peru praised Chile.", [("CHL", "supportive")]),
        ("Peru visited Chile.", []),
    ],
)
def test_a_stance_word_makes_its_object_a_target(text, targets):
    assert finding(text).targets == targets


@phrasings(
    "statement_nouns.csv",
    ("text", "kinds"),
    [
        ("Peru signed the declaration.", ["declaration"]),
        ("Peru tabled a motion.", ["resolution"]),
        ("Peru filed a complaint against Chile.", ["legal case"]),
        ("Peru signed the guestbook.", []),
    ],
)
def test_a_statement_noun_names_a_collective_position_and_its_kind(text, kinds):
    assert [anchor.kind for anchor in finding(text).anchors] == kinds


@phrasings(
    "refusal_verbs.txt",
    ("text", "refused"),
    [
        ("Peru refused to sign the letter.", True),
        ("Peru declined to sign the letter.", True),
        ("Peru hurried to sign the letter.", False),
    ],
)
def test_refusing_to_sign_is_not_signing(text, refused):
    assert negated(word(text, "sign")) is refused


@phrasings(
    "vote_sides.csv",
    ("text", "side"),
    [
        ("Peru voted against the text.", "against"),
        ("Peru voted no on the text.", "against"),
        ("Peru voted in favour of the text.", "for"),
        ("Peru voted yes on the text.", "for"),
        ("Peru voted with reluctance.", None),
    ],
)
def test_the_words_after_voted_say_the_side(text, side):
    sides = [s for s in ("for", "against") if in_vote_group(word(text, "Peru"), s)]
    assert sides == ([side] if side else [])


@phrasings(
    "dissenting_verbs.txt",
    ("text", "counted"),
    [
        ("Chile and Peru, the two elected members, abstained.", []),
        ("Chile and Peru, the two elected members, vetoed the draft.", []),
        ("Chile and Peru, the two elected members, backed the draft.", [2]),
    ],
)
def test_a_count_describing_dissenters_counts_no_backers(text, counted):
    assert [count.value for count in finding(text).counts] == counted


@phrasings(
    "meeting_nouns.txt",
    ("text", "groups"),
    [
        ("After a summit of the leaders of ASEAN, a statement said talks would go on.",
         {"asean"}),
        ("After a meeting of the heads of ASEAN, a statement said talks would go on.",
         {"asean"}),
        ("After a dinner of the heads of ASEAN, a statement said talks would go on.", set()),
    ],
)  # fmt: skip
def test_a_text_out_of_a_group_s_meeting_is_the_group_s(text, groups):
    sent = first_sentence(text)
    found = analyse_sentence(sent, [], list(parsed(text)._.groups))
    assert set(found.groups) == groups


def _statements(text: str):
    article = make_article(text)
    doc = parse_article(article)
    return extract_statements(doc, article, doc._.countries)


@phrasings(
    "rule_confidence.csv",
    ("text", "iso", "rule"),
    [
        ("The letter was signed by Chile, Peru and Japan.", "PER", "agent-of-backing-verb"),
        ("Chile and Peru signed the letter.", "PER", "subject-of-backing-verb"),
        ("Twenty countries led by Chile signed a letter criticising Peru.", "CHL", "agent-reader"),
    ],
)
def test_each_rule_writes_its_own_confidence(text, iso, rule):
    (statement,) = _statements(text)
    (position,) = [p for p in statement.positions if p.iso3 == iso]
    assert position.rule == rule and position.confidence == confidence_of(rule)


PLACING_RULE = re.compile(
    r'Role\(RoleKind\.(?:BACKER|DELIVERER|VOTED_FOR|AGAINST|ABSTAINED), "([a-z-]+)"'
    r'|vote_role\(\w+, "([a-z-]+)"|_record_vote\([^)]*"([a-z-]+)"\)|\("([a-z-]+)", \w+\(m\.token'
    r'|_placing_rule\(f, iso, "([a-z-]+)"\)|confidence_of\("([a-z-]+)"\)'
)


def test_every_rule_that_places_a_country_has_a_confidence():
    code = "\n".join(path.read_text() for path in sorted(EXTRACT.glob("*.py")))
    named = {name for match in PLACING_RULE.finditer(code) for name in match.groups() if name}
    assert "listed" in named and "envoys-of-states" not in named - set(rule_confidences())
    assert named - set(rule_confidences()) == set()
    assert all(0 < value <= 1 for value in rule_confidences().values())


@phrasings(
    "stance.csv",
    ("text", "targets"),
    [
        ("The council voted for a no-fly zone over Bolivia.", [("BOL", "critical")]),
        ("The council voted for an arms embargo on Bolivia.", [("BOL", "critical")]),
        ("The council voted for a naval blockade of Bolivia.", [("BOL", "critical")]),
        ("The council voted for a buffer zone in Bolivia.", []),
    ],
)
def test_coercive_measures_on_a_state_are_a_stance_against_it(text, targets):
    assert finding(text).targets == targets
