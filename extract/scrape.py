"""python -m extract scrape PORTAL.toml [-o DIR] [--every 24h]: fetch new PDFs from a portal.

A polite crawler for one government portal: it walks the list pages the portal file names,
downloads the PDFs they link to and converts them with the batch pipeline.

- robots.txt is obeyed (protego); only the portal's own hosts are visited;
- one request at a time per host, at most ``rate`` requests per second (default 1);
- PDFs are fetched with conditional GET (ETag / Last-Modified) and kept once per content
  (sha256), so a run with nothing new downloads nothing;
- 429 and 5xx answers and network errors are retried with backoff (Retry-After honoured);
- a size cap and timeouts; a response that is not a PDF is reported and skipped;
- downloads are written atomically under DIR/downloads/<name>/, their state kept in
  DIR/downloads/<name>/state.sqlite.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import re
import sqlite3
import sys
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from .csvout import atomic_output

log = logging.getLogger(__name__)

USER_AGENT = "gongkaibiao-scraper/0.2 (+https://pypi.org/project/gongkaibiao/)"


@dataclass(frozen=True)
class Portal:
    """A portal file (TOML). Keys beyond the required ones have defaults."""

    name: str
    start_urls: tuple[str, ...]
    follow: str
    pdf: str
    rate: float = 1.0
    max_pages: int = 200
    hosts: tuple[str, ...] = ()  # more hosts of the same portal (a CDN for the PDFs)
    max_bytes: int = 50_000_000
    timeout: float = 30.0
    retries: int = 3
    user_agent: str = USER_AGENT

    @classmethod
    def load(cls, path: Path) -> Portal:
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef]
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SystemExit(f"{path}: cannot read the portal file: {exc}") from None
        missing = [k for k in ("name", "start_urls", "follow", "pdf") if k not in data]
        if missing:
            raise SystemExit(f"{path}: missing key(s) {', '.join(missing)}")
        if not re.fullmatch(r"[\w.-]+", str(data["name"])):
            raise SystemExit(f"{path}: name must be a folder name (letters, digits, . _ -)")
        known = {f for f in cls.__dataclass_fields__}
        unknown = sorted(set(data) - known)
        if unknown:
            log.warning("%s: ignoring unknown key(s) %s", path, ", ".join(unknown))
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["start_urls"] = tuple(kwargs["start_urls"])
        kwargs["hosts"] = tuple(kwargs.get("hosts", ()))
        portal = cls(**kwargs)
        for pattern in (portal.follow, portal.pdf):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SystemExit(f"{path}: bad regex {pattern!r}: {exc}") from None
        if portal.rate <= 0:
            raise SystemExit(f"{path}: rate must be above 0 requests per second")
        return portal

    @property
    def allowed_hosts(self) -> set[str]:
        return {urlsplit(u).netloc.lower() for u in self.start_urls} | {
            h.lower() for h in self.hosts}


@dataclass
class RunStats:
    list_pages: int = 0
    new: list[Path] = field(default_factory=list)
    unchanged: int = 0
    duplicates: int = 0
    disallowed: int = 0
    off_site: int = 0
    failed: list[str] = field(default_factory=list)

    def summary(self, name: str) -> str:
        return (f"{name}: {self.list_pages} list pages, {len(self.new)} new PDFs, "
                f"{self.unchanged} unchanged, {self.duplicates} duplicate, "
                f"{self.disallowed} disallowed by robots.txt, {self.off_site} off-site links "
                f"skipped, {len(self.failed)} failed")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "area", "iframe", "embed"):
            for key, value in attrs:
                if key in ("href", "src") and value:
                    self.hrefs.append(value.strip())


def page_links(base_url: str, html: str) -> list[str]:
    """Given a page's URL and HTML, return the absolute URLs it links to (no fragments)."""
    parser = _Links()
    parser.feed(html)
    out: list[str] = []
    for href in parser.hrefs:
        if href.lower().startswith(("javascript:", "mailto:", "tel:")):
            continue
        url = urldefrag(urljoin(base_url, href))[0]
        if url.startswith(("http://", "https://")) and url not in out:
            out.append(url)
    return out


class State:
    """What earlier runs fetched: per URL its validators, content hash and file."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS pdf (url TEXT PRIMARY KEY, etag TEXT,"
                        " last_modified TEXT, sha256 TEXT, file TEXT, fetched REAL)")
        self.db.commit()

    def get(self, url: str) -> tuple[str | None, str | None, str | None]:
        row = self.db.execute("SELECT etag, last_modified, sha256 FROM pdf WHERE url=?",
                              (url,)).fetchone()
        return (row[0], row[1], row[2]) if row else (None, None, None)

    def file_for(self, sha256: str) -> str | None:
        row = self.db.execute("SELECT file FROM pdf WHERE sha256=? AND file IS NOT NULL",
                              (sha256,)).fetchone()
        return row[0] if row else None

    def put(self, url: str, etag: str | None, last_modified: str | None, sha256: str,
            file: str | None) -> None:
        self.db.execute("INSERT OR REPLACE INTO pdf VALUES (?,?,?,?,?,?)",
                        (url, etag, last_modified, sha256, file, time.time()))
        self.db.commit()

    def close(self) -> None:
        self.db.close()


@dataclass(frozen=True)
class Fetched:
    """An HTTP answer as the crawler uses it: status, headers, final URL and the body read."""

    status_code: int
    headers: Mapping[str, str]
    url: str
    content: bytes
    encoding: str

    @property
    def text(self) -> str:
        return self.content.decode(self.encoding, errors="replace")


class Fetcher:
    """HTTP GETs for one portal: per-host pacing, robots.txt, retries, size cap."""

    def __init__(self, portal: Portal):
        import httpx
        from protego import Protego

        self.portal = portal
        self.httpx = httpx
        self.protego = Protego
        self.client = httpx.Client(
            headers={"User-Agent": portal.user_agent},
            timeout=httpx.Timeout(portal.timeout, connect=min(10.0, portal.timeout)),
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
            follow_redirects=False)
        self.next_at: dict[str, float] = {}
        self.robots: dict[str, object] = {}

    def close(self) -> None:
        self.client.close()

    def _pace(self, host: str, delay: float | None = None) -> None:
        interval = 1.0 / self.portal.rate
        robots = self.robots.get(host)
        crawl_delay = getattr(robots, "crawl_delay", None)
        if callable(crawl_delay):
            d = crawl_delay(self.portal.user_agent)
            if d:
                interval = max(interval, float(d))
        wait = self.next_at.get(host, 0.0) - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.next_at[host] = time.monotonic() + max(interval, delay or 0.0)

    def allowed(self, url: str) -> bool:
        host = urlsplit(url).netloc.lower()
        if host not in self.robots:
            robots_url = f"{urlsplit(url).scheme}://{host}/robots.txt"
            try:
                response = self.get(robots_url)
                text = response.text if response.status_code == 200 else ""
            except RuntimeError:
                text = ""  # no robots.txt to be had: everything allowed
            self.robots[host] = self.protego.parse(text)
        return bool(self.robots[host].can_fetch(url, self.portal.user_agent))  # type: ignore[attr-defined]

    def get(self, url: str, headers: dict[str, str] | None = None) -> Fetched:
        """GET with pacing, retries and the size cap; raise RuntimeError with a one-line
        reason. The body of a 200 answer is read in full (up to the cap), others not."""
        host = urlsplit(url).netloc.lower()
        last = ""
        for attempt in range(self.portal.retries + 1):
            self._pace(host)
            try:
                with self.client.stream("GET", url, headers=headers) as response:
                    body = bytearray()
                    if response.status_code == 200:
                        length = int(response.headers.get("content-length") or 0)
                        if length > self.portal.max_bytes:
                            raise RuntimeError(f"larger than the {self.portal.max_bytes}"
                                               f" byte cap ({length} bytes)")
                        for chunk in response.iter_bytes():
                            body += chunk
                            if len(body) > self.portal.max_bytes:
                                raise RuntimeError(f"larger than the "
                                                   f"{self.portal.max_bytes} byte cap")
                    fetched = Fetched(response.status_code, response.headers, str(response.url),
                                      bytes(body), response.encoding or "utf-8")
            except self.httpx.HTTPError as exc:
                last = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                self._backoff(host, attempt, None)
                continue
            if fetched.status_code == 429 or fetched.status_code >= 500:
                last = f"HTTP {fetched.status_code}"
                self._backoff(host, attempt, fetched.headers.get("retry-after"))
                continue
            return fetched
        raise RuntimeError(f"gave up after {self.portal.retries + 1} tries ({last})")

    def _backoff(self, host: str, attempt: int, retry_after: str | None) -> None:
        delay = min(60.0, 2.0 ** attempt)
        if retry_after:
            delay = _retry_after(retry_after, delay)
        self.next_at[host] = max(self.next_at.get(host, 0.0), time.monotonic() + delay)


def _retry_after(value: str, default: float) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    try:
        return min(600.0, max(0.0, float(value)))
    except ValueError:
        pass
    try:
        return min(600.0, max(0.0, parsedate_to_datetime(value).timestamp() - time.time()))
    except (TypeError, ValueError):
        return default


def crawl(portal: Portal, folder: Path) -> RunStats:
    """Walk the portal's list pages and download the PDFs that are new or changed."""
    folder.mkdir(parents=True, exist_ok=True)
    stats = RunStats()
    state = State(folder / "state.sqlite")
    fetcher = Fetcher(portal)
    follow, pdf = re.compile(portal.follow), re.compile(portal.pdf)
    hosts = portal.allowed_hosts
    queue: deque[str] = deque(portal.start_urls)
    seen_pages: set[str] = set(portal.start_urls)
    pdf_urls: list[str] = []
    try:
        while queue and stats.list_pages < portal.max_pages:
            url = queue.popleft()
            if not fetcher.allowed(url):
                stats.disallowed += 1
                continue
            try:
                response = fetcher.get(url)
            except RuntimeError as exc:
                stats.failed.append(f"{url}: {exc}")
                continue
            stats.list_pages += 1
            if response.status_code != 200:
                stats.failed.append(f"{url}: HTTP {response.status_code}")
                continue
            for link in page_links(response.url, response.text):
                parts = urlsplit(link)
                if parts.netloc.lower() not in hosts:
                    stats.off_site += 1
                    continue
                path = unquote(parts.path)
                if pdf.search(path):
                    if link not in pdf_urls:
                        pdf_urls.append(link)
                elif follow.search(path) and link not in seen_pages:
                    seen_pages.add(link)
                    queue.append(link)
        for url in pdf_urls:
            if not fetcher.allowed(url):
                stats.disallowed += 1
                continue
            _download(url, fetcher, state, folder, stats)
    finally:
        fetcher.close()
        state.close()
    return stats


def _download(url: str, fetcher: Fetcher, state: State, folder: Path, stats: RunStats) -> None:
    etag, modified, _ = state.get(url)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    try:
        response = fetcher.get(url, headers=headers)
    except RuntimeError as exc:
        stats.failed.append(f"{url}: {exc}")
        return
    if response.status_code == 304:
        stats.unchanged += 1
        return
    if response.status_code != 200:
        stats.failed.append(f"{url}: HTTP {response.status_code}")
        return
    body = response.content
    if not body.lstrip()[:1024].startswith(b"%PDF-") and b"%PDF-" not in body[:1024]:
        kind = response.headers.get("content-type", "unknown type").split(";")[0]
        stats.failed.append(f"{url}: not a PDF ({kind}, {len(body)} bytes); skipped")
        return
    sha = hashlib.sha256(body).hexdigest()
    known = state.file_for(sha)
    if known is not None and (folder / known).exists():
        stats.duplicates += 1
        state.put(url, response.headers.get("etag"), response.headers.get("last-modified"),
                  sha, None)
        return
    name = _file_name(url, sha, folder)
    with atomic_output(folder / name) as fh:
        fh.write(body)
    state.put(url, response.headers.get("etag"), response.headers.get("last-modified"), sha,
              name)
    stats.new.append(folder / name)


def _file_name(url: str, sha: str, folder: Path) -> str:
    stem = Path(unquote(urlsplit(url).path)).name or "document.pdf"
    stem = re.sub(r"[^\w.\-\u4e00-\u9fff]+", "_", stem)[:120]
    if not stem.lower().endswith(".pdf"):
        stem += ".pdf"
    if (folder / stem).exists():
        stem = f"{stem[:-4]}-{sha[:8]}.pdf"
    return stem


def parse_every(text: str) -> float:
    """'24h', '30m', '90s', '1d' -> seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd])\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"invalid interval {text!r}: use 30m, 24h, 1d")
    return float(m.group(1)) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def run_once(portal: Portal, out_dir: Path, jobs: int, quiet: bool) -> int:
    """One crawl, then convert every PDF of the portal (the manifest skips those done)."""
    from .__main__ import convert

    folder = out_dir / "downloads" / portal.name
    stats = crawl(portal, folder)
    for line in stats.failed:
        print(f"scrape {line}", file=sys.stderr)
    print(stats.summary(portal.name), file=sys.stderr)
    pdfs = sorted(folder.glob("*.pdf"))
    if not pdfs:
        return 0
    return convert(pdfs, out_dir, None, jobs, False, None, quiet)


def main(argv: list[str]) -> int:
    from .batch import default_workers

    ap = argparse.ArgumentParser(
        prog="python -m extract scrape",
        description="Fetch new PDFs from a government portal (politely) and convert them.",
        epilog="The portal file is TOML: name, start_urls, follow, pdf, and optionally rate, "
               "max_pages, hosts, max_bytes, timeout, retries, user_agent.")
    ap.add_argument("portal", type=Path, metavar="PORTAL.toml")
    ap.add_argument("-o", "--output", type=Path, default=Path("output"), metavar="DIR")
    ap.add_argument("-j", "--jobs", type=int, default=default_workers(), metavar="N")
    ap.add_argument("--every", type=parse_every, metavar="INTERVAL",
                    help="keep running: scrape again every INTERVAL (30m, 24h, 1d)")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    portal = Portal.load(args.portal)
    if args.every is None:
        return run_once(portal, args.output, args.jobs, args.quiet)
    while True:  # a failing run is logged and the next one still happens
        started = time.monotonic()
        try:
            code = run_once(portal, args.output, args.jobs, args.quiet)
            print(f"scrape {portal.name}: run finished with exit code {code}", file=sys.stderr)
        except Exception as exc:  # noqa: BLE001 - the schedule must go on
            print(f"scrape {portal.name}: run failed: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
        time.sleep(max(0.0, args.every - (time.monotonic() - started)))
