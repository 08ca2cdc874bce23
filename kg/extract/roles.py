"""The role of one country mention in its sentence, decided by ordered strategies.

Each strategy reads one general phrasing and either decides (returns a Role
that names its rule) or passes. The first decision wins, so the order is the
order of precedence: what a country is fused to ("the British-drafted text")
comes before the verb it is the subject of. The rule's name goes with the
country into the graph, so every backing says which phrasing found it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from kg.extract.countries import GroupMention
from kg.extract.findings import Anchor, Role, RoleKind, SentenceFinding
from kg.extract.frames import (
    backing_came_from,
    beside_signers,
    fused_author,
    is_topic,
    leader_by_relative_clause,
    named_as_signers,
    partner_by_support,
    signatory_through_envoys,
    vote_before_list,
    vote_list_kind,
)
from kg.extract.syntax import (
    DOCUMENT_VERBS,
    GROUP_HEADS,
    ISSUING_VERBS,
    MEETING_NOUNS,
    OPPOSING_VERBS,
    REACTION_VERBS,
    REPORTING_VERBS,
    after_list_marker,
    agent_of_issuing,
    agent_of_leading,
    frame_words,
    in_list,
    in_vote_group,
    inside_quote,
    is_leader,
    lift,
    negated,
    person_name,
    possessor_of_person,
    reported_action,
    speaks_on_behalf,
    stance_lexicon,
    stance_over,
    statement_nouns,
    subject_verb,
)
from kg.model import CountryMention

VOTE_FAMILY = {"resolution", "vote"}
# Verbs whose subject backs a text only when the text is their object ("backed the
# declaration"), unlike "join" or "put their names to", whose objects are partners or names.
SUPPORT_VERBS = frame_words("support")
# Bodies that speak for their state: "the Turkish Foreign Ministry announced ...".
STATE_BODIES = frame_words("state body")
# "with Ruritania at their head", "at the helm", "at the forefront".
HEAD_NOUNS = frame_words("head")
# "replying to", "in response to", "reacting to" the text.
ANSWER_WORDS = frame_words("answer")
# "South Africa's allegations", "the accusations": what a text claims, answered in its place.
CLAIM_NOUNS = frame_words("claim")
# "called them unjustified", "said the charges were false".
DISMISSIVE_WORDS = frame_words("dismissive")
LABELLING_VERBS = frame_words("labelling")
# "dismissed them", "rejects it": what was just spoken of.
OBJECT_PRONOUNS = {"them", "it", "this", "those"}
SPEAKER_PRONOUNS = {"it", "they", "we"}
VOTE_ROLES = {"for": RoleKind.VOTED_FOR, "against": RoleKind.AGAINST,
              "abstained": RoleKind.ABSTAINED}  # fmt: skip


@dataclass(frozen=True)
class Mention:
    """One country mention in its sentence, with what the strategies look at."""

    finding: SentenceFinding
    mention: CountryMention
    token: Token
    person: Token | None  # "Britain's ambassador": the official the country acts through

    @property
    def sent(self) -> SpacySpan:
        return self.finding.sent

    @property
    def anchor_ids(self) -> set[int]:
        return {a.token.i for a in self.finding.anchors}


Strategy = Callable[[Mention], Role | None]


def assign_role(finding: SentenceFinding, mention: CountryMention, token: Token | None) -> None:
    """Run the strategies in order; the first decision places the country."""
    if token is None or inside_quote(finding.sent, token):
        return
    seen = Mention(finding, mention, token, possessor_of_person(token))
    for strategy in STRATEGIES:
        role = strategy(seen)
        if role is not None:
            finding.place(mention.iso3, role)
            return


def assign_group_role(finding: SentenceFinding, group: GroupMention, token: Token | None) -> None:
    """A group of states ("the EU", "ASEAN") takes the first decision of the strategies that
    only read the sentence; a group is never the country behind a modifier or a body."""
    if token is None or inside_quote(finding.sent, token):
        return
    stand_in = CountryMention(group.slug, group.text, group.span, form="group")
    seen = Mention(finding, stand_in, token, possessor_of_person(token))
    for strategy in GROUP_STRATEGIES:
        role = strategy(seen)
        if role is not None:
            finding.place_group(group.slug, group.label, role, body=group.body)
            return


def vote_role(kind: str, rule: str) -> Role:
    return Role(VOTE_ROLES[kind], rule)


# ---------------------------------------------------------------- strategies, in order
def modifies_text(m: Mention) -> Role | None:
    """ "the British statement", "Belarus's text" deliver it; "the Libya resolution" is
    about Libya, and "anti-Syrian" or "pro-Russian" name the matter too."""
    anchor = modifier_of_anchor(m.token, m.finding.anchors)
    if anchor is None:
        return None
    if names_the_subject(m.mention, anchor):
        return Role(RoleKind.NONE, "matter-of-text")
    anchor.deliverers.append(m.mention.iso3)
    return Role(RoleKind.DELIVERER, "modifier-of-text")


def authored(m: Mention) -> Role | None:
    if fused_author(m.token, m.anchor_ids):
        return Role(RoleKind.DELIVERER, "fused-author")
    if m.anchor_ids and leader_by_relative_clause(m.token):
        return Role(RoleKind.DELIVERER, "leader-in-relative-clause")
    return None


def announced_vote(m: Mention) -> Role | None:
    kind = vote_list_kind(m.sent, m.mention, m.finding.mentions)
    return vote_role(kind, "vote-list-lead") if kind else None


def framed_backer(m: Mention) -> Role | None:
    frames = (
        ("partner-with-support", partner_by_support(m.token)),
        ("backing-came-from", backing_came_from(m.token)),
        ("beside-signers", beside_signers(m.token)),
        ("described-signers", named_as_signers(m.token)),
        ("envoys-of-states", signatory_through_envoys(m.token, m.anchor_ids)),
    )
    rule = next((name for name, found in frames if found), None)
    return Role(RoleKind.BACKER, rule) if rule else None


def agent_of_text(m: Mention) -> Role | None:
    """ "signed by Germany", "read by France's ambassador": agents of a backing verb."""
    agent = m.person if m.person is not None else m.token
    if not agent_of_issuing(agent):
        return None
    verb = lift(agent).head.head
    if negated(verb):
        return Role(RoleKind.NONE, "negated-agent")
    if m.person is not None or is_leader(verb):
        return Role(RoleKind.DELIVERER, "agent-reader", person=_name_of(m.person))
    return Role(RoleKind.BACKER, "agent-of-backing-verb")


def target(m: Mention) -> Role | None:
    polarity = stance_over(m.token)
    return Role(RoleKind.TARGET, "object-of-stance", polarity=polarity) if polarity else None


def vote_group(m: Mention) -> Role | None:
    for kind, position in (("against", "against"), ("abstained", "abstain"), ("for", "for")):
        if in_vote_group(m.token, position):
            return vote_role(kind, "vote-group-subject")
    return None


def leading(m: Mention) -> Role | None:
    return Role(RoleKind.DELIVERER, "led-by") if agent_of_leading(m.token) else None


def matter(m: Mention) -> Role | None:
    """ "the Core Group on Sri Lanka, comprising ...": the matter, not a member."""
    return Role(RoleKind.NONE, "matter-of-group") if is_topic(m.token) else None


def listed(m: Mention) -> Role | None:
    if not (in_list(m.token) or after_list_marker(m.sent, m.mention, m.finding.mentions)):
        return None
    kind = vote_before_list(m.sent, m.token)
    return vote_role(kind, "list-continues-vote") if kind else Role(RoleKind.BACKER, "listed")


def partner(m: Mention) -> Role | None:
    if partner_in_text(m.token, m.finding.anchors):
        return Role(RoleKind.BACKER, "partner-in-text")
    return None


def subject(m: Mention) -> Role | None:
    """The subject of a backing or stance verb backs the text, unless the verb is negated,
    answers the text or greets it; an official issuing it delivers it."""
    verb = subject_verb(m.person or _state_body(m.token) or m.token)
    if verb is None:
        return None
    verb = reported_action(verb)
    if negated(verb):
        return Role(RoleKind.NONE, "negated-signing")
    if _object_is_anchor(verb, m.finding.anchors):
        if _object_is_a_veto(verb):
            return Role(RoleKind.NONE, "answers-a-veto")  # "condemned the Russian veto"
        if verb.lemma_ in OPPOSING_VERBS:
            return Role(RoleKind.OPPONENT, "opposes-text")
        if verb.lemma_ in REACTION_VERBS:
            return Role(RoleKind.NONE, "reaction-to-text")
    if _answers_anchor(verb, m.finding.anchors):
        return Role(RoleKind.NONE, "reaction-to-text")
    if _backs_something_else(verb, m.finding.anchors):
        return Role(RoleKind.NONE, "backs-something-else")
    if m.person is not None and verb.lemma_ in ISSUING_VERBS | {"address"}:
        return Role(RoleKind.DELIVERER, "official-issued", person=_name_of(m.person))
    if lift(m.token).head.lemma_ in GROUP_HEADS or m.token.head.lemma_ in GROUP_HEADS:
        return Role(RoleKind.NONE, "allies-of")  # "China's allies" are not China
    if verb.lemma_ in ISSUING_VERBS or verb.lemma_ in stance_lexicon():
        if verb.lemma_ == "lead" or is_leader(verb) or speaks_on_behalf(verb):
            return Role(RoleKind.DELIVERER, "subject-leads", also_backs=True)
        return Role(RoleKind.BACKER, "subject-of-backing-verb")
    return None


def rejects_claims(m: Mention) -> Role | None:
    """ "Germany rejected South Africa's allegations", "the US dismissed them as unfounded",
    "Britain called them unjustified", "its minister said the accusations were baseless":
    answering what a text claims answers the text from the other side."""
    verb = _acting_verb(m.person or m.token)
    if verb is None:
        return None
    for clause in (verb, *_own_reported_clauses(verb)):
        if not negated(clause) and _dismisses_a_claim(clause):
            return Role(RoleKind.OPPONENT, "rejects-claims")
    return None


def _acting_verb(token: Token) -> Token | None:
    verb = subject_verb(token)
    node = lift(token)
    if verb is None and node.dep_ == "appos" and node.head.dep_ == "nsubj":
        verb = node.head.head  # "Others, the United States among them, have rejected ..."
    return verb


def _own_reported_clauses(verb: Token) -> list[Token]:
    """ "Germany said it rejects them", "said the claims were false": what the subject says
    in its own name, not what it reports of others ("Peru said Chile rejected them")."""
    if verb.lemma_ not in REPORTING_VERBS:
        return []
    own = []
    for clause in verb.children:
        subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
        speaker = all(s.lower_ in SPEAKER_PRONOUNS for s in subjects)
        if clause.dep_ == "ccomp" and (speaker or clause.lemma_ == "be"):
            own.append(clause)
    return own


def _is_claim(token: Token) -> bool:
    return token.lemma_.lower() in CLAIM_NOUNS and token.pos_ == "NOUN"


def _dismisses_a_claim(clause: Token) -> bool:
    subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if clause.lemma_ == "be":  # "the allegations are meritless"
        return any(_is_claim(s) for s in subjects) and _dismissive_label(clause)
    objects = [c for c in clause.children if c.dep_ == "dobj"]
    claimed = any(_is_claim(o) or o.lower_ in OBJECT_PRONOUNS for o in objects)
    if not claimed:
        return False
    if clause.lemma_ in LABELLING_VERBS:
        return _dismissive_label(clause)
    return clause.lemma_ in OPPOSING_VERBS


def _dismissive_label(verb: Token) -> bool:
    """ "called them unjustified", "described them as false", "are 'meritless'"."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "as":
            words = [t.lemma_.lower() for t in child.subtree]
        elif child.dep_ in {"oprd", "acomp", "attr", "xcomp", "ccomp"} or (
            child.dep_ == "advmod" and child.pos_ == "ADJ"  # "branded them absurd"
        ):
            words = [child.lemma_.lower()]
        else:
            continue
        if DISMISSIVE_WORDS.intersection(words):
            return True
    return False


def at_the_head(m: Mention) -> Role | None:
    """ "West African leaders, with Ruritania at their head, threatened ...": the country
    at the head of those acting leads them."""
    node = lift(m.token)
    if node.dep_ != "pobj" or node.head.lower_ != "with":
        return None
    holder = node.head.head
    heads = (
        c for owner in (holder, node) for p in owner.children
        if p.dep_ == "prep" and p.lower_ == "at"
        for c in p.children if c.dep_ == "pobj" and c.lemma_.lower() in HEAD_NOUNS
    )  # fmt: skip
    if next(heads, None) is None or subject_verb(holder) is None:
        return None
    return Role(RoleKind.DELIVERER, "at-their-head", also_backs=True)


def state_declared(m: Mention) -> Role | None:
    """ "The Ruritanian foreign ministry said on Sunday that ...": a government speaking as
    a body, in a sentence that names no other text, issues a statement of its own."""
    if m.finding.anchors or m.person is not None or _names_a_text(m.sent):
        return None
    body = _state_body(m.token)
    if body is None or body.dep_ != "nsubj":
        return None
    verb = body.head
    if verb.dep_ != "ROOT" or verb.lemma_ not in REPORTING_VERBS or negated(verb):
        return None
    if not any(c.dep_ == "ccomp" and not inside_quote(m.sent, c) for c in verb.children):
        return None  # "the ministry said: “Mr Wang noted ...”" passes on someone's words
    anchor = Anchor(verb, "statement", definite=False, deliverers=[m.mention.iso3])
    m.finding.anchors.append(anchor)
    return Role(RoleKind.DELIVERER, "state-body-declared")


STRATEGIES: tuple[Strategy, ...] = (
    modifies_text, authored, announced_vote, framed_backer, agent_of_text, target,
    vote_group, leading, matter, listed, partner, at_the_head, state_declared, rejects_claims,
    subject,
)  # fmt: skip


def meeting_of_group(m: Mention) -> Role | None:
    """ "After a summit of the heads of ASEAN, a statement said ...": a text that comes out
    of the group's own meeting is the group's."""
    if not m.finding.anchors:
        return None
    node = lift(m.token)
    for _ in range(6):
        if node.dep_ not in {"pobj", "prep", "compound"} or node.head.i == node.i:
            return None
        node = node.head
        if node.lemma_.lower() in MEETING_NOUNS:
            return Role(RoleKind.BACKER, "meeting-of-group")
    return None


GROUP_STRATEGIES: tuple[Strategy, ...] = (
    authored, framed_backer, agent_of_text, target, vote_group, leading, matter, listed,
    partner, meeting_of_group, subject,
)  # fmt: skip


# ---------------------------------------------------------------- helpers
def modifier_of_anchor(token: Token, anchors: list[Anchor]) -> Anchor | None:
    by_index = {a.token.i: a for a in anchors}
    head = token.head
    if token.dep_ in {"compound", "amod", "poss", "nmod"} and head.i in by_index:
        return by_index[head.i]
    # "the one from Belarus", "a statement from Britain"
    if token.dep_ == "pobj" and head.lower_ == "from" and head.head.i in by_index:
        return by_index[head.head.i]
    if token.dep_ == "pobj" and head.lower_ == "from" and head.head.lower_ == "one":
        anchor = Anchor(head.head, "joint statement", definite=True)
        anchors.append(anchor)
        return anchor
    return None


def names_the_subject(mention: CountryMention, anchor: Anchor) -> bool:
    """A resolution named after a country by its bare name is about it ("the Myanmar
    resolution"); a British or Britain's resolution is by Britain. "anti-"/"pro-" too."""
    doc = anchor.token.doc
    before = doc.text[max(0, mention.span.start - 5) : mention.span.start].lower()
    if before.endswith(("anti-", "pro-")):
        return True
    return anchor.kind in VOTE_FAMILY and mention.form == "name"


def partner_in_text(token: Token, anchors: list[Anchor]) -> bool:
    """ "joined Ukraine in a statement", "issued a joint statement with Ukraine"."""
    if not anchors:
        return False
    node = lift(token)
    head = node.head
    if node.dep_ == "dobj" and head.lemma_ == "join" and not negated(head):
        return any(a.token.i in {t.i for t in head.subtree} for a in anchors)
    if node.dep_ == "pobj" and head.lower_ == "with":
        holder = head.head
        issuing = holder.lemma_ in DOCUMENT_VERBS and not negated(holder)
        return holder.i in {a.token.i for a in anchors} or issuing
    return False


def _state_body(token: Token) -> Token | None:
    """ "the Turkish Foreign Ministry", "Malaysia's government": the body acts for the state."""
    head = token.head
    if token.dep_ in {"amod", "compound", "poss", "nmod"} and head.lemma_.lower() in STATE_BODIES:
        return head
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in STATE_BODIES:
        return head.head  # "the government of Ruritania"
    return None


def _names_a_text(sent: SpacySpan) -> bool:
    """Any word for a text, even inside its quoted words ("welcomes the application")."""
    nouns = statement_nouns()
    return any(t.pos_ in {"NOUN", "PROPN"} and t.lemma_.lower() in nouns for t in sent)


def _answers_anchor(verb: Token, anchors: list[Anchor]) -> bool:
    """ "Replying to the statement, X's envoy denounced ...", "In response to the letter,
    X said ...": whatever the clause then says answers the text, it does not join it."""
    ids = {a.token.i for a in anchors}
    for child in verb.children:
        opening = child.lemma_ in ANSWER_WORDS and child.dep_ in {"advcl", "prep", "npadvmod"}
        if opening and ids & {t.i for t in child.subtree}:
            return True
    return False


def _backs_something_else(verb: Token, anchors: list[Anchor]) -> bool:
    """ "China backs the Security Council in taking action", "China called for a vote":
    the verb's object is a body or a procedure, not the text."""
    if verb.lemma_ not in SUPPORT_VERBS:
        return False
    anchor_ids = {a.token.i for a in anchors if a.kind != "vote"}
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    objects += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"
                for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    if not objects:
        return False
    return all(o.i not in anchor_ids and o.pos_ != "PRON" for o in objects)


def _object_is_anchor(verb: Token, anchors: list[Anchor]) -> bool:
    anchor_ids = {a.token.i for a in anchors}
    return any(child.i in anchor_ids for child in verb.children if child.dep_ == "dobj")


def _object_is_a_veto(verb: Token) -> bool:
    """ "condemned the veto", "deplored Russia's veto": against the veto, not the text."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() == "veto" for c in verb.children)


def _name_of(person: Token | None) -> str | None:
    if person is None or person.ent_type_ != "PERSON":
        return None
    return person_name(person)
