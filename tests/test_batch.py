"""Batches: the same output whatever the workers, resumable after SIGKILL, on Dask too."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

OUTPUTS = ("indicators.csv", "cells.csv", "values.csv")


def _inputs(folder: Path, copies: int) -> Path:
    folder.mkdir()
    pdfs = sorted(SAMPLES.glob("*.pdf"))
    for i in range(copies):
        for pdf in pdfs:
            shutil.copy(pdf, folder / f"{i:02d}-{pdf.name}")
    return folder


def _run(*args: str, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extract", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, **kw)


def _same_outputs(a: Path, b: Path) -> None:
    names = sorted(p.relative_to(a) for p in a.rglob("*.csv") if p.name != "report.csv")
    assert names == sorted(p.relative_to(b) for p in b.rglob("*.csv") if p.name != "report.csv")
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_output_does_not_depend_on_workers(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in", 1)
    assert _run(str(inputs), "-o", str(tmp_path / "j1"), "-j", "1", "-q").returncode == 0
    assert _run(str(inputs), "-o", str(tmp_path / "j2"), "-j", "2", "-q").returncode == 0
    _same_outputs(tmp_path / "j1", tmp_path / "j2")


def _done(manifest: Path) -> int:
    try:
        with sqlite3.connect(manifest) as db:
            return db.execute("SELECT count(*) FROM done").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_killed_batch_resumes_to_identical_output(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in", 5)
    total = len(list(inputs.glob("*.pdf")))
    whole, broken = tmp_path / "whole", tmp_path / "broken"
    assert _run(str(inputs), "-o", str(whole), "-j", "2", "-q").returncode == 0

    proc = subprocess.Popen([sys.executable, "-m", "extract", str(inputs), "-o", str(broken),
                             "-j", "2", "-q"], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _done(broken / "manifest.sqlite") < 10 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # the parent and its worker processes, at once
    proc.wait()
    recorded = _done(broken / "manifest.sqlite")
    assert 10 <= recorded < total, "the batch must be killed part-way"

    resumed = _run(str(inputs), "-o", str(broken), "-j", "2")
    assert resumed.returncode == 0, resumed.stderr
    kept = resumed.stderr.count("done before, kept")
    assert kept == recorded  # no finished file is redone
    _same_outputs(whole, broken)
    assert list(broken.rglob("*.tmp")) == []  # what the kill left half-written is gone


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_output(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    inputs = _inputs(tmp_path / "in", 1)
    local, dask = tmp_path / "local", tmp_path / "dask"
    assert _run(str(inputs), "-o", str(local), "-j", "1", "-q").returncode == 0
    proc = _run(str(inputs), "-o", str(dask), "-j", "2", "-q", "--dask", "local")
    assert proc.returncode == 0, proc.stderr
    _same_outputs(local, dask)


def test_other_options_redo_files(tmp_path: Path) -> None:
    """A file done with --ocr none (its scanned page skipped) is redone when OCR is asked for."""
    out = tmp_path / "out"
    scan = str(SAMPLES / "form-2023-p1.scan.pdf")
    first = _run(scan, "-o", str(out), "--ocr", "none")
    assert first.returncode == 1 and "needs OCR" in first.stderr
    again = _run(scan, "-o", str(out), "--ocr", "none")
    assert "done before, kept" in again.stderr
    with_ocr = _run(scan, "-o", str(out))
    assert with_ocr.returncode == 0, with_ocr.stderr
    assert "done before" not in with_ocr.stderr
