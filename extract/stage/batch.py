"""The batch the extract stage hands to the staging writer: a folder of chunks, each chunk a
folder with one Parquet file per staging table, typed by the staging DDL itself. Parse
workers write chunks side by side; `load.load_batch` is the one reader."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb
import pandas as pd

from extract import builddb


def chunk_dir(batch_dir: Path, number: int) -> Path:
    return batch_dir / f"chunk-{number:06d}"


def chunks(batch_dir: Path) -> list[Path]:
    return sorted(batch_dir.glob("chunk-*")) if batch_dir.exists() else []


def table_files(chunk_dirs: list[Path], table: str) -> str:
    """The chunks' files of one table, as a DuckDB list literal for read_parquet."""
    return "[" + ", ".join(f"'{chunk / (table + '.parquet')}'" for chunk in chunk_dirs) + "]"


def merged(reports: Iterable[dict[str, list[dict]]]) -> dict[str, list[dict]]:
    """The rows of several reports, by table."""
    tables: dict[str, list[dict]] = {name: [] for name in builddb.STAGING_TABLES}
    for rows in reports:
        for name, table_rows in rows.items():
            tables[name].extend(table_rows)
    return tables


def write_tables(tables: dict[str, list[dict]], directory: Path | None = None) -> None:
    """Write one Parquet file per staging table into `directory`; with no `directory`, only
    see that the rows fit the tables (a duckdb.Error says they do not)."""
    mem = duckdb.connect()
    try:
        mem.execute(builddb.DDL)
        for name, rows in tables.items():
            if rows:
                frame = pd.DataFrame(rows)  # noqa: F841 - read by DuckDB's replacement scan
                mem.execute(f"insert into staging.{name} by name select * from frame")
        if directory is not None:
            directory.mkdir(parents=True)
            for name in tables:
                mem.execute(f"copy staging.{name} to '{directory / (name + '.parquet')}' (format parquet)")
    finally:
        mem.close()
