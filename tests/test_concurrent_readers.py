"""BI tools and analysts read the published file while loads run back to back.

Readers are separate processes, as dashboards are: one with the duckdb driver, one through
SQLAlchemy and duckdb-engine (what Superset uses). Each reconnects for every query, as a BI
tool does between refreshes, and checks that what it sees is one whole publish.
"""
import multiprocessing
import shutil

from conftest import SEEDS
from extract import pipeline
from extract.settings import Settings

LOADS = 20
# One query, so a reader sees one file: counts must agree with each other and the last run
# in the published audit trail must be a finished one.
STATE = """
    select (select count(*) from marts.dim_report),
           (select count(*) from marts.fct_metric),
           (select coalesce(sum(n_metrics), 0) from marts.dim_report),
           (select status from audit.pipeline_runs order by started_at desc limit 1)
"""


def _read_until_stopped(kind: str, path: str, stop, results) -> None:
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
        seen.append(reports)
    results.put((kind, seen, errors))


def _report(number: int) -> str:
    return (f"测试{number}街道2023年工作总结\n一、2023年工作总结\n"
            f"全年新建口袋公园{number + 1}个,服务群众{100 + number}人次,发放补贴{number + 2}万元。\n")


def test_readers_see_only_whole_publishes_while_loads_run(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    warehouse = tmp_path / "wh" / "reports.duckdb"
    settings = Settings.from_env(inbox=inbox, warehouse=warehouse)
    # Loads run in this process, back to back, as the scheduler's worker would run them.
    pipeline.run_all(settings)

    spawn = multiprocessing.get_context("spawn")
    stop, results = spawn.Event(), spawn.Queue()
    readers = [spawn.Process(target=_read_until_stopped, args=(kind, str(warehouse), stop, results))
               for kind in ("duckdb", "sqlalchemy")]
    for reader in readers:
        reader.start()
    try:
        for number in range(LOADS):
            (inbox / f"extra_{number:02d}.txt").write_text(_report(number), encoding="utf-8")
            pipeline.run_all(settings)
    finally:
        stop.set()
        outcomes = [results.get(timeout=120) for _ in readers]
        for reader in readers:
            reader.join(timeout=60)

    for kind, seen, errors in outcomes:
        assert errors == [], (kind, errors[:5])
        # Readers ran the whole time and watched the warehouse grow, one whole publish at a time.
        assert len(seen) > LOADS, (kind, len(seen))
        assert seen == sorted(seen) and len(set(seen)) > LOADS // 2, (kind, sorted(set(seen)))
        assert seen[0] >= 5 and seen[-1] <= 5 + LOADS
