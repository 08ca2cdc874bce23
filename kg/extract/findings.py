"""What one sentence says about collective positions, as the clause reader fills it in."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from kg.extract.numbers import DeclaredCount, VoteTally
from kg.model import CountryMention


class RoleKind(Enum):
    """The part a country plays in one sentence's collective position."""

    DELIVERER = "deliverer"  # read, tabled, drafted or led the text (and so backs it)
    BACKER = "backer"
    VOTED_FOR = "for"
    AGAINST = "against"
    ABSTAINED = "abstained"
    TARGET = "target"  # what the text criticises or supports
    OPPONENT = "opponent"  # answers the text from the other side
    NONE = "none"  # a decided non-role: the matter of a text, a reaction, a negated signing


@dataclass(frozen=True)
class Role:
    """A decision about one country mention, naming the rule that took it."""

    kind: RoleKind
    rule: str
    polarity: str | None = None  # for a target: "critical" | "supportive"
    person: str | None = None  # the official through whom the country acts, if named
    also_backs: bool = False  # a deliverer counted among the named backers of the sentence


@dataclass
class Anchor:
    """A noun or phrase naming a collective position in the sentence."""

    token: Token
    kind: str
    definite: bool  # "the statement", "that letter": a reference back
    deliverers: list[str] = field(default_factory=list)


@dataclass
class SentenceFinding:
    """Everything one sentence says about collective positions."""

    sent: SpacySpan
    anchors: list[Anchor] = field(default_factory=list)
    backers: list[str] = field(default_factory=list)
    deliverers: list[str] = field(default_factory=list)
    deliverer_person: str | None = None
    targets: list[tuple[str, str]] = field(default_factory=list)  # (ISO3, polarity)
    opponents: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)
    voted_for: list[str] = field(default_factory=list)
    abstained: list[str] = field(default_factory=list)
    counts: list[DeclaredCount] = field(default_factory=list)
    tally: VoteTally | None = None
    venue: tuple[str, int] | None = None
    collective: bool = False
    counters: bool = False
    continuation: bool = False
    vote_label: str | None = None  # "for" | "against" | "abstained": a labelled vote list
    mentions: list[CountryMention] = field(default_factory=list)
    passive_counter: bool = False
    rules: dict[str, str] = field(default_factory=dict)  # ISO3 -> the rule that placed it
    matters: list[str] = field(default_factory=list)  # what a text is about, not who backs it
    groups: dict[str, tuple[str, str]] = field(default_factory=dict)  # backing slug -> label, rule

    body_spoke: bool = False  # "ASEAN called on X to ...": a body speaking as one
    leaders_of: tuple[str, str] | None = None  # "ECOWAS leaders": the body whose leaders act
    attendees: list[str] = field(default_factory=list)  # "the summit was attended by ..."
    # "South Africa's allegations" -> "ZAF"; "the accusations" -> None: whose text's claims
    # the sentence speaks of.
    claims_of: list[str | None] = field(default_factory=list)

    def place_group(self, slug: str, label: str, role: Role, *, body: bool = False) -> None:
        """A group of states joins the backers when its role is to back or deliver the text."""
        if role.kind in {RoleKind.BACKER, RoleKind.DELIVERER, RoleKind.VOTED_FOR}:
            self.groups.setdefault(slug, (label, role.rule))
            self.body_spoke = self.body_spoke or body and role.rule.startswith("subject-")

    def place(self, iso: str, role: Role) -> None:
        """Record a decision: the country joins the list its role names."""
        lists = {
            RoleKind.DELIVERER: self.deliverers,
            RoleKind.BACKER: self.backers,
            RoleKind.VOTED_FOR: self.voted_for,
            RoleKind.AGAINST: self.against,
            RoleKind.ABSTAINED: self.abstained,
            RoleKind.OPPONENT: self.opponents,
        }
        if role.kind is RoleKind.TARGET:
            self.targets.append((iso, role.polarity or "critical"))
        elif role.kind in lists:
            lists[role.kind].append(iso)
        if role.also_backs:
            self.backers.append(iso)
        if role.kind is RoleKind.NONE and role.rule.startswith("matter-"):
            self.matters.append(iso)
        if role.kind is not RoleKind.NONE:
            self.rules.setdefault(iso, role.rule)
        if role.person and role.kind is RoleKind.DELIVERER:
            self.deliverer_person = role.person
