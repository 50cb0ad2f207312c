"""The command line on a batch mixing good and bad input."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, SAMPLES, read_csv

from extract.__main__ import parse_pages


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extract", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """A folder with one good PDF and one of each kind of bad input."""
    folder = tmp_path / "in"
    folder.mkdir()
    good = SAMPLES / "seed-qilian-2023.pdf"
    shutil.copy(good, folder / "good.pdf")
    (folder / "notpdf.pdf").write_text("<html>a web page saved as .pdf</html>")
    data = good.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 3])
    with pikepdf.open(good) as pdf:
        pdf.save(folder / "encrypted.pdf",
                 encryption=pikepdf.Encryption(user="secret", owner="secret"))
    empty = pikepdf.new()
    empty.save(folder / "zeropages.pdf")
    (folder / "notable.pdf").write_bytes(_text_only_pdf())
    return folder


def _text_only_pdf() -> bytes:
    """A one-page PDF with a line of text and no table."""
    content = b"BT /F1 12 Tf 72 720 Td (No table on this page.) Tj ET"
    pdf = pikepdf.new()
    page = pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
        Contents=pdf.make_stream(content),
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica)))))
    pdf.pages.append(page)
    import io

    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def test_bad_inputs_do_not_stop_the_batch(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_cli(str(batch), "-o", str(out))
    assert proc.returncode == 1, proc.stderr
    err = proc.stderr.splitlines()
    expect = {
        "notpdf.pdf": "not a PDF",
        "truncated.pdf": "corrupt or truncated",
        "encrypted.pdf": "encrypted",
        "zeropages.pdf": "no pages",
        "notable.pdf": "no ruled table",
    }
    for name, words in expect.items():
        lines = [ln for ln in err if ln.startswith(str(batch / name) + ":")]
        assert len(lines) == 1, (name, err)
        assert words in lines[0], lines[0]
    # the good file was converted in full, and the combined CSVs hold it
    assert len(read_csv(out / "good" / "indicators.csv")) == 95
    assert len(read_csv(out / "indicators.csv")) == 95
    report = {Path(r["file"]).name: r for r in read_csv(out / "report.csv")}
    assert report["good.pdf"]["status"] == "ok"
    assert {report[n]["status"] for n in expect} == {"failed"}


def test_all_good_exits_zero_and_writes_every_csv(tmp_path: Path) -> None:
    proc = run_cli(str(SAMPLES / "form-2023.pdf"), "-o", str(tmp_path), "--pages", "1")
    assert proc.returncode == 0, proc.stderr
    for name in ("indicators.csv", "cells.csv", "values.csv"):
        assert (tmp_path / "form-2023" / name).exists()
        assert (tmp_path / name).exists()
    rows = read_csv(tmp_path / "form-2023" / "indicators.csv")
    assert len(rows) == 5 and {r["page"] for r in rows} == {"1"}
    assert rows[0]["amount_10k_yuan"] == "410.00"


def test_no_input_and_bad_pages(tmp_path: Path) -> None:
    assert run_cli(str(tmp_path / "missing.pdf"), "-o", str(tmp_path)).returncode == 3
    proc = run_cli(str(SAMPLES / "form-2023.pdf"), "--pages", "0-2", "-o", str(tmp_path))
    assert proc.returncode == 2 and "invalid page list" in proc.stderr


def test_page_beyond_the_file_is_reported(tmp_path: Path) -> None:
    proc = run_cli(str(SAMPLES / "form-2023.pdf"), "--pages", "2,9", "-o", str(tmp_path))
    assert proc.returncode == 1
    assert "asked for page 9 but the file has 3 pages" in proc.stderr


def test_parse_pages() -> None:
    assert parse_pages("1-3,5") == [1, 2, 3, 5]
    assert parse_pages("2") == [2]


def test_a_defect_on_one_page_loses_that_page_not_the_file(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    from extract import pipeline

    whole = pipeline.run_file(SAMPLES / "seed-qilian-2023.pdf")
    real = pipeline.read_page

    def broken_on_page_2(pdf_page, number):  # type: ignore[no-untyped-def]
        if number == 2:
            raise IndexError("index 1200 is out of bounds")
        return real(pdf_page, number)

    monkeypatch.setattr(pipeline, "read_page", broken_on_page_2)
    result = pipeline.run_file(SAMPLES / "seed-qilian-2023.pdf")
    assert result.status == "partial"
    assert [p.page for p in result.problems if "internal error" in p.message] == [2]
    assert "page 2: internal error (IndexError" in result.message
    kept = {r.page for r in result.indicators}
    assert 2 not in kept and kept == {r.page for r in whole.indicators} - {2}

    # the same when the defect is in finding the page's tables
    real_grids = pipeline.find_grids
    monkeypatch.setattr(pipeline, "read_page", real)
    monkeypatch.setattr(pipeline, "find_grids", lambda page, *a: (
        real_grids(page, *a) if page.number != 3 else 1 / 0))
    result = pipeline.run_file(SAMPLES / "seed-qilian-2023.pdf")
    assert result.status == "partial" and "page 3: internal error (ZeroDivisionError" in (
        result.message)
    assert {r.page for r in result.indicators} == {r.page for r in whole.indicators} - {3}


def test_run_file_takes_a_path_given_as_text() -> None:
    from extract import pipeline

    as_text = pipeline.run_file(str(SAMPLES / "seed-qilian-2023.pdf"), pages=[1])
    as_path = pipeline.run_file(SAMPLES / "seed-qilian-2023.pdf", pages=[1])
    assert as_text.problems == [] and as_text.indicators
    assert as_text.indicators == as_path.indicators
