"""Which statement "the statement said" is, one row per way an article lays its statements out."""

from __future__ import annotations

import pytest

from kg.extract.statement_speakers import attach_statements
from kg.model import QuoteMention, Span, SpeakerRef, StatementMention
from kg.nlp import parse, parse_article
from kg.pipeline import extract_article
from tests.conftest import make_article


def statement(local_id: str, kind: str, text: str, *sentences: str) -> StatementMention:
    """A statement spoken of in the given sentences of TEXT (the first is where it is made)."""
    spans = [Span(text.index(s), text.index(s) + len(s)) for s in sentences]
    return StatementMention(local_id, kind, spans[0], local_id, references=tuple(spans))


def said_by(text: str, noun: str, statements: list[StatementMention]) -> SpeakerRef | None:
    """The speaker of a quote whose document is the last NOUN of TEXT."""
    offset = text.rindex(noun)
    quote = QuoteMention("words", Span(0, 5), SpeakerRef("statement", str(offset)))
    (attached,) = attach_statements(parse(text), [quote], statements)
    return attached.speaker


LETTER = "Ten states signed a letter on Peru."
VOTE = "The assembly adopted a resolution on Chile."

# (text, the word naming the document, statements as (id, kind, sentences), statement meant)
CASES = [
    (  # the sentence naming the document speaks of one statement: that one
        f"{LETTER} {VOTE} The letter says the vote was “unfair.”",
        "letter",
        [("s1", "letter", [LETTER, "The letter says"]), ("s2", "resolution", [VOTE])],
        "s1",
    ),
    (  # the noun names a kind: the nearest statement of that kind, not the nearest one
        f"{LETTER} {VOTE} Later the letter said the vote was “unfair.”",
        "letter",
        [("s1", "letter", [LETTER]), ("s2", "resolution", [VOTE])],
        "s1",
    ),
    (  # a resolution is a resolution, even when a letter was spoken of since
        f"{VOTE} {LETTER} The resolution states the poll “has no validity.”",
        "resolution",
        [("s1", "resolution", [VOTE]), ("s2", "letter", [LETTER])],
        "s1",
    ),
    (  # no statement of the kind named: the nearest one before
        f"{LETTER} {VOTE} The document says the vote was “unfair.”",
        "document",
        [("s1", "letter", [LETTER]), ("s2", "resolution", [VOTE])],
        "s2",
    ),
    (  # nothing spoken of before: the first statement after it in the same paragraph
        f"The statement was “a warning,” diplomats said. {LETTER}",
        "statement",
        [("s1", "letter", [LETTER])],
        "s1",
    ),
]


@pytest.mark.parametrize(("text", "noun", "made", "meant"), CASES)
def test_document_joins_the_statement_meant(text, noun, made, meant):
    statements = [statement(i, kind, text, *sentences) for i, kind, sentences in made]
    assert said_by(text, noun, statements) == SpeakerRef("statement", meant)


def test_a_lede_naming_the_document_joins_the_statement_detailed_later():
    text = (
        "Peru declined to sign a declaration that calls the vote “unfair.”\n\n"
        "Ten states adopted the text on Friday."
    )
    made = [statement("s1", "declaration", text, "Ten states adopted the text on Friday.")]
    assert said_by(text, "declaration", made) == SpeakerRef("statement", "s1")


def test_a_plain_statement_in_the_lede_does_not_reach_past_its_paragraph():
    text = "“We cut ties,” a ministry statement said.\n\nTen states signed a joint statement."
    made = [statement("s1", "joint statement", text, "Ten states signed a joint statement.")]
    assert said_by(text, "statement said", made) is None


def test_no_statement_after_in_another_paragraph_leaves_no_speaker():
    text = f"The statement was “a warning,” diplomats said.\n\n{LETTER}"
    made = [statement("s1", "letter", text, LETTER)]
    assert said_by(text, "statement", made) is None


def test_other_speakers_are_left_as_they_are():
    quote = QuoteMention("words", Span(0, 5), SpeakerRef("country", "PER"))
    assert attach_statements(parse(LETTER), [quote], []) == [quote]


def test_extraction_names_the_statement_by_its_id():
    text = (
        "Britain, France and Germany on Tuesday issued a joint statement criticising China. "
        "“We are deeply concerned by the situation,” the statement said."
    )
    article = make_article(text)
    extraction = extract_article(article, parse_article(article))
    (made,) = extraction.statements
    (quote,) = extraction.quotes
    assert quote.speaker == SpeakerRef("statement", made.local_id)


# (text, the noun the quote is keyed to, statements as (id, kind, sentences), statement meant)
BACKERS = [
    (  # "the nations" after the statement they signed: that statement
        f"{LETTER} The nations called the vote “unfair.”",
        "nations",
        [("s1", "letter", [LETTER])],
        "s1",
    ),
    (  # the nearest statement before, not an earlier one
        f"{VOTE} {LETTER} These countries called the vote “unfair.”",
        "countries",
        [("s1", "resolution", [VOTE]), ("s2", "letter", [LETTER])],
        "s2",
    ),
]


@pytest.mark.parametrize(("text", "noun", "made", "meant"), BACKERS)
def test_the_states_behind_a_statement_join_it(text, noun, made, meant):
    statements = [statement(i, kind, text, *sentences) for i, kind, sentences in made]
    assert said_by(text, noun, statements) == SpeakerRef("statement", meant)


def test_the_states_with_no_statement_spoken_of_name_none():
    text = "The nations called the vote “unfair.”"
    assert said_by(text, "nations", []) is None


@pytest.mark.parametrize(
    "said",
    [
        "the nations said in a joint statement issued Wednesday",
        "Chile and the other nations said in Wednesday's statement",
        "Chile and the other countries said",
    ],
)
def test_the_backers_speaking_together_are_their_statement(said):
    text = (
        f"Chile and 20 other nations are pressing Belarus to free the detainees.\n\n"
        f"“Detainees deserve to live in safety,” {said}."
    )
    article = make_article(text, "2021-08-19")
    extraction = extract_article(article, parse_article(article))
    (made,) = extraction.statements
    (quote,) = extraction.quotes
    assert quote.speaker == SpeakerRef("statement", made.local_id)


def test_a_joint_statement_issued_on_a_day_is_dated_by_that_clause():
    text = (
        "Twenty countries are pressing Belarus to free the detainees.\n\n"
        "“We are deeply worried,” the nations said in a joint statement issued Wednesday."
    )
    article = make_article(text, "2021-08-19")
    (made,) = extract_article(article, parse_article(article)).statements
    assert made.date is not None and str(made.date.start) == "2021-08-18"
