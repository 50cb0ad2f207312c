"""Long-format records and the fixed CSV columns of ../shared/OUTPUT.md."""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields

from extract.grid import Grid


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One 三级指标 of a 绩效目标表: a row of indicators.csv."""

    source_file: str
    page: int
    table: int
    region: str
    year: str
    department_code: str
    department: str
    project_code: str
    project_name: str
    amount_10k_yuan: str
    goals: str
    level1: str
    level2: str
    level3: str
    value_raw: str
    comparator: str
    value: str
    unit: str
    confidence: float


@dataclass(frozen=True, slots=True)
class CellRow:
    """One anchor cell of any table: a row of cells.csv."""

    source_file: str
    page: int
    table: int
    row: int
    col: int
    row_span: int
    col_span: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float
    method: str


@dataclass(frozen=True, slots=True)
class ValueRow:
    """One data cell of a non-indicator table in long form: a row of values.csv."""

    source_file: str
    page: int
    table: int
    title: str
    row_label: str
    column_label: str
    value_raw: str
    value: str
    #: after the fixed columns: the table's unit line (单位：万元 -> 万元)
    unit: str = ""


INDICATOR_COLUMNS = [f.name for f in fields(IndicatorRow)]
CELL_COLUMNS = [f.name for f in fields(CellRow)]
VALUE_COLUMNS = [f.name for f in fields(ValueRow)]


def cell_rows(grid: Grid, table: int) -> list[CellRow]:
    """Given a grid and its 1-based table number in the file, return its cells.csv rows."""
    return [
        CellRow(
            grid.source, grid.page, table, c.row, c.col, c.row_span, c.col_span, c.text,
            round(c.bbox.x0, 2), round(c.bbox.top, 2), round(c.bbox.x1, 2),
            round(c.bbox.bottom, 2), c.confidence, grid.method,
        )
        for c in grid.cells
    ]


def as_fields(row: IndicatorRow | CellRow | ValueRow) -> tuple[object, ...]:
    """Return a record as a tuple in CSV column order."""
    return astuple(row)
