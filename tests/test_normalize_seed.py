"""The normaliser on the seed's own scrambled lines (no PDF involved).

Each tab-separated line of the seed becomes a grid row of unspanned cells, so every fault of the
published table reaches the normaliser as printed: rows slid into the project columns, labels
in the 三级 column, packed items with packed values, a value glued to its name.
"""

from __future__ import annotations

from conftest import read_csv, shared
from seedtext import grid_from_rows, seed_grids

from normalize.performance import read_indicator_tables

SEED_COLUMNS = ["table", "region", "year", "department_code", "department", "project_code",
                "project_name", "amount_10k_yuan", "level1", "level2", "level3", "value_raw"]
HEADER = [
    ["单位编码", "单位及项目名称", "金额 (万元)", "绩效目标", "绩效指标", "", "", ""],
    ["057", "祁连县人力资源和社会保障局本级", "", "", "", "", "", ""],
    ["", "合计", "10.00", "", "一级指标", "二级指标", "三级指标", "指标值"],
    ["057001", "某项目", "10.00", "目标1:xx", "产出指标", "数量指标", "1. 甲", "≥8次"],
]
TITLE = ("祁连县人力资源和社会保障局2023年部门预算项目支出绩效目标公开表", "祁连")


def read(rows: list[list[str]]) -> list[tuple[str, str, str, str]]:
    grid = grid_from_rows(HEADER + rows, TITLE)
    return [(r.level1, r.level2, r.level3, r.value_raw) for r in read_indicator_tables([grid]).rows]


def test_seed_text_gives_the_95_truth_rows() -> None:
    grids = seed_grids(shared("seeds/000_56b4897429635938.txt"))
    found = read_indicator_tables(grids)
    got = [[str(getattr(r, c)) for c in SEED_COLUMNS] for r in found.rows]
    want = [[row[c] for c in SEED_COLUMNS] for row in read_csv(shared("seeds/seed_truth.csv"))]
    assert got == want
    assert found.problems == []


def test_row_slid_right_label_in_level3_column() -> None:
    # 时效指标 printed in the 三级 column, its item in the 指标值 column, value beyond the table
    rows = read([["", "", "", "", "", "", "时效指标", "1. 劳动仲裁案件办理及时率", "100%"]])
    assert rows[-1] == ("产出指标", "时效指标", "劳动仲裁案件办理及时率", "100%")


def test_item_without_value_keeps_empty_value() -> None:
    rows = read([["", "", "", "", "", "", "", "成本指标", "1. 劳动仲裁案件办理成本"]])
    assert rows[-1] == ("产出指标", "成本指标", "劳动仲裁案件办理成本", "")


def test_row_slid_into_project_columns() -> None:
    rows = read([["可持续影响指标", "1. 补助申请管理机制健全性", "健全"],
                 ["2. 人员配备合理性", "合理"],
                 ["满意度指标", "服务对象满意度指标", "1. 农民工满意度", "≥95%"]])
    assert rows[-3:] == [
        ("效益指标", "可持续影响指标", "补助申请管理机制健全性", "健全"),
        ("效益指标", "可持续影响指标", "人员配备合理性", "合理"),
        ("满意度指标", "服务对象满意度指标", "农民工满意度", "≥95%"),
    ]


def test_cost_under_the_wrong_level1_is_output() -> None:
    rows = read([["", "", "", "", "效益指标", "成本指标", "1.更新管理档案平均成本", "≤10元/卷"]])
    assert rows[-1] == ("产出指标", "成本指标", "更新管理档案平均成本", "≤10元/卷")


def test_label_without_items_gives_no_row() -> None:
    rows = read([["", "", "", "", "效益指标", "经济效益", "", ""],
                 ["", "", "", "", "", "", "生态效益"]])
    assert len(rows) == 1


def test_packed_group_and_packed_level1_block() -> None:
    rows = read([
        ["", "", "", "", "", "成本指标", "1.培训人员住宿补贴 2.培训资料成本 3.宣传活动成本",
         "150元/人/天 30元/人 ≤1.2万元"],
        ["", "", "", "", "", "效益指标",
         "经济效益 生态效益 社会效益 1.事业单位人员素质达标率 2.事业单位办事效率提升率 "
         "可持续影响指标 1.培训考核制度健全性", "100% ≥50% 健全"],
        ["", "", "", "", "满意度指标", "服务对象满意度指标",
         "1.“三支一扶”人员满意度 2.参训人员满意度 3.办事群众满意度≥95%", "≥98% ≥95% ≥95%"],
    ])
    assert rows[1:] == [
        ("产出指标", "成本指标", "培训人员住宿补贴", "150元/人/天"),
        ("产出指标", "成本指标", "培训资料成本", "30元/人"),
        ("产出指标", "成本指标", "宣传活动成本", "≤1.2万元"),
        ("效益指标", "社会效益指标", "事业单位人员素质达标率", "100%"),
        ("效益指标", "社会效益指标", "事业单位办事效率提升率", "≥50%"),
        ("效益指标", "可持续影响指标", "培训考核制度健全性", "健全"),
        ("满意度指标", "服务对象满意度指标", "“三支一扶”人员满意度", "≥98%"),
        ("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥95%"),
        ("满意度指标", "服务对象满意度指标", "办事群众满意度", "≥95%"),
    ]


def test_glued_value_fills_a_missing_one() -> None:
    rows = read([["", "", "", "", "满意度指标", "服务对象满意度指标",
                  "1.参训人员满意度 2.办事群众满意度≥95%", "≥98%"]])
    assert rows[-2:] == [("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥98%"),
                         ("满意度指标", "服务对象满意度指标", "办事群众满意度", "≥95%")]


def test_dropped_opening_quote_is_put_back() -> None:
    rows = read([["", "", "", "", "", "成本指标", "1.三支一扶”管理和考核成本", "≤1万元"]])
    assert rows[-1][2] == "“三支一扶”管理和考核成本"


def test_department_total_and_region() -> None:
    grid = grid_from_rows(HEADER, TITLE)
    (row,) = read_indicator_tables([grid]).rows
    assert (row.region, row.year, row.department_code, row.department) == (
        "祁连县", "2023", "057", "祁连县人力资源和社会保障局本级")
    assert (row.project_code, row.project_name, row.amount_10k_yuan, row.goals) == (
        "057001", "某项目", "10.00", "目标1:xx")


def test_separate_department_and_project_columns() -> None:
    rows = [
        ["单位编码", "单位名称", "项目编码", "项目名称", "项目金额（万元）", "年度绩效目标",
         "一级指标名称", "二级指标名称", "三级指标名称", "年度指标值"],
        ["302", "大通县民政局", "302001", "城乡低保", "120.00", "保障困难群众基本生活",
         "产出指标", "数量指标", "1.保障人数", "≥800人"],
        ["", "", "", "", "", "", "", "", "2.发放次数", "12次"],
        ["302", "大通县民政局", "302002", "临时救助", "30.00", "及时救助", "满意度指标",
         "服务对象满意度", "1.救助对象满意度", "≥90%"],
    ]
    grid = grid_from_rows(rows, ("大通县民政局2024年项目支出绩效目标表",))
    got = [(r.department_code, r.department, r.project_code, r.project_name, r.amount_10k_yuan,
            r.level2, r.level3, r.value_raw, r.region, r.year)
           for r in read_indicator_tables([grid]).rows]
    assert got == [
        ("302", "大通县民政局", "302001", "城乡低保", "120.00", "数量指标", "保障人数", "≥800人",
         "大通县", "2024"),
        ("302", "大通县民政局", "302001", "城乡低保", "120.00", "数量指标", "发放次数", "12次",
         "大通县", "2024"),
        ("302", "大通县民政局", "302002", "临时救助", "30.00", "服务对象满意度指标",
         "救助对象满意度", "≥90%", "大通县", "2024"),
    ]


def test_value_printed_in_three_columns() -> None:
    rows = [
        ["项目名称", "年度绩效目标", "一级指标", "二级指标", "三级指标", "计算符号", "指标值",
         "计量单位"],
        ["社区养老服务", "提升服务", "产出指标", "数量指标", "服务老人人次", "≥", "1200", "人次"],
        ["", "", "", "质量指标", "服务达标率", "=", "100", "%"],
        ["", "", "效益指标", "社会效益指标", "老人生活质量", "定性", "提升", ""],
    ]
    grid = grid_from_rows(rows, ("某区民政局2025年项目支出绩效目标表",))
    got = [(r.level3, r.value_raw, r.comparator, r.value, r.unit)
           for r in read_indicator_tables([grid]).rows]
    assert got == [("服务老人人次", "≥1200人次", "≥", "1200", "人次"),
                   ("服务达标率", "=100%", "=", "100", "%"),
                   ("老人生活质量", "提升", "", "", "")]
