"""Stage 3c (scans): a line of glyphs a page break cut in two, put back together.

A merged cell that runs over a page break is printed on both pages, each part clipped to its
page. The line of text the break runs through shows the upper part of its glyphs at the
foot of one page and the lower part at the head of the next, under the repeated header.
Neither part reads as text: OCR makes '妖重措你' of the feet of 数量指标. A text layer
keeps whole glyphs and has no such problem.

Here the two parts are cut out of the page images, stacked and read as one line. The next
page's cell takes the line; the first page's cell loses what it read from the upper part.

    page N:   find_grids -> cut_heads(last grid)            -> heads
    page N+1: find_grids -> join_heads(heads, first grid)   -> grid, joined heads
              drop_heads(page N's last grid, joined heads)  -> grid
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from statistics import median

import cv2
import numpy as np

from .grid import Cell, Grid, TextLine
from .lattice import group_lines
from .ocr import OcrEngine, TextBox, ink_mask
from .pagewords import settled_by
from .scan import box_chars
from .source import Char, Page

#: ink within this many pixels of a cell's edge touches it (the edge's rule is whitened
#: with a margin, and a clip edge need not fall on a pixel boundary)
EDGE = 6
#: pixels left out at a cell's sides, where the vertical rules stood
INSET = 4
#: the two parts of a cut line, taken together, are this share of the page's glyph height
#: (low, high); each part alone is less than a whole glyph
JOINED_SHARE = (0.5, 1.6)
#: white added around the stacked parts before they are read
MARGIN = 12


@dataclass(frozen=True)
class Head:
    """The upper part of a cut line of glyphs, at the foot of a scanned page (pixels)."""

    row: int
    col: int
    x0: int  # the cell's left edge
    x1: int  # the cell's right edge
    top: int  # the ink's first row
    pixels: np.ndarray  # grey: the ink's rows, across the cell


def glyph_height(page: Page, scale: float) -> float:
    """The median height of the page's OCR'd characters, in pixels (0 with none)."""
    heights = [ch.bottom - ch.top for ch in page.chars]
    return median(heights) / scale if heights else 0.0


def cell_pixels(cell: Cell, scale: float) -> tuple[int, int, int, int]:
    b = cell.bbox
    return (round(b.x0 / scale), round(b.top / scale), round(b.x1 / scale),
            round(b.bottom / scale))


def _ink_rows(crop: np.ndarray) -> np.ndarray:
    """Which rows of a grey crop hold ink (at least two dark pixels)."""
    ink = ink_mask(crop)
    if ink is None:
        return np.zeros(len(crop), dtype=bool)
    return ink.sum(axis=1) >= 2


def _run_from(rows: np.ndarray) -> int:
    """Given ink rows ordered away from a cell's edge, return the length of the run of ink
    that starts within EDGE rows of it (a one-row gap allowed), or 0."""
    hits = np.flatnonzero(rows)
    if len(hits) == 0 or hits[0] >= EDGE:
        return 0
    end = hits[0]
    for k in hits[1:]:
        if k - end > 2:
            break
        end = k
    return int(end + 1)


def cut_heads(grid: Grid, image: np.ndarray, scale: float, glyph_px: float) -> list[Head]:
    """Given a scanned page's last grid and its image, return the cut lines at its foot:
    cells cut by the page break (``clipped``) whose ink runs into their lower edge."""
    heads: list[Head] = []
    for cell in grid.cells:
        if not cell.clipped or cell.row + cell.row_span != grid.n_rows:
            continue
        x0, y0, x1, y1 = cell_pixels(cell, scale)
        crop = image[y0:y1, x0 + INSET:x1 - INSET]
        run = _run_from(_ink_rows(crop)[::-1])
        if run and run < glyph_px:
            heads.append(Head(cell.row, cell.col, x0, x1, y1 - run, image[y1 - run:y1, x0:x1]))
    return heads


def join_heads(heads: list[Head], grid: Grid, image: np.ndarray, scale: float,
               glyph_px: float, engine: OcrEngine, dpi: float, words: Sequence[str] = ()
               ) -> tuple[Grid, list[Head]]:
    """Given the cut lines at the foot of the previous page and this page's first grid,
    return the grid with each line read whole into the cell that holds its lower part, and
    the heads so joined. The characters the engine doubted in a joined line are settled by
    ``words``, the text of both pages (``pagewords.settled_by``).

    That cell lies in the head's column (most of its width shared) and is the highest there
    whose ink runs into its upper edge: the header rows above keep a margin."""
    cells = list(grid.cells)
    joined: list[Head] = []
    for head in heads:
        for k in sorted(range(len(cells)), key=lambda k: cells[k].row):
            cell = cells[k]
            x0, y0, x1, y1 = cell_pixels(cell, scale)
            if min(x1, head.x1) - max(x0, head.x0) < 0.6 * max(x1 - x0, head.x1 - head.x0):
                continue
            run = _run_from(_ink_rows(image[y0:y1, x0 + INSET:x1 - INSET]))
            if not run:
                continue
            parts = len(head.pixels) + run
            if not (run < glyph_px and JOINED_SHARE[0] * glyph_px <= parts
                    <= JOINED_SHARE[1] * glyph_px):
                break  # this column's first text is no cut line's lower part
            read = settled_by(_read_joined(head, image[y0:y0 + run, x0:x1], engine, dpi),
                              words)
            if read:
                cells[k] = _with_first_line(cell, read, x0, y0, run, scale)
                joined.append(head)
            break
    return replace(grid, cells=tuple(cells)), joined


def _read_joined(head: Head, feet: np.ndarray, engine: OcrEngine, dpi: float
                 ) -> list[TextBox]:
    """Stack a line's two parts, aligned on their cells' left edges, and read them. Each
    part is levelled first (its paper white, its darkest ink black): two pages need not be
    equally bright, and an edge between two greys reads as the edge of a line."""
    width = max(head.pixels.shape[1], feet.shape[1])
    stacked = np.full((len(head.pixels) + len(feet) + 2 * MARGIN, width + 2 * MARGIN), 255,
                      dtype=np.uint8)
    y = MARGIN
    for part in (head.pixels, feet):
        stacked[y:y + len(part), MARGIN:MARGIN + part.shape[1]] = _levelled(part)
        y += len(part)
    boxes = [box for box in engine.read(cv2.cvtColor(stacked, cv2.COLOR_GRAY2BGR), dpi)
             if box.text.strip()]
    return max(_rows(boxes), key=_score, default=[])


def _rows(boxes: list[TextBox]) -> list[list[TextBox]]:
    """Boxes grouped into lines by their vertical middles. The two parts need not meet
    exactly (a page may print a little more of the line, or less), and the detector then
    finds a second line in the overlap or beside a gap; the whole glyphs read best."""
    rows: list[list[TextBox]] = []
    for box in sorted(boxes, key=lambda b: b.top + b.bottom):
        mid = (box.top + box.bottom) / 2
        if rows and rows[-1][-1].top <= mid <= rows[-1][-1].bottom:
            rows[-1].append(box)
        else:
            rows.append([box])
    return rows


def _score(row: list[TextBox]) -> float:
    """Characters read, weighted by confidence."""
    return sum(len(b.text.strip()) * b.confidence for b in row)


def _levelled(part: np.ndarray) -> np.ndarray:
    paper, darkest = float(np.median(part)), float(part.min())
    span = max(paper - darkest, 1.0)
    return np.clip((part.astype(np.float32) - darkest) * (255 / span), 0, 255).astype(np.uint8)


def _with_first_line(cell: Cell, boxes: list[TextBox], x0: int, y0: int, run: int,
                     scale: float) -> Cell:
    """The cell with the lines read from the top ``run`` pixels replaced by ``boxes``
    (read from the stacked image), placed over those pixels."""
    chars: list[Char] = []
    for box in boxes:
        for ch in box_chars(box, scale, dx=x0 - MARGIN):
            chars.append(replace(ch, top=y0 * scale, bottom=(y0 + run) * scale))
    kept = [ln for ln in cell.lines or () if ln.bbox.top > (y0 + run) * scale]
    confidence = round(min(ch.confidence for ch in chars), 3)
    if kept:
        confidence = min(confidence, cell.confidence)
    return replace(cell, lines=(*group_lines(chars), *kept), confidence=confidence)


def drop_heads(grid: Grid, heads: list[Head], scale: float) -> Grid:
    """The grid with what was read from the given heads' pixels taken out of their cells."""
    by_slot = {(h.row, h.col): h for h in heads}
    cells = []
    for cell in grid.cells:
        head = by_slot.get((cell.row, cell.col))
        if head is not None:
            lines: tuple[TextLine, ...] = tuple(
                ln for ln in cell.lines or () if ln.bbox.bottom < head.top * scale)
            cell = replace(cell, lines=lines)
        cells.append(cell)
    return replace(grid, cells=tuple(cells))


def mend_page_break(heads: list[Head], before: Grid | None, page: Page, image: np.ndarray,
                    grids: list[Grid], engine: OcrEngine, dpi: float
                    ) -> tuple[Grid | None, list[Grid], list[Head]]:
    """Given the cut lines at the foot of the previous scanned page (``heads``, read from
    its last grid ``before``) and this scanned page's grids, return ``before`` and ``grids``
    with the lines joined, and the cut lines at this page's foot."""
    scale = 72 / dpi
    glyph_px = glyph_height(page, scale)
    if not grids or not glyph_px:
        return before, grids, []
    grids = list(grids)
    if heads:
        words = [*(c.text for c in before.cells), *(c.text for g in grids for c in g.cells)
                 ] if before is not None else []
        grids[0], joined = join_heads(heads, grids[0], image, scale, glyph_px, engine, dpi,
                                      words)
        if joined and before is not None:
            before = drop_heads(before, joined, scale)
    return before, grids, cut_heads(grids[-1], image, scale, glyph_px)
