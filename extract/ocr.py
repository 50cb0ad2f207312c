"""OCR behind one small interface: an engine reads a page image into positioned text boxes.

Two engines: RapidOCR (PP-OCRv4 Chinese models shipped inside the rapidocr-onnxruntime wheel,
nothing downloaded; the default) and Tesseract (Debian's tesseract-ocr + tesseract-ocr-chi-sim,
through pytesseract). Each is created once per process and checked when it is created, with a
message that says what to install.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from typing import Protocol

import numpy as np

ENGINES = ("rapidocr", "tesseract")


class OcrUnavailable(RuntimeError):
    """The chosen OCR engine cannot run here (not installed, language data missing)."""


@dataclass(frozen=True, slots=True)
class TextBox:
    """A line of text read from an image: pixels, top-left origin; confidence 0-1."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float


class OcrEngine(Protocol):
    name: str

    def read(self, image: np.ndarray) -> list[TextBox]:
        """Given an RGB image, return its text lines with boxes and confidences."""
        ...


class RapidOcrEngine:
    name = "rapidocr"

    def __init__(self) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:
            raise OcrUnavailable("RapidOCR is not installed: pip install rapidocr-onnxruntime"
                                 ) from exc
        threads = int(os.environ.get("GKB_OCR_THREADS", "-1"))
        self.engine = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=threads)

    def read(self, image: np.ndarray) -> list[TextBox]:
        result, _ = self.engine(image)
        boxes: list[TextBox] = []
        for quad, text, score in result or ():
            xs = [p[0] for p in quad]
            ys = [p[1] for p in quad]
            boxes.append(TextBox(text, min(xs), min(ys), max(xs), max(ys), float(score)))
        return boxes


class TesseractEngine:
    name = "tesseract"

    def __init__(self) -> None:
        try:
            import pytesseract
        except ImportError as exc:
            raise OcrUnavailable("pytesseract is not installed: pip install pytesseract") from exc
        if shutil.which("tesseract") is None:
            raise OcrUnavailable("the tesseract program is missing: "
                                 "apt-get install tesseract-ocr tesseract-ocr-chi-sim")
        if "chi_sim" not in pytesseract.get_languages(config=""):
            raise OcrUnavailable("Tesseract has no Simplified Chinese data: "
                                 "apt-get install tesseract-ocr-chi-sim")
        self.tess = pytesseract

    def read(self, image: np.ndarray) -> list[TextBox]:
        data = self.tess.image_to_data(
            image, lang="chi_sim+eng", output_type=self.tess.Output.DICT,
            config="--psm 11 -c preserve_interword_spaces=1")
        lines: dict[tuple[int, int, int], list[int]] = {}
        for i, word in enumerate(data["text"]):
            if word.strip() and float(data["conf"][i]) >= 0:
                key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
                lines.setdefault(key, []).append(i)
        boxes: list[TextBox] = []
        for idx in lines.values():
            text = "".join(data["text"][i] for i in idx)
            x0 = min(data["left"][i] for i in idx)
            top = min(data["top"][i] for i in idx)
            x1 = max(data["left"][i] + data["width"][i] for i in idx)
            bottom = max(data["top"][i] + data["height"][i] for i in idx)
            conf = sum(float(data["conf"][i]) for i in idx) / len(idx) / 100
            boxes.append(TextBox(text, x0, top, x1, bottom, conf))
        return boxes


_engines: dict[str, OcrEngine] = {}


def get_engine(name: str) -> OcrEngine:
    """The engine called ``name``, created once per process; OcrUnavailable if it cannot run."""
    if name not in _engines:
        if name == "rapidocr":
            _engines[name] = RapidOcrEngine()
        elif name == "tesseract":
            _engines[name] = TesseractEngine()
        else:
            raise OcrUnavailable(f"unknown OCR engine {name!r}: choose one of {ENGINES}")
    return _engines[name]
