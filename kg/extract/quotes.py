"""Quotations in an article and who said them.

Rules, in order:
- Spans: every pair of double quote marks (curly with curly, straight with
  straight), paragraph by paragraph; a quote left open runs to the paragraph's
  end and the next paragraph's quote continues it. Headline quotes may use
  single curly marks. A mark after a digit (6'3") is not a quote.
- Dropped (not anyone's words): a quote after "so-called"; a title of a show,
  film or column (Title Case words after a possessive or "titled"/"on"/...); a
  nickname between given name and surname; a stage direction "(CROSSTALK.)"; a
  "Follow X on Twitter" prompt; a short quote (three words or fewer) whose
  sentence has no reporting verb or speech noun ("claim", "remark") and no named
  subject or document holding it ("the communiqué spells out a pledge to
  “...”"). "what it describes as “...”" is kept.
- Speaker, first rule that answers: a dash signature (“...” ― Ana Ruiz, also a
  whole signed paragraph); for a fragment no reporting verb holds, the owner
  of a speech noun it sits in ("Trump's claim that “...”"), else the named
  subject of its clause (also for a fragment in an "as/when ..." clause); the
  subject of a reporting verb (kg/lang/en/reporting_verbs.txt; Spanish,
  Portuguese and French forms as written: reporting_verbs_foreign.txt) after
  or before the quote, verbs governing the quote first, never a relative
  clause after the quote that does not hold it ("..., which China claims"),
  for a fragment the outer of two holding verbs ("Trump said
  Clinton called it “...”" is Trump's; not across "and"), and verbs of
  "when/as/after" clauses last ("quoted X as saying" gives X via the quoter;
  "according to X" gives X; "prompting the envoy to warn" gives the envoy;
  "footage of Ana Ruiz asking" gives Ruiz; a name in apposition stands in for
  a lost subject); a transcript label
  ("PENCE: ..."); for a fragment whose cue named no one, the owner of the
  remark around it; a paragraph ending "Smith continued:"; a closing "..., he
  said." after later fragments of the sentence; a quote right after "...,
  Schiff said."; a fragment's governing subject; else the previous quote's
  speaker (same or previous paragraph). Subjects become speakers through
  kg/extract/referents.py (pronouns, descriptions, documents).
- A headline quote repeated in the body takes the body's speaker.
- A statement as speaker ("the statement said") is SpeakerRef("statement", key)
  with key the character offset (as a string) of the word naming the document:
  the coalition extractor owns statements, and kg/extract/statement_speakers.py
  turns the offset into the local_id of the statement meant.
- Confidence (measured on news: the share of right speakers rises with it): 0.9
  a name next to the quote, 0.85 a name inside a title phrase, 0.8 a body or
  country, 0.7 a document's owner or a speech noun's owner, 0.65 he/she, 0.6 a
  title description, 0.55 a continuation, 0.5 a governing subject or a
  description resolved by recency; 0.1 less when the cue is more than four
  words away or the cue closes the sentence, 0.15 less when the subject was
  borrowed from another clause (kg/extract/cues.py holds the cue helpers).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from kg.extract.cues import (
    governs,
    headline_speakers,
    repeated_speakers,
    reports_inside,
    subordinate,
)
from kg.extract.fallbacks import Fallbacks
from kg.extract.marks import RawQuote
from kg.extract.speakers import (
    SPEECH_NOUNS,
    cue_verbs,
    dropped,
    is_foreign_reporting,
    is_nickname,
    is_partial,
    is_reporting,
    token_at,
)
from kg.model import Article, OfficialMention, OrganizationMention, QuoteMention, Span, SpeakerRef

FUNCTION_POS = {"AUX", "PRON", "ADP", "SCONJ", "CCONJ", "PART", "DET"}
MAX_AFTER, MAX_BEFORE = 25, 45  # tokens searched for a cue after / before a quote


def extract_quotes(
    doc: Doc,
    article: Article,
    officials: list[OfficialMention],
    organizations: list[OrganizationMention],
) -> list[QuoteMention]:
    """Every quotation in the article with its speaker, partial flag and confidence."""
    text = article.text
    ctx = _Context(doc, officials, organizations)
    # a nickname is part of a name: the words around it are one sentence, not two quotes' edges
    raws = [r for r in doc._.raw_quotes if not is_nickname(doc.text, r)]
    quotes: list[QuoteMention] = []
    previous: tuple[RawQuote, QuoteMention] | None = None
    for raw in raws:
        partial = is_partial(doc.text, raw)
        if dropped(doc, raw, partial):
            continue
        speaker, via, cue, confidence, rule = ctx.attribute(raw, raws, partial, previous)
        quote = QuoteMention(
            text=text[raw.start : raw.end],
            span=Span(raw.start, raw.end),
            speaker=speaker,
            partial=partial,
            via=via,
            cue=cue,
            confidence=confidence,
            rule=rule if speaker is not None else "",
        )
        quotes.append(quote)
        previous = (raw, quote)
    return headline_speakers(repeated_speakers(quotes), text, article.title)


class _Context(Fallbacks):
    """Attribution of one document's quotes: cues, windows and fallbacks."""

    def attribute(self, raw, raws, partial, previous):
        """(speaker, via, cue span, confidence, rule) for one quote: the first rule that
        answers, by name (written as dkg:extractedBy)."""
        signed = self._signature(raw)
        if signed is not None:
            return (*signed, "dash-signature")
        titled = self._titled_document(raw) if partial else None
        if titled is not None:
            return (*titled, "titled-document")
        after = self._after(raw, raws)
        before = self._before(raw, raws, partial)
        order = [(before, True), (after, False)] if partial else [(after, False), (before, True)]
        first = token_at(self.doc, raw.start)
        # a verb that governs the quote ("footage of Trump saying, “...”") outranks a cue
        # in a clause of its own on the other side ("..., when Clinton blasted him")
        cues = [(v, w, b) for w, b in order for v in cue_verbs(w, b, first)]
        cues.sort(key=lambda c: (not governs(c[0], first), subordinate(c[0])))
        if partial and cues and governs(cues[0][0], first):
            # "Trump said Clinton described it as “the gold standard”": the outer speaker
            # reports the fragment (not across "and": "Beijing saying ... and Washington
            # voicing “deep concern”")
            best = cues[0]
            for cue in cues[1:]:
                if governs(cue[0], first) and reports_inside(cue[0], best[0]):
                    best = cue
            cues.remove(best)
            cues.insert(0, best)
        held = any(governs(v, first) for v, _, _ in cues)
        owner = self._speech_owner(first, previous) if partial and not held else None
        if owner is not None:
            return (*owner, "owner-of-the-words")
        if partial and (
            not any(governs(v, first) for v, _, _ in cues) or self._in_adverbial(first)
        ):
            # no cue holds the fragment, or it sits in an adverbial clause of its own: the
            # named subject of its clause ("as Trump went on about “how it is rigged,”")
            governing = self._governing_subject(first, previous)
            if governing is not None and governing[0].kind == "official":
                return (*governing, "subject-of-the-clause")
        relayed = None  # "..., Ana Ruiz said, Reuters reported": the outlet only relays
        for verb, window, is_before in cues:
            speaker, via, conf = self._speaker_of(verb, previous)
            if speaker is not None and relayed is None and self._is_outlet_ref(speaker):
                relayed, speaker = (
                    (speaker, via, Span(verb.idx, verb.idx + len(verb.text)), conf),
                    None,
                )
            if speaker is None and verb.lemma_ != "quote" and self._unparsed(verb):
                speaker, conf = self._nearby_name(window, verb), 0.7
            if speaker is None:
                continue
            distance = len(window) - window.index(verb) if is_before else window.index(verb)
            conf = conf if distance <= 4 else conf - 0.1
            subj = self._subject(verb)
            if subj is not None and subj.head.i != verb.i and verb.lower_ != "according":
                conf -= 0.15  # a subject borrowed from another clause: often a parse slip
            cue = Span(verb.idx, verb.idx + len(verb.text))
            return speaker, via, cue, round(conf, 2), "reporting-verb"
        if relayed is not None:
            return (*relayed, "outlet-relays")  # "The New York Times reports: “...”"
        owner = self._speech_owner(first, previous, through=True) if partial else None
        if owner is not None:
            return owner[0], None, owner[2], 0.5, "owner-past-a-verb"
        lead = self._transcript_or_colon(raw, previous)
        if lead is not None:
            return (*lead, "transcript-or-colon")
        tail = self._sentence_tail(raw, previous)
        if tail is not None:
            return (*tail, "sentence-tail")
        nearby = self._previous_sentence(raw)
        if nearby is not None:
            return (*nearby, "previous-sentence")
        if partial or self.doc.text[: raw.start - 1].rstrip().endswith(":"):
            governing = self._governing_subject(first, previous)
            if governing is not None:
                return (*governing, "subject-after-colon")
        if previous and raw.paragraph - previous[0].paragraph <= 1 and previous[1].speaker:
            last = previous[1]
            return last.speaker, last.via, last.cue, 0.55, "same-speaker-goes-on"
        carried = self._previous_paragraph(raw)
        if carried is not None:
            return (*carried, "previous-paragraph")
        return None, None, None, 0.3, ""

    def _unparsed(self, verb: Token) -> bool:
        """The parse gives the verb no subject, or cannot read its language at all."""
        return self._subject(verb) is None or is_foreign_reporting(verb)

    def _speech_owner(self, first: int, previous, through: bool = False):
        """A fragment inside "Trump's claim that there were “thousands of shootings”": the
        owner of the words it belongs to. `through`: also past a reporting verb that named
        no one ("Stumpf's emphasis that few were involved in what lawmakers called “fraud”")."""
        if first >= len(self.doc):
            return None
        tok = self.doc[first]
        for _ in range(12 if through else 8):
            if tok.lemma_.lower() in SPEECH_NOUNS and tok.pos_ == "NOUN":
                owners = [c for c in tok.children if c.dep_ == "poss" and c.pos_ != "PRON"]
                ref = self._ref(owners[0], previous)[0] if owners else None
                if ref is not None:
                    return ref, None, Span(tok.idx, tok.idx + len(tok.text)), 0.7
            if (
                tok.head.i == tok.i
                or not through
                and tok.pos_ in ("VERB", "AUX")
                and is_reporting(tok)
            ):
                return None
            tok = tok.head
        return None

    def _in_adverbial(self, first: int) -> bool:
        """The first verb above the fragment, outside it, heads an "as/when ..." clause."""
        tok = self.doc[first] if first < len(self.doc) else None
        for _ in range(10):
            if tok is None or tok.head.i == tok.i:
                return False
            outside = not self._inside_quote(tok)
            if outside and tok.pos_ in ("VERB", "AUX") and not is_reporting(tok):
                return subordinate(tok)
            tok = tok.head
        return False

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
            if tok.head.i == tok.i:
                return None
            tok = tok.head
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
        agents = [o for a in verb.children if a.dep_ == "agent" for o in a.children]
        if agents and agents[0].dep_ == "pobj":
            # "Maduro is told by the declaration to “...”": the agent speaks
            ref, conf = self._ref(agents[0], previous)
            if ref is not None:
                return ref, None, conf
        subj = self._subject(verb)
        if subj is None:
            return None, None, 0
        ref, conf = self._ref(subj, previous)
        return ref, None, conf

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
        if before and before[-1].i in self.runs and before[-1].pos_ == "PROPN":
            candidates.insert(0, before[-1])  # "..., Obama and Clinton call them “...”"
        for tok in candidates + window[pos + 1 : pos + 3]:
            run = self.runs.get(tok.i)
            ref = self._run_ref(run) if run is not None else None
            if ref is not None:
                return ref
        return self._inverted_subject(window[pos + 1 :]) or self._appositive_name(verb)

    def _inverted_subject(self, after: list[Token]) -> SpeakerRef | None:
        """ "“...,” said after the vote the UN envoy for Myanmar, Ana Ruiz.": the person
        named after the verb and its adverbials, before any clause of its own."""
        for tok in after[:14]:
            if tok.lower_ == "that" or tok.pos_ in ("VERB", "AUX") or tok.text in (".", ";"):
                return None
            run = self.runs.get(tok.i)
            ref = self._run_ref(run) if run is not None else None
            if ref is not None and ref.kind == "official":
                return ref
        return None

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
            if tok.head.i == tok.i:
                return None
            tok = tok.head
        return None
