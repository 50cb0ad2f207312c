"""python -m extract FILES_OR_DIRS... [-o DIR] [--pages 1-3]: 公开表 PDFs -> long-format CSV."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .csvout import write_combined, write_file, write_report
from .errors import ExitCode
from .pipeline import FAILED, OK, FileResult, run_file

EPILOG = """\
outputs (see OUTPUT.md):
  DIR/NAME/indicators.csv  one row per 三级指标 of every 绩效目标表 in NAME.pdf
  DIR/NAME/cells.csv       every cell of every ruled table (row/col spans, boxes)
  DIR/NAME/values.csv      (other tables in long form: not produced yet, header only)
  DIR/indicators.csv, DIR/cells.csv, DIR/values.csv   the run's files concatenated
  DIR/report.csv           one row per input: status, pages, tables, rows, seconds, message

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


def output_names(files: list[Path]) -> list[str]:
    """Folder name per input: the file stem, made unique when two inputs share one."""
    stems = [f.stem for f in files]
    out = []
    for f, stem in zip(files, stems):
        if stems.count(stem) > 1:
            stem = f"{stem}-{abs(hash(str(f.resolve()))) % 10**6:06d}"
        out.append(stem)
    return out


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
    ap.add_argument("-q", "--quiet", action="store_true", help="print only problems and errors")
    ap.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    files, complaints = find_inputs(args.inputs)
    for c in complaints:
        print(c, file=sys.stderr)
    if not files:
        print("nothing to do: no PDF found", file=sys.stderr)
        return ExitCode.NO_INPUT
    out_dir: Path = args.output
    results: list[FileResult] = []
    for i, (path, name) in enumerate(zip(files, output_names(files)), 1):
        result = run_file(path, args.pages)
        results.append(result)
        if result.status != FAILED:
            write_file(result, out_dir / name)
        _say(result, i, len(files), args.quiet)
    write_combined(results, out_dir)
    write_report(results, out_dir)
    bad = [r for r in results if r.status != OK]
    n_rows = sum(len(r.indicators) for r in results)
    n_tables = sum(r.tables for r in results)
    summary = (f"{len(files)} files, {len(files) - len(bad)} ok, "
               f"{sum(r.status == FAILED for r in results)} failed, "
               f"{sum(r.status not in (OK, FAILED) for r in results)} partial; "
               f"{n_tables} tables, {n_rows} indicator rows -> {out_dir}/")
    if not args.quiet or bad:
        print(summary, file=sys.stderr)
    return ExitCode.INPUT_FAILED if bad or complaints else ExitCode.OK


def _say(result: FileResult, i: int, n: int, quiet: bool) -> None:
    name = result.path
    for p in result.problems:
        where = f"{name} page {p.page}" if p.page else f"{name}"
        print(f"{where}: {p.message}", file=sys.stderr)
    if not quiet:
        print(f"[{i}/{n}] {name}: {result.status}, {result.pages} pages, {result.tables} tables, "
              f"{len(result.indicators)} indicator rows ({result.seconds:.2f} s)",
              file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
