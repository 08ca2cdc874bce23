"""Title phrases around a name: "Peru's UN Ambassador Ana Ruiz", "Ana Ruiz, Peru's envoy",
"Presidents Ana Ruiz of Peru and ..."; each gives (title, country or None).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.countries import lookup_country
from kg.extract.speakers import title_words, titles
from kg.lang import words

FILLERS = words("title_fillers.txt")
STOPS = {",", ".", ";", ")", "(", "\u2014", "\n"}
LEADING_MODIFIERS = words("leading_modifiers.txt")


def title_of(doc: Doc, run: SpacySpan) -> tuple[str, str | None] | None:
    """The title before the name, else the one in apposition after it; the apposition wins
    when only it names a country ("Ambassador Ana Ruiz, Peru's envoy to the UN")."""
    left = left_title(doc, run)
    if left is None or left[1] is None:
        right = right_title(doc, run)
        if right is not None and (left is None or right[1] is not None):
            return right
    return left or listed_title(doc, run)


def _is_title_token(token: Token) -> bool:
    low = token.lower_
    if low in title_words() or low in ("'s", "\u2019s", "-"):
        return True
    return token.text[:1].isupper() and token.pos_ in ("PROPN", "ADJ", "NOUN")


def left_title(doc: Doc, run: SpacySpan) -> tuple[str, str | None] | None:
    """(title, country) from the words right before a name; a title set off by a comma
    ("the UN Special Envoy for Myanmar, Ana Ruiz") counts, one opening with a preposition
    ("In a letter to the Secretary-General, Ana Ruiz") or holding a person does not."""
    name_start = run.start
    i = name_start - 1
    comma = (
        i >= 1 and doc[i].text == "," and (_is_title_token(doc[i - 1]) or doc[i - 1].text == ")")
    )
    if comma:
        i -= 1
    end = i + 1
    sent_start = doc[name_start].sent.start
    skipped: set[int] = set()
    while i >= sent_start:
        opening = _bracket_start(doc, i, sent_start)
        if opening is not None:
            # "Foreign Minister (FM) Qin Gang", "the Taliban (banned in Peru) spokesman"
            skipped |= set(range(opening, i + 1))
            i = opening - 1
            continue
        if not _is_title_token(doc[i]):
            break
        low = doc[i].lower_
        prev = doc[i - 1].lower_ if i - 1 >= sent_start else ""
        if low == "the" and prev not in ("to", "of", "for"):
            break
        if low == "and" and prev not in title_words():
            break
        i -= 1
    words = [t for t in doc[i + 1 : end] if t.text != "," and t.i not in skipped]
    if comma and words and (words[0].lower_ in FILLERS or _names_person(words)):
        return None
    return _split_title(doc, words)


def _bracket_start(doc: Doc, i: int, sent_start: int) -> int | None:
    """Where a short aside in brackets that ends at token i opens, else None."""
    if doc[i].text != ")":
        return None
    for j in range(i - 1, max(sent_start, i - 7) - 1, -1):
        if doc[j].text == "(":
            return j
    return None


def _names_person(words: list[Token]) -> bool:
    """A person's name among title words ("Foreign Minister Wang Yi, Ana Ruiz"); NER's
    PERSON on a country ("Sri Lanka's foreign minister") does not count."""
    group: list[str] = []
    for tok in [*words, None]:
        if tok is not None and tok.ent_type_ == "PERSON" and tok.lower_ not in ("'s", "\u2019s"):
            group.append(tok.text)
            continue
        titled = all(w.lower() in title_words() for w in group)
        if group and lookup_country(" ".join(group)) is None and not titled:
            return True
        group = []
    return False


def right_title(doc: Doc, run: SpacySpan) -> tuple[str, str | None] | None:
    """(title, country) from an apposition: "Chen Xu, China's ambassador to ..."."""
    if run.end >= len(doc) or doc[run.end].text != ",":
        return None
    words: list[Token] = []
    for token in doc[run.end + 1 : min(len(doc), run.end + 16)]:
        if token.text in STOPS or token.pos_ in ("VERB", "AUX", "PRON"):
            break
        words.append(token)
    while words and words[0].lower_ in FILLERS:
        words = words[1:]
    if not words or not (words[0].text[:1].isupper() or words[0].lower_ in title_words()):
        return None
    return _split_title(doc, words)


def _split_title(doc: Doc, words: list[Token]) -> tuple[str, str | None] | None:
    """Separate a leading country word from the title; None when no title phrase is present."""
    country = None
    while words and words[0].lower_ in FILLERS:
        words = words[1:]
    # a modifier may come before the country: "deputy US ambassador", "former Chilean president"
    lead = 1 if len(words) > 2 and words[0].lower_ in LEADING_MODIFIERS else 0
    for cut in range(lead + 1, min(lead + 3, len(words)) + 1):
        head = doc.text[words[lead].idx : words[cut - 1].idx + len(words[cut - 1].text)]
        iso3 = lookup_country(head)
        if iso3 and len(words) > cut:
            country = iso3
            if not lead:  # the title text stays one slice of the article
                words = words[cut:]
            break
    while words and words[0].lower_ in ("'s", "\u2019s"):
        words = words[1:]
    if not words:
        return None
    if country is None:  # "the UN ambassador of Britain", "Minister of Foreign Affairs of Peru"
        country = next(
            (c for w in words if w.lower_ == "of" and (c := _country_after_of(doc, w.i))), None
        )
    text = doc.text[words[0].idx : words[-1].idx + len(words[-1].text)]
    low = f" {text.lower()} "
    if not any(f" {t} " in low or low.rstrip().endswith(f" {t}") for t in titles()):
        return None
    return text, country


def listed_title(doc: Doc, run: SpacySpan) -> tuple[str, str | None] | None:
    """A plural title heading a list of names: "Presidents Ana Ruiz of Peru, Li Wei of
    China and ..." gives each "President" and the country after "of"."""
    i = run.start - 1
    if i < 0 or doc[i].text not in (",", "and") and not doc[i].lower_.endswith("s"):
        return None  # not an item of the list: "... of Benin Republic" names a country
    sent_start = doc[run.start].sent.start
    while i >= max(sent_start, run.start - 60):
        tok = doc[i]
        singular = tok.lower_[:-1] if tok.lower_.endswith("s") else None
        if singular and tok.text[:1].isupper() and singular in titles():
            title = doc.text[tok.idx : tok.idx + len(tok.text) - 1]
            if i > 0 and f"{doc[i - 1].lower_} {singular}" in titles():
                title = f"{doc[i - 1].text} {title}"  # "Foreign Ministers"
            return title, _country_after_of(doc, run.end)
        if not (
            tok.text in (",", "and", "of", "'", "-") or tok.text[:1].isupper() or "'" in tok.text
        ):
            return None
        i -= 1
    return None


def _country_after_of(doc: Doc, i: int) -> str | None:
    """ "... of Benin Republic," -> BEN: the longest country name right after "of"."""
    if i >= len(doc) or doc[i].lower_ != "of":
        return None
    words = []
    for tok in doc[i + 1 : i + 5]:
        if tok.text in (",", ";", ".") or tok.lower_ == "and":
            break
        words.append(tok)
    for n in range(len(words), 0, -1):
        iso3 = lookup_country(doc.text[words[0].idx : words[n - 1].idx + len(words[n - 1].text)])
        if iso3:
            return iso3
    return None
