"""Where a country mention stands in the parse: subject, list member, agent, target, voter.

Small predicates over spaCy tokens, shared by the sentence reader (clauses.py).
"""

from __future__ import annotations

from functools import cache, lru_cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from kg.lang import mapping, shapes, table, words
from kg.model import CountryMention, KgError

# Verb and noun lists by the frame they serve; each file says what its words do.
ISSUING_VERBS = words("issuing_verbs.txt")
DOCUMENT_VERBS = words("document_verbs.txt")
CONDITIONAL_DOCUMENT_VERBS = words("conditional_document_verbs.txt")
REPORTING_VERBS = words("reported_action_verbs.txt")
REACTION_VERBS = words("reaction_verbs.txt")
OPPOSING_VERBS = words("opposing_verbs.txt")
PLACE_NOUNS = words("place_nouns.txt")
ENVOY_NOUNS = words("envoy_nouns.txt")
GROUP_HEADS = words("group_heads.txt")
LIST_MARKERS = words("list_markers.txt")
MEETING_NOUNS = words("meeting_nouns.txt")
LEADING_VERBS = words("leading_verbs.txt")
PARTNERSHIP_NOUNS = words("partnership_nouns.txt")
REFUSAL_VERBS = words("refusal_verbs.txt")
VOTE_SIDES = mapping("vote_sides.csv", "word", "side", str)
FOR_WORDS = frozenset(word for word, side in VOTE_SIDES.items() if side == "for")
AGAINST_WORDS = frozenset(word for word, side in VOTE_SIDES.items() if side == "against")


@cache
def frame_words(cue: str) -> frozenset[str]:
    """The words of frame_words.csv that serve one cue ("beside", "topic", "release", ...)."""
    found = frozenset(row["word"] for row in table("frame_words.csv") if row["cue"] == cue)
    if not found:
        raise KgError(f"frame_words.csv: no words for the cue {cue!r}")
    return found


@lru_cache(maxsize=1)
def stance_lexicon() -> dict[str, str]:
    return mapping("stance.csv", "lemma", "polarity", str)


@lru_cache(maxsize=1)
def statement_nouns() -> dict[str, str]:
    """Lemma -> the kind of text it names ("communique" -> "communique")."""
    return mapping("statement_nouns.csv", "lemma", "kind", str)


def determiner(token: Token) -> str:
    for child in token.children:
        if child.dep_ in {"det", "poss"}:
            return child.lower_
    return ""


def lift(token: Token) -> Token:
    """Climb coordination and apposition to the head of a list."""
    while token.dep_ in {"conj", "appos"} and token.head.i != token.i:
        token = token.head
    return token


def subject_verb(token: Token) -> Token | None:
    """The verb the mention (or the list it is in) is the subject of."""
    head = lift(token)
    if head.dep_ in {"compound"} and head.head.dep_ in {"nsubj", "nsubjpass"}:
        head = lift(head.head)
    head = companion_of(head)
    if head.dep_ == "nsubj":
        return head.head
    return None


def companion_of(token: Token) -> Token:
    """ "member states, along with Norway and Switzerland, backed ...": Norway joins the subject."""
    prep = token.head
    if token.dep_ == "pobj" and prep.lower_ == "with" and prep.i != prep.head.i:
        anchor = prep.head
        if anchor.lower_ in {"along", "together"}:
            anchor = anchor.head
        if anchor.dep_ == "nsubj":
            return lift(anchor)
    return token


LIST_MARKER_TEXT = shapes("list_shapes.tsv")["list_marker"]
LIST_GLUE = shapes("list_shapes.tsv")["list_glue"]


def after_list_marker(
    sent: SpacySpan, mention: CountryMention, mentions: list[CountryMention]
) -> bool:
    """ "..., among them Chile, Peru and Colombia": countries strung after a list marker.

    Read on the text, not the parse: the small model often breaks such lists.
    """
    head = sent.doc.text[sent.start_char : mention.span.start]
    markers = list(LIST_MARKER_TEXT.finditer(head))
    if not markers:
        return False
    return list_continues(sent.doc.text, sent.start_char + markers[-1].end(), mention, mentions)


def list_continues(
    text: str, start: int, mention: CountryMention, mentions: list[CountryMention]
) -> bool:
    """Only other countries, commas and "and" stand between `start` and the mention."""
    between = text[start : mention.span.start]
    for other in sorted(mentions, key=lambda m: -m.span.start):
        if start <= other.span.start and other.span.end <= mention.span.start:
            offset = other.span.start - start
            between = between[:offset] + between[offset + len(other.text) :]
    return bool(LIST_GLUE.match(between))


def agent_of_issuing(token: Token) -> bool:
    """ "signed by Germany and France", "joined by Canada": the agents of a backing verb."""
    node = lift(token)
    head = node.head
    return (
        node.dep_ == "pobj"
        and (head.dep_ == "agent" or head.lower_ == "by")
        and head.head.lemma_ in ISSUING_VERBS | {"co-sponsor", "cosponsor"}
    )


def speaks_on_behalf(verb: Token) -> bool:
    """ "Sweden, on behalf of the Nordic countries, welcomed ...": the speaker leads."""
    return any(t.lower_ == "behalf" and t.head.lower_ == "on" for t in verb.subtree)


def inside_quote(sent: SpacySpan, token: Token) -> bool:
    before = sent.doc.text[sent.start_char : token.idx]
    return (before.count("“") > before.count("”")) or before.count('"') % 2 == 1


def stance_over(token: Token) -> str | None:
    """The polarity of the stance word whose object this mention is, if any."""
    lexicon = stance_lexicon()
    node = lift(token)
    if names_a_place_within(node):
        return None
    if node.dep_ == "nsubj" and _called_legitimate(node.head):
        return "supportive"  # "the new government is the sole legitimate one"
    for _ in range(6):
        dep = node.dep_
        head = node.head
        if dep in {"nsubj", "nsubjpass", "ROOT", "csubj"} or head.i == node.i:
            return None
        if dep in {"dobj", "pobj", "poss", "prep", "compound", "amod", "nmod", "attr", "dative"}:
            polarity = _stance_word(head, lexicon)
            # "U.S. criticism", "a U.S.-led push": a modifier of a stance noun is its author
            if polarity and dep not in {"compound", "amod", "nmod"}:
                return polarity
            if head.pos_ in {"VERB", "AUX"}:
                for child in head.children:
                    if child.i == node.i:
                        continue  # the noun holding the mention is not its stance word
                    if child.dep_ == "dobj" and child.lemma_.lower() in lexicon:
                        return lexicon[child.lemma_.lower()]
                return None  # the clause of another verb: not what the stance word governs
        node = lift(head)
    return None


def _stance_word(token: Token, lexicon: dict[str, str]) -> str | None:
    """The polarity of a stance word, read with its modifier first ("no-fly zone", "arms
    embargo") so that a phrase can be a stance where its head alone is not."""
    for child in token.children:
        if child.dep_ in {"amod", "compound"} and child.i < token.i:
            phrase = lexicon.get(f"{child.lower_} {token.lemma_.lower()}")
            if phrase:
                return phrase
    return lexicon.get(token.lemma_.lower())


def _called_legitimate(verb: Token) -> bool:
    """ "X is the sole legitimate government": a copula whose attribute says X holds power
    by right, the words of recognition."""
    if verb.lemma_ != "be":
        return False
    attributes = [c for c in verb.children if c.dep_ == "attr"]
    words = frame_words("legitimacy")
    return any(m.lemma_.lower() in words for a in attributes for m in a.children)


def negated(verb: Token) -> bool:
    """ "did not sign", "never backed", "refused to sign"."""
    if any(c.dep_ == "neg" or c.lower_ in {"never", "not"} for c in verb.children):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_ in REFUSAL_VERBS


def reported_action(verb: Token) -> Token:
    """For "X said they had filed a resolution", the filing, done by X itself."""
    if verb.lemma_ not in REPORTING_VERBS:
        return verb
    for clause in verb.children:
        subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
        own = all(c.lower_ in {"they", "we", "it"} for c in subjects)
        if clause.dep_ == "ccomp" and clause.lemma_ in ISSUING_VERBS and own:
            return clause
    return verb


def names_a_place_within(node: Token) -> bool:
    """ "four regions of Ukraine", "Ukrainian regions": a location, not whom it is about."""
    head = node.head
    if node.dep_ in {"amod", "compound"} and head.lemma_ in PLACE_NOUNS:
        return True
    return node.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_ in PLACE_NOUNS


def in_vote_group(token: Token, position: str) -> bool:
    node = lift(token)
    if node.dep_ == "pobj" and node.head.dep_ == "agent" and node.head.head.lemma_ == "veto":
        return position == "against"  # "the draft was vetoed by Russia"
    verb = subject_verb(token)
    if verb is None:
        return False
    if verb.lemma_ in {"be", "join"}:
        # "China and India were among those that abstained"; "Syria joined Russia in voting no"
        verb = next((t for t in verb.subtree if t.lemma_ in {"abstain", "vote"}), verb)
    if position == "abstain":
        return verb.lemma_ == "abstain"
    if verb.lemma_ == "veto":
        return position == "against"
    if verb.lemma_ != "vote":
        return False
    after = {c.lower_ for c in verb.subtree if c.i > verb.i}
    if position == "against":
        return bool(after & AGAINST_WORDS)
    return bool(after & FOR_WORDS) and not after & AGAINST_WORDS


def agent_of_leading(token: Token) -> bool:
    """ "twenty countries led by Canada": the country that leads the group."""
    head = lift(token).head
    return (
        lift(token).dep_ == "pobj"
        and head.lower_ == "by"
        and head.head.lemma_ in LEADING_VERBS | {"head", "sponsor"}
    )


def in_list(token: Token) -> bool:
    node = lift(token)
    for _ in range(5):
        if node.lemma_.lower() in LIST_MARKERS or node.lower_ in LIST_MARKERS:
            return True
        if node.head.i == node.i or node.dep_ in {"nsubj", "dobj"}:
            return node.dep_ == "dobj" and node.head.lemma_ in {"include", "comprise"}
        node = lift(node.head)
    return False


def possessor_of_person(token: Token) -> Token | None:
    """For "Britain's UN Ambassador Karen Pierce" or "France's envoy", the person's token."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in ENVOY_NOUNS:
        return head.head  # "the Embassy of the Kingdom of Spain", "the ambassador of Chile"
    if token.dep_ not in {"poss", "compound", "amod", "nmod"}:
        return None
    head = token.head
    titled = head.lemma_.lower() in ENVOY_NOUNS
    # "Chinese Foreign Minister (FM) Li Wei": the title may hang on the name as a modifier
    while head.dep_ in {"compound", "nmod"} and head.head.i != head.i and head.head.pos_ == "PROPN":
        head = head.head
        titled = titled or head.lemma_.lower() in ENVOY_NOUNS
    # "Honduran FM Ana Ruiz": the title is the name's other modifier
    titled = titled or any(c.lemma_.lower() in ENVOY_NOUNS for c in head.children)
    if head.ent_type_ == "PERSON" or titled or head.lemma_.lower() in ENVOY_NOUNS:
        return head
    return None


def person_name(token: Token) -> str:
    """The PERSON entity holding the token, else the token's own text.

    Read on the token's entity tags: `Doc.ents` builds every entity of the doc.
    """
    if token.ent_type_ != "PERSON":
        return token.text
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def is_leader(verb: Token) -> bool:
    return verb.lemma_ in LEADING_VERBS
