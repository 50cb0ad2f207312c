"""End to end on the bundled sample PDFs: the output equals the expected CSV beside each."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLES, read_csv, shared

from extract.pipeline import run_file
from normalize.records import INDICATOR_COLUMNS

PDFS = sorted(p for p in SAMPLES.glob("*.pdf")  # born-digital; scans: test_scans.py
              if p.with_name(p.stem + ".truth.csv").exists() and ".scan" not in p.name)


def as_text(rows: list) -> list[dict[str, str]]:
    return [{c: _cmp(c, str(getattr(r, c))) for c in INDICATOR_COLUMNS if c != "confidence"}
            for r in rows]


def _cmp(column: str, text: str) -> str:
    # goals wrap over many lines; a space printed at a wrap point cannot be seen in the PDF
    return "".join(text.split()) if column == "goals" else text


@pytest.mark.parametrize("pdf", PDFS, ids=[p.name for p in PDFS])
def test_sample_matches_truth(pdf: Path) -> None:
    result = run_file(pdf)
    assert result.status == "ok", result.message
    truth = read_csv(pdf.with_name(pdf.stem + ".truth.csv"))
    # spreadsheet exports: the generator cannot know LibreOffice's page breaks (page is "")
    skip = {"confidence"} | ({"page"} if not any(r["page"] for r in truth) else set())
    columns = [c for c in INDICATOR_COLUMNS if c not in skip]
    want = [{c: _cmp(c, row[c]) for c in columns} for row in truth]
    got = [{c: row[c] for c in columns} for row in as_text(result.indicators)]
    assert got == want
    assert all(r.confidence == 1.0 for r in result.indicators)


def test_seed_sample_gives_the_seed_truth() -> None:
    truth = read_csv(shared("seeds/seed_truth.csv"))
    result = run_file(SAMPLES / "seed-qilian-2023.pdf")
    columns = list(truth[0])
    got = [{c: str(getattr(r, c)) for c in columns} for r in result.indicators]
    assert got == truth
    assert len(got) == 95


def test_other_tables_give_cells_but_no_indicators() -> None:
    result = run_file(SAMPLES / "listing-variants.pdf", pages=[1])
    assert result.indicators == []
    texts = {c.text for c in result.cells}
    assert {"一、一般公共预算拨款收入", "1,234.56", "支出合计"} <= texts
    spans = {(c.text, c.row_span, c.col_span) for c in result.cells}
    assert ("收入", 1, 2) in spans


def test_cells_keep_spans_and_boxes() -> None:
    result = run_file(SAMPLES / "seed-qilian-2023.pdf", pages=[1])
    name = next(c for c in result.cells if c.text == "劳动人事争议调解仲裁办案经费")
    assert name.row_span == 12 and name.col_span == 1  # 10 indicators + 2 empty 二级 rows
    header = next(c for c in result.cells if c.text == "绩效指标")
    assert header.col_span == 4
    assert 0 < name.x0 < name.x1 and 0 < name.y0 < name.y1
    assert all(c.method == "lattice" and c.table == 1 for c in result.cells)
