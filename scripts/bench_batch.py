"""Batch benchmark: pages/s of a whole CLI run with 1 worker and with N workers.

    python scripts/bench_batch.py [DIR] [--files 20] [--jobs 2]

Takes the first --files PDFs under DIR (cycling through them if there are fewer), runs
`python -m extract -j 1` and `-j N` on them --repeat times each (process start included,
fresh output folders, the fastest run counts) and prints pages/s of each and the speed-up.
DIR defaults to ../shared/corpus/real/cn-gov when present (real 20-35 page budget files),
else samples/.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    default = ROOT.parent / "shared" / "corpus" / "real" / "cn-gov"
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", type=Path, nargs="?",
                    default=default if default.exists() else ROOT / "samples")
    ap.add_argument("--files", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs per setting; the fastest counts (as timeit does)")
    args = ap.parse_args(argv)
    pdfs = sorted(args.dir.glob("*.pdf"))
    if not pdfs:
        print(f"no PDF in {args.dir}", file=sys.stderr)
        return 3
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        pages = 0
        for i in range(args.files):
            src = pdfs[i % len(pdfs)]
            dst = inputs / f"{i:03d}-{src.name}"
            shutil.copy(src, dst)
            doc = pypdfium2.PdfDocument(str(dst))
            pages += len(doc)
            doc.close()
        rates = {}
        for jobs in (1, args.jobs):
            times = []
            for k in range(args.repeat):
                out = Path(tmp) / f"out-{jobs}-{k}"  # a fresh folder: nothing to resume
                t0 = time.perf_counter()
                subprocess.run([sys.executable, "-m", "extract", str(inputs), "-o", str(out),
                                "-j", str(jobs), "-q"], cwd=ROOT, check=False,
                               stderr=subprocess.DEVNULL)
                times.append(time.perf_counter() - t0)
            seconds = min(times)
            rates[jobs] = pages / seconds
            print(f"-j {jobs}: {args.files} files, {pages} pages in {seconds:.2f} s "
                  f"= {rates[jobs]:.1f} pages/s")
        print(f"speed-up with {args.jobs} workers: {rates[args.jobs] / rates[1]:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
