"""The scraper against a real HTTP server on 127.0.0.1 (a fixture portal started here)."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import SAMPLES, read_csv

from extract.scrape import main as scrape_main
from extract.scrape import page_links, parse_every

RATE = 4.0  # requests per second in the portal file: at least 0.25 s between requests


class Portal:
    """Serves a small county portal and logs every request with its time."""

    def __init__(self) -> None:
        self.log: list[tuple[float, str, int]] = []
        self.busy_left = 1
        a = (SAMPLES / "seed-qilian-2023.pdf").read_bytes()
        c = (SAMPLES / "form-2023.pdf").read_bytes()
        slow = (SAMPLES / "listing-wps-style.pdf").read_bytes()
        busy = (SAMPLES / "budget-tables.pdf").read_bytes()
        self.pdfs = {"/zwgk/a.pdf": a, "/zwgk/copy-of-a.pdf": a, "/zwgk/c.pdf": c,
                     "/zwgk/slow.pdf": slow, "/zwgk/busy.pdf": busy, "/private/secret.pdf": a}

    def pages(self, offsite: str) -> dict[str, str]:
        return {
            "/zwgk/index.html": f"""<html><body>
                <a href="index_1.html">下一页</a> <a href="a.pdf">公开表A</a>
                <a href="/private/secret.pdf">内部</a> <a href="{offsite}/x.pdf">外站</a>
                <a href="missing.pdf">已删除</a> <a href="notes.html">说明</a>
                <a href="javascript:void(0)">打印</a></body></html>""",
            "/zwgk/index_1.html": """<html><body>
                <a href="index.html">首页</a> <a href="c.pdf">公开表C</a>
                <a href="fake.pdf">假的</a> <a href="slow.pdf">慢</a> <a href="busy.pdf">忙</a>
                <a href="/zwgk/a.pdf#page=2">公开表A</a> <a href="copy-of-a.pdf">副本</a>
                </body></html>""",
        }


@pytest.fixture
def servers() -> Iterator[tuple[Portal, str, list[str]]]:
    portal = Portal()
    offsite_log: list[str] = []

    class OffSite(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            offsite_log.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    off = ThreadingHTTPServer(("127.0.0.1", 0), OffSite)
    offsite = f"http://127.0.0.1:{off.server_address[1]}"
    pages = portal.pages(offsite)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            arrived = time.monotonic()
            path = self.path.split("#")[0]
            status, body, ctype, headers = self.route(path)
            portal.log.append((arrived, path, status))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def route(self, path: str) -> tuple[int, bytes, str, dict[str, str]]:
            if path == "/robots.txt":
                return 200, b"User-agent: *\nDisallow: /private/\n", "text/plain", {}
            if path in pages:
                return 200, pages[path].encode(), "text/html; charset=utf-8", {}
            if path == "/zwgk/fake.pdf":
                return 200, b"<html>404 page not found</html>", "text/html", {}
            if path == "/zwgk/busy.pdf" and portal.busy_left:
                portal.busy_left -= 1
                return 429, b"slow down", "text/plain", {"Retry-After": "1"}
            if path in portal.pdfs:
                if path == "/zwgk/slow.pdf":
                    time.sleep(0.6)
                body = portal.pdfs[path]
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    return 304, b"", "application/pdf", {"ETag": etag}
                return 200, body, "application/pdf", {"ETag": etag}
            return 404, b"not found", "text/html", {}

        def log_message(self, *args: object) -> None:
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (srv, off)]
    for t in threads:
        t.start()
    portal.base = base  # type: ignore[attr-defined]
    try:
        yield portal, base, offsite_log
    finally:
        srv.shutdown()
        off.shutdown()
        srv.server_close()
        off.server_close()


def _portal_file(tmp_path: Path, base: str) -> Path:
    toml = tmp_path / "portal.toml"
    toml.write_text(f'''name = "test-county"
start_urls = ["{base}/zwgk/index.html"]
follow = "/zwgk/index(_\\\\d+)?\\\\.html$"
pdf = "\\\\.pdf$"
rate = {RATE}
max_pages = 10
timeout = 5
retries = 2
''', encoding="utf-8")
    return toml


def test_scrape_fixture_portal(servers, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    portal, base, offsite_log = servers
    toml = _portal_file(tmp_path, base)
    out = tmp_path / "out"
    scrape_main([str(toml), "-o", str(out), "-j", "1", "-q"])
    err = capsys.readouterr().err

    downloads = out / "downloads" / "test-county"
    assert sorted(p.name for p in downloads.glob("*.pdf")) == ["a.pdf", "busy.pdf", "c.pdf",
                                                               "slow.pdf"]
    ok = [path for _, path, status in portal.log if status == 200 and path.endswith(".pdf")]
    # every allowed PDF fetched exactly once (the copy of a.pdf is fetched, then kept once)
    assert sorted(ok) == ["/zwgk/a.pdf", "/zwgk/busy.pdf", "/zwgk/c.pdf", "/zwgk/copy-of-a.pdf",
                          "/zwgk/fake.pdf", "/zwgk/slow.pdf"]
    # nothing disallowed, nothing off-site
    assert all(not path.startswith("/private/") for _, path, _ in portal.log)
    assert offsite_log == []
    # never faster than the rate limit (one connection, paced per host); arrival times seen by
    # the server jitter by a few tens of milliseconds on a busy machine, unpaced they are ~1 ms
    times = [t for t, _, _ in portal.log]
    assert min(b - a for a, b in zip(times, times[1:])) >= 1 / RATE - 0.08
    # the 429 was retried after its Retry-After
    busy = [t for t, path, _ in portal.log if path == "/zwgk/busy.pdf"]
    assert len(busy) == 2 and busy[1] - busy[0] >= 0.95
    # malformed answers are reported and skipped
    assert "fake.pdf: not a PDF (text/html" in err
    assert "missing.pdf: HTTP 404" in err
    assert "disallowed by robots.txt" in err and "1 off-site links skipped" in err
    # and the new files were converted
    report = {Path(r["file"]).name: r["status"] for r in read_csv(out / "report.csv")}
    assert report == {"a.pdf": "ok", "busy.pdf": "ok", "c.pdf": "ok", "slow.pdf": "ok"}
    assert len(read_csv(out / "indicators.csv")) == 95 + 40 + 29  # a, c and slow.pdf

    # a second run with nothing new downloads nothing
    before = len(portal.log)
    scrape_main([str(toml), "-o", str(out), "-j", "1", "-q"])
    err = capsys.readouterr().err
    second = portal.log[before:]
    assert [p for _, p, s in second if s == 200 and p.endswith(".pdf") and p != "/zwgk/fake.pdf"
            ] == []
    assert "0 new PDFs" in err
    assert sorted(p.name for p in downloads.glob("*.pdf")) == ["a.pdf", "busy.pdf", "c.pdf",
                                                               "slow.pdf"]


def test_page_links() -> None:
    html = '<a href="b.pdf">x</a><a href="/c/d.html#top">y</a><a href="mailto:a@b">z</a>'
    assert page_links("http://h/a/index.html", html) == ["http://h/a/b.pdf", "http://h/c/d.html"]


def test_parse_every() -> None:
    assert parse_every("24h") == 86400 and parse_every("30m") == 1800 and parse_every("1d") == 86400
