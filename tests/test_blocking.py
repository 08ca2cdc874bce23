"""The quotation index finds every node the full comparison would match, and few others."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.blocking import MIN_INSIDE, QuoteIndex, probe

WORDS = ["we", "will", "not", "accept", "the", "sanctions", "imposed", "on", "our",
         "people", "a", "statement", "unjustified", "x", "internationalisation"]  # fmt: skip
TEXT = st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(" ".join)


def matches(a: str, b: str) -> bool:
    """The comparison resolve makes of two normalised quotations."""
    shorter, longer = sorted((a, b), key=len)
    return a == b or (len(shorter) >= MIN_INSIDE and shorter in longer)


def _slice(text: str, start: int, stop: int) -> str:
    return text[start:stop].strip()


@settings(max_examples=300)
@given(st.lists(TEXT, min_size=1, max_size=12), TEXT, st.data())
def test_every_matching_node_is_a_candidate(filed, new, data):
    # some new texts lie inside a filed one, from any character on
    if data.draw(st.booleans()):
        source = data.draw(st.sampled_from(filed))
        start = data.draw(st.integers(0, len(source)))
        new = _slice(source, start, data.draw(st.integers(start, len(source)))) or new
    index: QuoteIndex[int] = QuoteIndex()
    for n, words in enumerate(filed):
        index.add(n, words)
    candidates = index.candidates(new)
    assert {n for n, words in enumerate(filed) if matches(words, new)} <= set(candidates)
    assert candidates == sorted(candidates)  # oldest first, as a scan would meet them


def test_a_node_with_several_wordings_is_found_by_each():
    index: QuoteIndex[str] = QuoteIndex()
    index.add("node", "we will not accept the sanctions imposed on our people")
    index.add("node", "a statement")
    assert index.candidates("a statement") == ["node"]
    assert index.candidates("will not accept the sanctions imposed on our people") == ["node"]


def test_unrelated_quotations_are_not_candidates():
    index: QuoteIndex[int] = QuoteIndex()
    index.add(1, "we will not accept the sanctions imposed on our people by anyone")
    assert index.candidates("the weather in geneva was mild for the time of year, he said") == []


def test_a_long_text_without_a_word_start_is_checked_against_every_node():
    one_word = "internationalisation" * 3
    assert probe(one_word) is None
    index: QuoteIndex[int] = QuoteIndex()
    index.add(1, "an unrelated quotation of some length, said the envoy on monday")
    index.add(2, "x " + one_word)
    assert index.candidates(one_word) == [1, 2]
    assert index.candidates("the " + one_word) == [2]
