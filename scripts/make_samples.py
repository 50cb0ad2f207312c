"""Render the bundled sample PDFs and their expected indicator rows into samples/.

    python scripts/make_samples.py [OUT_DIR]

Each NAME.pdf gets NAME.truth.csv beside it (indicators.csv columns). The truth is written from
the same logical tables the PDFs are drawn from, never from the extractor's output.

- seed-qilian-2023.pdf: the six tables of the seed (祁连县人力资源和社会保障局 2023) drawn as the
  published file prints them: title, region line, two header rows, department and 合计 rows,
  merged project/level cells, labels without 指标 or under the wrong 一级, empty 二级 groups, a
  packed group and a packed 一级 block (table 4), a value glued to its name, a dropped quote.
- form-2023.pdf: one-project forms (财政项目支出绩效目标填报表), amounts in 元, the second form
  running over a page break without a repeated header.
- listing-variants.pdf: portrait, a 收支总表 page and a text page first, several projects in one
  table, a table split over pages with repeated headers, no rules between the rows of a group.
- listing-wps-style.pdf: rules drawn as thin filled rectangles, no repeated header, top-aligned
  labels, a "三公" table, label typos and wrapped labels.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from tablepdf import C, Document, Style, Table  # noqa: E402

P, B, S = "产出指标", "效益指标", "满意度指标"
SAT = "服务对象满意度指标"

COLUMNS = ["source_file", "page", "table", "region", "year", "department_code", "department",
           "project_code", "project_name", "amount_10k_yuan", "goals", "level1", "level2",
           "level3", "value_raw", "comparator", "value", "unit", "confidence"]


@dataclass
class Project:
    code: str
    name: str
    amount: str
    goals: str
    indicators: list[tuple[str, str, str, str]]  # (level1, level2, level3, value) as truth
    # --- how it is printed ---
    numbered: bool = True
    l2_print: dict[str, str] = field(default_factory=dict)  # standard -> printed
    l1_of: dict[str, str] = field(default_factory=dict)  # level2 -> 一级 block printed under
    empty_l2: dict[str, list[str]] = field(default_factory=dict)  # after level2 -> labels
    packed: set[str] = field(default_factory=set)  # level2 groups packed into one row
    packed_block: str = ""  # a 一级 whose whole block is packed into one row
    no_rules: set[str] = field(default_factory=set)  # groups without rules between rows
    l3_print: dict[str, str] = field(default_factory=dict)  # level3 -> printed name
    glued: set[str] = field(default_factory=set)  # level3 printed with its value glued on
    valign: str = "m"


# ---------------------------------------------------------------- seed data (human reading)
def seed_projects() -> list[Project]:
    return [
        Project("057001", "劳动人事争议调解仲裁办案经费", "2.00",
                "目标1:贯彻执行有关人力资源社会保障的方针、政策,受理、处理辖区内发生的劳动人事争议案件;"
                " 目标2:开展劳动人事仲裁案件文书与档案的日常管理工作。", [
                    (P, "数量指标", "办理劳动仲裁案件数", "≥8次"),
                    (P, "数量指标", "服务农民工人数", "≥50人"),
                    (P, "质量指标", "仲裁案件应办尽办率", "100%"),
                    (P, "时效指标", "劳动仲裁案件办理及时率", "100%"),
                    (P, "成本指标", "劳动仲裁案件办理成本", ""),
                    (B, "社会效益指标", "劳动仲裁案件结案率", "100%"),
                    (B, "社会效益指标", "劳动者权益保障率", "100%"),
                    (B, "可持续影响指标", "长效管理机制健全性", "健全"),
                    (B, "可持续影响指标", "人员配备合理性", "合理"),
                    (S, SAT, "办案农民工满意度", "≥90%"),
                ], l2_print={"社会效益指标": "社会效益"},
                empty_l2={"成本指标": ["经济效益", "生态效益"]}),
        Project("057001", "干部人事档案更新管理业务经费", "1.00",
                "目标1:按规定时间完成全县1500卷宗事业单位人员干部人事档案更新工作; "
                "目标2:提供免费的人事档案基本公共服务。", [
                    (P, "数量指标", "更新管理干部档案数", "≥1000卷"),
                    (P, "数量指标", "档案更新完成率", "100%"),
                    (P, "质量指标", "档案验收合格率", "100%"),
                    (P, "时效指标", "更新管理档案及时率", ""),
                    (P, "成本指标", "更新管理档案平均成本", "≤10元/卷"),
                    (B, "社会效益指标", "干部人事档案完整率", "100%"),
                    (B, "社会效益指标", "干部人事档案更新率", "100%"),
                    (B, "可持续影响指标", "干部人事档案保存年限", "≥40年"),
                    (B, "可持续影响指标", "档案更新管理机制健全性", "健全"),
                    (S, SAT, "参与档案更新人员满意度", "≥98%"),
                    (S, SAT, "服务群众满意度", "≥95%"),
                ], l2_print={"社会效益指标": "社会效益"}, l1_of={"成本指标": B},
                empty_l2={"成本指标": ["经济效益"]}),
        Project("057001", "欠薪应急周转金", "50.00",
                "目标1: 落实职业保障、处理劳资纠纷、解决群众合理诉求。 目标2: 为了解决企业经营者拖欠"
                "农民工工资造成其临时生活困难而垫付的职工工资或临时生活费、路途费等。", [
                    (P, "数量指标", "解决农民工工资人次", "≥100人次"),
                    (P, "数量指标", "劳资纠纷受理数量", "≥8件"),
                    (P, "数量指标", "劳资纠纷解决率", "≥98%"),
                    (P, "数量指标", "劳资纠纷处理及时率", "=100%"),
                    (P, "成本指标", "解决农民工生活费成本", "≤45万"),
                    (P, "成本指标", "解决农民工路途费成本", "≤5万"),
                    (B, "社会效益指标", "申请工资补助渠道畅通率", "100%"),
                    (B, "社会效益指标", "对工资补助申请的反馈率", "100%"),
                    (B, "可持续影响指标", "补助申请管理机制健全性", "健全"),
                    (S, SAT, "农民工满意度", "≥95%"),
                ], l2_print={"社会效益指标": "社会效益"},
                empty_l2={"成本指标": ["经济效益", "生态效益"]}),
        Project("057001", "事业单位及“三支一扶”人员培训费、管理费", "10.00",
                "目标一:完成2023年新聘事业单位人员及“三支一扶人员”岗前培训费; 目标二:按时组织开展"
                "130人次培训,提高培训效率、覆盖率。", [
                    (P, "数量指标", "开展培训场次数", "1次"),
                    (P, "数量指标", "参加培训人数", "≥130人"),
                    (P, "数量指标", "采购培训资料数", "≥130份"),
                    (P, "数量指标", "“三支一扶”专项慰问人数", "≥60人"),
                    (P, "数量指标", "“三支一扶”管理和考核人数", "≥60人"),
                    (P, "数量指标", "购置宣传活动材料数", "≥60册"),
                    (P, "质量指标", "培训活动开展合规率", "100%"),
                    (P, "质量指标", "培训人员合格率", "100%"),
                    (P, "质量指标", "培训资料验收合格率", "100%"),
                    (P, "质量指标", "“三支一扶”慰问人选符合率", "100%"),
                    (P, "质量指标", "“三支一扶”管理和考核合格率", "100%"),
                    (P, "质量指标", "宣传材料验收合格率", "100%"),
                    (P, "时效指标", "培训开展及时率", "100%"),
                    (P, "时效指标", "培训考核及时率", "100%"),
                    (P, "时效指标", "“三支一扶”慰问举办及时率", "100%"),
                    (P, "时效指标", "培训资料采购及时率", "100%"),
                    (P, "时效指标", "“三支一扶”管理和考核及时率", "100%"),
                    (P, "时效指标", "宣传材料购置及时率", "100%"),
                    (P, "成本指标", "培训人员住宿补贴", "150元/人/天"),
                    (P, "成本指标", "培训人员伙食补贴", "150元/人/天"),
                    (P, "成本指标", "培训资料成本", "30元/人"),
                    (P, "成本指标", "培训教师补贴", "300元/人"),
                    (P, "成本指标", "“三支一扶”慰问人均成本", "≤300元/人"),
                    (P, "成本指标", "“三支一扶”管理和考核成本", "≤1万元"),
                    (P, "成本指标", "宣传活动成本", "≤1.2万元"),
                    (B, "社会效益指标", "事业单位人员素质达标率", "100%"),
                    (B, "社会效益指标", "事业单位办事效率提升率", "≥50%"),
                    (B, "社会效益指标", "“三支一扶”群众知晓率", "≥90%"),
                    (B, "社会效益指标", "“三支一扶”项目覆盖率", "100%"),
                    (B, "可持续影响指标", "培训考核制度健全性", "健全"),
                    (B, "可持续影响指标", "考核机制健全性", "健全"),
                    (B, "可持续影响指标", "人员配备合理性", "合理"),
                    (S, SAT, "“三支一扶”人员满意度", "≥98%"),
                    (S, SAT, "参训人员满意度", "≥95%"),
                    (S, SAT, "办事群众满意度", "≥95%"),
                ], packed={"数量指标", "质量指标", "时效指标", "成本指标", SAT},
                packed_block=B, l2_print={"社会效益指标": "社会效益"},
                empty_l2={"成本指标": ["经济效益", "生态效益"]},
                l3_print={"“三支一扶”管理和考核成本": "三支一扶”管理和考核成本"},
                glued={"办事群众满意度"}),
        Project("057001", "事业单位、三支一扶人员招聘考试", "10.00",
                "目标一:按照《海北州2022年公开招聘事业单位工作人员招聘方案》规定组织考试。 目标二:按时"
                "完成全县事业单位、机关工作人员及职员招聘的报名、笔试、面试等工作。", [
                    (P, "数量指标", "招聘面试人数", "≥105人"),
                    (P, "数量指标", "保障招聘工作人员数", "≥35人"),
                    (P, "数量指标", "招聘考卷套数", "2套"),
                    (P, "质量指标", "招聘面试流程合规率", "100%"),
                    (P, "质量指标", "工作人员选拔达标率", "100%"),
                    (P, "质量指标", "考卷验收合格率", "100%"),
                    (P, "时效指标", "招聘面试举办及时率", "100%"),
                    (P, "时效指标", "工作人员选拔及时率", "100%"),
                    (P, "时效指标", "考卷命题、印刷及时率", "100%"),
                    (P, "成本指标", "考卷命题成本", "≤3万元"),
                    (P, "成本指标", "考卷印刷封装费", "≤1万元"),
                    (P, "成本指标", "招聘考试考务成本", "≤4万元"),
                    (P, "成本指标", "考官生活保障成本", "≤2万元"),
                    (B, "社会效益指标", "新增就业岗位数", "≥114人"),
                    (B, "社会效益指标", "事业单位人员素质达标率", "100%"),
                    (B, "可持续影响指标", "招聘考试制度健全性", "健全"),
                    (B, "可持续影响指标", "人员配备合理性", "合理"),
                    (S, SAT, "参考人员满意度", "≥95%"),
                ], l2_print={"社会效益指标": "社会效益"},
                empty_l2={"成本指标": ["经济效益", "生态效益"]}),
        Project("057001", "劳保监察及根治欠薪工作经费", "5.00",
                "目标1: 建立健全劳动保障监察机构, 加强执法队伍建设。 目标2: 维护农民工的劳动报酬权益,"
                " 妥善处理突发性、群众性事件。", [
                    (P, "数量指标", "为农民工办理拖欠工资案件次数", "≥50次"),
                    (P, "数量指标", "享受劳动报酬权益农民工人数", "≥300人"),
                    (P, "数量指标", "劳动用工年检单位数", "≥110个"),
                    (P, "质量指标", "案件办理准确率", "100%"),
                    (P, "时效指标", "劳资纠纷处理及时率", "100%"),
                    (P, "成本指标", "欠薪案件办理成本", "≤5万元"),
                    (B, "社会效益指标", "劳动监察保障案件结案率", "100%"),
                    (B, "社会效益指标", "劳动者权益保障率", "100%"),
                    (B, "可持续影响指标", "长效管理机制健全性", "健全"),
                    (B, "可持续影响指标", "人员配备合理性", "合理"),
                    (S, SAT, "农民工对案件处理满意度", "≥90%"),
                ], l2_print={"社会效益指标": "社会效益"},
                empty_l2={"成本指标": ["经济效益", "生态效益"]}),
    ]


# ---------------------------------------------------------------- truth helpers
_VAL = re.compile(r"^(≥|≤|=|>|<|不低于|不少于|至少|不高于|不超过|不多于)?"
                  r"(\d[\d,]*(?:\.\d+)?)(?:[（(]([^)）]+)[)）]|([^\d\s]{0,8}))$")
_CMP = {"不低于": "≥", "不少于": "≥", "至少": "≥", "不高于": "≤", "不超过": "≤", "不多于": "≤"}


def split_value(raw: str) -> tuple[str, str, str]:
    m = _VAL.match(raw.strip())
    if not m:
        return "", "", ""
    cmp_, num, u1, u2 = m.groups()
    return _CMP.get(cmp_ or "", cmp_ or ""), num.replace(",", ""), (u1 or u2 or "")


@dataclass
class Meta:
    source: str
    table: int
    region: str
    year: str
    dept_code: str
    dept: str


def truth_row(meta: Meta, page: int, p: Project, ind: tuple[str, str, str, str]) -> list[str]:
    l1, l2, l3, v = ind
    cmp_, num, unit = split_value(v)
    return [meta.source, str(page), str(meta.table), meta.region, meta.year, meta.dept_code,
            meta.dept, p.code, p.name, p.amount, p.goals.replace("\n", ""), l1, l2, l3, v,
            cmp_, num, unit, "1.0"]


# ---------------------------------------------------------------- listing layout
def _groups(p: Project) -> list[tuple[str, str, list[tuple[str, str, str, str]]]]:
    """Return (l1 printed block, level2, indicators) in print order."""
    out: list[tuple[str, str, list[tuple[str, str, str, str]]]] = []
    for ind in p.indicators:
        l2 = ind[1]
        block = p.l1_of.get(l2, ind[0])
        if out and out[-1][1] == l2:
            out[-1][2].append(ind)
        else:
            out.append((block, l2, [ind]))
    return out


def _name(p: Project, i: int, l3: str, value: str) -> str:
    name = p.l3_print.get(l3, l3)
    if l3 in p.glued:
        name += value
    return f"{i}.{name}" if p.numbered else name


def project_rows(p: Project, ncols_before: int,
                 project_cells: bool = True) -> tuple[list[dict[int, C]], list[object]]:
    """Rows of one project in the listing: project cells span all, then the indicator block."""
    c1, c2, c3, c4 = ncols_before, ncols_before + 1, ncols_before + 2, ncols_before + 3
    rows: list[dict[int, C]] = []
    tags: list[object] = []
    l2p = lambda l2: p.l2_print.get(l2, l2)  # noqa: E731
    blocks: list[tuple[str, list[tuple[str, list]]]] = []
    for block, l2, inds in _groups(p):
        if not blocks or blocks[-1][0] != block:
            blocks.append((block, []))
        blocks[-1][1].append((l2, inds))
    for block, groups in blocks:
        block_start = len(rows)
        if p.packed_block == block:
            parts: list[str] = []
            vals: list[str] = []
            tag: list = []
            for l2, inds in groups:
                parts.append(l2p(l2))
                for i, ind in enumerate(inds, 1):
                    parts.append(_name(p, i, ind[2], ind[3]))
                    vals.append(ind[3])
                    tag.append(ind)
                for extra in p.empty_l2.get(l2, []):
                    parts.insert(0, extra)
            rows.append({c1: C(block, valign=p.valign), c2: C(""),
                         c3: C(" ".join(parts), align="l"), c4: C(" ".join(vals), align="l")})
            tags.append(tag)
            continue
        for l2, inds in groups:
            if l2 in p.packed:
                names = " ".join(_name(p, i, ind[2], ind[3]) for i, ind in enumerate(inds, 1))
                rows.append({c2: C(l2p(l2)), c3: C(names, align="l"),
                             c4: C(" ".join(ind[3] for ind in inds), align="l")})
                tags.append(list(inds))
            elif l2 in p.no_rules:
                names = "\n".join(_name(p, i, ind[2], ind[3]) for i, ind in enumerate(inds, 1))
                rows.append({c2: C(l2p(l2)), c3: C(names, align="l"),
                             c4: C("\n".join(ind[3] for ind in inds))})
                tags.append(list(inds))
            else:
                first = len(rows)
                for i, ind in enumerate(inds, 1):
                    rows.append({c3: C(_name(p, i, ind[2], ind[3]), align="l"), c4: C(ind[3])})
                    tags.append([ind])
                rows[first][c2] = C(l2p(l2), rs=len(inds), valign=p.valign)
            for extra in p.empty_l2.get(l2, []):
                rows.append({c2: C(extra), c3: C(""), c4: C("")})
                tags.append(None)
        rows[block_start][c1] = C(block, rs=len(rows) - block_start, valign=p.valign)
    # a second pass gives the 一级 cells of later blocks the right span (set above)
    n = len(rows)
    if project_cells:
            rows[0].update({0: C(p.code, rs=n), 1: C(p.name, rs=n), 2: C(p.amount, rs=n),
                        3: C(p.goals, rs=n, align="l")})
    return rows, tags


def listing_table(dept: tuple[str, str], projects: list[Project], seed_header: bool,
                  widths: list[float]) -> Table:
    total = sum(Decimal(p.amount) for p in projects)
    rows: list[dict[int, C]] = []
    tags: list[object] = []
    if seed_header:  # the seed's layout: the indicator sub-header sits on the 合计 row
        rows.append({0: C("单位编码"), 1: C("单位及项目名称"), 2: C("金额（万元）"),
                     3: C("绩效目标"), 4: C("绩效指标", cs=4)})
        rows.append({0: C(dept[0]), 1: C(dept[1], align="l"), 2: C(""), 3: C(""),
                     4: C("", cs=4)})
        rows.append({0: C(""), 1: C("合计"), 2: C(f"{total:.2f}"), 3: C(""), 4: C("一级指标"),
                     5: C("二级指标"), 6: C("三级指标"), 7: C("指标值")})
        header = 1
    else:
        rows.append({0: C("单位编码", rs=2), 1: C("单位及项目名称", rs=2),
                     2: C("金额（万元）", rs=2), 3: C("绩效目标", rs=2), 4: C("绩效指标", cs=4)})
        rows.append({4: C("一级指标"), 5: C("二级指标"), 6: C("三级指标"), 7: C("指标值")})
        rows.append({0: C(dept[0]), 1: C(dept[1], align="l"), 2: C(f"{total:.2f}"),
                     3: C(""), 4: C("", cs=4)})
        rows.append({0: C(""), 1: C("合计"), 2: C(f"{total:.2f}"), 3: C(""), 4: C("", cs=4)})
        header = 2
    tags.extend([None] * len(rows))
    for p in projects:
        prow, ptags = project_rows(p, 4)
        rows.extend(prow)
        tags.extend(ptags)
    return Table(widths, rows, header_rows=header, tags=tags)


# ---------------------------------------------------------------- form layout
def form_table(p: Project, dept: str, year: str, amount_yuan: str) -> Table:
    w = [60, 62, 70, 70, 66, 62, 64, 66]
    rows: list[dict[int, C]] = [
        {0: C("财政项目支出绩效目标填报表", cs=8)},
        {0: C(f"（{year}年度）", cs=8)},
        {0: C("项目名称", cs=2), 2: C(p.name, cs=2), 4: C("项目性质"), 5: C("经常性项目"),
         6: C("项目类别"), 7: C("特定目标类")},
        {0: C("主管部门", cs=2), 2: C(dept, cs=2), 4: C("实施单位"), 5: C(dept, cs=3)},
        {0: C("项目资金（元）", cs=2, rs=2), 2: C("项目资金总额"), 3: C(amount_yuan),
         4: C("年度资金申请总额", cs=2), 6: C(amount_yuan, cs=2)},
        {2: C("其中：财政资金"), 3: C(amount_yuan), 4: C("其他资金", cs=2), 6: C("0.00", cs=2)},
        {0: C("项目绩效目标", rs=2), 1: C("项目总目标", cs=3), 4: C("年度总体目标", cs=4)},
        {1: C(p.goals, cs=3, align="l"), 4: C(p.goals, cs=4, align="l")},
    ]
    tags: list[object] = [None] * len(rows)
    ind_rows, ind_tags = project_rows(p, 1, project_cells=False)
    n = len(ind_rows)
    form_rows: list[dict[int, C]] = [
        {0: C("绩效指标", rs=n + 1), 1: C("一级指标"), 2: C("二级指标"), 3: C("三级指标", cs=3),
         6: C("年度(/项目)指标值", cs=2)}]
    for r in ind_rows:
        out: dict[int, C] = {}
        for c, cell in r.items():
            if c == 1:
                out[1] = cell
            elif c == 2:
                out[2] = cell
            elif c == 3:
                out[3] = C(cell.text, rs=cell.rs, cs=3, align=cell.align)
            elif c == 4:
                out[6] = C(cell.text, rs=cell.rs, cs=2, align=cell.align)
        form_rows.append(out)
    rows.extend(form_rows)
    tags.append(None)
    tags.extend(ind_tags)
    return Table(w, rows, header_rows=0, tags=tags)


# ---------------------------------------------------------------- other tables
def shouzhi_table() -> Table:
    rows = [
        {0: C("收入", cs=2), 2: C("支出", cs=2)},
        {0: C("项目"), 1: C("预算数"), 2: C("项目"), 3: C("预算数")},
        {0: C("一、一般公共预算拨款收入"), 1: C("1,234.56"), 2: C("一、一般公共服务支出"),
         3: C("800.00")},
        {0: C("二、政府性基金预算拨款收入"), 1: C("0.00"), 2: C("二、社会保障和就业支出"),
         3: C("434.56")},
        {0: C("收入合计"), 1: C("1,234.56"), 2: C("支出合计"), 3: C("1,234.56")},
    ]
    return Table([150, 80, 150, 80], rows, header_rows=2)


def sangong_table() -> Table:
    rows = [
        {0: C("合计", rs=2), 1: C("因公出国（境）费", rs=2), 2: C("公务用车购置及运行费", cs=3),
         5: C("公务接待费", rs=2)},
        {2: C("小计"), 3: C("购置费"), 4: C("运行费")},
        {0: C("8.53"), 1: C("0.00"), 2: C("6.00"), 3: C("0.00"), 4: C("6.00"), 5: C("2.53")},
    ]
    return Table([70, 90, 70, 70, 70, 70], rows, header_rows=2)


# ---------------------------------------------------------------- documents
NOTE = "备注: 1.各单位请根据实际情况,从上述绩效指标中选择适合的填报,也可自行增加或适当调整。2.一个项目一张表"
LISTING_W = [50, 110, 50, 170, 56, 70, 150, 70]


def write_truth(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        w.writerows(rows)


def collect(doc: Document, meta_of: dict[int, tuple[Meta, Project]]) -> list[list[str]]:
    out: list[list[str]] = []
    for tag, page in doc.tag_pages:
        if not tag:
            continue
        for ind in tag:
            meta, proj = meta_of[id(ind)]
            out.append(truth_row(meta, page, proj, ind))
    return out


def make_seed(out: Path) -> None:
    name = "seed-qilian-2023.pdf"
    doc = Document(out / name, Style(pagesize=landscape(A4)))
    dept = ("057", "祁连县人力资源和社会保障局本级")
    meta_of: dict[int, tuple[Meta, Project]] = {}
    for t, p in enumerate(seed_projects(), 1):
        if t > 1:
            doc.new_page()
        doc.text("祁连县人力资源和社会保障局2023年部门预算项目支出绩效目标公开表", 14, center=True)
        doc.text("祁连" if t % 2 else "祁县")
        meta = Meta(name, t, "祁连县", "2023", *dept)
        for ind in p.indicators:
            meta_of[id(ind)] = (meta, p)
        doc.table(listing_table(dept, [p], True, LISTING_W))
        doc.text(NOTE, 7)
    doc.save()
    write_truth(out / name.replace(".pdf", ".truth.csv"), collect(doc, meta_of))


def extra_projects() -> list[Project]:
    """Projects for the variant files (invented, in the style of county listings)."""
    return [
        Project("301002", "城乡居民养老保险经办经费", "35.60", "保障城乡居民养老保险业务经办正常运转。", [
            (P, "数量指标", "参保缴费人数", "≥2.1万人"),
            (P, "数量指标", "待遇发放人数", "≥5600人"),
            (P, "数量指标", "稽核抽查人次", "≥300人次"),
            (P, "质量指标", "待遇发放准确率", "100%"),
            (P, "时效指标", "待遇按月足额发放及时率", "100%"),
            (P, "成本指标", "人均经办成本", "≤16元/人"),
            (B, "社会效益指标", "城乡居民基本养老保险覆盖率", "≥95%"),
            (B, "可持续影响指标", "经办服务长效机制", "健全"),
            (S, SAT, "参保群众满意度", "≥90%"),
        ], no_rules={"数量指标"}, l2_print={"可持续影响指标": "可持续影响"}),
        Project("301003", "就业见习补贴", "120.00", "组织高校毕业生参加就业见习，提升就业能力。", [
            (P, "数量指标", "见习人数", "≥150人"),
            (P, "数量指标", "见习基地数量", "≥12个"),
            (P, "质量指标", "见习留用率", "≥30%"),
            (P, "质量指标", "补贴发放准确率", "100%"),
            (P, "时效指标", "补贴发放时间", "2023年12月31日前"),
            (P, "成本指标", "见习补贴标准", "1560元/人/月"),
            (B, "经济效益指标", "带动见习人员收入", "≥1560元/月"),
            (B, "社会效益指标", "见习人员就业率", "≥80%"),
            (B, "社会效益指标", "见习活动宣传覆盖面", "扩大"),
            (B, "生态效益指标", "无纸化办公比例", "≥60%"),
            (S, SAT, "见习人员满意度", "≥90%"),
            (S, SAT, "见习单位满意度", "≥85%"),
        ], numbered=False, valign="t", l2_print={"服务对象满意度指标": "服务对象满意度"}),
        Project("301004", "公益性岗位补贴", "86.40", "安置就业困难人员到公益性岗位就业，兜牢民生底线。", [
            (P, "数量指标", "安置公益性岗位人数", "≥60人"),
            (P, "质量指标", "岗位补贴足额发放率", "100%"),
            (P, "时效指标", "补贴发放及时率", "100%"),
            (P, "成本指标", "岗位补贴标准", "≤1200元/人/月"),
            (B, "社会效益指标", "就业困难人员就业率", "≥85%"),
            (B, "社会效益指标", "零就业家庭动态清零", "清零"),
            (B, "可持续影响指标", "公益性岗位管理制度", "健全"),
            (S, SAT, "安置人员满意度", "≥95%"),
        ], packed={"社会效益指标"}, glued={"安置人员满意度"}),
    ]


def make_form(out: Path) -> None:
    name = "form-2023.pdf"
    # tall rows: the second form runs over a page break (no repeated header, as forms print)
    doc = Document(out / name, Style(pagesize=A4, font_size=7.5, min_row=21))
    dept = "上海市普陀区人民政府万里街道办事处"
    seeds = seed_projects()
    forms = [
        (Project("", "社区公共服务中心运维", "410.00", "为周边居民提供便捷、优质的社区服务和生活配套设施。", [
            (P, "数量指标", "规划建筑面积", "≥13459.00(平方米)"),
            (P, "质量指标", "完工及时率", "及时率"),
            (P, "成本指标", "预算内经费", "合规"),
            (B, "社会效益指标", "完善社区基础设施建设", "完善率"),
            (S, SAT, "居民满意度", "满意度"),
        ], numbered=False, l2_print={"社会效益指标": "社会效益指\n标", SAT: "服务对象满意\n度指标"}),
         "4,100,000.00"),
        (Project("", seeds[3].name, "123.45", seeds[3].goals, seeds[3].indicators,
                 numbered=False), "1,234,500.00"),
    ]
    meta_of: dict[int, tuple[Meta, Project]] = {}
    for t, (p, yuan) in enumerate(forms, 1):
        if t > 1:
            doc.new_page()
        meta = Meta(name, t, "普陀区", "2023", "", dept)
        for ind in p.indicators:
            meta_of[id(ind)] = (meta, p)
        doc.table(form_table(p, dept, "2023", yuan))
    doc.save()
    write_truth(out / name.replace(".pdf", ".truth.csv"), collect(doc, meta_of))


def make_variants(out: Path) -> None:
    name = "listing-variants.pdf"
    doc = Document(out / name, Style(pagesize=A4, font_size=7.5, repeat_header=True))
    doc.text("某县人力资源和社会保障局2023年部门预算公开说明", 12, center=True)
    for line in ["一、部门主要职能：负责全县人力资源和社会保障工作。",
                 "二、收支预算情况：2023年收入预算1234.56万元，支出预算1234.56万元。"]:
        doc.text(line)
    doc.gap(10)
    doc.text("收支预算总表", 12, center=True)
    doc.text("单位：万元")
    doc.table(shouzhi_table())
    doc.new_page()
    doc.text("大通县人力资源和社会保障局2023年部门预算项目支出绩效目标表", 12, center=True)
    doc.text("单位：万元")
    dept = ("301", "大通县人力资源和社会保障局")
    projects = extra_projects() + [seed_projects()[4]]
    meta = Meta(name, 1, "大通县", "2023", *dept)
    meta_of = {id(ind): (meta, p) for p in projects for ind in p.indicators}
    doc.table(listing_table(dept, projects, False, [40, 80, 40, 90, 48, 58, 100, 60]))
    doc.save()
    write_truth(out / name.replace(".pdf", ".truth.csv"), collect(doc, meta_of))


def make_wps(out: Path) -> None:
    name = "listing-wps-style.pdf"
    doc = Document(out / name, Style(pagesize=landscape(A4), filled_rules=True))
    doc.text("门源回族自治县财政局2024年部门预算“三公”经费支出表", 12, center=True)
    doc.text("单位：万元")
    doc.table(sangong_table())
    doc.gap(20)
    doc.text("门源回族自治县财政局2024年部门预算项目支出绩效目标公开表", 14, center=True)
    dept = ("402", "门源回族自治县财政局")
    projects = extra_projects()
    projects[0] = Project(**{**projects[0].__dict__,
                             "l2_print": {"质量指标": "质量指示", "时效指标": "时效指"}})
    projects[1] = Project(**{**projects[1].__dict__, "numbered": True, "packed": {"数量指标"}})
    meta = Meta(name, 1, "门源回族自治县", "2024", *dept)
    meta_of = {id(ind): (meta, p) for p in projects for ind in p.indicators}
    doc.table(listing_table(dept, projects, False, LISTING_W))
    doc.save()
    write_truth(out / name.replace(".pdf", ".truth.csv"), collect(doc, meta_of))


VALUE_COLUMNS = ["source_file", "page", "table", "title", "row_label", "column_label",
                 "value_raw", "value", "unit"]


def budget_rows(seed: int) -> list[tuple[str, str, int, int]]:
    """(code, name, basic, project) rows of a 一般公共预算支出表, in 元 cents (deterministic)."""
    names = ["行政运行", "一般行政管理事务", "机关服务", "信息化建设", "专项业务", "其他支出",
             "事业运行", "行政单位离退休", "机关事业单位基本养老保险缴费支出", "住房公积金",
             "购房补贴", "行政单位医疗", "公务员医疗补助", "其他社会保障和就业支出"]
    rows = []
    for i in range(30):
        code = f"2{(i // 6) + 1:02d}{(i // 3) % 2 + 1:02d}{i % 3 + 1:02d}"
        basic = ((i * 7919 + seed) % 500) * 1234 if i % 3 else 0
        project = ((i * 104729 + seed) % 300) * 567
        rows.append((code, names[i % len(names)], basic, project))
    return rows


def _yuan(cents: int) -> str:
    return f"{cents / 100:,.2f}" if cents else ""


def make_budget(out: Path) -> None:
    """Other 公开表: a two-block 收支总表, a 一般公共预算支出表 running over pages with its header
    repeated, the same table again without, and a 三公 table. Truth: NAME.values.csv."""
    name = "budget-tables.pdf"
    doc = Document(out / name, Style(pagesize=A4, font_size=8, min_row=26))
    truth: list[list[str]] = []
    tags: dict[int, list[list[str]]] = {}

    def tagged(rows: list[list[str]]) -> int:
        tags[len(tags)] = rows
        return len(tags) - 1

    # 1. 收支总表, two blocks side by side
    doc.text("大通县民政局2025年部门收支预算总表", 12, center=True)
    doc.text("单位：万元")
    title = "大通县民政局2025年部门收支预算总表"
    income = [("一、一般公共预算拨款收入", "1,234.56"), ("二、政府性基金预算拨款收入", ""),
              ("收入总计", "1,234.56")]
    spend = [("一、社会保障和就业支出", "1,000.00"), ("二、住房保障支出", "234.56"),
             ("支出总计", "1,234.56")]
    rows = [{0: C("收入", cs=2), 2: C("支出", cs=2)},
            {0: C("项目"), 1: C("预算数"), 2: C("项目"), 3: C("预算数")}]
    ttags: list[object] = [None, None]
    for (a, av), (b, bv) in zip(income, spend):
        rows.append({0: C(a, align="l"), 1: C(av), 2: C(b, align="l"), 3: C(bv)})
        ttags.append(tagged([[title, a, "收入 / 预算数", av], [title, b, "支出 / 预算数", bv]]))
    doc.table(Table([150, 80, 150, 80], rows, header_rows=2, tags=ttags))
    # 2./3. 一般公共预算支出表 over pages, header repeated; then again, not repeated
    for t, repeat in ((2, True), (3, False)):
        doc.new_page()
        title = f"大通县民政局2025年一般公共预算支出表（{'一' if repeat else '二'}）"
        doc.text(title, 12, center=True)
        doc.text("单位：元")
        rows = [{0: C("功能分类科目编码", rs=2), 1: C("科目名称", rs=2), 2: C("一般公共预算支出", cs=3)},
                {2: C("合计"), 3: C("基本支出"), 4: C("项目支出")}]
        ttags = [None, None]
        for code, nm, basic, project in budget_rows(t):
            total = basic + project
            cells = [_yuan(total), _yuan(basic), _yuan(project)]
            rows.append({0: C(code), 1: C(nm, align="l"),
                         **{2 + k: C(v) for k, v in enumerate(cells)}})
            ttags.append(tagged([[title, f"{code} / {nm}", f"一般公共预算支出 / {col}", v]
                                 for col, v in zip(("合计", "基本支出", "项目支出"), cells)]))
        doc.table(Table([90, 170, 80, 80, 80], rows, header_rows=2, tags=ttags),
                  repeat_header=repeat)
    doc.save()
    table_of = {}
    number = 0
    for tag, page in doc.tag_pages:
        for title, label, column, raw in tags[tag]:
            if title not in table_of:
                number += 1
                table_of[title] = number
            unit = "万元" if "收支" in title else "元"
            value = raw.replace(",", "")
            truth.append([name, str(page), str(table_of[title]), title, label, column, raw,
                          value, unit])
    with (out / "budget-tables.values.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(VALUE_COLUMNS)
        w.writerows(truth)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "samples"
    out.mkdir(parents=True, exist_ok=True)
    for make in (make_seed, make_form, make_variants, make_wps, make_budget):
        make(out)
    for truth in sorted(out.glob("*.truth.csv")):
        n = sum(1 for _ in truth.open(encoding="utf-8")) - 1
        print(f"{truth.name}: {n} indicator rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
