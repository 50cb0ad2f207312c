"""The RapidOCR reader's own repairs, on the model's real alphabet with probabilities made
to measure (no image needed), and the normaliser's handling of what OCR glues together."""

from __future__ import annotations

import numpy as np
import pytest

from extract.grid import BBox, TextLine
from extract.ocr import RapidOcrEngine, spaced
from normalize.packed import _split_run_together, read_pieces


@pytest.fixture(scope="module")
def engine() -> RapidOcrEngine:
    return RapidOcrEngine()


def _probs(engine: RapidOcrEngine, steps: list[dict[str, float]]) -> np.ndarray:
    """One row per time step: the given characters' probabilities, the rest on the blank."""
    probs = np.zeros((len(steps), len(engine.alphabet)), dtype=np.float32)
    for t, given in enumerate(steps):
        for ch, p in given.items():
            probs[t, engine.alphabet.index(ch)] = p
        probs[t, 0] = 1.0 - sum(given.values())
    return probs


def test_a_comparator_read_as_2_comes_back_when_the_model_saw_it(engine: RapidOcrEngine
                                                                  ) -> None:
    steps = [{}, {"2": 0.6, "≥": 0.2}, {}, {"6": 0.99}, {}, {"0": 0.99}, {"人": 0.99}]
    assert engine._decode(_probs(engine, steps))[0] == "≥60人"


def test_a_real_2_stays(engine: RapidOcrEngine) -> None:
    steps = [{}, {"2": 0.95, "≥": 0.001}, {}, {"6": 0.99}, {}, {"0": 0.99}, {"人": 0.99}]
    assert engine._decode(_probs(engine, steps))[0] == "260人"
    # the 2 inside a number is never a comparator, whatever the model says
    steps = [{"1": 0.99}, {}, {"2": 0.6, "≥": 0.3}, {"0": 0.99}]
    assert engine._decode(_probs(engine, steps))[0] == "120"


def test_a_dropped_comparator_comes_back_before_its_number(engine: RapidOcrEngine) -> None:
    steps = [{}, {"≥": 0.1}, {}, {"9": 0.99}, {}, {"5": 0.99}, {"%": 0.99}]
    assert engine._decode(_probs(engine, steps))[0] == "≥95%"
    steps = [{}, {"≤": 0.2, "s": 0.7}, {"1": 0.99}, {"万": 0.99}, {"元": 0.99}]
    assert engine._decode(_probs(engine, steps))[0] == "≤1万元"


def test_spaces_are_read_from_spacing_only_where_printed_spaces_stand() -> None:
    # "100% 100%": the centres after % stand a space apart (em 20 px: ink 17 / 0.85)
    text, edges = spaced("100%100%", [5, 16, 27, 42, 66, 77, 88, 103], 17)
    assert text == "100% 100%"
    assert len(edges) == len(text)
    # inside a number jitter never makes a space
    assert spaced("1560", [5, 20, 31, 42], 17)[0] == "1560"
    # text far apart (a missing column rule) keeps its real gap
    text, edges = spaced("率合格", [10, 200, 220], 20)
    assert text == "率合格" and edges[1][0] - edges[0][1] > 100


def _line(text: str, y: float) -> TextLine:
    return TextLine(text, BBox(0, y, 100, y + 10))


def test_an_item_whose_dot_ocr_lost_still_starts_an_item() -> None:
    pieces = read_pieces((_line("3.培训资料验收合格率", 0), _line("4培训资料采购及时率", 12),
                          _line("5.宣传材料购置及时率", 24)))
    assert [p.text for p in pieces] == ["培训资料验收合格率", "培训资料采购及时率",
                                        "宣传材料购置及时率"]


def test_values_read_without_their_spaces_come_apart() -> None:
    assert _split_run_together(["100%健全健全"], 3) == ["100%", "健全", "健全"]
    assert _split_run_together(["≥85%清零"], 2) == ["≥85%", "清零"]
    assert _split_run_together(["150元/人/天150元/人/天"], 2) == ["150元/人/天", "150元/人/天"]
    # never more values than items
    assert _split_run_together(["100%健全健全"], 2) == ["100%健全健全"]
