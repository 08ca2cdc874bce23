"""Table tests of the lists behind quote cues and speakers: reporting verbs and nouns, the
words that make a subject a person, a body, a country or a document."""

from __future__ import annotations

from kg.extract.cues import subordinate
from kg.model import SpeakerRef
from tests.lang.phrasings import officials, phrasings, quotes, word

READY = "We stand ready to talk,"
WASTE = "a waste of time"


def person(name: str) -> SpeakerRef:
    return SpeakerRef("official", name)


@phrasings(
    "reporting_verbs.txt",
    ("text", "speaker"),
    [
        (f"“{READY}” Ana Ruiz insisted.", person("Ana Ruiz")),
        (f"“{READY}” Ana Ruiz grumbled.", None),
        (f"“{READY}” Ana Ruiz smiled.", None),
    ],
)
def test_a_reporting_verb_names_who_spoke(text, speaker):
    assert quotes(text)[READY] == speaker


@phrasings(
    "reporting_verbs_foreign.txt",
    ("text", "speaker"),
    [
        ("“Estamos listos para hablar”, dijo Ana Ruiz.", person("Ana Ruiz")),
        ("“Estamos listos para hablar”, cantó Ana Ruiz.", None),
    ],
)
def test_a_reporting_verb_left_in_its_own_language_names_who_spoke(text, speaker):
    assert quotes(text)["Estamos listos para hablar"] == speaker


@phrasings(
    "speech_nouns.txt",
    ("text", "words", "speaker"),
    [
        (f"Ana Ruiz's claim that the talks were “{WASTE}” drew scorn.", WASTE, person("Ana Ruiz")),
        ("Ana Ruiz's car, which was “a waste of money”, drew scorn.", "a waste of money", None),
    ],
)
def test_the_owner_of_a_remark_speaks_its_words(text, words, speaker):
    assert quotes(text)[words] == speaker


@phrasings(
    "subordinators.txt",
    ("text", "another_act"),
    [
        ("Ana Ruiz left when Tomas Eber blasted her.", True),
        ("Ana Ruiz left because Tomas Eber blasted her.", True),
        ("Ana Ruiz left once Tomas Eber blasted her.", False),
    ],
)
def test_a_cue_in_an_adverbial_clause_reports_another_act(text, another_act):
    assert subordinate(word(text, "blasted")) is another_act


@phrasings(
    "speaker_pronouns.txt",
    ("text", "speakers"),
    [
        (
            "Reporters met John Harper in Lima on Monday. He said the talks had failed.",
            ["John Harper"],
        ),
        ("Reporters met John Harper in Lima on Monday. It said the talks had failed.", []),
        ("Reporters met John Harper in Lima on Monday. He hoped the talks had failed.", []),
    ],
)
def test_he_or_she_said_makes_a_speaker_of_the_person_meant(text, speakers):
    assert list(officials(text)) == speakers


@phrasings(
    "document_nouns.txt",
    ("text", "kind"),
    [
        (f"“{READY}” the statement said.", "statement"),
        (f"“{READY}” the communique said.", "statement"),
        (f"“{READY}” the bulletin said.", None),
    ],
)
def test_a_document_speaks_its_own_words(text, kind):
    speaker = quotes(text)[READY]
    assert (speaker.kind if speaker is not None else None) == kind


@phrasings(
    "title_links.txt",
    ("text", "kind"),
    [
        ("The council adopted a resolution titled “Peace in our time” on Monday.", "statement"),
        ("The council adopted a resolution entitled “Peace in our time” on Monday.", "statement"),
        ("The council adopted a resolution about “Peace in our time” on Monday.", None),
    ],
)
def test_the_quoted_title_of_a_document_is_the_documents_words(text, kind):
    speaker = quotes(text)["Peace in our time"]
    assert (speaker.kind if speaker is not None else None) == kind


@phrasings(
    "vote_labels.txt",
    ("text", "quoted"),
    [
        ("Peru voted “no” on the text.", []),
        ("Peru voted “yes” on the text.", []),
        ("Peru voted “with great sorrow” on the text.", ["with great sorrow"]),
    ],
)
def test_a_quoted_vote_label_is_nobodys_words(text, quoted):
    assert list(quotes(text)) == quoted


# --- who a subject phrase names ------------------------------------------------------------


@phrasings(
    "body_speaker_nouns.txt",
    ("text", "speaker"),
    [
        (f"A spokesman for Peru said the talks were “{WASTE}”.", SpeakerRef("country", "PER")),
        (
            f"Officials at the UN human rights office said the talks were “{WASTE}”.",
            SpeakerRef("organization", "OHCHR"),
        ),
        (f"A lawyer for Peru said the talks were “{WASTE}”.", None),
    ],
)
def test_officials_of_a_body_speak_for_it(text, speaker):
    assert quotes(text)[WASTE] == speaker


@phrasings(
    "body_prepositions.txt",
    ("text", "speaker"),
    [
        (
            f"Officials from the UN human rights office said the talks were “{WASTE}”.",
            SpeakerRef("organization", "OHCHR"),
        ),
        (f"Officials near the UN human rights office said the talks were “{WASTE}”.", None),
    ],
)
def test_the_preposition_after_officials_names_their_body(text, speaker):
    assert quotes(text)[WASTE] == speaker


@phrasings(
    "government_nouns.txt",
    ("text", "speaker"),
    [
        (f"A spokesman for Peru's government said the talks were “{WASTE}”.", "PER"),
        (f"A spokesman for the Peruvian cabinet said the talks were “{WASTE}”.", "PER"),
        (f"A spokesman for Peru's army said the talks were “{WASTE}”.", None),
    ],
)
def test_a_government_speaks_for_its_country(text, speaker):
    expected = SpeakerRef("country", speaker) if speaker else None
    assert quotes(text)[WASTE] == expected


SIGNED = "Forty states signed a joint statement on Peru. "


@phrasings(
    "backer_nouns.txt",
    ("text", "kind"),
    [
        (SIGNED + "The nations said the vote was “a sham”.", "statement"),
        (SIGNED + "The signatories said the vote was “a sham”.", "statement"),
        (SIGNED + "The people said the vote was “a sham”.", None),
    ],
)
def test_the_states_behind_a_statement_speak_through_it(text, kind):
    speaker = quotes(text)["a sham"]
    assert (speaker.kind if speaker is not None else None) == kind


@phrasings(
    "owned_groups.txt",
    ("text", "speaker"),
    [
        (f"“{READY}” Ana Ruiz's campaign said.", person("Ana Ruiz")),
        (f"“{READY}” Ana Ruiz's team said.", person("Ana Ruiz")),
        (f"“{READY}” Ana Ruiz's lawyer said.", None),
    ],
)
def test_a_campaign_speaks_for_its_owner(text, speaker):
    assert quotes(text)[READY] == speaker


MET = "Peru's Foreign Minister Ana Ruiz met reporters in Lima. "


@phrasings(
    "person_descriptions.txt",
    ("text", "speaker"),
    [
        (MET + f"The former candidate said the talks were “{WASTE}”, and she left.", "Ana Ruiz"),
        (MET + f"The former politician said the talks were “{WASTE}”, and she left.", "Ana Ruiz"),
        (MET + f"The former singer said the talks were “{WASTE}”, and she left.", None),
    ],
)
def test_a_description_of_a_person_is_the_person_last_mentioned(text, speaker):
    assert quotes(text)[WASTE] == (person(speaker) if speaker else None)
