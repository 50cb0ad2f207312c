"""Stage 1: path -> Pages: positioned characters and ruling segments, via pypdfium2.

Only this module talks to the PDF library. Everything it returns is plain data in PDF points
with a top-left origin on the page as displayed (the page's /Rotate is applied here).
"""

from __future__ import annotations

import ctypes
import logging
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from .errors import SourceError

log = logging.getLogger(__name__)

#: a stroked or filled shape thinner than this (points) is a ruling line
RULE_MAX_THICKNESS_PT = 3.0
#: a segment whose ends differ by less than this across its direction is axis-aligned
AXIS_TOLERANCE_PT = 1.0
#: colour channels all above this (0-255) draw nothing visible on white paper
INVISIBLE_CHANNEL = 235
#: an upright character's loose box taller than this many times its font size reaches below
#: its line: pdfium gives some text objects of a font a descent of a whole em (Noto Sans CJK
#: exported by LibreOffice: 劳动 8.1 pt type in boxes 15.3 pt tall, 争议 of the next object
#: 8.1 pt), and the line came apart into two ('争议调 仲裁劳动人事 解'). Such a box is cut to
#: one font size below its top, the height pdfium gives the other objects.
LOOSE_TALL = 1.5


@dataclass(frozen=True, slots=True)
class Char:
    """One character from the text layer: its text and box (points, top-left origin)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    #: 1.0 from a text layer; the OCR engine's confidence (0-1) for a scanned page
    confidence: float = 1.0

    @property
    def mid_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def mid_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Segment:
    """An axis-aligned ruling line: horizontal when top == bottom, vertical when x0 == x1."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.top == self.bottom


@dataclass(frozen=True)
class Page:
    """What the later stages may know about one page."""

    number: int  # 1-based
    width: float
    height: float
    chars: tuple[Char, ...]
    segments: tuple[Segment, ...]
    #: characters whose Unicode could not be recovered (no ToUnicode, private-use glyphs)
    broken_chars: int
    #: share of the page area covered by images (0-1)
    image_cover: float
    #: curved path segments: many of them with no text layer means text drawn as outlines
    curves: int = 0
    #: centres of the clip boxes of text that is clipped away (one per text object): the
    #: visible part of a merged cell whose text is printed on another page
    hidden: tuple[tuple[float, float], ...] = ()


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Given a path, return an open document or raise SourceError with a one-line reason."""
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise SourceError(f"cannot read file: {exc.strerror}") from exc
    if b"%PDF-" not in head:
        raise SourceError("not a PDF (no %PDF- header)")
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise SourceError("encrypted PDF: a password is needed to open it") from exc
        if _empty_page_tree(path):
            raise SourceError("the PDF has no pages") from exc
        raise SourceError(f"corrupt or truncated PDF ({msg})") from exc
    if len(doc) == 0:
        doc.close()
        raise SourceError("the PDF has no pages")
    return doc


def _empty_page_tree(path: Path) -> bool:
    """True when the file's page tree says /Count 0 (pdfium refuses such files outright)."""
    data = path.read_bytes()
    counts = re.findall(
        rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)
    return bool(counts) and all(int(a or b) == 0 for a, b in counts)


def read_page(page: pdfium.PdfPage, number: int) -> Page:
    """Given a pdfium page, return its characters and rulings in display coordinates.

    When most text on the page runs at 90, 180 or 270 degrees (a landscape table set sideways
    on a portrait page), the page is turned so that the text reads left to right.
    """
    to_display, width, height = _display_transform(page)
    found, broken, hidden_at, angles = _read_chars(page)
    turn = _text_turn(angles, page.get_rotation())
    if turn:
        to_display, width, height = _turned(to_display, width, height, turn)
    chars = []
    for ch, left, top, right, bottom in found:
        xa, ya = to_display(left, top)
        xb, yb = to_display(right, bottom)
        chars.append(Char(ch, min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)))
    segments, image_area, curves = _read_graphics(page, to_display)
    return Page(
        number=number,
        width=width,
        height=height,
        chars=tuple(chars),
        segments=tuple(segments),
        broken_chars=broken,
        image_cover=min(1.0, image_area / max(1.0, width * height)),
        curves=curves,
        hidden=tuple(to_display(x, y) for x, y in hidden_at),
    )


def _display_transform(page: pdfium.PdfPage):  # type: ignore[no-untyped-def]
    """Return f(x, y) mapping PDF user space to top-left display space, and the display size."""
    left, bottom, right, top = page.get_cropbox()
    w, h = right - left, top - bottom
    rot = page.get_rotation() % 360

    if rot == 90:
        return (lambda x, y: (y - bottom, x - left)), h, w
    if rot == 180:
        return (lambda x, y: (right - x, y - bottom)), w, h
    if rot == 270:
        return (lambda x, y: (top - y, right - x)), h, w
    return (lambda x, y: (x - left, top - y)), w, h


#: share of characters that must run the same non-upright way for the page to be turned
TURN_SHARE = 0.6


def _text_turn(angles: list[int], rotation: int) -> int:
    """Given how many characters run at 0, 90, 180 and 270 degrees (pdfium's angles, page
    space) and the page's /Rotate, return how far the text runs from upright as displayed."""
    total = sum(angles)
    best = max(range(4), key=lambda k: angles[k])
    if not total or best == 0 and not rotation % 360 or angles[best] < TURN_SHARE * total:
        return 0
    return (best * 90 + rotation) % 360


def _turned(to_display, width: float, height: float, turn: int):  # type: ignore[no-untyped-def]
    """Compose ``to_display`` with a turn of the displayed page that makes the text upright."""
    if turn == 90:
        return (lambda x, y: _rot90(to_display(x, y), width)), height, width
    if turn == 180:
        return (lambda x, y: _rot180(to_display(x, y), width, height)), width, height
    if turn == 270:
        return (lambda x, y: _rot270(to_display(x, y), height)), height, width
    return to_display, width, height


def _rot90(p: tuple[float, float], width: float) -> tuple[float, float]:
    return p[1], width - p[0]


def _rot180(p: tuple[float, float], width: float, height: float) -> tuple[float, float]:
    return width - p[0], height - p[1]


def _rot270(p: tuple[float, float], height: float) -> tuple[float, float]:
    return height - p[1], p[0]


def _is_broken(code: int) -> bool:
    return code == 0xFFFD or 0xE000 <= code <= 0xF8FF or (code < 0x20 and code not in (9, 10, 13))


def _read_chars(page: pdfium.PdfPage):  # type: ignore[no-untyped-def]
    """Read the text layer once, in page space: the visible characters as (text, left, top,
    right, bottom), the count of unreadable ones, the centres of clip boxes that hide text,
    and how many characters run at 0, 90, 180 and 270 degrees."""
    textpage = page.get_textpage()
    hidden: dict[int | None, tuple[float, float]] = {}
    chars: list[tuple[str, float, float, float, float]] = []
    angles = [0, 0, 0, 0]
    broken = 0
    rect = raw.FS_RECTF()
    clips: dict[int | None, tuple[float, float, float, float] | None] = {}
    try:
        n = textpage.count_chars()
        for i in range(n):
            if raw.FPDFText_IsGenerated(textpage, i) == 1:
                continue
            angle = raw.FPDFText_GetCharAngle(textpage, i)
            if angle >= 0:
                angles[round(math.degrees(angle) / 90) % 4] += 1
            obj = raw.FPDFText_GetTextObject(textpage, i)
            key = ctypes.cast(obj, ctypes.c_void_p).value
            if key not in clips:
                clips[key] = _clip_box(obj) if obj else None
            clip = clips[key]
            code = raw.FPDFText_GetUnicode(textpage, i)
            if raw.FPDFText_HasUnicodeMapError(textpage, i) == 1 or _is_broken(code):
                broken += 1
                continue
            ch = chr(code)
            if ch in "\r\n":
                continue
            if not raw.FPDFText_GetLooseCharBox(textpage, i, rect):
                continue
            size = raw.FPDFText_GetFontSize(textpage, i)
            upright = angle >= 0 and round(math.degrees(angle) / 90) % 4 == 0
            if upright and 0 < size < (rect.top - rect.bottom) / LOOSE_TALL:
                rect.bottom = rect.top - size
            if clip is not None:
                cx, cy = (rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2
                if not (clip[0] - 1 <= cx <= clip[2] + 1 and clip[1] - 1 <= cy <= clip[3] + 1):
                    if key not in hidden:  # clipped away: printed nowhere on the page
                        hidden[key] = ((clip[0] + clip[2]) / 2, (clip[1] + clip[3]) / 2)
                    continue
            chars.append((ch, rect.left, rect.top, rect.right, rect.bottom))
    finally:
        textpage.close()
    return chars, broken, list(hidden.values()), angles


def _clip_box(obj) -> tuple[float, float, float, float] | None:  # type: ignore[no-untyped-def]
    """Return the box (page space) a page object is clipped to, or None when unclipped.

    Spreadsheet exports draw a merged cell's text on every page the cell touches and clip it
    away where it does not belong; such text must not be read.
    """
    clip = raw.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    box: tuple[float, float, float, float] | None = None
    x = ctypes.c_float()
    y = ctypes.c_float()
    for p in range(raw.FPDFClipPath_CountPaths(clip)):
        xs: list[float] = []
        ys: list[float] = []
        for k in range(raw.FPDFClipPath_CountPathSegments(clip, p)):
            seg = raw.FPDFClipPath_GetPathSegment(clip, p, k)
            if seg and raw.FPDFPathSegment_GetPoint(seg, x, y):
                xs.append(x.value)
                ys.append(y.value)
        if not xs:
            continue
        b = (min(xs), min(ys), max(xs), max(ys))
        box = b if box is None else (max(box[0], b[0]), max(box[1], b[1]),
                                     min(box[2], b[2]), min(box[3], b[3]))
    return box


def _read_graphics(page: pdfium.PdfPage, to_display) -> tuple[list[Segment], float, int]:  # type: ignore[no-untyped-def]
    """Walk page objects (into forms): ruling segments, total image area, curve count."""
    segments: list[Segment] = []
    image_area = 0.0
    curves = [0]

    def walk(count, get, parent, matrix) -> None:  # type: ignore[no-untyped-def]
        nonlocal image_area
        for i in range(count(parent)):
            obj = get(parent, i)
            kind = raw.FPDFPageObj_GetType(obj)
            m = raw.FS_MATRIX()
            raw.FPDFPageObj_GetMatrix(obj, m)
            own = (m.a, m.b, m.c, m.d, m.e, m.f)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                curves[0] += _path_segments(obj, _compose(own, matrix), to_display, segments)
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                walk(raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, obj,
                     _compose(own, matrix))
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                x0, y0, x1, y1 = (ctypes.c_float() for _ in range(4))
                if raw.FPDFPageObj_GetBounds(obj, x0, y0, x1, y1):
                    # bounds are in the containing space; good enough for a coverage ratio
                    image_area += abs((x1.value - x0.value) * (y1.value - y0.value))

    walk(raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, page, (1, 0, 0, 1, 0, 0))
    return segments, image_area, curves[0]


Matrix = tuple[float, float, float, float, float, float]


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """Return the matrix applying ``inner`` first, then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _visible(getter, obj) -> bool:  # type: ignore[no-untyped-def]
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return True
    if a.value == 0:
        return False
    return not (r.value > INVISIBLE_CHANNEL and g.value > INVISIBLE_CHANNEL
                and b.value > INVISIBLE_CHANNEL)


def _path_segments(obj, matrix: Matrix, to_display, out: list[Segment]) -> int:  # type: ignore[no-untyped-def]
    """Append the axis-aligned ruling lines a path object draws (stroked lines, thin fills).

    Return how many curved segments the path has.
    """
    fillmode = ctypes.c_int()
    stroke = ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, fillmode, stroke):
        return 0
    stroked = bool(stroke.value) and _visible(raw.FPDFPageObj_GetStrokeColor, obj)
    filled = fillmode.value != 0 and _visible(raw.FPDFPageObj_GetFillColor, obj)
    if not (stroked or filled):
        return 0
    n_curves = 0
    a, b, c, d, e, f = matrix
    x = ctypes.c_float()
    y = ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    n = raw.FPDFPath_CountSegments(obj)
    for i in range(n):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        if not raw.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        point = to_display(px, py)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            if current:
                subpaths.append(current)
            current = [point]
        elif kind == raw.FPDF_SEGMENT_LINETO:
            current.append(point)
        else:  # a curve: no ruling, but keep the pen position
            n_curves += 1
            if current:
                subpaths.append(current)
            current = [point]
        if raw.FPDFPathSegment_GetClose(seg) and current:
            current.append(current[0])
    if current:
        subpaths.append(current)

    for pts in subpaths:
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if filled and not stroked:
            # a filled thin box is a rule drawn as a rectangle (Excel/WPS export often do this)
            if h <= RULE_MAX_THICKNESS_PT < w:
                yy = (min(ys) + max(ys)) / 2
                out.append(Segment(min(xs), yy, max(xs), yy))
            elif w <= RULE_MAX_THICKNESS_PT < h:
                xx = (min(xs) + max(xs)) / 2
                out.append(Segment(xx, min(ys), xx, max(ys)))
            continue
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            if abs(y1 - y0) <= AXIS_TOLERANCE_PT and abs(x1 - x0) > AXIS_TOLERANCE_PT:
                yy = (y0 + y1) / 2
                out.append(Segment(min(x0, x1), yy, max(x0, x1), yy))
            elif abs(x1 - x0) <= AXIS_TOLERANCE_PT and abs(y1 - y0) > AXIS_TOLERANCE_PT:
                xx = (x0 + x1) / 2
                out.append(Segment(xx, min(y0, y1), xx, max(y0, y1)))
    return n_curves
