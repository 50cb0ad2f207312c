"""Benchmark: accuracy, speed and memory on truth-labelled PDFs.

    python scripts/bench.py DIR [--compare] [--cli] [--ocr rapidocr|tesseract|none]

For every NAME.pdf in DIR with NAME.truth.csv beside it (indicators.csv columns), runs the
pipeline and prints per file and in total: row precision / recall / F1 (a row is right only when
project_name, level1, level2, level3 and value_raw all match), CER (character error rate of the
三级指标 and 指标值 text, rows paired within their project and 一级/二级 labels; CERseq: the
same text taken in reading order, so a misread project name or label does not count), the share of
rows whose 一级/二级 labels are standard names, s/page and the peak RSS; born-digital and
scanned files are totalled apart.

--compare  also feeds the same normaliser with grids from pdfplumber's table finder and from
           camelot lattice (2.x, pdfium), so the three detectors are measured side by side.
--cli      also times whole runs as a user sees them (process start included): python -m
           extract on the files, and a bare camelot lattice read of the same files; for
           scanned files, a bare whole-page RapidOCR read of the same pages at 200 dpi.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.grid import BBox, Cell, Grid  # noqa: E402
from extract.lattice import DisjointSets, group_lines  # noqa: E402
from extract.pipeline import run_file  # noqa: E402
from extract.source import Char  # noqa: E402
from normalize.performance import read_indicator_tables  # noqa: E402
from normalize.records import IndicatorRow  # noqa: E402
from normalize.taxonomy import LEVEL1, LEVEL2_PARENT  # noqa: E402

KEY = ("project_name", "level1", "level2", "level3", "value_raw")


def truth_keys(path: Path) -> Counter[tuple[str, ...]]:
    with path.open(encoding="utf-8") as fh:
        return Counter(tuple(row[k] for k in KEY) for row in csv.DictReader(fh))


def row_keys(rows: list[IndicatorRow]) -> Counter[tuple[str, ...]]:
    return Counter(tuple(str(getattr(r, k)) for k in KEY) for r in rows)


def score(got: Counter[tuple[str, ...]], want: Counter[tuple[str, ...]]) -> tuple[int, int, int]:
    """Return (true positives, rows produced, rows expected)."""
    return sum((got & want).values()), sum(got.values()), sum(want.values())


def prf(tp: int, n_got: int, n_want: int) -> tuple[float, float, float]:
    p = tp / n_got if n_got else (1.0 if not n_want else 0.0)
    r = tp / n_want if n_want else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _edits(a: str, b: str) -> int:
    """Levenshtein distance."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def char_errors(rows: list[IndicatorRow], truth: Path) -> tuple[int, int]:
    """(character errors, characters expected) over 三级指标 + 指标值: each expected row is
    paired with the closest unpaired output row under the same project and labels; a row
    left unpaired on either side counts all its characters."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for r in rows:
        groups.setdefault((r.project_name, r.level1, r.level2), []).append(
            r.level3 + "\t" + r.value_raw)
    errors = total = 0
    with truth.open(encoding="utf-8") as fh:
        for t in csv.DictReader(fh):
            want = t["level3"] + "\t" + t["value_raw"]
            total += len(want) - 1
            pool = groups.get((t["project_name"], t["level1"], t["level2"]), [])
            if not pool:
                errors += len(want) - 1
                continue
            best = min(range(len(pool)), key=lambda i: _edits(pool[i], want))
            errors += _edits(pool.pop(best), want)
    errors += sum(len(x) - 1 for pool in groups.values() for x in pool)
    return errors, total


def reading_order_errors(rows: list[IndicatorRow], truth: Path) -> int:
    """Character errors over the file's 三级指标 + 指标值 text in reading order, rows paired
    by place alone: a misread project name or 二级 label costs nothing here, unlike in
    char_errors, so the two together tell reading from structure."""
    with truth.open(encoding="utf-8") as fh:
        want = "".join(f"{t['level3']}\t{t['value_raw']}\n" for t in csv.DictReader(fh))
    got = "".join(f"{r.level3}\t{r.value_raw}\n" for r in rows)
    same = len(os.path.commonprefix([got, want]))  # the edit distance is quadratic: what
    got, want = got[same:], want[same:]  # both start and end with is left out of it
    same = len(os.path.commonprefix([got[::-1], want[::-1]]))
    return _edits(got[:len(got) - same], want[:len(want) - same])


def standard_labels(rows: list[IndicatorRow]) -> tuple[int, int]:
    """(rows whose 一级 and 二级 labels are standard names, rows)."""
    ok = sum(r.level1 in LEVEL1 and r.level2 in LEVEL2_PARENT for r in rows)
    return ok, len(rows)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ----------------------------------------------------------------- peer detectors
def _grid_from_boxes(source: str, page: int, index: int,
                     boxes: list[tuple[float, float, float, float]],
                     chars: list[Char], method: str) -> Grid | None:
    """Given merged-cell boxes (top-left origin), return a Grid with spans and text."""
    xs = sorted({round(v, 1) for b in boxes for v in (b[0], b[2])})
    ys = sorted({round(v, 1) for b in boxes for v in (b[1], b[3])})
    xs = [x for i, x in enumerate(xs) if i == 0 or x - xs[i - 1] > 2]
    ys = [y for i, y in enumerate(ys) if i == 0 or y - ys[i - 1] > 2]
    if len(xs) < 2 or len(ys) < 2:
        return None

    def idx(edges: list[float], v: float) -> int:
        i = bisect.bisect_left(edges, v - 2)
        return min(i, len(edges) - 1)

    taken = [[False] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    cells: list[Cell] = []
    for b in boxes:
        c0, c1 = idx(xs, b[0]), idx(xs, b[2])
        r0, r1 = idx(ys, b[1]), idx(ys, b[3])
        if c1 <= c0 or r1 <= r0:
            continue
        if any(taken[r][c] for r in range(r0, r1) for c in range(c0, c1)):
            continue
        for r in range(r0, r1):
            for c in range(c0, c1):
                taken[r][c] = True
        box = BBox(xs[c0], ys[r0], xs[c1], ys[r1])
        inside = [ch for ch in chars if box.x0 <= ch.mid_x <= box.x1
                  and box.top <= ch.mid_y <= box.bottom]
        cells.append(Cell(r0, c0, r1 - r0, c1 - c0, box, tuple(group_lines(inside))))
    for r in range(len(ys) - 1):
        for c in range(len(xs) - 1):
            if not taken[r][c]:
                cells.append(Cell(r, c, 1, 1, BBox(xs[c], ys[r], xs[c + 1], ys[r + 1]), ()))
    return Grid(source, page, index, len(ys) - 1, len(xs) - 1, tuple(cells),
                BBox(xs[0], ys[0], xs[-1], ys[-1]), method)


def pdfplumber_grids(path: Path) -> list[Grid]:
    import pdfplumber

    grids: list[Grid] = []
    with pdfplumber.open(path) as pdf:
        for pno, page in enumerate(pdf.pages, 1):
            chars = [Char(c["text"], c["x0"], c["top"], c["x1"], c["bottom"])
                     for c in page.chars]
            for ti, table in enumerate(page.find_tables(), 1):
                g = _grid_from_boxes(path.name, pno, ti, list(table.cells), chars, "lattice")
                if g:
                    grids.append(g)
    return grids


def camelot_grids(path: Path) -> list[Grid]:
    import camelot
    import pdfplumber

    tables = camelot.read_pdf(str(path), pages="all", flavor="lattice")
    grids: list[Grid] = []
    with pdfplumber.open(path) as pdf:
        for ti, t in enumerate(tables, 1):
            pno = int(t.page)
            page = pdf.pages[pno - 1]
            h = float(page.height)
            chars = [Char(c["text"], c["x0"], c["top"], c["x1"], c["bottom"])
                     for c in page.chars]
            # merge camelot's slots across sides it reports as not bounded
            rows, cols = len(t.cells), len(t.cells[0])
            sets = DisjointSets(rows * cols)
            for r in range(rows):
                for c in range(cols):
                    cell = t.cells[r][c]
                    if c + 1 < cols and not cell.right:
                        sets.union(r * cols + c, r * cols + c + 1)
                    if r + 1 < rows and not cell.bottom:
                        sets.union(r * cols + c, (r + 1) * cols + c)
            groups: dict[int, list[tuple[int, int]]] = {}
            for r in range(rows):
                for c in range(cols):
                    groups.setdefault(sets.find(r * cols + c), []).append((r, c))
            boxes = []
            for slots in groups.values():
                cs = [t.cells[r][c] for r, c in slots]
                boxes.append((min(x.x1 for x in cs), h - max(x.y2 for x in cs),
                              max(x.x2 for x in cs), h - min(x.y1 for x in cs)))
            g = _grid_from_boxes(path.name, pno, ti, boxes, chars, "lattice")
            if g:
                grids.append(g)
    grids.sort(key=lambda g: (g.page, g.bbox.top))
    return [Grid(g.source, g.page, i, g.n_rows, g.n_cols, g.cells, g.bbox, g.method,
                 g.caption) for i, g in enumerate(grids, 1)]


#: RapidOCR as it comes, on every page rendered at 200 dpi (the threads as GKB_OCR_THREADS)
_BARE_RAPIDOCR = """
import os, sys
import pypdfium2
from rapidocr_onnxruntime import RapidOCR
n = int(os.environ.get("GKB_OCR_THREADS", "-1"))
ocr = RapidOCR(intra_op_num_threads=n, inter_op_num_threads=n)
for f in sys.argv[1:]:
    for page in pypdfium2.PdfDocument(f):
        ocr(page.render(scale=200 / 72).to_numpy()[:, :, :3].copy())
"""


# ----------------------------------------------------------------- main
def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", type=Path)
    ap.add_argument("--compare", action="store_true")
    ap.add_argument("--cli", action="store_true")
    ap.add_argument("--ocr", default="rapidocr", choices=["rapidocr", "tesseract", "none"],
                    help="engine for scanned pages (default rapidocr)")
    args = ap.parse_args(argv)
    pairs = [(pdf, pdf.with_name(pdf.stem + ".truth.csv"))
             for pdf in sorted(args.dir.glob("*.pdf"))]
    pairs = [(pdf, t) for pdf, t in pairs if t.exists()]
    if not pairs:
        print(f"no NAME.pdf with NAME.truth.csv in {args.dir}", file=sys.stderr)
        return 3
    detectors: list[tuple[str, object]] = [("gongkaibiao", None)]
    if args.compare:
        detectors += [("pdfplumber", pdfplumber_grids), ("camelot", camelot_grids)]
    for label, detect in detectors:
        tot = [0, 0, 0]
        pages = 0
        seconds = 0.0
        # per kind (born-digital / scanned): tp, got, want, pages, s, char errors, chars,
        # rows with standard labels, rows
        kinds: dict[str, list[float]] = {}
        print(f"== {label}")
        print(f"{'file':40s} {'P':>6s} {'R':>6s} {'F1':>6s} {'rows':>9s} {'s/page':>7s}"
              f" {'CER':>7s} {'CERseq':>7s} {'labels':>6s}")
        for pdf, truth in pairs:
            t0 = time.perf_counter()
            kind = "born-digital"
            if detect is None:
                res = run_file(pdf, ocr=args.ocr)
                rows, n_pages = res.indicators, res.pages
                if any(c.method == "ocr" for c in res.cells):
                    kind = "scanned"
            else:
                grids = detect(pdf)  # type: ignore[operator]
                rows = read_indicator_tables(grids).rows
                import pypdfium2

                n_pages = len(pypdfium2.PdfDocument(str(pdf)))
            dt = time.perf_counter() - t0
            tp, ng, nw = score(row_keys(rows), truth_keys(truth))
            p, r, f = prf(tp, ng, nw)
            for i, v in enumerate((tp, ng, nw)):
                tot[i] += v
            pages += n_pages
            seconds += dt
            errs, chars = char_errors(rows, truth)
            seq = reading_order_errors(rows, truth)
            std, n_rows = standard_labels(rows)
            k = kinds.setdefault(kind, [0, 0, 0, 0, 0.0, 0, 0, 0, 0, 0])
            for i, v in enumerate((tp, ng, nw, n_pages, dt, errs, chars, std, n_rows, seq)):
                k[i] += v
            print(f"{pdf.name:40s} {p:6.3f} {r:6.3f} {f:6.3f} {tp:4d}/{nw:<4d} "
                  f"{dt / max(n_pages, 1):7.4f} {errs / max(chars, 1):7.2%} "
                  f"{seq / max(chars, 1):7.2%} {std / max(n_rows, 1):6.1%}")
        for kind, (ktp, kgot, kwant, kpages, ksec, kerr, kchars, kstd, krows, kseq) in sorted(
                kinds.items()):
            p, r, f = prf(int(ktp), int(kgot), int(kwant))
            print(f"{'  ' + kind:40s} {p:6.3f} {r:6.3f} {f:6.3f} {int(ktp):4d}/{int(kwant):<4d}"
                  f" {ksec / max(kpages, 1):7.4f} {kerr / max(kchars, 1):7.2%} "
                  f"{kseq / max(kchars, 1):7.2%} {kstd / max(krows, 1):6.1%}"
                  f"   ({int(kpages)} pages)")
        p, r, f = prf(*tot)
        print(f"{'TOTAL':40s} {p:6.3f} {r:6.3f} {f:6.3f} {tot[0]:4d}/{tot[2]:<4d} "
              f"{seconds / max(pages, 1):7.4f}   ({pages} pages, {pages / seconds:.1f} pages/s)")
    print(f"peak RSS {peak_mb():.0f} MB")
    if args.cli:
        files = [str(p) for p, _ in pairs]
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "extract", "-q", "-o", tmp, *files],
                           cwd=ROOT, check=False)
            ours = time.perf_counter() - t0
        if "scanned" in kinds:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", _BARE_RAPIDOCR, *files], check=True)
            bare = time.perf_counter() - t0
            print(f"whole run, process start included: python -m extract {ours:.2f} s, "
                  f"bare whole-page RapidOCR at 200 dpi {bare:.2f} s, ratio {ours / bare:.2f}")
        else:
            code = ("import camelot,sys\nfor f in sys.argv[1:]: camelot.read_pdf(f, "
                    "pages='all', flavor='lattice')")
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", code, *files], check=True)
            cam = time.perf_counter() - t0
            print(f"whole run, process start included: python -m extract {ours:.2f} s, "
                  f"camelot lattice alone {cam:.2f} s, ratio {ours / cam:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
