"""The crawler against a real HTTP server on 127.0.0.1, serving a site built from the seeds.

"localhost" reaches the same server but is another host name, so it plays the off-domain
site: a request the server sees with that Host header is one the crawler must never make.
"""
import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import duckdb
import pytest
from test_formats import make_docx, make_pdf

from extract import builddb, pipeline
from extract.ingest.crawl import CrawlConfig, Fetcher, Site, crawl_site
from extract.settings import Settings

from conftest import FIXTURES, SEEDS

TIMEOUT = 2.0  # a stall of the pytest process that serves the pages must not look like a timeout


def _page(title: str, body: str, links: str = "", charset: str = "utf-8") -> bytes:
    html = (f'<html><head><meta charset="{charset}"><title>{title}</title></head><body>'
            f'<div class="nav">首页 &gt; 信息公开</div><h1>{title}</h1>'
            + "".join(f"<p>{line}</p>" for line in body.splitlines()) + f"{links}</body></html>")
    return html.encode(charset)


class FixtureSite:
    """Pages by path: (status, content type, body); plus a flaky, a slow and a redirecting page."""

    def __init__(self):
        seed = {p.name[:3]: p.read_text(encoding="utf-8") for p in SEEDS.iterdir()}
        self.port = 0
        self.pages: dict[str, tuple[int, str, bytes]] = {}
        self.requests: list[tuple[str, str, int]] = []  # (host, path, status)
        self.flaky_calls = 0
        art = '<li><a href="/art/{0}.html">报告{0}</a></li>'
        self.pages["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
        self.pages["/list/index.html"] = (200, "text/html", _page("计划总结", "", "<ul>" + "".join(
            art.format(n) for n in ("a", "gbk", "chrome", "missing")) + "</ul>"))
        self.pages["/list/index_2.html"] = (200, "text/html", _page("计划总结", "", "<ul>" + "".join(
            art.format(n) for n in ("flaky", "slow", "moved")) + '<li><a href="/private/b.html">内部</a></li>'
            '<li><a href="http://localhost:{port}/art/elsewhere.html">外站</a></li></ul>'))
        self.pages["/art/a.html"] = (200, "text/html", _page(
            "清水河街道2021年工作报告", seed["002"],
            '<a href="/files/report.docx">附件1</a><a href="/files/report.pdf">附件2</a>'))
        self.pages["/art/gbk.html"] = (200, "text/html; charset=gbk", _page(
            "常青花园社区2020年工作总结", seed["000"], charset="gbk"))
        self.pages["/art/chrome.html"] = (200, "text/html", (FIXTURES / "pages").glob("*.html").__next__().read_bytes())
        self.pages["/art/flaky.html"] = (200, "text/html", _page("花山街道2024年工作总结", seed["004"]))
        self.pages["/art/slow.html"] = (200, "text/html", _page("慢", "全年新建公园3个。"))
        self.pages["/files/report.docx"] = (200, "application/octet-stream", make_docx(seed["001"].splitlines()))
        self.pages["/files/report.pdf"] = (200, "application/pdf", make_pdf(seed["003"].splitlines()))

    def handler(site):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                host, path = self.headers.get("Host", "").split(":")[0], self.path
                status, kind, body = site.respond(path)
                if status == 302:
                    self.send_response(302)
                    self.send_header("Location", f"http://localhost:{site.port}/art/a.html")
                    self.end_headers()
                    site.requests.append((host, path, 302))
                    return
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    status, body = 304, b""
                self.send_response(status)
                self.send_header("Content-Type", kind)
                if status in (200, 304):
                    self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up on the slow page, as it should
                site.requests.append((host, path, status))

        return Handler

    def respond(self, path: str) -> tuple[int, str, bytes]:
        if path == "/art/flaky.html":
            self.flaky_calls += 1
            if self.flaky_calls <= 2:
                return 503, "text/plain", b"busy"
        if path == "/art/slow.html":
            time.sleep(TIMEOUT * 3)
        if path == "/art/moved.html":
            return 302, "", b""
        status, kind, body = self.pages.get(path, (404, "text/plain", b"not found"))
        return status, kind, body.replace(b"{port}", str(self.port).encode())


def _serving(site):
    """Serve `site` on a free port of 127.0.0.1 for the length of a test."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), site.handler())
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def site_server():
    yield from _serving(FixtureSite())


def _site(port: int, **overrides) -> Site:
    base = f"http://127.0.0.1:{port}"
    return Site(name="fixture", start_urls=(f"{base}/list/index.html",), page_template=f"{base}/list/index_{{page}}.html",
                pages=2, report_pattern=r"/art/[a-z]+\.html$", allowed_domains=("127.0.0.1",),
                requests_per_second=200, enabled=True, **overrides)


def _config(**overrides) -> CrawlConfig:
    return CrawlConfig(**{"user_agent": "reports-warehouse-test/1.0", "connect_timeout": TIMEOUT,
                          "read_timeout": TIMEOUT, "retries": 3, "backoff_seconds": 0.01, **overrides})


def _crawl(con, site_server) -> dict[str, int]:
    site = _site(site_server.port)
    fetcher = Fetcher(site, _config())
    try:
        return crawl_site(con, site, fetcher, "run-test")
    finally:
        fetcher.close()


@pytest.mark.integration
def test_crawl_fetches_reports_and_attachments_politely_and_only_once(tmp_path, site_server):
    con = builddb.connect(tmp_path / "build.duckdb")
    first = _crawl(con, site_server)
    log = {url.split(str(site_server.port))[-1]: (status, attempts) for url, status, attempts in con.execute(
        "select url, status, attempts from raw.fetch_log").fetchall()}
    assert log["/art/a.html"] == ("fetched", 1)
    assert log["/art/gbk.html"][0] == log["/art/chrome.html"][0] == "fetched"
    assert log["/art/flaky.html"] == ("fetched", 3)           # two 503s, then the page
    assert log["/art/missing.html"][0] == "http_404"
    assert log["/art/slow.html"][0] == "error"                # timed out on every attempt
    assert log["/art/moved.html"][0] == "blocked_offsite"     # its redirect leaves the site
    assert log["/files/report.docx"][0] == log["/files/report.pdf"][0] == "fetched"
    assert "/private/b.html" not in log or log["/private/b.html"][0] == "blocked_robots"
    requested = {(host, path) for host, path, _ in site_server.requests}
    assert not [r for r in requested if r[0] == "localhost" or r[1].startswith("/private/")]
    documents = dict(con.execute("select source_file, encoding from raw.documents").fetchall())
    assert documents.keys() == {"a.html", "gbk.html", "chrome.html", "flaky.html", "report.docx", "report.pdf"}
    assert documents["report.docx"] == "docx" and documents["report.pdf"] == "pdf"
    assert documents["gbk.html"].lower().replace("-", "") in ("gbk", "gb2312", "gb18030")
    assert first["ingested"] == 6 and first["failed"] >= 3

    before = len(site_server.requests)
    second = _crawl(con, site_server)
    # robots.txt is read anew by each crawl, and the slow page's answer comes after the client
    # gave up; every other page answers 304.
    bodies = [path for _, path, status in site_server.requests[before:] if status == 200 and path != "/art/slow.html"]
    assert bodies == ["/robots.txt"]
    assert second["downloaded"] == 0 and second["ingested"] == 0
    assert second["not_modified"] == first["downloaded"]


@pytest.mark.integration
def test_a_page_changed_at_its_url_is_a_new_revision(tmp_path, site_server):
    con = builddb.connect(tmp_path / "build.duckdb")
    _crawl(con, site_server)
    status, kind, body = site_server.pages["/art/a.html"]
    site_server.pages["/art/a.html"] = (status, kind, body.replace(b"</body>", "<p>另新建公园9个。</p></body>".encode()))
    again = _crawl(con, site_server)
    url = f"http://127.0.0.1:{site_server.port}/art/a.html"
    assert again["downloaded"] == 1 and again["ingested"] == 1
    assert con.execute("select count(*) from raw.documents where source_uri = ?", [url]).fetchone() == (2,)


@pytest.mark.integration
def test_pages_over_the_size_cap_are_refused(tmp_path, site_server):
    con = builddb.connect(tmp_path / "build.duckdb")
    site = _site(site_server.port)
    fetcher = Fetcher(site, _config(max_bytes=2000))
    try:
        crawl_site(con, site, fetcher, "run-test")
    finally:
        fetcher.close()
    statuses = dict(con.execute("select url, status from raw.fetch_log").fetchall())
    assert statuses[f"http://127.0.0.1:{site_server.port}/art/a.html"] == "too_large"


@pytest.mark.integration
def test_scrape_stage_feeds_the_marts_and_a_dead_site_does_not_stop_the_inbox(tmp_path, site_server):
    sources = tmp_path / "sources.yml"
    sources.write_text(f"""
user_agent: reports-warehouse-test/1.0
connect_timeout: {TIMEOUT}
read_timeout: {TIMEOUT}
retries: 2
backoff_seconds: 0.01
sites:
  - name: fixture
    enabled: true
    start_urls: ["http://127.0.0.1:{site_server.port}/list/index.html"]
    page_template: "http://127.0.0.1:{site_server.port}/list/index_{{page}}.html"
    pages: 2
    report_pattern: "/art/[a-z]+\\\\.html$"
    allowed_domains: ["127.0.0.1"]
    requests_per_second: 200
  - name: dead
    enabled: true
    start_urls: ["http://127.0.0.1:9/list.html"]
    report_pattern: "/art/"
    allowed_domains: ["127.0.0.1"]
    requests_per_second: 200
  - name: switched_off
    start_urls: ["http://127.0.0.1:9/other.html"]
    report_pattern: "/art/"
    allowed_domains: ["127.0.0.1"]
""", encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "inbox_report.txt").write_text((SEEDS / "003_431919a2a8b41946.txt").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    settings = Settings.from_env(inbox=inbox, warehouse=tmp_path / "wh" / "reports.duckdb")
    settings = type(settings)(**{**vars(settings), "sources": sources})
    pipeline.run_all(settings)
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        files = {r[0] for r in con.execute("select source_file from marts.dim_report").fetchall()}
    assert {"inbox_report.txt", "a.html", "gbk.html", "report.docx", "report.pdf"} <= files
    with builddb.session(settings.build_db) as con:  # read-write: dbt's connection in this process is
        sites = dict(con.execute("select site, count(*) from raw.fetch_log group by 1").fetchall())
    assert set(sites) == {"fixture", "dead"}


class HostileSite:
    """A site written by an attacker: a link and a redirect that do not parse, a body that
    claims gzip and is not, a page dripping one byte of its body every 0.1 s and one dripping
    its status line and headers so, pages whose names do not say HTML (.shtml, .do), and a
    robots.txt whose answer each test chooses."""

    def __init__(self):
        seed = (SEEDS / "002_444c352ad45b9e4f.txt").read_text(encoding="utf-8")
        self.port = 0
        self.requests: list[str] = []
        self.robots: tuple[int, dict[str, str], bytes] = (301, {"Location": "/robots-real.txt"}, b"")
        arts = ("drip.html", "headerdrip.html", "badredirect.html", "fakegzip.html", "page.shtml", "show.do", "secret.html",
                "good.html")
        links = '<a href="http://[oops/art/x.html">坏链接</a>' + "".join(
            f'<a href="/art/{name}">{name}</a>' for name in arts)
        html = {"Content-Type": "text/html; charset=utf-8"}
        self.pages: dict[str, tuple[int, dict[str, str], bytes]] = {
            "/robots-real.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /art/secret\n"),
            "/list.html": (200, html, _page("计划总结", "", links)),
            "/art/badredirect.html": (302, {"Location": "http://[oops/"}, b""),
            "/art/fakegzip.html": (200, {**html, "Content-Encoding": "gzip"}, b"this is not gzip at all"),
            "/art/page.shtml": (200, html, _page("清水河街道2021年工作报告", seed)),
            "/art/show.do": (200, html, _page("百花洲街道2021年工作总结",
                                              seed.replace("清水河街道", "百花洲街道"))),
            "/art/secret.html": (200, html, _page("秘密", "全年新建公园3个。")),
            "/art/good.html": (200, html, _page("常青花园社区2021年工作总结",
                                              seed.replace("清水河街道", "常青花园社区"))),
        }

    def handler(site):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                site.requests.append(self.path)
                if self.path == "/art/drip.html":
                    return self._drip()
                if self.path == "/art/headerdrip.html":
                    return self._drip_headers()
                status, headers, body = site.robots if self.path == "/robots.txt" else site.pages.get(
                    self.path, (404, {}, b"not found"))
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(name, value.replace("{port}", str(site.port)))
                self.end_headers()
                self.wfile.write(body)

            def _drip(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", "1000")
                self.end_headers()
                try:
                    for _ in range(1000):
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(0.1)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # cut off, as it should be

            def _drip_headers(self):
                # Each byte comes well within the read timeout: only a deadline on the whole
                # answer cuts this off, and the answer has not even begun.
                head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"x" * 1000
                try:
                    for byte in head:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(0.1)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler


@pytest.fixture
def hostile_server():
    yield from _serving(HostileSite())


def _hostile_crawl(con, hostile, **config) -> dict[str, tuple[str, str | None]]:
    """Crawl the hostile site; (status, error) by URL path (the malformed link as written)."""
    base = f"http://127.0.0.1:{hostile.port}"
    site = Site(name="hostile", start_urls=(f"{base}/list.html",), report_pattern=r"/art/",
                allowed_domains=("127.0.0.1",), requests_per_second=200, enabled=True)
    fetcher = Fetcher(site, _config(**{"request_deadline": 1.0, **config}))
    try:
        crawl_site(con, site, fetcher, "run-test")
    finally:
        fetcher.close()
    return {url.removeprefix(base): (status, error) for url, status, error in con.execute(
        "select url, status, error from raw.fetch_log where site = 'hostile'").fetchall()}


def test_a_hostile_site_costs_one_logged_url_each_and_ends_within_its_deadlines(tmp_path, hostile_server):
    con = builddb.connect(tmp_path / "build.duckdb")
    started = time.monotonic()
    log = _hostile_crawl(con, hostile_server)
    assert time.monotonic() - started < 10  # the drip alone would take 100 s
    assert log["http://[oops/art/x.html"][0] == "malformed_url"
    assert log["/art/badredirect.html"][0] == "malformed_url" and "ValueError" in log["/art/badredirect.html"][1]
    assert log["/art/fakegzip.html"][0] == "bad_encoding" and "DecodingError" in log["/art/fakegzip.html"][1]
    assert log["/art/drip.html"][0] == "deadline"
    assert log["/art/headerdrip.html"][0] == "deadline"
    # robots.txt answered with a redirect: the file it leads to is obeyed.
    assert log["/art/secret.html"][0] == "blocked_robots" and "/art/secret.html" not in hostile_server.requests
    documents = dict(con.execute("select source_file, encoding from raw.documents").fetchall())
    # .shtml reads as HTML by its suffix, /show.do by its Content-Type.
    assert documents.keys() == {"page.shtml", "show.do.html", "good.html"}


ROBOTS_WATCHED = {"/list.html", "/art/secret.html", "/art/good.html"}


@pytest.mark.parametrize("robots, allowed", [
    ((404, {}, b"not found"), ROBOTS_WATCHED),                                # no robots.txt: no rules
    ((401, {}, b"log in"), ROBOTS_WATCHED),                                   # RFC 9309: any 4xx is
    ((403, {}, b"forbidden"), ROBOTS_WATCHED),                                # "unavailable", no rules
    ((503, {}, b"busy"), set()),                                              # server error: nothing allowed
    ((302, {"Location": "http://localhost:{port}/robots.txt"}, b""), set()),  # off the site: no answer
    ((200, {}, b"User-agent: *\nDisallow: /art/good\n"), {"/list.html", "/art/secret.html"}),
])
def test_robots_txt_is_read_as_rfc_9309_says(tmp_path, hostile_server, robots, allowed):
    hostile_server.robots = robots
    con = builddb.connect(tmp_path / "build.duckdb")
    log = _hostile_crawl(con, hostile_server)
    assert {path for path in ROBOTS_WATCHED if log.get(path, ("",))[0] == "fetched"} == allowed
    assert not (ROBOTS_WATCHED - allowed) & set(hostile_server.requests)
    assert log["/list.html"][0] == ("fetched" if allowed else "blocked_robots")


def test_a_site_that_runs_out_of_time_logs_what_it_did_not_fetch(tmp_path, hostile_server):
    con = builddb.connect(tmp_path / "build.duckdb")
    started = time.monotonic()
    log = _hostile_crawl(con, hostile_server, request_deadline=30.0, site_deadline=1.0)
    assert time.monotonic() - started < 5
    assert log["/art/drip.html"][0] == "deadline"  # the site's deadline cut the request short
    assert log["/art/good.html"][0] == "site_deadline"
