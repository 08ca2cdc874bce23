"""Golden tests for who speaks a quote when the cue is not a plain "X said": a clause about
a noun, a document or the states behind it as subject, a verb left in its own language."""

from __future__ import annotations

import pytest

from kg.model import SpeakerRef
from tests.extract.test_quotes import official, run

LEDE = "Peru says it is “outraged” at the vote.\n\n"
SIGNED = "Forty states signed a joint statement on Peru.\n\n"


def statement_at(text: str, noun: str) -> SpeakerRef:
    """The document (or the states behind one) named by the last NOUN of TEXT."""
    return SpeakerRef("statement", str(text.rindex(noun)))


# (text, quoted words, the word its speaker is keyed to or the speaker)
RELATIVE_CLAUSES = [
    (  # a clause about the island after the fragment tells of the island, not of the words
        "Peru's President Ana Ruiz met Chile's leaders on Monday.\n\nPeru also agreed to "
        "“end all official contacts” with the island, which Chile claims as its own.",
        "end all official contacts",
        SpeakerRef("country", "PER"),
    ),
    (
        "Ten states backed the plan. Kenya pledged to “close the border” with the region, "
        "which Somalia says is its territory.",
        "close the border",
        SpeakerRef("country", "KEN"),
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), RELATIVE_CLAUSES)
def test_a_relative_clause_after_the_quote_is_no_cue(text, words, speaker):
    quotes = {q.text: q.speaker for q in run(text)}
    assert quotes[words] == speaker


# (text, quoted words, the noun naming the document or the states)
DOCUMENTS = [
    (  # a short fragment a document holds is the document's words, not a scare quote
        "Peru and Chile signed a joint declaration on Monday. The document spells out "
        "their pledge to “settle disputes peacefully” in future.",
        "settle disputes peacefully",
        "document",
    ),
    (
        "Peru and Chile signed an accord on Monday. The text sets out a plan to "
        "“end the blockade” by June.",
        "end the blockade",
        "text",
    ),
    (  # "it" after a document that is the subject earlier in its sentence
        LEDE + "The draft resolution had been watered down to avoid vetoes: instead of "
        "sanctions, it spoke of “targeted measures” against the regime should the crackdown go on.",
        "targeted measures",
        "resolution",
    ),
    (
        LEDE + "The letter was sent on Monday, and it asks Chile to “free the prisoners” at once.",
        "free the prisoners",
        "letter",
    ),
    (
        LEDE + "The statement was short, but it called the vote “a farce” all the same.",
        "a farce",
        "statement",
    ),
    (  # the states behind a statement, taken together, speak through it
        SIGNED + "The nations condemned the arrests “in the strongest terms” on Friday.",
        "in the strongest terms",
        "nations",
    ),
    (
        SIGNED + "These countries urged Peru to “release all detainees” soon.",
        "release all detainees",
        "countries",
    ),
    (
        SIGNED + "The signatories called the arrests “a grave breach” of the law.",
        "a grave breach",
        "signatories",
    ),
]


@pytest.mark.parametrize(("text", "words", "noun"), DOCUMENTS)
def test_a_document_or_its_backers_speak_through_the_statement(text, words, noun):
    quotes = {q.text: q.speaker for q in run(text)}
    assert quotes[words] == statement_at(text, noun)


def test_other_states_are_not_the_backers():
    text = SIGNED + "The other countries called the arrests “a grave breach” of the law."
    assert {q.text: q.speaker for q in run(text)} == {"a grave breach": None}


# (text, quoted words, speaker): a leader quoted in the original before the translation
FOREIGN = [
    ("“Cuente con nosotros”, respondió Ana Ruiz.", "Cuente con nosotros"),
    ("“No aceptamos presiones”, dijo Ana Ruiz.", "No aceptamos presiones"),
    ("“Nous refusons”, a déclaré Ana Ruiz.", "Nous refusons"),
    ("“Não aceitamos”, disse Ana Ruiz.", "Não aceitamos"),
]


@pytest.mark.parametrize(("text", "words"), FOREIGN)
def test_a_reporting_verb_in_another_language(text, words):
    assert {q.text: q.speaker for q in run(text)} == {words: official("Ana Ruiz")}
