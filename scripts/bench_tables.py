"""Benchmark for every other table (values.csv, cells.csv) on real files.

    python scripts/bench_tables.py [--corpus ../shared/corpus/real] [--no-camelot]

1. cn-gov key values: every `*_PARTIAL.csv` (item,value_wan_yuan) must be found in values.csv
   of its PDF with that number, under a row label equal to the item (numbering like 一、 or 1.
   removed) and in the right block: income items under a column path naming 收入, spending items
   under one naming 支出 (when the table has such blocks).
2. ICDAR-2013 (tabula-java/icdar2013, truth in *-str.xml): cell precision/recall/F1. A predicted
   cell is right when its text equals a truth cell's (white space removed) and either box holds
   the other's centre. Our cells and camelot lattice's are scored in the same run.
3. Speed: s/page over all the PDFs read.

These files stay outside the project (their licences vary); the script skips what is absent.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.pipeline import run_file  # noqa: E402

INCOME = ("财政拨款", "一般公共预算", "政府性基金", "财政专户", "其他资金", "收入", "上年结转")
_NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])\s*")


def _label(text: str) -> str:
    last = text.split(" / ")[-1]
    return re.sub(r"\s+", "", _NUMBERING.sub("", last))


def key_values(corpus: Path) -> tuple[int, int, float, int]:
    """Return (found, wanted, seconds, pages) over the cn-gov key-value files."""
    found = wanted = pages = 0
    seconds = 0.0
    for partial in sorted((corpus / "cn-gov").glob("*_PARTIAL.csv")):
        pdf = partial.with_name(partial.name.split("__")[0] + ".pdf")
        t0 = time.perf_counter()
        result = run_file(pdf)
        seconds += time.perf_counter() - t0
        pages += result.pages
        with partial.open(encoding="utf-8") as fh:
            items = list(csv.DictReader(fh))
        missing = []
        for item in items:
            wanted += 1
            name, value = item["item"], float(item["value_wan_yuan"])
            income = any(w in name for w in INCOME) and "支出" not in name
            hits = [v for v in result.values
                    if _label(v.row_label) == name and v.value
                    and abs(float(v.value) - value) < 0.005
                    and _right_block(v.column_label, income)]
            if hits:
                found += 1
            else:
                missing.append(name)
        status = "ok" if not missing else "missing " + ", ".join(missing)
        print(f"  {pdf.name:55s} {len(items) - len(missing):3d}/{len(items):<3d} {status}")
    return found, wanted, seconds, pages


def _right_block(column_label: str, income: bool) -> bool:
    has_in, has_out = "收入" in column_label, "支出" in column_label
    if not (has_in or has_out):
        return True  # a table without blocks
    return has_in if income else has_out


# ------------------------------------------------------------------ ICDAR-2013
def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def icdar_truth(xml: Path, heights: dict[int, float]) -> list[tuple[int, str, tuple]]:
    """Truth cells as (page, text, box top-left origin)."""
    cells = []
    for region in ET.parse(xml).getroot().iter("region"):
        page = int(region.get("page", "1"))
        h = heights.get(page, 792.0)
        for cell in region.iter("cell"):
            text = _norm(cell.findtext("content") or "")
            bb = cell.find("bounding-box")
            if not text or bb is None:
                continue
            x1, x2, y1, y2 = (_coord(bb.get(k)) for k in ("x1", "x2", "y1", "y2"))
            cells.append((page, text, (x1, h - y2, x2, h - y1)))
    return cells


def _coord(text: str | None) -> float:
    """A coordinate from the truth XML (one file has a stray letter in a number: 26ß)."""
    m = re.search(r"-?\d+(?:\.\d+)?", text or "")
    return float(m.group(0)) if m else 0.0


def _centre_in(box: tuple, other: tuple, pad: float = 2.0) -> bool:
    cx, cy = (other[0] + other[2]) / 2, (other[1] + other[3]) / 2
    return box[0] - pad <= cx <= box[2] + pad and box[1] - pad <= cy <= box[3] + pad


def match(pred: list[tuple[int, str, tuple]], truth: list[tuple[int, str, tuple]]) -> int:
    used: set[int] = set()
    hits = 0
    for page, text, box in pred:
        for i, (tp, tt, tb) in enumerate(truth):
            if i in used or tp != page or tt != text:
                continue
            if _centre_in(box, tb) or _centre_in(tb, box):
                used.add(i)
                hits += 1
                break
    return hits


def icdar(corpus: Path, with_camelot: bool) -> None:
    folder = corpus / "tabula-java" / "icdar2013"
    pdfs = sorted(folder.glob("*.pdf"))
    if not pdfs:
        print("ICDAR-2013: not found, skipped")
        return
    import pypdfium2

    totals = {"gongkaibiao": [0, 0, 0, 0.0], "camelot lattice": [0, 0, 0, 0.0]}
    n_pages = 0
    for pdf in pdfs:
        doc = pypdfium2.PdfDocument(str(pdf))
        heights = {i + 1: doc[i].get_height() for i in range(len(doc))}
        n_pages += len(doc)
        doc.close()
        truth = icdar_truth(pdf.with_name(pdf.stem + "-str.xml"), heights)
        pages = {p for p, _, _ in truth}
        t0 = time.perf_counter()
        ours = run_file(pdf)
        dt = time.perf_counter() - t0
        pred = [(c.page, _norm(c.text), (c.x0, c.y0, c.x1, c.y1)) for c in ours.cells
                if c.text.strip() and c.page in pages]
        t = totals["gongkaibiao"]
        t[0] += match(pred, truth)
        t[1] += len(pred)
        t[2] += len(truth)
        t[3] += dt
        if with_camelot:
            import camelot

            t0 = time.perf_counter()
            try:
                tables = camelot.read_pdf(str(pdf), pages="all", flavor="lattice")
            except Exception as exc:  # camelot fails on some files; count it as nothing found
                print(f"  camelot failed on {pdf.name}: {exc}")
                tables = []
            dt = time.perf_counter() - t0
            pred = []
            for table in tables:
                page = int(table.page)
                h = heights[page]
                for row in table.cells:
                    for cell in row:
                        if cell.text.strip() and page in pages:
                            pred.append((page, _norm(cell.text),
                                         (cell.x1, h - cell.y2, cell.x2, h - cell.y1)))
            t = totals["camelot lattice"]
            t[0] += match(pred, truth)
            t[1] += len(pred)
            t[2] += len(truth)
            t[3] += dt
    print(f"ICDAR-2013: {len(pdfs)} files, {n_pages} pages, cells matched by text and box")
    for name, (hits, n_pred, n_truth, secs) in totals.items():
        if not n_pred and name != "gongkaibiao":
            continue
        p = hits / n_pred if n_pred else 0.0
        r = hits / n_truth if n_truth else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"  {name:16s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  ({hits}/{n_truth} truth cells, "
              f"{n_pred} predicted)  {secs / n_pages:.4f} s/page")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    ap.add_argument("--no-camelot", action="store_true")
    args = ap.parse_args(argv)
    if (args.corpus / "cn-gov").exists():
        print("cn-gov key values (收支总表):")
        found, wanted, secs, pages = key_values(args.corpus)
        print(f"  found {found}/{wanted} under the right labels; {secs / max(pages, 1):.4f} "
              f"s/page over {pages} pages")
    icdar(args.corpus, not args.no_camelot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
