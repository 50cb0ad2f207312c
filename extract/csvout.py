"""Write FileResults as the CSV files of ../shared/OUTPUT.md, each one atomically.

A file is written to a temporary name in the same folder and renamed into place, so a killed
run never leaves a half-written CSV behind.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from normalize.records import CELL_COLUMNS, INDICATOR_COLUMNS, VALUE_COLUMNS, as_fields

from .pipeline import FileResult

REPORT_COLUMNS = ["file", "status", "pages", "tables", "indicator_rows", "cells", "seconds",
                  "message"]
OUTPUTS = (("indicators.csv", INDICATOR_COLUMNS, "indicators"),
           ("cells.csv", CELL_COLUMNS, "cells"),
           ("values.csv", VALUE_COLUMNS, "values"))


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """Open ``path`` for writing bytes so that it appears whole or not at all: the bytes go to
    a temporary file beside it (``.NAME.*.tmp``), renamed into place when the block ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text, as every CSV of this program is written (LF line ends)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def write_atomic(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a UTF-8 CSV (no BOM) to ``path`` via a temporary file and a rename."""
    text = csv_text([header]) + csv_text(rows)
    with atomic_output(path) as fh:
        fh.write(text.encode("utf-8"))


def write_file(result: FileResult, folder: Path) -> None:
    """Write one input's indicators.csv, cells.csv and values.csv into ``folder``."""
    for name, columns, attr in OUTPUTS:
        write_atomic(folder / name, columns, (as_fields(r) for r in getattr(result, attr)))
