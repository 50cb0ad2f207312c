"""Many files: worker processes or a Dask cluster, a resumable manifest, the combined CSVs.

Files are read in parallel (``run_file`` in workers); the parent writes each file's CSVs as its
result arrives (each CSV atomically) and only then records the file in the manifest
(SQLite, keyed by the file's sha256 and the pipeline version). A run killed at any moment
therefore leaves finished files recorded and nothing half-written, and a rerun redoes only the
rest. The combined CSVs are rebuilt from the per-file ones in input order, so the output is
the same whatever the number of workers and however often the run was interrupted.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .csvout import OUTPUTS, REPORT_COLUMNS, atomic_output, csv_text, write_atomic, write_file
from .pipeline import FAILED, FileResult, run_file

#: what a result in the manifest was made by; a new version redoes every file
PIPELINE_VERSION = __version__


@dataclass(frozen=True, slots=True)
class Job:
    """One input: its path, its output folder name and the sha256 of its bytes."""

    path: Path
    name: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Done:
    """A file's row of report.csv, as recorded in the manifest."""

    path: str
    status: str
    pages: int
    tables: int
    indicator_rows: int
    cells: int
    seconds: float
    message: str

    @classmethod
    def of(cls, job: Job, result: FileResult) -> Done:
        return cls(str(job.path), result.status, result.pages, result.tables,
                   len(result.indicators), len(result.cells), round(result.seconds, 3),
                   result.message)

    def report_row(self) -> tuple[object, ...]:
        return (self.path, self.status, self.pages, self.tables, self.indicator_rows,
                self.cells, f"{self.seconds:.3f}", self.message)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return "unreadable:" + str(path)
    return h.hexdigest()


def output_names(files: list[Path]) -> list[str]:
    """Folder name per input: the file stem, made unique (stably) when two inputs share one."""
    stems = [f.stem for f in files]
    out = []
    for f, stem in zip(files, stems):
        if stems.count(stem) > 1:
            tag = hashlib.sha1(str(f.resolve()).encode()).hexdigest()[:8]
            stem = f"{stem}-{tag}"
        out.append(stem)
    return out


class Manifest:
    """The output folder's record of finished files (``manifest.sqlite``).

    A file counts as done for one ``version``: the pipeline version and the options that
    change what is read (pages, OCR engine), so a run with other options redoes it.
    """

    def __init__(self, path: Path, version: str = PIPELINE_VERSION):
        self.version = version
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS done (sha256 TEXT, version TEXT, name TEXT, path TEXT,"
            " status TEXT, pages INT, tables INT, indicator_rows INT, cells INT, seconds REAL,"
            " message TEXT, PRIMARY KEY (sha256, version, name))")
        self.db.commit()

    def lookup(self, job: Job) -> Done | None:
        row = self.db.execute(
            "SELECT status, pages, tables, indicator_rows, cells, seconds, message FROM done"
            " WHERE sha256=? AND version=? AND name=?",
            (job.sha256, self.version, job.name)).fetchone()
        return Done(str(job.path), *row) if row else None

    def record(self, job: Job, done: Done) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO done VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (job.sha256, self.version, job.name, str(job.path), done.status, done.pages,
             done.tables, done.indicator_rows, done.cells, done.seconds, done.message))
        self.db.commit()

    def close(self) -> None:
        self.db.close()


def _outputs_present(folder: Path) -> bool:
    return all((folder / name).exists() for name, _, _ in OUTPUTS)


def _init_worker() -> None:
    # one thread per worker process: the workers are the parallelism
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract
    os.environ.setdefault("GKB_OCR_THREADS", "1")  # ONNX Runtime (RapidOCR)


@dataclass(frozen=True, slots=True)
class Finished:
    """What a worker sends back: the report row and the problems to show, not the rows."""

    done: Done
    lines: tuple[str, ...]


def convert_one(job: Job, pages: list[int] | None, out_dir: Path,
                ocr: str = "rapidocr") -> Finished:
    """Read one file and write its CSVs (each atomically); runs in a worker."""
    result = run_file(job.path, pages, ocr)
    if result.status != FAILED:
        write_file(result, out_dir / job.name)
    lines = tuple(f"{job.path} page {p.page}: {p.message}" if p.page else
                  f"{job.path}: {p.message}" for p in [*result.problems, *result.checks])
    return Finished(Done.of(job, result), lines)


def _local(jobs: list[Job], pages: list[int] | None, out_dir: Path, workers: int, ocr: str
           ) -> Iterator[tuple[Job, Finished]]:
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield job, convert_one(job, pages, out_dir, ocr)
        return
    # largest files first, so that no worker is left with a big file at the end alone
    order = sorted(jobs, key=lambda job: -_size(job.path))
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
        futures = {pool.submit(convert_one, job, pages, out_dir, ocr): job for job in order}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _dask(jobs: list[Job], pages: list[int] | None, out_dir: Path, address: str,
          workers: int, ocr: str) -> Iterator[tuple[Job, Finished]]:
    try:
        from distributed import Client, LocalCluster
        from distributed import as_completed as dask_completed
    except ImportError:
        raise SystemExit("--dask needs Dask: pip install 'gongkaibiao[dask]'") from None
    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        order = sorted(jobs, key=lambda job: -_size(job.path))
        futures = {client.submit(convert_one, job, pages, out_dir, ocr, pure=False,
                                 key=f"file-{i}"): job for i, job in enumerate(order)}
        for future in dask_completed(futures):
            yield futures[future], future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_batch(files: list[Path], out_dir: Path, pages: list[int] | None = None,
              workers: int = 1, force: bool = False, dask: str | None = None,
              on_result: Callable[[Job, Done, tuple[str, ...] | None], None] | None = None,
              ocr: str = "rapidocr") -> list[Done]:
    """Convert ``files`` into ``out_dir``; return one Done per input, in input order."""
    jobs = [Job(f, n, sha256_of(f)) for f, n in zip(files, output_names(files))]
    manifest = Manifest(out_dir / "manifest.sqlite",
                        f"{PIPELINE_VERSION} pages={pages or 'all'} ocr={ocr}")
    for stale in out_dir.rglob(".*.tmp"):  # half-written by a run that was killed
        stale.unlink(missing_ok=True)
    finished: dict[int, Done] = {}
    todo: list[Job] = []
    try:
        for i, job in enumerate(jobs):
            done = None if force else manifest.lookup(job)
            if done is not None and (done.status == FAILED or _outputs_present(out_dir / job.name)):
                finished[i] = done
                if on_result:
                    on_result(job, done, None)
            else:
                todo.append(job)
        index = {id(job): i for i, job in enumerate(jobs)}
        results = (_dask(todo, pages, out_dir.resolve(), dask, workers, ocr) if dask
                   else _local(todo, pages, out_dir, workers, ocr))
        for job, fin in results:
            # recorded only once the worker has written the file's CSVs: a kill at any
            # moment never records a file whose outputs are not all there
            manifest.record(job, fin.done)
            finished[index[id(job)]] = fin.done
            if on_result:
                on_result(job, fin.done, fin.lines)
    finally:
        manifest.close()
    ordered = [finished[i] for i in range(len(jobs))]
    write_combined(jobs, ordered, out_dir)
    write_atomic(out_dir / "report.csv", REPORT_COLUMNS, (d.report_row() for d in ordered))
    return ordered


def write_combined(jobs: list[Job], done: list[Done], out_dir: Path) -> None:
    """Rebuild the combined CSVs from the per-file ones, in input order.

    The per-file files were written by this program with the same header, so their bodies are
    joined as they are (no re-parsing), each combined file written atomically.
    """
    for name, columns, _ in OUTPUTS:
        with atomic_output(out_dir / name) as out:
            out.write(csv_text([columns]).encode("utf-8"))
            for job, d in zip(jobs, done):
                path = out_dir / job.name / name
                if d.status == FAILED or not path.exists():
                    continue
                with path.open("rb") as fh:
                    fh.readline()  # the header
                    shutil.copyfileobj(fh, out)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


def progress_bar(total: int, quiet: bool):  # type: ignore[no-untyped-def]
    """A tqdm bar on stderr when it is a terminal, else None."""
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True)
