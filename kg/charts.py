"""The report's two figures as inline SVG: the agreement heatmap and the statement timeline.

Drawn with matplotlib's object API on an Agg canvas (no pyplot, no window).
The SVG is byte-stable: a fixed ``svg.hashsalt`` names its elements, no date
is written, and text stays text (``svg.fonttype`` none), which matplotlib
XML-escapes. Text from articles is drawn with math parsing off, so a ``$``
in a label is a dollar sign, not TeX.
"""

from __future__ import annotations

import datetime as dt
import io
import math

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure

from kg.blocs import BlocReport
from kg.colours import AGREEMENT_MAP, CRITICAL, NEITHER, STANCE_COLOUR, SUPPORTIVE
from kg.positions import period

SVG_RC = {"svg.hashsalt": "diplomatic-kg", "svg.fonttype": "none", "font.size": 9}
MAX_LABEL = 70


def _svg(fig: Figure) -> str:
    FigureCanvasAgg(fig)
    buf = io.StringIO()
    with mpl.rc_context(SVG_RC):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    return text[text.index("<svg") :]  # the XML prolog and doctype are not allowed inline


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "\u2026"


def bloc_order(report: BlocReport) -> list[str]:
    """Countries bloc by bloc (in the report's order), then the unaligned."""
    ordered = [m for b in report.blocs for m in b.members]
    return ordered + [c for c in report.unaligned if c not in ordered]


def heatmap_svg(report: BlocReport) -> str:
    """Country × country agreement, bloc-ordered, with lines between blocs."""
    order = bloc_order(report)
    n = max(len(order), 1)
    side = min(3.0 + 0.18 * n, 40.0)
    fig = Figure(figsize=(side + 1.2, side), dpi=72)
    ax = fig.add_subplot()
    index = {c: i for i, c in enumerate(order)}
    cells = [[math.nan] * n for _ in range(n)]
    for i in range(len(order)):
        cells[i][i] = 1.0
    for p in report.pairs:
        if p.a in index and p.b in index:
            cells[index[p.a]][index[p.b]] = cells[index[p.b]][index[p.a]] = p.agreement
    with mpl.rc_context(SVG_RC):
        shown = ax.imshow(cells, cmap=AGREEMENT_MAP, vmin=0.0, vmax=1.0, interpolation="nearest")
        ax.set_xticks(range(len(order)), labels=order, rotation=90, fontsize=7)
        ax.set_yticks(range(len(order)), labels=order, fontsize=7)
        edge = -0.5
        for bloc in report.blocs:
            edge += len(bloc.members)
            if edge < n - 0.5:
                ax.axhline(edge, color="black", linewidth=1)
                ax.axvline(edge, color="black", linewidth=1)
        ax.set_title("Agreement on shared items (blank: too few shared)")
        if report.pairs:
            fig.colorbar(shown, ax=ax, fraction=0.04, label="agreement")
        else:  # nothing to read a colour against: say why instead
            ax.axis("off")
            ax.text(0.5, 0.5, "no two countries share enough items to compare",
                    ha="center", transform=ax.transAxes)  # fmt: skip
        fig.tight_layout()
    return _svg(fig)


def _day(date: str) -> dt.date:
    return dt.date.fromisoformat(period(date)[0])


def timeline_svg(report: BlocReport) -> str:
    """Dated statements in time order, coloured by stance, sized by named backers."""
    dated = sorted(
        (i for i in report.items if i.kind == "statement" and i.date),
        key=lambda i: (period(i.date)[0], i.id),
    )
    fig = Figure(figsize=(10, 1.5 + 0.3 * max(len(dated), 1)), dpi=72)
    ax = fig.add_subplot()
    with mpl.rc_context(SVG_RC):
        for row, item in enumerate(dated):
            x = date2num(_day(item.date))
            ax.scatter(
                [x],
                [row],
                s=30 + 6 * item.named,
                color=STANCE_COLOUR.get(item.stance, STANCE_COLOUR[None]),
                zorder=2,
            )
            ax.text(x, row + 0.3, f"  {_clip(item.label)}", fontsize=8, parse_math=False)
        if dated:
            first, last = date2num(_day(dated[0].date)), date2num(_day(dated[-1].date))
            span = max(last - first, 30.0)
            # room on the right for the labels of the latest statements
            ax.set_xlim(first - 0.05 * span, last + 0.8 * span)
        ax.set_ylim(len(dated) + 0.5, -1)
        ax.set_yticks([])
        locator = AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        if not dated:  # no axis of dates for nothing (it would start in 1970)
            ax.axis("off")
            ax.text(0.5, 0.5, "no dated statements", ha="center", transform=ax.transAxes)
        ax.set_title("Statements over time, coloured by stance")
        for stance, colour in (("critical", CRITICAL), ("supportive", SUPPORTIVE),
                               ("neither", NEITHER)):  # fmt: skip
            ax.scatter([], [], color=colour, label=stance)
        if dated:
            ax.legend(loc="upper right", fontsize=8, frameon=False)
        ax.grid(axis="x", color="#e4e4e4", zorder=0)
        fig.tight_layout()
    return _svg(fig)
