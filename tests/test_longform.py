"""Every other table in long form (values.csv): headers, labels, stitching, totals."""

from __future__ import annotations

import csv
import re

import pytest
from conftest import SAMPLES, read_csv, shared
from seedtext import grid_from_rows

from extract.pipeline import run_file
from normalize.longform import long_rows, parse_number, stitch_tables


@pytest.mark.parametrize(("raw", "value"), [
    ("1,234.56", "1234.56"), ("-12.5", "-12.5"), ("－3", "-3"), ("(45.00)", "-45.00"),
    ("0.00", "0.00"), ("", ""), ("-", ""), ("—", ""), ("——", ""), ("XX", ""), ("12.3%", "12.3"),
])
def test_parse_number(raw: str, value: str) -> None:
    assert parse_number(raw) == value


def test_budget_sample_matches_its_values_truth() -> None:
    result = run_file(SAMPLES / "budget-tables.pdf")
    want = read_csv(SAMPLES / "budget-tables.values.csv")
    got = [{c: str(getattr(v, c)) for c in want[0]} for v in result.values]
    assert got == want
    # the two long tables run over two pages each and are still one table each
    assert result.tables == 3
    assert result.checks == []


def test_two_block_table_gives_two_series() -> None:
    result = run_file(SAMPLES / "budget-tables.pdf", pages=[1])
    series = {(v.row_label, v.column_label): v.value for v in result.values}
    assert series[("一、一般公共预算拨款收入", "收入 / 预算数")] == "1234.56"
    assert series[("二、住房保障支出", "支出 / 预算数")] == "234.56"
    assert series[("二、政府性基金预算拨款收入", "收入 / 预算数")] == ""


def _grid(rows, page=1, caption=("某县2025年一般公共预算支出表", "单位：万元")):
    return grid_from_rows(rows, caption, page=page)


HEADER = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]


def test_repeated_header_on_the_next_page_is_not_data() -> None:
    page1 = _grid(HEADER + [["2010101", "行政运行", "10.00", "8.00", "2.00"]])
    page2 = _grid(HEADER + [["2010102", "一般行政管理事务", "5.00", "", "5.00"]], page=2,
                  caption=())
    tables = stitch_tables([page1, page2], [False, False])
    assert len(tables) == 1
    rows, mismatches = long_rows(tables[0], 1)
    assert [(r.page, r.row_label, r.column_label, r.value) for r in rows] == [
        (1, "2010101 / 行政运行", "合计", "10.00"), (1, "2010101 / 行政运行", "基本支出", "8.00"),
        (1, "2010101 / 行政运行", "项目支出", "2.00"),
        (2, "2010102 / 一般行政管理事务", "合计", "5.00"),
        (2, "2010102 / 一般行政管理事务", "基本支出", ""),
        (2, "2010102 / 一般行政管理事务", "项目支出", "5.00")]
    assert mismatches == []
    assert {r.title for r in rows} == {"某县2025年一般公共预算支出表"} and rows[0].unit == "万元"


def test_a_titled_table_on_the_next_page_is_a_new_table() -> None:
    page1 = _grid(HEADER + [["2010101", "行政运行", "10.00", "8.00", "2.00"]])
    page2 = _grid(HEADER + [["2010102", "事务", "5.00", "", "5.00"]], page=2)
    assert len(stitch_tables([page1, page2], [False, False])) == 2


def test_totals_that_do_not_add_up_are_reported_not_changed() -> None:
    grid = _grid(HEADER + [["2010101", "行政运行", "10.00", "8.00", "3.00"],
                           ["2010102", "事务", "1,000", "400", "600"]])
    rows, mismatches = long_rows([grid], 4)
    assert [r.value for r in rows if r.row_label.startswith("2010101")] == ["10.00", "8.00",
                                                                            "3.00"]
    assert len(mismatches) == 1
    assert re.search(r"table 4 row '2010101 / 行政运行': 合计 10.00 ≠ 基本支出 \+ 项目支出 = 11.00",
                     mismatches[0].message)


@pytest.mark.corpus
def test_cn_gov_key_values_under_the_right_labels() -> None:
    """Every key value of the 收支总表 is found with its row label in the right block."""
    folder = shared("corpus/real/cn-gov")
    numbering = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\d+[.、．])\s*")
    checked = 0
    for partial in sorted(folder.glob("*_PARTIAL.csv")):
        result = run_file(folder / (partial.name.split("__")[0] + ".pdf"))
        if not result.values:
            # three 预算公开 documents hold prose only: their tables were published apart
            assert result.status == "failed" and "no ruled table" in result.message
            continue
        with partial.open(encoding="utf-8") as fh:
            for item in csv.DictReader(fh):
                income = "支出" not in item["item"] and any(
                    w in item["item"] for w in ("财政拨款", "一般公共预算", "财政专户", "其他资金",
                                                "收入", "上年结转"))
                hits = [v for v in result.values
                        if numbering.sub("", v.row_label.split(" / ")[-1]) == item["item"]
                        and v.value and abs(float(v.value) - float(item["value_wan_yuan"])) < 0.005
                        and ("收入" in v.column_label if income else "支出" in v.column_label)]
                assert hits, (partial.name, item)
                checked += 1
    assert checked == 111


@pytest.mark.corpus
def test_published_inconsistency_is_reported() -> None:
    pdf = shared("corpus/real/cn-gov/sh-putuo_justice-bureau_2026_unit-budget.pdf")
    result = run_file(pdf)
    assert any("行政运行" in c.message and "14348853.34" in c.message for c in result.checks)


@pytest.mark.corpus
@pytest.mark.slow
def test_cn_gov_tables_are_whole_and_headers_not_repeated() -> None:
    """A table that runs over pages is one table: each table of values has its title, and
    no header text comes back as a value or a row label."""
    folder = shared("corpus/real/cn-gov")
    for pdf in sorted(folder.glob("*.pdf")):
        result = run_file(pdf)
        untitled = sorted({v.table for v in result.values if not v.title})
        assert untitled == [], (pdf.name, untitled)
        header_words = {"项目", "科目名称", "功能分类科目名称", "金额", "预算数", "决算数"}
        echoed = [v for v in result.values
                  if v.value_raw in header_words or v.row_label in header_words]
        assert echoed == [], (pdf.name, echoed[:3])
