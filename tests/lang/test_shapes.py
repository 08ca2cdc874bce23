"""Table tests of the list, tally and counter shapes and of the number words they read."""

from __future__ import annotations

from kg.extract.clauses import find_venue
from kg.extract.numbers import VoteTally, declared_counts, parse_number, vote_tally
from tests.lang.phrasings import finding, phrasings


@phrasings(
    "cardinal_numbers.csv",
    ("written", "value"),
    [
        ("seventeen", 17),
        ("forty-two", 42),
        ("one hundred and five", 105),
        ("zillion", None),
    ],
)
def test_numbers_in_words_are_read(written, value):
    assert parse_number(written) == value


@phrasings(
    "tally_shapes.tsv",
    ("text", "tally"),
    [
        ("The text passed by 120 votes to 5, with 10 abstentions.", VoteTally(120, 5, 10)),
        ("The text passed by 120 votes to none.", VoteTally(120, 0, None)),
        (
            "The text passed with 120 in favour, 5 against and 10 abstentions.",
            VoteTally(120, 5, 10),
        ),
        ("The text had 10 in favour, 5 abstentions.", VoteTally(10, None, 5)),
        ("The text was adopted 120-5-10.", VoteTally(120, 5, 10)),
        ("The text was adopted 120-5, with seven countries abstaining.", VoteTally(120, 5, 7)),
        ("The text drew 120 cheers.", None),
    ],
)
def test_a_tally_shape_reads_the_votes(text, tally):
    assert vote_tally(text) == tally


@phrasings(
    "tally_shapes.tsv",
    ("text", "counts"),
    [
        ("More than thirty countries signed.", [(31, True, False)]),
        ("At least thirty countries signed.", [(30, True, False)]),
        ("Some forty-two states signed.", [(42, False, False)]),
        ("Twenty-two other countries signed.", [(22, False, True)]),
        ("Twenty-two countries abstained.", []),
        ("Forty-two people signed.", []),
    ],
)
def test_a_count_shape_reads_how_many_states_and_its_bound(text, counts):
    assert [(c.value, c.minimum, c.other) for c in declared_counts(text)] == counts


@phrasings(
    "list_shapes.tsv",
    ("text", "continuation"),
    [
        ("They included Chile and Peru.", True),
        ("Among them were Chile and Peru.", True),
        ("Chile and Peru were there.", False),
    ],
)
def test_a_sentence_may_go_on_with_the_members_of_the_last(text, continuation):
    assert finding(text).continuation is continuation


@phrasings(
    "list_shapes.tsv",
    ("text", "backers"),
    [
        ("The letter had many backers, among them Chile, Peru and Ecuador.", ["CHL", "PER", "ECU"]),
        ("The letter had many backers, notably Chile and Peru.", ["CHL", "PER"]),
    ],
)
def test_countries_strung_after_a_list_marker_back_the_text(text, backers):
    assert sorted(finding(text).backers) == sorted(backers)


@phrasings(
    "list_shapes.tsv",
    ("text", "venue"),
    [
        ("Peru, a member of the Security Council, spoke in Lima.", None),
        ("Peru spoke at the Security Council.", ("UN Security Council", 5)),
    ],
)
def test_a_seat_on_a_body_is_not_a_venue(text, venue):
    assert find_venue(text) == venue


@phrasings(
    "list_shapes.tsv",
    ("text", "counted"),
    [
        ("Peru, one of the five permanent members, signed.", []),
        ("Five permanent members signed the letter.", [5]),
    ],
)
def test_one_of_n_is_a_seat_not_n_backers(text, counted):
    assert [count.value for count in finding(text).counts] == counted


@phrasings(
    "counter_shapes.tsv",
    ("text", "counters"),
    [
        ("Peru countered with a rival letter.", True),
        ("Chile answered in kind.", True),
        ("Peru signed a letter.", False),
    ],
)
def test_counter_words_mark_an_answer_from_the_other_side(text, counters):
    assert finding(text).counters is counters
