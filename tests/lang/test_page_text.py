"""Table tests of the lists read before parsing: page boilerplate and hyphenated words."""

from __future__ import annotations

from kg.text import boilerplate_spans
from tests.lang.phrasings import parsed, phrasings


@phrasings(
    "boilerplate.txt",
    ("line", "masked"),
    [
        ("Advertisement", True),
        ("Story continues below advertisement", True),
        ("Advertising works", False),
        ("Peru spoke at length.", False),
    ],
)
def test_a_boilerplate_line_is_masked_whole(line, masked):
    text = f"Peru spoke.\n{line}\nChile spoke."
    spans = [text[s.start : s.end] for s in boilerplate_spans(text)]
    assert spans == ([line] if masked else [])


@phrasings(
    "hyphenated_words.txt",
    ("text", "written", "lemma"),
    [
        ("Peru co-hosted the talks.", "co-hosted", "co-host"),
        ("Peru co-chaired the talks.", "co-chaired", "co-chair"),
        ("Peru co-owned the talks.", "co", "co"),
    ],
)
def test_a_hyphenated_verb_stays_one_word(text, written, lemma):
    assert [(t.text, t.lemma_) for t in parsed(text)][1] == (written, lemma)


@phrasings(
    "hyphenated_words.txt",
    ("text", "written"),
    [
        ("A no-fly zone was declared.", "no-fly"),
        ("A no-go zone was declared.", "no"),
    ],
)
def test_a_hyphenated_modifier_stays_one_word(text, written):
    assert parsed(text)[1].text == written
