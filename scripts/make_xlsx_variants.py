"""Render 绩效目标表 through a spreadsheet, as county offices do: openpyxl -> LibreOffice -> PDF.

    python scripts/make_xlsx_variants.py OUT_DIR [--seed N] [--files K]

Needs LibreOffice Calc (Debian: libreoffice-calc), openpyxl and the font asked for (Debian:
fonts-wqy-microhei for the default; a font not installed is an error, not a fallback).

A second renderer, independent of tablepdf.py: real merged cells, borders only where a
spreadsheet user draws them, Excel-style wrapping, print titles for repeated headers,
Identity-H fonts in the exported PDF. Each file gets NAME.truth.csv beside it, written from
the same data the sheet is filled with.

Random choices per file: listings or one-project forms (万元 or 元, with or without a 绩效指标
column); portrait or landscape; one or several projects per table; 1-3 tables;
group rows with or without inner rules; labels merged or printed in the middle row of an
unmerged, unruled block; centred or top-aligned; repeated header rows or none; labels without
指标; items numbered or not; a 收支总表 sheet and a prose sheet in the same file; with
--no-vrules, no rule between the 三级指标 and 指标值 columns in some tables.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from make_samples import COLUMNS, Meta, Project, extra_projects, seed_projects, split_value  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, Side  # noqa: E402
from openpyxl.worksheet.page import PageMargins  # noqa: E402
from openpyxl.worksheet.pagebreak import Break  # noqa: E402

THIN = Side(style="thin", color="000000")
NONE = Side(style=None)
SHORT_L2 = {"社会效益指标": "社会效益", "经济效益指标": "经济效益", "生态效益指标": "生态效益",
            "可持续影响指标": "可持续影响", "服务对象满意度指标": "服务对象满意度"}


class Sheet:
    def __init__(self, ws, rnd: random.Random, font: str):
        self.ws = ws
        self.rnd = rnd
        self.font = Font(name=font, size=9)
        self.row = 1

    def put(self, r: int, c: int, text: str, rs: int = 1, cs: int = 1, h: str = "center",
            v: str = "center", box: bool = True) -> None:
        cell = self.ws.cell(row=r, column=c, value=text if text != "" else None)
        if text:
            cell.data_type = "s"  # "=100%" is a value as printed, not a formula
        cell.font = self.font
        cell.alignment = Alignment(horizontal=h, vertical=v, wrap_text=True)
        if text and rs == 1:
            self.fit_height(r, c, cs, text)
        if rs > 1 or cs > 1:
            self.ws.merge_cells(start_row=r, start_column=c, end_row=r + rs - 1,
                                end_column=c + cs - 1)
        if box:
            self.border(r, c, r + rs - 1, c + cs - 1)

    def fit_height(self, r: int, c: int, cs: int, text: str) -> None:
        """Grow the row to the wrapped text, as Excel's autofit does (openpyxl does not)."""
        width = sum(self.ws.column_dimensions[chr(64 + k)].width or 8 for k in range(c, c + cs))
        lines = 0
        for para in text.split("\n"):
            units = sum(2 if ord(ch) > 0x2000 else 1.1 for ch in para)
            lines += max(1, math.ceil(units / max(width - 1, 1)))
        need = lines * 12.5 + 3
        dim = self.ws.row_dimensions[r]
        dim.height = max(dim.height or 15, need)

    def border(self, r0: int, c0: int, r1: int, c1: int, inner_h: bool = True) -> None:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                top = THIN if (r == r0 or inner_h) else NONE
                bottom = THIN if (r == r1 or inner_h) else NONE
                left = THIN if c == c0 else NONE
                right = THIN if c == c1 else NONE
                self.ws.cell(row=r, column=c).border = Border(left=left, right=right, top=top,
                                                              bottom=bottom)

    def line(self, text: str, cols: int, size: int = 9, bold: bool = False) -> None:
        cell = self.ws.cell(row=self.row, column=1, value=text)
        cell.font = Font(name=self.font.name, size=size, bold=bold)
        cell.alignment = Alignment(horizontal="center" if size > 10 else "left")
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=cols)
        self.row += 1


def listing(sh: Sheet, dept: tuple[str, str], projects: list[Project], meta: Meta,
            opts: dict, out: list[list[str]]) -> int:
    """Fill one listing table; return the first and last header rows for print titles."""
    put = sh.put
    r = sh.row
    h0 = r
    put(r, 1, "单位编码", rs=2)
    put(r, 2, "单位及项目名称", rs=2)
    put(r, 3, "金额（万元）", rs=2)
    put(r, 4, "绩效目标", rs=2)
    put(r, 5, "绩效指标", cs=4)
    put(r + 1, 5, "一级指标")
    put(r + 1, 6, "二级指标")
    put(r + 1, 7, "三级指标")
    put(r + 1, 8, "指标值")
    r += 2
    total = sum(float(p.amount) for p in projects)
    put(r, 1, dept[0])
    put(r, 2, dept[1], h="left")
    put(r, 3, f"{total:.2f}")
    put(r, 4, "")
    put(r, 5, "", cs=4)
    r += 1
    for p in projects:
        start = r
        blocks: list[tuple[str, list[tuple[str, list]]]] = []
        for ind in p.indicators:
            if not blocks or blocks[-1][0] != ind[0]:
                blocks.append((ind[0], []))
            groups = blocks[-1][1]
            if not groups or groups[-1][0] != ind[1]:
                groups.append((ind[1], []))
            groups[-1][1].append(ind)
        for l1, groups in blocks:
            b0 = r
            if l1 == p.packed_block:  # the whole 一级 block in one row
                names, vals = [], []
                for l2, inds in groups:
                    names.append(SHORT_L2.get(l2, l2))
                    names += [f"{i}.{ind[2]}" for i, ind in enumerate(inds, 1)]
                    vals += [ind[3] for ind in inds]
                    out.extend(_truth(meta, p, ind, r) for ind in inds)
                put(r, 6, "")
                put(r, 7, " ".join(names), h="left")
                put(r, 8, " ".join(vals))
                r += 1
                put(b0, 5, l1, rs=r - b0, v=opts["valign"])
                continue
            for l2, inds in groups:
                g0 = r
                if l2 in p.packed:
                    sep = sh.rnd.choice([" ", "\n"])
                    put(r, 6, SHORT_L2.get(l2, l2) if opts["short_l2"] else l2)
                    put(r, 7, sep.join(f"{i}.{ind[2]}" for i, ind in enumerate(inds, 1)),
                        h="left")
                    put(r, 8, sep.join(ind[3] for ind in inds))
                    out.extend(_truth(meta, p, ind, r) for ind in inds)
                    r += 1
                    continue
                for i, ind in enumerate(inds, 1):
                    name = f"{i}.{ind[2]}" if opts["numbered"] else ind[2]
                    inner = opts["inner_rules"] or len(inds) == 1
                    put(r, 7, name, h="left", box=False)
                    put(r, 8, ind[3], box=False)
                    out.append(_truth(meta, p, ind, r))
                    r += 1
                label = SHORT_L2.get(l2, l2) if opts["short_l2"] else l2
                inner = opts["inner_rules"]
                if opts["merge_labels"] or inner:
                    put(g0, 6, label, rs=r - g0, v=opts["valign"])
                else:  # unmerged: label in the middle row of an unruled block
                    put(g0 + (r - g0 - 1) // 2, 6, label, box=False)
                    sh.border(g0, 6, r - 1, 6, inner_h=False)
                sh.border(g0, 7, r - 1, 7, inner_h=inner)
                sh.border(g0, 8, r - 1, 8, inner_h=inner)
                if opts["no_vrule"]:  # no rule between 三级指标 and 指标值 in the body
                    for rr in range(g0, r):
                        for col, side in ((7, "right"), (8, "left")):
                            cell = sh.ws.cell(row=rr, column=col)
                            b = cell.border
                            cell.border = Border(left=NONE if side == "left" else b.left,
                                                 right=NONE if side == "right" else b.right,
                                                 top=b.top, bottom=b.bottom)
            put(b0, 5, l1, rs=r - b0, v=opts["valign"])
        n = r - start
        put(start, 1, p.code, rs=n, v=opts["valign"])
        put(start, 2, p.name, rs=n, v=opts["valign"])
        put(start, 3, p.amount, rs=n, v=opts["valign"])
        put(start, 4, p.goals, rs=n, h="left", v=opts["valign"])
    sh.row = r + 1
    return h0


def form(sh: Sheet, p: Project, meta: Meta, opts: dict, out: list[list[str]]) -> None:
    """Fill one one-project form (财政项目支出绩效目标填报表 style) from the current row."""
    put, rnd = sh.put, sh.rnd
    r = sh.row
    title = rnd.choice(
        ["财政项目支出绩效目标填报表", "项目支出绩效目标表", "部门预算项目绩效目标申报表"])
    put(r, 1, title, cs=8)
    put(r + 1, 1, f"（{meta.year}年度）", cs=8)
    in_yuan = opts["yuan"]
    amount = f"{float(p.amount) * 10000:,.2f}" if in_yuan else p.amount
    put(r + 2, 1, "项目名称", cs=2)
    put(r + 2, 3, p.name, cs=6)
    put(r + 3, 1, "主管部门", cs=2)
    put(r + 3, 3, meta.dept, cs=2)
    put(r + 3, 5, "实施单位")
    put(r + 3, 6, meta.dept, cs=3)
    put(r + 4, 1, "项目资金（元）" if in_yuan else "项目资金（万元）", cs=2, rs=3)
    put(r + 4, 3, rnd.choice(["年度资金总额", "项目资金总额"]), cs=2)
    put(r + 4, 5, amount, cs=4)
    put(r + 5, 3, "其中：财政拨款", cs=2)
    put(r + 5, 5, amount, cs=4)
    put(r + 6, 3, "其他资金", cs=2)
    put(r + 6, 5, "0.00", cs=4)
    put(r + 7, 1, rnd.choice(["年度绩效目标", "年度总体目标"]), cs=2)
    put(r + 7, 3, p.goals, cs=6, h="left")
    r += 8
    first = 1 if opts["section_col"] else 0  # a 绩效指标 column down the left or not
    c1, c2, c3, cv = 1 + first, 2 + first, 3 + first, 6
    put(r, c1, "一级指标")
    put(r, c2, "二级指标")
    put(r, c3, "三级指标", cs=cv - c3)
    put(r, cv, rnd.choice(["指标值", "年度指标值", "年度(/项目)指标值"]), cs=3)
    head = r
    r += 1
    blocks: list[tuple[str, list[tuple[str, list]]]] = []
    for ind in p.indicators:
        if not blocks or blocks[-1][0] != ind[0]:
            blocks.append((ind[0], []))
        if not blocks[-1][1] or blocks[-1][1][-1][0] != ind[1]:
            blocks[-1][1].append((ind[1], []))
        blocks[-1][1][-1][1].append(ind)
    for l1, groups in blocks:
        b0 = r
        for l2, inds in groups:
            g0 = r
            for ind in inds:
                put(r, c3, ind[2], cs=cv - c3, h="left")
                put(r, cv, ind[3], cs=3)
                out.append(_truth(meta, p, ind, r))
                r += 1
            put(g0, c2, SHORT_L2.get(l2, l2) if opts["short_l2"] else l2, rs=r - g0,
                v=opts["valign"])
        put(b0, c1, l1, rs=r - b0, v=opts["valign"])
    if first:
        put(head, 1, "绩效指标", rs=r - head)
    sh.row = r + 2


def _truth(meta: Meta, p: Project, ind: tuple[str, str, str, str], row: int) -> list[str]:
    cmp_, num, unit = split_value(ind[3])
    return [meta.source, "", str(meta.table), meta.region, meta.year, meta.dept_code,
            meta.dept, p.code, p.name, p.amount, p.goals, ind[0], ind[1], ind[2], ind[3], cmp_,
            num, unit, "1.0"]


def with_strict(p: Project, rnd: random.Random, share: float) -> Project:
    """The project with ``share`` of its ≥ / ≤ values printed > / < instead: the two
    must be told apart by the glyph (a 宋体 ⩾ is read as > by every model)."""
    if share <= 0:
        return p
    strict = {"≥": ">", "≤": "<"}
    inds = [(*ind[:3], strict[ind[3][0]] + ind[3][1:])
            if ind[3][:1] in strict and rnd.random() < share else ind for ind in p.indicators]
    return Project(**{**p.__dict__, "indicators": inds})


def make_file(path: Path, rnd: random.Random, font: str,
              vrule_off: bool = False, strict: float = 0.0) -> list[list[str]]:
    wb = Workbook()
    ws = wb.active
    landscape = rnd.random() < 0.5
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    widths = [8, 18, 8, 30, 10, 12, 26, 12] if landscape else [7, 14, 7, 18, 9, 11, 20, 11]
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(65 + i)].width = w
    sh = Sheet(ws, rnd, font)
    if rnd.random() < 0.4:  # other tables and prose in the same file
        sh.line("收支预算总表", 8, size=14, bold=True)
        sh.line("单位：万元", 8)
        for a, b, c, d in [("收入", "", "支出", ""), ("项目", "预算数", "项目", "预算数"),
                           ("一般公共预算拨款收入", "88.00", "社会保障和就业支出", "88.00"),
                           ("收入合计", "88.00", "支出合计", "88.00")]:
            sh.put(sh.row, 1, a, cs=2)
            sh.put(sh.row, 3, b, cs=2)
            sh.put(sh.row, 5, c, cs=2)
            sh.put(sh.row, 7, d, cs=2)
            sh.row += 1
        sh.row += 1
        sh.line("二、部门预算说明：本部门2023年预算收支均为财政拨款。", 8)
        sh.row += 1
    pool = extra_projects() + seed_projects()
    rnd.shuffle(pool)
    pool = [with_strict(p, rnd, strict) for p in pool]
    truth: list[list[str]] = []
    if rnd.random() < 0.3:  # a file of one-project forms
        region, year = rnd.choice([("门源回族自治县", "2024"), ("祁连县", "2025")])
        dept = f"{region}人力资源和社会保障局"
        for t in range(1, rnd.choice([1, 2, 3]) + 1):
            p = pool.pop()
            meta = Meta(path.name, t, region, year, "", dept)
            yuan = rnd.random() < 0.5
            form(sh, Project(**{**p.__dict__, "code": ""}), meta,
                 {"yuan": yuan, "section_col": rnd.random() < 0.5, "short_l2": rnd.random() < 0.4,
                  "valign": rnd.choice(["center", "top"])}, truth)
            if rnd.random() < 0.5:  # each form on a page of its own
                ws.row_breaks.append(Break(id=sh.row - 1))
        _export(wb, path)
        return truth
    n_tables = rnd.choice([1, 1, 2, 3])
    region, year = rnd.choice([("大通县", "2023"), ("湟源县", "2024"), ("互助土族自治县", "2025")])
    header_rows: tuple[int, int] | None = None
    for t in range(1, n_tables + 1):
        k = rnd.choice([1, 1, 2, 3])
        projects = [pool.pop() for _ in range(min(k, len(pool)))]
        dept = (f"{rnd.randint(100, 999)}", f"{region}第{t}部门")
        sh.line(f"{region}第{t}部门{year}年部门预算项目支出绩效目标表", 8, size=14, bold=True)
        sh.line(region[:2], 8)
        meta = Meta(path.name, t, region, year, *dept)
        opts = {"numbered": rnd.random() < 0.7, "inner_rules": rnd.random() < 0.5,
                "merge_labels": rnd.random() < 0.6, "valign": rnd.choice(["center", "top"]),
                "short_l2": rnd.random() < 0.4, "no_vrule": vrule_off and rnd.random() < 0.5}
        h0 = listing(sh, dept, projects, meta, opts, truth)
        if t == 1:
            header_rows = (h0, h0 + 1)
    if header_rows and rnd.random() < 0.5:
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    _export(wb, path)
    return truth


def _export(wb: Workbook, path: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / (path.stem + ".xlsx")
        wb.save(xlsx)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir",
                        str(path.parent), str(xlsx)], check=True, capture_output=True,
                       timeout=120)


def installed_family(font: str) -> str | None:
    """The family fontconfig gives for ``font`` (the font itself when installed), or None
    when fc-match is not there to ask."""
    try:
        out = subprocess.run(["fc-match", "-f", "%{family}", font], capture_output=True,
                             text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    families = [f.strip() for f in out.split(",")]
    return font if font in families else families[0]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--files", type=int, default=12)
    ap.add_argument("--font", default="WenQuanYi Micro Hei")
    ap.add_argument("--no-vrules", action="store_true",
                    help="also leave out the rule between 三级指标 and 指标值 in some tables")
    ap.add_argument("--strict", type=float, default=0.0,
                    help="share of ≥ / ≤ values printed as > / < instead")
    args = ap.parse_args(argv)
    if (found := installed_family(args.font)) is not None and found != args.font:
        # LibreOffice would quietly print in another face (Noto Sans CJK JP, with Japanese
        # glyph forms), and the set would not be the one its seed names
        print(f"font {args.font!r} is not installed (fc-match gives {found!r}); Debian: "
              "fonts-wqy-microhei, fonts-arphic-uming, fonts-arphic-ukai, fonts-noto-cjk",
              file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(args.seed)
    for i in range(args.files):
        path = args.out / f"xl-{args.seed}-{i:02d}.pdf"
        truth = make_file(path, rnd, args.font, args.no_vrules, args.strict)
        with path.with_suffix(".truth.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(COLUMNS)
            w.writerows(truth)
        print(f"{path.name}: {len(truth)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
