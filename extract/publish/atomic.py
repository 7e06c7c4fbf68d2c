"""Copy the marts and the audit trail into a new DuckDB file, then swap it in with one rename.

Readers that have the old file open keep reading the old inode; new readers see the
new file whole. If anything fails before the rename, the published file is untouched.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import duckdb

PUBLISHED_SCHEMAS = ("marts", "audit")
# DuckDB 1.0 and every later 1.x reader (BI drivers lag behind) can open this format.
STORAGE_VERSION = "v1.0.0"


def write_snapshot(con: duckdb.DuckDBPyConnection, target: Path,
                   finalize: Callable[[str], None] | None = None) -> int:
    """Write every table of the published schemas to a new file `target`; returns the number
    of tables. `finalize` gets the snapshot's database name to amend the copy before it is closed."""
    target.unlink(missing_ok=True)
    return copy_schemas(con, target, PUBLISHED_SCHEMAS, finalize)


def copy_schemas(con: duckdb.DuckDBPyConnection, target: Path, schemas: tuple[str, ...],
                 finalize: Callable[[str], None] | None = None) -> int:
    """Copy every table of `schemas` into the DuckDB file `target`, which is created when it
    does not exist yet; returns the number of tables."""
    source_db = con.execute("select current_database()").fetchone()[0]
    tables = con.execute(
        "select schema_name, table_name from duckdb_tables() "
        "where database_name = ? and schema_name in ? order by 1, 2",
        [source_db, list(schemas)],
    ).fetchall()
    con.execute(f"attach '{target}' as snapshot (storage_version '{STORAGE_VERSION}')")
    try:
        for schema in schemas:
            con.execute(f"create schema snapshot.{schema}")
        for schema, table in tables:
            con.execute(f'create table snapshot.{schema}."{table}" as select * from {source_db}.{schema}."{table}"')
        if finalize:
            finalize("snapshot")
    finally:
        con.execute("detach snapshot")
    return len(tables)


def swap_in(snapshot: Path, published: Path) -> None:
    _fsync(snapshot)
    os.replace(snapshot, published)
    _fsync(published.parent)  # make the rename itself durable


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
