"""Stage 3d (scans): print in a cell the line detector found nothing in.

The detector finds lines by how a line looks as a whole. Where a seal's ring and lettering
run through a cell's print, it may find nothing there, and the cell comes out empty though
the recogniser reads its print well: 成本指标 under a grey seal, read at 0.997 once cut
out. An empty 二级 cell then puts its rows under the label above it.

Here each empty cell of a scanned grid that holds ink is looked at on its own. Its rows of
ink are cut into bands. A band is taken for a line of print when it is about a line high,
a glyph wide at least, clear of the cell's side rules (print running on past a rule is
another cell's), and as dark as the page's print (a grey seal's lettering is not).
It is then read as one line, and kept when it reads at READ_SURE or more (a seal's
lettering and specks read lower), or at LABEL_SURE or more when it reads as a 一级/二级
label.

    find_grids -> mend_page_break -> read_empty_cells -> grids
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from normalize.taxonomy import match_label

from .grid import Cell, Grid
from .lattice import group_lines
from .ocr import OcrEngine, Span, TextBox, ink_level, print_bands
from .pagebreak import cell_pixels, glyph_height
from .scan import SEAL_FAINT, box_chars, ink_darkness, seal_free
from .source import Page

#: a line of print is this many glyph heights high, at least and at most
LINE_LOW, LINE_HIGH = 0.6, 1.6
#: a band read at least this sure is kept; one that is a 一级/二级 label (a standard label
#: or one character off it, as the normaliser takes labels) at least LABEL_SURE: a label
#: under a seal's lettering at 150 dpi reads unsure in every character (成本细标, 0.40),
#: and a seal's marks or specks read as one is not met with
READ_SURE, LABEL_SURE = 0.9, 0.3
#: in a cell a grey seal runs through, print is the ink at least this share of the page's
#: usual print darkness below the paper
DARKER = 0.8
#: pixels of a cell's edge left out (what is left of its rules)
INSET = 3
#: a band whose ink comes within EDGE pixels of the cell's side, and goes on within
#: BEYOND pixels past its rule, runs on past it
EDGE, BEYOND = 4, 4


def read_empty_cells(grids: list[Grid], page: Page, image: np.ndarray, engine: OcrEngine,
                     dpi: float) -> list[Grid]:
    """Given a scanned page's grids, the page and the grey image it was read from, return
    the grids with their empty cells that hold lines of print read."""
    scale = 72 / dpi
    glyph = glyph_height(page, scale)
    if not glyph or not grids:
        return grids
    usual = _usual_darkness(page, image, scale)
    found: list[tuple[int, int, Span]] = []  # grid, cell, band
    for g, grid in enumerate(grids):
        for c, cell in enumerate(grid.cells):
            if not cell.text.strip():
                found.extend((g, c, band) for band in _bands(cell, image, scale, glyph, usual))
    if not found:
        return grids
    boxes = engine.read_bands(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR),
                              [band for _, _, band in found])
    sure = [((g, c), box) for (g, c, _), box in zip(found, boxes)
            if box is not None and box.text.strip() and (
                box.confidence >= READ_SURE
                or (box.confidence >= LABEL_SURE and match_label(box.text) is not None))]
    # an oval seal's words (财务专用章) are as dark as faint print, taken as a whole
    kept = seal_free([box for _, box in sure], image, np.zeros_like(image), usual=usual)
    read: dict[tuple[int, int], list[TextBox]] = {}
    for (where, _), box in zip(sure, kept):
        if box is not None:
            read.setdefault(where, []).append(box)
    out = []
    for g, grid in enumerate(grids):
        cells = list(grid.cells)
        for (gg, c), lines in read.items():
            if gg == g:
                cells[c] = _with_lines(cells[c], lines, scale)
        out.append(replace(grid, cells=tuple(cells)))
    return out


def _bands(cell: Cell, image: np.ndarray, scale: float, glyph: float, usual: float
           ) -> list[Span]:
    """The bands of an empty cell's ink that look like lines of print (page pixels)."""
    x0, y0, x1, y1 = cell_pixels(cell, scale)
    x0, y0, x1, y1 = x0 + INSET, y0 + INSET, x1 - INSET, y1 - INSET
    if y1 - y0 < LINE_LOW * glyph or x1 - x0 < glyph:
        return []
    crop = image[y0:y1, x0:x1]
    inked = ink_level(crop)
    if inked is None:
        return []
    paper = float(np.median(crop))
    bands, tall = _print_bands(crop < inked, glyph)
    if not bands and tall:
        # a line taller than print: a grey seal's ring and star run through the cell, as
        # dark as the ink level halfway to the darkest pixel; print is darker still
        bands = [_glyph_high(band, glyph, crop.shape[0])
                 for band in _print_bands(crop < paper - DARKER * usual, glyph)[0]]
    out = []
    for top, bottom, left, right in bands:
        past = []  # the strips just past the cell's side rules the band's ink comes up to
        if left < EDGE:
            past.append(image[y0 + top:y0 + bottom, max(0, x0 - INSET - BEYOND):x0 - INSET])
        if right > crop.shape[1] - EDGE:
            past.append(image[y0 + top:y0 + bottom, x1 + INSET:x1 + INSET + BEYOND])
        if any((strip < inked).any() for strip in past):
            continue  # print running on past the cell's rule: a line not of this cell
        if ink_darkness(crop[top:bottom, left:right], paper) < SEAL_FAINT * usual:
            continue  # a grey seal's lettering, not print
        out.append((x0 + left, y0 + top, x0 + right, y0 + bottom))
    return out


def _glyph_high(band: tuple[int, int, int, int], glyph: float, height: int
                ) -> tuple[int, int, int, int]:
    """A band found on the darkest ink only (its thin strokes' ends fall below the bar) made
    a glyph high about its middle, within the cell's ``height``."""
    top, bottom, left, right = band
    half = max(bottom - top, glyph) / 2
    mid = (top + bottom) / 2
    return max(0, int(mid - half)), min(height, int(np.ceil(mid + half))), left, right


def _print_bands(ink: np.ndarray, glyph: float
                 ) -> tuple[list[tuple[int, int, int, int]], bool]:
    """The bands of an ink mask about a line of print high and a glyph wide at least (top,
    bottom, left, right: mask pixels), and whether a band was too tall for one."""
    bands, tall = [], False
    for top, bottom in print_bands(ink, gap=max(1, int(glyph * 0.15)), least=2):
        if bottom - top > LINE_HIGH * glyph:
            tall = True
        if not LINE_LOW * glyph <= bottom - top <= LINE_HIGH * glyph:
            continue
        cols = np.flatnonzero(ink[top:bottom].any(axis=0))
        left, right = int(cols[0]), int(cols[-1]) + 1
        if right - left >= glyph:
            bands.append((top, bottom, left, right))
    return bands, tall


def _usual_darkness(page: Page, image: np.ndarray, scale: float) -> float:
    """How far the page's print stands below its paper: the median over its OCR'd
    characters of their ``ink_darkness`` (as without_seal_marks measures it over lines)."""
    paper = float(np.median(image))
    dark = []
    for ch in page.chars[::max(1, len(page.chars) // 200)]:
        crop = image[int(ch.top / scale):int(np.ceil(ch.bottom / scale)),
                     int(ch.x0 / scale):int(np.ceil(ch.x1 / scale))]
        if crop.size:
            dark.append(ink_darkness(crop, paper))
    return float(np.median(dark)) if dark else 0.0


def _with_lines(cell: Cell, boxes: list[TextBox], scale: float) -> Cell:
    chars = [ch for box in boxes for ch in box_chars(box, scale)]
    return replace(cell, lines=tuple(group_lines(chars)),
                   confidence=round(min(box.confidence for box in boxes), 3))
