"""Rulings -> grid with spans; text lines; the Grid invariants."""

import pytest

from extract.grid import BBox, Cell, Grid, join_lines
from extract.lattice import find_spans, group_lines, merge_rulings
from extract.source import Char, Segment


def h(y: float, x0: float, x1: float) -> Segment:
    return Segment(x0, y, x1, y)


def v(x: float, y0: float, y1: float) -> Segment:
    return Segment(x, y0, x, y1)


def test_missing_rules_make_spans() -> None:
    # 3x3 slots; the left column has no rule between rows 1 and 2 (a merged 一级 cell),
    # and the top row has no rule between columns 1 and 2 (a merged header)
    segs = [h(0, 0, 90), h(10, 0, 90), h(20, 30, 90), h(30, 0, 90),
            v(0, 0, 30), v(30, 0, 30), v(60, 10, 30), v(90, 0, 30)]
    horiz, vert = merge_rulings(segs)
    spans = find_spans([0, 30, 60, 90], [0, 10, 20, 30], horiz, vert)
    assert (0, 1, 1, 2) in spans       # header over two columns
    assert (1, 0, 2, 1) in spans       # label over two rows
    assert len(spans) == 1 + 1 + 1 + 2 + 2


def test_a_rule_folded_into_a_stray_strokes_edge_still_parts_the_rows() -> None:
    # a short stroke 2.6 pt above the rule between two projects: the two make one row edge,
    # at the stroke, and the rule (more than SNAP_PT off it) no longer parted the projects'
    # name cells, which took both names
    from extract.lattice import frame_table

    segs = [h(0, 0, 90), h(54.4, 62, 70), h(57, 0, 90), h(100, 0, 90),
            v(0, 0, 100), v(30, 0, 100), v(60, 0, 100), v(90, 0, 100)]
    frame = frame_table(*merge_rulings(segs))
    assert frame is not None and frame.ys == (0, 54.4, 100)
    assert sorted(frame.spans) == [(r, c, 1, 1) for r in range(2) for c in range(3)]


def test_broken_rules_are_joined() -> None:
    horiz, _ = merge_rulings([h(10, 0, 40), h(10.5, 41, 90)])
    assert len(horiz) == 1 and horiz[0].start == 0 and horiz[0].end == 90


def test_lines_and_cjk_joining() -> None:
    chars = [Char("服", 0, 0, 10, 10), Char("务", 10, 0, 20, 10),
             Char("度", 0, 12, 10, 22), Char("1", 0, 24, 5, 34), Char("0", 5, 24, 10, 34),
             Char("%", 14, 24, 20, 34)]
    lines = group_lines(chars)
    assert [ln.text for ln in lines] == ["服务", "度", "10 %"]
    assert join_lines(["服务对象满意", "度指标"]) == "服务对象满意度指标"
    assert join_lines(["≥130人", "≥130份"]) == "≥130人 ≥130份"


def test_grid_rejects_double_cover() -> None:
    box = BBox(0, 0, 1, 1)
    with pytest.raises(ValueError, match="covered twice"):
        Grid("f.pdf", 1, 1, 1, 2, (Cell(0, 0, 1, 2, box, ()), Cell(0, 1, 1, 1, box, ())), box)
    with pytest.raises(ValueError, match="not covered"):
        Grid("f.pdf", 1, 1, 1, 2, (Cell(0, 0, 1, 1, box, ()),), box)


def test_covered_is_not_empty() -> None:
    box = BBox(0, 0, 1, 1)
    g = Grid("f.pdf", 1, 1, 2, 2, (Cell(0, 0, 2, 1, box, ()), Cell(0, 1, 1, 1, box, ()),
                                    Cell(1, 1, 1, 1, box, ())), box)
    assert g.dense() == [["", ""], [None, ""]]
    assert g.cell_at(1, 0) is g.cells[0]


def test_cell_over_an_unruled_edge_is_split() -> None:
    from extract.lattice import split_unruled

    name = [Char(ch, 10 + 8 * i, 0, 18 + 8 * i, 8) for i, ch in enumerate("1.参保人数")]
    value = [Char(ch, 120 + 5 * i, 0, 125 + 5 * i, 8) for i, ch in enumerate("≥60人")]
    pieces = split_unruled((3, 6, 1, 2), name + value, [0, 0, 0, 0, 0, 0, 0, 100, 160])
    assert [p[0] for p in pieces] == [(3, 6, 1, 1), (3, 7, 1, 1)]
    # centred text over a real merged cell touches the inner edge: not split
    title = [Char(ch, 80 + 10 * i, 0, 90 + 10 * i, 10) for i, ch in enumerate("绩效指标")]
    assert len(split_unruled((0, 6, 1, 2), title, [0, 0, 0, 0, 0, 0, 0, 100, 160])) == 1


def test_punctuation_set_low_stays_on_its_line_and_a_wrapped_full_stop_below_it() -> None:
    # a serif face's Latin comma: 0.75 of a glyph high, 1.5 pt lower than the glyphs beside it
    line = [Char(",", 0, 3.4, 2.6, 9.4), *(Char(ch, 2.6 + 8 * i, 0, 10.6 + 8 * i, 8)
                                         for i, ch in enumerate("受理案件"))]
    assert [ln.text for ln in group_lines(line)] == [",受理案件"]
    # a 。 wrapped onto a line of its own, below the line
    wrapped = [*(Char(ch, 8 * i, 0, 8 + 8 * i, 8) for i, ch in enumerate("民生底线")),
               Char("。", 0, 11, 8, 19)]
    assert [ln.text for ln in group_lines(wrapped)] == ["民生底线", "。"]
    # a Chinese character OCR boxed low and small under a line is a line of its own, not a
    # mark of the line above: '2023年12月31日' / '前' read '2023年1前2月31日'
    date = [*(Char(ch, 5 * i, 0, 5 * i + (9 if ch > "~" else 5), 9)
              for i, ch in enumerate("2023年12月31日")), Char("前", 16, 12, 22, 18)]
    assert [ln.text for ln in group_lines(date)] == ["2023年12月31日", "前"]


def test_wide_gap_splits_a_line_into_runs() -> None:
    chars = [Char("甲", 0, 0, 10, 10), Char("乙", 10, 0, 20, 10), Char("1", 60, 0, 65, 10)]
    assert [ln.text for ln in group_lines(chars)] == ["甲乙", "1"]


def test_split_ignores_spaces_beyond_an_edge() -> None:
    from extract.lattice import split_unruled

    chars = [Char("合", 10, 0, 20, 10), Char("计", 20, 0, 30, 10), Char(" ", 120, 0, 123, 10)]
    assert len(split_unruled((0, 0, 1, 2), chars, [0, 100, 160])) == 1
