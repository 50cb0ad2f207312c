"""Scanned pages: OCR with both engines, on a scanned twin made by scripts/make_scans.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES, read_csv, without_unicode_maps

from extract.ocr import OcrUnavailable, get_engine
from extract.pipeline import run_file

KEY = ("project_name", "level1", "level2", "level3", "value_raw")
SCAN = SAMPLES / "form-2023-p1.scan.pdf"  # form page 1: 150-300 dpi, skewed, seal, JPEG
STANDARD_L2 = {"数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
               "生态效益指标", "可持续影响指标", "服务对象满意度指标"}


def _right(rows: list, truth: list[dict[str, str]]) -> int:
    want = [tuple(r[k] for k in KEY) for r in truth]
    return sum(1 for r in rows if tuple(str(getattr(r, k)) for k in KEY) in want)


def test_rapidocr_reads_the_scanned_form() -> None:
    result = run_file(SCAN, ocr="rapidocr")
    truth = read_csv(SAMPLES / "form-2023-p1.scan.truth.csv")
    assert result.status == "ok", result.message
    assert _right(result.indicators, truth) >= len(truth) - 1
    assert {c.method for c in result.cells} == {"ocr"}
    assert all(0 < c.confidence <= 1 for c in result.cells)
    assert all(r.level2 in STANDARD_L2 for r in result.indicators)
    assert result.indicators[0].amount_10k_yuan == "410.00"


def test_a_page_fed_in_sideways_is_turned_and_its_comparators_read() -> None:
    scan = SAMPLES / "listing-wps-style.scan.pdf"  # page 1 turned 90 degrees
    result = run_file(scan, ocr="rapidocr")
    truth = read_csv(SAMPLES / "listing-wps-style.scan.truth.csv")
    assert result.status == "ok", result.message
    assert _right(result.indicators, truth) >= len(truth) - 2
    assert {r.page for r in result.indicators} == {1, 2}
    values = [r.value_raw for r in result.indicators]
    assert sum(v.startswith("≥") for v in values) >= 10, values


def test_tesseract_engine_runs_on_the_scan() -> None:
    try:
        get_engine("tesseract")
    except OcrUnavailable as exc:
        if shutil.which("tesseract") is None:
            pytest.skip(str(exc))
        raise
    result = run_file(SCAN, ocr="tesseract")
    assert result.status in ("ok", "partial", "failed")
    texts = [c.text for c in result.cells if c.text]
    assert result.tables >= 1 and texts, "the grid is found and some text read"
    assert {c.method for c in result.cells} == {"ocr"}
    assert all(r.level2 in STANDARD_L2 for r in result.indicators)


def test_broken_text_layer_falls_back_to_ocr(tmp_path: Path) -> None:
    broken = without_unicode_maps(SAMPLES / "form-2023.pdf", tmp_path / "broken.pdf")
    result = run_file(broken, pages=[1], ocr="rapidocr")
    truth = [r for r in read_csv(SAMPLES / "form-2023.truth.csv") if r["page"] == "1"]
    assert _right(result.indicators, truth) >= len(truth) - 1
    assert {c.method for c in result.cells} == {"ocr"}


def test_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(OcrUnavailable, match="unknown OCR engine"):
        get_engine("abbyy")
