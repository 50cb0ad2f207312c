"""Pages shown sideways: /Rotate set on the page, or text set at 90 degrees on an upright page."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from conftest import SAMPLES, shared

from extract.pipeline import run_file

KEY = ("project_name", "level1", "level2", "level3", "value_raw")


@pytest.mark.parametrize("angle", [90, 180, 270])
def test_rotated_pages_give_the_same_rows(tmp_path: Path, angle: int) -> None:
    src = SAMPLES / "seed-qilian-2023.pdf"
    rotated = tmp_path / f"rotated-{angle}.pdf"
    with pikepdf.open(src) as pdf:
        for page in pdf.pages:
            page.Rotate = angle
        pdf.save(rotated)
    want = [tuple(str(getattr(r, k)) for k in KEY) for r in run_file(src).indicators]
    got = [tuple(str(getattr(r, k)) for k in KEY) for r in run_file(rotated).indicators]
    assert len(want) == 95
    assert got == want


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["clockwise_table_1.pdf", "anticlockwise_table_1.pdf"])
def test_sideways_text_is_read_upright(name: str) -> None:
    result = run_file(shared(f"corpus/real/camelot/{name}"))
    texts = [c.text for c in result.cells]
    assert texts[:2] == ["State", "Nutritional Assessment (No. of individuals)"]
    assert "Uttar Pradesh" in texts and "West Bengal" in texts
