"""Real government PDFs from ../shared/corpus (not redistributed here; skipped when absent)."""

from __future__ import annotations

import pytest
from conftest import ROOT, read_csv, shared

from extract.pipeline import run_file

KEY = ("project_name", "level1", "level2", "level3", "value_raw")


@pytest.mark.corpus
def test_wanli_2023_form_pages() -> None:
    """Five one-project forms (pages 31-35), 65 indicator rows read by hand from the PDF."""
    pdf = shared("corpus/real/cn-gov/sh-putuo_wanli-subdistrict_2023_dept-budget.pdf")
    result = run_file(pdf, pages=[31, 32, 33, 34, 35])
    want = [tuple(r[k] for k in KEY) for r in read_csv(ROOT / "tests/data/wanli-2023-p31-35.csv")]
    got = [tuple(str(getattr(r, k)) for k in KEY) for r in result.indicators]
    assert len(want) == 65
    right = sum(1 for g in got if g in want)
    assert right >= 64 and len(got) <= 65
    first = result.indicators[0]
    assert (first.department, first.region, first.year, first.amount_10k_yuan) == (
        "上海市普陀区人民政府万里街道办事处", "普陀区", "2023", "410.00")


@pytest.mark.corpus
@pytest.mark.slow
def test_budget_tables_without_indicators_give_none() -> None:
    """A 部门预算 with 收支总表, 三公 and other tables but no 绩效目标表: cells, no indicators."""
    pdf = shared("corpus/real/cn-gov/sh-putuo_wanli-subdistrict_2024_dept-budget.pdf")
    result = run_file(pdf, pages=list(range(1, 31)))
    assert result.status == "ok", result.message
    assert result.indicators == []
    assert result.tables >= 5 and len(result.cells) > 200


@pytest.mark.corpus
@pytest.mark.slow
def test_no_internal_error_on_any_real_pdf() -> None:
    """Every real PDF of the corpus is read or refused with a reason, never crashes."""
    corpus = shared("corpus/real")
    crashed = []
    for pdf in sorted(corpus.rglob("*.pdf")):
        result = run_file(pdf)
        if "internal error" in result.message:
            crashed.append(f"{pdf.name}: {result.message}")
    assert crashed == []
