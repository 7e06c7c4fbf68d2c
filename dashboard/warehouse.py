"""Where the published warehouse and its documentation sites are, and how the app opens it."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from extract.publish.docs import data_docs, dbt_docs
from extract.settings import Settings


def settings() -> Settings:
    # Read on every rerun: a REPORTS_WAREHOUSE set for the app process is the one it serves.
    return Settings.from_env()


@contextmanager
def connect(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for one script run: opened per rerun, so each refresh sees the
    file the last publish swapped in, and closed at its end, so the app never holds a lock
    between refreshes."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        yield con
    finally:
        con.close()


def docs_sites(settings: Settings) -> dict[str, Path | None]:
    """The GX Data Docs and dbt's static docs site that the last publish put beside the
    warehouse, None where not generated: the copies a reader of the published folder has."""
    return {"GX Data Docs": data_docs(settings.warehouse), "dbt docs": dbt_docs(settings.warehouse)}
