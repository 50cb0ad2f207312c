"""python -m extract FILES_OR_DIRS... [-o DIR] [--pages 1-3]: 公开表 PDFs -> long-format CSV."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .batch import Done, Job, default_workers, progress_bar, run_batch
from .errors import ExitCode
from .pipeline import FAILED, OK

EPILOG = """\
subcommand:
  python -m extract scrape PORTAL.toml [-o DIR] [--every 24h]   fetch new PDFs from a
  government portal politely and convert them (python -m extract scrape --help)

outputs (see OUTPUT.md):
  DIR/NAME/indicators.csv  one row per 三级指标 of every 绩效目标表 in NAME.pdf
  DIR/NAME/cells.csv       every cell of every ruled table (row/col spans, boxes)
  DIR/NAME/values.csv      every data cell of every other table in long form
  DIR/indicators.csv, DIR/cells.csv, DIR/values.csv   the run's files concatenated
  DIR/report.csv           one row per input: status, pages, tables, rows, seconds, message
  DIR/manifest.sqlite      files done (by sha256 and pipeline version): a rerun skips them

exit codes:
  0  every input converted
  1  some inputs failed or had pages that could not be converted (the rest were written)
  2  bad command line
  3  no PDF found under the given paths
"""


def parse_pages(spec: str) -> list[int]:
    """Turn '1-3,5' into [1, 2, 3, 5] (1-based page numbers)."""
    pages: set[int] = set()
    try:
        for part in spec.split(","):
            part = part.strip()
            if "-" in part:
                a, b = (int(x) for x in part.split("-", 1))
                if a < 1 or b < a:
                    raise ValueError
                pages.update(range(a, b + 1))
            else:
                n = int(part)
                if n < 1:
                    raise ValueError
                pages.add(n)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid page list {spec!r}: use numbers from 1, like 1-3,5") from None
    return sorted(pages)


def find_inputs(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Expand folders into the PDFs below them; return (files, complaints about paths)."""
    files: list[Path] = []
    complaints: list[str] = []
    for p in paths:
        if p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() == ".pdf")
            if not found:
                complaints.append(f"{p}: no .pdf files in this folder")
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            complaints.append(f"{p}: no such file or folder")
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, complaints


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m extract",
        description="Convert the tables of Chinese budget disclosure PDFs (公开表) into tidy "
                    "long-format CSV: 绩效目标表 indicators and every table cell.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+", type=Path, metavar="FILE_OR_DIR",
                    help="PDF files, or folders searched recursively for *.pdf")
    ap.add_argument("-o", "--output", type=Path, default=Path("output"), metavar="DIR",
                    help="output folder (default: output/)")
    ap.add_argument("--pages", type=parse_pages, metavar="LIST",
                    help="only these 1-based pages of every file, e.g. 1-3,5")
    ap.add_argument("-j", "--jobs", type=int, default=default_workers(), metavar="N",
                    help="worker processes (default: the cores here, %(default)s)")
    ap.add_argument("--force", action="store_true",
                    help="redo files the output folder's manifest says are done")
    ap.add_argument("--dask", metavar="ADDRESS",
                    help="run on a Dask cluster: tcp://HOST:8786, or 'local' for a LocalCluster "
                         "of -j workers (needs pip install 'gongkaibiao[dask]')")
    ap.add_argument("--ocr", choices=["rapidocr", "tesseract", "none"], default="rapidocr",
                    help="engine for pages with no usable text layer (scans): rapidocr "
                         "(default, models in the wheel), tesseract (apt-get install "
                         "tesseract-ocr tesseract-ocr-chi-sim), or none to report and skip them")
    ap.add_argument("-q", "--quiet", action="store_true", help="print only problems and errors")
    ap.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    return ap


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["scrape"]:
        from .scrape import main as scrape_main

        return scrape_main(argv[1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    files, complaints = find_inputs(args.inputs)
    for c in complaints:
        print(c, file=sys.stderr)
    if not files:
        print("nothing to do: no PDF found", file=sys.stderr)
        return ExitCode.NO_INPUT
    return convert(files, args.output, args.pages, args.jobs, args.force, args.dask,
                   args.quiet, bool(complaints), args.ocr)


def convert(files: list[Path], out_dir: Path, pages: list[int] | None, jobs: int, force: bool,
            dask: str | None, quiet: bool, complaints: bool = False,
            ocr: str = "rapidocr") -> int:
    """Run a batch with progress and a summary on stderr; return the exit code."""
    bar = progress_bar(len(files), quiet)
    count = 0

    def say(job: Job, done: Done, problems: tuple[str, ...] | None) -> None:
        nonlocal count
        count += 1
        lines = list(problems or ())
        if not quiet and bar is None:
            how = "done before, kept" if problems is None else f"{done.seconds:.2f} s"
            lines.append(f"[{count}/{len(files)}] {job.path}: {done.status}, {done.pages} pages,"
                         f" {done.tables} tables, {done.indicator_rows} indicator rows ({how})")
        for line in lines:
            (bar.write if bar is not None else _err)(line)
        if bar is not None:
            bar.update(1)

    try:
        done = run_batch(files, out_dir, pages, jobs, force, dask, say, ocr)
    finally:
        if bar is not None:
            bar.close()
    bad = [d for d in done if d.status != OK]
    summary = (f"{len(done)} files, {len(done) - len(bad)} ok, "
               f"{sum(d.status == FAILED for d in done)} failed, "
               f"{sum(d.status not in (OK, FAILED) for d in done)} partial; "
               f"{sum(d.tables for d in done)} tables, "
               f"{sum(d.indicator_rows for d in done)} indicator rows -> {out_dir}/")
    if not quiet or bad:
        _err(summary)
    return ExitCode.INPUT_FAILED if bad or complaints else ExitCode.OK


def _err(line: str) -> None:
    print(line, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
