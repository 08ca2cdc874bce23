"""Table tests of the lists behind people, titles and bodies: titles and the words around
them, honorifics, name particles, bodies' names and news media."""

from __future__ import annotations

from kg.extract.bodies import find_organizations
from kg.extract.speakers import clean_name
from tests.lang.phrasings import officials, parsed, phrasings, quotes

SAID = "said the talks were “a waste of time”."
WASTE = "a waste of time"


@phrasings(
    "titles.txt",
    ("text", "official"),
    [
        (f"Peru's Ambassador Ana Ruiz {SAID}", ("Ambassador", "PER")),
        (f"Peru's Trade Commissioner Ana Ruiz {SAID}", ("Trade Commissioner", "PER")),
        (f"Peru's Ana Ruiz {SAID}", (None, None)),
    ],
)
def test_a_title_before_a_name_makes_an_official(text, official):
    assert officials(text)["Ana Ruiz"] == official


@phrasings(
    "title_modifiers.txt",
    ("text", "title"),
    [
        (f"Peru's deputy foreign minister Ana Ruiz {SAID}", "deputy foreign minister"),
        (f"Peru's able foreign minister Ana Ruiz {SAID}", "foreign minister"),
    ],
)
def test_a_modifier_stays_inside_the_title(text, title):
    assert officials(text)["Ana Ruiz"] == (title, "PER")


@phrasings(
    "title_fillers.txt",
    ("text", "title"),
    [
        (f"Ana Ruiz, the then foreign minister of Peru, {SAID}", "foreign minister of Peru"),
        (f"Ana Ruiz, now foreign minister of Peru, {SAID}", "foreign minister of Peru"),
    ],
)
def test_words_around_a_title_are_left_out_of_it(text, title):
    assert officials(text)["Ana Ruiz"][0] == title


@phrasings(
    "leading_modifiers.txt",
    ("text", "official"),
    [
        (
            f"Ana Ruiz, former Peruvian foreign minister, {SAID}",
            ("former Peruvian foreign minister", "PER"),
        ),
        (
            f"Ana Ruiz, deputy Peruvian foreign minister, {SAID}",
            ("deputy Peruvian foreign minister", "PER"),
        ),
        (f"Ana Ruiz, veteran Peruvian foreign minister, {SAID}", (None, None)),
    ],
)
def test_a_modifier_may_stand_before_the_country_of_a_title(text, official):
    assert officials(text)["Ana Ruiz"] == official


@phrasings(
    "honorifics.txt",
    ("written", "name"),
    [
        ("Mrs. Ana Ruiz", "Ana Ruiz"),
        ("Dr Ana Ruiz", "Ana Ruiz"),
        ("Dame Ana Ruiz", "Ana Ruiz"),
        ("Lord Ana Ruiz", "Lord Ana Ruiz"),
    ],
)
def test_an_honorific_is_not_part_of_the_name(written, name):
    assert clean_name(written) == name


@phrasings(
    "name_particles.txt",
    ("name", "people"),
    [
        ("Karim al-Ansari", ["Karim al-Ansari"]),
        ("Karim bin Rashid", ["Karim bin Rashid"]),
        ("Karim zu Rashid", ["Karim", "Rashid"]),
    ],
)
def test_a_particle_keeps_a_name_whole(name, people):
    assert list(officials(f"Peru's Foreign Minister {name} {SAID}")) == people


@phrasings(
    "body_heads.txt",
    ("text", "people"),
    [
        (f"Tomas Eber Watch {SAID}", []),
        (f"Tomas Eber Region {SAID}", []),
        (f"Tomas Eber Junior {SAID}", ["Tomas Eber Junior"]),
    ],
)
def test_a_name_ending_in_a_bodys_common_noun_is_no_person(text, people):
    assert list(officials(text)) == people


@phrasings(
    "media.csv",
    ("text", "kind"),
    [
        (f"Reuters reporter Ana Ruiz {SAID}", None),
        (f"Analyst Ana Ruiz {SAID}", "official"),
        (f"The Lima Gazette {SAID}", "organization"),
        (f"The Lima Garden {SAID}", None),
    ],
)
def test_news_media_carry_words_and_outlets_speak_as_bodies(text, kind):
    speaker = quotes(text)[WASTE]
    assert (speaker.kind if speaker is not None else None) == kind


@phrasings(
    "organizations.csv",
    ("text", "slugs"),
    [
        ("Peru spoke at the UN Human Rights Council on Monday.", ["UNHRC"]),
        ("Peru spoke at the world body on Monday.", ["UN"]),
        ("Peru spoke at the Human Rights Office on Monday.", []),
    ],
)
def test_a_bodys_aliases_find_it(text, slugs):
    assert [org.slug for org in find_organizations(parsed(text))] == slugs
