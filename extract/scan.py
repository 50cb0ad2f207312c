"""Stage 3b: a scanned page -> the same Page the text layer gives (chars and rulings).

    render -> red channel (no seal) -> no scanner surround -> deskew -> leaning columns set
    upright -> seal rings found by shape -> ruling lines (OpenCV morphology), whitened ->
    OCR once (a page found lying turned is turned, its rules found again, and read) ->
    characters placed where the engine read them

Downstream nothing changes: lattice builds the grid from the rulings and places the
characters in cells, carrying the OCR confidence with each character.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import cv2
import numpy as np
import pypdfium2 as pdfium

from .grid import is_cjk
from .ocr import OcrEngine, Rule, TextBox
from .pagewords import settle_doubts
from .source import Char, Page, Segment

#: render scanned pages at this resolution (dots per inch)
SCAN_DPI = 200
#: a ruling line is at least this share of the page width (horizontal) or height (vertical)
LINE_SHARE_H, LINE_SHARE_V = 1 / 40, 1 / 80
#: skew larger than this (degrees) is corrected; up to MAX_SKEW_DEG is looked for
MIN_SKEW_DEG = 0.05
#: a lean of the vertical rules (see ``slant``) under this is left: 2 pixels on a page 10
#: inches tall at 200 dpi
MIN_LEAN = 0.001
MAX_SKEW_DEG = 5.0
#: a box on a seal whose ink is lighter than this share of the page's usual print is the
#: seal's own mark (see without_seal_marks)
SEAL_FAINT = 0.5
#: a line all of whose characters are fainter than this (of the page's usual print) is a
#: seal's lettering wherever it lies: copied grey, 财务专用章 reads at 0.35-0.58, print's
#: characters at 0.69 and more, bar a lone thin one among dark ones
LETTERING_FAINT = 0.65
#: a lone character on a found seal fainter than this is a letter of its lettering: grey
#: copies read them at 0.35-0.88 (卫 0.58, 生 0.65, 通 0.70-0.76, 教 0.81), while a lone
#: character of print (是, 无) is a whole word, as dark as any
LONE_FAINT = 0.8
#: a round seal's lettering runs round it in this band of its disc's radius (seal_rings'
#: disc reaches about 1.15 of the ring's radius, so the band is 0.52-0.94 of the ring's; the
#: second and third scanner models letter at 0.64-0.88 of it, as a 公章 does), but for a gap
#: of LETTERING_GAP_DEG either side of its foot (their arcs leave 55-63 degrees); a line of
#: LETTERING_CHARS characters or fewer lying wholly in the band is lettering
LETTERING_BAND, LETTERING_GAP_DEG, LETTERING_CHARS = (0.45, 0.82), 45, 4
#: the words a seal prints across its middle (财务专用章, 合同专用章 ...): five characters
#: with 专用 in the middle, read at most SEAL_WORD_OFF characters off 财务专用章 (财劳专用草),
#: fainter than LONE_FAINT of print, are a seal's and not the table's
SEAL_WORD, SEAL_WORD_OFF = "财务专用章", 2
#: dark regions at least this thick (inches) touching the image's edge are the scanner's
#: surround, not the sheet (a rule or a bold stroke is thinner)
BORDER_THICK_IN = 0.04
#: the radius of a round seal (公章 are 38-45 mm across), in inches
SEAL_RADIUS_IN = (0.4, 1.1)
#: a ring found by shape is masked this share of its radius to either side of its circle
RING_WIDTH = 0.15
#: ink covering this share of the bands either side of a horizontal run: text, not a rule
TEXT_BAND = 0.3
#: ink covering this share of the bands either side of a vertical run's end, taken together,
#: and STROKE_SIDE of each: a stroke of print (a character's strokes stand around it; a
#: rule's cell keeps a margin of paper on one side of it)
STROKE_BAND, STROKE_SIDE = 0.15, 0.05
#: a rule's pieces at least this long (inches), this far apart at most, stopping in
#: mid-cell, are one rule with a dropout (see _bridged)
DROPOUT_MIN_IN, DROPOUT_MAX_IN = 0.3, 1.0
#: pixels within which a vertical and a horizontal rule count as meeting
REACH = 6
#: inches: a vertical line shorter than this that meets no horizontal rule, with no other
#: piece of a rule in line with it, is the side of an oval seal (its straight part is
#: about half an inch), not a rule
LOOSE_LONG = 0.75
#: a horizontal line shorter than this many times the long-line length (0.3 inch) that
#: meets no long vertical line closes no cell (see _closers)
CLOSING_LONG = 3
#: a faint stretch of rule is this many grey levels darker than the paper just above and
#: below it, along at least FAINT_COVER of its length (see _carried_on)
FAINT_CONTRAST, FAINT_COVER = 30, 0.8
#: a line whose core stands less than this share as far below its paper as the page's
#: lines do (by length) is a copier's streak, paper a shade darker (see _streaks)
STREAK_FAINT = 0.3
#: pixels beside a line, past STREAK_GAP of it, where its paper is measured
STREAK_PAPER, STREAK_GAP = 8, 3
#: how far the pieces of one streak may lie apart across it, per pixel along it (a
#: slant of about 3 degrees: a page skewed 2.5 degrees, then warped), REACH more
STREAK_SLANT = 0.05


def render(page: pdfium.PdfPage, dpi: int = SCAN_DPI) -> np.ndarray:
    """Given a page, return it as a BGR image at ``dpi``, as displayed (its /Rotate applied)."""
    bitmap = page.render(scale=dpi / 72)
    image = bitmap.to_numpy()
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return np.ascontiguousarray(image)


def without_seal(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Given a BGR page, return it as grey with red seals (公章) gone, and a mask of the red.

    The grey is the red channel: a red stamp is bright in red light, black print is dark in
    any light, and print under the stamp stays dark, anti-aliased edges included (whitening
    "red" pixels instead ate those edges, and OCR then misread the characters under a seal).
    JPEG blurs colour more than light, so the stamp's rim stays a little dark in red light:
    the mask marks where red outweighs the other colours, for the rule finder to ignore.
    """
    b, g, r = (image[:, :, k].astype(np.int16) for k in range(3))
    red = ((r - np.maximum(g, b)) > 40).astype(np.uint8) * 255
    return np.ascontiguousarray(image[:, :, 2]), cv2.dilate(red, np.ones((5, 5), np.uint8))


def without_border(gray: np.ndarray, dpi: int) -> np.ndarray:
    """Given a grey page, return it with the scanner's dark surround whitened: the lid or bed
    showing round a sheet that was scanned crooked or smaller than the glass.

    Dark regions thick in both directions (they survive an opening wider than any rule or
    stroke, BORDER_THICK_IN) that touch the image's edge; a rule running into the surround
    is kept, only the surround's own pixels (and a few around them) are whitened."""
    k = max(5, int(dpi * BORDER_THICK_IN))
    # darker than half the paper's grey: a dim copy's paper is no surround
    limit = min(110.0, 0.5 * float(np.median(gray)))
    dark = (cv2.GaussianBlur(gray, (5, 5), 0) < limit).astype(np.uint8)
    thick = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    if not thick.any():
        return gray
    _, labels, stats, _ = cv2.connectedComponentsWithStats(thick, connectivity=4)
    h, w = gray.shape
    x, y, bw, bh = (stats[:, i] for i in range(4))
    edge = (x == 0) | (y == 0) | (x + bw == w) | (y + bh == h)
    edge[0] = False  # the background label
    if not edge.any():
        return gray
    surround = cv2.dilate(np.isin(labels, np.flatnonzero(edge)).astype(np.uint8),
                          np.ones((5, 5), np.uint8))
    out = gray.copy()
    out[surround > 0] = 255
    return out


def seal_rings(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """Given a grey page, return masks of the rings of round seals found on it by shape (a
    circle SEAL_RADIUS_IN across), and of the discs they enclose: in a black-and-white or
    grey copy a seal is not red, its ring would be read as ruling lines (a false column,
    rows cut in two), and a stroke of its lettering as a short rule.

    Circles are looked for on a 100 dpi copy (at 50 dpi a faint grey ring, stamped unevenly,
    blurs into the paper and is missed); a page of text and rules has none that size."""
    step = max(1, round(dpi / 100))
    small = cv2.resize(gray, None, fx=1 / step, fy=1 / step, interpolation=cv2.INTER_AREA)
    lo, hi = (int(r * dpi / step) for r in SEAL_RADIUS_IN)
    found = cv2.HoughCircles(small, cv2.HOUGH_GRADIENT_ALT, dp=1.5, minDist=lo, param1=300,
                             param2=0.8, minRadius=lo, maxRadius=hi)
    rings, discs = np.zeros_like(gray), np.zeros_like(gray)
    for x, y, r in (found[0] if found is not None else ()):
        width = max(6, int(r * step * RING_WIDTH))
        centre = (int(x * step), int(y * step))
        cv2.circle(rings, centre, int(r * step), 255, 2 * width)
        cv2.circle(discs, centre, int(r * step) + width, 255, -1)
    return rings, discs


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0, robust to uneven light (local threshold)."""
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 31, 15)


def _line_masks(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    h, w = ink.shape
    across = cv2.getStructuringElement(cv2.MORPH_RECT, (max(10, int(w * LINE_SHARE_H)), 1))
    down = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(10, int(h * LINE_SHARE_V))))
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, across), cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                                                             down)


def skew_angle(ink: np.ndarray) -> float:
    """The page's skew in degrees (positive: lines rise to the right).

    Projection profile: the angle at which the rows of ink are most sharply concentrated
    (the table's rules and text lines lie flat), searched at 0.2 degree on a quarter-size
    image, then at 0.02 degree about that on a half-size one (the same angle as searching
    the half-size image at 0.1 degree first, at a third of the cost).
    """
    def sharpness(image: np.ndarray, angle: float) -> float:
        h, w = image.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        turned = cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_NEAREST)
        rows = turned.sum(axis=1, dtype=np.float64)
        return float((rows * rows).sum())

    best = 0.0
    for size, step, reach in ((0.25, 0.2, MAX_SKEW_DEG), (0.5, 0.02, 0.2)):
        small = cv2.resize(ink, None, fx=size, fy=size, interpolation=cv2.INTER_AREA)
        best = max(np.arange(best - reach, best + reach + step / 2, step),
                   key=lambda angle: sharpness(small, angle))
    return -float(best)


def slant(ink: np.ndarray, dpi: int) -> float:
    """How far the vertical rules of a deskewed page lean (pixels across per pixel down,
    positive: to the right going down): a sheet that slid in the feeder, or a copy of a
    copy laid askew, comes out sheared, its rows level and its columns not. The
    median, weighted by length, over the vertical lines at least an inch long, each fitted
    by a straight line."""
    _, vert = _line_masks(ink)
    contours, _ = cv2.findContours(vert, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    leans, lengths = [], []
    for c in contours:
        _, _, _, h = cv2.boundingRect(c)
        if h >= dpi:
            vx, vy, _, _ = cv2.fitLine(c, cv2.DIST_L2, 0, 0.01, 0.01).ravel()
            leans.append(float(vx / vy))
            lengths.append(h)
    if not leans:
        return 0.0
    order = np.argsort(leans)
    weight = np.cumsum(np.asarray(lengths)[order])
    return leans[int(order[np.searchsorted(weight, weight[-1] / 2)])]


def unslanted(image: np.ndarray, lean: float, fill: int = 255) -> np.ndarray:
    """The image with a ``lean`` (see ``slant``) sheared out about its middle row."""
    h, w = image.shape[:2]
    m = np.float32([[1, -lean, lean * h / 2], [0, 1, 0]])
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=(fill, fill, fill))


def rotate(image: np.ndarray, degrees: float, fill: int = 255) -> np.ndarray:
    """Rotate about the centre by ``degrees`` counter-clockwise, filling with ``fill``."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=(fill, fill, fill))


def rulings(ink: np.ndarray, scale: float, red: np.ndarray | None = None,
            gray: np.ndarray | None = None, seals: np.ndarray | None = None
            ) -> tuple[list[Segment], np.ndarray]:
    """Ruling lines of a deskewed page as Segments in points (``scale`` points per pixel),
    and the mask of their pixels (to whiten before OCR, so no crop carries a rule). ``ink``
    is the page binarised; given its ``gray`` too, a rule that fades out short of a
    vertical rule is carried on to it (see _carried_on).

    A line lying wholly on a seal (``red``, see ``without_seal``) is the seal's rim, not a
    rule: a rule under a seal runs on beyond it. A short vertical line that does not meet a
    horizontal rule at both ends is a stroke of a character (or of the seal), not a rule;
    inside a grey seal's disc (``seals``, see ``seal_rings``) it is a stroke of the seal's
    lettering even when it meets rules at both ends (a row's height is a character's). A
    vertical line under LOOSE_LONG that meets no horizontal rule is a rule only in line
    with another piece of its column (the rule of merged cells running over a page break
    from top to foot meets none, and is long); one under ``long`` with print close on both
    sides (the steep side of an oval seal's ring through a line), or one lying wholly on a
    seal's disc, is a rule only in line with a rule found otherwise. The mask holds the long
    lines found, less those that are print (blurred print run together) or a seal's side:
    they are left for OCR."""
    horiz, vert = _line_masks(ink)
    # a short vertical run may be a stroke of a character: only long runs are erased
    long = max(10, int(0.3 / scale * 72))
    long_vert = cv2.morphologyEx(vert, cv2.MORPH_OPEN, np.ones((long, 1), np.uint8))
    found = cv2.morphologyEx(horiz, cv2.MORPH_OPEN, np.ones((1, long), np.uint8)) | long_vert
    closers = _closers(horiz, long_vert, long)
    vert = _without_strokes(vert, closers, long)
    # bridge small breaks (a worn line, a seal that was whitened over it)
    horiz = cv2.morphologyEx(horiz, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                                               (15, 1)))
    vert = cv2.morphologyEx(vert, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                                             (1, 15)))
    circles = seal_circles(seals) if seals is not None else []
    out: list[Segment] = []
    loose: list[tuple[Segment, np.ndarray]] = []  # vertical lines meeting no rule
    seal_sides: list[tuple[Segment, np.ndarray]] = []  # vertical lines a seal's side may be
    print_lines = np.zeros_like(found)  # lines found that are not rules
    lines = [(c, cv2.boundingRect(c), horizontal)
             for mask, horizontal in ((horiz, True), (vert, False))
             for c in cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]]
    streaks = _streaks([(box, horizontal) for _, box, horizontal in lines], gray)
    for k, (c, (x, y, w, h), horizontal) in enumerate(lines):
        mask = horiz if horizontal else vert
        if red is not None and red[y:y + h, x:x + w].mean() > 0.8 * 255:
            continue
        if k in streaks:
            cv2.drawContours(print_lines, [c], -1, 255, cv2.FILLED)
            continue  # a copier's streak: not whitened, it runs through print
        if horizontal and _in_text(ink, x, y, w, h, scale):
            cv2.drawContours(print_lines, [c], -1, 255, cv2.FILLED)
            continue  # the middle of a line of blurred print, run together
        if not horizontal and h < long and not (_meets(closers, x, y, w) and
                                                _meets(closers, x, y + h - 1, w)):
            continue  # a character's stroke; a rule this short closes a cell at both ends
        if (not horizontal and h < long and seals is not None
                and seals[y:y + h, x:x + w].mean() > 0.8 * 255):
            continue  # a stroke of a grey seal's lettering, a row tall
        if not horizontal and red is not None:
            y, h = _off_seal(horiz, red, x, y, w, h)
        if not horizontal:  # whether it meets a rule, told before its ends are trimmed
            meets = (h >= LOOSE_LONG / scale * 72 or _meets(closers, x, y, w)
                     or _meets(closers, x, y + h - 1, w))
            y, h = _without_stroke_ends(closers, ink, x, y, w, h, long, scale)
            # a row tall, with print close on both sides: the steep side of an oval
            # seal's ring through a line ('“三|支一扶”'); or wholly on a seal found by
            # shape, along the steep side of its ring (a black copy's, through five rows
            # of print: '欠薪案件办理|本'). Either is a rule only in line with one
            seal_side = (h < long and _in_text(ink.T, y, x, h, w, scale, STROKE_BAND)
                         or (_on_ring_side(x + w / 2, y, y + h, circles)
                             and seals is not None
                             and seals[y:y + h, x:x + w].mean() > 0.8 * 255))
        if horizontal:
            yy = _centre(mask[y:y + h, x:x + w].sum(axis=1, dtype=np.int32), y) * scale
            out.append(Segment(x * scale, yy, (x + w) * scale, yy))
        else:
            xx = _centre(mask[y:y + h, x:x + w].sum(axis=0, dtype=np.int32), x) * scale
            seg = Segment(xx, y * scale, xx, (y + h) * scale)
            if seal_side:
                seal_sides.append((seg, c))
            elif meets:
                out.append(seg)
            else:
                loose.append((seg, c))
    # a vertical line under LOOSE_LONG meeting no rule at either end is a rule only in line
    # with another piece of its column (a rule broken by a seal); else it is the side of an
    # oval seal's ring, which has no circle to be found by. A seal's side stands only in line
    # with a rule found otherwise (the two pieces of an oval's side are in line).
    for pieces, with_each_other in ((loose, True), (seal_sides, False)):
        others = [*out, *(s for s, _ in pieces)] if with_each_other else list(out)
        for seg, c in pieces:
            if any(abs(o.x0 - seg.x0) <= REACH * scale for o in others
                   if o is not seg and not o.horizontal):
                out.append(seg)
            else:
                cv2.drawContours(print_lines, [c], -1, 255, cv2.FILLED)
    # what is no rule is not whitened: it may run through print (the side of an oval seal
    # through the last character of a line)
    found[print_lines > 0] = 0
    out = _bridged(out, scale)
    if gray is not None:
        vertical = [s for s in out if not s.horizontal]
        out = [_carried_on(s, vertical, gray, scale) if s.horizontal else s for s in out]
    return out, found


def _streaks(boxes: list[tuple[tuple[int, int, int, int], bool]], gray: np.ndarray | None
             ) -> set[int]:
    """Which of a page's lines (their boxes x, y, w, h and whether horizontal) are a
    copier's streaks, by index: a drum or a feeder's glass leaves a line down the page a
    shade darker than the paper, which the local threshold takes for ink, and which cut a
    form's 一级 cells in two ('产出指' | '标') where it ran down their column. A streak is
    faint (its ``_contrast`` under STREAK_FAINT of the page's lines', the median over their
    length) and runs on past the table: it, or a faint line in line with it (the next no
    further across than STREAK_SLANT of the way along: the page's warp slants it), reaches
    more than REACH beyond the page's other lines along its direction. A rule printed light
    stays among them (a grey rule between dark ones scores 0.25, as a streak does). None
    without ``gray``."""
    if gray is None or not boxes:
        return set()
    contrast = [_contrast(gray, *box, horizontal) for box, horizontal in boxes]
    length = [w if horizontal else h for (_, _, w, h), horizontal in boxes]
    order = np.argsort(contrast)
    half = np.searchsorted(np.cumsum(np.asarray(length)[order]), sum(length) / 2)
    usual = contrast[order[min(half, len(order) - 1)]]
    faint = {k for k, c in enumerate(contrast) if c < STREAK_FAINT * usual}
    strong = [box for k, (box, _) in enumerate(boxes) if k not in faint]
    if not faint or not strong:
        return set()
    return {k for horizontal in (True, False)
            for k in _run_past(boxes, [k for k in faint if boxes[k][1] == horizontal], strong)}


def _run_past(boxes: list[tuple[tuple[int, int, int, int], bool]], faint: list[int],
              strong: list[tuple[int, int, int, int]]) -> set[int]:
    """Of faint lines of one direction (``faint``: indices into ``boxes``), those in a chain
    of lines in line with each other (each no further across from the next than REACH and
    STREAK_SLANT of the way along) that reaches more than REACH past the ``strong`` lines'
    boxes along that direction."""
    if not faint:
        return set()
    axis = 0 if boxes[faint[0]][1] else 1  # along a horizontal line: x; a vertical: y
    lo = min(box[axis] for box in strong) - REACH
    hi = max(box[axis] + box[axis + 2] for box in strong) + REACH
    across = {k: boxes[k][0][1 - axis] + boxes[k][0][3 - axis] / 2 for k in faint}
    middle = {k: boxes[k][0][axis] + boxes[k][0][axis + 2] / 2 for k in faint}
    chains: list[list[int]] = []
    for k in sorted(faint, key=across.__getitem__):
        j = chains[-1][-1] if chains else None
        if j is not None and (across[k] - across[j]
                              <= REACH + STREAK_SLANT * abs(middle[k] - middle[j])):
            chains[-1].append(k)
        else:
            chains.append([k])
    return {k for chain in chains
            if min(boxes[j][0][axis] for j in chain) < lo
            or max(boxes[j][0][axis] + boxes[j][0][axis + 2] for j in chain) > hi
            for k in chain}


def _contrast(gray: np.ndarray, x: int, y: int, w: int, h: int, horizontal: bool) -> float:
    """How far a line's core stands below the paper beside it, in grey levels: the median
    along it of its darkest pixel across it, against the median of the strips from
    STREAK_GAP to STREAK_GAP + STREAK_PAPER pixels either side of its box."""
    if horizontal:  # measured as a vertical line of the page transposed
        gray, x, y, w, h = gray.T, y, x, h, w
    core = float(np.median(gray[y:y + h, x:x + w].min(axis=1)))
    near, far = STREAK_GAP, STREAK_GAP + STREAK_PAPER
    sides = [gray[y:y + h, max(0, x - far):max(0, x - near)],
             gray[y:y + h, x + w + near:x + w + far]]
    paper = np.concatenate([side.ravel() for side in sides])
    return float(np.median(paper)) - core if paper.size else 0.0


def _bridged(segments: list[Segment], scale: float) -> list[Segment]:
    """Rules with their dropouts bridged: two pieces of a rule in line, each at least
    DROPOUT_MIN_IN long, the gap between them at most DROPOUT_MAX_IN, where neither piece
    ends at a rule across (within REACH). A drawn rule runs from rule to rule; one that
    stops in mid-cell has faded there (a faint line by a dense line of text binarises
    broken), and the cells either side would be taken as one. Pieces that stop at a
    crossing rule are the ends of a spanning cell's rules and stay apart."""
    reach, least, widest = REACH * scale, DROPOUT_MIN_IN * 72, DROPOUT_MAX_IN * 72
    horiz = [s for s in segments if s.horizontal]
    vert = [s for s in segments if not s.horizontal]

    def along(s: Segment, h: bool) -> tuple[float, float, float]:
        return (s.top, s.x0, s.x1) if h else (s.x0, s.top, s.bottom)

    def crossed(pos: float, at: float, crossing: list[Segment], h: bool) -> bool:
        return any(abs(c_pos - at) <= reach and lo - reach <= pos <= hi + reach
                   for c_pos, lo, hi in (along(c, not h) for c in crossing))

    out: list[Segment] = []
    for group, crossing, h in ((horiz, vert, True), (vert, horiz, False)):
        rows: list[list[tuple[float, float, float]]] = []  # pieces in line, by position
        for piece in sorted(along(s, h) for s in group):
            if rows and piece[0] - rows[-1][0][0] <= reach:
                rows[-1].append(piece)
            else:
                rows.append([piece])
        for row in rows:
            merged: list[tuple[float, float, float]] = []
            for pos, a, b in sorted(row, key=lambda t: t[1]):
                if merged:
                    p0, a0, b0 = merged[-1]
                    if (0 < a - b0 <= widest and b0 - a0 >= least and b - a >= least
                            and not crossed(p0, b0, crossing, h)
                            and not crossed(pos, a, crossing, h)):
                        merged[-1] = ((p0 + pos) / 2, a0, b)
                        continue
                merged.append((pos, a, b))
            out.extend(Segment(a, p, b, p) if h else Segment(p, a, p, b)
                       for p, a, b in merged)
    return out


def _carried_on(rule: Segment, vertical: list[Segment], gray: np.ndarray, scale: float
                ) -> Segment:
    """A horizontal rule that meets a vertical rule at one end and stops in mid-cell at the
    other, carried on to the next vertical rule it crosses when a faint line runs all the
    way there. A faint rule between two dense lines of print binarises into dots (the local
    threshold takes the print's darkness for the background), the line masks lose it, and
    the two cells it parts are taken as one. The faint line is looked for in the grey
    image: darker by FAINT_CONTRAST than the paper a few pixels above and below it (a
    black-hat on the page smoothed along the line), over FAINT_COVER of the gap. A drawn
    rule runs from rule to rule, so one that stops in mid-cell where such a line goes on
    has faded there; where paper goes on, the rule ends a spanning cell's border."""
    reach = REACH * scale
    crossing = [v.x0 for v in vertical if v.top - reach <= rule.top <= v.bottom + reach]
    ends = [any(abs(x - end) <= reach for x in crossing) for end in (rule.x0, rule.x1)]
    if ends.count(True) != 1:
        return rule
    side = -1 if ends[1] else 1  # carry on leftwards from x0, or rightwards from x1
    end = rule.x0 if side < 0 else rule.x1
    beyond = [x for x in crossing if (x - end) * side > reach]
    if not beyond:
        return rule
    to = max(beyond) if side < 0 else min(beyond)
    a, b = sorted((int(end / scale), int(to / scale)))
    y = int(rule.top / scale)
    thick = max(3, round(0.045 * 72 / scale)) | 1  # taller than a blurred rule, odd
    top = max(0, y - thick)
    band = gray[top:y + thick + 1, a:b]
    if band.shape[0] < thick or band.shape[1] < 2:
        return rule
    smooth = cv2.blur(band, (max(3, round(0.075 * 72 / scale)), 1))
    line = cv2.morphologyEx(smooth, cv2.MORPH_BLACKHAT,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (1, thick)))
    near = line[max(0, y - top - 2):y - top + 3]  # the rule's rows, give or take two
    if (near > FAINT_CONTRAST).any(axis=0).mean() < FAINT_COVER:
        return rule
    return replace(rule, x0=to) if side < 0 else replace(rule, x1=to)


def _in_text(ink: np.ndarray, x: int, y: int, w: int, h: int, scale: float,
             band: float = TEXT_BAND) -> bool:
    """True when a horizontal run of ink has ink on both sides of it too, over ``band`` of
    the bands from 0.015 to 0.03 inch above and below: blurred print at 150 dpi runs
    together along a line's middle into a bar as long as a cell is wide. A rule has paper
    on at least one side (text may touch it from the other). For a vertical run, give the
    page transposed (``ink.T``, y, x, h, w)."""
    above, below = _print_beside(ink, x, y, w, h, scale)
    return min(above, below) > band


def _print_beside(ink: np.ndarray, x: int, y: int, w: int, h: int, scale: float
                  ) -> tuple[float, float]:
    """The share of ink in the bands from 0.015 to 0.03 inch above and below a horizontal
    run of ink (0 for a band off the page)."""
    near, far = max(1, round(0.015 * 72 / scale)), max(2, round(0.03 * 72 / scale))
    above = ink[max(0, y - far):max(0, y - near), x:x + w]
    below = ink[y + h + near:y + h + far, x:x + w]
    return (float(above.mean()) / 255 if above.size else 0.0,
            float(below.mean()) / 255 if below.size else 0.0)


def _centre(counts: np.ndarray, start: int) -> float:
    """Where a line lies across its direction (pixels), given its pixel count per row (or
    column) across it: the middle of the rows that carry most of its length. Not the middle
    of its bounding box, which a character or seal touching the line drags aside."""
    core = np.flatnonzero(counts >= counts.max() / 2)
    return start + float(core.mean()) + 0.5


def _without_stroke_ends(horiz: np.ndarray, ink: np.ndarray, x: int, y: int, w: int, h: int,
                         long: int, scale: float) -> tuple[int, int]:
    """A vertical rule's (top, height) without an end beyond the rules it crosses that is a
    character's stroke: shorter than ``long``, and with print beside it (``_amid_print``)
    or parted from the rule by paper (``_detached``). A stroke standing on a rule's end in
    the row above, in line with it, is joined to it when breaks are bridged; the rule then
    cuts the line of print ('事业单位及“三支一' | '扶”人员培训费', '公益性' | '岗位补贴' in a
    form's 项目名称 row)."""
    cols = slice(max(0, x - REACH), x + w + REACH)
    crossed = np.flatnonzero(horiz[y:y + h, cols].any(axis=1))
    if len(crossed) == 0:
        return y, h
    first, last = y + int(crossed[0]), y + int(crossed[-1])
    if 0 < first - y < long and (_detached(ink, x, y, w, first + 1 - y)
                                 or _amid_print(ink, x, y, w, first - y, scale)):
        y, h = first, h - (first - y)
    end = y + h - 1 - last  # rows past the last rule crossed
    if 0 < end < long and (_detached(ink, x, last, w, end + 1)
                           or _amid_print(ink, x, last + 1, w, end, scale)):
        h = last + 1 - y
    return y, h


def _on_ring_side(x: float, top: float, bottom: float,
                  circles: list[tuple[float, float, float]]) -> bool:
    """True when a vertical line at ``x`` from ``top`` to ``bottom`` (pixels) runs along
    the steep side of a seal's ring: through the point where the ring is upright, within
    the ring's width of it. ``circles``: the discs of ``seal_rings`` (see seal_circles),
    whose radius is the ring's and a half width more."""
    for cx, cy, disc in circles:
        radius = disc / (1 + RING_WIDTH)
        if top <= cy <= bottom and abs(abs(x - cx) - radius) <= disc - radius + 2:
            return True
    return False


def _detached(ink: np.ndarray, x: int, y: int, w: int, h: int) -> bool:
    """True when a vertical run's rows (y, h: an end and the rule it crosses) hold a row
    of paper across its width between inked rows: the gap bridging joined two pieces
    there. A rule runs on unbroken through the rule it crosses; a stroke standing over a
    rule's end has paper between the line of print and the rule under it (the right-hand
    ends of 生's bars in 性, print on one side only)."""
    inked = np.flatnonzero(ink[y:y + h, x:x + w].any(axis=1))
    return len(inked) > 0 and int(inked[-1] - inked[0]) + 1 > len(inked)


def _amid_print(ink: np.ndarray, x: int, y: int, w: int, h: int, scale: float) -> bool:
    """True when a vertical run of ink has print beside it: ink over STROKE_BAND of the
    bands either side, taken together, and over STROKE_SIDE of each. A stroke in a
    character's middle may have little ink on one side ('扶' cut through 夫's upright: 10%
    left, 41% right); a rule's end has none on one side, the margin of its cell (0%
    left, 51% right where the rule ends a line under the last row's print)."""
    left, right = _print_beside(ink.T, y, x, h, w, scale)
    return min(left, right) > STROKE_SIDE and (left + right) / 2 > STROKE_BAND


def _closers(horiz: np.ndarray, long_vert: np.ndarray, long: int) -> np.ndarray:
    """The horizontal line mask without the pieces that close no cell: shorter than
    CLOSING_LONG times ``long`` and meeting no long vertical line at either end. Such is the
    flat bottom of an oval seal's ring (no circle, so no disc to tell it by) under a line of
    print; the print's strokes stand on it and would pass for a short rule closing a row."""
    across = long_vert.T  # _meets on the transposed page: a vertical line at an end
    return _without_components(horiz, lambda x, y, w, h: w < CLOSING_LONG * long
                               and not _meets(across, y, x, h)
                               and not _meets(across, y, x + w - 1, h))


def _without_strokes(vert: np.ndarray, horiz: np.ndarray, long: int) -> np.ndarray:
    """The vertical line mask without characters' strokes: short runs that meet no
    horizontal rule at either end. Left in, the gap bridging joins a stroke standing just
    above or below a rule's end to the rule, and the rule reaches into the next row, where
    it cuts a line of text in two. (A piece of a worn rule meets a rule at one end.)"""
    return _without_components(vert, lambda x, y, w, h: h < long
                               and not _meets(horiz, x, y, w)
                               and not _meets(horiz, x, y + h - 1, w))


def _without_components(mask: np.ndarray, drop: Callable[[int, int, int, int], bool]
                        ) -> np.ndarray:
    """The mask without its connected pieces whose box (x, y, w, h) ``drop`` is true for."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    gone = [k for k in range(1, count) if drop(*(int(v) for v in stats[k, :4]))]
    if not gone:
        return mask
    out = mask.copy()
    out[np.isin(labels, gone)] = 0
    return out


def _off_seal(horiz: np.ndarray, red: np.ndarray, x: int, y: int, w: int, h: int
              ) -> tuple[int, int]:
    """A vertical rule's (top, height) without an end that runs on over a seal past the last
    horizontal rule it meets: the seal's ink touching the rule lengthens it, and the table
    would gain a row (holding the note printed under it)."""
    cols = slice(max(0, x - REACH), x + w + REACH)
    meets = np.flatnonzero(horiz[y:y + h, cols].any(axis=1))
    if len(meets) == 0:
        return y, h
    first, last = y + int(meets[0]), y + int(meets[-1])
    if last < y + h - 1 - REACH and red[last + 1:y + h, cols].mean() > 0.5 * 255:
        h = last + 1 - y
    if first > y + REACH and red[y:first, cols].mean() > 0.5 * 255:
        h, y = h - (first - y), first
    return y, h


def _meets(horiz: np.ndarray, x: int, y: int, w: int, reach: int = REACH) -> bool:
    """True when a horizontal rule passes within ``reach`` pixels of (x..x+w, y)."""
    return bool(horiz[max(0, y - reach):y + reach + 1, max(0, x - reach):x + w + reach].any())


_HALF = str.maketrans("０１２３４５６７８９％／．", "0123456789%/.")


def normalise_ocr(text: str) -> str:
    """OCR returns full- or half-width forms of digits and signs at random: keep the
    half-width ones budget tables print in numbers (brackets only around a number)."""
    text = text.translate(_HALF)
    if any(ch.isdigit() for ch in text):
        text = text.replace("（", "(").replace("）", ")")
    return text


def spread_chars(text: str, x0: float, top: float, x1: float, bottom: float,
                 confidence: float) -> list[Char]:
    """Place a text line's characters across its box (a Chinese character counts two, a Latin
    letter or digit one), so each lands in the cell it was printed in."""
    weights = [2.0 if is_cjk(ch) else 1.0 for ch in text]
    total = sum(weights) or 1.0
    unit = (x1 - x0) / total
    chars: list[Char] = []
    x = x0
    for ch, wgt in zip(text, weights):
        chars.append(Char(ch, x, top, x + wgt * unit, bottom, confidence))
        x += wgt * unit
    return chars


def box_chars(box: TextBox, scale: float, dx: float = 0.0, dy: float = 0.0) -> list[Char]:
    """Given a line the engine read from an image (pixels), return its characters in points;
    (dx, dy) is where the image's origin lies on the page, in pixels."""
    text = normalise_ocr(box.text)
    top, bottom = (box.top + dy) * scale, (box.bottom + dy) * scale
    if box.char_x is None or len(box.char_x) != len(text):
        return spread_chars(text, (box.x0 + dx) * scale, top, (box.x1 + dx) * scale, bottom,
                            box.confidence)
    return [Char(ch, (a + dx) * scale, top, (b + dx) * scale, bottom, box.confidence)
            for ch, (a, b) in zip(text, box.char_x)]


def read_scanned_page(page: pdfium.PdfPage, number: int, engine: OcrEngine,
                      dpi: int = SCAN_DPI) -> tuple[Page, np.ndarray]:
    """Given a page that needs OCR, return it as a Page (rulings and OCR'd characters) and
    the grey image they were read from (upright, deskewed, rules whitened).

    The page is read as it lies; when the engine finds it is not upright, it is turned and
    its rules are found again before it is read. Characters the engine doubted are settled
    by the words the page prints elsewhere (``pagewords``)."""
    gray, red = without_seal(render(page, dpi))
    gray = without_border(gray, dpi)
    angle = skew_angle(binarize(gray))
    if abs(angle) > MIN_SKEW_DEG:
        gray, red = rotate(gray, -angle), rotate(red, -angle, fill=0)
    lean = slant(binarize(gray), dpi)
    if abs(lean) > MIN_LEAN:
        gray, red = unslanted(gray, lean), unslanted(red, lean, fill=0)
    rings, discs = seal_rings(gray, dpi)
    red = red | rings
    scale = 72 / dpi
    segments, rules, text = _without_rules(gray, red, scale, discs)
    reading = engine.read_page(cv2.cvtColor(text, cv2.COLOR_GRAY2BGR), dpi, rules)
    boxes = reading.boxes
    if reading.turn:
        gray, red, discs = (np.ascontiguousarray(np.rot90(im, reading.turn // 90))
                            for im in (gray, red, discs))
        segments, rules, text = _without_rules(gray, red, scale, discs)
        boxes = engine.read(cv2.cvtColor(text, cv2.COLOR_GRAY2BGR), dpi, rules)
    boxes = without_seal_marks(settle_doubts(boxes), text, red | discs, discs)
    chars = [ch for box in boxes for ch in box_chars(box, scale)]
    h, w = text.shape
    return (Page(number=number, width=w * scale, height=h * scale, chars=tuple(chars),
                 segments=tuple(segments), broken_chars=0, image_cover=1.0), text)


def without_seal_marks(boxes: list[TextBox], gray: np.ndarray, red: np.ndarray,
                       discs: np.ndarray | None = None) -> list[TextBox]:
    """The boxes without the seal's marks (see ``seal_free``), those left empty dropped."""
    return [box for box in seal_free(boxes, gray, red, discs) if box is not None]


def seal_free(boxes: list[TextBox], gray: np.ndarray, red: np.ndarray,
              discs: np.ndarray | None = None, usual: float | None = None
              ) -> list[TextBox | None]:
    """Each box without what was read off a seal's own marks; None where that was all of
    it. Such is a box lying mostly on the seal (``red``, see ``without_seal``) whose ink
    is faint. In red light a seal's ring and star stay a little darker than the paper (JPEG
    blurs colour), and the engine reads bits of them as a character ('5', '日'); print
    under a seal stays as dark as print anywhere.

    Faint: its darkest ink (the 2nd percentile, so one dark speck does not count) stands
    less than SEAL_FAINT of the way from the paper to the page's usual print (the median
    over its boxes). The same goes for single characters of the seal's lettering read into
    a line of print that crosses it, and for a line faint in every character wherever it
    lies (``_lettering``). On a round seal found by shape (``discs``, see ``seal_rings``: a
    grey or black copy, its lettering as dark as print) a short line lying wholly in the
    band its lettering runs round is the lettering (``_in_lettering_band``). ``usual``:
    the page's usual print darkness when the boxes are a few lines of it, not the page."""
    def darkness(top: float, bottom: float, x0: float, x1: float) -> tuple[float, float]:
        rows = slice(max(0, int(top)), max(1, int(np.ceil(bottom))))
        cols = slice(max(0, int(x0)), max(1, int(np.ceil(x1))))
        crop = gray[rows, cols]
        if crop.size == 0:
            return 0.0, 0.0
        return ink_darkness(crop, paper), float(red[rows, cols].mean()) / 255

    if not boxes:
        return []
    paper = float(np.median(gray))
    measured = [darkness(box.top, box.bottom, box.x0, box.x1) for box in boxes]
    if usual is None:
        usual = float(np.median([dark for dark, _ in measured]))
    circles = seal_circles(discs) if discs is not None else []
    kept: list[TextBox | None] = []
    for box, m in zip(boxes, measured):
        if _faint_on_seal(m, usual) or _in_lettering_band(box, circles):
            kept.append(None)
            continue
        chars = _char_darkness(box, darkness)
        if _lettering(box, chars, usual, on_seal=m[1] > 0.5):
            kept.append(None)
            continue
        box, chars = _without_seal_word(box, chars, usual)
        kept.append(_without_seal_letters(box, chars, usual) if box.text.strip() else None)
    return kept


#: a figure: two digits, or a digit with a percent sign or a comparator
_FIGURE = re.compile(r"\d.*\d|\d\s*[%％]|[≥≤<>＜＞=]\s*\d")


def seal_circles(discs: np.ndarray) -> list[tuple[float, float, float]]:
    """The (x, y, radius) of each disc of ``seal_rings``' mask."""
    n, _, stats, centres = cv2.connectedComponentsWithStats((discs > 0).astype(np.uint8))
    return [(float(cx), float(cy), max(w, h) / 2)
            for (cx, cy), (_, _, w, h, _) in zip(centres[1:], stats[1:n])]


def _in_lettering_band(box: TextBox, circles: list[tuple[float, float, float]]) -> bool:
    """True for a line of at most LETTERING_CHARS characters all of which lie in the band a
    round seal's lettering runs round (LETTERING_BAND of its disc's radius from its centre),
    not under its middle at the foot where a seal has none. In a grey or black copy the
    lettering can be as dark as print and is read a few characters at a time ("盗源和",
    "当", "P", a lone "2"); print under the seal runs on into its middle or out past its
    ring. A figure ("100%", "≥95%", "30元") is never a seal's lettering and stays."""
    if not box.char_x or _FIGURE.search(box.text):
        return False
    shown = [(x0 + x1) / 2 for ch, (x0, x1) in zip(box.text, box.char_x) if not ch.isspace()]
    if not shown or len(shown) > LETTERING_CHARS:
        return False
    y = (box.top + box.bottom) / 2
    lo, hi = LETTERING_BAND
    for cx, cy, radius in circles:
        polar = [(np.hypot(x - cx, y - cy) / radius, np.degrees(np.arctan2(y - cy, x - cx)))
                 for x in shown]
        # angles grow clockwise from 3 o'clock, so the foot is at 90 degrees
        if all(lo <= r <= hi and abs(a - 90) > LETTERING_GAP_DEG for r, a in polar):
            return True
    return False


def _char_darkness(box: TextBox, darkness: Callable[..., tuple[float, float]]
                   ) -> list[tuple[float, float] | None]:
    """Each character's (darkness, share on the seal) when it is Chinese or punctuation a
    seal's lettering is read as, else None; nothing when the engine gave no positions."""
    if not box.char_x:
        return []
    return [darkness(box.top, box.bottom, *x) if is_cjk(ch) or ch in _SEAL_PUNCT else None
            for ch, x in zip(box.text, box.char_x)]


def _lettering(box: TextBox, chars: list[tuple[float, float] | None], usual: float,
               on_seal: bool = False) -> bool:
    """True for a line of a seal's lettering wherever it lies (an oval 财务专用章, a ring
    too faint or too broken to be found by shape): two Chinese characters or more, every one
    fainter than LETTERING_FAINT of the page's usual print. Print is never faint all along
    a line: its faintest characters (一, 二, the quotes of “三支一扶”, at 0.4-0.6 where blur
    thins a lone stroke) stand among dark ones.

    On a found seal (``on_seal``: the line lies mostly on it) one character is enough, and
    it need only be fainter than LONE_FAINT: the engine reads the lettering round the ring a
    character at a time."""
    darkness = [m[0] for ch, m in zip(box.text, chars) if is_cjk(ch) and m is not None]
    if on_seal and len(darkness) == 1:
        return darkness[0] < LONE_FAINT * usual
    return len(darkness) >= (1 if on_seal else 2) and all(
        d < LETTERING_FAINT * usual for d in darkness)


def _without_seal_word(box: TextBox, chars: list[tuple[float, float] | None], usual: float
                       ) -> tuple[TextBox, list[tuple[float, float] | None]]:
    """The line without the words a seal prints across its middle (SEAL_WORD), read into it
    or read alone ("财务专用章100%", "财劳专用草"): an oval seal's need not be found as a
    seal, and its words may be dark enough in a grey copy (0.5-0.72 of print) to pass for
    print one character at a time. Faint ones only, so print that happens to say so stays."""
    if not box.char_x or len(chars) != len(box.text):
        return box, chars
    text = box.text
    for k in (m.start() for m in re.finditer("专用", text)):
        lo, hi = max(0, k - 2), min(len(text), k + 3)
        off = sum(a != b for a, b in zip(text[lo:hi], SEAL_WORD[lo - k + 2:]))
        faint = all(m is not None and m[0] < LONE_FAINT * usual for m in chars[lo:hi])
        if hi - lo >= 4 and off <= SEAL_WORD_OFF and faint:
            keep = [i for i in range(len(text)) if not lo <= i < hi]
            while keep and text[keep[0]].isspace():  # the space the words stood apart by
                keep.pop(0)
            while keep and text[keep[-1]].isspace():
                keep.pop()
            return _with_chars(box, keep), [chars[i] for i in keep]
    return box, chars


def _with_chars(box: TextBox, keep: list[int]) -> TextBox:
    """The line with only its characters at ``keep``, each with its own position."""
    assert box.char_x is not None
    return replace(box, text="".join(box.text[i] for i in keep),
                   char_x=tuple(box.char_x[i] for i in keep))


def ink_darkness(crop: np.ndarray, paper: float) -> float:
    """How far a grey crop's darkest ink stands below the paper: its 2nd percentile, so one
    dark speck does not count. Print stands far below; a seal's grey lettering, less than
    SEAL_FAINT of the way from the paper to the page's usual print."""
    return paper - float(np.percentile(crop, 2))


def _without_seal_letters(box: TextBox, chars: list[tuple[float, float] | None],
                          usual: float) -> TextBox | None:
    """A line without the seal's own lettering read into it ('源和：≥60册' where the unit's
    name round the seal's ring crosses a value): Chinese characters and punctuation lying
    on the seal whose ink is fainter than SEAL_FAINT of the page's usual print. Digits and
    signs are kept (a thin '1' is faint wherever it is printed); ``chars``: as
    ``_char_darkness`` measures them. None when nothing is left.
    """
    if not box.char_x:
        return box
    keep = [i for i, m in enumerate(chars)
            if m is None or not _faint_on_seal(m, usual)]
    if len(keep) == len(box.text):
        return box
    kept = _with_chars(box, keep)
    return kept if kept.text.strip() else None


#: punctuation the engine reads off a seal's lettering
_SEAL_PUNCT = "：:，,。、"


def _faint_on_seal(measured: tuple[float, float], usual: float) -> bool:
    """True for ink (darkness, share on the seal) lying mostly on a seal, fainter than
    SEAL_FAINT of the page's usual print."""
    dark, on_seal = measured
    return on_seal > 0.5 and dark < SEAL_FAINT * usual


def _without_rules(gray: np.ndarray, red: np.ndarray, scale: float,
                   discs: np.ndarray | None = None
                   ) -> tuple[list[Segment], list[Rule], np.ndarray]:
    """Find a deskewed page's ruling lines; return them as Segments (points), its vertical
    rules (pixels), and the page with them whitened (OCR sees text, not rules). The lines
    of a seal (``red``: its ink, or its ring found by shape) that are no rules are painted
    over from what lies around them, so print they cross keeps its strokes."""
    segments, lines = rulings(binarize(gray), scale, red, gray, discs)
    text = gray.copy()
    mask = cv2.dilate(lines, np.ones((3, 3), np.uint8)) > 0
    ruled = np.zeros_like(lines)
    for seg in segments:
        cv2.line(ruled, (round(seg.x0 / scale), round(seg.top / scale)),
                 (round(seg.x1 / scale), round(seg.bottom / scale)), 255, 7)
    # a seal's ring crossing print is painted over from around it, not whitened: whitened,
    # it cut the last character of a line in two (参保缴费人数 read 参保缴费人)
    on_seal = mask & (red > 0) & (ruled == 0)
    text[mask & ~on_seal] = 255
    if on_seal.any():
        ys, xs = np.nonzero(on_seal)
        y0, y1 = max(0, ys.min() - 8), ys.max() + 9
        x0, x1 = max(0, xs.min() - 8), xs.max() + 9
        text[y0:y1, x0:x1] = cv2.inpaint(text[y0:y1, x0:x1],
                                         on_seal[y0:y1, x0:x1].astype(np.uint8), 3,
                                         cv2.INPAINT_TELEA)
    return segments, [(seg.x0 / scale, seg.top / scale, seg.bottom / scale)
                      for seg in segments if not seg.horizontal], text
