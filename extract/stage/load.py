"""Stage: load an extracted batch into the staging tables, replacing earlier rows of the same reports."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from extract import builddb


def load_batch(con: duckdb.DuckDBPyConnection, batch_dir: Path) -> dict[str, int]:
    """All or nothing: a crash mid-load leaves staging as it was, and the batch stays for the re-run."""
    if not batch_dir.exists():
        return {"loaded": 0, "metrics": 0}
    with builddb.transaction(con):
        con.execute(f"create temp table batch_reports as select report_id from "
                    f"read_parquet('{batch_dir / 'reports.parquet'}')")
        for name in (*builddb.STAGING_TABLES, "report_gate"):
            con.execute(f"delete from staging.{name} where report_id in (select report_id from batch_reports)")
        for name in builddb.STAGING_TABLES:
            con.execute(f"insert into staging.{name} by name select * from "
                        f"read_parquet('{batch_dir / (name + '.parquet')}')")
        loaded = con.execute("select count(*) from batch_reports").fetchone()[0]
        metrics = con.execute("select count(*) from staging.metrics where report_id in "
                              "(select report_id from batch_reports)").fetchone()[0]
        con.execute("drop table batch_reports")
    shutil.rmtree(batch_dir)
    return {"loaded": loaded, "metrics": metrics}
