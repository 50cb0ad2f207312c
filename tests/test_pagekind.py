"""Pages that need OCR are reported by file and page, never skipped silently."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from conftest import SAMPLES, without_unicode_maps

from extract.pipeline import PARTIAL, run_file


def test_text_layer_without_unicode_maps_is_reported(tmp_path: Path) -> None:
    broken = without_unicode_maps(SAMPLES / "form-2023.pdf", tmp_path / "broken.pdf")
    result = run_file(broken, ocr="none")
    assert result.status == PARTIAL
    assert [p.page for p in result.problems] == [1, 2, 3]
    assert all("no Unicode mapping" in p.message and "needs OCR" in p.message
               for p in result.problems)


def test_image_only_page_is_reported(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    pdf = pikepdf.new()
    width, height = 200, 280
    image = pikepdf.Stream(pdf, bytes([200]) * (width * height))
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height, image.BitsPerComponent = width, height, 8
    image.ColorSpace = pikepdf.Name.DeviceGray
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)),
        Contents=pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q"))
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(scan)
    result = run_file(scan, ocr="none")
    assert result.status == PARTIAL
    assert len(result.problems) == 1 and result.problems[0].page == 1
    assert "image-only page" in result.problems[0].message
