"""The spine: one file -> FileResult (rows, cells, problems), one page at a time.

    open_pdf -> read_page -> classify_page -> [read_scanned_page] -> find_grids
             -> [mend_page_break -> read_empty_cells] -> read_indicator_tables / long_rows
             -> rows

Bad input never raises out of ``run_file``: it becomes a failed FileResult with a one-line
message, so a batch goes on. Rows already read are kept even when a later page fails.
"""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from normalize.longform import is_title, long_rows, stitch_tables
from normalize.performance import read_indicator_tables
from normalize.records import CellRow, IndicatorRow, ValueRow, cell_rows

from .errors import SourceError
from .grid import Grid
from .lattice import find_grids
from .ocr import OcrUnavailable, get_engine
from .pagekind import classify_page
from .source import open_pdf, read_page

if TYPE_CHECKING:
    from .pagebreak import Head

log = logging.getLogger(__name__)

OK, PARTIAL, FAILED = "ok", "partial", "failed"
#: lines after a page's last table carried to the next page's first caption (a title left
#: at the foot of a page); a whole page of prose needs no more than its last lines
MAX_CARRIED_LINES = 4


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the user should know about one file: page 0 means the whole file."""

    page: int
    message: str


@dataclass
class FileResult:
    path: Path
    status: str = OK
    pages: int = 0
    tables: int = 0
    indicators: list[IndicatorRow] = field(default_factory=list)
    cells: list[CellRow] = field(default_factory=list)
    values: list[ValueRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: printed totals that do not add up (reported, the data is left as printed)
    checks: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def message(self) -> str:
        return "; ".join(
            (f"page {p.page}: {p.message}" if p.page else p.message)
            for p in [*self.problems, *self.checks])


def run_file(path: Path | str, pages: list[int] | None = None, ocr: str = "rapidocr") -> FileResult:
    """Given a PDF path (and optional 1-based pages), return everything read from it.

    Pages without a usable text layer are read with the OCR engine ``ocr`` ("rapidocr",
    "tesseract"), or reported and skipped with ``ocr="none"``.
    """
    start = time.perf_counter()
    path = Path(path)
    result = FileResult(path)
    try:
        _run(path, pages, ocr, result)
    except SourceError as exc:
        result.status = FAILED
        result.problems.append(Problem(0, str(exc)))
    except Exception as exc:  # a defect of ours must not end the batch; say so plainly
        log.debug("%s: %s", path, traceback.format_exc())
        result.status = FAILED
        result.problems.append(Problem(0, f"{_internal_error(exc)}; please report it"))
    result.seconds = time.perf_counter() - start
    return result


def _internal_error(exc: Exception) -> str:
    """What a defect of ours is reported as: 'internal error (IndexError: ...)'."""
    return f"internal error ({type(exc).__name__}: {exc})"


def _read(pdf_page, number: int, ocr: str, result: FileResult):  # type: ignore[no-untyped-def]
    """Read one page from its text layer, or by OCR when it has none it can use; return
    (page, method, image): image is the scanned page's image (None for a text page); page
    is None when the page cannot be converted (reported)."""
    result.pages += 1
    page = read_page(pdf_page, number)
    verdict = classify_page(page)
    if not verdict.needs_ocr:
        return page, "lattice", None
    if ocr == "none":
        result.problems.append(Problem(number, f"{verdict.reason}: needs OCR, not converted "
                                               "(--ocr none)"))
        result.status = PARTIAL
        return None, "", None
    try:
        engine = get_engine(ocr)
    except OcrUnavailable as exc:
        result.problems.append(Problem(number, f"{verdict.reason}: needs OCR, not converted: "
                                               f"{exc}"))
        result.status = PARTIAL
        return None, "", None
    log.debug("%s page %d: %s; reading it with %s", result.path, number, verdict.reason, ocr)
    from .scan import read_scanned_page  # OpenCV is loaded only when a page needs it

    scanned, image = read_scanned_page(pdf_page, number, engine)
    return scanned, "ocr", image


def _carried(lines: tuple[str, ...]) -> tuple[str, ...]:
    """The lines after a page's last table that the next page's first table may take as its
    caption: from the last title on (a header row cut from its table and printed under the
    title must not push the title out), else the last few lines."""
    for i in range(len(lines) - 1, max(len(lines) - 3 * MAX_CARRIED_LINES, 0) - 1, -1):
        if is_title(lines[i], min_chars=4):
            return lines[i:i + 3 * MAX_CARRIED_LINES]
    return lines[-MAX_CARRIED_LINES:]


def _run(path: Path, pages: list[int] | None, ocr: str, result: FileResult) -> None:
    doc = open_pdf(path)
    try:
        n_pages = len(doc)
        if pages is not None:
            missing = [p for p in pages if p > n_pages]
            if missing:
                result.problems.append(Problem(0, f"asked for page {missing[0]} but the file "
                                                  f"has {n_pages} pages"))
                result.status = PARTIAL
            pages = [p for p in pages if p <= n_pages]
        grids: list[Grid] = []
        source = path.name
        trailing: tuple[str, ...] = ()
        heads: list[Head] = []  # lines cut by the break at the foot of the last page, a scan
        for number in pages if pages is not None else range(1, n_pages + 1):
            pdf_page = doc[number - 1]
            try:
                page, method, image = _read(pdf_page, number, ocr, result)
                if page is None:
                    heads = []
                    continue
                found = find_grids(page, source, _carried(trailing), method)
                page_grids, trailing = found.grids, found.trailing
                if image is None:
                    heads = []
                else:
                    from .emptycells import read_empty_cells  # these load OpenCV, as scans
                    from .pagebreak import mend_page_break  # need it
                    from .scan import SCAN_DPI

                    engine = get_engine(ocr)
                    before = grids[-1] if heads else None
                    before, page_grids, heads = mend_page_break(
                        heads, before, page, image, page_grids, engine, SCAN_DPI)
                    if before is not None:
                        grids[-1] = before
                    page_grids = read_empty_cells(page_grids, page, image, engine, SCAN_DPI)
            except SourceError:
                raise
            except Exception as exc:  # a defect of ours loses this page, not the file
                log.debug("%s page %d: %s", path, number, traceback.format_exc())
                result.problems.append(Problem(number, f"{_internal_error(exc)}; page skipped, "
                                                       "please report it"))
                result.status = PARTIAL
                heads = []
                continue
            finally:
                pdf_page.close()
            # a ruled box with nothing in it (a frame, an empty continuation row) holds no data
            kept = [g for g in page_grids if any(c.text for c in g.cells)]
            if not kept or kept[-1] is not page_grids[-1]:
                heads = []  # the grid they were cut from is not the one kept last
            grids.extend(kept)
    finally:
        doc.close()

    found = read_indicator_tables(grids)
    result.indicators = found.rows
    result.problems.extend(Problem(p.page, p.message) for p in found.problems)
    position = {id(g): i for i, g in enumerate(grids)}
    tables = stitch_tables(grids, found.continues)
    for number, table in enumerate(tables, 1):
        for grid in table:
            result.cells.extend(cell_rows(grid, number))
        if not any(found.indicator[position[id(g)]] for g in table):
            values, mismatches = long_rows(table, number)
            result.values.extend(values)
            result.checks.extend(Problem(m.page, "check: " + m.message) for m in mismatches)
    result.tables = len(tables)
    if not grids and result.status == OK:
        result.status = FAILED
        result.problems.append(Problem(0, "no ruled table found in the file"))
