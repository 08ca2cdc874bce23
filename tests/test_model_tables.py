"""The tables set exactly what the model's own attribute ruler and lemmatizer set."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from kg.model_tables import AttributeTable, use_tables
from kg.nlp import MODEL, get_nlp

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = [TAG, DEP, POS, MORPH, LEMMA, HEAD]

# One or more sentences for each kind of rule in the model's ruler: a tag alone, a tag
# with a word or a word list, a word with a dependency, two-token rules with the set
# token first or second, regular expressions, negated lists and whitespace tokens.
WRITTEN = [
    "The envoy said that the statement was not binding, because it was rushed.",
    "They ain't gonna sign it, and y'all know we gotta wait; c'mon, let's see.",
    "There is a draft and there are two votes; there's no consensus yet.",
    "I told you it was over. You gave it to me, and they gave it to you and I.",
    "She did it. They have done what they had to do, and he does n't regret it.",
    "Which countries backed this? That is what those who signed it wanted.",
    "He's been nothin' but kind, somethin' the ol' diplomats doin' their jobs lack.",
    "Is it done?  \n\n  The minister, who'd gone, gets what he got.\t Enough'nuff.",
    "Won't they? I'm sure we're right, and you've said it's true, haven't you?",
    "We're goin' to tell 'em we'll sign; 'nuff said. They'll ask i, and he told i so.",
    "The leaves fall as she leaves; they saw the saw, and the meeting was meeting again.",
    "",
    "   ",
]


@pytest.fixture(scope="module")
def models():
    stock = spacy.load(MODEL)
    table = spacy.load(MODEL)
    use_tables(table)
    return stock, table


def _same_annotations(models, texts: list[str]) -> None:
    stock, table = models
    for text, expected, got in zip(texts, stock.pipe(texts), table.pipe(texts), strict=True):
        assert (expected.to_array(COLUMNS) == got.to_array(COLUMNS)).all(), text[:80]
        assert [t.lemma_ for t in expected] == [t.lemma_ for t in got], text[:80]
        assert [str(t.morph) for t in expected] == [str(t.morph) for t in got], text[:80]


def test_the_tables_replace_the_rule_components_in_place(models):
    stock, table = models
    tables = {"attribute_ruler": "attribute_table", "lemmatizer": "lemma_table"}
    assert table.pipe_names == [tables.get(name, name) for name in stock.pipe_names]


@pytest.mark.parametrize("text", WRITTEN)
def test_written_sentences_get_the_rulers_annotations(models, text):
    _same_annotations(models, [text])


def test_shipped_articles_get_the_rulers_annotations(models):
    texts = [
        path.read_text(encoding="utf-8")
        for folder in (ROOT / "data", ROOT / "tests" / "data" / "dev")
        for path in sorted(folder.glob("*.txt"))
    ]
    assert len(texts) >= 5
    _same_annotations(models, texts)


def test_a_pattern_the_table_cannot_read_is_refused(models):
    stock, _ = models
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"ORTH": "Geneva"}]], {"LEMMA": "geneva"})
    with pytest.raises(ValueError, match="ORTH"):
        AttributeTable(ruler)


def test_the_projects_pipeline_keeps_its_order():
    names = get_nlp().pipe_names
    assert names.index("attribute_table") < names.index("lemma_table")
    assert names.index("lemma_table") + 1 == names.index("hyphenated_lemmas")
    assert "attribute_ruler" not in names and "lemmatizer" not in names


def test_a_rule_setting_a_token_outside_its_pattern_is_refused():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "un"}, {"LOWER": "envoy"}]], {"LEMMA": "envoy"}, index=-3)
    with pytest.raises(ValueError, match="index -3"):
        AttributeTable(ruler)


def test_answers_are_the_same_when_the_tables_forget(models, monkeypatch):
    """The tables keep a bounded number of answers: forgetting them changes nothing."""
    import kg.model_tables

    monkeypatch.setattr(kg.model_tables, "KEPT", 3)
    stock, _ = models
    forgetful = spacy.load(MODEL)
    use_tables(forgetful)
    texts = WRITTEN[:4]
    for text, expected, got in zip(texts, stock.pipe(texts), forgetful.pipe(texts), strict=True):
        assert (expected.to_array(COLUMNS) == got.to_array(COLUMNS)).all(), text
    assert len(forgetful.get_pipe("lemma_table")._lemmas) <= 3


def test_a_pipeline_without_a_ruler_is_left_as_it_is():
    nlp = spacy.blank("en")
    use_tables(nlp)
    assert nlp.pipe_names == []
