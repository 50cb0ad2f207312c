"""Shared paths and helpers for the tests."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(Path(__file__).parent))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def shared(rel: str) -> Path:
    """A file under ../shared, or skip the test when the folder is not beside the clone."""
    path = SHARED / rel
    if not path.exists():
        pytest.skip(f"needs ../shared/{rel}")
    return path


def without_unicode_maps(src: Path, dst: Path) -> Path:
    """Copy a PDF with every font's ToUnicode map removed (a broken text layer)."""
    import pikepdf

    with pikepdf.open(src) as pdf:
        for page in pdf.pages:
            for _, font in page.Resources.Font.items():
                if "/ToUnicode" in font:
                    del font["/ToUnicode"]
        pdf.save(dst)
    return dst
