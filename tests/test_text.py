"""Tests for kg.text: boilerplate masks, clean(), quote normalisation, paragraph spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Article, Span
from kg.text import (
    BOILERPLATE_FILE,
    blank,
    boilerplate_spans,
    clean,
    load_patterns,
    normalise_quotes,
    paragraph_spans,
)

BEFORE = "Ministers met in Geneva on Monday to discuss the draft resolution."
AFTER = "The vote is expected later this week, diplomats said."

# One row per kind of boilerplate news sites put between paragraphs.
MASKED_LINES = [
    "Click to play video: 'Leaders meet in Brussels' Leaders meet in Brussels",
    "WATCH: Leaders meet in Brussels",
    "READ MORE: Talks collapse in Doha as ceasefire stalls",
    "Related: Ministers to meet again in June",
    "Story continues below advertisement",
    "Article continues below",
    "Advertisement",
    "Sponsored content",
    "Skip to main content",
    "  • Dow 30",
    "  • Crude Oil",
    "    -12.40 (-0.33%)",
    "+1,204.5 (+2.10%)",
    "U.S. markets closed",
    "·6 min read",
    "3 min read",
    "The Example Post relies on direct reader support. Please give what you can.",
    "Become a supporter",
    "Donate today",
    "Donate now!",
    "You've Raised: $ 1,200",
    "We need: € 4,000",
    "9 days left",
    "Fighting fund",
    "fundraising appeal banner",
    "OWNED BY OUR READERS",
    "We're a reader-owned co-operative and depend on you to keep going.",
    "Do you have questions about world affairs? Get the answers with Example Explained.",
    "Sign up for our daily newsletter to get the news in your inbox.",
    "Download the Example News app for breaking alerts.",
    "This article originally appeared in The Example Times.",
    "This story was first published by Example Wire.",
    "Copyright (c) 2021 Example Media Ltd.",
    "Copyright © 2020. Example Holdings. All rights reserved.",
    "© 2023 Example Holdings",
    "All rights reserved.",
    "Example Media Ltd. All Rights Reserved",
    "Photo: Jane Roe/Example Wire",
    "Spokesperson Li Ming. File photo: Example TV, via screenshot.",
    "AP file photo",
    "(AP Photo/Jane Roe)",
    "Image source, Getty Images",
    "AFP is a global news agency delivering fast coverage of the events shaping our world.",
    "Reuters is the world's largest multimedia news agency, reaching billions of people.",
    "(Reporting by Jane Roe; Editing by John Doe)",
    "Associated Press writer Jane Roe contributed to this report.",
    "Follow us on Twitter for more world news.",
    "Reporting by Jane Roe in Geneva; Editing by John Doe",
    "Additional reporting by Jane Roe in Geneva",
    "Editing by John Doe and Jane Roe",
    "Example Wire's Jane Roe contributed to this report.",
    "Source: Example Network and news agencies",
    "Sign up to Morning Brief, our free daily newsletter",
    "Published: Tue 29 Oct 2019 10.00 GMT",
    "3 hours ago",
    "Share on Facebook",
    "Listen to this article 4 min",
    "Topics: Diplomacy, United Nations",
    "Envoys arrive for the vote in New York, Oct. 29, 2019. REUTERS/Jane Roe",
    "We use cookies to improve your experience on our site.",
]

# Real article sentences that share words with boilerplate and must stay.
KEPT_LINES = [
    "The photo, released by state media, showed the two leaders shaking hands.",
    "Photographers were barred from the meeting, the ministry said.",
    "“Our copyright law protects creators,” the trade minister said.",
    "Britain said all rights reserved to member states under the treaty must be respected.",
    "The delegation said it would watch the vote closely.",
    "Read more widely, the letter is a rebuke to Beijing, one diplomat said.",
    "Reuters reported that 22 countries signed the letter.",
    "The agency, which relies on donations from member states, said funding was short.",
    "Markets closed higher after the talks, traders said.",
    "The S&P 500 rose 1.2% on Tuesday after the agreement was announced.",
    "Xinhua is the official news agency of China.",
    "Support for the resolution grew, with 50 states signing.",
    "• Canada, France and Germany signed the letter on Monday.",
    "China’s envoy said: “We donate today to those in need.”",
    "Talks resume in Geneva – Nov 3, 2019",
    "Geng Shuang",
    "Copyright disputes were also on the agenda, the minister said.",
    "The envoy, who contributed to the report, said it was fair.",
    "Several countries, including Cuba, voted against (12-3) the amendment.",
    "Published in 2019, the report said the camps were prisons.",
    "Published on the ministry website, the statement condemned the move.",
    "Sources said the vote would be close.",
    "Reporting by the BBC found that the camps held thousands of people.",
    "Editing by officials changed the text of the resolution, diplomats said.",
    "Share prices fell after the sanctions were announced.",
]


def _around(line: str) -> tuple[str, Span]:
    text = f"{BEFORE}\n\n{line}\n\n{AFTER}"
    start = len(BEFORE) + 2
    return text, Span(start, start + len(line))


@pytest.mark.parametrize("line", MASKED_LINES)
def test_boilerplate_line_is_masked(line: str) -> None:
    text, span = _around(line)
    assert boilerplate_spans(text) == (span,)


@pytest.mark.parametrize("line", KEPT_LINES)
def test_article_sentence_is_not_masked(line: str) -> None:
    text, _ = _around(line)
    assert boilerplate_spans(text) == ()


@pytest.mark.parametrize(
    ("lines", "masked"),
    [
        # A video player's caption and the dated title under it.
        (
            [
                "Click to play video: 'Talks resume' Talks resume",
                "Talks resume in Geneva – Nov 3, 2019",
            ],
            [0, 1],
        ),
        # Image alt text directly above a credit line is part of the image.
        (["Geng Shuang", "Spokesperson Geng Shuang. File photo: Example TV."], [0, 1]),
        (["geneva united nations", "Photo: Example Wire."], [0, 1]),
        # ... but not when a blank line separates them.
        (["Geng Shuang", "", "Photo: Example Wire."], [2]),
        # A fundraiser's progress block, line by line.
        (
            ["You've Raised: £ 5,000", "We need: £ 1,000", "12 Days remaining", "Donate today"],
            [0, 1, 2, 3],
        ),
    ],
)
def test_context_rules(lines: list[str], masked: list[int]) -> None:
    text = "\n".join(lines)
    starts = [sum(len(line) + 1 for line in lines[:i]) for i in range(len(lines))]
    expected = tuple(Span(starts[i], starts[i] + len(lines[i])) for i in masked)
    assert boilerplate_spans(text) == expected


def test_spans_cover_whole_lines_without_newline_or_carriage_return() -> None:
    text = "Intro line.\r\n  READ MORE: Another story  \r\nLast line."
    (span,) = boilerplate_spans(text)
    assert text[span.start : span.end] == "  READ MORE: Another story  "
    assert text[span.end : span.end + 2] == "\r\n"


def test_boilerplate_at_end_without_final_newline() -> None:
    text = f"{AFTER}\n\nSponsored content"
    assert boilerplate_spans(text) == (Span(len(AFTER) + 2, len(text)),)


def test_clean_keeps_length_newlines_and_body() -> None:
    text = f"{BEFORE}\n\nREAD MORE: Talks collapse\r\n\n{AFTER}"
    cleaned = clean(text)
    assert len(cleaned) == len(text)
    assert [i for i, c in enumerate(cleaned) if c in "\r\n"] == [
        i for i, c in enumerate(text) if c in "\r\n"
    ]
    assert "READ MORE" not in cleaned
    assert cleaned.startswith(BEFORE) and cleaned.endswith(AFTER)
    assert cleaned[len(BEFORE) + 2 : len(BEFORE) + 2 + 26] == " " * 25 + "\r"


def test_clean_without_boilerplate_is_identity() -> None:
    assert clean(BEFORE) == BEFORE


def test_blank_replaces_only_inside_spans() -> None:
    assert blank("ab\ncd\nef", [Span(1, 4)]) == "a \n d\nef"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("China’s envoy", "China's envoy"),
        ("“helpful”", '"helpful"'),
        ("‘close to finalizing’", "'close to finalizing'"),
        ("„Ja“ und «oui»", '"Ja" und "oui"'),
        ("plain 'text' stays", "plain 'text' stays"),
    ],
)
def test_normalise_quotes(text: str, expected: str) -> None:
    assert normalise_quotes(text) == expected
    assert len(normalise_quotes(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        (
            "One.\n\nTwo, still two.\nTwo.\n\n\n  Three.  ",
            ["One.", "Two, still two.\nTwo.", "Three."],
        ),
        ("One.\nTwo.\nThree.", ["One.", "Two.", "Three."]),
        ("Only one", ["Only one"]),
        ("\n\n  \n", []),
        ("One.\r\n\r\nTwo.", ["One.", "Two."]),
    ],
)
def test_paragraph_spans(text: str, paragraphs: list[str]) -> None:
    assert [text[s.start : s.end] for s in paragraph_spans(text)] == paragraphs


def test_load_patterns_prefixes(tmp_path) -> None:
    lexicon = tmp_path / "lexicon.txt"
    lexicon.write_text("# a teaser\nteaser\n# its follow-up\n+ more\n# its heading\n< head\n")
    patterns = load_patterns(lexicon)
    assert [(p.regex.pattern, p.context) for p in patterns] == [
        ("teaser", ""),
        ("more", "after"),
        ("head", "before"),
    ]
    assert boilerplate_spans("more\nhead\nTeaser\nmore\nhead", patterns) == (
        Span(5, 9),
        Span(10, 16),
        Span(17, 21),
    )


def test_shipped_lexicon_has_a_comment_above_every_pattern_group() -> None:
    lines = BOILERPLATE_FILE.read_text(encoding="utf-8").splitlines()
    uncommented = [
        line
        for previous, line in zip([""] + lines[:-1], lines, strict=True)
        if line.strip() and not line.startswith("#") and not previous.strip()
    ]
    assert uncommented == []
    assert len(load_patterns()) >= 30


_LINES = st.one_of(
    st.sampled_from(MASKED_LINES + KEPT_LINES + ["", "  ", "\r"]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(_LINES, max_size=12).map("\n".join)))
def test_spans_are_sorted_disjoint_whole_lines_and_clean_keeps_shape(text: str) -> None:
    spans = boilerplate_spans(text)
    assert list(spans) == sorted(spans)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start == 0 or text[span.start - 1] == "\n"
        assert span.end == len(text) or text[span.end] in "\r\n"
        assert "\n" not in text[span.start : span.end]
    for left, right in zip(spans, spans[1:], strict=False):
        assert left.end < right.start
    cleaned = clean(text)
    assert len(cleaned) == len(text)
    assert all((a == b) or (b == " ") for a, b in zip(text, cleaned, strict=True))
    assert [i for i, c in enumerate(cleaned) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    assert boilerplate_spans(text) == spans  # deterministic
    assert Article("x", text, "x", masked=spans).clean_text() == cleaned
