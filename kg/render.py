"""Render the bloc report as one self-contained, offline, interactive HTML page (pyvis).

Countries are nodes coloured by bloc and sized by how many items they took a
position on; solid edges join countries that agree on more than half their
shared items, dashed ones countries that disagree on more than half. The layout
(kg.layout) is computed once and physics is off, so the same graph gives the
same bytes every time. vis-network's script
and stylesheet are inlined from the pyvis package: the page loads nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import jinja2
import networkx as nx
import pyvis
import rdflib
from pyvis.network import Network

from kg.blocs import BlocReport, analyse
from kg.colours import AGREEMENT, DISAGREEMENT, UNALIGNED, bloc_colours
from kg.layout import FONT_SIZE, place
from kg.measures import Pair
from kg.model import KgError
from kg.positions import period
from kg.resources import TEMPLATES
from kg.store import write_atomic

VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
MAX_EDGES = 3000  # of each sign: beyond this only the strongest are drawn
MAX_NODE_SIZE = 40  # a country with many positions stays a dot, not a disc over its group
TOOLTIP_EVIDENCE = 3  # sentences per country tooltip


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element: no tag, comment or line separator can end it."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


def _vis_assets() -> tuple[str, str]:
    js = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    css = (VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    # inlining is only safe if the library cannot end its own element early
    if "</script" in js.lower() or "</style" in css.lower():
        raise KgError("the bundled vis-network cannot be inlined safely")
    return js, css


def _colours(report: BlocReport) -> dict[str, str]:
    return bloc_colours(report.blocs)


def _tooltip(iso3: str, report: BlocReport) -> str:
    """Plain text (vis-network shows a string title as text, never as HTML)."""
    pos = report.countries[iso3]
    bloc = next((b.label for b in report.blocs if b.id == pos.bloc), "unaligned")
    lines = [f"{pos.label} ({iso3})", f"Bloc: {bloc}", f"Positions on {pos.items} items"]
    lines += [f"{word.capitalize()} of {target}" for target, word in pos.stance.items()]
    evidence = report.evidence.get(iso3, ())
    total = report.evidence_counts.get(iso3, len(evidence))
    for ev in evidence[:TOOLTIP_EVIDENCE]:
        source = f" ({_clip(ev.article_title, 80)})" if ev.article_title else ""
        quote = _clip(ev.sentence, 240)
        lines.append(f"{_clip(ev.statement_label, 80)}: \u201c{quote}\u201d{source}")
    shown = min(len(evidence), TOOLTIP_EVIDENCE)
    if total > shown:
        lines.append(f"and {total - shown} more")
    return "\n".join(lines)


def _clip(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "\u2026"


def _agreement_graph(report: BlocReport) -> nx.Graph:
    """Countries (labelled by ISO3, named in full in the tooltip and the search) joined
    where they agree on most items they share: the edges the layout is made from."""
    colours = _colours(report)
    g = nx.Graph()
    for iso3, pos in sorted(report.countries.items()):
        g.add_node(
            iso3,
            label=iso3,
            name=pos.label,
            title=_tooltip(iso3, report),
            color=colours.get(pos.bloc or "", UNALIGNED),
            size=min(10 + 3 * pos.items, MAX_NODE_SIZE),
            shape="dot",
        )
    for p in _strongest([p for p in report.pairs if p.agreement > 0.5], closest=True):
        g.add_edge(
            p.a,
            p.b,
            weight=round(p.agreement, 3),
            width=round(1 + 4 * p.agreement, 2),
            kind="agree",
            title=f"{p.a} and {p.b} agree on {p.agreed} of {p.shared} shared items",
        )
    return g


def _strongest(pairs: list[Pair], *, closest: bool) -> list[Pair]:
    """At most MAX_EDGES pairs, the closest (or most opposed) first, in (a, b) order."""
    pairs = sorted(
        pairs, key=lambda p: (-p.agreement if closest else p.agreement, -p.shared, p.a, p.b)
    )
    return sorted(pairs[:MAX_EDGES], key=lambda p: (p.a, p.b))


def _disagreement_edges(report: BlocReport) -> list[dict[str, object]]:
    """Edges, dashed, between countries that disagree on most items they share: drawn but
    kept out of the layout, which places countries by what they agree on."""
    return [
        {
            "from": p.a,
            "to": p.b,
            # thinner and fainter than agreement: between two blocs they come by the dozen
            "width": round(1 + 2 * (1 - p.agreement), 2),
            "color": {"color": DISAGREEMENT, "opacity": 0.6},
            "dashes": True,
            # an arc, so an edge between two countries of a row does not run through a third
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.15},
            "kind": "disagree",
            "title": f"{p.a} and {p.b} differ on {p.shared - p.agreed} of {p.shared} shared items",
        }
        for p in _strongest([p for p in report.pairs if p.agreement < 0.5], closest=False)
    ]


def _network(g: nx.Graph) -> Network:
    net = Network(height="750px", width="100%")
    # from_nx rewrites node and edge attributes in place, so it gets a copy; each edge
    # carries its width already, so the weight it would turn into one is dropped
    drawn = g.copy()
    for _, _, data in drawn.edges(data=True):
        del data["weight"]
    net.from_nx(drawn, default_node_size=10, show_edge_weights=False)
    net.toggle_physics(False)
    return net


def _legend(report: BlocReport) -> list[dict[str, object]]:
    colours = _colours(report)
    legend = [
        {"label": b.label, "color": colours[b.id], "size": len(b.members)} for b in report.blocs
    ]
    if report.unaligned:
        legend.append({"label": "unaligned", "color": UNALIGNED, "size": len(report.unaligned)})
    return legend


def _filter_facts(report: BlocReport) -> dict[str, list[list[str]]]:
    """Per country, [first day, last day, target] spans of the statements it took a
    position on, joined where they meet: the page only asks whether a country has a
    span meeting the filter's window, and an archive's daily statements make one span,
    not a fact per day."""
    spans: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for item in report.items:
        if item.kind != "statement":
            continue
        start, end = period(item.date) if item.date else ("", "")
        for c in item.positions:
            spans[c, item.target or ""].add((start, end))
    facts: dict[str, list[list[str]]] = defaultdict(list)
    for (c, target), found in spans.items():
        facts[c].extend([start, end, target] for start, end in _joined(found))
    return {c: sorted(found) for c, found in sorted(facts.items())}


def _joined(spans: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Date spans joined where they overlap or one starts the day after another ends;
    an undated span ("", "") stays apart."""
    out: list[tuple[str, str]] = []
    for start, end in sorted(spans):
        if out and start and out[-1][0] and _meets(out[-1][1], start):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _meets(end: str, start: str) -> bool:
    if start <= end:
        return True
    try:
        return dt.date.fromisoformat(end) + dt.timedelta(days=1) == dt.date.fromisoformat(start)
    except ValueError:  # a month's bound such as "2020-02-31" has no day after it
        return False


def _targets(report: BlocReport) -> list[dict[str, str]]:
    found = sorted({i.target for i in report.items if i.kind == "statement" and i.target})
    names = {c: p.label for c, p in report.countries.items()}
    return [{"iso3": t, "label": f"{names.get(t, t)} ({t})"} for t in found]


def environment() -> jinja2.Environment:
    """The project's templates, HTML-escaping every value not marked safe."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kg", TEMPLATES), autoescape=True, keep_trailing_newline=True
    )


def coalition_context(report: BlocReport, height: str = "750px") -> dict[str, object]:
    """What templates/_coalition_graph.html needs: the drawn graph, legend, filters, assets.

    `height` is the tallest the canvas grows; below it the canvas takes the shape of the
    layout, so it holds no empty band.
    """
    g = _agreement_graph(report)
    width, tall = place(g)
    net = _network(g)
    nodes = sorted(net.nodes, key=lambda n: n["id"])
    edges = sorted(net.edges + _disagreement_edges(report), key=lambda e: (e["from"], e["to"]))
    options = {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 100},
        "nodes": {"font": {"size": FONT_SIZE}},
        "edges": {"color": {"color": AGREEMENT}, "smooth": False},
    }
    js, css = _vis_assets()
    data = {"nodes": nodes, "edges": edges, "options": options, "facts": _filter_facts(report)}
    return {
        "legend": _legend(report),
        "agreement_colour": AGREEMENT,
        "disagreement_colour": DISAGREEMENT,
        "note": f"{len(nodes)} countries, labelled by ISO3 code (hover for the name); a "
        "solid edge joins two that agree on most items they share, a dashed one two that "
        "disagree on most, wider the more they do; a larger dot took more positions.",
        "node_count": len(nodes),
        "height": height,
        "layout_height": f"{tall + 80}px",  # vis-network never zooms past 1 to fit a view
        # the canvas's shape, width over height, padded as vis-network pads a fitted view
        "aspect": f"{max(width, 1) + 80} / {max(tall, 1) + 80}",
        "targets": _targets(report),
        "vis_js": js,
        "vis_css": css,
        "data_json": _script_json(data),
    }


def _page(report: BlocReport, title: str) -> str:
    return (
        environment()
        .get_template("coalitions.html")
        .render(title=title, **coalition_context(report))
    )


def write_page(out_path: str | os.PathLike[str], text: str) -> Path:
    """Write a page atomically (see kg.store.write_atomic), making the folder if need be."""
    path = Path(out_path)
    write_atomic(path, text.encode("utf-8"))
    return path


def render_html(
    graph: rdflib.Graph,
    out_path: str | os.PathLike[str],
    *,
    report: BlocReport | None = None,
    title: str = "Coalitions",
) -> Path:
    """Write the coalition graph of `graph` (or of a ready `report`) to `out_path`."""
    if report is None:
        report = analyse(graph, evidence_per_country=TOOLTIP_EVIDENCE)
    page = _page(report, title)
    return write_page(out_path, page)
