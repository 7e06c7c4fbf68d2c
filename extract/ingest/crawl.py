"""A polite crawler for government sites: list pages → report pages → their attachments.

Polite means: robots.txt is honoured, requests carry a User-Agent that says who is asking,
each site has a request rate and a page budget, unchanged pages are not downloaded again
(conditional GET with the ETag / Last-Modified of the last fetch, kept in `raw.fetch_log`),
and no request leaves the site's allowed domains, redirects included. Slow and flaky sites
get timeouts and retries with exponential backoff; what still fails is logged per URL and
the crawl goes on. Downloaded documents enter `raw.documents` through the inbox's own code.

Sites are written by strangers: a malformed link or redirect, a body that lies about its
encoding, a server that sends one byte a second each end as one URL's row in the fetch log
(every request and every site has a deadline), never as the end of the crawl.
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import duckdb
import httpcore
import httpx
import yaml
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from extract import audit
from extract.ingest.formats import CONTAINERS, TEXT_SUFFIXES, describe
from extract.ingest.inbox import document_from_bytes, store

log = logging.getLogger(__name__)
_HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"'#]+)""", re.IGNORECASE)
_MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Site:
    """One site of sources.yml."""

    name: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    report_pattern: str                      # regex on absolute URLs: which links are report pages
    page_template: str | None = None         # list page N: "https://…/index_{page}.html"
    pages: int = 1                           # list pages to read, the start URL being page 1
    page_budget: int = 50                    # report pages and attachments per crawl
    requests_per_second: float = 1.0
    enabled: bool = False
    attachment_suffixes: tuple[str, ...] = tuple(CONTAINERS)

    def list_pages(self) -> list[str]:
        extra = [self.page_template.format(page=n) for n in range(2, self.pages + 1)] if self.page_template else []
        return [*self.start_urls, *extra]

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and (parts.hostname or "") in self.allowed_domains


@dataclass(frozen=True)
class CrawlConfig:
    user_agent: str
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    retries: int = 3
    backoff_seconds: float = 1.0
    max_bytes: int = 20 * 1024 * 1024
    # Timeouts bound each wait; these bound the whole: a server dripping a byte a second
    # never times out a read. A 20 MB attachment at a slow 100 KB/s still fits.
    request_deadline: float = 300.0
    site_deadline: float = 3600.0
    sites: tuple[Site, ...] = field(default_factory=tuple)


def load_config(path: Path) -> CrawlConfig:
    """sources.yml → CrawlConfig; a missing file means nothing to crawl."""
    if not path.exists():
        return CrawlConfig(user_agent="reports-warehouse")
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    sites = tuple(Site(**{**spec, "start_urls": tuple(spec["start_urls"]),
                          "allowed_domains": tuple(spec["allowed_domains"]),
                          "attachment_suffixes": tuple(spec.get("attachment_suffixes", CONTAINERS))})
                  for spec in raw.get("sites") or [])
    settings = {k: v for k, v in raw.items() if k != "sites"}
    return CrawlConfig(**settings, sites=sites)


def links(html: str, base_url: str) -> list[str]:
    """Absolute link targets of a page, in order, without duplicates. A link that does not
    parse (`http://[oops/`) is kept as written: fetching it fails and the fetch log says why."""
    return list(dict.fromkeys(_absolute(base_url, href.strip()) for href in _HREF.findall(html)))


def _absolute(base_url: str, href: str) -> str:
    try:
        return urljoin(base_url, href)
    except ValueError:
        return href


class FetchFailed(Exception):
    """A URL that could not be fetched; `status` goes to the fetch log."""

    def __init__(self, status: str, message: str, http_status: int | None = None):
        super().__init__(message)
        self.status, self.http_status = status, http_status


class _Retryable(Exception):
    pass


@dataclass(frozen=True)
class _Reply:
    status_code: int
    headers: httpx.Headers
    content: bytes


@dataclass
class Fetched:
    url: str
    http_status: int
    content: bytes
    etag: str | None
    last_modified: str | None
    attempts: int
    content_type: str | None = None


class Fetcher:
    """HTTP for one site: its domains, its robots.txt, its rate."""

    def __init__(self, site: Site, config: CrawlConfig, client: httpx.Client | None = None):
        self.site, self.config = site, config
        self._request_deadline = float("inf")  # of the request under way: set by each request
        self.client = client or httpx.Client(
            headers={"User-Agent": config.user_agent},
            timeout=httpx.Timeout(config.read_timeout, connect=config.connect_timeout),
            follow_redirects=False,  # every hop is checked against the allowed domains
            transport=_deadline_transport(lambda: self._request_deadline),
        )
        self._robots: dict[str, RobotFileParser] = {}
        self._last_request = 0.0
        self._site_deadline = time.monotonic() + config.site_deadline

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        return self._follow(url, headers, robots=True)

    def _follow(self, url: str, headers: dict[str, str], robots: bool) -> Fetched:
        """GET `url`, following redirects within the site; `robots` says whether robots.txt
        is asked first (not when fetching robots.txt itself)."""
        if time.monotonic() > self._site_deadline:
            raise FetchFailed("site_deadline", f"{url}: not fetched, the crawl of {self.site.name} ran out of "
                              f"its {self.config.site_deadline:g} s")
        try:
            return self._hops(url, headers, robots)
        except (ValueError, httpx.InvalidURL) as exc:  # urlsplit, urljoin and httpx on a malformed URL or Location
            raise FetchFailed("malformed_url", f"{url}: {describe(exc)}") from exc

    def _hops(self, url: str, headers: dict[str, str], robots: bool) -> Fetched:
        attempts = 0
        for _ in range(_MAX_REDIRECTS + 1):
            if not self.site.allows(url):
                raise FetchFailed("blocked_offsite", f"{url} is outside {', '.join(self.site.allowed_domains)}")
            if robots and not self._robots_allow(url):
                raise FetchFailed("blocked_robots", f"robots.txt disallows {url}")
            response, tries = self._with_retries(url, headers)
            attempts += tries
            if response.status_code in (301, 302, 303, 307, 308) and "location" in response.headers:
                url = urljoin(url, response.headers["location"])
                continue
            if response.status_code == 304:
                return Fetched(url, 304, b"", headers.get("If-None-Match"), headers.get("If-Modified-Since"),
                               attempts)
            if response.status_code >= 400:
                raise FetchFailed(f"http_{response.status_code}", f"{url}: HTTP {response.status_code}",
                                  response.status_code)
            return Fetched(url, response.status_code, response.content, response.headers.get("etag"),
                           response.headers.get("last-modified"), attempts, response.headers.get("content-type"))
        raise FetchFailed("too_many_redirects", f"{url}: more than {_MAX_REDIRECTS} redirects")

    def _with_retries(self, url: str, headers: dict[str, str]) -> tuple[_Reply, int]:
        retrying = Retrying(stop=stop_after_attempt(self.config.retries),
                            wait=wait_exponential(multiplier=self.config.backoff_seconds),
                            retry=retry_if_exception_type(_Retryable), reraise=True)
        try:
            for attempt in retrying:
                with attempt:
                    return self._once(url, headers), attempt.retry_state.attempt_number
        except _Retryable as exc:
            raise FetchFailed("error", f"{url}: {exc} after {self.config.retries} attempts") from exc
        raise AssertionError("unreachable")

    def _once(self, url: str, headers: dict[str, str]) -> _Reply:
        self._wait_turn()
        deadline = self._request_deadline = min(time.monotonic() + self.config.request_deadline,
                                                self._site_deadline)
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code >= 500:
                    raise _Retryable(f"HTTP {response.status_code}")
                body = bytearray()
                # Streamed, so the size cap and the deadline hold before the body is all there.
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.config.max_bytes:
                        raise FetchFailed("too_large", f"{url} is over the {self.config.max_bytes}-byte cap")
                    if time.monotonic() > deadline:
                        raise FetchFailed("deadline", f"{url}: body not complete within the request deadline "
                                          f"({len(body)} bytes so far)")
                return _Reply(response.status_code, response.headers, bytes(body))
        except httpx.TimeoutException as exc:
            if time.monotonic() >= deadline:
                raise FetchFailed("deadline", f"{url}: no complete answer within the request deadline") from exc
            raise _Retryable(f"timed out ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise _Retryable(f"{type(exc).__name__}: {exc}") from exc
        except httpx.DecodingError as exc:  # e.g. Content-Encoding: gzip over bytes that are not
            raise FetchFailed("bad_encoding", f"{url}: {describe(exc)}") from exc
        except httpx.HTTPError as exc:  # the same answer again: not worth a retry
            raise FetchFailed("error", f"{url}: {describe(exc)}") from exc

    def _wait_turn(self) -> None:
        gap = 1.0 / self.site.requests_per_second
        wait = self._last_request + gap - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last_request = time.monotonic()

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        return self._robots[origin].can_fetch(self.config.user_agent, url)

    def _read_robots(self, origin: str) -> RobotFileParser:
        """robots.txt as RFC 9309 reads it: redirects followed (within the site), a 4xx means
        no rules (401 and 403 too: they say nothing about crawling, RFC 9309 section 2.3.1.3),
        a server error, no answer or a redirect off the site means nothing may be fetched."""
        parser = RobotFileParser()
        try:
            fetched = self._follow(f"{origin}/robots.txt", {}, robots=False)
        except FetchFailed as exc:
            # Only a 4xx carries a status here: a 5xx was retried into an error like no answer.
            parser.allow_all = exc.http_status is not None
            parser.disallow_all = not parser.allow_all
            return parser
        parser.parse(fetched.content.decode("utf-8", "replace").splitlines())
        return parser


def _deadline_transport(deadline: Callable[[], float]) -> httpx.HTTPTransport:
    """httpx's timeouts bound each read, not an answer: a server sending its status line and
    headers a byte a second would never time out, and the body loop's deadline check only
    starts once they are in. Through this transport every socket read and write stops at
    `deadline()` (a time.monotonic instant), headers included."""
    transport = httpx.HTTPTransport()
    # httpx takes no network backend; its pool is rebuilt with one (the crawler's header-drip
    # test fails should a new httpx stop reading `_pool`).
    transport._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(),
                                              network_backend=_DeadlineBackend(deadline))
    return transport


class _DeadlineBackend(httpcore.SyncBackend):
    def __init__(self, deadline: Callable[[], float]):
        self._deadline = deadline

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        stream = super().connect_tcp(host, port, _left(self._deadline, timeout, httpcore.ConnectTimeout),
                                     local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)


def _left(deadline: Callable[[], float], timeout: float | None, late: type[Exception]) -> float:
    """The timeout of one socket operation: at most what is left until the deadline."""
    left = deadline() - time.monotonic()
    if left <= 0:
        raise late("the request deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline: Callable[[], float]):
        self._stream, self._deadline = stream, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _left(self._deadline, timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(self._deadline, timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> _DeadlineStream:
        stream = self._stream.start_tls(ssl_context, server_hostname,
                                        _left(self._deadline, timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(stream, self._deadline)

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


def _previous(con: duckdb.DuckDBPyConnection, url: str) -> tuple | None:
    return con.execute("select etag, last_modified, links from raw.fetch_log where url = ? and status in "
                       "('fetched', 'not_modified')", [url]).fetchone()


def _log(con, site: Site, url: str, kind: str, run_id: str, *, status: str, http_status=None, etag=None,
         last_modified=None, sha=None, found=None, error=None, attempts=0) -> None:
    con.execute("insert or replace into raw.fetch_log (url, site, kind, status, http_status, etag, last_modified, "
                "content_sha256, links, error, attempts, fetched_at, run_id) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [url, site.name, kind, status, http_status, etag, last_modified, sha, found, error, attempts,
                 audit.now(), run_id])


def _visit(con, fetcher: Fetcher, url: str, kind: str, run_id: str, counts: dict[str, int]) -> list[str]:
    """Fetch one URL (conditionally), store what changed, log it; returns the page's links."""
    site = fetcher.site
    previous = _previous(con, url)
    try:
        fetched = fetcher.get(url, *(previous[:2] if previous else (None, None)))
    except Exception as exc:  # FetchFailed, or what no one foresaw: one URL never stops the crawl
        failure = exc if isinstance(exc, FetchFailed) else FetchFailed("error", f"{url}: {describe(exc)}")
        log.warning("%s: %s", site.name, failure)
        _log(con, site, url, kind, run_id, status=failure.status, http_status=failure.http_status,
             error=str(failure))
        counts["failed"] += 1
        return []
    if fetched.http_status == 304:
        _log(con, site, url, kind, run_id, status="not_modified", http_status=304, etag=previous[0],
             last_modified=previous[1], found=previous[2], attempts=fetched.attempts)
        counts["not_modified"] += 1
        return list(previous[2] or [])
    found = links(fetched.content.decode("utf-8", "replace"), fetched.url) if kind != "attachment" else []
    sha = None
    if kind != "list":
        outcome = document_from_bytes(_document_name(fetched), fetched.url, fetched.content)
        sha = outcome.content_sha256
        counts[store(con, outcome, run_id)] += 1
    _log(con, site, url, kind, run_id, status="fetched", http_status=fetched.http_status, etag=fetched.etag,
         last_modified=fetched.last_modified, sha=sha, found=found, attempts=fetched.attempts)
    counts["downloaded"] += 1
    return found


def _document_name(fetched: Fetched) -> str:
    """The name a download is read by: its URL's last segment, with `.html` added when the
    server says HTML and the name does not (`/art/123`, `/show.do`)."""
    name = urlsplit(fetched.url).path.rsplit("/", 1)[-1] or "index.html"
    suffix = Path(name).suffix.lower()
    html = (fetched.content_type or "").split(";")[0].strip().lower() in ("text/html", "application/xhtml+xml")
    if html and suffix not in TEXT_SUFFIXES:
        return name + ".html"
    return name


def crawl_site(con: duckdb.DuckDBPyConnection, site: Site, fetcher: Fetcher, run_id: str) -> dict[str, int]:
    """List pages → report pages (within budget) → attachments; one fetch-log row per URL."""
    counts = {key: 0 for key in ("downloaded", "not_modified", "failed", "ingested", "duplicate", "quarantined")}
    pattern = re.compile(site.report_pattern)
    reports: list[str] = []
    for list_url in site.list_pages():
        reports += [u for u in _visit(con, fetcher, list_url, "list", run_id, counts) if pattern.search(u)]
    budget = site.page_budget
    for report_url in dict.fromkeys(reports):
        if budget <= 0:
            break
        budget -= 1
        for attachment in _visit(con, fetcher, report_url, "report", run_id, counts):
            if budget > 0 and attachment.lower().endswith(site.attachment_suffixes):
                budget -= 1
                _visit(con, fetcher, attachment, "attachment", run_id, counts)
    return counts
