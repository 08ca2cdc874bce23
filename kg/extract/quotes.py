"""Quotations in an article and who said them.

Rules, in order:
- Spans: every pair of double quote marks (curly or straight), paragraph by
  paragraph; a quote left open runs to the paragraph's end and the next
  paragraph's quote continues it. Headline quotes may use single curly marks.
- Dropped (not anyone's words): a quote after "so-called"; a title of a show,
  film or programme (Title Case words after a possessive or "titled"/"on"/...);
  a short quote (three words or fewer) whose sentence has no reporting verb.
  "what it describes as “...”" and "what it called “...”" are kept: the
  reporting verb names whose label it is, so the words are attributed.
- Speaker: the subject of the nearest reporting verb (kg/lexicons/reporting_verbs.txt)
  after a full quote ("“...,” Pierce said"), else before it ("Pierce said: “...”");
  for a partial quote inside reported speech the verb before it comes first.
  "X quoted Y as saying" gives Y, via X; "according to X" gives X.
  A quote with no cue continues the previous quote's speaker (same or previous paragraph).
- A statement as speaker ("the statement said") is SpeakerRef("statement", key) where
  key is the character offset (as a string) of the most recent sentence naming a
  statement, letter or report: the coalition extractor owns statements, and a
  sentence offset lets the graph stage join the two.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from kg.extract.countries import lookup_country
from kg.extract.officials import recent_mentions, resolve_name
from kg.extract.speakers import (
    RawQuote,
    clean_name,
    find_raw_quotes,
    is_reporting,
    name_runs,
    org_in_text,
    paragraphs,
    subject_of,
)
from kg.model import Article, OfficialMention, OrganizationMention, QuoteMention, Span, SpeakerRef

STATEMENT_NOUNS = {
    "statement", "letter", "report", "communique", "communiqué", "declaration",
    "resolution", "document", "readout", "release", "text", "transcript", "note",
}  # fmt: skip
TITLE_CUES = re.compile(
    r"(?:['\u2019]s|\btitled|\bentitled|\bon|\bof|\bshow|\bprogram|\bprogramme|\bdocumentary"
    r"|\bfilm|\bbook|\bcolumn|\bcommentary|\bnewspaper|\bmagazine|\bseries|\bepisode)\s*$",
    re.IGNORECASE,
)
MAX_AFTER, MAX_BEFORE = 25, 45
TRANSCRIPT = re.compile(r"([A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,2}):\s")  # "WALLACE: ..."


def extract_quotes(
    doc: Doc,
    article: Article,
    officials: list[OfficialMention],
    organizations: list[OrganizationMention],
) -> list[QuoteMention]:
    """Every quotation in the article with its speaker, partial flag and confidence."""
    text = article.text
    ctx = _Context(doc, officials, organizations)
    raws = find_raw_quotes(text, article.title)
    quotes: list[QuoteMention] = []
    previous: tuple[RawQuote, QuoteMention] | None = None
    for raw in raws:
        partial = _is_partial(doc.text, raw)
        if _dropped(doc, raw, partial):
            continue
        speaker, via, cue, confidence = ctx.attribute(raw, raws, partial, previous)
        quote = QuoteMention(
            text=text[raw.start : raw.end],
            span=Span(raw.start, raw.end),
            speaker=speaker,
            partial=partial,
            via=via,
            cue=cue,
            confidence=confidence,
        )
        quotes.append(quote)
        previous = (raw, quote)
    return quotes


def _sentence_prefix(text: str, raw: RawQuote) -> str:
    """Words between the sentence (or paragraph) start and the opening mark."""
    para_start = text.rfind("\n", 0, raw.start) + 1
    before = text[para_start : max(para_start, raw.start - 1)].rstrip()
    if before.endswith((".", "!", "?")):
        return ""
    parts = re.split(r"(?<=[.!?\u201d\"])\s+(?=[\u201c\"A-Z])", before)
    return parts[-1].strip() if parts else ""


def _is_partial(text: str, raw: RawQuote) -> bool:
    """A fragment inside reported speech, not a sentence of its own."""
    quoted = text[raw.start : raw.end]
    if quoted[:1].islower():
        return True
    prefix = _sentence_prefix(text, raw)
    # after a colon or a comma ('said, "...') or another quote, the quote is a sentence
    return not (not prefix or raw.single or prefix.endswith((":", ",", "\u201d", '"')))


def _dropped(doc: Doc, raw: RawQuote, partial: bool) -> bool:
    text = doc.text
    quoted = text[raw.start : raw.end]
    before = text[max(0, raw.start - 40) : max(0, raw.start - 1)]
    if re.fullmatch(r"\(.*\)\.?", quoted):
        return True  # a stage direction in a transcript: (CROSSTALK.)
    if re.search(r"so[- ]called\s*$", before, re.IGNORECASE):
        return True  # the writer distances themself from a label; nobody is quoted
    after = text[raw.end + 1 : raw.end + 30]
    if (
        re.search(r"\b[A-Z][a-z]*\.? $", before)
        and re.match(r" [A-Z]", after)
        and " " not in quoted
    ):
        return True  # a nickname between given name and surname: Robert C. "Bobby" Scott
    words = re.findall(r"[^\W\d_][\w'\u2019-]*", quoted)
    if not partial or raw.single:
        return False
    if _looks_like_title(words) and TITLE_CUES.search(before):
        return True  # the name of a programme, film or column
    # a short quote with no reporting verb in its sentence is a scare quote: no one says it
    # (unless a named subject holds it: "Trump admires Putin as a “strong leader”")
    return len(words) <= 3 and not _sentence_has_reporting(doc, raw) and not _named_holder(doc, raw)


def _named_holder(doc: Doc, raw: RawQuote) -> bool:
    """The verb the fragment hangs from has a proper-noun subject."""
    span = doc.char_span(raw.start, raw.end, alignment_mode="expand")
    if span is None:
        return False
    tok = span[0]
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX"):
            subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            return any(c.pos_ == "PROPN" for c in subjects)
        if tok.head is tok:
            return False
        tok = tok.head
    return False


def _looks_like_title(words: list[str]) -> bool:
    long_words = [w for w in words if len(w) > 3]
    return bool(long_words) and all(w[:1].isupper() for w in long_words) and len(words) <= 8


def _sentence_has_reporting(doc: Doc, raw: RawQuote) -> bool:
    span = doc.char_span(raw.start, raw.end, alignment_mode="expand")
    if span is None:
        return False
    sent = span[0].sent
    return any(is_reporting(t) or t.lower_ == "according" for t in sent)


class _Context:
    """What attribution needs about one document: names, mentions, bodies."""

    def __init__(self, doc: Doc, officials, organizations) -> None:
        self.doc = doc
        self.officials = officials
        self.organizations = organizations
        self.mentions = recent_mentions(doc, officials)
        self.runs = {t.i: run for run in name_runs(doc) for t in run}
        self.paras = paragraphs(doc.text)
        self.genders = _genders(doc, self.mentions)
        self.quoted = [(r.start, r.end) for r in find_raw_quotes(doc.text)]

    def attribute(self, raw, raws, partial, previous):
        """(speaker, via, cue span, confidence) for one quote."""
        after = self._after(raw, raws)
        before = self._before(raw, raws)
        order = [(before, True), (after, False)] if partial else [(after, False), (before, True)]
        first = _token_at(self.doc, raw.start)
        for window, is_before in order:
            for verb in _cue_verbs(window, is_before, first):
                speaker, via, conf = self._speaker_of(verb, previous)
                if speaker is None and verb.lemma_ != "quote":
                    speaker, conf = self._nearby_name(window, verb), 0.7
                if speaker is None:
                    continue
                distance = len(window) - window.index(verb) if is_before else window.index(verb)
                conf = conf if distance <= 4 else conf - 0.1
                return speaker, via, Span(verb.idx, verb.idx + len(verb.text)), round(conf, 2)
        signed = self._signature(after)
        if signed is not None:
            return signed
        lead = self._transcript_or_colon(raw, previous)
        if lead is not None:
            return lead
        if partial:
            governing = self._governing_subject(first, previous)
            if governing is not None:
                return governing
        if previous and raw.paragraph - previous[0].paragraph <= 1 and previous[1].speaker:
            return previous[1].speaker, previous[1].via, previous[1].cue, 0.55
        return None, None, None, 0.3

    def _governing_subject(self, first: int, previous):
        """A fragment with no reporting verb: the subject of the verb it hangs from.

        "Reid has gone after Trump as a “human leech”" attributes the label to Reid.
        """
        if first >= len(self.doc):
            return None
        tok = self.doc[first]
        for _ in range(8):
            if tok.pos_ in ("VERB", "AUX"):
                subj = self._subject(tok)
                ref = self._ref(subj, previous)[0] if subj is not None else None
                if ref is not None:
                    return ref, None, Span(tok.idx, tok.idx + len(tok.text)), 0.5
            if tok.head is tok:
                return None
            tok = tok.head
        return None

    def _signature(self, after: list[Token]):
        """A quote signed with a dash: “...” ― Ana Ruiz."""
        if not after or after[0].text not in ("\u2015", "\u2014", "-", "--"):
            return None
        for tok in after[1:4]:
            run = self.runs.get(tok.i)
            if run is not None:
                name = clean_name(run.text)
                key = resolve_name(name, self.officials, run.end_char) or name
                return SpeakerRef("official", key), None, Span(run.start_char, run.end_char), 0.8
        return None

    def _transcript_or_colon(self, raw: RawQuote, previous):
        """ "PENCE: ..." inside the marks, or a quote paragraph after "Smith continued:"."""
        text = self.doc.text
        label = TRANSCRIPT.match(text, raw.start, raw.end)
        if label:
            name = label.group(1).title()
            key = resolve_name(name, self.officials, raw.start) or name
            return SpeakerRef("official", key), None, Span(raw.start, label.end(1)), 0.8
        para_start = self.paras[raw.paragraph][0]
        if raw.paragraph == 0 or text[para_start : raw.start].strip() not in ("", '"', "\u201c"):
            return None
        prev_start, prev_end = self.paras[raw.paragraph - 1]
        if not text[prev_start:prev_end].rstrip().endswith(":"):
            return None
        span = self.doc.char_span(prev_start, prev_end, alignment_mode="expand")
        verbs = (
            [t for t in span if t.pos_ in ("VERB", "AUX") and subject_of(t) is not None]
            if span
            else []
        )
        for verb in reversed(verbs):
            ref, conf = self._ref(subject_of(verb), previous)
            if ref is not None:
                return ref, None, Span(verb.idx, verb.idx + len(verb.text)), round(conf - 0.1, 2)
        return None

    def _after(self, raw: RawQuote, raws) -> list[Token]:
        doc, out = self.doc, []
        nxt = min((r.start - 1 for r in raws if r.start > raw.end), default=len(doc.text))
        para_end = self.paras[raw.paragraph][1]
        start_tok = doc.char_span(raw.end, raw.end, alignment_mode="expand")
        i = start_tok.start if start_tok is not None else _token_at(doc, raw.end)
        while i < len(doc) and len(out) < MAX_AFTER:
            tok = doc[i]
            if tok.idx >= min(nxt, para_end):
                break
            if tok.idx >= raw.end + 1 and tok.text in (".", "!", "?", ";") and out:
                break
            if tok.idx >= raw.end and tok.text not in ("\u201d", '"', "\u2019", "'"):
                out.append(tok)
            i += 1
        return out

    def _before(self, raw: RawQuote, raws) -> list[Token]:
        doc, out = self.doc, []
        prv = max((r.end + 1 for r in raws if r.end < raw.start), default=0)
        para_start = self.paras[raw.paragraph][0]
        i = _token_at(doc, raw.start - 1) - 1
        while i >= 0 and len(out) < MAX_BEFORE:
            tok = doc[i]
            if tok.idx < max(prv, para_start) or tok.text in (".", "!", "?"):
                break
            out.append(tok)
            i -= 1
        return list(reversed(out))

    def _speaker_of(self, verb: Token, previous):
        """(speaker, via, confidence) from a reporting verb or 'according'."""
        if verb.lower_ == "according":
            objs = [t for t in verb.subtree if t.dep_ == "pobj"]
            return (self._ref(objs[0], previous)[0], None, 0.85) if objs else (None, None, 0)
        if verb.lemma_ == "quote":
            said = [t for t in verb.children if t.dep_ == "dobj"]
            subj = self._subject(verb)
            via = self._ref(subj, previous)[0] if subj is not None else None
            if said:
                ref, conf = self._ref(said[0], previous)
                return ref, via, conf
        subj = self._subject(verb)
        if subj is None:
            return None, None, 0
        ref, conf = self._ref(subj, previous)
        return ref, None, conf

    def _subject(self, verb: Token) -> Token | None:
        """The verb's subject, skipping words inside quote marks (a quoted title)."""
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        outside = [c for c in subjects if not any(s <= c.idx < e for s, e in self.quoted)]
        if outside:
            return min(outside, key=lambda c: abs(c.i - verb.i))
        if subjects:
            return None
        subj = subject_of(verb)
        if subj is not None and any(s <= subj.idx < e for s, e in self.quoted):
            return None  # the parse climbed into the quoted words
        return subj

    def _nearby_name(self, window: list[Token], verb: Token) -> SpeakerRef | None:
        """When the parse gives no subject: a name right before or right after the verb."""
        pos = window.index(verb)
        near = window[max(0, pos - 6) : pos][::-1] + window[pos + 1 : pos + 3]
        for tok in near:
            run = self.runs.get(tok.i)
            if run is not None and lookup_country(run.text) is None:
                name = clean_name(run.text)
                return SpeakerRef(
                    "official", resolve_name(name, self.officials, run.end_char) or name
                )
        return None

    def _ref(self, tok: Token, previous) -> tuple[SpeakerRef | None, float]:
        low = tok.lower_
        if low in ("he", "she", "him", "her"):
            gender = "F" if low in ("she", "her") else "M"
            return self._recent_person(tok, gender), 0.65
        if low in ("it", "they"):
            if previous and previous[1].speaker and previous[1].speaker.kind != "official":
                return previous[1].speaker, 0.6
            return self._recent_body(tok), 0.5
        run = self.runs.get(tok.i) or next(
            (
                self.runs[c.i]
                for c in tok.children
                if c.dep_ in ("appos", "compound") and c.i in self.runs
            ),
            None,
        )
        if run is not None and lookup_country(run.text) is None:
            name = clean_name(run.text)
            key = resolve_name(name, self.officials, run.end_char) or name
            if org_in_text(name) is None:
                return SpeakerRef("official", key), 0.9
        phrase = self.doc.text[tok.left_edge.idx : tok.idx + len(tok.text)]
        if tok.lemma_.lower() in STATEMENT_NOUNS:
            return SpeakerRef("statement", str(self._statement_sentence(tok))), 0.75
        org = self._organization(phrase, tok.idx)
        if org:
            return SpeakerRef("organization", org), 0.8
        iso3 = lookup_country(phrase) or lookup_country(tok.text)
        if iso3:
            return SpeakerRef("country", iso3), 0.8
        return self._by_title(tok, phrase)

    def _recent_person(self, tok: Token, gender: str) -> SpeakerRef | None:
        """The most recent person of that gender (or of unknown gender) before the pronoun.

        A subject earlier in the pronoun's own sentence comes first ("Clinton says
        she ..."), then any earlier mention.
        """
        offset, sent_start = tok.idx, tok.sent.start_char
        earlier = [m for m in self.mentions if m[0] < offset]
        same = [
            m
            for m in earlier
            if m[0] >= sent_start
            and m[2]
            and self.genders.get(m[1]) != ("M" if gender == "F" else "F")
        ]
        if same:
            return SpeakerRef("official", same[-1][1])
        matching = [m for m in earlier if self.genders.get(m[1]) == gender]
        unknown = [m for m in earlier if m[1] not in self.genders]
        best = max(matching[-1:] + unknown[-1:], default=None, key=lambda m: m[0])
        return SpeakerRef("official", best[1]) if best else None

    def _recent_body(self, tok: Token) -> SpeakerRef | None:
        """ "it said": the nearest earlier subject that is a country or a body."""
        start = max(0, tok.sent.start - 80)
        for cand in reversed(self.doc[start : tok.i]):
            if cand.dep_ not in ("nsubj", "nsubjpass") or cand.pos_ == "PRON":
                continue
            phrase = self.doc.text[cand.left_edge.idx : cand.idx + len(cand.text)]
            org = self._organization(phrase, cand.idx)
            if org:
                return SpeakerRef("organization", org)
            iso3 = lookup_country(phrase) or lookup_country(cand.text)
            if iso3:
                return SpeakerRef("country", iso3)
        return None

    def _organization(self, phrase: str, offset: int) -> str | None:
        org = org_in_text(phrase)
        if org is None and not re.search(r"\bministry\b", phrase, re.IGNORECASE):
            return None
        if org is not None and org.kind != "national":
            return org.slug
        national = [o for o in self.organizations if o.country and o.span]
        inside = [o for o in national if offset - len(phrase) <= o.span.start <= offset]
        earlier = [o for o in national if o.span.start <= offset]
        chosen = inside or earlier
        return chosen[-1].slug if chosen else None

    def _statement_sentence(self, tok: Token) -> int:
        for sent in reversed(list(self.doc.sents)):
            if sent.start_char >= tok.sent.start_char:
                continue
            if any(t.lemma_.lower() in STATEMENT_NOUNS and t.pos_ == "NOUN" for t in sent):
                return sent.start_char
        return tok.sent.start_char

    def _by_title(self, tok: Token, phrase: str) -> tuple[SpeakerRef | None, float]:
        """ "China's UN envoy said": the official whose title has that word and country."""
        word = {"envoy": "ambassador"}.get(tok.lower_, tok.lower_)
        iso3 = lookup_country(phrase.split()[0]) if phrase.split() else None
        for official in self.officials:
            title = (official.title or "").lower()
            if word in title.split() and (iso3 is None or official.country == iso3):
                return SpeakerRef("official", official.key), 0.6
        return None, 0


def _cue_verbs(window: list[Token], is_before: bool, first: int) -> list[Token]:
    """Cue words to try, best first: "quoted X as", verbs governing the quote, then nearest."""
    cues = [t for t in window if is_reporting(t) or t.lower_ == "according" or t.lemma_ == "quote"]
    if is_before:
        cues.reverse()

    def rank(tok: Token) -> int:
        if tok.lemma_ == "quote":
            return 0
        return 1 if tok.left_edge.i <= first <= tok.right_edge.i else 2

    return sorted(cues, key=rank)  # stable: nearest first within a rank


def _genders(doc: Doc, mentions: list[tuple[int, str, bool]]) -> dict[str, str]:
    """Gender per official from honorifics (Ms/Mr) and pronouns right after their mentions."""
    votes: dict[str, int] = {}
    for offset, key, _subject in mentions:
        before = doc.text[max(0, offset - 5) : offset].lower()
        if re.search(r"\b(ms|mrs|miss)\.? $", before):
            votes[key] = votes.get(key, 0) - 3
        elif re.search(r"\bmr\.? $", before):
            votes[key] = votes.get(key, 0) + 3
        span = doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None:
            continue
        sent = span[0].sent
        for tok in doc[span.start : min(len(doc), sent.end + 1)]:
            if tok.lower_ in ("she", "her", "hers", "herself"):
                votes[key] = votes.get(key, 0) - 1
            elif tok.lower_ in ("he", "his", "him", "himself"):
                votes[key] = votes.get(key, 0) + 1
    return {key: ("M" if v > 0 else "F") for key, v in votes.items() if v}


def _token_at(doc: Doc, offset: int) -> int:
    for tok in doc:
        if tok.idx + len(tok.text) > offset:
            return tok.i
    return len(doc)
