"""When two reports speak of the same statement: kind, dates, aim, leader, members, tally.

Used by resolve.py to join one article's statement to those of other articles;
within an article the extractor has already told its statements apart.
"""

from __future__ import annotations

from kg.model import DateValue, StatementMention

# One outlet's "vote" is another's "resolution"; one's "joint statement" another's
# "declaration" or "communique".
VOTE_KINDS = {"resolution", "vote"}
JOINT_TEXT_KINDS = {"joint statement", "declaration", "communique"}


def same_statement(group: list[StatementMention], new: StatementMention) -> bool:
    """Same kind, compatible dates, and the same leader or shared members with no clash."""
    for old in group:
        if not _kinds_match(old.kind, new.kind) or not _dates_match(old.date, new.date):
            continue
        if old.stance and new.stance and old.target == new.target and old.stance != new.stance:
            continue
        if old.target and new.target and old.target != new.target:
            continue  # a text aimed at one state is not one aimed at another
        if _tallies_differ(old, new):
            continue
        if _same_aim(old, new) and not (_named(old) and _named(new)):
            return True  # "the genocide case against Israel", told once with backers, once bare
        if _same_aim(old, new) and _groups(old) & _groups(new):
            return True  # the same body's text aimed the same way: its summit's communique
        if old.delivered_by and new.delivered_by:
            if old.delivered_by == new.delivered_by:
                return True
            continue
        shared = backers_of(old) & backers_of(new)
        if len(shared) >= 2 or (shared and (_counts_meet(old, new) or _same_day_aim(old, new))):
            return True
        if _same_tally(old, new) or _mostly_same_opponents(old, new):
            return True
    return False


def evidence_keys(mention: StatementMention) -> set[tuple]:
    """What two mentions share whenever `same_statement` joins them: each way it says
    yes above needs one of these in common (an aim, a leader, a backer, a tally, an
    opponent). kg.blocking finds candidates by them."""
    keys: set[tuple] = {("back", iso) for iso in backers_of(mention)}
    keys |= {("opp", *pair) for pair in _opposed(mention)}
    if mention.target is not None:
        keys.add(("aim", mention.kind, mention.target, mention.stance))
    if mention.delivered_by:
        keys.add(("lead", mention.delivered_by))
    if mention.declared_count is not None and mention.declared_against is not None:
        keys.add(("tally", mention.declared_count, mention.declared_against))
    return keys


def kind_keys(kind: str) -> set[tuple]:
    """Two kinds match (`_kinds_match`) exactly when their keys meet."""
    keys = {("kind", kind)}
    keys |= {
        ("kinds", n) for n, kinds in enumerate((VOTE_KINDS, JOINT_TEXT_KINDS)) if kind in kinds
    }
    return keys


def _same_aim(a: StatementMention, b: StatementMention) -> bool:
    return (
        a.kind == b.kind
        and a.target is not None
        and (a.target, a.stance)
        == (
            b.target,
            b.stance,
        )
    )


def _same_day_aim(a: StatementMention, b: StatementMention) -> bool:
    """The same kind of text, aimed the same way at the same state on the same day."""
    return (
        _same_aim(a, b)
        and a.date is not None
        and b.date is not None
        and a.date.precision == b.date.precision == "day"
    )


def _named(mention: StatementMention) -> bool:
    """Whether a report names anyone behind the text."""
    return bool(backers_of(mention)) or mention.delivered_by is not None


def _tallies_differ(a: StatementMention, b: StatementMention) -> bool:
    """Two recorded votes with different yes or no totals are two votes."""
    pairs = ((a.declared_count, b.declared_count), (a.declared_against, b.declared_against))
    votes = {"resolution", "vote"}
    recorded = a.kind in votes and b.kind in votes
    return recorded and any(x is not None and y is not None and x != y for x, y in pairs)


def _mostly_same_opponents(a: StatementMention, b: StatementMention) -> bool:
    """The same usual opponents vote against many texts: only most of them in common counts."""
    first, second = _opposed(a), _opposed(b)
    shared = first & second
    return len(shared) >= 2 and 2 * len(shared) > min(len(first), len(second))


def _opposed(mention: StatementMention) -> set[tuple[str, str]]:
    return {(p.iso3, p.kind) for p in mention.positions if p.kind != "backed"}


def _same_tally(a: StatementMention, b: StatementMention) -> bool:
    """Two reports of one recorded vote give the same yes and no totals."""
    return (
        a.declared_count is not None
        and a.declared_against is not None
        and (a.declared_count, a.declared_against) == (b.declared_count, b.declared_against)
    )


def _groups(mention: StatementMention) -> set[str]:
    return {g.slug for g in mention.groups}


def backers_of(mention: StatementMention) -> set[str]:
    return {p.iso3 for p in mention.positions if p.kind == "backed"}


def _kinds_match(a: str, b: str) -> bool:
    return a == b or any(a in kinds and b in kinds for kinds in (VOTE_KINDS, JOINT_TEXT_KINDS))


def _counts_meet(a: StatementMention, b: StatementMention) -> bool:
    """The same declared total, or one report's total is the other's list of names:
    "13 countries urged ..." and a declaration listing thirteen."""
    if a.declared_count is not None and a.declared_count == b.declared_count:
        return True
    return any(
        x.declared_count is not None and x.declared_count == len(backers_of(y)) > 1
        for x, y in ((a, b), (b, a))
    )


def _dates_match(a: DateValue | None, b: DateValue | None) -> bool:
    if a is None or b is None or a.start is None or b.start is None:
        return True
    if a.precision == "year" or b.precision == "year":
        return a.start.year == b.start.year
    if a.precision == "day" and b.precision == "day":
        return abs((a.start - b.start).days) <= 1
    return (a.start.year, a.start.month) == (b.start.year, b.start.month)
