"""The bloc report as one self-contained HTML page that opens offline.

Blocs and their cohesion, swing countries, the statements with named and
declared backers, the agreement heatmap and the statement timeline (inline
SVG), and the interactive coalition graph. Every value from an article goes
through the template's HTML escaping or the script-safe JSON encoder.
"""

from __future__ import annotations

import os
from pathlib import Path

import rdflib

from kg.blocs import BlocReport, analyse
from kg.charts import heatmap_svg, timeline_svg
from kg.render import TOOLTIP_EVIDENCE, coalition_context, environment, write_page


def _bloc_rows(report: BlocReport) -> list[dict[str, object]]:
    return [
        {
            "label": b.label,
            "id": b.id,
            "members": ", ".join(b.members),
            "size": len(b.members),
            "leaders": ", ".join(b.leaders),
            "agreement_index": _number(b.cohesion.agreement_index),
            "rice": _number(b.cohesion.rice),
            "n": b.cohesion.items,
            "item_count": len(b.items),
        }
        for b in report.blocs
    ]


def _swing_rows(report: BlocReport) -> list[dict[str, object]]:
    names = {i.id: i.label for i in report.items}
    return [
        {
            "country": f"{report.countries[s.iso3].label} ({s.iso3})",
            "reasons": "; ".join(s.reasons),
            "participation": _number(s.participation),
            "betweenness": _number(s.betweenness),
            "switch_rate": _number(s.switch_rate),
            "switches": [
                f"{names.get(m.before, m.before)} \u2192 {names.get(m.after, m.after)}"
                for m in s.switches
            ],
        }
        for s in report.swing
    ]


def _statement_rows(report: BlocReport) -> list[dict[str, object]]:
    rows = []
    for item in report.items:
        if item.kind != "statement":
            continue
        declared = ""
        if item.declared is not None:
            declared = f"{'at least ' if item.declared_is_minimum else ''}{item.declared}"
        rows.append(
            {
                "date": item.date or "",
                "label": item.label,
                "stance": f"{item.stance} of {item.target}" if item.stance else "",
                "named": item.named,
                "declared": declared,
                "partial": item.declared is not None and item.named < item.declared,
            }
        )
    return sorted(rows, key=lambda r: (r["date"], r["label"]))


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def report_page(report: BlocReport, title: str = "Bloc report") -> str:
    """The report's HTML text."""
    return (
        environment()
        .get_template("report.html")
        .render(
            title=title,
            blocs=_bloc_rows(report),
            swing=_swing_rows(report),
            unaligned=[f"{report.countries[c].label} ({c})" for c in report.unaligned],
            statements=_statement_rows(report),
            heatmap_svg=heatmap_svg(report),
            timeline_svg=timeline_svg(report),
            **coalition_context(report, height="650px"),
        )
    )


def write_report(
    graph: rdflib.Graph,
    out_path: str | os.PathLike[str] = "report.html",
    *,
    report: BlocReport | None = None,
    title: str = "Bloc report",
) -> Path:
    """Write the report on `graph` (or on a ready `report`) to `out_path`; return the path."""
    if report is None:
        report = analyse(graph, evidence_per_country=TOOLTIP_EVIDENCE)
    page = report_page(report, title)
    return write_page(out_path, page)
