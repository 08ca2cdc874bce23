"""Attribution when no cue beside a quote names its speaker.

A signed quote (“...” ― Ana Ruiz), a transcript label ("PENCE: ..."), a paragraph
after "Smith continued:", a closing "..., he said." after later fragments, a quote
right after "..., Schiff said.", and a quote paragraph after a paragraph whose
reporting clause names the speaker ("Any other course, she said, would ...").
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from kg.extract.bodies import is_outlet_slug
from kg.extract.marks import RawQuote
from kg.extract.officials import resolve_name
from kg.extract.referents import Referents
from kg.extract.speakers import (
    clean_name,
    describes_a_noun,
    document_nouns,
    is_reporting,
    subject_of,
    token_at,
)
from kg.lang import words
from kg.model import Span, SpeakerRef

# “...” ― Ana Ruiz: a dash, then two to four capitalised words ending the line
SIGNATURE = re.compile(
    r"[\u201d\"]?[\s\u00a0]*[\u2015\u2014\u2013]+[\s\u00a0]*"
    r"((?:[A-Z][\w\u00c0-\u024f'.-]*[\s\u00a0]+){1,3}[A-Z][\w\u00c0-\u024f'.-]*)[\s\u00a0.]*(?:\n|$)"
)
TRANSCRIPT = re.compile(r"([A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,2}):\s")  # "WALLACE: ..."


TITLE_LINKS = words("title_links.txt")


class Fallbacks(Referents):
    """Speakers found away from the quote's own cue."""

    def _is_outlet_ref(self, ref: SpeakerRef) -> bool:
        """An outlet only relays what a person it names said in the same breath."""
        return ref.kind == "organization" and is_outlet_slug(ref.key)

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
            if subj is None or subj.i < verb.i - 4 or describes_a_noun(verb, first):
                continue  # only a clause that closes the sentence: "..., he said."
            ref, conf = self._ref(subj, previous)
            if ref is not None:
                return ref, None, Span(verb.idx, verb.idx + len(verb.text)), round(conf - 0.1, 2)
        return None

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
            if ref is not None and not self._is_outlet_ref(ref):
                return ref, None, Span(verb.idx, verb.idx + len(verb.text)), 0.6
        # no reporting verb: a named person the sentence is about ("Sanders identified
        # exhaustion as a reason. “The younger people ...”")
        subj = self._subject(prev.root) if prev.root.pos_ in ("VERB", "AUX") else None
        run = self.runs.get(subj.i) if subj is not None else None
        ref = self._run_ref(run) if run is not None else None
        if ref is not None and ref.kind == "official":
            return ref, None, Span(prev.root.idx, prev.root.idx + len(prev.root.text)), 0.5
        return None

    def _subject(self, verb: Token) -> Token | None:
        """The verb's subject, skipping words inside quote marks (a quoted title)."""
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        outside = [c for c in subjects if not any(s <= c.idx < e for s, e in self.quoted)]
        if outside:
            return min(outside, key=lambda c: abs(c.i - verb.i))
        if subjects:
            return None
        if verb.dep_ == "acl" and verb.head.i in self.runs and verb.head.pos_ == "PROPN":
            return verb.head  # "Aaron Kall, the director ..., compared" parsed as a modifier
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

    def _previous_paragraph(self, raw: RawQuote):
        """A quote paragraph with no cue after a paragraph whose last reporting clause
        names the speaker ("Any other course, she said, would not help." then “...”)."""
        p_start = self.paras[raw.paragraph][0]
        if raw.paragraph == 0 or self.doc.text[p_start : raw.start].strip() not in (
            "",
            '"',
            "\u201c",
        ):
            return None
        prev_start, prev_end = self.paras[raw.paragraph - 1]
        span = self.doc.char_span(prev_start, prev_end, alignment_mode="expand")
        verbs = [t for t in span or [] if is_reporting(t) and not self._inside_quote(t)]
        for verb in reversed(verbs):
            subj = self._subject(verb)
            ref = self._ref(subj, None)[0] if subj is not None else None
            if ref is not None:
                return ref, None, Span(verb.idx, verb.idx + len(verb.text)), 0.45
        return None

    def _titled_document(self, raw: RawQuote):
        """ "adopted a resolution on “Promoting reconciliation ...”": a document's title is
        the document's own words."""
        i = token_at(self.doc, raw.start) - 1
        while i >= 0 and self.doc[i].is_punct:
            i -= 1
        if i < 1 or self.doc[i].lower_ not in TITLE_LINKS:
            return None
        noun = self.doc[i - 1]
        if noun.lemma_.lower() not in document_nouns() or noun.pos_ != "NOUN":
            return None
        ref = SpeakerRef("statement", str(noun.idx))
        return ref, None, Span(noun.idx, noun.idx + len(noun.text)), 0.6
