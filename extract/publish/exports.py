"""CSV snapshots of the published marts, for readers without DuckDB (a spreadsheet, a script
in another language): one folder per publish, `<stem>.exports/<run id>/<table>.csv`, written
whole into a hidden folder and renamed into place, the last `KEEP` publishes kept.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from extract.audit import RUN_ID

KEEP = 5


def exports_dir(warehouse: Path) -> Path:
    return warehouse.with_name(f"{warehouse.stem}.exports")


def export_csv(warehouse: Path) -> Path:
    """Write every marts table of the published `warehouse` as CSV (header, UTF-8) into the
    folder of the run that published it; return that folder. Done again, it is replaced."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        # The file's own audit trail: its last succeeded run is the one that published it.
        run_id = con.execute("select run_id from audit.pipeline_runs where status = 'succeeded' "
                             "order by finished_at desc limit 1").fetchone()[0]
        root = exports_dir(warehouse)
        target, partial = root / run_id, root / f".{run_id}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        for (table,) in con.execute("select table_name from information_schema.tables "
                                    "where table_schema = 'marts' order by 1").fetchall():
            con.execute(f"copy (select * from marts.{table}) to '{partial / table}.csv' (header, delimiter ',')")
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    for old in sorted((path for path in root.iterdir() if RUN_ID.fullmatch(path.name)), reverse=True)[KEEP:]:
        shutil.rmtree(old)
    return target
