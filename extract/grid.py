"""The one table model every stage shares: boxes, text lines, anchor cells, grids.

Coordinates are PDF points with the origin at the top-left of the page as displayed
(page rotation already applied), x growing right and y growing down.

A Grid stores only *anchor* cells: the top-left slot of a cell plus its row/column span.
A slot covered by a span belongs to its anchor; it is not an empty cell. An empty cell is an
anchor whose text is "" (read, nothing there); ``lines is None`` means "not read yet" (an
image cell waiting for OCR).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class BBox:
    """A box in PDF points, top-left origin: x0 <= x1, top <= bottom."""

    x0: float
    top: float
    x1: float
    bottom: float

    def __post_init__(self) -> None:
        if self.x1 < self.x0 or self.bottom < self.top:
            raise ValueError(f"inverted box {self}")

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def mid_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class TextLine:
    """One printed line of text inside a cell (or on the page), with its box."""

    text: str
    bbox: BBox


@dataclass(frozen=True, slots=True)
class Cell:
    """An anchor cell: top-left slot (row, col), its spans, box and text lines."""

    row: int
    col: int
    row_span: int
    col_span: int
    bbox: BBox
    lines: tuple[TextLine, ...] | None
    confidence: float = 1.0
    #: part of the text drawn for this cell is clipped away: the cell is the piece of a
    #: merged cell cut by a page break, and its text (or the rest of it) is on another page.
    #: On a scan, where no clipped text can be seen, a cell in the last row with no rule
    #: under it counts as cut
    clipped: bool = False

    @property
    def text(self) -> str:
        """The cell's text, lines joined (no space between two Chinese characters)."""
        return join_lines([ln.text for ln in self.lines or ()])

    @property
    def rows(self) -> range:
        return range(self.row, self.row + self.row_span)

    @property
    def cols(self) -> range:
        return range(self.col, self.col + self.col_span)


@dataclass(frozen=True)
class Grid:
    """A table found on one page: anchor cells covering an n_rows x n_cols grid exactly once.

    ``caption`` holds the page's text lines printed above the table (title, region and unit
    lines), nearest last. ``method`` is how the table was found: lattice, stream or ocr.
    """

    source: str
    page: int
    index: int
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]
    bbox: BBox
    method: str = "lattice"
    caption: tuple[str, ...] = ()
    _slots: tuple[tuple[int, ...], ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        slots = [[-1] * self.n_cols for _ in range(self.n_rows)]
        for k, cell in enumerate(self.cells):
            if cell.row_span < 1 or cell.col_span < 1:
                raise ValueError(f"cell at ({cell.row},{cell.col}) has an empty span")
            for r in cell.rows:
                for c in cell.cols:
                    if not (0 <= r < self.n_rows and 0 <= c < self.n_cols):
                        raise ValueError(f"cell at ({cell.row},{cell.col}) leaves the grid")
                    if slots[r][c] != -1:
                        raise ValueError(f"slot ({r},{c}) covered twice")
                    slots[r][c] = k
        for r, row in enumerate(slots):
            for c, k in enumerate(row):
                if k == -1:
                    raise ValueError(f"slot ({r},{c}) is not covered by any cell")
        object.__setattr__(self, "_slots", tuple(tuple(row) for row in slots))

    def cell_at(self, row: int, col: int) -> Cell:
        """Given a slot, return the anchor cell covering it."""
        return self.cells[self._slots[row][col]]

    def at_foot(self, cell: Cell) -> bool:
        """True when a cell runs down to the table's last row (on a page that breaks the
        table, the part of a merged cell the break cut)."""
        return cell.row + cell.row_span == self.n_rows

    def row_cells(self, row: int) -> list[Cell]:
        """Given a row, return the distinct cells covering it, left to right."""
        seen: list[Cell] = []
        for c in range(self.n_cols):
            cell = self.cell_at(row, c)
            if not seen or seen[-1] is not cell:
                seen.append(cell)
        return seen

    def dense(self) -> list[list[str | None]]:
        """Return the text grid: anchor text in anchor slots, None in slots covered by a span."""
        out: list[list[str | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row][cell.col] = cell.text
        return out


def is_hanzi(ch: str) -> bool:
    """True for one Chinese character (not punctuation)."""
    return len(ch) == 1 and (0x4E00 <= ord(ch) <= 0x9FFF or 0x3400 <= ord(ch) <= 0x4DBF
                             or 0x20000 <= ord(ch) <= 0x2FFFF)


def is_cjk(ch: str) -> bool:
    """True for Chinese characters and full-width punctuation (no space is put between two)."""
    if not ch:
        return False
    o = ord(ch)
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x3000 <= o <= 0x303F:
        return True
    if 0xFF00 <= o <= 0xFFEF or 0x2E80 <= o <= 0x2FDF or 0x20000 <= o <= 0x2FFFF:
        return True
    if 0x2010 <= o <= 0x205E:  # “ ” ‘ ’ — … set in Chinese text: no space around them either
        return True
    return unicodedata.east_asian_width(ch) in ("W", "F") and not ch.isascii()


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: nothing between two Chinese characters, else one space."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (is_cjk(out[-1]) and is_cjk(line[0])):
            out += " "
        out += line
    return out
