"""CSV snapshots of the published marts (`extract.publish.exports`, the `reports_snapshot` DAG's
task): a folder per publishing run with every mart whole, written again in place, the oldest
beyond KEEP removed."""
import csv
import shutil

import duckdb

from extract.publish.exports import KEEP, export_csv, exports_dir


def test_every_mart_is_a_csv_in_the_folder_of_the_publishing_run(published, tmp_path):
    warehouse = tmp_path / "reports.duckdb"
    shutil.copy(published.warehouse, warehouse)
    target = export_csv(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        run_id = con.execute("select run_id from audit.pipeline_runs").fetchone()[0]
        counts = {table: con.execute(f"select count(*) from marts.{table}").fetchone()[0]
                  for (table,) in con.execute("select table_name from information_schema.tables "
                                              "where table_schema = 'marts'").fetchall()}
    assert target == exports_dir(warehouse) / run_id
    assert {path.stem for path in target.iterdir()} == set(counts)
    for table, count in counts.items():
        with (target / f"{table}.csv").open(encoding="utf-8", newline="") as rows:
            assert sum(1 for _ in csv.reader(rows)) == count + 1, table  # and the header
    with (target / "dim_report.csv").open(encoding="utf-8") as rows:
        assert "org_name" in next(csv.reader(rows))

    # Again: the same folder, whole; older publishes beyond KEEP go, anything else stays.
    for n in range(KEEP + 1):
        (exports_dir(warehouse) / f"20200101T00000{n}-0000000{n}").mkdir()
    (exports_dir(warehouse) / "notes").mkdir()
    assert export_csv(warehouse) == target
    kept = {path.name for path in exports_dir(warehouse).iterdir()}
    newest_older = {f"20200101T00000{n}-0000000{n}" for n in range(KEEP + 1)[-(KEEP - 1):]}
    assert kept == {run_id, "notes"} | newest_older
