"""normalize/ stays pure: no PDF, image or OCR library may be imported there."""

import ast

from conftest import ROOT

FORBIDDEN = {"pypdfium2", "pdfplumber", "camelot", "cv2", "pytesseract", "rapidocr", "fitz",
             "pdfminer", "PIL"}


def test_normalize_imports_no_pdf_library() -> None:
    for path in (ROOT / "normalize").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"
