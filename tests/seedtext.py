"""Grids built straight from the seed's text lines (tab-separated, as a PDF tool extracted them).

Every field becomes an unspanned cell, so the normaliser meets the seed's faults exactly as
printed there: rows slid left or right, packed items and values, labels in the wrong column.
"""

from __future__ import annotations

from pathlib import Path

from extract.grid import BBox, Cell, Grid, TextLine

ROW_PT, COL_PT = 20.0, 60.0


def grid_from_rows(rows: list[list[str]], caption: tuple[str, ...] = (), page: int = 1,
                   source: str = "seed.pdf", index: int = 1) -> Grid:
    """Given rows of cell texts, return a Grid of 1x1 cells with boxes on a regular lattice."""
    n_cols = max(len(r) for r in rows)
    cells = []
    for r, fields in enumerate(rows):
        for c in range(n_cols):
            text = fields[c].strip() if c < len(fields) else ""
            box = BBox(c * COL_PT, r * ROW_PT, (c + 1) * COL_PT, (r + 1) * ROW_PT)
            lines = (TextLine(text, box),) if text else ()
            cells.append(Cell(r, c, 1, 1, box, lines))
    return Grid(source, page, index, len(rows), n_cols, tuple(cells),
                BBox(0, 0, n_cols * COL_PT, len(rows) * ROW_PT), "lattice", caption)


def seed_grids(path: Path) -> list[Grid]:
    """Split the seed text into its six tables: caption lines, then tab-separated rows."""
    grids: list[Grid] = []
    caption: list[str] = []
    rows: list[list[str]] = []

    def close() -> None:
        if rows:
            grids.append(grid_from_rows(rows, tuple(caption), page=len(grids) + 1))

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.lstrip("# ").rstrip("\n")
        if "绩效目标公开表" in line:
            close()
            caption, rows = [line.strip()], []
        elif "\t" in raw:
            rows.append(raw.split("\t"))
        elif line.strip() and not rows:
            caption.append(line.strip())
    close()
    return grids
