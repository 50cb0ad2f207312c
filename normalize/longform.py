"""Every other 公开表 (收支总表, 一般公共预算支出表, 三公 …) -> values.csv rows.

    stitch_tables -> split_header -> classify_columns -> series -> ValueRows -> check_totals

A table that runs over pages is one table: the next page's grid continues it when it has the
same columns and no title of its own, and a repeated header there is dropped. Header cells give
each value column a path (outermost first: 支出 / 功能分类 / 金额); the label columns before a
group of value columns give its rows their labels (2010101 / 行政运行), so a 收支总表 printed as
two blocks side by side comes out as two series, each with its block in the column path.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from extract.grid import Cell, Grid, join_lines

from .records import ValueRow
from .taxonomy import squeeze

#: column edges of two grids closer than this (points) are the same column
SAME_COLUMN_PT = 4.0
#: a header band is at most this many rows
MAX_HEADER_ROWS = 5

_AMOUNT = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
#: a number as budget tables print it: 1,234.56  -12  45%  (45.00) for a negative
_NUMBER = re.compile(rf"^[-−－]?\s*{_AMOUNT}%?$|^[（(]\s*{_AMOUNT}\s*[)）]$")
_EMPTY = {"", "-", "—", "－", "--", "——", "/", "…", "-- "}
_CODE_HEADER = re.compile(r"编码|代码|科目编号|序号|^类$|^款$|^项$")
#: headers of columns that label rows (an empty column under such a header is still a label)
_LABEL_HEADER = re.compile(r"名称|科目|编码|代码|序号|说明|备注|^项目$|^内容$|^类$|^款$|^项$")
#: sub-header words a table may print on its 合计 row, under 科目编码
_CODE_PARTS = {"类", "款", "项"}
_UNIT = re.compile(r"(?:单位|金额单位)\s*[:：]\s*(万元|千元|元|亿元|%)")
_TOTAL = re.compile(r"合计|小计|总计")


@dataclass(frozen=True, slots=True)
class TotalMismatch:
    """A printed total that does not equal the sum of its parts (reported, never changed)."""

    page: int
    message: str


def parse_number(raw: str) -> str:
    """Given a cell as printed, return its number without thousands separators, else ""."""
    t = unicodedata.normalize("NFKC", raw).strip().replace(" ", "")
    if t in _EMPTY or not _NUMBER.match(t):
        return ""
    negative = t.startswith(("-", "−")) or t.startswith("(")
    digits = t.strip("-−()%").replace(",", "")
    return ("-" if negative else "") + digits


def is_number(raw: str) -> bool:
    return bool(parse_number(raw))


def stitch_tables(grids: list[Grid], continued: list[bool]) -> list[list[Grid]]:
    """Group grids into tables: a grid continues the one before it when ``continued`` says so
    (indicator tables) or when it opens the next page with the same columns and no title."""
    tables: list[list[Grid]] = []
    for i, grid in enumerate(grids):
        prev = tables[-1][-1] if tables else None
        if prev is not None and (continued[i] or _continues(prev, grid)):
            tables[-1].append(grid)
        else:
            tables.append([grid])
    return tables


def _continues(prev: Grid, grid: Grid) -> bool:
    """The grid opens the next page with no title, the same outer edges and no column edge the
    table lacks (rows that merge label columns can hide some of its edges)."""
    if grid.index != 1 or grid.page != prev.page + 1 or grid.n_cols > prev.n_cols:
        return False
    if any(is_title(t) for t in grid.caption):
        return False
    return _edge_map(_column_edges(grid), _column_edges(prev)) is not None


def _edge_map(edges: list[float], into: list[float]) -> list[int] | None:
    """Index in ``into`` of each edge, when all are found there and the outer ones match."""
    out: list[int] = []
    for x in edges:
        j = min(range(len(into)), key=lambda k: abs(into[k] - x))
        if abs(into[j] - x) > SAME_COLUMN_PT:
            return None
        out.append(j)
    if not out or out[0] != 0 or out[-1] != len(into) - 1:
        return None
    return out


def _on_columns(grid: Grid, edges: list[float]) -> Grid:
    """Re-express a continuation grid on the table's columns (its edges are a subset)."""
    mine = _column_edges(grid)
    index = _edge_map(mine, edges)
    if index is None or len(mine) == len(edges):
        return grid
    at = dict(zip(mine, index))
    cells = tuple(replace(c, col=at[c.bbox.x0], col_span=at[c.bbox.x1] - at[c.bbox.x0])
                  for c in grid.cells)
    return replace(grid, n_cols=len(edges) - 1, cells=cells)


def _column_edges(grid: Grid) -> list[float]:
    edges: dict[int, float] = {}
    for cell in grid.cells:
        edges.setdefault(cell.col, cell.bbox.x0)
        edges.setdefault(cell.col + cell.col_span, cell.bbox.x1)
    return [edges[c] for c in sorted(edges)]


def _title_lines(lines: tuple[str, ...]) -> str:
    """The nearest title among caption lines; a title wrapped over two lines is joined."""
    for i in range(len(lines) - 1, -1, -1):
        line = _as_printed(lines[i])
        if len(line) <= 4 and line.endswith("表") and i > 0 and not is_title(lines[i - 1]):
            line = _as_printed(lines[i - 1]) + line  # "…支出预" + "算表", "…预算" + "表"
        if is_title(line):
            return line
    return ""


def _one_line(cell: Cell) -> str:
    """A cell's text on one line, white space runs made single spaces."""
    return " ".join(cell.text.split())


def _as_printed(text: str) -> str:
    return "".join(text.split())


def is_title(text: str, min_chars: int = 2) -> bool:
    """A table title ends in 表, after at least ``min_chars`` characters (…绩效目标表,
    …公开表（一）); a remark that mentions 表 (备注：…一个项目一张表) is not one."""
    t = squeeze(text)
    return bool(re.match(rf"^(?!备注|注[:：]|说明).{{{min_chars},}}表(?:[（(].*[)）])?$", t))


def table_title(grids: list[Grid]) -> str:
    """The title printed above a table: the nearest caption line ending in 表, else the
    nearest section heading (二、主动公开政府信息情况)."""
    title = _title_lines(grids[0].caption)
    if title:
        return title
    for text in reversed(grids[0].caption):
        t = _as_printed(text)
        if re.match(r"^[一二三四五六七八九十]+、.{2,30}$", t) and not t.endswith(("。", "；")):
            return t
    return ""


def table_unit(grids: list[Grid]) -> str:
    """The unit line above (or in the top row of) a table: 单位：万元 -> 万元."""
    texts = [*grids[0].caption, *(c.text for c in grids[0].cells if c.row == 0)]
    for text in texts:
        m = _UNIT.search(squeeze(text))
        if m:
            return m.group(1)
    return ""


def header_rows(grid: Grid) -> int:
    """How many top rows of a grid are header: the rows above the first row with a number
    (a code column's numbers do not count); one row when no row has a number."""
    for r in range(min(grid.n_rows, MAX_HEADER_ROWS + 1)):
        cells = [c for c in grid.row_cells(r) if c.row == r]
        if any(is_number(c.text) and not _looks_like_code(c.text) for c in cells):
            return r
    return 1 if grid.n_rows > 1 else 0


def _looks_like_code(text: str) -> bool:
    """科目编码 such as 201, 20101, 2010101 (3/5/7 digits, no decimals)."""
    return bool(re.fullmatch(r"\d{3}(?:\d{2}){0,3}", text.strip()))


def _row_texts(grid: Grid, r: int) -> tuple[str, ...]:
    return tuple(squeeze(grid.cell_at(r, c).text) for c in range(grid.n_cols))


def column_paths(grid: Grid, n_header: int) -> list[str]:
    """Each column's header cells, outermost first, joined with ' / '."""
    paths: list[str] = []
    for c in range(grid.n_cols):
        parts: list[str] = []
        seen: set[int] = set()
        for r in range(n_header):
            cell = grid.cell_at(r, c)
            key = id(cell)
            text = _one_line(cell)
            if key in seen or not text:
                continue
            seen.add(key)
            parts.append(text)
        paths.append(" / ".join(parts))
    return paths


def data_rows(grids: list[Grid], n_header: int) -> list[tuple[Grid, int]]:
    """The (grid, row) pairs below the header, a header repeated on a later page left out."""
    first = grids[0]
    header_texts = {_row_texts(first, r) for r in range(n_header)}
    out: list[tuple[Grid, int]] = []
    for g in grids:
        for r in range(n_header if g is first else 0, g.n_rows):
            if g is not first and _row_texts(g, r) in header_texts:
                continue
            out.append((g, r))
    return out


def value_columns(grids: list[Grid], n_header: int, paths: list[str]) -> list[bool]:
    """True for columns that hold values: mostly numbers or empty below the header, and not
    a code column."""
    first = grids[0]
    rows = data_rows(grids, n_header)
    out: list[bool] = []
    for c in range(first.n_cols):
        if _CODE_HEADER.search(squeeze(paths[c].split(" / ")[-1] if paths[c] else "")):
            out.append(False)
            continue
        numbers = texts = codes = 0
        for g, r in rows:
            cell = g.cell_at(r, c)
            if cell.row != r or cell.col != c:
                continue
            t = cell.text.strip()
            if not t or t in _EMPTY:
                continue
            if is_number(t):
                numbers += 1
                codes += _looks_like_code(t)
            else:
                texts += 1
        if codes >= 3 and codes == numbers:  # 201, 20101, 2010101 …: a code column
            out.append(False)
        elif numbers or texts:
            out.append(numbers > 0 and numbers >= 2 * texts)
        else:  # empty all the way down: a value column unless its header names a label
            out.append(not _LABEL_HEADER.search(squeeze(paths[c])))
    return out


def series(is_value: list[bool]) -> dict[int, list[int]]:
    """Map each value column to its label columns: the label columns just before its group of
    value columns (a group with none before it borrows the previous group's)."""
    out: dict[int, list[int]] = {}
    labels: list[int] = []
    current: list[int] = []
    for c, v in enumerate(is_value):
        if v:
            if current:
                labels, current = current, []
            out[c] = labels
        else:
            current.append(c)
    return out


def long_rows(grids: list[Grid], table: int) -> tuple[list[ValueRow], list[TotalMismatch]]:
    """Given the grids of one table (stitched over pages), return its values.csv rows."""
    first = grids[0]
    edges = _column_edges(first)
    grids = [first, *(_on_columns(g, edges) for g in grids[1:])]
    n_header = header_rows(first)
    paths = column_paths(first, n_header)
    is_value = value_columns(grids, n_header, paths)
    label_of = series(is_value)
    title, unit = table_title(grids), table_unit(grids)
    # a row the page break cut: its last line(s) of label text open the next page, with no
    # value beside them; they finish the labels of the row before
    kept: list[tuple[Grid, int, dict[int, str]]] = []
    last_grid: Grid | None = None
    for g, r in data_rows(grids, n_header):
        labels = {vc: _row_label(g, r, cols, paths) for vc, cols in label_of.items()}
        opens_page = kept and g is not last_grid
        last_grid = g
        if (opens_page and any(labels.values())
                and all(not g.cell_at(r, vc).text.strip() for vc in label_of)):
            for vc, text in labels.items():
                if text:
                    kept[-1][2][vc] = join_lines([kept[-1][2][vc], text])
            continue
        kept.append((g, r, labels))
    rows: list[ValueRow] = []
    for g, r, labels in kept:
        for vc in label_of:
            cell = g.cell_at(r, vc)
            if cell.row != r or cell.col != vc:
                continue  # covered by a label spanning into it, or by the cell above
            raw = _one_line(cell)
            if not labels[vc] and not raw:
                continue
            rows.append(ValueRow(g.source, g.page, table, title, labels[vc], paths[vc], raw,
                                 parse_number(raw), unit))
    return rows, check_totals(rows)


def _row_label(grid: Grid, r: int, label_cols: list[int], paths: list[str]) -> str:
    parts: list[str] = []
    last: Cell | None = None
    for c in label_cols:
        cell = grid.cell_at(r, c)
        if cell is last:
            continue
        last = cell
        text = _one_line(cell)
        if text and text not in _CODE_PARTS and text != paths[c].split(" / ")[-1]:
            parts.append(text)  # (类 款 项 printed on the 合计 row are header, not label)
    return " / ".join(parts)


def check_totals(rows: list[ValueRow]) -> list[TotalMismatch]:
    """Check every row's 合计/小计 column against the sum of its sibling columns.

    A total column is a value column whose path ends in 合计/小计/总计; its parts are the other
    columns under the same parent, each taken at its own level (a nested group's 小计 stands for
    the group). Only rows where the total and all parts are numbers are checked.
    """
    by_row: dict[tuple[int, str], dict[str, ValueRow]] = {}
    for row in rows:
        by_row.setdefault((row.page, row.row_label), {})[row.column_label] = row
    problems: list[TotalMismatch] = []
    for (page, label), cols in by_row.items():
        if not label:
            continue  # no row label: too little is known of the row to check it
        for path, total in cols.items():
            parts_of = path.split(" / ")
            if not _TOTAL.search(parts_of[-1]) or not total.value:
                continue
            parent = parts_of[:-1]
            parts = [row for p, row in cols.items() if p != path and _is_part(p, parent)]
            printed = [row for row in parts if row.value]
            if len(parts) < 2 or not printed or any(row.value_raw and not row.value
                                                     for row in parts):
                continue  # a blank part is 0 (as budget tables print it); text is not
            total_value = float(total.value)
            summed = sum(float(row.value) for row in printed)
            # every figure is rounded where it is printed (to the cent, or to the yuan when
            # printed without decimals): allow half of the coarsest step per figure
            step = max(_step(row.value) for row in [total, *printed])
            if abs(total_value - summed) > step / 2 * (len(printed) + 1) + 1e-9:
                names = " + ".join(p.column_label.split(" / ")[-1] for p in parts)
                problems.append(TotalMismatch(page, f"table {total.table} row {label!r}: "
                                              f"{parts_of[-1]} {total.value} ≠ {names} = "
                                              f"{summed:.2f}"))
    return problems


def _step(number: str) -> float:
    """The rounding step of a printed number: 0.01 for 12.34, 1 for 1234."""
    decimals = len(number.split(".")[1]) if "." in number else 0
    return 10.0 ** -decimals


def _is_part(path: str, parent: list[str]) -> bool:
    """A direct child of ``parent``, or the 小计 of a child group."""
    parts = path.split(" / ")
    if parts[: len(parent)] != parent:
        return False
    rest = parts[len(parent):]
    return len(rest) == 1 and not _TOTAL.search(rest[0]) or (
        len(rest) == 2 and bool(_TOTAL.search(rest[1])))
