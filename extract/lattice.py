"""Stage 3: ruling segments -> table frames (row/column edges and spans) -> Grids with text.

Pure geometry: no PDF library. The steps, each a small function:
merge_rulings -> group_tables -> frame_edges -> find_spans -> fill_text.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from .grid import BBox, Cell, Grid, TextLine, is_cjk, is_hanzi
from .source import Char, Page, Segment

#: rulings closer than this (points) across their direction are the same line
SNAP_PT = 2.0
#: collinear rulings with a gap up to this (points) are one line; two lines this close touch
JOIN_PT = 3.0
#: a boundary between two slots is drawn when rulings cover this share of it
DRAWN_SHARE = 0.6
#: rows or columns thinner than this (points) come from double rules: dropped
MIN_SLOT_PT = 3.0
#: a table needs at least this many rows and columns of slots
MIN_ROWS, MIN_COLS = 2, 2
#: a gap this many character widths wide splits a text line into separate runs
RUN_GAP = 2.0


@dataclass(frozen=True, slots=True)
class Rule:
    """A merged ruling: ``pos`` across its direction, from ``start`` to ``end`` along it."""

    pos: float
    start: float
    end: float


@dataclass(frozen=True)
class Frame:
    """A table's skeleton: slot edges and the cells (as slot rectangles) they form."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    #: (row, col, row_span, col_span) per cell
    spans: tuple[tuple[int, int, int, int], ...]


def merge_rulings(segments: Sequence[Segment]) -> tuple[list[Rule], list[Rule]]:
    """Given raw segments, return (horizontal, vertical) rules snapped and joined end to end."""
    horiz = [(s.top, s.x0, s.x1) for s in segments if s.horizontal]
    vert = [(s.x0, s.top, s.bottom) for s in segments if not s.horizontal]
    return _merge(horiz), _merge(vert)


def _merge(items: list[tuple[float, float, float]]) -> list[Rule]:
    items.sort()
    # snap positions: cluster within SNAP_PT of the cluster's first member
    clusters: list[list[tuple[float, float, float]]] = []
    for it in items:
        if clusters and it[0] - clusters[-1][0][0] <= SNAP_PT:
            clusters[-1].append(it)
        else:
            clusters.append([it])
    rules: list[Rule] = []
    for cl in clusters:
        pos = sum(p for p, _, _ in cl) / len(cl)
        spans = sorted((a, b) for _, a, b in cl)
        start, end = spans[0]
        for a, b in spans[1:]:
            if a <= end + JOIN_PT:
                end = max(end, b)
            else:
                rules.append(Rule(pos, start, end))
                start, end = a, b
        rules.append(Rule(pos, start, end))
    return rules


class DisjointSets:
    """Union-find over 0..n-1 (path halving): which items end up in one group."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


def group_tables(horiz: list[Rule], vert: list[Rule]) -> list[tuple[list[Rule], list[Rule]]]:
    """Given rules, return groups of (horizontal, vertical) rules that touch: one per table."""
    n = len(horiz)
    sets = DisjointSets(n + len(vert))

    vert_sorted = sorted(range(len(vert)), key=lambda j: vert[j].pos)
    vpos = [vert[j].pos for j in vert_sorted]
    for i, h in enumerate(horiz):
        lo = bisect.bisect_left(vpos, h.start - JOIN_PT)
        hi = bisect.bisect_right(vpos, h.end + JOIN_PT)
        for k in range(lo, hi):
            j = vert_sorted[k]
            v = vert[j]
            if v.start - JOIN_PT <= h.pos <= v.end + JOIN_PT:
                sets.union(i, n + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(horiz):
        groups.setdefault(sets.find(i), ([], []))[0].append(h)
    for j, v in enumerate(vert):
        groups.setdefault(sets.find(n + j), ([], []))[1].append(v)
    tables = [g for g in groups.values() if len(g[0]) >= 1 and len(g[1]) >= 1]
    tables.sort(key=lambda g: (min(r.start for r in g[1]), min(r.start for r in g[0])))
    return tables


def _edges(positions: list[float], lo: float, hi: float) -> tuple[float, ...]:
    """Sorted distinct edges including the outer ones, dropping slivers under MIN_SLOT_PT."""
    out: list[float] = []
    for p in sorted([lo, hi, *positions]):
        if p < lo - SNAP_PT or p > hi + SNAP_PT:
            continue
        if out and p - out[-1] < MIN_SLOT_PT:
            continue
        out.append(p)
    if out and hi - out[-1] < MIN_SLOT_PT and len(out) > 1:
        out[-1] = max(out[-1], hi)
    return tuple(out)


def _covered(rules: list[Rule], pos: float, a: float, b: float,
             edges: Sequence[float] = ()) -> bool:
    """True when rules at ``pos`` cover at least DRAWN_SHARE of [a, b]. At ``pos``: within
    SNAP_PT, or (given the slot ``edges``, pos among them) one that ``_edges`` folded into
    it as a sliver: nearer to it than to any other edge, and under MIN_SLOT_PT away. A rule
    and a stray stroke 2.6 pt apart make one edge at the stroke; the rule, 2.6 pt off it,
    still parts the cells across it."""
    length = b - a
    if length <= 0:
        return True
    total = 0.0
    for r in rules:
        if abs(r.pos - pos) <= SNAP_PT + 0.5 or (
                abs(r.pos - pos) < MIN_SLOT_PT
                and all(abs(r.pos - e) >= abs(r.pos - pos) for e in edges)):
            lo, hi = max(a, r.start), min(b, r.end)
            if hi > lo:
                total += hi - lo
    return total >= DRAWN_SHARE * length


def frame_table(horiz: list[Rule], vert: list[Rule]) -> Frame | None:
    """Given one table's rules, return its slot edges and cell spans (None if not a table)."""
    x_lo = min(min(r.start for r in horiz), min(r.pos for r in vert))
    x_hi = max(max(r.end for r in horiz), max(r.pos for r in vert))
    y_lo = min(min(r.pos for r in horiz), min(r.start for r in vert))
    y_hi = max(max(r.pos for r in horiz), max(r.end for r in vert))
    xs = _edges([r.pos for r in vert], x_lo, x_hi)
    ys = _edges([r.pos for r in horiz], y_lo, y_hi)
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows < MIN_ROWS - 1 or n_cols < MIN_COLS or n_rows < 1:
        return None
    if n_rows * n_cols < MIN_ROWS * MIN_COLS:
        return None
    return Frame(xs, ys, find_spans(xs, ys, horiz, vert))


def find_spans(
    xs: Sequence[float], ys: Sequence[float], horiz: list[Rule], vert: list[Rule]
) -> tuple[tuple[int, int, int, int], ...]:
    """Given slot edges and rules, return cells as (row, col, row_span, col_span).

    Two neighbouring slots belong to one cell when the boundary between them is not drawn.
    A merged region that is not a rectangle is split back into rectangles, row by row.
    """
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    sets = DisjointSets(n_rows * n_cols)
    for r in range(n_rows):
        for c in range(n_cols):
            k = r * n_cols + c
            if c + 1 < n_cols and not _covered(vert, xs[c + 1], ys[r], ys[r + 1], xs):
                sets.union(k, k + 1)
            if r + 1 < n_rows and not _covered(horiz, ys[r + 1], xs[c], xs[c + 1], ys):
                sets.union(k, k + n_cols)
    regions: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            regions.setdefault(sets.find(r * n_cols + c), []).append((r, c))
    spans: list[tuple[int, int, int, int]] = []
    for slots in regions.values():
        r0 = min(r for r, _ in slots)
        r1 = max(r for r, _ in slots)
        c0 = min(c for _, c in slots)
        c1 = max(c for _, c in slots)
        if len(slots) == (r1 - r0 + 1) * (c1 - c0 + 1):
            spans.append((r0, c0, r1 - r0 + 1, c1 - c0 + 1))
        else:  # irregular: one cell per horizontal run of slots in each row
            by_row: dict[int, list[int]] = {}
            for r, c in slots:
                by_row.setdefault(r, []).append(c)
            for r, cols in by_row.items():
                cols.sort()
                start = prev = cols[0]
                for c in [*cols[1:], None]:
                    if c is not None and c == prev + 1:
                        prev = c
                        continue
                    spans.append((r, start, 1, prev - start + 1))
                    if c is not None:
                        start = prev = c
    spans.sort()
    return tuple(spans)


def group_lines(chars: Sequence[Char]) -> list[TextLine]:
    """Given characters, return text lines top to bottom, each read left to right.

    A character joins a line when its vertical middle lies inside the line's band. Spaces
    printed in the text are kept (collapsed); a visible gap becomes a space, except between
    two Chinese characters, where it takes a gap of most of a character width.
    """
    if not chars:
        return []
    ordered = sorted(chars, key=lambda ch: (ch.mid_y, ch.x0))
    bands: list[list[Char]] = []
    band_top = band_bottom = full_top = full_bottom = 0.0
    for ch in ordered:
        inside = full_top - 0.5 <= ch.top and ch.bottom <= full_bottom + 0.5
        if bands and (band_top <= ch.mid_y <= band_bottom or inside):
            # small marks (. 、) from a fallback font have tight boxes low in the line
            bands[-1].append(ch)
            if not inside:
                band_top = min(band_top, ch.top + (ch.bottom - ch.top) * 0.25)
                band_bottom = max(band_bottom, ch.bottom - (ch.bottom - ch.top) * 0.25)
                full_top, full_bottom = min(full_top, ch.top), max(full_bottom, ch.bottom)
        else:
            bands.append([ch])
            h = ch.bottom - ch.top
            band_top, band_bottom = ch.top + h * 0.25, ch.bottom - h * 0.25
            full_top, full_bottom = ch.top, ch.bottom
    bands = _merge_mark_bands(bands)
    lines: list[TextLine] = []
    for band in bands:
        band.sort(key=lambda ch: ch.x0)
        for run in _runs(band):
            line = _line_text(run)
            if line is not None:
                lines.append(line)
    return lines


def _runs(band: list[Char]) -> list[list[Char]]:
    """Split a line (sorted by x) where a gap of RUN_GAP character widths opens: text either
    side of such a gap stands in different columns (a rule between them was not drawn)."""
    runs: list[list[Char]] = [[]]
    last_x1: float | None = None
    for ch in band:
        if ch.text.isspace():
            runs[-1].append(ch)
            continue
        size = max(ch.bottom - ch.top, 1.0)
        if last_x1 is not None and ch.x0 - last_x1 > RUN_GAP * size:
            runs.append([])
        runs[-1].append(ch)
        last_x1 = ch.x1
    return runs


def _line_text(band: list[Char]) -> TextLine | None:
    """Read one run of characters left to right: spaces kept, visible gaps made spaces."""
    text = ""
    prev: Char | None = None
    for ch in band:
        if ch.text.isspace():
            if text and not text.endswith(" "):
                text += " "
            prev = ch
            continue
        if prev is not None and text and not text.endswith(" "):
            gap = ch.x0 - prev.x1
            size = max(ch.bottom - ch.top, 1.0)
            both_cjk = is_cjk(prev.text) and is_cjk(ch.text)
            if gap > (0.8 if both_cjk else 0.25) * size:
                text += " "
        text += ch.text
        prev = ch
    text = text.strip()
    if not text:
        return None
    box = BBox(min(c.x0 for c in band), min(c.top for c in band),
               max(c.x1 for c in band), max(c.bottom for c in band))
    return TextLine(text, box)


#: punctuation a line may carry set low beside its glyphs
_MARKS = frozenset(",.;:、，。；：")


def _merge_mark_bands(bands: list[list[Char]]) -> list[list[Char]]:
    """Put bands made only of small marks (、 . , set low in a fallback font) back on the
    line just above them, and so bands of punctuation that overlap it (a serif face's Latin
    , and ; set 1.5 pt low, 0.75 of a Chinese glyph high); a 。 wrapped onto a line of its
    own stays there."""
    heights = sorted(ch.bottom - ch.top for band in bands for ch in band)
    if len(bands) < 2 or not heights:
        return bands
    typical = heights[len(heights) // 2]
    out: list[list[Char]] = [bands[0]]
    for band in bands[1:]:
        # a Chinese character is no mark, however low OCR sets its box (the 前 wrapped
        # under '2023年12月31日')
        small = all(ch.bottom - ch.top < 0.7 * typical and not is_hanzi(ch.text)
                    for ch in band)
        marks = all(ch.text in _MARKS for ch in band)
        prev_bottom, top = max(ch.bottom for ch in out[-1]), min(ch.top for ch in band)
        if (small and top <= prev_bottom + 0.35 * typical) or (marks and top < prev_bottom):
            out[-1] = out[-1] + band
        else:
            out.append(band)
    return out


@dataclass(frozen=True)
class PageTables:
    """The ruled tables of a page, and the text printed after the last of them."""

    grids: list[Grid]
    trailing: tuple[str, ...]


def _cell_at(frames: list[Frame], slot_maps: list[list[list[int]]], x: float, y: float
             ) -> tuple[int, int] | None:
    """(frame, cell) holding the point (x, y), the first frame that does; None if none."""
    for fi, f in enumerate(frames):
        if f.xs[0] <= x <= f.xs[-1] and f.ys[0] <= y <= f.ys[-1]:
            r = min(max(bisect.bisect_right(f.ys, y) - 1, 0), len(f.ys) - 2)
            c = min(max(bisect.bisect_right(f.xs, x) - 1, 0), len(f.xs) - 2)
            return fi, slot_maps[fi][r][c]
    return None


def find_grids(page: Page, source: str, carried: tuple[str, ...] = (),
               method: str = "lattice") -> PageTables:
    """Given a page, return its ruled tables as Grids, with cell text and captions.

    A table's caption is the text printed since the table before it: ``carried`` holds the
    lines after the last table of the previous page (a title left at the foot of a page).
    """
    horiz, vert = merge_rulings(page.segments)
    frames = [f for f in (frame_table(h, v) for h, v in group_tables(horiz, vert)) if f]
    frames = _drop_nested(frames)
    frames.sort(key=lambda f: (f.ys[0], f.xs[0]))
    buckets: list[list[list[Char]]] = [
        [[] for _ in f.spans] for f in frames
    ]
    slot_maps = [_slot_map(f) for f in frames]
    outside: list[Char] = []
    for ch in page.chars:
        at = _cell_at(frames, slot_maps, ch.mid_x, ch.mid_y)
        if at is None:
            outside.append(ch)
        else:
            buckets[at[0]][at[1]].append(ch)
    clipped: list[set[int]] = [set() for _ in frames]
    for x, y in page.hidden:
        at = _cell_at(frames, slot_maps, x, y)
        if at is not None:
            clipped[at[0]].add(at[1])
    page_lines = group_lines(outside)
    grids: list[Grid] = []
    prev_bottom = 0.0
    for fi, f in enumerate(frames):
        cells = []
        for k, span in enumerate(f.spans):
            for (r, c, rs, cs), chars in split_unruled(span, buckets[fi][k], f.xs):
                box = BBox(f.xs[c], f.ys[r], f.xs[c + cs], f.ys[r + rs])
                confidence = round(min(ch.confidence for ch in chars), 3) if chars else 1.0
                cut = k in clipped[fi] or (method == "ocr" and r + rs == len(f.ys) - 1
                                           and not _covered(horiz, f.ys[-1], box.x0, box.x1))
                cells.append(Cell(r, c, rs, cs, box, tuple(group_lines(chars)), confidence,
                                  clipped=cut))
        caption = tuple(
            ln.text for ln in page_lines if prev_bottom - 1 <= ln.bbox.mid_y <= f.ys[0] + 1
        )
        if fi == 0:
            caption = carried + caption
        prev_bottom = f.ys[-1]
        grids.append(
            Grid(
                source=source,
                page=page.number,
                index=fi + 1,
                n_rows=len(f.ys) - 1,
                n_cols=len(f.xs) - 1,
                cells=tuple(cells),
                bbox=BBox(f.xs[0], f.ys[0], f.xs[-1], f.ys[-1]),
                method=method,
                caption=caption,
            )
        )
    if not frames:
        return PageTables(grids, carried + tuple(ln.text for ln in page_lines))
    return PageTables(grids, tuple(ln.text for ln in page_lines if ln.bbox.mid_y > prev_bottom))


#: the gap (in character heights) a column edge must fall in to split a cell's text there
SPLIT_GAP = 0.5

Span = tuple[int, int, int, int]


def split_unruled(span: Span, chars: list[Char], xs: Sequence[float]
                  ) -> list[tuple[Span, list[Char]]]:
    """Split a cell spanning columns where its text shows a rule is missing.

    When every line's characters fall clearly on either side of an inner column edge (none
    crosses it, a gap of half a character around it) and there is text on both sides, the
    two parts are separate cells whose dividing rule was not drawn (a 三级指标 and its 指标值).
    Centred or wrapping text in a real merged cell always crosses or touches an inner edge.
    """
    r, c, rs, cs = span
    if cs < 2 or not chars:
        return [(span, chars)]
    for j in range(c + 1, c + cs):
        edge = xs[j]
        ink = [ch for ch in chars if not ch.text.isspace()]
        left = [ch for ch in ink if ch.mid_x < edge]
        right = [ch for ch in ink if ch.mid_x >= edge]
        if not left or not right:
            continue
        size = max(ch.bottom - ch.top for ch in ink)
        gap_left = edge - max(ch.x1 for ch in left)
        gap_right = min(ch.x0 for ch in right) - edge
        if min(gap_left, gap_right) < 0 or gap_left + gap_right < SPLIT_GAP * size:
            continue
        spaces = [ch for ch in chars if ch.text.isspace()]
        return (split_unruled((r, c, rs, j - c), left + [s for s in spaces if s.mid_x < edge], xs)
                + split_unruled((r, j, rs, c + cs - j),
                                right + [s for s in spaces if s.mid_x >= edge], xs))
    return [(span, chars)]


def _slot_map(f: Frame) -> list[list[int]]:
    m = [[0] * (len(f.xs) - 1) for _ in range(len(f.ys) - 1)]
    for k, (r, c, rs, cs) in enumerate(f.spans):
        for rr in range(r, r + rs):
            for cc in range(c, c + cs):
                m[rr][cc] = k
    return m


def _drop_nested(frames: list[Frame]) -> list[Frame]:
    """Drop frames lying inside another frame (a box drawn inside a cell is not a table)."""
    def area(f: Frame) -> float:
        return (f.xs[-1] - f.xs[0]) * (f.ys[-1] - f.ys[0])

    out = []
    for f in frames:
        inside = any(
            g is not f and g.xs[0] - SNAP_PT <= f.xs[0] and f.xs[-1] <= g.xs[-1] + SNAP_PT
            and g.ys[0] - SNAP_PT <= f.ys[0] and f.ys[-1] <= g.ys[-1] + SNAP_PT
            and area(g) > area(f)
            for g in frames
        )
        if not inside:
            out.append(f)
    return out
