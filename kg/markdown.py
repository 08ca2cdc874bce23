"""Text made safe for the Markdown tables of the reference pages in docs/."""

from __future__ import annotations

CELL_CHARS = 60


def table_cell(text: str) -> str:
    """`text` safe in a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def clipped(text: str, size: int = CELL_CHARS) -> str:
    """`text` cut to `size` characters, an ellipsis marking the cut."""
    return text if len(text) <= size else text[: size - 1] + "…"
