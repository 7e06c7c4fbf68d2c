"""BI tools and analysts read the published file while publishes replace it back to back.

Readers are separate processes, as dashboards are: one with the duckdb driver, one through
SQLAlchemy and duckdb-engine (what Superset uses). Each reconnects for every query, as a BI
tool does between refreshes, and checks that what it sees is one whole publish.
"""
import multiprocessing
import shutil
import time

import pytest

from extract import builddb
from extract.publish.atomic import swap_in, write_snapshot

from conftest import copy_run

pytestmark = pytest.mark.integration

LOADS = 20
# A reader process's start and first query, on a machine busy with the rest of the suite.
READER_START_S = 120
# One query, so a reader sees one file: counts must agree with each other and the last run
# in the published audit trail must be a finished one.
STATE = """
    select (select count(*) from marts.dim_report),
           (select count(*) from marts.fct_metric),
           (select coalesce(sum(n_metrics), 0) from marts.dim_report),
           (select status from audit.pipeline_runs order by started_at desc limit 1)
"""


def _read_until_stopped(kind: str, path: str, stop, ready, results) -> None:
    import duckdb
    import sqlalchemy
    from sqlalchemy.pool import NullPool

    # The URI the README gives Superset; NullPool: a pooled connection would keep reading the
    # file it first opened.
    engine = sqlalchemy.create_engine(f"duckdb:///{path}?access_mode=read_only", poolclass=NullPool)
    seen, errors = [], []
    # A short pause between queries, as dashboards refresh: a tight loop would starve the loads of CPU.
    while not stop.wait(0.1):
        try:
            if kind == "duckdb":
                with duckdb.connect(path, read_only=True) as con:
                    row = con.execute(STATE).fetchone()
            else:
                with engine.connect() as con:
                    row = con.execute(sqlalchemy.text(STATE)).fetchone()
        except Exception as exc:  # a lock error or a torn file is exactly what this test looks for
            errors.append(f"{type(exc).__name__}: {exc}")
            continue
        reports, metrics, metrics_by_report, last_run = row
        if metrics != metrics_by_report or last_run != "succeeded":
            errors.append(f"incomplete state: {row}")
        if not seen:
            ready.put(kind)
        seen.append(reports)
    results.put((kind, seen, errors))


def test_readers_see_only_whole_publishes_while_publishes_run(tmp_path, published_but_one, published):
    # Two build databases, four and five reports (copies of the session's runs); what readers
    # can catch is the swap, so the loads repeat the publish (snapshot, then rename) alternating
    # between the two.
    builds = [copy_run(published_but_one, tmp_path / "four"), copy_run(published, tmp_path / "five")]
    read_by_all = tmp_path / "published" / "reports.duckdb"
    read_by_all.parent.mkdir()
    shutil.copy(builds[0].warehouse, read_by_all)

    spawn = multiprocessing.get_context("spawn")
    stop, ready, results = spawn.Event(), spawn.Queue(), spawn.Queue()
    readers = [spawn.Process(target=_read_until_stopped, args=(kind, str(read_by_all), stop, ready, results))
               for kind in ("duckdb", "sqlalchemy")]
    for reader in readers:
        reader.start()
    try:
        # The loads start once both readers read: a busy machine takes seconds to start a process.
        assert {ready.get(timeout=READER_START_S) for _ in readers} == {"duckdb", "sqlalchemy"}
        for number in range(LOADS):
            build = builds[number % 2]
            snapshot = read_by_all.with_name(f".reports.duckdb.{number}.tmp")
            with builddb.session(build.build_db) as con:
                write_snapshot(con, snapshot)
            swap_in(snapshot, read_by_all)
            time.sleep(0.2)  # readers refresh every 0.1 s: give each of them a look at this publish
    finally:
        stop.set()
        outcomes = [results.get(timeout=120) for _ in readers]
        for reader in readers:
            reader.join(timeout=60)

    for kind, seen, errors in outcomes:
        assert errors == [], (kind, errors[:5])
        # Readers ran the whole time and saw both publishes, each whole, coming and going.
        assert len(seen) > LOADS, (kind, len(seen))
        assert set(seen) == {4, 5}, (kind, sorted(set(seen)))
        changes = sum(1 for before, after in zip(seen, seen[1:]) if before != after)
        assert changes > LOADS // 2, (kind, changes)
