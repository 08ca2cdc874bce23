"""Which statement "the statement said" is: a quote's document joined to the article's statements.

The quote extractor only knows where the document is named (the offset of the
noun, "the resolution states ..."); the coalition extractor owns statements.
Once both are known the quote's SpeakerRef("statement", offset) becomes
SpeakerRef("statement", local_id), first rule that answers:
- the statement spoken of in the sentence naming the document;
- the nearest statement before it whose kind the noun names ("resolution" a
  resolution, "letter" a letter: kg/lang/en/statement_nouns.csv), else the
  first such one after it in the same paragraph;
- the nearest statement spoken of before it, else the first one after it in
  the same paragraph;
- nothing spoken of before it (a lede naming the document the article then
  details), the first statement of the kind the noun names, unless the noun is
  as plain as "statement".
No statement answering, the quote keeps no speaker rather than a wrong one.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from kg.extract.speakers import token_at
from kg.extract.syntax import statement_nouns
from kg.model import QuoteMention, SpeakerRef, StatementMention


def attach_statements(
    doc: Doc, quotes: list[QuoteMention], statements: list[StatementMention]
) -> list[QuoteMention]:
    """The quotes, each statement speaker or relay pointing at a statement of the article."""
    chooser = _Chooser(doc, statements)
    return [
        replace(q, speaker=chooser.ref(q.speaker), via=chooser.ref(q.via))
        if _is_document(q.speaker) or _is_document(q.via)
        else q
        for q in quotes
    ]


def _is_document(ref: SpeakerRef | None) -> bool:
    return ref is not None and ref.kind == "statement"


class _Chooser:
    def __init__(self, doc: Doc, statements: list[StatementMention]) -> None:
        self.doc = doc
        self.statements = statements
        self.paras = doc._.paragraphs

    def ref(self, ref: SpeakerRef | None) -> SpeakerRef | None:
        if not _is_document(ref):
            return ref
        chosen = self.choose(int(ref.key))
        return SpeakerRef("statement", chosen.local_id) if chosen is not None else None

    def choose(self, offset: int) -> StatementMention | None:
        """The statement the document named at OFFSET is (see the module docstring)."""
        naming = [s for s in self.statements if any(_inside(offset, r) for r in _spans(s))]
        kind = self._kind_named(offset)
        if naming:
            return next((s for s in naming if s.kind == kind), naming[0])
        same_kind = [s for s in self.statements if s.kind == kind]
        # a plain "statement" or "text" is any kind's word: too little to reach past the lede
        distinct = kind != statement_nouns().get("statement")
        return (
            self._around(offset, same_kind)
            or self._around(offset, self.statements)
            or (_first_spoken_of(same_kind) if distinct else None)
        )

    def _kind_named(self, offset: int) -> str | None:
        tok = self.doc[min(token_at(self.doc, offset), len(self.doc) - 1)]
        return statement_nouns().get(tok.lemma_.lower()) or statement_nouns().get(tok.lower_)

    def _around(self, offset: int, candidates: list[StatementMention]) -> StatementMention | None:
        """The nearest statement spoken of before OFFSET, else the first after it in its line."""
        before = [(max(starts), s) for s in candidates if (starts := _starts_before(s, offset))]
        if before:
            return max(before, key=lambda pair: pair[0])[1]
        para_end = next((end for start, end in self.paras if start <= offset < end), offset)
        after = [
            (min(r.start for r in _spans(s) if r.start > offset), s)
            for s in candidates
            if any(offset < r.start < para_end for r in _spans(s))
        ]
        return min(after, key=lambda pair: pair[0])[1] if after else None


def _first_spoken_of(candidates: list[StatementMention]) -> StatementMention | None:
    """A lede names the document ("declined to sign a declaration that calls ...") that
    later paragraphs detail: the first statement of the kind named, wherever it is."""
    return min(candidates, key=lambda s: min(r.start for r in _spans(s)), default=None)


def _spans(statement: StatementMention):
    return (statement.span, *statement.references)


def _inside(offset: int, span) -> bool:
    return span.start <= offset < span.end


def _starts_before(statement: StatementMention, offset: int) -> list[int]:
    return [r.start for r in _spans(statement) if r.start <= offset]
