"""Files written by an attacker, each built as real bytes (bench/hostile.py, shared with the
memory benchmark): whatever they are, the run goes on, the good reports are published and the
bad file has a quarantine row that says why.

Nothing is mocked: python-docx, pypdf, the parser, the file system (symlinks, a FIFO, a
subfolder) and the whole pipeline meet the very files an inbox could hold.
"""
import os
import signal
from contextlib import contextmanager

import duckdb
import pytest
from test_crawler import hostile_server  # noqa: F401 - a fixture

from bench.hostile import UNREADABLE as HOSTILE_DOCUMENTS
from bench.hostile import write_corpus
from extract import builddb, pipeline
from extract.extraction import ParseBudget
from extract.ingest.formats import identify
from extract.ingest.inbox import Rejection, inbox_files, ingest_inbox, read_entry

from conftest import FIXTURES, SEEDS, copy_build, run_cli

PARSE_SECONDS = 10
REPORT = "清水河街道2021年工作总结\n一、工作总结\n全年完成一般公共预算收入1548万元。\n"
SECRET_ORG = "机密街道"
# A valid report, so that a pipeline that followed the link to it would publish it.
SECRET = f"{SECRET_ORG}2021年工作总结\n一、工作总结\n全年完成一般公共预算收入8888万元。\n"


@pytest.mark.parametrize("name", sorted(HOSTILE_DOCUMENTS))
def test_a_document_no_reader_survives_is_rejected_with_the_readers_error(tmp_path, name):
    make, reason = HOSTILE_DOCUMENTS[name]
    path = tmp_path / name
    path.write_bytes(make())
    outcome = read_entry(path, path.lstat(), 20 << 20)
    assert isinstance(outcome, Rejection) and reason in outcome.reason, outcome
    assert len(outcome.content_sha256) == 64


@contextmanager
def within(seconds: int):
    """Fail instead of hanging: a blocking open() is interrupted by the alarm."""
    def timed_out(*_):
        raise TimeoutError(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, timed_out)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def odd_inbox(tmp_path):
    """An inbox of one good report and every kind of entry that is not a regular file."""
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "good.txt").write_text(REPORT, encoding="utf-8")
    (inbox / "sub" / "nested.txt").write_text(SECRET, encoding="utf-8")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (inbox / "passwd.txt").symlink_to(tmp_path / "secret.txt")
    (inbox / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(inbox / "pipe.txt")
    return inbox


SKIPPED = {
    "passwd.txt": "symbolic link: not followed",
    "dangling.txt": "symbolic link: not followed",
    "pipe.txt": "not a regular file (fifo)",
    "sub": "subfolder: not read (the inbox is not recursive)",
}


def test_only_regular_files_are_read_and_what_is_skipped_is_recorded_once(tmp_path):
    inbox = odd_inbox(tmp_path)
    con = builddb.connect(tmp_path / "build.duckdb")
    with within(10):
        first = ingest_inbox(con, inbox, 1 << 20, "run-1")
    assert first == {"files_seen": 5, "ingested": 1, "quarantined": 4}
    assert con.execute("select source_file from raw.documents").fetchall() == [("good.txt",)]
    rows = con.execute("select source_file, stage, reason, content_sha256 from audit.quarantine").fetchall()
    assert {name: reason for name, _, reason, _ in rows} == SKIPPED
    assert {(stage, sha) for _, stage, _, sha in rows} == {("ingest", "")}

    with within(10):
        second = ingest_inbox(con, inbox, 1 << 20, "run-2")
    assert second == {"files_seen": 5, "ingested": 0, "quarantined": 0}
    assert con.execute("select distinct last_run_id from audit.quarantine").fetchall() == [("run-1",)]
    con.close()


def test_an_entry_changed_or_gone_after_the_listing_is_not_followed_and_not_fatal(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("vanished.txt", "now_a_link.txt", "now_a_fifo.txt"):
        (inbox / name).write_text(REPORT, encoding="utf-8")
    listed = dict(inbox_files(inbox))
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    for name in listed:
        (inbox / name).unlink()
    (inbox / "now_a_link.txt").symlink_to(tmp_path / "secret.txt")
    os.mkfifo(inbox / "now_a_fifo.txt")
    with within(10):
        outcomes = {path.name: read_entry(path, status, 1 << 20) for path, status in listed.items()}
    assert all(isinstance(o, Rejection) for o in outcomes.values()), outcomes
    assert "vanished" in outcomes["vanished.txt"].reason
    assert outcomes["now_a_link.txt"].reason == "symbolic link: not followed"
    assert outcomes["now_a_fifo.txt"].reason == "not a regular file (fifo)"
    # Gone or swapped is not what the file is: the next run looks at it again.
    assert outcomes["vanished.txt"].read_again and outcomes["now_a_link.txt"].read_again


def test_pages_saved_from_shtml_jsp_and_aspx_servers_read_as_html():
    page = (FIXTURES / "pages" / "003_431919a2a8b41946.html").read_bytes()
    for suffix in (".shtml", ".jhtml", ".jsp", ".aspx"):
        assert identify(f"page{suffix}", page) == "utf-8"


@pytest.mark.parametrize("value", ["inf", "nan"])
def test_a_value_that_is_not_a_finite_number_quarantines_its_report(staged, tmp_path, value):
    settings, run_id = copy_build(staged, tmp_path)
    with builddb.session(settings.build_db) as con:
        victim = con.execute("select report_id from staging.reports order by report_id limit 1").fetchone()[0]
        con.execute("update staging.metrics set value = ?::double where metric_id = (select min(metric_id) "
                    "from staging.metrics where report_id = ? and not is_masked)", [value, victim])
    assert pipeline.run_stage("gate_staging", settings, run_id) == {"quarantined": 1}
    with builddb.session(settings.build_db) as con:
        failed = con.execute("select q.failed_expectations from audit.quarantine q join staging.reports r "
                             "using (source_file, content_sha256) where r.report_id = ?", [victim]).fetchone()
    assert failed == (["expect_column_values_to_be_in_set(value_is_finite)"],)


def _published_text_holding(warehouse, needle: str) -> list[str]:
    """Every table.column of the published file whose text holds `needle`."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = con.execute("select table_schema, table_name, column_name from information_schema.columns "
                              "where data_type = 'VARCHAR'").fetchall()
        return [f"{schema}.{table}.{column}" for schema, table, column in columns
                if con.execute(f'select count(*) from "{schema}"."{table}" where "{column}" like ?',
                               [f"%{needle}%"]).fetchone()[0]]


@pytest.mark.integration
def test_five_reports_and_a_hostile_inbox_and_site_publish_the_good_and_quarantine_the_rest(
        tmp_path, hostile_server):  # noqa: F811 - the fixture
    inbox = odd_inbox(tmp_path)
    (inbox / "good.txt").unlink()
    write_corpus(inbox)
    sources = tmp_path / "sources.yml"
    sources.write_text(f"""
user_agent: reports-warehouse-test/1.0
read_timeout: 2
request_deadline: 1
backoff_seconds: 0.01
sites:
  - name: hostile
    enabled: true
    start_urls: ["http://127.0.0.1:{hostile_server.port}/list.html"]
    report_pattern: "/art/"
    allowed_domains: ["127.0.0.1"]
    requests_per_second: 200
""", encoding="utf-8")
    warehouse = tmp_path / "wh" / "reports.duckdb"
    args = ["run", "--inbox", str(inbox), "--warehouse", str(warehouse)]
    # The 19 MB page would take minutes and gigabytes: the parse budget stops it sooner.
    env = {**os.environ, "REPORTS_SOURCES": str(sources), "REPORTS_PARSE_TIMEOUT": str(PARSE_SECONDS)}
    done = run_cli(*args, env=env)
    assert done.returncode == 0, done.stderr

    with duckdb.connect(str(warehouse), read_only=True) as con:
        published = {name for (name,) in con.execute("select source_file from marts.dim_report").fetchall()}
        quarantined = {name: (stage, reason, failed) for name, stage, reason, failed in con.execute(
            "select source_file, stage, reason, failed_expectations from audit.quarantine").fetchall()}
        section_ids = con.execute("select count(*), count(distinct section_id), max(section_ordinal) "
                                  "from marts.dim_section join marts.dim_report using (report_id) "
                                  "where source_file = 'headings.txt'").fetchone()
    # The inbox's good reports, and the crawl's: it went on past every bad URL.
    assert published == {p.name for p in SEEDS.iterdir()} | {"headings.txt", "saved.shtml",
                                                              "page.shtml", "show.do.html", "good.html"}
    expected = {**{name: ("ingest", reason) for name, (_, reason) in HOSTILE_DOCUMENTS.items()},
                **{name: ("ingest", reason) for name, reason in SKIPPED.items()},
                "nines.txt": ("gate_staging", "staging expectation(s) failed"),
                "huge.html": ("extract", "parse ")}
    assert quarantined.keys() == expected.keys()
    for name, (stage, reason) in expected.items():
        assert quarantined[name][0] == stage and reason in quarantined[name][1], (name, quarantined[name])
    # Whichever budget it meets first: memory, at the default, or the shortened time.
    assert quarantined["huge.html"][1] in (ParseBudget(PARSE_SECONDS).timed_out(), ParseBudget().out_of_memory())
    assert quarantined["nines.txt"][2] == ["expect_column_values_to_be_in_set(value_is_finite)"]
    assert section_ids == (1101, 1101, 1101)
    assert _published_text_holding(warehouse, SECRET_ORG) == []

    # The next run publishes a new report; what was skipped is not recorded again.
    (inbox / "new.txt").write_text(REPORT.replace("2021", "2023"), encoding="utf-8")
    again = run_cli(*args, env=env)
    assert again.returncode == 0, again.stderr
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert "new.txt" in {n for (n,) in con.execute("select source_file from marts.dim_report").fetchall()}
        first_run = con.execute("select min(run_id) from audit.pipeline_runs").fetchone()[0]
        recorded_again = con.execute("select source_file from audit.quarantine where stage = 'ingest' "
                                     "and last_run_id <> ?", [first_run]).fetchall()
    assert recorded_again == []
