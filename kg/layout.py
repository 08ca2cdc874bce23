"""Fixed positions for the coalition graph, chosen so no label runs over a node or a label.

Each group of countries joined by agreement gets a seeded spring layout, which is
then snapped to a grid whose cells are as wide as the widest label and as tall
as the largest dot with its label below it: one country per cell, so no two
boxes can meet. The groups are then packed in rows, largest first, into a
rectangle about twice as wide as it is tall, the shape of the page's canvas.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

LAYOUT_SEED = 7
FONT_SIZE = 14  # vis-network units, the graph's label font size
CHAR_EM = 0.9  # a generous width per character, in ems: wider than any capital in Arial
GAP = 12  # between two cells, and around each group
GROUP_GAP = 2.5  # cells between two groups: more than between two countries, so groups read apart
ASPECT = 2.0  # width over height of the packed groups
SPREAD = 1.6  # grid cells per country in a group: room for the spring layout's shape


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def meets(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


def label_width(text: str) -> float:
    """How wide a label is drawn, at most (the page's test measures the real width)."""
    return CHAR_EM * FONT_SIZE * len(text)


def node_boxes(x: float, y: float, size: float, label_px: float) -> tuple[Box, Box]:
    """The dot's box and its label's box: vis-network hangs the label under the dot,
    half a font size and 4 units below its edge, one line (1.3 em with its leading) tall."""
    dot = Box(x - size - 1, y - size - 1, x + size + 1, y + size + 1)  # 1: the border
    top = y + size
    label = Box(x - label_px / 2, top, x + label_px / 2, top + 1.8 * FONT_SIZE + 4)
    return dot, label


def overlaps(
    nodes: Iterable[Mapping[str, object]], width: Callable[[str], float] = label_width
) -> list[tuple[str, str]]:
    """Pairs of drawn nodes (dicts with id, x, y, size, label) whose dots or labels meet."""
    boxes = {}
    for n in nodes:
        x, y, size = float(n["x"]), float(n["y"]), float(n["size"])  # type: ignore[arg-type]
        boxes[str(n["id"])] = node_boxes(x, y, size, width(str(n["label"])))
    return meeting(boxes)


def meeting(boxes: Mapping[str, Sequence[Box]]) -> list[tuple[str, str]]:
    """Pairs of ids some box of which meets some box of the other, sorted."""
    spans = sorted(
        (min(b.left for b in own), max(b.right for b in own), key, own)
        for key, own in boxes.items()
    )
    found = []
    for i, (_, right, a, own_a) in enumerate(spans):
        for left, _, b, own_b in spans[i + 1 :]:
            if left >= right:
                break  # sorted by left edge: nothing further on can reach back
            if any(p.meets(q) for p in own_a for q in own_b):
                found.append((min(a, b), max(a, b)))
    return sorted(found)


@dataclass(frozen=True)
class Cell:
    width: float
    height: float


def cell_for(g: nx.Graph) -> Cell:
    """A cell that holds the largest dot with the widest label under it."""
    size = max((float(d["size"]) for _, d in g.nodes(data=True)), default=10.0)
    widest = max((label_width(str(d["label"])) for _, d in g.nodes(data=True)), default=0.0)
    _, label = node_boxes(0, 0, size, widest)
    return Cell(max(2 * size + 2, widest) + GAP, size + 1 + label.bottom + GAP)


def place(g: nx.Graph) -> tuple[int, int]:
    """Give every node of `g` a fixed x and y (rounded, so the output is byte-stable);
    return the width and height of what was laid out."""
    groups = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c))
    if not groups:
        return 0, 0
    cell = cell_for(g)
    grids = [_grid(_ordered(g, members), cell) for members in groups]
    sizes = [(cols * cell.width, rows * cell.height) for cols, rows in map(_extent, grids)]
    corners = _pack(sizes, GROUP_GAP * cell.width)
    for grid, (ox, oy) in zip(grids, corners, strict=True):
        for node, (col, row) in grid.items():
            # a node sits in its cell's middle, its label hanging below
            x, y = ox + (col + 0.5) * cell.width, oy + row * cell.height + cell.height / 2
            g.nodes[node].update(x=round(x), y=round(y), physics=False)
    width = max(ox + w for (ox, _), (w, _) in zip(corners, sizes, strict=True))
    height = max(oy + h for (_, oy), (_, h) in zip(corners, sizes, strict=True))
    return round(width), round(height)


def _grid(sub: nx.Graph, cell: Cell) -> dict[str, tuple[int, int]]:
    """Each node's cell (column, row from 0), nearest the spot the spring layout gave it.

    Best-tied countries choose first, so a group's centre keeps its shape.
    """
    nodes = list(sub.nodes)
    if len(nodes) == 1:
        return {nodes[0]: (0, 0)}
    # as many columns as make the grid about square on screen, cells being taller than wide
    cols = math.ceil(math.sqrt(SPREAD * len(nodes) * cell.height / cell.width))
    rows = math.ceil(SPREAD * len(nodes) / cols)
    spots = nx.spring_layout(sub, seed=LAYOUT_SEED, weight="weight", center=(0, 0), scale=1)
    order = sorted(nodes, key=lambda n: (-sub.degree(n, weight="weight"), n))
    taken: dict[tuple[int, int], str] = {}
    for node in order:
        x, y = spots[node]
        want = ((float(x) + 1) / 2 * (cols - 1), (float(y) + 1) / 2 * (rows - 1))
        taken[_nearest_free(want, taken)] = node
    left = min(c for c, _ in taken)
    top = min(r for _, r in taken)
    return {node: (c - left, r - top) for (c, r), node in sorted(taken.items())}


def _nearest_free(
    want: tuple[float, float], taken: Mapping[tuple[int, int], str]
) -> tuple[int, int]:
    """The free cell nearest `want`, searched ring by ring outward from its own cell."""
    col, row = round(want[0]), round(want[1])
    for ring in range(len(taken) + 2):
        free = [
            (c, r)
            for c in range(col - ring, col + ring + 1)
            for r in range(row - ring, row + ring + 1)
            if max(abs(c - col), abs(r - row)) == ring and (c, r) not in taken
        ]
        if free:
            return min(free, key=lambda cr: ((cr[0] - want[0]) ** 2 + (cr[1] - want[1]) ** 2, cr))
    raise AssertionError("a grid with more cells than nodes always has a free one")


def _extent(grid: Mapping[str, tuple[int, int]]) -> tuple[int, int]:
    """Columns and rows a group's grid spans."""
    return max(c for c, _ in grid.values()) + 1, max(r for _, r in grid.values()) + 1


def _pack(sizes: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    """Each group's top-left corner: groups set in rows (shelves) in the order given, a row
    as wide as makes the whole about ASPECT times wider than tall."""
    area = sum((w + gap) * (h + gap) for w, h in sizes)
    row_width = max(max(w for w, _ in sizes), math.sqrt(area * ASPECT))
    corners, x, y, row_height = [], 0.0, 0.0, 0.0
    for w, h in sizes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        corners.append((x, y))
        x, row_height = x + w + gap, max(row_height, h)
    return corners


def _ordered(g: nx.Graph, members: list[str]) -> nx.Graph:
    """The subgraph on `members`, nodes and edges in sorted order.

    g.subgraph() iterates its nodes in the order of a Python set, which changes
    with the string hash seed of each process; the seeded layout would too.
    """
    sub = nx.Graph()
    sub.add_nodes_from(sorted(members))
    sub.add_edges_from(
        sorted((min(a, b), max(a, b), d) for a, b, d in g.subgraph(members).edges(data=True))
    )
    return sub
