"""Cells of the file shown on one table line, and a row as its named cells."""

from __future__ import annotations


def one_line(text: str) -> str:
    """A cell on one table line, its line breaks shown as ⏎."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", " ⏎ ")


def cells_text(cells: tuple[str, ...] | list[str], headers: list[str]) -> str:
    """A row's non-empty cells under their column names: "Name: Bob · Phone: 12"."""
    parts = []
    for column, cell in enumerate(cells):
        if cell.strip():
            header = headers[column] if column < len(headers) else ""
            parts.append(f"{header}: {one_line(cell)}" if header else one_line(cell))
    return " · ".join(parts)
