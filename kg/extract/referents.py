"""Who a subject phrase names: a person, a body, a country or a document.

Quotes are attributed through the subject of a reporting verb; this module turns
that subject into a SpeakerRef:
- a name: a known official, else a new person (PERSON) or a named body (ORG);
- he/she: the last compatible person, subjects of the last two sentences first,
  never a name inside someone else's quote;
- it/they: a body (or a person's campaign) named as subject earlier in the
  sentence, else ("it") a document subject earlier in the sentence, else the
  last body quoted, else the nearest earlier body subject (its whole phrase
  counts);
- "the nations", "these countries", "the signatories": the states behind the
  statement spoken of, which speaks for them (a statement keyed by the noun);
- "officials at X", "a spokesman for X": the body or country X; "the Trump
  campaign", "Clinton's team": the person or body that owns it;
- who/which/that: the noun the relative clause hangs on, for people and documents;
- a document ("the statement", "the IMF report"): its named owner when a person
  or body owns it, else the statement itself (key: the offset of the noun);
- a description ("China's UN envoy", "the 70-year-old former Chilean president"):
  the official with that title and country, else the person last mentioned whose
  country, gender and title do not clash.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from kg.extract.annotations import person_name_runs, quoted_ranges
from kg.extract.bodies import is_outlet, is_press, media_roles, org_in_text
from kg.extract.countries import lookup_country
from kg.extract.officials import genders, recent_mentions, resolve_name, slug
from kg.extract.speakers import clean_name, document_nouns, person_nouns
from kg.lang import words
from kg.model import SpeakerRef

BODY_NOUNS = words("body_speaker_nouns.txt")
BODY_PREPS = words("body_prepositions.txt")
GOVERNMENTS = words("government_nouns.txt")
BACKERS = words("backer_nouns.txt")
OWNED_GROUPS = words("owned_groups.txt")


class Referents:
    """What reference needs about one document: names, mentions, bodies, quoted spans."""

    def __init__(self, doc: Doc, officials, organizations) -> None:
        self.doc = doc
        self.officials = officials
        self.organizations = organizations
        self.mentions = recent_mentions(doc, officials)
        self.runs = {t.i: run for run in person_name_runs(doc) for t in run}
        self.paras = doc._.paragraphs
        self.genders = genders(doc, self.mentions)
        self.quoted = quoted_ranges(doc)

    def _inside_quote(self, tok: Token) -> bool:
        return any(s <= tok.idx < e for s, e in self.quoted)

    def _run_ref(self, run) -> SpeakerRef | None:
        """A name as speaker: a known official, else a new person or a named body.

        NER decides for names no official holds: a place is nobody's voice; an
        organisation ("Politifact said") speaks as a body with a slug from its name.
        """
        if lookup_country(run.text) is not None:
            return None
        name = clean_name(run.text)
        if is_press(self.doc, run):
            return None  # a byline or "Al Jazeera's correspondent Ana Ruiz": a carrier
        body = self._body_around(run)
        if body is not None:  # "Watch" cut from "Human Rights Watch" at its common words
            return SpeakerRef("organization", body)
        key = resolve_name(name, self.officials, run.end_char)
        if key:
            return SpeakerRef("official", key)
        if org_in_text(name) is not None or run.root.ent_type_ in ("GPE", "LOC", "FAC"):
            return None
        if is_outlet(name):
            # an outlet is a body, never a person; its own reports are its words
            return SpeakerRef("organization", slug(name))
        if run.root.ent_type_ == "ORG":
            return SpeakerRef("organization", slug(name))
        return SpeakerRef("official", name)

    def _body_around(self, run) -> str | None:
        """The organisation whose name holds the run (a name cut at a title word)."""
        for org in self.organizations:
            if org.span and org.span.start <= run.start_char and run.end_char <= org.span.end:
                return org.slug
        return None

    def _ref(self, tok: Token, previous) -> tuple[SpeakerRef | None, float]:
        if tok.lower_ in ("that", "which", "who") and tok.head.dep_ == "relcl":
            antecedent = tok.head.head  # "a Belarus text that heaped praise on ...": the text
            above = antecedent.head.head if antecedent.dep_ == "pobj" else antecedent
            if antecedent.head.lower_ == "of" and above.lemma_.lower() in document_nouns():
                antecedent = above  # "a declaration of the Lima Group that calls ...": its text
            if tok.lower_ == "who" or antecedent.lemma_.lower() in document_nouns():
                tok = antecedent
        low = tok.lower_
        if low in media_roles():
            return None, 0  # "the correspondent said": a reporter, not a voice of the story
        if low in ("he", "she", "him", "her"):
            gender = "F" if low in ("she", "her") else "M"
            return self._recent_person(tok, gender), 0.65
        if low in ("it", "they"):
            # a body named as a subject earlier in the same sentence comes first
            # ("China set up camps that it describes as ..."), then the last body quoted
            same = self._recent_body(tok, tok.sent.start) or self._document_before(tok)
            if same is not None:
                return same, 0.6
            if previous and previous[1].speaker and previous[1].speaker.kind != "official":
                return previous[1].speaker, 0.55
            return self._recent_body(tok), 0.5
        if tok.lemma_.lower() in document_nouns() and tok.pos_ == "NOUN":
            owner = self._document_owner(tok)
            if owner is not None:  # "the IMF report said", "Ivana Trump's brief said"
                return owner, 0.7
            # "the statement said", "a Belarus text ...": the document speaks
            return SpeakerRef("statement", str(self._statement_sentence(tok))), 0.75
        if any(_backers(c, beside_one=True) for c in tok.conjuncts) and not self._inside_quote(tok):
            # "the U.S. and the other nations said": the states behind the statement together
            return SpeakerRef("statement", str(tok.idx)), 0.6
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
        if _backers(tok) and not self._inside_quote(tok):
            # "the nations condemned it “in the strongest terms”": the states behind the
            # statement the article speaks of, which speaks for them
            return SpeakerRef("statement", str(tok.idx)), 0.6
        if tok.pos_ == "NOUN" and tok.lower_ in BODY_NOUNS:
            body = self._body_of(tok)
            if body is not None:  # "Officials at Homeland Security Investigations said"
                return body, 0.75
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in OWNED_GROUPS:
            owner = self._document_owner(tok)
            if owner is not None:  # "the Trump campaign said", "Clinton's campaign says"
                return owner, 0.7
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

    def _body_of(self, tok: Token) -> SpeakerRef | None:
        """The body or country that "officials at/of/from X" speak for; a person after
        the preposition ("a spokesman for Clinton") is not taken: they speak for them."""
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ not in BODY_PREPS:
                continue
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                run = self.runs.get(obj.i)
                ref = self._run_ref(run) if run is not None else None
                if ref is not None and ref.kind == "organization":
                    return ref
                phrase = self.doc.text[obj.left_edge.idx : obj.idx + len(obj.text)]
                org = self._organization(phrase, obj.idx)
                if org:
                    return SpeakerRef("organization", org)
                iso3 = lookup_country(phrase) or self._government_of(obj)
                if iso3:
                    return SpeakerRef("country", iso3)
        return None

    def _government_of(self, tok: Token) -> str | None:
        """ "Peru's government", "the Peruvian government": the country it governs."""
        if tok.lemma_.lower() not in GOVERNMENTS:
            return None
        owners = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod")]
        return next((iso3 for iso3 in (lookup_country(c.text) for c in owners) if iso3), None)

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
            if cand.pos_ == "NOUN" and cand.lemma_.lower() in OWNED_GROUPS:
                owner = self._document_owner(cand)
                if owner is not None:  # "Clinton's campaign ... what they call"
                    return owner
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

    def _document_before(self, tok: Token) -> SpeakerRef | None:
        """ "The resolution was watered down: it spoke of “targeted measures”": "it" is a
        document that is the subject earlier in its sentence (a person's or body's text is
        theirs)."""
        if tok.lower_ != "it":
            return None
        for cand in reversed(self.doc[tok.sent.start : tok.i]):
            if cand.dep_ not in ("nsubj", "nsubjpass") or cand.pos_ == "PRON":
                continue
            if cand.pos_ == "NOUN" and cand.lemma_.lower() in document_nouns():
                owner = self._document_owner(cand)
                return owner or SpeakerRef("statement", str(self._statement_sentence(cand)))
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

    def _document_owner(self, tok: Token) -> SpeakerRef | None:
        """The person or body a document belongs to, named right before it; a country's
        document ("a Belarus text") stays a statement: the coalition stage owns those."""
        lefts = list(tok.lefts)
        if any(lookup_country(c.text) for c in lefts):
            return None  # "Britain's UN statement": a country's, at a venue
        issuer = self._issuer(tok)
        if issuer is not None:
            return issuer
        for child in lefts:
            if child.dep_ not in ("poss", "compound"):
                continue
            run = self.runs.get(child.i)
            ref = self._run_ref(run) if run is not None else None
            if ref is None:
                phrase = self.doc.text[child.left_edge.idx : child.idx + len(child)]
                slug_ = self._organization(phrase, child.idx)  # national bodies get a country
                ref = SpeakerRef("organization", slug_) if slug_ else None
            if ref is not None and ref.kind in ("official", "organization"):
                return ref
        return None

    def _issuer(self, tok: Token) -> SpeakerRef | None:
        """ "a statement released by Mexico's foreign ministry": the body or person named
        as the agent of the document's release."""
        for clause in (c for c in tok.children if c.dep_ == "acl"):
            for agent in (c for c in clause.children if c.dep_ == "agent"):
                for obj in (c for c in agent.children if c.dep_ == "pobj"):
                    phrase = self.doc.text[obj.left_edge.idx : obj.idx + len(obj.text)]
                    org = self._organization(phrase, obj.idx)
                    run = self.runs.get(obj.i)
                    ref = self._run_ref(run) if run is not None else None
                    if org:
                        return SpeakerRef("organization", org)
                    if ref is not None and ref.kind in ("official", "organization"):
                        return ref
        return None

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


def _backers(tok: Token, *, beside_one: bool = False) -> bool:
    """ "the nations", "these countries", "the 22 signatories": states already spoken of,
    taken together (a plural with a definite or counted determiner, no "of" naming others).
    BESIDE_ONE: "Chile and the other nations" are the rest of them; alone, "the other
    countries" are those that did not join."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NNS" or tok.lemma_.lower() not in BACKERS:
        return False
    pointed = any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in tok.children)
    named = any(
        c.dep_ in ("prep", "compound")
        or c.dep_ == "amod"
        and not (beside_one and c.lower_ == "other")
        for c in tok.children
    )
    return pointed and not named


def _pronoun_gender(tok: Token) -> str | None:
    """The gender a description cannot have: "the former president said she ..." is not a man."""
    for t in tok.sent:
        if t.i > tok.i and t.lower_ in ("she", "her"):
            return "M"
        if t.i > tok.i and t.lower_ in ("he", "his", "him"):
            return "F"
    return None
