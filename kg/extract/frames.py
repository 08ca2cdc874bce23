"""Backing and voting frames that name a country outside the subject of the verb.

Each predicate takes a country's token (and the sentence's statement nouns
where it needs them) and says whether one general phrasing puts the country
behind a text or on one side of a vote:

- the matter of a text or group, never its member: "the Core Group on Sri Lanka";
- partners named by a noun of partnership: "drafted by Norway with the support of Chile";
- sources of backing: "Backing for the statement came from Chile, along with Peru";
- sides of a vote announced before a list: "Abstaining in the vote were A, B and C";
- signers set beside the list: "Besides Japan, the declaration was signed by ...";
- signers named by a description: "the countries that put their names to it were ...";
- signatories of a text through their envoys: "a letter from the ambassadors of A and B";
- authors fused to the text: "the Swiss-drafted resolution", "a Kenya-sponsored text";
- leaders in a relative clause: "Kenya, which had proposed the resolution, ...";
- labelled vote lists: "In favour (24): A, B." / "Against: C." / "Abstaining: D.";
- the vote a list marker continues: "40 abstained, among them Brazil and Chile".
"""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from kg.extract.syntax import (
    DOCUMENT_VERBS,
    ENVOY_NOUNS,
    ISSUING_VERBS,
    LEADING_VERBS,
    LIST_MARKER_TEXT,
    PARTNERSHIP_NOUNS,
    frame_words,
    lift,
    list_continues,
    negated,
)
from kg.lang import shapes
from kg.model import CountryMention

# Words that set a country beside the signers, name a text's matter, its backing, its signers.
BESIDE_PREPOSITIONS = frozenset(w for w in frame_words("beside") if " " not in w)
BESIDE_PHRASES = frozenset(tuple(w.split()) for w in frame_words("beside") if " " in w)
TOPIC_PREPOSITIONS = frame_words("topic")
BACKING_NOUNS = frame_words("backing")
SIGNER_NOUNS = ENVOY_NOUNS | frame_words("signer")
VOTE_SHAPES = shapes("vote_shapes.tsv")
VOTE_LABEL = VOTE_SHAPES["label"]
VOTE_LIST_LEAD = VOTE_SHAPES["list_lead"]
VOTE_WORDS = tuple((side, VOTE_SHAPES[side]) for side in ("abstained", "against", "for"))


def backing_came_from(token: Token) -> bool:
    """ "Backing for the statement came from Chile, along with Peru": the sources back it."""
    node = lift(token)
    if node.dep_ != "pobj" or node.head.lower_ not in {"from", "with"}:
        return False
    verb = node.head.head
    if node.head.lower_ == "with" and verb.lower_ == "along":
        verb = verb.head
    if verb.lemma_ != "come" or negated(verb):
        return False
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in BACKING_NOUNS for c in verb.children)


def is_topic(token: Token) -> bool:
    """ "the Core Group on Sri Lanka", "a resolution on Syria": the matter, never a member."""
    node = lift(token)
    return node.dep_ == "pobj" and node.head.lower_ in TOPIC_PREPOSITIONS


def partner_by_support(token: Token) -> bool:
    """ "drafted by Norway with the support of Chile": Chile is one of the text's backers."""
    node = lift(token)
    if node.dep_ != "pobj" or node.head.lower_ != "of":
        return False
    noun = node.head.head
    if noun.lemma_.lower() not in PARTNERSHIP_NOUNS or noun.dep_ != "pobj":
        return False
    holder = noun.head.head
    return noun.head.lower_ == "with" and holder.lemma_ in ISSUING_VERBS and not negated(holder)


def beside_signers(token: Token) -> bool:
    """ "Besides the US, the statement was signed by ...": the US signed it too."""
    node = lift(token)
    if node.dep_ != "pobj":
        return False
    prep = node.head
    beside = prep.lower_ in BESIDE_PREPOSITIONS
    if not beside and prep.head.i != prep.i:
        beside = (prep.head.lower_, prep.lower_) in BESIDE_PHRASES
    if not beside:
        return False
    verb = prep.head if prep.head.pos_ in {"VERB", "AUX"} else prep.head.head
    return verb.lemma_ in DOCUMENT_VERBS and not negated(verb)


def named_as_signers(token: Token) -> bool:
    """ "The countries that put their names to the letter were Norway and Chile"."""
    node = lift(token)
    copula = node.head
    if node.dep_ not in {"attr", "nsubj"} or copula.lemma_ != "be":
        return False
    for subject in copula.children:
        if subject.i == node.i or subject.dep_ not in {"nsubj", "attr"}:
            continue
        for clause in subject.children:
            if clause.dep_ in {"relcl", "acl"} and _signs(clause):
                return True
    return False


def _signs(verb: Token) -> bool:
    if negated(verb):
        return False
    if verb.lemma_ in DOCUMENT_VERBS or verb.lemma_ in {"back", "join", "endorse"}:
        return True
    # "put their names to"
    return verb.lemma_ == "put" and any(c.lemma_ in {"name", "signature"} for c in verb.children)


def signatory_through_envoys(token: Token, anchor_ids: set[int]) -> bool:
    """ "a letter from the ambassadors of Spain and Italy", "Ambassadors of Spain and Italy
    signed ...": the states behind the envoys."""
    node = lift(token)
    if node.dep_ != "pobj" or node.head.lower_ not in {"of", "from"}:
        return False
    envoys = node.head.head
    if envoys.lemma_.lower() not in SIGNER_NOUNS and envoys.lower_ not in SIGNER_NOUNS:
        return False
    link = envoys.head
    if envoys.dep_ == "nsubj":  # "Ambassadors of Chile and Peru signed a letter"
        return _signs(link)
    linked = envoys.dep_ == "pobj" and link.lower_ in {"of", "from", "by"}
    return linked and link.head.i in anchor_ids


def fused_author(token: Token, anchor_ids: set[int]) -> bool:
    """ "the Swiss-drafted resolution": a country fused to a participle of leading."""
    participle = token.head
    return (
        token.dep_ in {"npadvmod", "compound", "amod", "nmod"}
        and participle.tag_ == "VBN"
        and (participle.lemma_ in LEADING_VERBS or participle.lemma_ in {"sponsor", "back"})
        and participle.head.i in anchor_ids
    )


def leader_by_relative_clause(token: Token) -> bool:
    """ "Kenya, which had proposed the resolution, ...": the country that led the text;
    also "Ann Lee, the envoy of Kenya, which had proposed it": the clause may hang on the envoy."""
    holders = [lift(token)]
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        envoy = token.head.head
        if envoy.lemma_.lower() in SIGNER_NOUNS:
            holders.append(lift(envoy))
    return any(
        clause.dep_ == "relcl"
        and clause.lemma_ in LEADING_VERBS
        and not negated(clause)
        and any(c.dep_ == "nsubj" and c.lower_ in {"which", "that", "who"} for c in clause.children)
        for holder in holders
        for clause in holder.children
    )


def vote_list_kind(
    sent: SpacySpan, mention: CountryMention, mentions: list[CountryMention]
) -> str | None:
    """The side of a vote a list announces: "Abstaining in the vote were A, B and C"."""
    head = sent.doc.text[sent.start_char : mention.span.start]
    leads = list(VOTE_LIST_LEAD.finditer(head))
    if not leads:
        return None
    lead = leads[-1]
    if not list_continues(sent.doc.text, sent.start_char + lead.end(), mention, mentions):
        return None
    words = lead.group(0)
    for kind, pattern in VOTE_WORDS:
        if pattern.search(words):
            return kind
    return "for" if re.search(r"\byes\b", words, re.IGNORECASE) else "against"


def vote_label(text: str) -> str | None:
    """ "In favour (22): ..." -> "for"; "Against: ..." -> "against"; "Abstentions: ..."."""
    match = VOTE_LABEL.match(text)
    if match is None:
        return None
    label = match.group("label").lower()
    if label.startswith("abst"):
        return "abstained"
    return "against" if label.endswith(("against", "no")) else "for"


def vote_before_list(sent: SpacySpan, token: Token) -> str | None:
    """The vote a list continues: "40 countries abstained, among them Brazil" -> abstained."""
    head = sent.doc.text[sent.start_char : token.idx]
    markers = list(LIST_MARKER_TEXT.finditer(head))
    if not markers:
        return None
    # Only the words just before the marker: "vetoed the draft backed by nine members,
    # including France" lists backers, not vetoers.
    clause = head[: markers[-1].start()][-40:]
    for kind, pattern in VOTE_WORDS:
        if pattern.search(clause):
            return kind
    return None
