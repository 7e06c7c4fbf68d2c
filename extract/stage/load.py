"""Stage: load an extracted batch into the staging tables, replacing earlier rows of the same reports."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from extract import builddb
from extract.stage import batch


def load_batch(con: duckdb.DuckDBPyConnection, batch_dir: Path) -> dict[str, int]:
    """All or nothing: a crash mid-load leaves staging as it was, and the batch stays for the re-run."""
    chunks = batch.chunks(batch_dir)
    if chunks:
        with builddb.transaction(con):
            con.execute("create temp table batch_reports as select report_id from "
                        f"read_parquet({batch.table_files(chunks, 'reports')})")
            for name in (*builddb.STAGING_TABLES, "report_gate"):
                con.execute(f"delete from staging.{name} where report_id in (select report_id from batch_reports)")
            for name in builddb.STAGING_TABLES:
                files = batch.table_files(chunks, name)
                con.execute(f"insert into staging.{name} by name select * from read_parquet({files})")
            loaded = con.execute("select count(*) from batch_reports").fetchone()[0]
            metrics = con.execute("select count(*) from staging.metrics where report_id in "
                                  "(select report_id from batch_reports)").fetchone()[0]
            con.execute("drop table batch_reports")
    else:
        loaded = metrics = 0
    shutil.rmtree(batch_dir, ignore_errors=True)
    return {"loaded": loaded, "metrics": metrics}
