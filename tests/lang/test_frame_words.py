"""Table tests of the small word sets of the frames (kg/lang/en/frame_words.csv) and of the
shapes of votes told in words (kg/lang/en/vote_shapes.tsv)."""

from __future__ import annotations

import pytest

from kg.extract.coalitions import extract_statements
from kg.extract.frames import vote_label
from kg.extract.syntax import frame_words
from kg.model import KgError
from kg.nlp import parse_article
from tests.conftest import make_article
from tests.lang.phrasings import finding, phrasings


def statements(text: str, published: str = "2019-10-30"):
    article = make_article(text, published)
    doc = parse_article(article)
    return extract_statements(doc, article, doc._.countries)


def backers(text: str) -> set[str]:
    return {p.iso3 for s in statements(text) for p in s.positions if p.kind == "backed"}


@phrasings(
    "frame_words.csv",
    ("text", "expected"),
    [
        ("Besides Chile, Peru and Japan signed the letter.", {"CHL", "PER", "JPN"}),
        ("Apart from Chile, Peru and Japan signed the letter.", {"CHL", "PER", "JPN"}),
        ("Backing for the statement came from Chile and Peru.", {"CHL", "PER"}),
        ("Support for the statement came from Chile and Peru.", {"CHL", "PER"}),
        ("Ambassadors of Chile and Peru signed the letter.", {"CHL", "PER"}),
        ("Diplomats of Chile and Peru signed the letter.", {"CHL", "PER"}),
    ],
)
def test_beside_backing_and_signer_words_bring_backers(text, expected):
    assert backers(text) == expected


@phrasings(
    "frame_words.csv",
    ("text", "date"),
    [
        ("Chile, Peru and Japan signed a letter.\n\nThe letter was published on Sunday.",
         "2019-10-27"),
        ("Chile, Peru and Japan signed a letter.\n\nThe letter was unveiled on Sunday.",
         "2019-10-27"),
        ("Chile, Peru and Japan signed a letter.\n\nThe letter was admired on Sunday.", None),
        ("Chile, Peru and Japan signed a letter urging Bolivia to vote next Thursday.", None),
    ],
)  # fmt: skip
def test_release_and_asking_words_decide_what_a_date_dates(text, date):
    (statement,) = statements(text)
    assert (str(statement.date.start) if statement.date else None) == date


MEETING = (
    "\n\nAfter an emergency meeting of the heads of the Southern African Development "
    "Community, a statement said: “We act.”"
)


@phrasings(
    "frame_words.csv",
    ("text", "delivered_by"),
    [
        ("Southern leaders, with Zambia at their head, threatened sanctions against Lesotho.",
         "ZMB"),
        ("Southern leaders, with Zambia at their side, threatened sanctions against Lesotho.",
         None),
    ],
)  # fmt: skip
def test_head_words_make_a_leader(text, delivered_by):
    (statement,) = statements(text + MEETING, "2023-07-30")
    assert statement.delivered_by == delivered_by


@phrasings(
    "frame_words.csv",
    ("text", "speaks"),
    [
        ("The Chilean foreign ministry said on Sunday that talks would resume.", True),
        ("The Chilean foreign office said on Sunday that talks would resume.", False),
    ],
)
def test_state_body_words_make_a_government_speak(text, speaks):
    assert bool([s for s in statements(text) if s.kind == "statement"]) == speaks


def test_an_unknown_cue_is_an_error_naming_the_file():
    with pytest.raises(KgError, match="frame_words.csv"):
        frame_words("no such cue")


@phrasings(
    "vote_shapes.tsv",
    ("text", "label"),
    [
        ("In favour (22): Chile, Peru", "for"),
        ("Against: Chile, Peru", "against"),
        ("Abstentions – Chile, Peru", "abstained"),
        ("Voting no: Chile, Peru", "against"),
        ("Chile and Peru: in favour", None),
    ],
)
def test_a_labelled_list_says_its_side(text, label):
    assert vote_label(text) == label


@phrasings(
    "vote_shapes.tsv",
    ("text", "against", "abstained"),
    [
        ("The resolution was adopted. Abstaining were Chile and Peru.", [], ["CHL", "PER"]),
        ("The resolution was adopted. Voting against were Chile and Peru.", ["CHL", "PER"], []),
    ],
)
def test_a_phrase_announcing_one_side_places_the_countries(text, against, abstained):
    second = text.split(". ", 1)[1]
    found = finding(second)
    assert (sorted(found.against), sorted(found.abstained)) == (against, abstained)


@phrasings(
    "frame_words.csv",
    ("text", "stance"),
    [
        ("The Peruvian Foreign Ministry declared on Saturday that Bolivia is the sole "
         "legitimate government of the region.", ("supportive", "BOL")),
        ("The Peruvian Foreign Ministry declared on Saturday that Bolivia is the sole "
         "rightful government of the region.", ("supportive", "BOL")),
        ("The Peruvian Foreign Ministry declared on Saturday that Bolivia is the sole "
         "large government of the region.", (None, None)),
    ],
)  # fmt: skip
def test_words_of_legitimacy_are_recognition(text, stance):
    (statement,) = statements(text)
    assert (statement.stance, statement.target) == stance


@phrasings(
    "frame_words.csv",
    ("text", "attendees"),
    [
        ("The summit was attended by Presidents Ana Ruiz of Zambia and Li Wei of Malawi.",
         ["ZMB", "MWI"]),
        ("At the meeting, the presidents of Zambia and Malawi were represented.",
         ["ZMB", "MWI"]),
        ("The summit was praised by Presidents Ana Ruiz of Zambia and Li Wei of Malawi.", []),
        ("The museum was attended by the presidents of Zambia and Malawi.", []),
    ],
)  # fmt: skip
def test_attending_words_name_the_states_at_a_meeting(text, attendees):
    assert finding(text).attendees == attendees


def opposers(text: str) -> set[str]:
    return {p.iso3 for s in statements(text) for p in s.positions if p.kind == "opposed"}


CASE = "Chile filed a case against Bolivia at the world court on Monday. "


@phrasings(
    "frame_words.csv",
    ("text", "expected"),
    [
        # the claims named with their owner, or referred back to
        (CASE + "Peru rejected Chile's allegations.", {"PER"}),
        (CASE + "Peru dismissed Chile's accusations as politically driven.", {"PER"}),
        (CASE + "Peru has rejected the claims.", {"PER"}),
        (CASE + "Few states back Chile's allegations. Peru dismissed them.", {"PER"}),
        (CASE + "Peru called the charges baseless.", {"PER"}),
        (CASE + "Peru called them unfounded.", {"PER"}),
        (CASE + "Peru described the allegations as false.", {"PER"}),
        (CASE + "Peru branded the accusations absurd.", {"PER"}),
        (CASE + "Peru said the accusations were groundless.", {"PER"}),
        (CASE + 'Peru said it "firmly rejects" the allegations.', {"PER"}),
        (CASE + "Others, Peru among them, rejected Chile's allegations.", {"PER"}),
        # not an answer from the other side
        (CASE + "Peru called the charges serious.", set()),
        (CASE + "Peru did not reject the allegations.", set()),
        (CASE + "Peru said Japan rejected the claims.", {"JPN"}),
        (CASE + "Peru welcomed the allegations.", set()),
        ("Peru rejected the allegations of corruption at home.", set()),
    ],
)
def test_answering_the_claims_of_a_text_opposes_it(text, expected):
    assert opposers(text) == expected


@phrasings(
    "frame_words.csv",
    ("text", "stance"),
    [
        (CASE + "Peru rejected Chile's allegations.", "supportive"),
        (CASE + "Chile's allegations were backed by Peru.", None),
    ],
)
def test_who_opposes_a_critical_text_stands_with_its_target(text, stance):
    from kg.blocs import analyse
    from kg.pipeline import build_graph, extract_article
    from kg.store import union_graph

    article = make_article(text)
    graph = union_graph(build_graph([extract_article(article, parse_article(article))]))
    found = analyse(graph, min_shared=1).countries.get("PER")
    assert (found.stance.get("BOL") if found else None) == stance
