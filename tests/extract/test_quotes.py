"""Golden tests for quotations: spans, partial flags and speakers, one row per phrasing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.marks import find_raw_quotes
from kg.extract.officials import extract_officials, speakers_from_quotes
from kg.extract.quotes import extract_quotes
from kg.model import Article, SpeakerRef
from kg.nlp import parse, parse_article


def run(text: str, title: str | None = None):
    article = Article(id="t", text=text, source="t.txt", title=title)
    doc = parse_article(article)
    officials, orgs = extract_officials(doc, article)
    return extract_quotes(doc, article, officials, orgs)


def official(key: str) -> SpeakerRef:
    return SpeakerRef("official", key)


# (text, quoted words, partial, speaker of that quote)
CASES = [
    (
        "“We will not accept this,” Fiji’s UN Ambassador Satyendra Prasad told reporters.",
        "We will not accept this,",
        False,
        official("Satyendra Prasad"),
    ),
    (
        "Norway’s UN Ambassador Mona Juul spoke on Monday.\n\n"
        "“The council must act now,” Juul said.",
        "The council must act now,",
        False,
        official("Mona Juul"),
    ),
    (
        'Canadian Foreign Minister Melanie Joly said: "Our position has not changed."',
        "Our position has not changed.",
        False,
        official("Melanie Joly"),
    ),
    (
        "Kenyan President William Ruto spoke in Nairobi.\n\n“Trade is our priority,” he said.",
        "Trade is our priority,",
        False,
        official("William Ruto"),
    ),
    (
        "Irish Prime Minister Leo Varadkar said there was “real progress” in the talks.",
        "real progress",
        True,
        official("Leo Varadkar"),
    ),
    (
        "Ghana’s UN envoy Harold Agyeman said: “Peace needs patience.”\n\n"
        "“Peace needs patience too,” Agyeman said. “We urge calm.”",
        "We urge calm.",
        False,
        official("Harold Agyeman"),
    ),
    (
        "Chile’s foreign ministry said: “The visit was productive.”",
        "The visit was productive.",
        False,
        SpeakerRef("organization", "chl-foreign-ministry"),
    ),
    (
        "Nepal said its new road “opened the valley to trade” last year.",
        "opened the valley to trade",
        True,
        SpeakerRef("country", "NPL"),
    ),
    (
        "According to Peruvian Foreign Minister Javier Gonzalez, the talks “went well.”",
        "went well.",
        True,
        official("Javier Gonzalez"),
    ),
]


CASES += [
    (
        "“We need a fair deal for farmers.” \u2015 Ana Ruiz\n",
        "We need a fair deal for farmers.",
        False,
        official("Ana Ruiz"),
    ),
    (
        '"RUIZ: We will vote against the text."',
        "RUIZ: We will vote against the text.",
        False,
        official("Ruiz"),
    ),
    (
        "Senator Ana Ruiz spoke next.\n\nRuiz continued:\n\n“The vote is a mistake.”",
        "The vote is a mistake.",
        False,
        official("Ana Ruiz"),
    ),
    (
        "The talks will go on, Senator Ana Ruiz said. “We have time.”",
        "We have time.",
        False,
        official("Ana Ruiz"),
    ),
    (
        "Fiji’s UN Ambassador Satyendra Prasad arrived. Mr Prasad said the plan was “bold.”",
        "bold.",
        True,
        official("Satyendra Prasad"),
    ),
]


# one row per attribution rule added for the polnear and seed checks
CASES += [
    (  # a closing "he said" covers every fragment of its sentence
        "Ambassador Tomas Berg spoke.\n\nSweden thinks the plan “goes too far,” and cannot "
        "“accept it as written,” he said.",
        "goes too far,",
        True,
        official("Tomas Berg"),
    ),
    (  # "it" is the body named as subject earlier in the same sentence
        "The United States met on Monday. Peru built camps that it describes as “schools.”",
        "schools.",
        True,
        SpeakerRef("country", "PER"),
    ),
    (  # object control: "prompting X to warn" makes X the speaker
        "Spain and 22 other countries pushed Peru on Tuesday, prompting Peru’s UN envoy to "
        "warn it was not “helpful” for talks.\n\nPeru’s UN Ambassador Ana Ruiz spoke later.",
        "helpful",
        True,
        official("Ana Ruiz"),
    ),
    (  # a description of the person in focus, whose country does not clash
        "Ghana’s President Kofi Mensah met UN rights chief Ms Ana Ruiz.\n\n"
        "Ms Ruiz toured the camps.\n\n"
        "Later, the 60-year-old former Peruvian president said she could not “see everything.”",
        "see everything.",
        True,
        official("Ana Ruiz"),
    ),
    (  # a reporting participle right after a name
        "A new ad uses footage of Ana Ruiz asking, “Why aren’t I 50 points ahead?”",
        "Why aren’t I 50 points ahead?",
        False,
        official("Ana Ruiz"),
    ),
    (  # a cue in an adverbial clause after the quote reports another act
        "The spot ends with footage of Tom Berg saying during the debate last week, "
        "“That makes me smart,” when Ruiz blasted him for not paying tax.",
        "That makes me smart,",
        False,
        official("Tom Berg"),
    ),
    (  # the subject's appositive names the speaker
        "In the 1990s, he built a large firm. His former business partner at Lenox, "
        'Peter J. Olsen, called him a master at bolting deals together. "He showed again '
        'and again an ability to make deals."',
        "He showed again and again an ability to make deals.",
        False,
        official("Peter J. Olsen"),
    ),
]


CASES += [
    (  # a vox-pop paragraph signed at its end, a nested quote inside
        "“As a young woman....I’d rather live in what he calls “hell” than live here.” "
        "\u2015 Rosa Alvarez\n",
        "As a young woman....I’d rather live in what he calls “hell",
        False,
        official("Rosa Alvarez"),
    ),
    (  # a straight opening mark closed by a curly one: the cue follows the curly mark
        'Doctors were eager to talk. "Oz has a huge pulpit, with a whole empire behind '
        "him,” said Paul Gorski, a professor of surgery.",
        "Oz has a huge pulpit, with a whole empire behind him,” said Paul Gorski, "
        "a professor of surgery.",
        False,
        official("Paul Gorski"),
    ),
    (  # a short fragment held by a subject with a name in apposition is kept
        'Another critic, Laurence H. Tribe, likened the rules to "burning the Constitution" '
        "in a brief.",
        "burning the Constitution",
        True,
        official("Laurence H. Tribe"),
    ),
    (  # a fragment inside someone's claim is theirs
        "A fact-checker looked at Donald Trump’s claim that there have been “thousands of "
        "shootings” in Chicago.",
        "thousands of shootings",
        True,
        official("Donald Trump"),
    ),
    (  # a document owned by a named body speaks for the body
        '"Growth will slow," the IMF report said.',
        "Growth will slow,",
        False,
        SpeakerRef("organization", "IMF"),
    ),
    (  # "exhorted X to “...”": the exhorter, not X (object control only for speech verbs)
        'Cruz exhorted Republicans to "vote your conscience" at the convention.',
        "vote your conscience",
        True,
        official("Cruz"),
    ),
    (  # "he" never resolves to a name inside someone's quote
        "Senator Tom Berg said he would “close loopholes Paul Novak used for years.”\n\n"
        "The four “loopholes” he cited are “the ability to use losses to offset income.”",
        "the ability to use losses to offset income.",
        True,
        official("Tom Berg"),
    ),
    (  # a spokesman for a government speaks for its country
        "“We will not accept interference,” a spokesman for Peru’s government said.",
        "We will not accept interference,",
        False,
        SpeakerRef("country", "PER"),
    ),
    (  # a spokeswoman for a national ministry
        "“We will not accept it,” a spokeswoman for the Peruvian foreign ministry said.",
        "We will not accept it,",
        False,
        SpeakerRef("organization", "per-foreign-ministry"),
    ),
    (  # a named spokesperson, the body in apposition
        "“Violence must end,” said Ana Ruiz, a spokeswoman for Peru’s foreign ministry.",
        "Violence must end,",
        False,
        official("Ana Ruiz"),
    ),
    (  # the outlet that reports a quote never speaks
        "“The vote was a victory,” Peru’s foreign minister Ana Ruiz said, Reuters reported.",
        "The vote was a victory,",
        False,
        official("Ana Ruiz"),
    ),
    (  # "<person> told <outlet>"
        "Peru's UN Ambassador Ana Ruiz told Reuters the text was “deeply flawed.”",
        "deeply flawed.",
        True,
        official("Ana Ruiz"),
    ),
    (  # "according to <outlet>" names no speaker; the person does
        "According to Reuters, Peru's UN Ambassador Ana Ruiz said the text was “deeply flawed.”",
        "deeply flawed.",
        True,
        official("Ana Ruiz"),
    ),
    (  # a body whose name ends in a common word
        "According to Human Rights Watch, the vote was “a landmark step.”",
        "a landmark step.",
        True,
        SpeakerRef("organization", "HRW"),
    ),
    (  # a reporter named by their job is not a speaker
        "“It is a dark day,” Al Jazeera's correspondent Jane Doe said from Geneva.",
        "It is a dark day,",
        False,
        None,
    ),
    (  # a nickname in quote marks inside the speaker's name is part of the name
        "“We have his back,” Peru's deputy Ana “Anita” Ruiz, a senator, shouted to the crowd.",
        "We have his back,",
        False,
        official("Ana Ruiz"),
    ),
    (  # the same with straight marks, the speaker after a quote that opens the sentence
        '"The nation is watching," state Del. Marcia "Cia" Price (D-Va.) told the crowd.',
        "The nation is watching,",
        False,
        official("Marcia Price"),
    ),
    (  # "it added" after a statement's words: the statement goes on
        "“The council must act,” the joint statement said. “It cannot wait,” it added.",
        "It cannot wait,",
        False,
        SpeakerRef("statement", "34"),
    ),
    (  # a document that "reads", released by a national body
        "Peru's foreign ministry met on Friday. “We reject any initiative,” reads an official "
        "statement released by Peru's foreign ministry.",
        "We reject any initiative,",
        False,
        SpeakerRef("organization", "per-foreign-ministry"),
    ),
    (  # a document agent of a passive reporting verb
        "Karl Berg is told by the declaration to “respect the assembly.”",
        "respect the assembly.",
        True,
        SpeakerRef("statement", "25"),
    ),
    (  # a resolution's title is the resolution's words
        "The council adopted a resolution on “Promoting reconciliation in Peru”, 22 to 11.",
        "Promoting reconciliation in Peru",
        True,
        SpeakerRef("statement", "22"),
    ),
    (  # a relative clause on the body behind a declaration: the declaration
        "Chile declined to sign a declaration of the Lima Group that calls the vote “illegitimate.”",
        "illegitimate.",
        True,
        SpeakerRef("statement", "25"),
    ),
    (  # an inverted subject after the verb and an adverbial
        "“The risk is real,” said after the vote the UN Special Envoy for Peru, Ana Ruiz.",
        "The risk is real,",
        False,
        official("Ana Ruiz"),
    ),
    (  # a quote paragraph after a paragraph whose parenthetical names the speaker
        "Peru's UN Ambassador Ana Ruiz spoke first.\n\n"
        "Any other course, she said, would not help.\n\n"
        "“We are of the view that a resolution may entrench the parties.”",
        "We are of the view that a resolution may entrench the parties.",
        False,
        official("Ana Ruiz"),
    ),
]


CASES += [
    (  # a quote right after a sentence about a named person, with no reporting verb
        "On Sunday, Sen. Tom Berg (Vt.), who lost the primaries, identified young voters' "
        'anger as one of the reasons to vote. "The younger people are sick and tired of '
        'discrimination."',
        "The younger people are sick and tired of discrimination.",
        False,
        official("Tom Berg"),
    ),
    (  # the parse lost the subject: the name right before the verb
        "When militants are revealed as part of the second front of the terror war, Obama "
        'and Clinton call them "lone wolves" and describe their acts as crimes.',
        "lone wolves",
        True,
        official("Clinton"),
    ),
]


CASES += [
    (  # a fragment in an adverbial clause of its own belongs to that clause's subject
        "As Senator Tom Berg went on about “how the system is rigged,” Ana Ruiz nodded and "
        "said yes.",
        "how the system is rigged,",
        True,
        official("Tom Berg"),
    ),
]


CASES += [
    (  # of two verbs holding a fragment, the outer one reports it
        "Senator Tom Berg said during a rally in Ohio that Ana Ruiz once described the pact "
        "as “the gold standard” of trade deals.",
        "the gold standard",
        True,
        official("Tom Berg"),
    ),
    (  # ... but not across "and": each conjoined verb reports its own fragment
        "Peru and Chile are at odds over the visit, with Lima saying it “went well” and "
        "Santiago voicing “deep concern” over the trip.",
        "deep concern",
        True,
        SpeakerRef("country", "CHL"),
    ),
]


CASES += [
    (  # "compared X to ..." reports; a verb parsed as the name's modifier keeps the name
        "Aaron Kall, the director of debate at the University of Michigan, compared Trump to "
        'a coach at a basketball game who is "working the referees" in hopes of a win.',
        "working the referees",
        True,
        official("Aaron Kall"),
    ),
    (  # a cue naming no one: the owner of the remark the fragment sits in
        "Senators joined Ana Ruiz in the pile-on. Tom Berg’s repeated emphasis that only 1 "
        "percent of the staff had been involved with what multiple lawmakers called “fraud” "
        "led them to talk of breaking up the bank.",
        "fraud",
        True,
        official("Tom Berg"),
    ),
    (  # officials at a named body speak for it
        "Officials at the Federal Aviation Administration said the new rules “will make "
        "flying safer for everyone.”",
        "will make flying safer for everyone.",
        True,
        SpeakerRef("organization", "federal-aviation-administration"),
    ),
    (  # a spokesman for a known body
        "A spokesman for the World Health Organization said the outbreak was “under control.”",
        "under control.",
        True,
        SpeakerRef("organization", "WHO"),
    ),
    (  # officials from a country speak for it
        "Senior officials from Brazil said the deal was “a fair compromise.”",
        "a fair compromise.",
        True,
        SpeakerRef("country", "BRA"),
    ),
    (  # a person's campaign speaks for that person
        "Governor Donna Cole toured the plant. Donna Cole’s campaign said the ad was "
        "“plainly false.”",
        "plainly false.",
        True,
        official("Donna Cole"),
    ),
    (  # "it" after a campaign subject in the same sentence
        "Mayor Tom Berg spoke on Monday. Berg’s campaign is denouncing what it calls “a smear.”",
        "a smear.",
        True,
        official("Tom Berg"),
    ),
]


@pytest.mark.parametrize(("text", "words", "partial", "speaker"), CASES)
def test_quote_phrasings(text, words, partial, speaker):
    quotes = {q.text: q for q in run(text)}
    assert words in quotes, list(quotes)
    quote = quotes[words]
    assert text[quote.span.start : quote.span.end] == words
    assert quote.partial is partial
    assert quote.speaker == speaker


def test_nested_attribution_gives_speaker_and_via():
    text = (
        "Peru’s foreign ministry released a statement on Friday. "
        "The UN quoted Ms Maria Lopez as telling reporters that “the door is open.”"
    )
    (quote,) = run(text)
    assert quote.speaker == official("Maria Lopez")
    assert quote.via == SpeakerRef("organization", "UN")


@pytest.mark.parametrize(
    "text",
    [
        "The camps, which officials call so-called “training schools”, are closed.",
        "She appeared on NBC’s “Meet the Press” last week.",
        "The town had a “quiet” week.",
        "Rep. Robert C. “Bobby” Scott opened his house.",
        'The crowd heard shouting. "(CROSSTALK.)"',
        '"Follow Pam Key on Twitter @pamkeyNEN."',
        "Peru voted “yes,” while Chile voted “no.”",
        "Austria chose to “abstain”.",
    ],
)
def test_scare_quotes_and_titles_are_not_quotes(text):
    assert run(text) == []


def test_multi_paragraph_quote_keeps_speaker():
    text = (
        "Senator Ana Ruiz said: “The first part of the plan is ready.\n\n"
        "“The second part comes next year.”"
    )
    quotes = run(text)
    assert [q.text for q in quotes] == [
        "The first part of the plan is ready.",
        "The second part comes next year.",
    ]
    assert {q.speaker for q in quotes} == {official("Ana Ruiz")}


def test_pronoun_is_less_confident_than_a_name():
    text = "Kenyan President William Ruto spoke.\n\n“We agree,” Ruto said. “Yes,” he said."
    named, pronoun = run(text)
    assert named.confidence > pronoun.confidence


def test_headline_single_quotes():
    title = "Minister says deal ‘close’"
    quotes = find_raw_quotes(title + "\n\nBody text.", headline=title)
    assert [title[q.start : q.end] for q in quotes] == ["close"]


def test_unbalanced_marks_run_to_paragraph_end():
    text = "He said “no deal\n\nNext paragraph."
    (quote,) = find_raw_quotes(text)
    assert text[quote.start : quote.end] == "no deal"
    assert quote.closed is False


MARKS = st.sampled_from(["“", "”", '"', "‘", "’", "\n", " ", "a", "B", ".", ","])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(MARKS, st.text(max_size=5)), max_size=40))
def test_arbitrary_marks_never_crash(pieces):
    text = "".join(pieces)
    for quote in find_raw_quotes(text, headline=text.split("\n")[0] or None):
        assert 0 <= quote.start <= quote.end <= len(text)
        assert text[quote.start : quote.end].strip() == text[quote.start : quote.end]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["“", "”", '"', "He said ", "Ana Ruiz ", ".", "\n"]), max_size=15))
def test_extract_quotes_spans_match_text(pieces):
    text = "".join(pieces)
    for quote in run(text):
        assert text[quote.span.start : quote.span.end] == quote.text


def test_new_speakers_adds_people_named_only_as_speakers():
    text = "“We need a fair deal for farmers.” \u2015 Ana Ruiz\n"
    article = Article(id="t", text=text, source="t.txt")
    doc = parse(text)
    officials, orgs = extract_officials(doc, article)
    quotes = extract_quotes(doc, article, officials, orgs)
    people, bodies = speakers_from_quotes(quotes, officials, orgs)
    assert [p.key for p in people] == ["Ana Ruiz"]
    assert bodies == []


def test_headline_quote_takes_the_body_speaker():
    title = "Peru warns criticism not ‘helpful’"
    text = title + "\n\nPeru’s UN Ambassador Ana Ruiz said the talk was not “helpful.”"
    headline, body = run(text, title=title)
    assert headline.speaker == body.speaker == official("Ana Ruiz")


def test_relative_pronoun_gives_the_document():
    text = (
        "Cuba’s allies countered with a letter of their own, with some 40 nations backing a "
        "Cuban text that heaped effusive praise on Havana’s “remarkable gains in public health.”"
    )
    (quote,) = run(text)
    assert quote.speaker == SpeakerRef("statement", str(text.index("text that")))


def test_headline_fragment_of_a_body_quote_takes_its_speaker():
    title = "Peru has “serious doubts” about the text: envoy"
    text = (
        f"{title}\n\n“Peru has serious doubts about parts of the text,” Ana Ruiz, "
        "Peru's ambassador to the UN, said."
    )
    headline = run(text, title=title)[0]
    assert (headline.text, headline.speaker) == ("serious doubts", official("Ana Ruiz"))


def test_pull_quote_takes_the_speaker_of_the_quote_repeating_it():
    text = (
        "Peru's foreign minister Karl Berg spoke on Friday. “We will talk,” he said.\n\n"
        "“We reject any initiative that obstructs dialogue.”\n\n"
        "Chile's foreign ministry met on Friday.\n\n"
        "“Chile promotes dialogue, so we reject any initiative that obstructs dialogue,” "
        "reads a statement released by Chile's foreign ministry."
    )
    pulled = {q.text: q for q in run(text)}["We reject any initiative that obstructs dialogue."]
    assert pulled.speaker == SpeakerRef("organization", "chl-foreign-ministry")


@pytest.mark.parametrize(
    "text, rule",
    [
        ("“We will not accept this,” Chilean Foreign Minister Ana Ruiz said.", "reporting-verb"),
        ("“We will not accept this.” — Ana Ruiz", "dash-signature"),
        ("Chilean Foreign Minister Ana Ruiz told reporters: “We will not accept this.”\n\n"
         "“It is too late.”", "same-speaker-goes-on"),
    ],
)  # fmt: skip
def test_every_speaker_names_the_rule_that_found_it(text, rule):
    quote = run(text)[-1]
    assert quote.speaker is not None and quote.rule == rule


def test_a_quote_without_a_speaker_names_no_rule():
    (quote,) = run("“We will not accept this.”")
    assert quote.speaker is None and quote.rule == ""
