"""A small ruled-table renderer for test PDFs (reportlab): spans, wrapping, page breaks.

Used by make_samples.py. It draws like spreadsheet exports do: every cell's border as separate
line segments (or as thin filled rectangles, as WPS does), text wrapped to the cell width and
centred or top-aligned, merged cells broken at a page break with their text on the first part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT = "CJK"
_FONT_FILES = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
]


def register_font() -> None:
    for path in _FONT_FILES:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=0))
            return
    raise SystemExit("no CJK TrueType font found: apt-get install fonts-wqy-microhei")


@dataclass
class C:
    """A cell to draw: text and spans; align l/c, valign t/m."""

    text: str = ""
    rs: int = 1
    cs: int = 1
    align: str = "c"
    valign: str = "m"


@dataclass
class Table:
    widths: list[float]
    rows: list[dict[int, C]]  # per row: col -> anchor cell
    header_rows: int = 0  # rows repeated on each new page when repeat_header
    tags: list[object] = field(default_factory=list)  # per row: what the caller wants back


@dataclass
class Style:
    pagesize: tuple[float, float] = landscape(A4)
    font_size: float = 8.0
    margin: float = 36.0
    repeat_header: bool = False
    filled_rules: bool = False  # draw rules as thin filled rectangles
    min_row: float = 16.0
    # rows of these indices get no rule between them and the next (caller's choice)


class Document:
    """Pages of titles, tables and text; ``row_pages`` maps each table row tag to its page."""

    def __init__(self, path: Path, style: Style):
        register_font()
        self.style = style
        self.canvas = Canvas(str(path), pagesize=style.pagesize, invariant=True)
        self.canvas.setTitle(path.stem)
        self.page = 1
        self.y = style.pagesize[1] - style.margin
        self.tag_pages: list[tuple[object, int]] = []

    # --- text -----------------------------------------------------------------
    def text(self, line: str, size: float | None = None, center: bool = False) -> None:
        size = size or self.style.font_size
        if self.y - size * 1.6 < self.style.margin:
            self.new_page()
        self.canvas.setFont(FONT, size)
        w = self.style.pagesize[0]
        if center:
            self.canvas.drawCentredString(w / 2, self.y - size, line)
        else:
            self.canvas.drawString(self.style.margin, self.y - size, line)
        self.y -= size * 1.8

    def gap(self, pts: float) -> None:
        self.y -= pts

    def new_page(self) -> None:
        self.canvas.showPage()
        self.page += 1
        self.y = self.style.pagesize[1] - self.style.margin

    def save(self) -> None:
        self.canvas.save()

    # --- tables ---------------------------------------------------------------
    def _wrap(self, text: str, width: float) -> list[str]:
        size = self.style.font_size
        out: list[str] = []
        for para in text.split("\n"):
            line = ""
            for ch in para:
                if pdfmetrics.stringWidth(line + ch, FONT, size) > width - 4 and line:
                    cut = line.rfind(" ")
                    if cut > 0 and not ch.isspace():  # break at the last space, as Excel does
                        out.append(line[:cut])
                        line = line[cut + 1:]
                    else:
                        out.append(line)
                        line = ""
                    if ch.isspace():
                        continue
                line += ch
            out.append(line)
        return out

    def _row_heights(self, t: Table) -> list[float]:
        lead = self.style.font_size * 1.35
        heights = [self.style.min_row] * len(t.rows)
        spanning: list[tuple[int, int, float]] = []
        for r, row in enumerate(t.rows):
            for c, cell in row.items():
                w = sum(t.widths[c:c + cell.cs])
                need = len(self._wrap(cell.text, w)) * lead + 6 if cell.text else 0
                if cell.rs == 1:
                    heights[r] = max(heights[r], need)
                else:
                    spanning.append((r, cell.rs, need))
        for r, rs, need in spanning:
            have = sum(heights[r:r + rs])
            if need > have:
                heights[r + rs - 1] += need - have
        return heights

    def table(self, t: Table, no_rule_below: set[tuple[int, int]] | None = None,
              repeat_header: bool | None = None) -> None:
        """Draw a table from the current position, breaking pages between rows."""
        st = self.style
        repeat = st.repeat_header if repeat_header is None else repeat_header
        heights = self._row_heights(t)
        x0 = (st.pagesize[0] - sum(t.widths)) / 2
        xs = [x0]
        for w in t.widths:
            xs.append(xs[-1] + w)
        r = 0
        first_on_page = True
        while r < len(t.rows):
            # rows that fit on this page
            y = self.y
            page_rows: list[int] = []
            if not first_on_page and repeat and t.header_rows and r >= t.header_rows:
                page_rows.extend(range(t.header_rows))
            avail = self.y - st.margin
            used = sum(heights[i] for i in page_rows)
            start = r
            while r < len(t.rows) and used + heights[r] <= avail:
                used += heights[r]
                page_rows.append(r)
                r += 1
            if r == start:  # nothing fits: new page (a row taller than a page is clipped)
                if first_on_page and self.y < st.pagesize[1] - st.margin - 1:
                    self.new_page()
                    first_on_page = False
                    continue
                page_rows.append(r)
                r += 1
            self._draw_rows(t, page_rows, heights, xs, y, no_rule_below or set())
            self.y = y - sum(heights[i] for i in page_rows) - 6
            if r < len(t.rows):
                self.new_page()
                first_on_page = False

    def _draw_rows(self, t: Table, page_rows: list[int], heights: list[float], xs: list[float],
                   y_top: float, no_rule_below: set[tuple[int, int]]) -> None:
        cv = self.canvas
        st = self.style
        ys: dict[int, float] = {}
        y = y_top
        for i in page_rows:
            ys[i] = y
            y -= heights[i]
        bottom_of_page = y
        visible = set(page_rows)
        # anchor cells whose span intersects this page (merged cells broken at the page break)
        anchors: list[tuple[int, int, C]] = []
        for r0, row in enumerate(t.rows):
            for c, cell in row.items():
                span = set(range(r0, r0 + cell.rs))
                if span & visible:
                    anchors.append((r0, c, cell))
        lead = st.font_size * 1.35
        cv.setLineWidth(0.6)
        for r0, c, cell in anchors:
            rows_here = [i for i in page_rows if r0 <= i < r0 + cell.rs]
            top = ys[rows_here[0]]
            bot = ys[rows_here[-1]] - heights[rows_here[-1]]
            left, right = xs[c], xs[c + cell.cs]
            self._rule(left, top, right, top)
            if (r0 + cell.rs - 1, c) not in no_rule_below or rows_here[-1] != r0 + cell.rs - 1:
                self._rule(left, bot, right, bot)
            self._rule(left, top, left, bot)
            self._rule(right, top, right, bot)
            if cell.text and (r0 in visible):
                lines = self._wrap(cell.text, right - left)
                block = len(lines) * lead
                if cell.valign == "t":
                    ty = top - 3 - st.font_size
                else:
                    ty = (top + bot) / 2 + block / 2 - st.font_size - 0.5
                cv.setFont(FONT, st.font_size)
                for ln in lines:
                    if cell.align == "l":
                        cv.drawString(left + 2, ty, ln)
                    else:
                        cv.drawCentredString((left + right) / 2, ty, ln)
                    ty -= lead
        for i in page_rows:
            if i < len(t.tags) and t.tags[i] is not None:
                self.tag_pages.append((t.tags[i], self.page))
        _ = bottom_of_page

    def _rule(self, x0: float, y0: float, x1: float, y1: float) -> None:
        if self.style.filled_rules:
            self.canvas.setFillGray(0)
            if y0 == y1:
                self.canvas.rect(x0, y0 - 0.35, x1 - x0, 0.7, stroke=0, fill=1)
            else:
                self.canvas.rect(x0 - 0.35, min(y0, y1), 0.7, abs(y1 - y0), stroke=0, fill=1)
        else:
            self.canvas.line(x0, y0, x1, y1)
