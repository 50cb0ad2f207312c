"""Scanned pages: OCR with both engines, on a scanned twin made by scripts/make_scans.py."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, SAMPLES, read_csv, without_unicode_maps

from extract.ocr import OcrUnavailable, get_engine
from extract.pipeline import run_file

KEY = ("project_name", "level1", "level2", "level3", "value_raw")
SCAN = SAMPLES / "form-2023-p1.scan.pdf"  # form page 1: 150-300 dpi, skewed, seal, JPEG
STANDARD_L2 = {"数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
               "生态效益指标", "可持续影响指标", "服务对象满意度指标"}


def _right(rows: list, truth: list[dict[str, str]]) -> int:
    want = [tuple(r[k] for k in KEY) for r in truth]
    return sum(1 for r in rows if tuple(str(getattr(r, k)) for k in KEY) in want)


def test_rapidocr_reads_the_scanned_form() -> None:
    result = run_file(SCAN, ocr="rapidocr")
    truth = read_csv(SAMPLES / "form-2023-p1.scan.truth.csv")
    assert result.status == "ok", result.message
    assert _right(result.indicators, truth) >= len(truth) - 1
    assert {c.method for c in result.cells} == {"ocr"}
    assert all(0 < c.confidence <= 1 for c in result.cells)
    assert all(r.level2 in STANDARD_L2 for r in result.indicators)
    assert result.indicators[0].amount_10k_yuan == "410.00"


def test_a_page_fed_in_sideways_is_turned_and_its_comparators_read() -> None:
    scan = SAMPLES / "listing-wps-style.scan.pdf"  # page 1 turned 90 degrees
    result = run_file(scan, ocr="rapidocr")
    truth = read_csv(SAMPLES / "listing-wps-style.scan.truth.csv")
    assert result.status == "ok", result.message
    assert _right(result.indicators, truth) >= len(truth) - 2
    assert {r.page for r in result.indicators} == {1, 2}
    values = [r.value_raw for r in result.indicators]
    assert sum(v.startswith("≥") for v in values) >= 10, values
    # the seal's ring, faint in red light, was read as 'A V' and reported as an indicator
    assert result.problems == [], result.problems


def test_a_slanted_bar_ge_and_a_printed_gt_are_told_apart() -> None:
    # AR PL UKai draws ≥ and ≤ with a slanted bar (⩾ ⩽), which PP-OCRv4 and PP-OCRv6 tiny
    # read as > and <, while PP-OCRv4 also saw ≥ in some printed >: page 3 of a 300 dpi
    # bilevel scan holds both
    scan = SAMPLES / "xlsx-ukai-strict.scan.pdf"
    project = "事业单位及“三支一扶”人员培训费、管理费"
    truth = {r["level3"]: r["value_raw"]
             for r in read_csv(SAMPLES / "xlsx-ukai-strict.scan.truth.csv")
             if r["project_name"] == project and r["value_raw"][:1] in "≥≤<>"}
    got = {r.level3: r.value_raw for r in run_file(scan, ocr="rapidocr", pages=[3]).indicators}
    assert {v[0] for v in truth.values()} == {"≥", "≤", ">"}
    assert {k: got.get(k) for k in truth} == truth


@pytest.mark.parametrize("turned", [1, 2, 3])
def test_a_page_lying_turned_is_found_out_before_it_is_read(turned: int) -> None:
    # the page read as it lies; turned a quarter, half or three quarters counter-clockwise,
    # the engine asks for the turn back instead of reading it
    import pypdfium2 as pdfium

    from extract.scan import render

    page = render(pdfium.PdfDocument(SCAN)[0])
    engine = get_engine("rapidocr")
    reading = engine.read_page(np.ascontiguousarray(np.rot90(page, turned)))
    assert (reading.turn, reading.boxes) == ((360 - 90 * turned) % 360, [])
    assert engine.read_page(page).turn == 0


def test_tesseract_engine_runs_on_the_scan() -> None:
    try:
        get_engine("tesseract")
    except OcrUnavailable as exc:
        if shutil.which("tesseract") is None:
            pytest.skip(str(exc))
        raise
    result = run_file(SCAN, ocr="tesseract")
    assert result.status in ("ok", "partial", "failed")
    texts = [c.text for c in result.cells if c.text]
    assert result.tables >= 1 and texts, "the grid is found and some text read"
    assert {c.method for c in result.cells} == {"ocr"}
    assert all(r.level2 in STANDARD_L2 for r in result.indicators)


def test_broken_text_layer_falls_back_to_ocr(tmp_path: Path) -> None:
    broken = without_unicode_maps(SAMPLES / "form-2023.pdf", tmp_path / "broken.pdf")
    result = run_file(broken, pages=[1], ocr="rapidocr")
    truth = [r for r in read_csv(SAMPLES / "form-2023.truth.csv") if r["page"] == "1"]
    assert _right(result.indicators, truth) >= len(truth) - 1
    assert {c.method for c in result.cells} == {"ocr"}


def test_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(OcrUnavailable, match="unknown OCR engine"):
        get_engine("abbyy")


def _scanned_twin(src: str, seed: int, out: Path, pages: str = "") -> Path:
    """A scanned twin made now by scripts/make_scans.py (not kept in samples/)."""
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_scans.py"), str(SAMPLES / src),
                    "-o", str(out), "--seed", str(seed), *(["--pages", pages] if pages else [])],
                   check=True, capture_output=True)
    return out / (Path(src).stem + ".scan.pdf")


def test_a_scanned_header_cut_by_the_page_break_takes_the_columns_before_it(
        tmp_path: Path) -> None:
    # page 1 ends with the next table's title and the top half of its header; page 2 opens
    # with the bottom half, which reads as garbage ("半业辆诗"): the columns come from the
    # table before, lined up by the indicator columns that do read
    scan = _scanned_twin("xlsx-export-widowed-header.pdf", 1, tmp_path)
    result = run_file(scan, ocr="rapidocr")
    truth = read_csv(SAMPLES / "xlsx-export-widowed-header.truth.csv")
    assert _right(result.indicators, truth) >= len(truth) - 3  # was 39 of 70
    first = truth[0]["project_name"]
    assert all(r.project_name != first for r in result.indicators if r.page >= 2)


def test_a_project_cut_at_the_foot_of_a_scanned_page_keeps_its_rows(tmp_path: Path) -> None:
    # no rule under the last row: the project's cells go on over the page break, and the
    # name printed on the next page is the name of the rows read before it
    scan = _scanned_twin("xlsx-export-cut-project.pdf", 2, tmp_path)
    result = run_file(scan, ocr="rapidocr")
    truth = read_csv(SAMPLES / "xlsx-export-cut-project.truth.csv")
    assert _right(result.indicators, truth) >= len(truth) - 1  # was 25 of 28
    cut = {r["level3"] for r in truth if r["project_name"] == "公益性岗位补贴"}
    assert {r.project_name for r in result.indicators if r.level3 in cut} == {"公益性岗位补贴"}


def test_a_label_cut_through_by_the_page_break_is_read_from_both_halves(
        tmp_path: Path) -> None:
    # 数量指标 spans the break: page 1 shows the tops of its glyphs, page 2 their feet under
    # the repeated header. Each half read alone as no label ('妖重措你'), and the project's
    # four 数量指标 rows, two on each page, were dropped
    scan = _scanned_twin("xlsx-export-cut-level2-noto.pdf", 2, tmp_path, pages="3,4")
    result = run_file(scan, ocr="rapidocr")
    assert result.status == "ok", result.message
    rows = [(r.page, r.level2, r.level3) for r in result.indicators
            if r.project_name == "欠薪应急周转金" and r.level1 == "产出指标"]
    assert rows[:4] == [(1, "数量指标", "解决农民工工资人次"), (1, "数量指标", "劳资纠纷受理数量"),
                        (2, "数量指标", "劳资纠纷解决率"), (2, "数量指标", "劳资纠纷处理及时率")]
    assert "cut by the page break" not in result.message


def test_an_upright_page_of_small_print_is_left_upright(tmp_path: Path) -> None:
    # at 150 dpi this page's lines ran together into blocks on the 50 dpi copy orientation
    # was once judged on, which read as nothing either way up; it was turned upside down
    import pypdfium2 as pdfium

    from extract.scan import render

    scan = _scanned_twin("xlsx-export-label-over-header.pdf", 3, tmp_path)
    engine = get_engine("rapidocr")
    doc = pdfium.PdfDocument(scan)
    readings = [engine.read_page(render(doc[i])) for i in range(len(doc))]
    assert [r.turn for r in readings] == [0] * len(doc)
    assert all(len(r.boxes) > 20 for r in readings)


def test_faint_marks_on_a_seal_are_not_text_but_print_under_it_is() -> None:
    from extract.ocr import TextBox
    from extract.scan import without_seal_marks

    gray = np.full((100, 300), 240, np.uint8)
    red = np.zeros_like(gray)
    red[:, 100:300] = 255  # the seal covers the right two thirds
    for x0, level in ((10, 40), (110, 40), (210, 190), (60, 45)):
        gray[20:40, x0:x0 + 30] = level  # print off the seal, print under it, its ring
    boxes = [TextBox(t, x0, 15, x0 + 40, 45, 0.9)
             for t, x0 in (("项目", 5), ("经费", 105), ("5", 205), ("指标", 55))]
    assert [b.text for b in without_seal_marks(boxes, gray, red)] == ["项目", "经费", "指标"]
    # faint print off the seal stays: only the seal's own marks go
    gray[20:40, 10:40] = 190
    assert [b.text for b in without_seal_marks(boxes, gray, red)] == ["项目", "经费", "指标"]


def test_a_seals_lettering_faint_all_along_is_no_text_wherever_it_lies() -> None:
    # an oval 财务专用章 copied grey is not found by shape: its lettering is faint in every
    # character; print may have one faint thin character (一) among dark ones
    from extract.ocr import TextBox
    from extract.scan import without_seal_marks

    gray = np.full((100, 400), 240, np.uint8)
    red = np.zeros_like(gray)
    chars = ((10, 40), (50, 40), (110, 40), (150, 180), (210, 160), (250, 170))
    for x0, level in chars:
        gray[20:40, x0:x0 + 30] = level
    boxes = [TextBox("项目", 5, 15, 85, 45, 0.9, ((5, 45), (45, 85))),
             TextBox("经一", 105, 15, 185, 45, 0.9, ((105, 145), (145, 185))),
             TextBox("专用", 205, 15, 285, 45, 0.9, ((205, 245), (245, 285)))]
    assert [b.text for b in without_seal_marks(boxes, gray, red)] == ["项目", "经一"]
    # on a found seal the engine reads its lettering a character at a time (民 at 0.75 of
    # print's darkness: grey copies put them at 0.35-0.88); a lone character of print there
    # is a whole word, as dark as any
    gray[60:80, 300:330], gray[60:80, 340:370] = 90, 40
    red[50:90, 290:380] = 255
    lone = [TextBox("民", 295, 55, 335, 85, 0.9, ((295, 335),)),
            TextBox("是", 335, 55, 375, 85, 0.9, ((335, 375),))]
    assert [b.text for b in without_seal_marks(boxes + lone, gray, red)] == [
        "项目", "经一", "是"]


def test_the_words_across_a_seals_middle_are_no_text_even_misread() -> None:
    # an oval seal's 财务专用章 read "财劳专用草" (0.5-0.72 of print: one character too dark
    # for a line of lettering), or read into a value ("财务专用章 100%")
    from extract.ocr import TextBox
    from extract.scan import without_seal_marks

    gray = np.full((100, 700), 240, np.uint8)
    red = np.zeros_like(gray)
    gray[20:40, 10:70] = 40  # print: 项目
    for k, level in enumerate((120, 115, 100, 85, 90)):  # 财劳专用草, faint
        gray[20:40, 110 + 40 * k:140 + 40 * k] = level
    gray[60:80, 110:310] = 110  # 财务专用章, faint, then a value as dark as print
    gray[60:80, 330:400] = 40
    gray[60:80, 450:650] = 40  # print that says 财务专用账, as dark as print
    word = tuple((105 + 40 * k, 145 + 40 * k) for k in range(5))
    boxes = [TextBox("项目", 5, 15, 75, 45, 0.9, ((5, 40), (40, 75))),
             TextBox("财劳专用草", 105, 15, 305, 45, 0.86, word),
             TextBox("财务专用章 100%", 105, 55, 405, 85, 0.98,
                     (*word, (305, 325), (325, 345), (345, 365), (365, 385), (385, 405))),
             TextBox("财务专用账", 445, 55, 645, 85, 0.99,
                     tuple((x0 + 340, x1 + 340) for x0, x1 in word))]
    kept = without_seal_marks(boxes, gray, red)
    assert [b.text for b in kept] == ["项目", "100%", "财务专用账"]
    # each character left keeps its own place: 100% where it was printed
    assert kept[1].char_x == ((325, 345), (345, 365), (365, 385), (385, 405))


def test_short_lines_in_the_band_of_a_grey_seals_lettering_are_no_text() -> None:
    # a grey copy: the unit's name round the seal's ring as dark as print, read a few
    # characters at a time ("盗源和", "P"); print under the seal runs on into its middle
    import cv2

    from extract.ocr import TextBox
    from extract.scan import without_seal_marks

    gray = np.full((500, 700), 240, np.uint8)
    discs = np.zeros_like(gray)
    cv2.circle(discs, (300, 250), 200, 255, -1)  # a seal found by shape: centre, disc
    boxes = [TextBox("盗源和", 230, 90, 370, 115, 0.92, ((230, 275), (275, 320), (320, 370))),
             TextBox("P", 385, 118, 415, 143, 0.6, ((385, 415),)),
             TextBox("劳动人事争议", 160, 240, 400, 262, 0.98,
                     tuple((160 + 40 * k, 200 + 40 * k) for k in range(6))),
             TextBox("合理", 520, 240, 580, 262, 0.99, ((520, 550), (550, 580))),
             TextBox("费", 280, 360, 320, 382, 0.95, ((280, 320),)),
             TextBox("100%", 130, 200, 190, 222, 0.99, ((130, 145), (145, 160), (160, 175),
                                                      (175, 190)))]
    for box in boxes:
        gray[int(box.top) + 3:int(box.bottom) - 3, int(box.x0) + 3:int(box.x1) - 3] = 60
    kept = without_seal_marks(boxes, gray, discs.copy(), discs)
    # 合理 lies out past the ring; 费 under the seal's middle at its foot, where no letters
    # run; a figure in the band is print
    assert [b.text for b in kept] == ["劳动人事争议", "合理", "费", "100%"]


def test_a_rule_lengthened_by_a_seal_below_the_table_is_cut_back() -> None:
    from extract.scan import rulings

    ink = np.zeros((400, 500), np.uint8)
    red = np.zeros_like(ink)
    for y in (50, 150, 300):
        ink[y:y + 2, 50:450] = 255
    for x in (50, 250, 450):
        ink[50:302, x:x + 2] = 255
    ink[302:360, 250:252] = 255  # the seal's ink touching the rule runs it on
    red[280:380, 200:320] = 255  # ... where the seal is
    segments, _ = rulings(ink, 1.0, red)
    bottoms = [s.bottom for s in segments if s.x0 == s.x1]
    assert len(bottoms) == 3 and max(bottoms) <= 303


def test_a_faint_rule_lost_between_dense_print_is_carried_on_to_the_rule_it_meets() -> None:
    import cv2

    from extract.scan import binarize, rulings

    def page(faint_from: int) -> np.ndarray:
        gray = np.full((600, 1654), 245, np.uint8)
        for y in (100, 500):
            gray[y:y + 3, 100:1500] = 30
        for x in (100, 700, 1500):
            gray[100:503, x:x + 3] = 30
        gray[300:302, faint_from:1500] = 170  # a faint rule parting two rows ...
        for base in (292, 330):  # ... between dense lines of print, 4 pixels off it
            cv2.putText(gray, "HEWM8B0HEWM8B0HEW", (110, base), cv2.FONT_HERSHEY_SIMPLEX,
                        0.95, 40, 3)
        return cv2.GaussianBlur(gray, (5, 5), 1.2)

    def middle_rule(gray: np.ndarray, *with_gray: np.ndarray) -> tuple[int, int]:
        scale = 72 / 200
        [rule] = [s for s in rulings(binarize(gray), scale, None, *with_gray)[0]
                  if s.horizontal and 290 < s.top / scale < 310]
        return round(rule.x0 / scale), round(rule.x1 / scale)

    drawn = page(100)
    assert middle_rule(drawn)[0] > 400  # binarised, the rule fades out by the print
    assert middle_rule(drawn, drawn)[0] <= 105  # ... and is carried on to the rule
    spanning = page(700)  # the left cell spans both rows: paper where no rule is drawn
    assert middle_rule(spanning, spanning)[0] >= 695


def _ruled_page(landscape: bool = False) -> np.ndarray:
    """A white A4 page at 200 dpi with a ruled table of tight rows (0.18 inch), grey."""
    gray = np.full((1654, 2339) if landscape else (2339, 1654), 245, np.uint8)
    for y in range(400, 1300, 36):
        gray[y:y + 2, 200:1450] = 20
    for x in (200, 600, 1000, 1450):
        gray[400:1262, x:x + 2] = 20
    return gray


def test_the_scanners_dark_surround_is_whitened_and_a_rule_running_into_it_is_kept() -> None:
    from extract.scan import binarize, rulings, without_border

    gray = _ruled_page()
    gray[:, :60] = 30  # the lid showing beside a sheet scanned off the glass
    gray[2250:, :] = 30
    gray[700:702, 60:200] = 20  # a rule from the table running out into it
    clean = without_border(gray, 200)
    assert (clean[:, :50] == 255).all() and (clean[2260:, :] == 255).all()
    assert (clean[700:702, 100:200] == 20).all()
    assert (clean[400:1262, 200:1452] == gray[400:1262, 200:1452]).all()
    columns = sorted({round(s.x0) for s in rulings(binarize(clean), 72 / 200)[0]
                      if s.x0 == s.x1})
    assert len(columns) == 4, columns  # the surround's edges are no column rules
    assert (without_border(_ruled_page(), 200) == _ruled_page()).all()  # nothing to remove
    dim = _ruled_page() // 3  # a dim copy: its paper is dark grey, not a surround
    assert (without_border(dim, 200) == dim).all()


def test_a_copiers_streak_down_the_page_is_no_rule_but_a_table_ruled_in_grey_keeps_its_rules(
) -> None:
    import cv2

    from extract.scan import binarize, rulings

    def columns(gray: np.ndarray) -> list[int]:
        gray = cv2.GaussianBlur(gray, (3, 3), 0.8)
        segments, _ = rulings(binarize(gray), 72 / 200, None, gray)
        return sorted({round(s.x0 * 200 / 72) for s in segments if s.x0 == s.x1})

    copy = np.minimum(_ruled_page(), 225).astype(np.float32)  # a grey copy's paper
    copy[:, 800:804] *= 0.88  # a drum's streak, top to foot, through a column's cells
    assert columns(copy.astype(np.uint8)) == [201, 601, 1001, 1451]
    grey = _ruled_page()
    grey[grey == 20] = 150  # every rule printed light grey: faint, but all alike
    assert columns(grey) == [201, 601, 1001, 1451]


def test_a_stroke_above_a_rule_in_a_tight_row_does_not_lengthen_it() -> None:
    from extract.scan import binarize, rulings

    gray = _ruled_page(landscape=True)  # a short page: a glyph's stroke is a 1/80 of it
    gray[400 + 36 * 5 + 2:400 + 36 * 6, 800:802] = 20  # a rule closing row 5 only
    gray[400 + 36 * 4 + 9:400 + 36 * 4 + 29, 800:803] = 20  # 业's stroke in row 4 above it
    segments, _ = rulings(binarize(gray), 1.0)
    tops = [s.top for s in segments if s.x0 == s.x1 and 790 < s.x0 < 810]
    assert tops and min(tops) >= 400 + 36 * 5 - 3, tops  # the row above is not cut in two


def test_a_rule_with_a_blot_beside_it_keeps_its_place() -> None:
    from extract.scan import binarize, rulings

    gray = _ruled_page()
    gray[700:730, 1000 - 24:1000] = 20  # a blot (a seal's star, a bold glyph) on the rule
    xs = [s.x0 for s in rulings(binarize(gray), 1.0)[0] if s.x0 == s.x1 and 950 < s.x0 < 1050]
    assert xs and all(abs(x - 1001) <= 1 for x in xs), xs


def test_a_grey_seals_ring_is_found_by_its_shape_and_is_no_rule() -> None:
    import cv2

    from extract.scan import binarize, rulings, seal_rings

    gray = _ruled_page()
    assert not seal_rings(gray, 200)[0].any()  # a table has no circle that size
    cv2.circle(gray, (800, 900), 160, 60, 12)  # a red seal copied in black and white
    ring, disc = seal_rings(gray, 200)
    assert ring[900, 800 - 160] and ring[900 - 160, 800] and not ring[900, 800]
    assert disc[900, 800] and not disc[900, 800 - 250]
    columns = sorted({round(s.x0) for s in rulings(binarize(gray), 1.0, ring)[0]
                      if s.x0 == s.x1})
    assert len(columns) == 4, columns


def test_the_sides_of_a_seal_found_by_shape_are_no_rules_though_they_meet_rows() -> None:
    # a black copy's thick ring, its steep sides crossing rows of print: between row rules
    # each side passed for a column rule ('欠薪案件办理|本'). Along the steep side of a
    # ring found by shape and wholly on its disc, a vertical line is a rule only in line
    # with one found elsewhere. The column rule under the seal, a rule of a few rows on
    # the disc away from its sides (a form's rows under a seal), and a rule along the
    # ring's side that runs on past the seal stay
    import cv2

    from extract.scan import binarize, rulings, seal_rings

    def columns(gray: np.ndarray) -> list[int]:
        _, disc = seal_rings(gray, 200)
        assert disc[800, 900]
        return sorted({round(s.x0 * 200 / 72) for s in rulings(binarize(gray), 72 / 200,
                                                                 None, None, disc)[0]
                       if s.x0 == s.x1})

    gray = _ruled_page()
    cv2.circle(gray, (900, 800), 160, 30, 14)
    assert columns(gray) == [201, 601, 1001, 1451]
    gray[796:868, 850:852] = 20  # a rule of two rows on the disc
    assert columns(gray) == [201, 601, 851, 1001, 1451]
    gray = _ruled_page()
    gray[400:1262, 1300:1302] = 20  # a column rule the ring's side runs along
    cv2.circle(gray, (1140, 800), 160, 30, 14)
    _, disc = seal_rings(gray, 200)
    assert disc[800, 1140]
    assert 1301 in {round(s.x0 * 200 / 72) for s in rulings(binarize(gray), 72 / 200,
                                                              None, None, disc)[0]
                    if s.x0 == s.x1}


def test_a_sheared_page_has_its_columns_set_upright_again() -> None:
    # rows level, columns leaning 1% (a sheet that slid in the feeder): each column rule's
    # top and foot fell in different columns, and a thin false column cut the rows apart
    import cv2

    from extract.scan import binarize, rulings, slant, unslanted

    gray = _ruled_page()
    gray[400 + 36 * 8 + 3:400 + 36 * 12 - 1, 600:602] = 245  # a cell spanning two columns
    assert abs(slant(binarize(gray), 200)) < 1e-3
    h = gray.shape[0]
    leaning = cv2.warpAffine(gray, np.float32([[1, 0.01, -0.01 * h / 2], [0, 1, 0]]),
                             gray.shape[::-1], borderValue=245)

    def pieces_of_the_broken_rule(page: np.ndarray) -> list[float]:
        return [s.x0 * 200 / 72 for s in rulings(binarize(page), 72 / 200)[0]
                if s.x0 == s.x1 and 560 < s.x0 * 200 / 72 < 640]

    xs = pieces_of_the_broken_rule(leaning)
    assert len(xs) == 2 and abs(xs[0] - xs[1]) > 4, xs  # two columns' worth apart
    lean = slant(binarize(leaning), 200)
    assert abs(lean - 0.01) < 1e-3, lean
    xs = pieces_of_the_broken_rule(unslanted(leaning, lean))
    assert len(xs) == 2 and abs(xs[0] - xs[1]) <= 1, xs


def test_a_stroke_of_a_grey_seals_lettering_as_tall_as_a_row_is_no_rule() -> None:
    import cv2

    from extract.scan import binarize, rulings, seal_rings

    gray = _ruled_page()
    cv2.circle(gray, (800, 900), 160, 90, 8)  # a faint grey ring, found at 100 dpi
    gray[400 + 36 * 14 + 4:400 + 36 * 15 - 2, 760:764] = 60  # a letter's stroke in one row
    ring, disc = seal_rings(gray, 200)
    assert ring.any() and disc[900, 800]
    scale = 72 / 200
    stroke = [s for s in rulings(binarize(gray), scale, ring)[0]
              if s.x0 == s.x1 and 755 < s.x0 / scale < 770]
    assert stroke  # it meets the rules above and below: as a rule it cuts the row in two
    columns = sorted({round(s.x0 / scale) for s in rulings(binarize(gray), scale, ring, None,
                                                           disc)[0] if s.x0 == s.x1})
    assert len(columns) == 4, columns


def test_print_standing_on_an_oval_seals_ring_makes_no_rule(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # an oval seal has no circle to find; the flat bottom of its grey ring ran under a line
    # of print, whose strokes, meeting the rule above and the ring below, made columns
    import cv2

    from extract import scan

    gray = np.full((1654, 2339), 245, np.uint8)
    for y in (400, 800):
        gray[y:y + 2, 200:1450] = 20
    for x in (200, 600, 1000, 1450):
        gray[400:802, x:x + 2] = 20
    cv2.ellipse(gray, (800, 312), (160, 118), 0, 0, 180, 130, 4)  # the ring's lower half
    for x in range(760, 860, 20):
        gray[405:430, x:x + 3] = 30  # the strokes of a line of print on it
    scale = 72 / 200

    def columns() -> list[int]:
        ink = scan.binarize(gray)
        return sorted({round(s.x0 / scale) for s in scan.rulings(ink, scale)[0]
                       if s.x0 == s.x1})

    assert columns() == [201, 601, 1001, 1451]
    monkeypatch.setattr(scan, "_closers", lambda horiz, long_vert, long: horiz)
    assert len(columns()) > 4  # without it: the strokes are rules


def _tall_rows_page() -> np.ndarray:
    """A white landscape page at 200 dpi with a table of two rows, each 0.9 inch high."""
    gray = np.full((1654, 2339), 245, np.uint8)
    for y in (400, 580, 760):
        gray[y:y + 2, 200:1450] = 20
    for x in (200, 600, 1000, 1450):
        gray[400:762, x:x + 2] = 20
    return gray


def test_the_side_of_an_oval_seal_is_no_rule_and_print_it_crosses_stays() -> None:
    # an oval's side, long and straight enough for a rule, stands in mid-cell meeting no
    # rule: it split a 三级 column ('干部|人事档案更新率'); whitened as a rule, it cut the
    # characters it crossed in two
    from extract.scan import _without_rules

    def columns(gray: np.ndarray) -> list[int]:
        segments, _, _ = _without_rules(gray, np.zeros_like(gray), 72 / 200)
        return sorted({round(s.x0 * 200 / 72) for s in segments if s.x0 == s.x1})

    gray = _tall_rows_page()
    gray[420:560, 800:804] = 90  # the oval's side, in the middle of a row
    gray[480:492, 780:830] = 30  # a character's stroke across it
    assert columns(gray) == [201, 601, 1001, 1451]
    _, _, text = _without_rules(gray, np.zeros_like(gray), 72 / 200)
    assert (text[480:492, 780:830] < 128).all()
    # pieces of a column rule that a seal broke meet no rule, but stand in line
    gray = _tall_rows_page()
    gray[420:560, 1200:1202] = gray[600:740, 1200:1202] = 20
    assert columns(gray) == [201, 601, 1001, 1201, 1451]
    # a column of merged cells running over the page break, top to foot, meets no rule
    gray = _tall_rows_page()
    gray[420:740, 1200:1202] = 20
    assert columns(gray) == [201, 601, 1001, 1201, 1451]


def test_the_steep_side_of_an_oval_seal_through_a_line_of_print_is_no_rule() -> None:
    # an oval's ring runs down through two rows of print, a row tall in each, meeting the
    # rules above and below: taken as rules, it cut '“三|支一扶”' and '培训教师|补贴' apart
    from extract.scan import binarize, rulings

    gray = np.full((1654, 2339), 245, np.uint8)
    rows = (400, 436, 472, 508, 544)
    for y in rows:
        gray[y:y + 2, 200:1450] = 20
    for x in (200, 600, 1000, 1450):
        gray[400:546, x:x + 2] = 20
    for top, x in ((437, 800), (473, 801)):  # the ring, a little further right lower down
        gray[top:top + 34, x:x + 3] = 110
        for x0 in (x - 25, x + 6):  # a character each side of it, a box of strokes
            gray[top + 8:top + 11, x0:x0 + 22] = gray[top + 24:top + 27, x0:x0 + 22] = 30
            gray[top + 8:top + 27, x0:x0 + 3] = gray[top + 8:top + 27, x0 + 19:x0 + 22] = 30
    gray[509:543, 1200:1202] = 20  # a rule of the last row alone, paper either side

    def columns() -> list[int]:
        return sorted({round(s.x0 * 200 / 72) for s in rulings(binarize(gray), 72 / 200)[0]
                       if s.x0 == s.x1})

    assert columns() == [201, 601, 1001, 1201, 1451]
    # a rule in line with a rule elsewhere stays one, print close or not
    gray[401:435, 801:803] = 20
    assert 801 in columns() or 802 in columns()


@pytest.mark.parametrize("left, right, foot", [(8, 12, 576), (4, 16, 576), (16, 3, 576),
                                              (8, 12, 580), (4, 16, 580)])
def test_a_stroke_standing_on_a_rules_end_does_not_carry_it_into_the_row_above(
        monkeypatch: pytest.MonkeyPatch, left: int, right: int, foot: int) -> None:
    # in a form's 项目名称 row a stroke of 扶 stood right over the rule that starts in the
    # row below; bridged to it, the rule cut the project name in two. The stroke may be a
    # character's upright with its bars reaching out on one side mostly (夫's, in 扶), or
    # the ends of bars on one side only (生's, in 性) with paper between it and the rule;
    # touching the rule (``foot`` 580), it has print on both sides
    from extract import scan

    gray = _tall_rows_page()
    gray[580:762, 1200:1203] = 20  # a rule in the lower row only
    for x0 in range(1116, 1290, 28):  # a line of print in the row above, one stroke of
        gray[552:foot, x0:x0 + 3] = 30  # it right over the rule (x0 = 1200)
        gray[558:561, x0 - left:x0 + right] = gray[568:571, x0 - left - 1:x0 + right - 1] = 30
        gray[563:565, x0 + min(4, right):x0 + right] = 30

    def rule_top() -> float:
        segments = scan.rulings(scan.binarize(gray), 72 / 200)[0]
        return min(s.top * 200 / 72 for s in segments if s.x0 == s.x1
                   and abs(s.x0 * 200 / 72 - 1201) < 3)

    assert rule_top() >= 578
    monkeypatch.setattr(scan, "_without_stroke_ends",
                        lambda horiz, ink, x, y, w, h, long, scale: (y, h))
    assert rule_top() < 560  # without it: the stroke lengthens the rule


def test_a_rules_end_past_the_last_row_rule_with_print_on_one_side_stays() -> None:
    # the rules of a table cut at the page's foot run on below its last row rule, past the
    # print of the row they close; print beside them on one side only (the cell's margin
    # on the other) does not make their end a character's stroke
    from extract import scan

    gray = np.full((1654, 2339), 245, np.uint8)
    for y in (400, 580):
        gray[y:y + 2, 200:1450] = 20
    for x in (200, 600, 1000, 1450):
        gray[400:622, x:x + 2] = 20
    for x0 in range(1005, 1200, 28):  # a line of print set close after the rule at 1000
        gray[590:614, x0:x0 + 3] = 30
        gray[596:599, x0:x0 + 20] = gray[606:609, x0:x0 + 20] = 30
    bottoms = [s.bottom * 200 / 72 for s in scan.rulings(scan.binarize(gray), 72 / 200)[0]
               if s.x0 == s.x1 and abs(s.x0 * 200 / 72 - 1001) < 3]
    assert bottoms and min(bottoms) >= 615


def test_a_seals_ring_over_print_is_painted_over_not_whitened() -> None:
    # a grey ring found by its shape crossing the last character of a line: whitened with
    # the rules, it cut 数 of 参保缴费人数 in two and the character was lost
    import cv2

    from extract.scan import _without_rules, seal_rings

    gray = _tall_rows_page()
    cv2.circle(gray, (800, 600), 160, 90, 8)
    gray[590:610, 940:980] = 30  # print crossing the ring's right side (x 956-964)
    ring, disc = seal_rings(gray, 200)
    assert ring[600, 960]
    segments, _, text = _without_rules(gray, ring, 72 / 200, disc)
    assert (text[590:610, 940:952] < 128).all() and (text[590:610, 968:980] < 128).all()
    assert (text[594:606, 956:964] < 200).all()  # over the ring: painted from the print
    assert sorted({round(s.x0 * 200 / 72) for s in segments if s.x0 == s.x1}) == [
        201, 601, 1001, 1451]  # the ring's sides are no rules
    assert (text[580:582, 700:900] == 255).all()  # a rule under the seal is whitened


def test_a_sheet_scanned_crooked_on_a_dark_lid_reads_as_well(tmp_path: Path) -> None:
    # the lid shows round the sheet and in wedges where it lies crooked; its edges were the
    # table's outer rules, and the whole table came out as one cell
    import cv2
    import pypdfium2 as pdfium
    from PIL import Image

    from extract.scan import render, rotate

    page = render(pdfium.PdfDocument(SCAN)[0])
    page = cv2.copyMakeBorder(page, 60, 60, 60, 60, cv2.BORDER_CONSTANT, value=(35, 35, 35))
    page = rotate(page, 1.5, fill=35)
    target = tmp_path / "on-the-lid.pdf"
    Image.fromarray(page[:, :, ::-1]).save(target, resolution=200)
    result = run_file(target, ocr="rapidocr")
    truth = read_csv(SAMPLES / "form-2023-p1.scan.truth.csv")
    assert result.status == "ok", result.message
    assert _right(result.indicators, truth) >= len(truth) - 1


def test_a_seals_lettering_read_into_a_line_of_print_is_taken_out_of_it() -> None:
    # the unit's name round the seal crossed a value: '源和：≥60册'; a header cell that
    # gained such letters no longer named its column, and a page lost all its rows
    from extract.ocr import TextBox
    from extract.scan import without_seal_marks

    gray = np.full((60, 400), 240, np.uint8)
    red = np.zeros_like(gray)
    red[:, :250] = 255  # the seal covers the left of the line
    texts = "源和：1≥60册"
    spans = tuple((20.0 + 30 * k, 45.0 + 30 * k) for k in range(len(texts)))
    for k, (a, b) in enumerate(spans):
        gray[20:40, int(a):int(b)] = 200 if k < 4 else 40  # lettering and a '1' faint
    boxes = [TextBox(texts, 15, 15, 270, 45, 0.9, spans),
             TextBox("项目", 300, 15, 380, 45, 0.9, ((300.0, 340.0), (340.0, 380.0)))]
    gray[20:40, 305:375] = 40
    read = without_seal_marks(boxes, gray, red)
    assert [b.text for b in read] == ["1≥60册", "项目"]
    assert read[0].char_x == spans[3:]


def test_a_rule_faded_in_mid_cell_is_bridged_but_a_spanning_cells_ends_are_not() -> None:
    # a faint rule over a dense line of text binarised in two pieces that stop in mid-cell;
    # the cells above and below it were read as one (a department merged with its project)
    from extract.scan import binarize, rulings

    gray = _ruled_page()
    gray[400 + 36 * 3:400 + 36 * 3 + 2, 700:820] = 245  # row 3's rule fades in column 2
    gray[400 + 36 * 6:400 + 36 * 6 + 2, 200:600] = 245  # row 6's is not drawn in column 1:
    scale = 72 / 200                                      # a cell spanning two rows there
    segments, _ = rulings(binarize(gray), scale)

    def pieces(row: int) -> list[tuple[int, int]]:
        y = (400 + 36 * row + 1) * scale
        return sorted((round(s.x0 / scale), round(s.x1 / scale)) for s in segments
                      if s.horizontal and abs(s.top - y) < 2)

    assert pieces(3) == [(200, 1452)]
    assert len(pieces(6)) == 1 and pieces(6)[0][0] >= 600, pieces(6)


def test_the_middle_of_a_line_of_blurred_print_is_no_rule() -> None:
    # at 150 dpi '≥98% ≥95% ≥95%' ran together along its middle into a bar as wide as its
    # cell; as a rule it cut the value cell in two and its values lost their indicators
    from extract.scan import binarize, rulings

    gray = _ruled_page()
    top = 400 + 36 * 10 + 8  # a line of print in row 10, column 2 (x 600-1000)
    rng = np.random.default_rng(3)
    gray[top:top + 20, 620:980][rng.random((20, 360)) < 0.6] = 40
    gray[top + 9:top + 11, 620:980] = 40
    segments, _ = rulings(binarize(gray), 72 / 200)
    ys = [s.top / (72 / 200) for s in segments if s.horizontal and s.x0 > 600 * 72 / 200]
    assert not [y for y in ys if top < y < top + 20], ys


@pytest.mark.parametrize("name", ["rapidocr", "tesseract"])
def test_print_in_a_cell_the_line_detector_missed_is_read_from_the_cell(name: str) -> None:
    # under a seal the detector may find no line in a cell whose print reads well once cut
    # out (成本指标 under a grey seal): the cell is read on its own; a cell with no print,
    # or only a grey seal's lettering, stays empty
    import cv2
    import pypdfium2 as pdfium

    from extract.emptycells import read_empty_cells
    from extract.lattice import find_grids
    from extract.scan import SCAN_DPI, read_scanned_page

    try:
        engine = get_engine(name)
    except OcrUnavailable as exc:
        if shutil.which("tesseract") is None:
            pytest.skip(str(exc))
        raise
    doc = pdfium.PdfDocument(str(SCAN))
    page, image = read_scanned_page(doc[0], 1, get_engine("rapidocr"))  # the cells: as ever
    grid = max(find_grids(page, SCAN.name, (), "ocr").grids, key=lambda g: len(g.cells))
    labels = [c for c in grid.cells if c.text.strip() in STANDARD_L2]
    assert labels
    label = labels[0]
    blank = next(c for c in grid.cells if c.text.strip() and c is not label
                 and c.bbox.x1 - c.bbox.x0 > 40 and c.bbox.bottom - c.bbox.top > 12)
    # another cell's print is wiped and a grey seal's lettering put in its place: lighter
    # than a third of the print
    s = SCAN_DPI / 72
    x0, top, x1, bottom = (int(v * s) for v in (blank.bbox.x0, blank.bbox.top, blank.bbox.x1,
                                                 blank.bbox.bottom))
    image = image.copy()
    image[top + 4:bottom - 4, x0 + 4:x1 - 4] = 255
    cv2.putText(image, "SEAL", (x0 + 6, bottom - 8), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 200, 2)
    unread = [replace(c, lines=()) if c in (label, blank) else c for c in grid.cells]
    [mended] = read_empty_cells([replace(grid, cells=tuple(unread))], page, image, engine,
                                SCAN_DPI)
    cell = {(c.row, c.col): c for c in mended.cells}
    assert cell[label.row, label.col].text == label.text
    assert 0.9 <= cell[label.row, label.col].confidence <= 1
    assert cell[blank.row, blank.col].text == ""


def test_an_empty_cell_holding_only_lettering_faint_all_along_stays_empty() -> None:
    # an oval seal's 财务专用章 in the 项目名称 row, dropped from the page's lines as faint
    # in every character, was read back from the cell it left empty (as a whole, it is
    # darker than a seal's lettering is let be) and became the project's name
    import pypdfium2 as pdfium

    from extract.emptycells import read_empty_cells
    from extract.lattice import find_grids
    from extract.scan import LETTERING_FAINT, SCAN_DPI, read_scanned_page

    engine = get_engine("rapidocr")
    doc = pdfium.PdfDocument(str(SCAN))
    page, image = read_scanned_page(doc[0], 1, engine)
    grid = max(find_grids(page, SCAN.name, (), "ocr").grids, key=lambda g: len(g.cells))
    labels = [c for c in grid.cells if c.text.strip() in STANDARD_L2]
    s = SCAN_DPI / 72
    paper = float(np.median(image))

    def faded(cells: list, share: float) -> np.ndarray:
        out = image.copy().astype(np.float32)
        for c in cells:  # the cell's print made ``share`` as dark as it was
            rows = slice(int(c.bbox.top * s) + 4, int(c.bbox.bottom * s) - 4)
            cols = slice(int(c.bbox.x0 * s) + 4, int(c.bbox.x1 * s) - 4)
            out[rows, cols] = paper - share * (paper - out[rows, cols])
        return np.clip(out, 0, 255).astype(np.uint8)

    unread = replace(grid, cells=tuple(replace(c, lines=()) if c in labels else c
                                       for c in grid.cells))
    for share, read in ((0.9, True), (LETTERING_FAINT - 0.1, False)):
        [mended] = read_empty_cells([unread], page, faded(labels, share), engine, SCAN_DPI)
        texts = [c.text for c in mended.cells if c.row == labels[0].row
                 and c.col == labels[0].col]
        assert texts == ([labels[0].text] if read else [""])


def test_an_empty_cells_unsure_reading_is_kept_only_when_it_is_a_label() -> None:
    # 成本指标 under a red seal's lettering at 150 dpi read 成本细标 at 0.40, unsure in every
    # character, and its eight rows went under the label above; a reading as unsure that
    # is no label is not kept
    from extract.emptycells import LABEL_SURE, READ_SURE, read_empty_cells
    from extract.grid import BBox, Cell, Grid
    from extract.ocr import TextBox
    from extract.source import Char, Page

    dpi, scale = 200, 72 / 200
    image = np.full((400, 600), 240, np.uint8)
    for x0 in (20, 220, 420):  # a line of print in each of three cells, 20 px high
        image[190:210, x0:x0 + 120] = 30
    cells = tuple(Cell(0, c, 1, 1, BBox(200 * c * scale, 0, 200 * (c + 1) * scale,
                                        400 * scale), ()) for c in range(3))
    grid = Grid("f.pdf", 1, 0, 1, 3, cells, BBox(0, 0, 600 * scale, 400 * scale), "ocr")
    page = Page(1, 600 * scale, 400 * scale, tuple(
        Char("字", x * scale, 190 * scale, (x + 20) * scale, 210 * scale)
        for x in range(20, 140, 20)), (), 0, 1.0)
    texts = {20: ("成本细标", 0.4), 220: ("细本组织", 0.4), 420: ("效益指标", READ_SURE)}

    class Engine:
        def read_bands(self, image: np.ndarray, bands: list) -> list[TextBox]:
            out = []
            for x0, top, x1, bottom in bands:  # each band holds one cell's line of print
                text, sure = next(v for x, v in texts.items() if abs(x - x0) < 10)
                out.append(TextBox(text, x0, top, x1, bottom, sure))
            return out

    [read] = read_empty_cells([grid], page, image, Engine(), dpi)  # type: ignore[arg-type]
    assert [c.text for c in read.cells] == ["成本细标", "", "效益指标"]
    assert LABEL_SURE < 0.4 < READ_SURE


def test_print_under_a_grey_seal_ring_in_a_cell_is_read_from_its_darkest_ink() -> None:
    # a grey seal's ring running down through a cell makes its ink one band taller than a
    # line; the print, darker than the ring, is found on its darkest ink and read
    import cv2
    import pypdfium2 as pdfium

    from extract.emptycells import read_empty_cells
    from extract.lattice import find_grids
    from extract.scan import SCAN_DPI, read_scanned_page

    engine = get_engine("rapidocr")
    doc = pdfium.PdfDocument(str(SCAN))
    page, image = read_scanned_page(doc[0], 1, engine)
    grid = max(find_grids(page, SCAN.name, (), "ocr").grids, key=lambda g: len(g.cells))
    label = next(c for c in grid.cells if c.text.strip() in STANDARD_L2)
    s = SCAN_DPI / 72
    x0, top, x1, bottom = (int(v * s) for v in (label.bbox.x0, label.bbox.top,
                                                 label.bbox.x1, label.bbox.bottom))
    image = image.copy()
    paper = float(np.median(image[top:bottom, x0:x1]))
    radius, mid = int(0.8 * SCAN_DPI), (x0 + x1) // 2  # a seal 40 mm across
    for cy in (top + 5 + radius, bottom - 5 - radius):  # its ring's arcs along the cell
        ring = np.full_like(image, 255)
        cv2.circle(ring, (mid, cy), radius, int(paper) - 110, 5)
        image = np.minimum(image, ring)
    unread = [replace(c, lines=()) if c is label else c for c in grid.cells]
    [mended] = read_empty_cells([replace(grid, cells=tuple(unread))], page, image, engine,
                                SCAN_DPI)
    cell = {(c.row, c.col): c for c in mended.cells}
    assert cell[label.row, label.col].text == label.text
