"""One colour per stance in every picture, colour-blind safe."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.colours import (
    AGREEMENT,
    CRITICAL,
    DISAGREEMENT,
    OTHER_BLOCS,
    STANCE_COLOUR,
    SUPPORTIVE,
    UNALIGNED,
    bloc_colours,
)


@dataclass
class Bloc:
    id: str
    stance: dict[str, str] = field(default_factory=dict)


def test_a_bloc_takes_the_colour_of_its_one_stance():
    colours = bloc_colours([
        Bloc("a", {"CHN": "critical"}),
        Bloc("b", {"CHN": "supportive", "RUS": "supportive"}),
        Bloc("c", {"CHN": "critical", "RUS": "supportive"}),  # no one stance
        Bloc("d", {"IRN": "critical"}),  # critical too: told apart from the first
        Bloc("e"),
    ])  # fmt: skip
    assert colours == {
        "a": CRITICAL, "b": SUPPORTIVE, "c": OTHER_BLOCS[0], "d": OTHER_BLOCS[1],
        "e": OTHER_BLOCS[2],
    }  # fmt: skip


def test_the_timeline_and_the_graph_share_the_stance_colours():
    assert STANCE_COLOUR["critical"] == CRITICAL and STANCE_COLOUR["supportive"] == SUPPORTIVE
    assert len({CRITICAL, SUPPORTIVE, *OTHER_BLOCS}) == 2 + len(OTHER_BLOCS)


def test_an_edge_of_disagreement_never_wears_a_blocs_colour():
    blocs = {CRITICAL, SUPPORTIVE, UNALIGNED, *OTHER_BLOCS}
    assert DISAGREEMENT not in blocs and AGREEMENT not in blocs
    assert DISAGREEMENT != AGREEMENT


def test_an_empty_report_draws_no_colour_bar_and_no_date_axis():
    from kg.blocs import BlocReport
    from kg.charts import heatmap_svg, timeline_svg

    empty = BlocReport([], {}, [], [])
    heatmap = heatmap_svg(empty)
    assert "no two countries share enough items to compare" in heatmap
    assert "agreement</text>" not in heatmap
    timeline = timeline_svg(empty)
    assert "no dated statements" in timeline and "1970" not in timeline
