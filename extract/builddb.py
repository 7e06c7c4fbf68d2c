"""The build database: raw documents, staging tables and the audit trail, in one DuckDB file.

Only the pipeline writes it; analysts never open it. dbt builds the marts inside it and
`extract.publish` copies them out to the published warehouse.

Each schema's DDL lives beside the code that writes it (`ingest/raw.sql`, `stage/staging.sql`,
`audit.sql`) and always states the current schema. A column added to an existing table also
gets a numbered migration (`migrations/0001_….sql`, applied in order, each once, recorded in
`schema_migrations`) that brings a build database made by an earlier version up to date.

A fresh database is created at the latest schema and every migration is recorded as applied
without running, rather than created at the first schema and migrated forward: the .sql files
then read as the schema a reader gets, `stage.batch.write_tables` can type its Parquet files by
the DDL alone, and an old migration never has to stay valid against tables that have moved on.
An existing database runs the same DDL first (so a table new since it was made is created at
the latest schema) and then the migrations it has not recorded. A table created that way
already holds the columns of later migrations, so every migration must be idempotent
(`add column if not exists`). Databases made before the ledger existed record none and get
every migration, which older versions had run on each connect anyway.
tests/test_schema_contract.py checks that the oldest schema, migrated, is the fresh one.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

from extract import audit, settings

_PACKAGE = resources.files("extract")
SCHEMA_FILES = {"raw": "ingest/raw.sql", "staging": "stage/staging.sql", "audit": "audit.sql"}
DDL = "\n".join(_PACKAGE.joinpath(file).read_text(encoding="utf-8") for file in SCHEMA_FILES.values())
STAGING_TABLES = ("reports", "sections", "metrics", "terms")

# In the main schema, not audit: every audit table is published to analysts.
_LEDGER = """
create table if not exists schema_migrations (
    version     integer primary key,
    name        varchar not null,
    applied_at  timestamp not null
);
"""
_MIGRATION_FILE = re.compile(r"(\d{4})_(\w+)\.sql")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Every migration in `extract/migrations/`, oldest first."""
    found = []
    for file in _PACKAGE.joinpath("migrations").iterdir():
        match = _MIGRATION_FILE.fullmatch(file.name)
        if match:
            found.append(Migration(int(match[1]), match[2], file.read_text(encoding="utf-8")))
    return sorted(found, key=lambda migration: migration.version)


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    # The same bound as dbt's profile: DuckDB would otherwise take 80% of RAM for its caches.
    # A setting, not a connect option: dbt's connection to the same file, open in this
    # process, must see the same configuration.
    con.execute("set memory_limit = ?", [settings.duckdb_memory_limit()])
    migrate(con)
    return con


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Bring the database to the latest schema (the module's docstring says how and why)."""
    fresh = not _has_tables(con)
    with transaction(con):
        con.execute(DDL + _LEDGER)
        if fresh:
            _record(con, migrations())
    applied = {version for (version,) in con.execute("select version from schema_migrations").fetchall()}
    for migration in migrations():
        if migration.version not in applied:
            with transaction(con):
                con.execute(migration.sql)
                _record(con, [migration])


def _has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("select count(*) from duckdb_tables() where database_name = current_database() "
                       "and schema_name in ?", [list(SCHEMA_FILES)]).fetchone()[0] > 0


def _record(con: duckdb.DuckDBPyConnection, applied: list[Migration]) -> None:
    at = audit.now()
    con.executemany("insert into schema_migrations (version, name, applied_at) values (?, ?, ?)",
                    [(migration.version, migration.name, at) for migration in applied])


@contextmanager
def session(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open, yield and always close: dbt opens the same file in-process after us."""
    con = connect(path, read_only=read_only)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing, also under SIGKILL: DuckDB's WAL replays only committed transactions."""
    con.execute("begin transaction")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")
