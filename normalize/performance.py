"""Stage 7: Grids of 绩效目标表 (both layouts) -> IndicatorRows.

Walks a file's grids in page order. A grid whose header names the indicator columns opens a
绩效目标表; a grid that continues it on the next page (repeated header or none) carries on with
the same column roles, project and 一级/二级 labels, so spans broken by a page break still fill.

Each body row is read left to right as a stream of tokens classified by *content* first and
column second: a 二级 label is a label wherever it is printed, a numbered item is an item even
when the row slid into the project columns. Items then meet their values (packed.py).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from extract.grid import Cell, Grid, TextLine, join_lines

from .longform import is_title
from .packed import Item, Piece, assign_values, group_plain_lines, item_from_pieces, read_pieces
from .records import IndicatorRow
from .taxonomy import (
    LEVEL1,
    LEVEL2_PARENT,
    edit_distance,
    edit_distance_le1,
    level2_from_wording,
    match_label,
    parent_of,
    split_leading_label,
    squeeze,
)
from .values import is_amount, looks_like_value, parse_value, repair_ocr_amount, repair_ocr_value

# column roles
CODE, NAME, AMOUNT, GOALS, L1, L2, L3, VALUE = (
    "code", "name", "amount", "goals", "l1", "l2", "l3", "value")
DEPT_CODE, DEPT = "dept_code", "dept"
#: templates that print 指标值 as three columns: 计算符号 | 指标值 | 计量单位
COMP, UNIT = "comp", "unit"
PROJECT_ROLES = (CODE, NAME, AMOUNT, GOALS)
INDICATOR_ROLES = (L1, L2, L3, VALUE)

_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


_AMOUNT_HEADER = re.compile(
    r"(?:项目|年度|预算|资金)?(?:金额|资金|预算数|资金总额|预算金额|总金额)(?:合计)?")


#: header cells by their exact words (besides 一级/二级/三级…指标, …指标值 and amounts)
_HEADER_TERMS: dict[str, str] = {
    **dict.fromkeys(("指标名称", "绩效指标名称", "指标内容", "具体指标"), L3),
    **dict.fromkeys(("目标值", "指标目标值", "年度目标值"), VALUE),
    **dict.fromkeys(("计算符号", "运算符号", "比较符号", "符号"), COMP),
    **dict.fromkeys(("计量单位", "度量单位", "指标单位", "指标值单位"), UNIT),
    **dict.fromkeys(("单位编码", "单位代码", "部门编码", "部门代码"), DEPT_CODE),
    **dict.fromkeys(("项目编码", "项目代码", "编码", "代码", "项目编号"), CODE),
    **dict.fromkeys(("单位名称", "部门名称", "预算单位", "单位"), DEPT),
    **dict.fromkeys(("项目名称", "单位及项目名称", "单位名称及项目名称", "项目及单位名称",
                     "部门及项目名称"), NAME),
    **dict.fromkeys(("绩效目标", "年度绩效目标", "项目绩效目标", "年度目标", "项目目标", "总体目标",
                     "年度总体目标"), GOALS),
}
#: header words an OCR'd header may miss by one character: four characters or more
_FUZZY_HEADERS = [w for w in (*_HEADER_TERMS, "一级指标", "二级指标", "三级指标", "项目金额",
                              "预算金额", "资金总额", "年度金额") if len(w) >= 4]
#: a header word this long or longer is recognised with two characters misread
#: (峰位及项目名县 for 单位及项目名称, a bilevel scan at 200 dpi)
LONG_HEADER = 7
#: stray marks OCR reads at a header's edges (a seal's speck, the end of a rule)
_EDGE_JUNK = re.compile(r"^[^\u4e00-\u9fff]+|[^\u4e00-\u9fff）)]+$")
_UNCLOSED = re.compile(r"[（(][^）)]*$")


def _header_role(text: str) -> str | None:
    """Return the column role a header cell names, or None if it is not a header cell.

    What OCR made of a header is taken too: stray marks at its edges ("C 绩效目标",
    "I 二级指标") are dropped, and a header word of four or more characters is recognised
    with one character misread (of LONG_HEADER or more, two) when no header word of
    another role is that close."""
    t = _BRACKETED.sub("", squeeze(text)).strip("：:")
    if not t or len(t) > 14:
        return None
    role = _exact_header_role(t)
    if role is not None:
        return role
    bare = _EDGE_JUNK.sub("", _UNCLOSED.sub("", t))
    if bare != t and bare:
        role = _exact_header_role(bare)
        if role is not None:
            return role
    if len(bare) < 4 or bare in _SECTION_WORDS:
        return None  # 绩效指标 is one character off 绩效目标, and names no column
    close = {_exact_header_role(w) for w in _FUZZY_HEADERS if edit_distance_le1(bare, w)}
    if not close and len(bare) >= LONG_HEADER:
        close = {_exact_header_role(w) for w in _FUZZY_HEADERS
                 if len(w) >= LONG_HEADER and edit_distance(bare, w) <= 2}
    return close.pop() if len(close) == 1 else None


def _exact_header_role(t: str) -> str | None:
    for prefix, role in (("一级", L1), ("二级", L2), ("三级", L3)):
        if t.startswith(prefix) and "指标" in t:
            return role
    if t in _HEADER_TERMS:
        return _HEADER_TERMS[t]
    if t.endswith("指标值"):
        return VALUE
    if _AMOUNT_HEADER.fullmatch(t):
        return AMOUNT
    return None


#: words that label a block of the table rather than carry data
_SECTION_WORDS = {"绩效指标", "项目绩效目标", "年度绩效指标", "绩效目标", "项目绩效指标", "指标"}
_FORM_KEYS = {
    "项目名称": "name", "主管部门": "department", "主管单位": "department",
    "实施单位": "unit", "项目资金总额": "amount", "资金总额": "amount", "项目总金额": "amount",
    "年度资金总额": "amount", "项目资金": "amount_group", "年度总体目标": "goals",
    "年度绩效目标": "goals", "年度目标": "goals", "项目总目标": "total_goals",
    "总体目标": "total_goals",
}
_TOTAL_WORDS = {"合计", "总计", "小计"}
_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z\-_.]*")
#: marks OCR reads off specks at either end of a code
_SPECKS_ABOUT = re.compile(r"^[·•.,，。、'`‘’:;：；]+|[·•.,，。、'`‘’:;：；]+$")
_YEAR = re.compile(r"(20\d{2})\s*年")
_PLACE_CHAR = r"(?:(?![省市州盟县区旗])[\u4e00-\u9fff])"
_REGION_COUNTY = re.compile(
    rf"(?:^|省|市|州|盟|地区)({_PLACE_CHAR}{{1,6}}?(?:自治县|自治旗|县|区|旗))")
_REGION_CITY = re.compile(rf"(?:^|省|自治区)({_PLACE_CHAR}{{1,6}}?(?:市|州|盟))")
_NOTE = re.compile(r"^\s*(?:备注|注[:：]|说明[:：]|填报说明)")


@dataclass
class Project:
    code: str = ""
    name: str = ""
    amount: str = ""
    goals: str = ""


@dataclass
class TableState:
    """What a 绩效目标表 carries from row to row and across a page break."""

    number: int
    form: bool
    roles: dict[int, str]
    col_edges: tuple[float, ...]
    page: int
    region: str = ""
    year: str = ""
    in_yuan: bool = False
    department_code: str = ""
    department: str = ""
    project: Project = field(default_factory=Project)
    level1: str | None = None
    level2: str | None = None
    #: how sure the 二级 label in force is (below 1.0 when OCR read it, or it was mended)
    level2_confidence: float = 1.0
    #: index in the output of the current project's first row
    project_start: int = 0
    #: the project's merged cells were cut by the page break with text on the next page
    project_open: bool = False
    #: True while reading a grid that continues the table from the page before
    continuing: bool = False
    #: output rows whose 二级 label is printed on the next page (their cell was cut)
    pending: list[int] = field(default_factory=list)
    #: output rows given the 二级 label above them although their own 二级 cell, empty at
    #: the page's foot, is not that label's: a merged cell cut by the page break, its label
    #: printed on the next page. A label the next page opens with is theirs.
    tentative: list[int] = field(default_factory=list)
    #: x range of each indicator column where the header set the roles
    role_x: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: the 二级 labels the current project has printed so far
    seen_l2: list[str] = field(default_factory=list)
    #: the number the next 三级 item carries when the rows above hold one numbered item
    #: each (0: none due)
    next_item: int = 0


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the reader could not place; reported, never silently dropped."""

    page: int
    message: str


@dataclass(frozen=True, slots=True)
class PlainRun:
    """Consecutive unnumbered lines of one cell, with the labels in force where they stand."""

    pieces: list[Piece]
    level1: str | None
    level2: str | None


@dataclass
class Token:
    kind: str  # l1 l2 item plain value code name amount goals total
    text: str = ""
    lines: tuple[TextLine, ...] = ()
    piece: Piece | None = None
    cell: Cell | None = None


@dataclass
class IndicatorTables:
    """What read_indicator_tables found in one file."""

    rows: list[IndicatorRow]
    problems: list[Problem]
    #: per grid: True when it continues the table of the grid before it (next page)
    continues: list[bool]
    #: per grid: True when it was read as (part of) a 绩效目标表
    indicator: list[bool]


def read_indicator_tables(grids: list[Grid]) -> IndicatorTables:
    """Given all grids of one file in page order, return its indicator rows and problems."""
    rows: list[IndicatorRow] = []
    problems: list[Problem] = []
    flags: list[bool] = []
    used: list[bool] = []
    state: TableState | None = None
    dropped: set[int] = set()
    count = 0
    stub: Grid | None = None  # a table's first header row alone at the foot of a page
    head: Grid | None = None  # a form's key/value block alone at the foot of a page
    for grid in grids:
        flags.append(False)
        used.append(False)
        roles = header_roles(grid)
        if stub is not None and not (grid.index == 1 and grid.page == stub.page + 1):
            stub = None
        if head is not None and not (grid.index == 1 and grid.page == head.page + 1):
            head = None
        found = set(roles.values())
        # the 三级 and 指标值 headers together say enough when OCR lost the 一级/二级 ones
        is_indicator = ({L3, VALUE} <= found
                        or (bool(found & {L3, VALUE}) and bool(found & {L1, L2})))
        continues = state is not None and _continues(state, grid)
        if is_indicator and state is not None and not _is_form(grid):
            roles = _inherit_roles(state, grid, roles)
        if is_indicator:
            if continues and not _has_title(grid) and not _is_form(grid):
                assert state is not None
                state.roles = _merge_roles(state, grid, roles)
                state.page = grid.page
                flags[-1] = True
            else:
                _close_table(state, rows, problems, dropped)
                count += 1
                if stub is not None and not _has_title(grid):
                    grid = replace(grid, caption=stub.caption + grid.caption)
                    flags[-1] = True  # one table with the stub
                if head is not None and (_has_title(grid) or _is_form(grid)
                                         or NAME in roles.values()):
                    head = None  # a table of its own (a listing names its projects)
                flags[-1] = flags[-1] or head is not None  # one table with the form's head
                state = _open_table(count, grid, roles, head)
            stub = head = None
        elif continues:
            assert state is not None
            state.roles = _merge_roles(state, grid, {})
            state.page = grid.page
            flags[-1] = True
        else:
            _close_table(state, rows, problems, dropped)
            state = None
            is_stub = bool(set(roles.values()) & {CODE, NAME}) and grid.n_rows <= 2
            stub = grid if is_stub else None
            # a form's head (or only its 项目名称 row) with its indicators on the next page
            head = grid if _is_form(grid) or (not is_stub and _names_form(grid)) else None
            continue
        assert state is not None
        state.continuing = flags[-1]
        used[-1] = True
        _read_body(grid, state, rows, problems)
    _close_table(state, rows, problems, dropped)
    kept = [row for i, row in enumerate(rows) if i not in dropped]
    return IndicatorTables(_close_quotes(kept), problems, flags, used)


_QUOTED = re.compile(r"“([^“”]{1,12})”")


def _close_quotes(rows: list[IndicatorRow]) -> list[IndicatorRow]:
    """Put back a closing quote OCR lost in a project name where the name wraps before it
    (事业单位及“三支一扶 / ”人员培训费): after the words the project's own indicators and
    goals print quoted most often (“三支一扶”), and only when one such reading is clearly
    the most frequent, so nothing is guessed."""
    fixed: dict[tuple[int, str], str] = {}
    for row in rows:
        name = row.project_name
        if row.confidence >= 1.0 or name.count("“") <= name.count("”"):
            continue
        key = (row.table, name)
        if key in fixed:
            continue
        texts = [r.level3 for r in rows if (r.table, r.project_name) == key] + [row.goals]
        seen = Counter(q for t in texts for q in _QUOTED.findall(t)
                       if re.search(rf"“{re.escape(q)}(?!”)", name))
        ranked = seen.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            q = ranked[0][0]
            name = re.sub(rf"“{re.escape(q)}(?!”)", f"“{q}”", name, count=1)
        fixed[key] = name
    return [replace(r, project_name=fixed.get((r.table, r.project_name), r.project_name))
            for r in rows]


def _close_table(state: TableState | None, rows: list[IndicatorRow], problems: list[Problem],
                 dropped: set[int]) -> None:
    """Report and drop the rows whose 二级 label never turned up."""
    if state is None:
        return
    _settle_by_wording(rows, state, problems)
    for i in state.pending:
        dropped.add(i)
        problems.append(Problem(rows[i].page, f"indicator {rows[i].level3!r} has no 二级指标; "
                                              "skipped"))
    state.pending.clear()


def _cell_role(cell: Cell) -> str | None:
    """The role a header cell names; its first line is enough (a cut merged cell's label can
    be printed over a repeated header)."""
    role = _header_role(cell.text)
    if role is None and cell.lines and len(cell.lines) > 1:
        role = _header_role(cell.lines[0].text)
    return role


def header_roles(grid: Grid) -> dict[int, str]:
    """Given a grid, return column -> role from its header cells.

    Only cells down to the indicator header row count (a form's key cells above it and data
    below it are not headers); a lower header row overrides the ones above it, and within a
    row the narrower cell wins.
    """
    found = [(cell, role) for cell in grid.cells if (role := _cell_role(cell)) is not None]
    found += _level_header_blind(grid, {role for _, role in found})
    indicator_rows = [cell.row for cell, role in found if role in (*INDICATOR_ROLES, COMP, UNIT)]
    last = max(indicator_rows) if indicator_rows else grid.n_rows
    best: dict[int, tuple[int, int, str]] = {}
    for cell, role in found:
        if cell.row > last:
            continue
        rank = (-cell.row, cell.col_span)
        for c in cell.cols:
            if c not in best or rank <= best[c][:2]:
                best[c] = (*rank, role)
    roles = {c: role for c, (_, _, role) in best.items()}
    if grid.method == "ocr":
        roles.update(_goals_header_blind(grid, roles, last))
    present = set(roles.values())
    # 单位编码 / 单位名称 alone hold the department row and the project rows alike (the seed);
    # beside a 项目编码 / 项目名称 column they hold the department only
    fold = {DEPT_CODE: CODE if CODE not in present else DEPT_CODE,
            DEPT: NAME if NAME not in present else DEPT}
    return {c: fold.get(role, role) for c, role in roles.items()}


def _goals_header_blind(grid: Grid, roles: dict[int, str], last: int) -> dict[int, str]:
    """The 绩效目标 column when OCR misread its header past knowing (a seal over it: '务效
    用'): the one column between the project's columns and the indicators' that has a
    header naming no role, when that header shares a character with 绩效目标 and no column
    is the goals' already; none otherwise."""
    if GOALS in roles.values() or L1 not in roles.values():
        return {}
    first_indicator = min(c for c, role in roles.items() if role == L1)
    project = [c for c, role in roles.items() if role in (CODE, NAME, AMOUNT)]
    if not project:
        return {}
    unnamed = {cell.col for cell in grid.cells
               if cell.row <= last and cell.col_span == 1
               and max(project) < cell.col < first_indicator and cell.col not in roles
               and set(squeeze(cell.text)) & set("绩效目标")}
    return {unnamed.pop(): GOALS} if len(unnamed) == 1 else {}


#: a 一级/二级/三级指标 header whose level OCR lost or misread (三级指标 read 级指标)
_LEVEL_BLIND = re.compile(r"[^一二三]?级指标")


def _level_header_blind(grid: Grid, roles: set[str]) -> list[tuple[Cell, str]]:
    """The one header cell that reads as a level header without its level ('级指标'), with
    the one level the grid's other headers do not name; none when that is not so."""
    missing = {L1, L2, L3} - roles
    blind = [cell for cell in grid.cells if _level_blind(cell)]
    if len(missing) != 1 or len(blind) != 1:
        return []
    return [(blind[0], missing.pop())]


def _level_blind(cell: Cell) -> bool:
    return bool(_LEVEL_BLIND.fullmatch(squeeze(cell.text)))


def _is_header_cell(cell: Cell) -> bool:
    return _cell_role(cell) is not None or _level_blind(cell)


def _is_title(text: str) -> bool:
    return is_title(text, min_chars=4)


def _has_title(grid: Grid) -> bool:
    texts = [*grid.caption, *(c.text for c in grid.cells if c.row == 0 and c.col_span > 1)]
    return any(_is_title(t) for t in texts)


def _is_form(grid: Grid) -> bool:
    keys = {_form_key(c) for c in grid.cells}
    return "name" in keys and bool(keys & {"department", "unit", "amount", "amount_group"})


def _names_form(grid: Grid) -> bool:
    """True for the top of a one-project form that a page break cut after its 项目名称 row
    (title, year, 项目名称 | name; 主管部门 and the rest on the next page): a few rows, and
    the project's name beside its key."""
    return grid.n_rows <= 4 and any(
        _form_key(c) == "name"
        and any(r.col >= c.col + c.col_span and r.text.strip() and _form_key(r) is None
                for r in grid.row_cells(c.row))
        for c in grid.cells)


def _continues(state: TableState, grid: Grid) -> bool:
    """True when the grid is the first on the page right after the table's last page."""
    return grid.index == 1 and grid.page == state.page + 1


def _col_edges(grid: Grid) -> tuple[float, ...]:
    edges = sorted({c.bbox.x0 for c in grid.cells if c.col_span == 1}
                   | {c.bbox.x1 for c in grid.cells if c.col_span == 1})
    return tuple(edges)


def _role_x(grid: Grid, roles: dict[int, str]) -> dict[str, tuple[float, float]]:
    """Return the x range of each indicator role's column(s) in a grid."""
    out: dict[str, tuple[float, float]] = {}
    for cell in grid.cells:
        role = roles.get(cell.col)
        if cell.col_span == 1 and role in INDICATOR_ROLES:
            lo, hi = out.get(role, (cell.bbox.x0, cell.bbox.x1))
            out[role] = (min(lo, cell.bbox.x0), max(hi, cell.bbox.x1))
    return out


def _merge_roles(state: TableState, grid: Grid, roles: dict[int, str]) -> dict[int, str]:
    """Map the open table's column roles onto a continuation grid by x position."""
    if roles and (L3 in roles.values() or VALUE in roles.values()):
        state.col_edges = _col_edges(grid)
        state.role_x = _role_x(grid, roles) or state.role_x
        return roles
    old_edges = state.col_edges
    mapped: dict[int, str] = {}
    col_mid: dict[int, float] = {}
    # a column's middle from a cell of its own; from a wider cell starting there when it has
    # none (a scan may show a rule doubled, which makes a column no cell keeps to)
    for cell in sorted(grid.cells, key=lambda c: c.col_span):
        col_mid.setdefault(cell.col, (cell.bbox.x0 + cell.bbox.x1) / 2)
    for c, mid in col_mid.items():
        for i in range(len(old_edges) - 1):
            if old_edges[i] <= mid <= old_edges[i + 1]:
                role = state.roles.get(i)
                if role:
                    mapped[c] = role
                break
    state.col_edges = _col_edges(grid)
    return mapped or state.roles


def _inherit_roles(state: TableState, grid: Grid, roles: dict[int, str]) -> dict[int, str]:
    """Give a header column that names nothing the project role of the table before it at the
    same place: a scanned header cut by a page break shows only half-glyphs, which read as
    nothing or as garbage, while its indicator columns read well enough to line the two
    tables up (a photocopy may shift the page by a few points)."""
    shifts = [(new[0] + new[1] - old[0] - old[1]) / 2
              for role, new in _role_x(grid, roles).items()
              if (old := state.role_x.get(role)) is not None]
    if not shifts or max(shifts) - min(shifts) > 6:
        return roles  # not laid out like the table before it
    dx = sum(shifts) / len(shifts)
    old_edges = [x + dx for x in state.col_edges]
    present = set(roles.values())
    last_header = max((c.row for c in grid.cells
                       if c.col in roles and _cell_role(c) is not None), default=None)
    if last_header is None:
        return roles
    out = dict(roles)
    for cell in grid.cells:
        if (cell.col_span != 1 or cell.col in out or cell.row > last_header
                or _cell_role(cell) is not None):
            continue
        for i in range(len(old_edges) - 1):
            lo, hi = old_edges[i], old_edges[i + 1]
            if abs(cell.bbox.x0 - lo) <= 4 and abs(cell.bbox.x1 - hi) <= 4:
                role = state.roles.get(i)
                if role in (CODE, NAME, AMOUNT, GOALS, DEPT, DEPT_CODE) and role not in present:
                    out[cell.col] = role
                    present.add(role)
                break
    return out


def _open_table(number: int, grid: Grid, roles: dict[int, str], head: Grid | None = None
                ) -> TableState:
    """A table opened on ``grid``; ``head``: a one-project form's key/value block printed at
    the foot of the page before (its indicators are on this page)."""
    state = TableState(number=number, form=_is_form(grid) or head is not None, roles=roles,
                       col_edges=_col_edges(grid), page=grid.page,
                       role_x=_role_x(grid, roles))
    first = head or grid
    # the title first (nearest the table first), then the other lines above, then title rows
    # inside the grid: a year in the prose above ("本部门2023年预算…") is not the table's
    caption = [t for t in reversed(first.caption) if t.strip()]
    inside = [c.text for c in first.cells if c.col_span >= max(2, first.n_cols // 2)
              and c.row <= 2 and not _is_header_cell(c)]
    title_texts = ([t for t in caption if _is_title(t)] + inside
                   + [t for t in caption if not _is_title(t)])
    state.year = _find_year(title_texts)
    state.region = _find_region(title_texts)
    parts = [g for g in (head, grid) if g is not None]
    all_text = " ".join([*(t for g in parts for t in g.caption),
                         *(c.text for g in parts for c in g.cells if _is_header_cell(c))])
    state.in_yuan = _says_yuan(all_text)
    if state.form:
        _read_form_block(parts, state)
    return state


def _says_yuan(text: str) -> bool:
    t = squeeze(text)
    if "万元" in t:
        return False
    return bool(re.search(r"[（(]元[)）]|单位[:：]元|金额元", t))


def _find_year(texts: list[str]) -> str:
    for t in texts:
        m = _YEAR.search(squeeze(t))
        if m:
            return m.group(1)
    return ""


def _find_region(texts: list[str]) -> str:
    """Return the county/district named first in the title lines (else the city)."""
    for pattern in (_REGION_COUNTY, _REGION_CITY):
        for t in texts:
            m = pattern.search(squeeze(t))
            if m and not m.group(1).endswith(("社区", "小区", "园区", "街区", "辖区", "地区")):
                return m.group(1)
    return ""


def _form_key(cell: Cell) -> str | None:
    """The key a form's cell names (项目名称 -> name), OCR's specks at its edges aside
    ("·项目名称")."""
    t = _BRACKETED.sub("", squeeze(cell.text))
    return _FORM_KEYS.get(t.strip("：:")) or _FORM_KEYS.get(_EDGE_JUNK.sub("", t))


def _read_form_block(grids: list[Grid], state: TableState) -> None:
    """Read the key/value block above a one-project form's indicator header (which a page
    break may have cut: then the grids of both pages, in order)."""
    found: dict[str, str] = {}
    for grid in grids:
        header = min((c.row for c in grid.cells if _cell_role(c) in INDICATOR_ROLES),
                     default=grid.n_rows)
        for cell in grid.cells:
            key = _form_key(cell) if cell.row < header else None
            if key is None:
                continue
            right = [c for c in grid.row_cells(cell.row)
                     if c.col >= cell.col + cell.col_span and c.text.strip()]
            value = right[0].text if right and _form_key(right[0]) is None else ""
            if key in ("goals", "total_goals") and not value:  # the goals printed under it
                below = [c for c in grid.cells if c.row == cell.row + cell.row_span
                         and c.col < cell.col + cell.col_span and cell.col < c.col + c.col_span]
                value = join_lines([ln.text for c in below for ln in (c.lines or ())])
            if key == "amount_group":
                state.in_yuan = (_says_yuan(cell.text)
                                 or (state.in_yuan and "万元" not in cell.text))
                continue
            found.setdefault(key, value)
    state.seen_l2 = []
    state.project = Project(
        code="", name=found.get("name", ""),
        amount=_amount(found.get("amount", ""), state.in_yuan),
        goals=found.get("goals") or found.get("total_goals", ""))
    state.department = found.get("department", "")
    if not state.region:
        state.region = _find_region([state.department, found.get("unit", "")])


def _amount(text: str, in_yuan: bool) -> str:
    t = text.replace(",", "").replace("，", "").strip()
    if not t or not in_yuan:
        return t
    try:
        return str((Decimal(t) / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    except InvalidOperation:
        return t


def _role_of(cell: Cell, roles: dict[int, str]) -> str | None:
    for c in cell.cols:
        if c in roles:
            return roles[c]
    return None


def _indicator_like(text: str) -> bool:
    t = text.strip()
    return (match_label(t) is not None or split_leading_label(t) is not None
            or bool(re.match(r"\d{1,2}\s*[.、．]\s*\D", t)))


def _unambiguous_label(sq: str) -> bool:
    """A bare short word (满意度, 质量) in the 三级/指标值 columns is data, not a label."""
    return sq.endswith(("指标", "指", "标")) or len(sq) >= 4


#: the longest 一级 label (满意度指标)
_LEVEL1_LONGEST = max(map(len, LEVEL1))


def _classify(cell: Cell, role: str | None, after_indicator: bool, ocr: bool = False,
              due: int = 0) -> list[Token]:
    """Turn one new cell of a body row into tokens (``ocr``: the grid was read by OCR;
    ``due``: the item number due in it, see ``read_pieces``)."""
    text = cell.text.strip()
    if ocr and role == AMOUNT:
        text = repair_ocr_amount(text)
    if ocr and role == CODE:
        text = _SPECKS_ABOUT.sub("", text)  # a speck read as a dot: "·057001"
    sq = squeeze(text)
    if not sq or sq in _SECTION_WORDS:
        return []
    lines = cell.lines or ()
    looks_indicator = match_label(text) is not None if role == GOALS else _indicator_like(text)
    if role in (DEPT, DEPT_CODE) and not after_indicator and not looks_indicator:
        return [Token(role, sq if role == DEPT_CODE else text, lines, cell=cell)]
    if role in PROJECT_ROLES and not after_indicator and not looks_indicator:
        if role == CODE and _CODE.fullmatch(sq):
            return [Token(CODE, sq, cell=cell)]
        if role == NAME:
            if sq in _TOTAL_WORDS:
                return [Token("total", sq, cell=cell)]
            return [Token(NAME, text, lines, cell=cell)]
        if role == AMOUNT and is_amount(text):
            return [Token(AMOUNT, sq, cell=cell)]
        if role == GOALS:
            return [Token(GOALS, text, lines, cell=cell)]
    if role is None and not after_indicator and is_amount(text):
        return [Token(AMOUNT, sq, cell=cell)]  # a bare number before any indicator: the amount
    if role in (COMP, UNIT):
        return [Token(role, text, lines, cell=cell)]
    label = match_label(text)
    if label is not None:
        if role not in (L3, VALUE) or _unambiguous_label(sq):
            return [Token("l1" if label.level == 1 else "l2", label.name, cell=cell)]
        if role == VALUE:
            return [Token(VALUE, text, lines, cell=cell)]
        return [Token("plain", text, piece=Piece("plain", text, cell.bbox), cell=cell)]
    if role == L1 and sq.endswith("指标") and len(sq) <= _LEVEL1_LONGEST + 1:
        # a 一级 label OCR lost characters of (度指标 under a seal) is no indicator: the 二级
        # label beside it names its 一级
        return []
    pieces = read_pieces(lines, ocr=ocr or cell.confidence < 1.0, due=due if ocr else 0)
    value_column = role == VALUE or (role in (AMOUNT, NAME, GOALS) and after_indicator)
    if value_column and not any(p.kind in ("label", "item") for p in pieces):
        return [Token(VALUE, text, lines, cell=cell)]
    if role in (AMOUNT, NAME) and looks_like_value(text):
        return [Token(VALUE, text, lines, cell=cell)]
    out: list[Token] = []
    for p in pieces:
        if p.kind == "label":
            assert p.label is not None
            out.append(Token("l1" if p.label.level == 1 else "l2", p.text, piece=p, cell=cell))
        else:
            out.append(Token(p.kind, p.text, piece=p, cell=cell))
    return out


def _next_item(tokens: list[Token]) -> int:
    """The item number due after a 三级 cell's tokens: one past its last item's, when the
    cell ends with a numbered item."""
    last = next((t for t in reversed(tokens) if t.kind in ("item", "plain")), None)
    return last.piece.number + 1 if last and last.piece and last.piece.number else 0


def _read_body(grid: Grid, state: TableState, out: list[IndicatorRow],
               problems: list[Problem]) -> None:
    header_rows = {c.row for c in grid.cells if _is_header_cell(c)}
    start = min(header_rows) + 1 if header_rows else 0
    if state.form:
        ind_rows = [c.row for c in grid.cells if _cell_role(c) in INDICATOR_ROLES]
        start = max(ind_rows) + 1 if ind_rows else start
    first_body = True
    for r in range(start, grid.n_rows):
        cells = [c for c in grid.row_cells(r) if c.row == r and not _is_header_cell(c)]
        cells = [c for c in cells if not _is_note(c, grid)]
        if not cells:  # a header row, or slots covered by cells above
            continue
        if first_body and state.continuing and not any(c.text.strip() for c in cells):
            continue  # blank slots beside a repeated header: the top piece comes below
        top_piece = first_body and state.continuing
        if top_piece and state.project_open:
            cells = _take_fragments(cells, grid, state, out)
        first_body = False
        project_cells = [c for c in cells if _role_of(c, state.roles) in PROJECT_ROLES]
        name_cell = next((c for c in project_cells if _role_of(c, state.roles) == NAME), None)
        if (name_cell is not None and not name_cell.text.strip() and not top_piece
                and grid.at_foot(name_cell)
                and any(c.clipped for c in project_cells)):
            # a project cut by the page break whose name is printed on the next page; its
            # other cells may show part of their text here
            texts = {_role_of(c, state.roles): c.text.strip() for c in project_cells}
            _start_project(state, Project(
                code=squeeze(texts.get(CODE, "")),
                amount=_amount(texts.get(AMOUNT, ""), state.in_yuan),
                goals=texts.get(GOALS, "")), out, grid, project_cells)
            state.project_open = True
            cells = [c for c in cells if c not in project_cells]
        tokens: list[Token] = []
        after = False
        for cell, role in _split_by_columns(cells, state):
            if _cut_label_debris(cell, role, top_piece, grid.method == "ocr",
                                 grid.at_foot(cell)):
                problems.append(Problem(grid.page, f"row {r}: {cell.text.strip()!r} in the "
                                                   "一级/二级 column read as no label (a label "
                                                   "cut by the page break?); skipped"))
                continue
            if role == L2 and grid.method == "ocr":
                opens = any(_role_of(c, state.roles) in (NAME, CODE) and c.text.strip()
                            for c in cells)  # a new project: nothing printed yet
                read_as = cell.text.strip()
                cell, unread, guessed = _mend_level2(
                    cell, _row_level1(cells, state), [] if opens else state.seen_l2, state,
                    top_piece, _block_indicators(grid, cell, state))
                if guessed:
                    problems.append(Problem(grid.page, f"row {r}: 二级 label read as "
                                                       f"{read_as!r}, taken as "
                                                       f"{cell.text} from its indicators' "
                                                       f"wording (confidence {GUESSED})"))
                if unread:
                    problems.append(Problem(grid.page, f"row {r}: 二级 label read as "
                                                       f"{cell.text.strip()!r}, not told apart "
                                                       f"(nearest: {' or '.join(unread)}); its "
                                                       "indicators are skipped"))
                    tokens.append(Token(UNREAD_L2, cell.text, cell=cell))
                    after = True
                    continue
            toks = _classify(cell, role, after, grid.method == "ocr", state.next_item)
            tokens.extend(toks)
            if role == L3:
                state.next_item = _next_item(toks)
            elif any(t.kind == "l2" for t in toks):
                state.next_item = 0  # a 二级 label printed in the row opens a new run
            if any(t.kind not in (*PROJECT_ROLES, DEPT, DEPT_CODE, "total") for t in toks):
                after = True
        before = len(out)
        if tokens:
            _read_row(grid, r, tokens, state, out, problems)
        if top_piece and state.pending and state.level2:
            for i in state.pending:  # the cut 二级 cell's label, printed on this page
                out[i] = replace(out[i], level1=parent_of(state.level2), level2=state.level2)
            state.pending.clear()
        if top_piece and state.tentative:
            opens = any(t.kind in (NAME, CODE) and t.text.strip() for t in tokens)
            if state.level2 and any(t.kind == "l2" for t in tokens) and not opens:
                for i in state.tentative:  # the label the page before's foot cell was cut from
                    out[i] = replace(out[i], level1=parent_of(state.level2),
                                     level2=state.level2)
                state.tentative.clear()
            else:
                _settle_by_wording(out, state, problems)
        if _unlabelled_foot(grid, r, tokens, state):
            state.tentative.extend(range(before, len(out)))


def _settle_by_wording(rows: list[IndicatorRow], state: TableState,
                       problems: list[Problem]) -> None:
    """Rows of a cut 二级 cell at a scanned page's foot whose label the next page does not
    print (a new project opens it, or the table ends there): the scan shows only the top
    halves of the label's glyphs, which read as nothing. They are put under the label their
    names are worded for (满意度 names under 服务对象满意度指标), at GUESSED confidence and
    reported, when that is one label and not the one above them; else left under the label
    above, and reported."""
    if not state.tentative:
        return
    first = rows[state.tentative[0]]
    above = first.level2
    options = [name for name in LEVEL2_PARENT if name != above]
    told = None  # a text layer prints a cut cell's label: nothing to guess
    if first.confidence < 1.0:
        told = level2_from_wording("\n".join(rows[i].level3 for i in state.tentative),
                                   options)
    if told is not None:
        for i in state.tentative:
            rows[i] = replace(rows[i], level1=parent_of(told), level2=told,
                              confidence=min(rows[i].confidence, GUESSED))
    taken = f"taken as {told} from their wording" if told else f"left under {above}"
    problems.append(Problem(first.page, f"{len(state.tentative)} indicator(s) from "
                                        f"{first.level3!r} at the page's foot: their 二级 "
                                        f"cell was cut and its label is printed on no page; "
                                        f"{taken} (confidence {GUESSED if told else 'kept'})"))
    state.tentative.clear()


def _unlabelled_foot(grid: Grid, r: int, tokens: list[Token], state: TableState) -> bool:
    """True when row r's 二级 cell is empty, starts on this row and runs to the page's foot,
    below a labelled cell of its own: a merged cell the page break cut, its label printed
    on the next page (a text layer prints a cut cell's text in one of its parts)."""
    cell, above = _level2_cell(grid, r, state), _level2_cell(grid, r - 1, state)
    if cell is None or above is None or any(t.kind == "l2" for t in tokens):
        return False
    return (cell.row == r and grid.at_foot(cell) and not cell.text.strip()
            and above is not cell and bool(above.text.strip()) and state.level2 is not None)


def _level2_cell(grid: Grid, r: int, state: TableState) -> Cell | None:
    """The cell of row r in the 二级 column, None when the table has none (or r < 0)."""
    l2_col = next((c for c, role in state.roles.items() if role == L2), None)
    if l2_col is None or l2_col >= grid.n_cols or r < 0:
        return None
    return grid.cell_at(r, l2_col)


#: a token for a 二级 cell OCR damaged past telling which label it is
UNREAD_L2 = "l2?"


def _row_level1(cells: list[Cell], state: TableState) -> str | None:
    """The 一级 label in force on a row: its own 一级 cell's, else the one carried."""
    for cell in cells:
        if _role_of(cell, state.roles) == L1 and (label := match_label(cell.text)) is not None:
            return label.name if label.level == 1 else parent_of(label.name)
    return state.level1


def _block_indicators(grid: Grid, cell: Cell, state: TableState) -> str:
    """The 三级 text printed beside a 二级 cell, over all the rows it spans."""
    rows = range(cell.row, cell.row + cell.row_span)
    return "\n".join(c.text for c in grid.cells
                     if c.row in rows and _role_of(c, state.roles) == L3)


def _mend_level2(cell: Cell, level1: str | None, seen: list[str], state: TableState,
                 top_piece: bool, indicators: str = "") -> tuple[Cell, list[str], bool]:
    """An OCR'd 二级 cell that reads as no label, or as one its project has already printed,
    told by what the block may still be: the labels under the row's 一级 that the project
    has not printed yet (``seen``: those it has printed; '量指标' after 数量指标 is 质量指标;
    under 满意度指标 any is 服务对象满意度指标). Returns (cell, names, guessed): the cell
    mended when exactly one of them is nearest (its confidence lowered to MENDED); when
    several are as near, or none is near, mended to the one the block's ``indicators`` are
    worded for (confidence GUESSED, ``guessed`` True), else unmended with the names it could
    be (the nearest). A cell that is no label-shaped text, a label read whole, or one not
    printed before, is returned as it is.

    A block's label is printed once; only the first row of a continuation page may print
    the current one again."""
    text = squeeze(cell.text)
    found = match_label(text)
    if found is None and level1 is not None and (inside := _label_inside(text, level1)):
        line = TextLine(inside, cell.bbox)
        return replace(cell, lines=(line,), confidence=min(cell.confidence, MENDED)), [], False
    if not _LABEL_SHAPED.fullmatch(text) or level1 is None:
        return cell, [], False
    used = set(seen) - ({state.level2} if top_piece and state.level2 else set())
    exact = found is not None and text in (found.name, found.name.removesuffix("指标"))
    if found is not None and (found.level == 1 or exact or found.name not in used):
        return cell, [], False  # a label read whole is believed, printed twice or not
    options = [name for name, parent in LEVEL2_PARENT.items()
               if parent == level1 and name not in used]
    if not options:
        return cell, [], False
    far = {name: edit_distance(text, name) for name in options}
    best = min(far.values())
    nearest = [name for name in options if far[name] == best]
    only = [name for name, parent in LEVEL2_PARENT.items() if parent == level1] == options[:1]
    candidates = nearest
    if not only and (best > MAX_MEND or best >= len(text)):
        if found is not None:
            return cell, [], False
        candidates = options  # read past telling: any label the block may still be
    elif len(nearest) == 1:
        line = TextLine(nearest[0], cell.bbox)
        return replace(cell, lines=(line,), confidence=min(cell.confidence, MENDED)), [], False
    told = level2_from_wording(indicators, candidates)
    if told is None:
        return cell, nearest, False
    line = TextLine(told, cell.bbox)
    return replace(cell, lines=(line,), confidence=min(cell.confidence, GUESSED)), [], True


def _label_inside(text: str, level1: str) -> str | None:
    """The one 二级 label under ``level1`` printed whole inside an OCR'd cell's text (that
    reads as no label) with at most AROUND characters more: a seal's lettering read into the
    label's line ('资源和服务对象满意度指标示'). None when it holds none or two."""
    inside = [name for name, parent in LEVEL2_PARENT.items()
              if parent == level1 and name in text and len(text) - len(name) <= AROUND]
    return inside[0] if len(inside) == 1 else None


#: label-shaped: a few Chinese characters ending as a label does, no digit or sign; 标 may
#: be misread ('量指机' for 数量指标 under a seal's lettering)
_LABEL_SHAPED = re.compile(r"[\u4e00-\u9fff]{0,8}(?:指标|指|标|指[\u4e00-\u9fff])")
#: at most this many edits from the label it is mended to
MAX_MEND = 2
#: at most this many characters read around a whole label (see _label_inside)
AROUND = 4
#: the confidence given to a label mended from its context
MENDED = 0.5
#: the confidence given to a label told only by its indicators' wording
GUESSED = 0.3


def _cut_label_debris(cell: Cell, role: str | None, top_piece: bool, ocr: bool,
                      at_foot: bool) -> bool:
    """True for what is left of a label a page break cut: a 一级/二级 cell cut by the page
    break whose text is no label, no numbered item and no value. A scan shows halves of
    glyphs, which read as other characters ('立山指标' for the top of 产出指标), in the last
    row with no rule under it or the first row on the next page. A text layer keeps whole
    glyphs, but in a cell at the table's foot (``at_foot``) those whose middle hangs past
    the foot fall outside it ('益' of 效益指标, its other three glyphs 0.2 pt lower)."""
    if role not in (L1, L2):
        return False
    if not ocr:
        return at_foot and _debris(cell)
    if not (cell.clipped or top_piece):
        return False
    return _debris(cell)


def _debris(cell: Cell) -> bool:
    """True for text in a 一级/二级 cell that is no label, no numbered item and no value."""
    text = cell.text.strip()
    return bool(text) and not (_indicator_like(text) or looks_like_value(text))


def _split_by_columns(cells: list[Cell], state: TableState) -> list[tuple[Cell, str | None]]:
    """Pair each cell with its role; a cell lying over both the 三级 and the 指标值 columns of
    the header (the rule between them missing on this page) is split by where its text runs
    stand."""
    out: list[tuple[Cell, str | None]] = []
    value_x = state.role_x.get(VALUE)
    name_x = state.role_x.get(L3)
    for cell in cells:
        role = _role_of(cell, state.roles)
        lines = cell.lines or ()
        if (value_x and name_x and role in (L3, VALUE, None) and len(lines) > 1
                and cell.bbox.x0 < (name_x[0] + name_x[1]) / 2
                and cell.bbox.x1 > (value_x[0] + value_x[1]) / 2):
            left = tuple(ln for ln in lines if ln.bbox.x0 < value_x[0] - 1)
            right = tuple(ln for ln in lines if ln.bbox.x0 >= value_x[0] - 1)
            if left and right:
                out.append((replace(cell, lines=left), L3))
                out.append((replace(cell, lines=right), VALUE))
                continue
        out.append((cell, role))
    return out


def _is_note(cell: Cell, grid: Grid) -> bool:
    """A remark or title printed across the table is not data."""
    if _NOTE.match(cell.text):
        return True
    return cell.col_span >= max(3, int(grid.n_cols * 0.75)) and grid.n_cols >= 4


def _read_row(grid: Grid, r: int, tokens: list[Token], state: TableState,
              out: list[IndicatorRow], problems: list[Problem]) -> None:
    kinds = {t.kind for t in tokens}
    if "total" in kinds:
        return
    for t in tokens:  # a department column beside the project columns
        if t.kind == DEPT:
            state.department = join_lines([ln.text for ln in t.lines])
            state.region = state.region or _find_region([state.department])
        elif t.kind == DEPT_CODE:
            state.department_code = t.text
    tokens = [t for t in tokens if t.kind not in (DEPT, DEPT_CODE)]
    kinds = {t.kind for t in tokens}
    if not tokens:
        return
    has_project_field = bool(kinds & {CODE, AMOUNT, GOALS})
    indicator_kinds = {"l1", "l2", "item", "plain", VALUE}
    if NAME in kinds and (has_project_field or not state.project.name):
        name_tok = next(t for t in tokens if t.kind == NAME)
        code = next((t.text for t in tokens if t.kind == CODE), "")
        # a department row names a unit (and may total it) but has no goals or indicators
        if not (kinds & indicator_kinds) and GOALS not in kinds:
            state.department_code, state.department = code, join_lines(
                [ln.text for ln in name_tok.lines])
            if not state.region:
                state.region = _find_region([state.department])
            return
        _start_project(state, Project(
            code=code,
            name=join_lines([ln.text for ln in name_tok.lines]),
            amount=_amount(next((t.text for t in tokens if t.kind == AMOUNT), ""),
                           state.in_yuan),
            goals=join_lines([ln.text for t in tokens if t.kind == GOALS for ln in t.lines]),
        ), out, grid, [t.cell for t in tokens if t.kind in PROJECT_ROLES])
    elif NAME in kinds:  # a name-column text in a row that is not a new project: indicator
        tokens = [replace(t, kind="plain", piece=Piece("plain", t.text, t.cell.bbox))
                  if t.kind == NAME and t.cell else t for t in tokens]
    # indicators: numbered items as they come; runs of plain lines wait for the value lines,
    # which decide whether they are one wrapped item or one item per line
    entries: list[Item | PlainRun] = []
    value_lines: list[TextLine] = []
    comp_lines = [ln for t in tokens if t.kind == COMP for ln in t.lines]
    unit_lines = [ln for t in tokens if t.kind == UNIT for ln in t.lines]
    plain_run: list[Piece] = []

    def flush_plain() -> None:
        if plain_run:
            entries.append(PlainRun(list(plain_run), state.level1, state.level2))
            plain_run.clear()

    # a plain text in a later cell than the row's indicator name is that indicator's value
    # (its cell's lines once: a cell of several plain pieces is one value cell)
    first_item_cell: Cell | None = None
    valued: list[Cell] = []
    for i, t in enumerate(tokens):
        if t.kind in ("item", "plain") and first_item_cell is None:
            first_item_cell = t.cell
        elif t.kind == "plain" and t.cell is not first_item_cell and first_item_cell is not None:
            once = t.cell is not None and not any(t.cell is c for c in valued)
            tokens[i] = replace(t, kind=VALUE, lines=t.cell.lines if once and t.cell else ())
            if once and t.cell is not None:
                valued.append(t.cell)
    for t in tokens:
        if t.kind == "l1":
            flush_plain()
            if t.text != state.level1:  # the same 一级 printed again (after a page break) goes on
                state.level1, state.level2, state.level2_confidence = t.text, None, 1.0
        elif t.kind == "l2":
            flush_plain()
            state.level2 = t.text
            state.level2_confidence = t.cell.confidence if t.cell is not None else 1.0
            state.level1 = parent_of(t.text)
            state.seen_l2.append(t.text)
        elif t.kind == UNREAD_L2:  # its indicators are reported, not put under the last label
            flush_plain()
            state.level2, state.level2_confidence = None, 1.0
        elif t.kind == "item" and t.piece is not None:
            flush_plain()
            entries.append(item_from_pieces([t.piece], state.level1, state.level2))
        elif t.kind == "plain" and t.piece is not None:
            plain_run.append(t.piece)
        elif t.kind == VALUE:
            flush_plain()
            value_lines.extend(t.lines)
    flush_plain()
    expanded: list[Item] = []
    for entry in entries:
        if isinstance(entry, Item):
            expanded.append(entry)
        else:
            expanded.extend(item_from_pieces(group, entry.level1, entry.level2)
                            for group in group_plain_lines(entry.pieces, value_lines))
    values = assign_values(expanded, value_lines)
    if comp_lines or unit_lines:  # 计算符号 | 指标值 | 计量单位 printed apart: read as one
        comps = assign_values(expanded, comp_lines) if comp_lines else [""] * len(values)
        units = assign_values(expanded, unit_lines) if unit_lines else [""] * len(values)
        values = [_compose_value(c, v, u) for c, v, u in zip(comps, values, units)]
    if len(value_lines) and not expanded:
        problems.append(Problem(grid.page, f"row {r}: value {value_lines[0].text!r} "
                                           "has no indicator beside it; skipped"))
    # 1.0 from a text layer; from OCR, the least sure of the cells the row was read from,
    # the 二级 label's above it included
    confidence = min((t.cell.confidence for t in tokens if t.cell is not None),
                     default=1.0)
    if not any(t.kind == "l2" for t in tokens):
        confidence = min(confidence, state.level2_confidence)
    l2_cell = _level2_cell(grid, r, state)
    label_on_next_page = l2_cell is not None and grid.at_foot(l2_cell)
    for it, value in zip(expanded, values):
        if not it.level2 and label_on_next_page:
            state.pending.append(len(out))  # filled in when the next page prints the label
        elif not it.level2:
            problems.append(Problem(grid.page, f"row {r}: indicator {it.name!r} has no "
                                               "二级指标; skipped"))
            continue
        name = _repair_quotes(it.name)
        if confidence < 1.0:  # read by OCR
            name = _OCR_SPECK_AFTER.sub("", name)
            value = repair_ocr_value(value, name)
        parsed = parse_value(value)
        out.append(IndicatorRow(
            source_file=grid.source, page=grid.page, table=state.number,
            region=state.region, year=state.year,
            department_code=state.department_code, department=state.department,
            project_code=state.project.code, project_name=state.project.name,
            amount_10k_yuan=state.project.amount, goals=state.project.goals,
            level1=it.level1 or (parent_of(it.level2) if it.level2 else ""),
            level2=it.level2 or "", level3=name,
            value_raw=value.strip(), comparator=parsed.comparator, value=parsed.value,
            unit=parsed.unit, confidence=confidence,
        ))


def _start_project(state: TableState, project: Project, out: list[IndicatorRow], grid: Grid,
                   cells: list[Cell | None]) -> None:
    """Make ``project`` current; it stays open across the page break when one of its
    ``cells`` (code, name, amount, goals) is cut there with text on the next page."""
    state.project = project
    state.level1 = state.level2 = None
    state.level2_confidence = 1.0
    state.seen_l2 = []
    state.project_start = len(out)
    state.project_open = any(c is not None and c.clipped and grid.at_foot(c) for c in cells)


def _take_fragments(cells: list[Cell], grid: Grid, state: TableState,
                    out: list[IndicatorRow]) -> list[Cell]:
    """On a continuation page, merge the pieces of the open project's cut cells into it.

    A merged cell cut by a page break prints its text centred on the whole cell, so part or
    all of the project's code, name, amount and goals can sit at the top of the next page.
    Return the row's other cells.
    """
    rest: list[Cell] = []
    p = state.project
    for cell in cells:
        role = _role_of(cell, state.roles)
        text = cell.text.strip()
        if role not in PROJECT_ROLES or not text or _indicator_like(text):
            rest.append(cell)
            continue
        if role == CODE and not p.code:
            p.code = squeeze(text)
        elif role == NAME:
            p.name = _join_pieces(p.name, text)
        elif role == AMOUNT and not p.amount:
            p.amount = _amount(text, state.in_yuan)
        elif role == GOALS:
            p.goals = _join_pieces(p.goals, text)
        state.project_open = cell.clipped and grid.at_foot(cell)
    for i in range(state.project_start, len(out)):
        out[i] = replace(out[i], project_code=p.code, project_name=p.name,
                         amount_10k_yuan=p.amount, goals=p.goals)
    return rest


def _join_pieces(first: str, second: str) -> str:
    """Join the two pieces of a cut cell's text; a line visible on both pages counts once."""
    if not first or first == second:
        return first or second
    for k in range(min(len(first), len(second)), 3, -1):
        if first.endswith(second[:k]):
            return first + second[k:]
    return join_lines([first, second])


def _compose_value(comparator: str, value: str, unit: str) -> str:
    """Join separately printed comparator, value and unit as one would read them: ≥ 95 % -> ≥95%."""
    value = value.strip()
    if not value:
        return ""
    unit = unit.strip()
    if unit and value.endswith(unit):
        unit = ""
    comparator = comparator.strip()
    if comparator in ("定性", "/", "-", "—"):
        comparator = ""
    return f"{comparator}{value}{unit}"


#: a speck OCR read as a dot after a name (结案率., 提升率·): no 三级指标 ends so
_OCR_SPECK_AFTER = re.compile(r"(?<=[\u4e00-\u9fff])\s*[.．·]\s*$")


def _repair_quotes(name: str) -> str:
    """Put back an opening quote the printer dropped: 三支一扶”管理 -> “三支一扶”管理."""
    if name.count("”") > name.count("“") and not name.startswith("“"):
        return "“" + name
    return name
