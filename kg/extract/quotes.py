"""Quotations in an article and who said them.

Rules, in order:
- Spans: every pair of double quote marks (curly with curly, straight with
  straight), paragraph by paragraph; a quote left open runs to the paragraph's
  end and the next paragraph's quote continues it. Headline quotes may use
  single curly marks. A mark after a digit (6'3") is not a quote.
- Dropped (not anyone's words): a quote after "so-called"; a title of a show,
  film or column (Title Case words after a possessive or "titled"/"on"/...); a
  nickname between given name and surname; a stage direction "(CROSSTALK.)"; a
  short quote (three words or fewer) whose sentence has no reporting verb and no
  named subject holding it. "what it describes as “...”" and "what it called
  “...”" are kept: the reporting verb names whose label it is.
- Speaker, first rule that answers: a dash signature (“...” ― Ana Ruiz); the
  subject of a reporting verb (kg/lexicons/reporting_verbs.txt) after a full
  quote ("“...,” Pierce said") or before it ("Pierce said: “...”"), the verb
  before first for a fragment; "X quoted Y as saying" gives Y via X; "according
  to X" gives X; a transcript label ("PENCE: ..."); a paragraph ending
  "Smith continued:"; a quote right after "..., Schiff said."; for a fragment,
  the subject of the verb it hangs from; else the previous quote's speaker
  (same or previous paragraph).
- A statement as speaker ("the statement said") is SpeakerRef("statement", key)
  with key the character offset (as a string) of the word naming the document:
  the coalition extractor owns statements, and the graph stage joins the two
  through the sentences each statement is spoken of in.
- Confidence: 0.9 for a named subject next to the quote, 0.8 for a body or
  country, 0.65 for he/she, 0.55 for a continuation, 0.5 for a fragment's
  governing subject; 0.1 less when the cue is more than four words away.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from kg.extract.countries import lookup_country
from kg.extract.officials import genders, org_in_text, recent_mentions, resolve_name, slug
from kg.extract.speakers import (
    RawQuote,
    clean_name,
    cue_verbs,
    dropped,
    find_raw_quotes,
    is_partial,
    is_reporting,
    name_runs,
    paragraphs,
    person_nouns,
    subject_of,
    token_at,
)
from kg.model import Article, OfficialMention, OrganizationMention, QuoteMention, Span, SpeakerRef

STATEMENT_NOUNS = {
    "statement", "letter", "report", "communique", "communiqué", "declaration",
    "resolution", "document", "readout", "release", "text", "transcript", "note",
    "memo", "brief", "complaint", "ruling", "study", "survey",
}  # fmt: skip
BODY_NOUNS = {"official", "officials", "spokesman", "spokesperson", "spokeswoman"}
FUNCTION_POS = {"AUX", "PRON", "ADP", "SCONJ", "CCONJ", "PART", "DET"}
MAX_AFTER, MAX_BEFORE = 25, 45  # tokens searched for a cue after / before a quote
# “...” ― Ana Ruiz: a dash, then two to four capitalised words ending the line
SIGNATURE = re.compile(
    r"[\u201d\"]?[\s\u00a0]*[\u2015\u2014\u2013]+[\s\u00a0]*"
    r"((?:[A-Z][\w\u00c0-\u024f'.-]*[\s\u00a0]+){1,3}[A-Z][\w\u00c0-\u024f'.-]*)[\s\u00a0.]*(?:\n|$)"
)
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
        partial = is_partial(doc.text, raw)
        if dropped(doc, raw, partial):
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
    return _headline_speakers(quotes, text, article.title)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _headline_speakers(quotes: list[QuoteMention], text: str, title: str | None):
    """A headline quote repeated in the body takes the body's speaker: the body names
    who said it ("China warns ... not ‘helpful’" is the envoy quoted below)."""
    if not title or not quotes:
        return quotes
    first_line = text[: text.find("\n")] if "\n" in text else text
    if first_line.strip() != title.strip():
        return quotes
    out = []
    for quote in quotes:
        if quote.span.end <= len(first_line):
            body = [q for q in quotes if q.span.start > len(first_line) and q.speaker]
            same = [q for q in body if _words(q.text) == _words(quote.text)]
            if same:
                quote = replace(quote, speaker=same[0].speaker, via=same[0].via,
                                confidence=same[0].confidence)  # fmt: skip
        out.append(quote)
    return out


class _Context:
    """What attribution needs about one document: names, mentions, bodies."""

    def __init__(self, doc: Doc, officials, organizations) -> None:
        self.doc = doc
        self.officials = officials
        self.organizations = organizations
        self.mentions = recent_mentions(doc, officials)
        self.runs = {t.i: run for run in name_runs(doc) for t in run}
        self.paras = paragraphs(doc.text)
        self.genders = genders(doc, self.mentions)
        self.quoted = [(r.start, r.end) for r in find_raw_quotes(doc.text)]

    def attribute(self, raw, raws, partial, previous):
        """(speaker, via, cue span, confidence) for one quote."""
        signed = self._signature(raw)
        if signed is not None:
            return signed
        after = self._after(raw, raws)
        before = self._before(raw, raws, partial)
        order = [(before, True), (after, False)] if partial else [(after, False), (before, True)]
        first = token_at(self.doc, raw.start)
        # a verb that governs the quote ("footage of Trump saying, “...”") outranks a cue
        # in a clause of its own on the other side ("..., when Clinton blasted him")
        cues = [(v, w, b) for w, b in order for v in cue_verbs(w, b, first)]
        cues.sort(key=lambda c: (not _governs(c[0], first), _subordinate(c[0])))
        if partial and not any(_governs(v, first) for v, _, _ in cues):
            # no cue holds the fragment: the named subject of the clause it sits in does
            # ("as Trump went on about “how the system is rigged,”")
            governing = self._governing_subject(first, previous)
            if governing is not None and governing[0].kind == "official":
                return governing
        for verb, window, is_before in cues:
            speaker, via, conf = self._speaker_of(verb, previous)
            if speaker is None and verb.lemma_ != "quote" and self._subject(verb) is None:
                speaker, conf = self._nearby_name(window, verb), 0.7
            if speaker is None:
                continue
            distance = len(window) - window.index(verb) if is_before else window.index(verb)
            conf = conf if distance <= 4 else conf - 0.1
            return speaker, via, Span(verb.idx, verb.idx + len(verb.text)), round(conf, 2)
        lead = self._transcript_or_colon(raw, previous)
        if lead is not None:
            return lead
        tail = self._sentence_tail(raw, previous)
        if tail is not None:
            return tail
        nearby = self._previous_sentence(raw)
        if nearby is not None:
            return nearby
        if partial or self.doc.text[: raw.start - 1].rstrip().endswith(":"):
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

    def _signature(self, raw: RawQuote):
        """A quote signed with a dash: “...” ― Ana Ruiz (letters, vox pops).

        A paragraph that opens with the quote and ends with the signature is signed
        as a whole, nested quotes inside it ("what he calls “hell” than ...") too.
        """
        text = self.doc.text
        m = SIGNATURE.match(text, raw.end)
        p_start, p_end = self.paras[raw.paragraph]
        if m is None and text[p_start : raw.start].strip() in ("\u201c", '"'):
            m = next((s for s in SIGNATURE.finditer(text, raw.end, p_end)), None)
        if m is None:
            return None
        name = clean_name(m.group(1))
        key = resolve_name(name, self.officials, m.end(1)) or name
        return SpeakerRef("official", key), None, Span(m.start(1), m.end(1)), 0.8

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
        inner = doc.text.find("\u201d", raw.start, raw.end)
        if not raw.closed and doc.text[raw.start - 1] == '"' and inner != -1:
            # '"Oz has a pulpit,” said David Gorski ...': a straight mark closed by a curly one
            raw = replace(raw, end=inner)
        nxt = min((r.start - 1 for r in raws if r.start > raw.end), default=len(doc.text))
        para_end = self.paras[raw.paragraph][1]
        start_tok = doc.char_span(raw.end, raw.end, alignment_mode="expand")
        i = start_tok.start if start_tok is not None else token_at(doc, raw.end)
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

    def _before(self, raw: RawQuote, raws, partial: bool = False) -> list[Token]:
        """Tokens before the quote in its sentence; a full quote stops at the previous quote,
        a fragment looks past earlier fragments to the sentence's reporting verb."""
        doc, out = self.doc, []
        prv = 0 if partial else max((r.end + 1 for r in raws if r.end < raw.start), default=0)
        para_start = self.paras[raw.paragraph][0]
        i = token_at(doc, raw.start - 1) - 1
        while i >= 0 and len(out) < MAX_BEFORE:
            tok = doc[i]
            if tok.idx < max(prv, para_start) or tok.text in (".", "!", "?"):
                break
            if not any(s <= tok.idx < e for s, e in self.quoted):
                out.append(tok)
            i -= 1
        return list(reversed(out))

    def _sentence_tail(self, raw: RawQuote, previous):
        """A fragment whose sentence ends in a reporting clause after later quotes.

        'China believes the report “constitutes a threat,” and cannot “act as if
        nothing happened,” he said.': the closing "he said" covers every fragment.
        """
        first = token_at(self.doc, raw.start)
        if first >= len(self.doc):
            return None
        sent = self.doc[first].sent
        tail = [t for t in sent if t.idx >= raw.end and not self._inside_quote(t)]
        for verb in reversed([t for t in tail if is_reporting(t)]):
            subj = self._subject(verb)
            if subj is None or subj.i < verb.i - 4:
                continue  # only a clause that closes the sentence: "..., he said."
            ref, conf = self._ref(subj, previous)
            if ref is not None:
                return ref, None, Span(verb.idx, verb.idx + len(verb.text)), round(conf - 0.1, 2)
        return None

    def _inside_quote(self, tok: Token) -> bool:
        return any(s <= tok.idx < e for s, e in self.quoted)

    def _previous_sentence(self, raw: RawQuote):
        """A quote opening a sentence right after "..., Schiff said." takes that speaker."""
        para_start = self.paras[raw.paragraph][0]
        i = token_at(self.doc, raw.start - 1)
        if i >= len(self.doc) or i == 0:
            return None
        sent = self.doc[i].sent
        if sent.start == 0 or self.doc[sent.start - 1].idx < para_start:
            return None
        prev = self.doc[sent.start - 1].sent
        if self.doc.text[prev.end_char - 1 : raw.start - 1].strip(' .\u201d"') != "":
            return None  # something stands between that sentence and the quote
        for verb in reversed([t for t in prev if is_reporting(t)]):
            subj = self._subject(verb)
            ref = self._ref(subj, None)[0] if subj is not None else None
            if ref is not None:
                return ref, None, Span(verb.idx, verb.idx + len(verb.text)), 0.6
        return None

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
        if verb.tag_ == "VBG" and verb.i > 0 and verb.i - 1 in self.runs:
            return self.doc[verb.i - 1]  # "footage of Hillary Clinton asking, “...”"
        if verb.dep_ == "xcomp" and is_reporting(verb):  # "prompting the envoy to warn"
            objects = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
            if objects and not self._inside_quote(objects[-1]):
                return objects[-1]
        subj = subject_of(verb)
        if subj is not None and any(s <= subj.idx < e for s, e in self.quoted):
            return None  # the parse climbed into the quoted words
        return subj

    def _nearby_name(self, window: list[Token], verb: Token) -> SpeakerRef | None:
        """When the parse gives the verb no subject: a name next to it.

        A name before the verb counts when it is some verb's subject or when only
        its title words stand between the quote and the verb ("”, Tulsa police
        Chief Chuck Jordan said"); after the verb, the name right after it ("said Ana Ruiz").
        """
        pos = window.index(verb)
        before = window[:pos]
        # no function word between quote and verb: a (mis-parsed) name-and-title phrase
        only_names = len(before) <= 8 and not any(t.pos_ in FUNCTION_POS for t in before)
        candidates = [t for t in reversed(before) if only_names or t.dep_ in ("nsubj", "nsubjpass")]
        for tok in candidates + window[pos + 1 : pos + 3]:
            run = self.runs.get(tok.i)
            ref = self._run_ref(run) if run is not None else None
            if ref is not None:
                return ref
        return self._appositive_name(verb)

    def _appositive_name(self, verb: Token) -> SpeakerRef | None:
        """ "Marc Morial, the chief executive of the League, told ...": the name before
        the apposition that ends right before the verb (a parse that lost the subject)."""
        j = verb.i - 1
        while j > 0 and self.doc[j].pos_ == "ADV":
            j -= 1
        if j < 1 or self.doc[j].text != ",":
            return None
        tok = self.doc[j - 1]
        for _ in range(6):
            if tok.dep_ == "appos":
                run = self.runs.get(tok.head.i)
                return self._run_ref(run) if run is not None else None
            if tok.head is tok:
                return None
            tok = tok.head
        return None

    def _run_ref(self, run) -> SpeakerRef | None:
        """A name as speaker: a known official, else a new person or a named body.

        NER decides for names no official holds: a place is nobody's voice; an
        organisation ("Politifact said") speaks as a body with a slug from its name.
        """
        if lookup_country(run.text) is not None:
            return None
        name = clean_name(run.text)
        key = resolve_name(name, self.officials, run.end_char)
        if key:
            return SpeakerRef("official", key)
        if org_in_text(name) is not None or run.root.ent_type_ in ("GPE", "LOC", "FAC"):
            return None
        if run.root.ent_type_ == "ORG":
            return SpeakerRef("organization", slug(name))
        return SpeakerRef("official", name)

    def _ref(self, tok: Token, previous) -> tuple[SpeakerRef | None, float]:
        if tok.lower_ in ("that", "which", "who") and tok.head.dep_ == "relcl":
            antecedent = tok.head.head  # "a Belarus text that heaped praise on ...": the text
            if tok.lower_ == "who" or antecedent.lemma_.lower() in STATEMENT_NOUNS:
                tok = antecedent
        low = tok.lower_
        if low in ("he", "she", "him", "her"):
            gender = "F" if low in ("she", "her") else "M"
            return self._recent_person(tok, gender), 0.65
        if low in ("it", "they"):
            # a body named as a subject earlier in the same sentence comes first
            # ("China set up camps that it describes as ..."), then the last body quoted
            same = self._recent_body(tok, tok.sent.start)
            if same is not None:
                return same, 0.6
            if previous and previous[1].speaker and previous[1].speaker.kind != "official":
                return previous[1].speaker, 0.55
            return self._recent_body(tok), 0.5
        if tok.lemma_.lower() in STATEMENT_NOUNS and tok.pos_ == "NOUN":
            # "the statement said", "a Homeland Security memo put it": the document speaks
            return SpeakerRef("statement", str(self._statement_sentence(tok))), 0.75
        run = self.runs.get(tok.i) or next(
            (
                self.runs[c.i]
                for c in tok.children
                if c.dep_ in ("appos", "compound") and c.i in self.runs
            ),
            None,
        )
        ref = self._run_ref(run) if run is not None else None
        if ref is not None:
            return ref, 0.9
        if tok.pos_ == "NOUN":  # "His former partner at Lenox, Lawrence Cummings, called ..."
            named = [t for t in tok.subtree if t.dep_ == "appos" and t.ent_type_ == "PERSON"]
            ref = (
                self._run_ref(self.runs[named[0].i]) if named and named[0].i in self.runs else None
            )
            if ref is not None:
                return ref, 0.8
        phrase = self.doc.text[tok.left_edge.idx : tok.idx + len(tok.text)]
        if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ in person_nouns():
            # "Ambassador to the UN Kelly Craft said": the name hangs inside the title
            inner = next((self.runs[t.i] for t in tok.subtree if t.i in self.runs), None)
            ref = self._run_ref(inner) if inner is not None else None
            if ref is not None and ref.kind == "official":
                return ref, 0.85
            described = self._described(tok)
            if described is not None:
                return described
        org = self._organization(phrase, tok.idx)
        if org:
            return SpeakerRef("organization", org), 0.8
        iso3 = lookup_country(phrase) or lookup_country(tok.text)
        if iso3:
            return SpeakerRef("country", iso3), 0.8
        return None, 0

    def _recent_person(self, tok: Token, gender: str) -> SpeakerRef | None:
        """The person a he/she refers to: compatible gender, subjects first.

        Candidates are earlier mentions whose known gender does not clash. A
        subject mention in the last two sentences wins ("Obama said after meeting
        Putin. He ..." is Obama); otherwise the most recent compatible mention.
        """
        other = "M" if gender == "F" else "F"
        earlier = [m for m in self.mentions if m[0] < tok.idx and self.genders.get(m[1]) != other]
        if not self._inside_quote(tok):  # a name inside someone's quote is not the narrative's
            earlier = [m for m in earlier if not any(s <= m[0] < e for s, e in self.quoted)]
        if not earlier:
            return None
        sent = tok.sent
        window_start = self.doc[sent.start - 1].sent.start_char if sent.start > 0 else 0
        subjects = [m for m in earlier if m[2] and m[0] >= window_start]
        matching = [m for m in earlier if self.genders.get(m[1]) == gender and m[0] >= window_start]
        best = (subjects or matching or earlier)[-1]
        return SpeakerRef("official", best[1])

    def _recent_body(self, tok: Token, start: int | None = None) -> SpeakerRef | None:
        """ "it said": the nearest earlier subject that is a country or a body.

        The subject's whole phrase counts ("the office of Michelle Bachelet, then
        High Commissioner for Human Rights" is that office).
        """
        start = max(0, tok.sent.start - 80) if start is None else start
        for cand in reversed(self.doc[start : tok.i]):
            if cand.dep_ not in ("nsubj", "nsubjpass") or cand.pos_ == "PRON":
                continue
            phrase = self.doc.text[cand.left_edge.idx : cand.idx + len(cand.text)]
            whole = self.doc.text[cand.left_edge.idx : cand.right_edge.idx + 1]
            org = self._organization(phrase, cand.idx)
            org = org or (self._organization(whole, cand.idx) if cand.pos_ == "NOUN" else None)
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
        """Where the document is named: the graph joins it to the statement spoken of there."""
        return tok.idx

    def _described(self, tok: Token) -> tuple[SpeakerRef | None, float] | None:
        """A description as speaker: "China's UN envoy", "the 70-year-old former Chilean president".

        The official whose title has the head noun and whose country does not clash
        wins; failing that, a description of a person ("former", an age, a person
        noun) is the person last mentioned whose country and gender do not clash.
        """
        words = list(tok.lefts)
        iso3 = next((c for c in (lookup_country(w.text) for w in words) if c), None)
        head = {"envoy": "ambassador", "spokeswoman": "spokesman"}.get(tok.lower_, tok.lower_)
        fits = [o for o in self.officials if iso3 is None or o.country in (None, iso3)]
        titled = [o for o in fits if head in (o.title or "").lower().replace("-", " ").split()]
        titled = [o for o in titled if iso3 is None or o.country == iso3]
        if titled:
            before = [o for o in titled if o.span.start < tok.idx]
            return SpeakerRef("official", (before or titled)[-1].key), 0.6
        if not any(w.lower_ in ("the", "former") for w in words) or tok.lower_ in BODY_NOUNS:
            return None
        gender = _pronoun_gender(tok)
        former = any(w.lower_ == "former" for w in words)
        # a known title with another head clashes ("the congressman" is not the President),
        # unless the description is of a former role
        allowed = {o.key for o in fits if former or not o.title}
        earlier = [
            m for m in self.mentions
            if m[0] < tok.idx and m[1] in allowed and self.genders.get(m[1]) != gender
        ]  # fmt: skip
        subjects = [m for m in earlier if m[2]]
        chosen = (subjects or earlier)[-1:]
        return (SpeakerRef("official", chosen[0][1]), 0.5) if chosen else None


def _pronoun_gender(tok: Token) -> str | None:
    """The gender a description cannot have: "the former president said she ..." is not a man."""
    for t in tok.sent:
        if t.i > tok.i and t.lower_ in ("she", "her"):
            return "M"
        if t.i > tok.i and t.lower_ in ("he", "his", "him"):
            return "F"
    return None


def _governs(verb: Token, first: int) -> bool:
    return verb.lemma_ == "quote" or verb.left_edge.i <= first <= verb.right_edge.i


SUBORDINATORS = {"when", "as", "after", "before", "while", "because", "since", "if", "until"}


def _subordinate(verb: Token) -> bool:
    """A cue in an adverbial clause ("..., when Clinton blasted him") reports another act."""
    return verb.dep_ == "advcl" and any(
        c.lower_ in SUBORDINATORS and c.dep_ in ("mark", "advmod") for c in verb.children
    )
