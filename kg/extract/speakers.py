"""Shared helpers for quotes and officials: lexicons, names, filters, cues.

Quote spans are found in kg/extract/marks.py; names are runs of
proper nouns cut at titles, countries and bodies; the filters decide which
quoted words are someone's words (not scare quotes or titles of works).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.bodies import org_in_text
from kg.extract.countries import lookup_country
from kg.extract.marks import RawQuote
from kg.lang import lines, words

QUOTE_MARKS = {'"', "\u201c", "\u201d"}
NICKNAME = re.compile(r' ["\u201c][^\W\d_]+["\u201d] ')  # Marcia "Cia" Price
HONORIFICS = words("honorifics.txt")
TITLE_MODIFIERS = words("title_modifiers.txt")
PERSON_DESCRIPTIONS = words("person_descriptions.txt")
SPEECH_NOUNS = words("speech_nouns.txt")


@lru_cache(maxsize=1)
def reporting_verbs() -> frozenset[str]:
    return words("reporting_verbs.txt")


@lru_cache(maxsize=1)
def document_nouns() -> frozenset[str]:
    return words("document_nouns.txt")


@lru_cache(maxsize=1)
def vote_labels() -> frozenset[str]:
    return words("vote_labels.txt")


@lru_cache(maxsize=1)
def titles() -> tuple[str, ...]:
    """Title phrases, longest first so phrase matching prefers the longest."""
    return tuple(sorted(lines("titles.txt"), key=len, reverse=True))


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Every word of every title, plus modifiers that stay inside a title phrase."""
    inside = {w for phrase in titles() for w in re.split(r"[\s]+", phrase)}
    inside |= {w.strip(".") for w in inside}
    return frozenset(inside | TITLE_MODIFIERS)


@lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    """Nouns naming a person by role: one-word titles and a few descriptions."""
    single = {t for t in titles() if " " not in t and not t.endswith(".")}
    return frozenset(single | PERSON_DESCRIPTIONS)


def strip_honorific(name: str) -> str:
    words = name.split()
    while words and words[0].lower() in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def clean_name(name: str) -> str:
    """A person's name without honorific, nickname, possessive or stray punctuation."""
    name = NICKNAME.sub(" ", name.strip())
    name = re.sub(r"(?:'s|\u2019s|'|\u2019)$", "", name)
    name = name.strip(' ,.;:"\u201c\u201d')
    return strip_honorific(name)


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of a verb, climbing through conjoined verbs."""
    seen = 0
    while seen < 4:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
            verb = verb.head
            seen += 1
            continue
        return None
    return None


@lru_cache(maxsize=1)
def foreign_reporting_verbs() -> frozenset[str]:
    return words("reporting_verbs_foreign.txt")


def is_foreign_reporting(token: Token) -> bool:
    """ "“...”, respondió Ana Ruiz": a reporting verb of a quote left in its language."""
    return token.lower_ in foreign_reporting_verbs()


def is_reporting(token: Token) -> bool:
    english = token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in reporting_verbs()
    return english or is_foreign_reporting(token)


def _breaks_name(token: Token) -> bool:
    """Tokens that can never be part of a person's name."""
    low = token.lower_.strip(".")
    if token.is_space or token.is_punct and token.text not in ("-", "."):
        return True
    after_honorific = token.i > 0 and token.doc[token.i - 1].lower_.strip(".") in HONORIFICS
    if low in title_words() and not after_honorific:  # "Mr. King" is a name, "King Charles" not
        return True
    if low in HONORIFICS or token.lower_ in ("'s", "\u2019s"):
        return True
    if token.ent_type_ == "PERSON":
        return False  # Chuck Jordan, Georgia Smith: a country word inside a person's name
    return lookup_country(token.text) is not None or org_in_text(token.text) is not None


def _name_like(token: Token) -> bool:
    return (
        token.text[:1].isupper()
        and (token.pos_ == "PROPN" or token.ent_type_ == "PERSON")
        and token.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT")
        and not _breaks_name(token)
    )


def _joins_name(doc: Doc, j: int) -> int:
    """How many tokens from j carry a name on: a hyphen written tight between two name
    words ("Thomas-Greenfield"), or a lower-case particle before the next name word
    ("Majed al-Ansari", "Mohammed bin Salman"), or a one-word nickname in quote marks
    between two name words (Marcia "Cia" Price); 0 when the name ends at j."""
    if _nickname_at(doc, j):
        return 4  # the marks, the nickname and the surname the parse may have lost
    if (
        doc[j].text == "-"
        and not doc[j].whitespace_
        and not doc[j - 1].whitespace_
        and j + 1 < len(doc)
        and (_name_like(doc[j + 1]) or doc[j + 1].is_alpha)
    ):
        return 2
    tight = doc[j + 1].text == "-" if j + 1 < len(doc) else False
    if j + 2 >= len(doc) or doc[j].text not in name_particles(hyphened=tight):
        return 0
    if tight and not doc[j].whitespace_ and not doc[j + 1].whitespace_:
        return 3 if _name_like(doc[j + 2]) or doc[j + 2].text[:1].isupper() else 0
    following = doc[j + 1]
    joins = _name_like(following) or following.text in name_particles()  # "von der Leyen"
    return 1 if doc[j].whitespace_ and joins else 0


def _nickname_at(doc: Doc, j: int) -> bool:
    """A capitalised word in quote marks, written tight inside them, right before a surname
    (the marks confuse the parse, so the surname need only be a capitalised word)."""
    if j + 3 >= len(doc) or doc[j].text not in QUOTE_MARKS or doc[j + 2].text not in QUOTE_MARKS:
        return False
    nick, surname = doc[j + 1], doc[j + 3]
    tight = not doc[j].whitespace_ and not nick.whitespace_ and doc[j + 2].whitespace_
    capitalised = all(t.is_alpha and t.text[:1].isupper() for t in (nick, surname))
    return tight and capitalised and not _breaks_name(surname)


@lru_cache(maxsize=2)
def name_particles(hyphened: bool = False) -> frozenset[str]:
    """Particles inside names; with `hyphened`, also those that join only before a hyphen."""
    particles = lines("name_particles.txt")
    return frozenset(p.rstrip("-") for p in particles if hyphened or not p.endswith("-"))


def name_runs(doc: Doc, bodies: Sequence[tuple[int, int]] = ()) -> list[SpacySpan]:
    """Maximal runs of capitalised proper-noun tokens, cut at titles, countries and bodies.

    `bodies` are the character spans of the bodies named in the text: a run that
    starts with one and goes on past it is the name after it ("Brazil's ambassador to
    the United Nations Carlos Okafor", "envoy to the UN Human Rights Council Anna Moreau").
    """
    runs, i = [], 0
    while i < len(doc):
        if not _name_like(doc[i]):
            i += 1
            continue
        j = i
        while j < len(doc) and "\n" not in doc[j].whitespace_:
            if _name_like(doc[j]):
                j += 1
                continue
            step = _joins_name(doc, j)
            if step:
                j += step
                continue
            break
        if j < len(doc) and _name_like(doc[j]):
            j += 1  # the run's last token carried the paragraph break
        while j - 1 > i and doc[j - 1].text in name_particles():
            j -= 1  # "Ursula von" before a line break: the particle joins nothing
        i = _after_body(doc, i, j, bodies)
        words = sum(1 for t in doc[i:j] if not t.is_punct and t.text not in name_particles())
        if words <= 4:  # longer capitalised runs are headlines or titles, not names
            runs.append(doc[i:j])
        else:  # unless NER marks a person at its end: "New Jersey Gov Chris Christie"
            k = j
            while k > i and doc[k - 1].ent_type_ == "PERSON":
                k -= 1
            if 1 <= j - k <= 3:
                runs.append(doc[k:j])
        i = j
    return runs


def _after_body(doc: Doc, i: int, j: int, bodies: Sequence[tuple[int, int]]) -> int:
    """Where the name starts in the run doc[i:j]: past a body's name that opens it and
    ends inside it, else at i."""
    end_char = doc[j - 1].idx + len(doc[j - 1])
    ends = [end for start, end in bodies if start <= doc[i].idx < end < end_char]
    if not ends:
        return i
    k = i
    while k < j and doc[k].idx < max(ends):
        k += 1
    return k if k < j else i


def introduced_by_title(run: SpacySpan) -> bool:
    """A title word or honorific stands right before the name ("Ambassador Kelly Craft")."""
    if run.start == 0:
        return False
    prev = run.doc[run.start - 1]
    low = prev.lower_.strip(".")
    return low in HONORIFICS or any(low == t.split()[-1] for t in titles())


def is_speaking_subject(run: SpacySpan) -> bool:
    """The name is the subject of a reporting verb, 'quoted X as', or 'according to X'."""
    root = run.root
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and is_reporting(head):
        return True
    if root.dep_ == "dobj" and head.lemma_ == "quote":
        return True
    return root.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"


TITLE_CUES = re.compile(
    r"(?:['\u2019]s|\btitled|\bentitled|\bon|\bof|\bshow|\bprogram|\bprogramme|\bdocumentary"
    r"|\bfilm|\bbook|\bcolumn|\bcommentary|\bnewspaper|\bmagazine|\bseries|\bepisode)\s*$",
    re.IGNORECASE,
)


def _sentence_prefix(text: str, raw: RawQuote) -> str:
    """Words between the sentence (or paragraph) start and the opening mark."""
    para_start = text.rfind("\n", 0, raw.start) + 1
    before = text[para_start : max(para_start, raw.start - 1)].rstrip()
    if before.endswith((".", "!", "?")):
        return ""
    parts = re.split(r"(?<=[.!?\u201d\"])\s+(?=[\u201c\"A-Z])", before)
    return parts[-1].strip() if parts else ""


def is_partial(text: str, raw: RawQuote) -> bool:
    """A fragment inside reported speech, not a sentence of its own."""
    quoted = text[raw.start : raw.end]
    if quoted[:1].islower():
        return True
    prefix = _sentence_prefix(text, raw)
    # after a colon or a comma ('said, "...') or another quote, the quote is a sentence
    return not (not prefix or raw.single or prefix.endswith((":", ",", "\u201d", '"')))


SOCIAL_PROMPT = re.compile(r"follow\b.{1,60}\bon (?:twitter|facebook|instagram|x)\b", re.IGNORECASE)


def is_nickname(text: str, raw: RawQuote) -> bool:
    """A one-word nickname between given name and surname: Robert C. "Bobby" Scott."""
    before = text[max(0, raw.start - 40) : max(0, raw.start - 1)]
    after = text[raw.end + 1 : raw.end + 30]
    return bool(
        re.search(r"\b[A-Z][a-z]*\.? $", before)
        and re.match(r" [A-Z]", after)
        and " " not in text[raw.start : raw.end]
    )


def dropped(doc: Doc, raw: RawQuote, partial: bool) -> bool:
    text = doc.text
    quoted = text[raw.start : raw.end]
    before = text[max(0, raw.start - 40) : max(0, raw.start - 1)]
    if re.fullmatch(r"\(.*\)\.?", quoted):
        return True  # a stage direction in a transcript: (CROSSTALK.)
    if SOCIAL_PROMPT.match(quoted):
        return True  # the writer's byline prompt, quoted with a transcript: nobody's words
    if re.search(r"so[- ]called\s*$", before, re.IGNORECASE):
        return True  # the writer distances themself from a label; nobody is quoted
    if is_nickname(text, raw):
        return True
    words = re.findall(r"[^\W\d_][\w'\u2019-]*", quoted)
    if not partial or raw.single:
        return False
    if quoted.strip(" ,.;:!?").lower() in vote_labels():
        return True  # voted “yes”: the label of a vote, not anyone's words
    if _looks_like_title(words) and TITLE_CUES.search(before):
        return True  # the name of a programme, film or column
    # a short quote with no reporting verb in its sentence is a scare quote: no one says it
    # (unless a named subject holds it: "Trump admires Putin as a “strong leader”")
    return len(words) <= 3 and not _sentence_has_reporting(doc, raw) and not _named_holder(doc, raw)


def _named_holder(doc: Doc, raw: RawQuote) -> bool:
    """A verb the fragment hangs from has a named subject ("Trump admires Putin as a
    “strong leader”", "Another critic, Laurence Tribe, likened it to “...”")."""
    span = doc.char_span(raw.start, raw.end, alignment_mode="expand")
    if span is None:
        return False
    tok = span[0]
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX"):
            subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if any(_is_named(c, span) or _is_document(c, span) for c in subjects):
                return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _is_named(subject: Token, quoted: SpacySpan) -> bool:
    """A capitalised, non-pronoun subject outside the quote (the tagger may call "Trump"
    a verb at a sentence start), or a noun with a person's name in apposition."""
    if quoted.start <= subject.i < quoted.end:
        return False
    if subject.pos_ != "PRON" and subject.text[:1].isupper() and subject.i != quoted.start:
        return subject.pos_ in ("PROPN", "VERB") or subject.ent_type_ == "PERSON"
    return any(t.dep_ == "appos" and t.ent_type_ == "PERSON" for t in subject.subtree)


def _is_document(subject: Token, quoted: SpacySpan) -> bool:
    """A text outside the quote ("the communiqué spells out their pledge to “...”"): a
    document's words are quoted, not a label the writer keeps at a distance."""
    outside = not quoted.start <= subject.i < quoted.end
    return outside and subject.pos_ == "NOUN" and subject.lemma_.lower() in document_nouns()


def _looks_like_title(words: list[str]) -> bool:
    long_words = [w for w in words if len(w) > 3]
    return bool(long_words) and all(w[:1].isupper() for w in long_words) and len(words) <= 8


def _sentence_has_reporting(doc: Doc, raw: RawQuote) -> bool:
    span = doc.char_span(raw.start, raw.end, alignment_mode="expand")
    if span is None:
        return False
    sent = span[0].sent
    return any(
        is_reporting(t) or t.lower_ == "according" or t.lemma_.lower() in SPEECH_NOUNS
        for t in sent
        if not span.start <= t.i < span.end
    )


def document_reads(verb: Token) -> bool:
    """ "“...,” reads the statement", "so reads an open letter": a text's words."""
    if verb.lemma_ != "read" or verb.pos_ != "VERB":
        return False
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(c.lemma_.lower() in document_nouns() for c in subjects)


def cue_verbs(window: list[Token], is_before: bool, first: int) -> list[Token]:
    """Cue words to try, best first: "quoted X as", verbs governing the quote, then nearest."""
    cues = [
        t
        for t in window
        if (is_reporting(t) or t.lower_ == "according" or t.lemma_ == "quote" or document_reads(t))
        and (is_before or not describes_a_noun(t, first))
    ]
    if is_before:
        cues.reverse()

    def rank(tok: Token) -> int:
        if tok.lemma_ == "quote":
            return 0
        return 1 if tok.left_edge.i <= first <= tok.right_edge.i else 2

    return sorted(cues, key=rank)  # stable: nearest first within a rank


def describes_a_noun(verb: Token, first: int) -> bool:
    """A verb after the quote, in a relative clause that does not hold it ("“...,” with the
    island, which Beijing claims as its own"): it tells of the noun, not who spoke."""
    return verb.dep_ == "relcl" and not verb.left_edge.i <= first <= verb.right_edge.i


def token_at(doc: Doc, offset: int) -> int:
    """Index of the first token ending after `offset` (len(doc) if none).

    A binary search: token ends only grow, and quotes ask once each.
    """
    return bisect_right(range(len(doc)), offset, key=lambda i: doc[i].idx + len(doc[i].text))
