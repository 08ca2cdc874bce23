"""One colour scheme for every picture: a stance has the same colour in the coalition
graph, the timeline and their legends, and the scheme reads for colour-blind people
too (the Okabe-Ito palette)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

CRITICAL = "#D55E00"  # vermillion
SUPPORTIVE = "#0072B2"  # blue
NEITHER = "#999999"  # grey: no stance, or a mixed one
UNALIGNED = "#CCCCCC"
STANCE_COLOUR = {"critical": CRITICAL, "supportive": SUPPORTIVE, None: NEITHER}
# blocs with no single stance, or a second bloc of a stance already coloured
OTHER_BLOCS = ("#E69F00", "#009E73", "#56B4E9", "#F0E442", "#000000")
# the coalition graph's edges: grey agreement lets the blocs' colours stand out; the
# palette's reddish purple, kept from every bloc, marks disagreement (dashed as well)
AGREEMENT = "#B0B0B0"
DISAGREEMENT = "#CC79A7"
AGREEMENT_MAP = "cividis"  # the heatmap's: sequential, and colour-blind safe


class _Bloc(Protocol):
    id: str
    stance: dict[str, str]


def bloc_colours(blocs: Iterable[_Bloc]) -> dict[str, str]:
    """Each bloc's colour: the colour of its stance when it takes one stance toward every
    target (the first such bloc of each stance), else the next of the other colours."""
    colours: dict[str, str] = {}
    taken: set[str] = set()
    others = iter(OTHER_BLOCS * 100)
    for bloc in blocs:
        stances = set(bloc.stance.values())
        colour = STANCE_COLOUR.get(stances.pop()) if len(stances) == 1 else None
        if colour is None or colour == NEITHER or colour in taken:
            colour = next(others)
        taken.add(colour)
        colours[bloc.id] = colour
    return colours
