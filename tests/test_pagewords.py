"""Doubted characters settled by the words the page prints elsewhere (extract.pagewords):
lines as an engine reads them, with the runner-ups it gave its unsure characters."""

from __future__ import annotations

from dataclasses import replace

from extract.ocr import Doubt, TextBox
from extract.pagewords import settle_doubts, settled_by


def _line(text: str, *doubts: Doubt, y: float = 0.0) -> TextBox:
    return TextBox(text, 0, y, 20 * len(text), y + 20, 0.9, None, doubts)


# the project's name, 裁 read as 耗 at 0.44 with 裁 the runner-up at 0.41 (a 150 dpi scan)
NAME = _line("劳动人事争议调解仲耗办案经费", Doubt(9, 0.44, (("裁", 0.41), ("我", 0.1))))


def test_a_misread_character_of_a_name_is_settled_by_the_page_s_own_indicators() -> None:
    page = [NAME, _line("办理劳动仲裁案件数", y=40), _line("劳动仲裁案件结案率", y=60),
            _line("≥8次", y=80)]
    settled = settle_doubts(page)
    assert [box.text for box in settled] == ["劳动人事争议调解仲裁办案经费", "办理劳动仲裁案件数",
                                             "劳动仲裁案件结案率", "≥8次"]
    assert settled[0].confidence < NAME.confidence  # it lost what 耗 had beyond 裁
    assert settled[0].doubts == ()
    assert settled[1:] == page[1:]  # lines without doubts pass through as they were


def test_a_pair_printed_once_is_not_enough() -> None:
    page = [NAME, _line("办理劳动仲裁案件数", y=40)]
    assert settle_doubts(page)[0].text == "劳动人事争议调解仲耗办案经费"


def test_the_character_read_stands_when_the_page_prints_it_elsewhere() -> None:
    page = [NAME, _line("办理劳动仲裁案件数", y=40), _line("劳动仲裁案件结案率", y=60),
            _line("仲耗办公费用", y=80)]
    assert settle_doubts(page)[0].text == "劳动人事争议调解仲耗办案经费"


def test_characters_read_unsure_elsewhere_back_no_runner_up() -> None:
    # 仲裁 read on two lines, its 裁 each time at 0.3: what those lines print is in doubt too
    page = [NAME, _line("办理劳动仲裁案件数", Doubt(5, 0.3, (("载", 0.2),)), y=40),
            _line("劳动仲裁案件结案率", Doubt(3, 0.3, (("教", 0.2),)), y=60)]
    assert settle_doubts(page)[0].text == "劳动人事争议调解仲耗办案经费"
    # read at 0.6 they count
    page = [NAME, _line("办理劳动仲裁案件数", Doubt(5, 0.6, (("载", 0.2),)), y=40),
            _line("劳动仲裁案件结案率", Doubt(3, 0.6, (("教", 0.2),)), y=60)]
    assert settle_doubts(page)[0].text == "劳动人事争议调解仲裁办案经费"


def test_of_several_runner_ups_the_one_the_page_prints_most_is_put_in() -> None:
    line = _line("日标", Doubt(0, 0.6, (("且", 0.3), ("目", 0.2))))
    page = [line, _line("绩效目标", y=40), _line("总体目标", y=60), _line("且标", y=80)]
    assert settle_doubts(page)[0].text == "目标"


def test_lines_without_doubts_come_back_unchanged() -> None:
    page = [_line("劳动人事争议调解仲耗办案经费"), _line("办理劳动仲裁案件数", y=40),
            _line("劳动仲裁案件结案率", y=60)]
    assert settle_doubts(page) == page


def test_a_misreading_made_twice_does_not_back_itself() -> None:
    # two value cells of 增强, each read 地强 with 地 in doubt, the page printing 增强 twice
    misread = _line("地强", Doubt(0, 0.74, (("增", 0.13),)))
    page = [misread, replace(misread, top=40, bottom=60), _line("社区法治氛围增强", y=80),
            _line("能力增强", y=100)]
    assert [box.text for box in settle_doubts(page)[:2]] == ["增强", "增强"]


def test_two_doubted_characters_side_by_side_are_settled_by_the_pair_they_make() -> None:
    # the halves of 就业见习补贴 that a page break left read 就业见习礼耻: 礼 pairs with
    # neither neighbour as read, and 贴 (耻's runner-up) only with 补 (礼's)
    name = _line("就业见习礼耻", Doubt(4, 0.82, (("补", 0.14), ("社", 0.02))),
                 Doubt(5, 0.54, (("贴", 0.34), ("趾", 0.02))))
    page = [name, _line("1.见习补贴标准", y=40), _line("补贴发放时间", y=60),
            _line("补贴发放准确率", y=80)]
    assert settle_doubts(page)[0].text == "就业见习补贴"
    # where the page does not print the pair, the reading stands
    assert settle_doubts([name, _line("见习人数", y=40)])[0].text == "就业见习礼耻"


def test_a_line_read_apart_is_settled_by_the_text_of_the_pages_around_it() -> None:
    # the stacked halves of a line a page break cut are read on their own; the pages'
    # cells print the words that settle them
    name = _line("就业见习礼耻", Doubt(4, 0.82, (("补", 0.14),)), Doubt(5, 0.54, (("贴", 0.34),)))
    assert [b.text for b in settled_by([name], ["1.见习补贴标准", "2.补贴发放时间"])] == [
        "就业见习补贴"]
    assert [b.text for b in settled_by([name], ["见习人数"])] == ["就业见习礼耻"]


def test_a_runner_up_must_pair_more_often_than_the_character_read() -> None:
    # a 150 dpi UKai page doubts every 仲 it prints; one line misread 仲裁 as 伸载, and 伸
    # (仲's runner-up) pairs with 动 there and with 载 (我's runner-up) there: twice, in one
    # misread line. 仲 pairs three times on the other lines, so it stays
    line = _line("办理劳动仲我案件数", Doubt(4, 0.59, (("件", 0.19), ("伸", 0.07))),
                 Doubt(5, 0.72, (("裁", 0.19), ("载", 0.05))))
    page = [line, _line("劳动仲裁案件办理成本", Doubt(2, 0.77, (("伸", 0.12),)), y=40),
            _line("劳动伸载案件办理及时率", Doubt(2, 0.71, (("仲", 0.25),)),
                  Doubt(3, 0.41, (("裁", 0.35),)), y=60),
            _line("开展劳动人事仲裁案件文书", Doubt(6, 0.77, (("伸", 0.1),)), y=80)]
    assert settle_doubts(page)[0].text == "办理劳动仲裁案件数"
