"""Collective positions of one article: statements, backers, counts, stance, counters.

Sentences are read in order (clauses.py); each finding either opens a new
statement, adds to one already seen ("the British statement", "They included
..."), or answers one ("countered with a statement of their own").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.extract.annotations import dates_in
from kg.extract.bodies import group_body
from kg.extract.clauses import analyse_sentence
from kg.extract.drafts import VOTE_KINDS, Draft, merge_fragments, same_family
from kg.extract.findings import Anchor, SentenceFinding
from kg.extract.syntax import (
    DOCUMENT_VERBS,
    MEETING_NOUNS,
    determiner,
    frame_words,
    negated,
    statement_nouns,
)
from kg.lang import mapping
from kg.model import Article, CountryMention, DateValue, KgError, Span, StatementMention

GENERIC_NOUNS = frame_words("generic")
# Verbs that tell when a text came out: "the letter was published on Sunday".
RELEASE_VERBS = DOCUMENT_VERBS | frame_words("release")
# Verbs whose infinitive says what is asked for: its date is not the asking's.
ASKING_VERBS = frame_words("asking")
# "since the council was set up in 2006": the clause dates something else.
TIME_CLAUSE_MARKS = frame_words("time clause")
# "The signatories of the letter are listed below:", "It was signed by the following:".
LIST_NOUNS = frame_words("list")
LEADER_NOUNS = frame_words("leaders")
BACKER_NOUNS = frame_words("backers")
PRONOUN_SUBJECTS = frame_words("refers back")


def extract_statements(
    doc: Doc, article: Article, countries: list[CountryMention]
) -> list[StatementMention]:
    """Every collective position the article reports, one per real statement."""
    assembler = _Assembler(article)
    for index, sent in enumerate(doc.sents):
        if not sent.text.strip():
            continue
        inside = [m for m in countries if sent.start_char <= m.span.start < sent.end_char]
        groups = [g for g in doc._.groups if sent.start_char <= g.span.start < sent.end_char]
        finding = analyse_sentence(sent, inside, groups)
        assembler.read(index, finding, inside)
    return assembler.finish()


class _Assembler:
    def __init__(self, article: Article) -> None:
        self.article = article
        self.drafts: list[Draft] = []
        self.focus: Draft | None = None
        self.previous: SentenceFinding | None = None
        self.matters: set[str] = set()  # countries a text is about: "the resolution on X"
        self.scenes: dict[int, SentenceFinding] = {}  # draft number -> the sentence before it
        self.previous_index = -1
        self.leaders_group: tuple[str, str] | None = None  # the body whose leaders act
        self.claimed: tuple[Draft, int] | None = None  # text whose claims were last spoken of

    def read(self, index: int, f: SentenceFinding, countries: list[CountryMention]) -> None:
        self.matters.update(f.matters)
        self.leaders_group = f.leaders_of or self.leaders_group
        try:
            self._read(index, f, countries)
        finally:
            self.previous, self.previous_index = f, index

    def _read(self, index: int, f: SentenceFinding, countries: list[CountryMention]) -> None:
        if not f.anchors and self.focus is not None and _refers_to_statement(f.sent):
            self.focus.references.append(Span(f.sent.start_char, f.sent.end_char))
        if not f.anchors:
            self._read_without_anchor(index, f, countries)
            return
        referent = self._definite_referent(f)
        primary = self._primary(index, f, referent)
        if primary is None:
            return
        fresh = primary.last_sentence == index
        self._apply(primary, f, index, fresh=fresh)
        position = self._position_before(index) if fresh else None
        if position is not None:
            self._apply(primary, position, index, fresh=False)
        if referent is not None and referent is not primary:
            referent.references.append(Span(f.sent.start_char, f.sent.end_char))
        primary.references.append(Span(f.sent.start_char, f.sent.end_char))
        if f.counters:
            answered = referent if referent not in (None, primary) else self._previous(primary)
            if answered is not None and primary.counters is None:
                primary.counters = answered
        self.focus = primary

    def _read_without_anchor(
        self, index: int, f: SentenceFinding, countries: list[CountryMention]
    ) -> None:
        claimed = self._claimed(index, f)
        if claimed is not None:
            self.claimed = (claimed, index)
            claimed.references.append(Span(f.sent.start_char, f.sent.end_char))
            if f.opponents:  # "Germany rejected South Africa's allegations"
                for iso in f.opponents:
                    rule = f.rules.get(iso, "opposes-text")
                    claimed.add(iso, "opposed", f.sent, confidence_of(rule), rule)
                return
        if f.body_spoke and f.targets:
            # "ASEAN called on Ruritania to ...": a body's stated position is its statement
            self.focus = self._new(index, f, "joint statement")
            self._apply(self.focus, f, index, fresh=True)
            return
        if f.targets and self.leaders_group and _leaders_speak(f.sent):
            self._leaders_position(index, f)
            return
        if f.attendees and self.focus is not None and self.focus.groups:
            for iso in f.attendees:  # the states at the meeting back what it issued
                rule = "attended-the-meeting"
                self.focus.add(iso, "backed", f.sent, confidence_of(rule), rule)
            return
        focus = self.focus
        if f.vote_label is not None or _only_recorded_votes(f):
            # "In favour (22): ..." or "A and B abstained" far below the lede: the votes
            # are cast on the last vote reported, however many sentences ago.
            focus = next((d for d in reversed(self.drafts) if d.kind in VOTE_KINDS), focus)
            if focus is not None:
                _add_votes(focus, f)
            return
        if focus is None or index - focus.last_sentence > 3:
            return
        targets = {iso for iso, _ in f.targets}
        if (f.continuation or self._list_announced()) and not _denies(f.sent):
            for mention in countries:
                if mention.iso3 not in targets and mention.iso3 not in f.opponents:
                    focus.add(
                        mention.iso3,
                        "backed",
                        f.sent,
                        confidence_of("continuation"),
                        "continuation",
                    )
            focus.last_sentence = index
        _add_votes(focus, f)
        if f.targets and focus.stance is None and _subject_refers_back(f.sent):
            focus.target, focus.stance = f.targets[0]

    def _claimed(self, index: int, f: SentenceFinding) -> Draft | None:
        """The text whose claims the sentence speaks of: "South Africa's allegations" are
        those of the latest text South Africa delivered; "the accusations" those last spoken
        of; "dismissed them" those of the sentence before."""
        for owner in filter(None, f.claims_of):
            delivered = next((d for d in reversed(self.drafts) if d.deliverer == owner), None)
            if delivered is not None:
                return delivered
        recent = self.focus if self.focus and index - self.focus.last_sentence <= 3 else None
        if f.claims_of:
            return self.claimed[0] if self.claimed else recent
        if not f.opponents:
            return None
        if self.claimed and self.claimed[1] == index - 1:
            return self.claimed[0]
        return self.focus if self.focus and self.focus.last_sentence == index - 1 else None

    def _leaders_position(self, index: int, f: SentenceFinding) -> None:
        """ "They called for the restoration of order in Ruritania", once the article has
        named the leaders of a body: the body's position, one statement however many
        sentences tell it."""
        slug, label = self.leaders_group  # type: ignore[misc]
        body = group_body(slug, label)
        draft = self.focus
        if draft is None or body not in draft.groups:
            draft = self._new(index, f, "joint statement")
        rule = "leaders-of-group"
        draft.add_group(body, label, f.sent, confidence_of(rule), rule)
        self._apply(draft, f, index, fresh=draft.last_sentence == index)
        self.focus = draft

    def _position_before(self, index: int) -> SentenceFinding | None:
        """ "A, with B at their head, threatened force against C. [...] a statement said: ..."
        - the sentence just before took the position the text then sets down."""
        before = self.previous
        if before is None or before.anchors or index - self.previous_index > 2:
            return None
        acting = before.backers or before.deliverers or before.groups
        return before if acting and before.targets and not negated(before.sent.root) else None

    def _list_announced(self) -> bool:
        """ "The signatories are listed below:" - the next paragraph names them."""
        before = self.previous
        if before is None or not before.sent.text.rstrip().endswith(":"):
            return False
        return before.continuation or any(t.lemma_ in LIST_NOUNS for t in before.sent)

    def _definite_referent(self, f: SentenceFinding) -> Draft | None:
        generic = [a for a in f.anchors if a.definite and not a.deliverers]
        if not generic or self.focus is None:
            return None
        return self.focus

    def _primary(self, index: int, f: SentenceFinding, referent: Draft | None) -> Draft | None:
        specific = [a for a in f.anchors if a.deliverers]
        deliverers = [iso for a in specific for iso in a.deliverers] or f.deliverers
        kind = _kind(f.anchors)
        follows = referent is not None and (
            same_family(referent.kind, kind) or _only_generic_nouns(f.anchors)
        )
        if deliverers:
            existing = self._by_deliverer(deliverers[0], kind)
            if existing is not None:
                return existing
            if follows and referent.deliverer in (None, deliverers[0]):
                return referent  # "The statement, read by Britain's ambassador, ..."
            matched = self._match_undelivered(f, kind)
            if matched is not None:
                return matched
            return self._new(index, f, kind)
        if follows and (_brings_members(f) or not _new_position(f)):
            return referent  # "The resolution, backed by the United States, passed ..."
        if not _brings_members(f) and not _new_position(f):
            if referent is None and _backers_speak(f.sent):
                return self.focus  # "..., the nations said in a joint statement issued Monday"
            if referent is None and self._position_before(index) is not None:
                return self._new(index, f, kind)
            return referent
        matched = self._match_undelivered(f, kind)
        return matched if matched is not None else self._new(index, f, kind)

    def _by_deliverer(self, iso: str, kind: str) -> Draft | None:
        for draft in reversed(self.drafts):
            if draft.deliverer == iso and same_family(draft.kind, kind):
                return draft
        return None

    def _match_undelivered(self, f: SentenceFinding, kind: str) -> Draft | None:
        count = _declared(f)[0]
        named = set(f.backers)
        for draft in reversed(self.drafts):
            if not same_family(draft.kind, kind):
                continue
            if f.deliverers and draft.deliverer not in (None, *f.deliverers):
                continue
            same_count = count is not None and count == draft.count
            if same_count and (named & draft.backers() or not named):
                return draft
        return None

    def _new(self, index: int, f: SentenceFinding, kind: str) -> Draft:
        draft = Draft(number=len(self.drafts) + 1, kind=kind, first=f.sent, last_sentence=index)
        # "The Assembly on Wednesday voted ... The resolution was adopted by 141 votes":
        # the sentence before sets the scene the new statement belongs to.
        if self.previous is not None and self.previous.venue:
            draft.venue = self.previous.venue
            draft.date = self._sentence_date(self.previous.sent)
        if self.previous is not None:
            self.scenes[draft.number] = self.previous
        self.drafts.append(draft)
        return draft

    def _previous(self, draft: Draft) -> Draft | None:
        earlier = [d for d in self.drafts if d.number < draft.number]
        return earlier[-1] if earlier else None

    def _apply(self, draft: Draft, f: SentenceFinding, index: int, fresh: bool) -> None:
        draft.last_sentence = index
        deliverers = [iso for a in f.anchors for iso in a.deliverers] or f.deliverers
        if deliverers and draft.deliverer is None:
            draft.deliverer = deliverers[0]
        if f.deliverer_person and draft.person is None:
            draft.person = f.deliverer_person
        for iso in {draft.deliverer, *deliverers} - {None}:  # co-leaders back it too
            if iso not in deliverers and (iso, "backed") in draft.positions:
                continue  # the leader's own sentence already placed it, by its own rule
            rule = _placing_rule(f, iso, "leader")
            draft.add(iso, "backed", f.sent, confidence_of(rule), rule)
        if f.targets and draft.stance is None:
            draft.target, draft.stance = f.targets[0]
        for iso in f.backers:
            if iso not in {t for t, _ in f.targets}:
                rule = _placing_rule(f, iso, "named")
                draft.add(iso, "backed", f.sent, confidence_of(rule), rule)
        for slug, (label, rule) in f.groups.items():
            draft.add_group(group_body(slug, label), label, f.sent, confidence_of(rule), rule)
        _add_votes(draft, f)
        for iso in f.opponents:  # "China rejected the statement": it answers from the other side
            draft.add(iso, "opposed", f.sent, confidence_of("opposes-text"), "opposes-text")
        self._apply_counts(draft, f)
        if f.venue and (draft.venue is None or f.venue[1] > draft.venue[1]):
            draft.venue = f.venue
        # A later reaction ("Beijing on Wednesday blasted the statement") does not date it.
        if draft.date is None and (fresh or _brings_members(f) or _issuing_of_anchor(f)):
            draft.date = self._sentence_date(f.sent)

    def _apply_counts(self, draft: Draft, f: SentenceFinding) -> None:
        count, minimum = _declared(f)
        if count is not None and draft.count is None:
            draft.count = count
        if minimum is not None and draft.minimum is None and draft.count is None:
            draft.minimum = minimum
        if f.tally is not None:
            draft.count = f.tally.yes
            draft.against_count = f.tally.no
            draft.abstention_count = f.tally.abstentions

    def _date_from_scene(self, draft: Draft) -> None:
        """ "A and B established ties on Sunday. Their ministers signed a joint communique":
        an undated text signed by the very countries of the sentence before took place then."""
        scene = self.scenes.get(draft.number)
        members = draft.backers()
        if draft.date is not None or scene is None or not members:
            return
        if members <= {m.iso3 for m in scene.mentions}:
            draft.date = self._sentence_date(scene.sent)

    def _sentence_date(self, sent: SpacySpan) -> DateValue | None:
        dates = dates_in(sent)
        resolved = [d for d in dates if d.resolved and not _dates_another_thing(sent, d)]
        return resolved[0] if resolved else None

    def finish(self) -> list[StatementMention]:
        for draft in self.drafts:
            _drop_named_matter(draft, self.matters)
            self._date_from_scene(draft)
            _date_from_meeting(draft)
        drafts = merge_fragments(self.drafts)
        _inherit_dates_and_venues(drafts)
        return [_to_mention(d, self.article) for d in drafts if _is_real(d)]


def _date_from_meeting(draft: Draft) -> None:
    """ "After an emergency meeting of the bloc's leaders, a statement said ..." and, elsewhere,
    "the leaders came together in an emergency summit on Sunday": the text is of that day."""
    if draft.date is not None or not _comes_from_meeting(draft.first):
        return
    doc = draft.first.doc
    for value in doc._.dates:
        if value.resolved and value.precision == "day" and value.span is not None:
            words = doc.char_span(value.span.start, value.span.end, alignment_mode="expand")
            if words is not None and _beside_meeting(words):
                draft.date = value
                return


def _comes_from_meeting(sent: SpacySpan) -> bool:
    return any(
        t.lemma_.lower() in MEETING_NOUNS and t.head.lower_ in {"after", "at", "following"}
        for t in sent
    )


def _beside_meeting(words: SpacySpan) -> bool:
    """ "a summit on Sunday", "Sunday's meeting": the date is a meeting's, three words apart."""
    doc = words.doc
    near = doc[max(words.sent.start, words.start - 3) : min(words.sent.end, words.end + 3)]
    return any(t.lemma_.lower() in MEETING_NOUNS and t.pos_ == "NOUN" for t in near)


@lru_cache(maxsize=1)
def rule_confidences() -> Mapping[str, float]:
    return mapping("rule_confidence.csv", "rule", "confidence", float)


def _placing_rule(f: SentenceFinding, iso: str, default: str) -> str:
    """The rule that placed the country; when its first mention played another part ("China
    praised ... China's statement"), the generic rule of the place it now takes."""
    rule = f.rules.get(iso, default)
    return rule if rule in rule_confidences() else default


def confidence_of(rule: str) -> float:
    """How sure the rule that placed a country is (kg/lang/en/rule_confidence.csv)."""
    try:
        return rule_confidences()[rule]
    except KeyError:
        raise KgError(f"rule {rule!r} has no confidence in rule_confidence.csv") from None


def _drop_named_matter(draft: Draft, matters: set[str]) -> None:
    """ "a Libyan resolution" is by Libya only if the article never says it is on Libya."""
    deliverer = draft.deliverer
    held = draft.positions.get((deliverer, "backed")) if deliverer else None
    if held is not None and held.rule == "modifier-of-text" and deliverer in matters:
        del draft.positions[(deliverer, "backed")]
        draft.deliverer = None


def _add_votes(draft: Draft, f: SentenceFinding) -> None:
    """Recorded votes: yes, no and abstain, each said of a country by the sentence."""
    for kind, countries in (("against", f.against), ("abstained", f.abstained),
                            ("backed", f.voted_for)):  # fmt: skip
        for iso in countries:
            rule = _placing_rule(f, iso, "vote")
            draft.add(iso, kind, f.sent, confidence_of(rule), rule)


def _dates_another_thing(sent: SpacySpan, value: DateValue) -> bool:
    """ "Trump's Dec. 6 decision", "since the council was set up in 2006": a date fused to
    another noun after a possessive, or inside a clause of what came before or after."""
    if value.span is None:
        return False
    doc = sent.doc
    words = doc.char_span(value.span.start, value.span.end, alignment_mode="expand")
    if words is None or words.start == 0 or words.end >= len(doc):
        return False
    if _in_time_clause(words.root):
        return True
    if words.root.dep_ == "poss" and words.root.head.lemma_.lower() not in statement_nouns():
        return True  # "last week's coup" dates the coup; "Wednesday's statement" the text
    if any(_asked_for(a) for a in words.root.ancestors):
        return True  # "called on him not to take the oath next Thursday": the act asked for
    before, after = doc[words.start - 1], doc[words.end]
    owned = before.tag_ == "POS" or before.dep_ == "poss"
    return owned and after.pos_ == "NOUN" and after.lemma_.lower() not in statement_nouns()


def _asked_for(verb) -> bool:
    """ "urged them to vote next week", "called on him to step down by Friday"."""
    asker = verb.head.head if verb.head.lower_ in {"on", "upon"} else verb.head
    return verb.dep_ == "xcomp" and verb.tag_ == "VB" and asker.lemma_ in ASKING_VERBS


def _in_time_clause(token) -> bool:
    for node in (token, *token.ancestors):
        if node.lower_ == "since" or any(
            c.dep_ == "mark" and c.lower_ in TIME_CLAUSE_MARKS for c in node.children
        ):
            return True
    return False


def _issuing_of_anchor(f: SentenceFinding) -> bool:
    """ "The letter was published on Sunday": a sentence telling when the text came out."""
    return any(
        a.token.dep_ in {"nsubjpass", "dobj", "nsubj"}
        and a.token.head.lemma_ in RELEASE_VERBS
        or any(_dated_release(c) for c in a.token.children)
        for a in f.anchors
    )


def _dated_release(clause) -> bool:
    """ "a joint statement issued Wednesday": the release clause holds the date itself."""
    return (
        clause.dep_ == "acl"
        and clause.lemma_ in RELEASE_VERBS
        and any(t.ent_type_ == "DATE" for t in clause.subtree)
    )


def _only_recorded_votes(f: SentenceFinding) -> bool:
    return bool(f.against or f.abstained or f.voted_for) and not f.backers and not f.counts


def _declared(f: SentenceFinding) -> tuple[int | None, int | None]:
    """The declared total (exact, or a lower bound) from the sentence's counts."""
    if not f.counts:
        return None, None
    first = f.counts[0]
    extra = len(set(f.backers)) if first.other else 0
    value = first.value + extra
    return (None, value) if first.minimum else (value, None)


def _kind(anchors: list[Anchor]) -> str:
    kinds = [a.kind for a in anchors if a.token.lower_ != "behalf"]
    for preferred in ("resolution", "vote", "letter", "declaration", "side event"):
        if preferred in kinds:
            return preferred
    return kinds[0] if kinds else "joint statement"


def _denies(sent: SpacySpan) -> bool:
    """ "Countries that did not sign included ...", "Those that refused were ..."."""
    return any(t.dep_ == "neg" or t.lemma_ in {"refuse", "decline", "oppose"} for t in sent)


def _new_position(f: SentenceFinding) -> bool:
    """ "adopted a resolution criticising Sri Lanka": a position named before its backers."""
    return any(not a.definite and a.token.lower_ != "behalf" for a in f.anchors) and bool(f.targets)


def _only_generic_nouns(anchors: list[Anchor]) -> bool:
    """ "the text", "the draft", "the document": words for any kind of position."""
    return all(a.token.lemma_.lower() in GENERIC_NOUNS for a in anchors)


def _brings_members(f: SentenceFinding) -> bool:
    return bool(
        f.backers or f.groups or f.counts or f.tally or f.against or f.abstained or f.voted_for
    )


def _refers_to_statement(sent: SpacySpan) -> bool:
    """ "it said", "the statement said": a sentence speaking of the statement in focus."""
    return any(
        t.lower_ in {"it", "statement", "letter", "text"} and t.dep_ == "nsubj" for t in sent
    )


def _backers_speak(sent: SpacySpan) -> bool:
    """ "the nations said", "the U.S. and the other countries said": those already counted
    behind the text in focus, as the subject of the sentence."""
    for subject in (t for t in sent if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"):
        for noun in (subject, *(c for c in subject.conjuncts)):
            plural = noun.tag_ in {"NNS", "NNPS"}
            if plural and noun.lemma_ in BACKER_NOUNS and determiner(noun) in {"the", "these"}:
                return True
    return False


def _leaders_speak(sent: SpacySpan) -> bool:
    """ "They called for ...", "... were condemned by the leaders": the leaders in view act."""
    for token in sent:
        acting = (
            token.dep_ == "nsubj"
            and token.head.dep_ == "ROOT"
            or token.dep_ == "pobj"
            and (token.head.dep_ == "agent")
        )
        if not acting or negated(token.head if token.dep_ == "nsubj" else token.head.head):
            continue
        if token.lower_ == "they" or token.lemma_ in LEADER_NOUNS and determiner(token) == "the":
            return True
    return False


def _subject_refers_back(sent: SpacySpan) -> bool:
    subjects = [t for t in sent if t.dep_ in {"nsubj", "nsubjpass"} and t.head.dep_ == "ROOT"]
    return any(t.lower_ in PRONOUN_SUBJECTS or t.ent_type_ == "PERSON" for t in subjects)


def _is_real(draft: Draft) -> bool:
    """A collective position: a declared total or two named members, not one voice."""
    votes = any(kind != "backed" for _, kind in draft.positions)
    declared = draft.count is not None or draft.minimum is not None
    one_government = draft.kind == "statement" and draft.deliverer is not None
    return (
        declared
        or one_government
        or bool(draft.groups)
        or (bool(draft.positions) and (len(draft.backers()) >= 2 or votes))
    )


def _inherit_dates_and_venues(drafts: list[Draft]) -> None:
    """An undated statement answering or sitting beside a dated one took place with it."""
    for draft in drafts:
        source = draft.counters
        if source is not None:
            draft.venue = draft.venue or source.venue
            draft.date = draft.date or source.date
    for draft in drafts:
        if draft.date is None and draft.venue is not None:
            for other in drafts:
                if other is not draft and other.venue == draft.venue and other.date:
                    draft.date = other.date
                    break
    for draft in drafts:
        for answered in drafts:
            if answered.counters is draft and draft.date is None:
                draft.date = answered.date


def _to_mention(draft: Draft, article: Article) -> StatementMention:
    venue = draft.venue[0] if draft.venue else None
    label = _label(draft, venue)
    return StatementMention(
        local_id=f"{article.id}#s{draft.number}",
        kind=draft.kind,
        span=Span(draft.first.start_char, draft.first.end_char),
        label=label,
        venue=venue,
        date=draft.date,
        positions=tuple(sorted(draft.positions.values(), key=lambda p: (p.kind, p.iso3))),
        delivered_by=draft.deliverer,
        delivered_by_person=draft.person,
        declared_count=draft.count,
        declared_minimum=draft.minimum if draft.count is None else None,
        declared_against=draft.against_count,
        declared_abstentions=draft.abstention_count,
        stance=draft.stance,
        target=draft.target,
        counters=f"{article.id}#s{draft.counters.number}" if draft.counters else None,
        confidence=0.8,
        references=tuple(sorted(set(draft.references))),
        groups=tuple(sorted(draft.groups.values(), key=lambda g: g.slug)),
    )


def _label(draft: Draft, venue: str | None) -> str:
    named = sorted(draft.backers()) or sorted(g.label for g in draft.groups.values())
    who = draft.deliverer or ", ".join(named[:3])
    parts = [draft.kind]
    if who:
        parts.append(f"led by {who}" if draft.deliverer else f"by {who}")
    if draft.stance and draft.target:
        parts.append(f"{draft.stance} of {draft.target}")
    if venue:
        parts.append(f"at {venue}")
    if draft.date and draft.date.start:
        parts.append(_date_text(draft.date))
    return " ".join(parts)


def _date_text(value: DateValue) -> str:
    start: dt.date = value.start  # type: ignore[assignment]
    if value.precision == "year":
        return str(start.year)
    if value.precision == "month":
        return start.strftime("%Y-%m")
    return start.isoformat()
