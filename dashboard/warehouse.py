"""Where the published warehouse and its documentation sites are, and how the app opens it."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from extract.gate.gx_runner import data_docs_index
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
    """The GX Data Docs and dbt's static docs site of this warehouse, None where not generated."""
    gx = data_docs_index(settings.gx_results_dir)
    # dbt writes static_index.html into its target folder; a publish may also keep one in a
    # folder beside the warehouse.
    dbt = sorted(path for folder in (settings.work_dir, settings.warehouse.parent)
                 for path in folder.glob("*/static_index.html"))
    return {"GX Data Docs": gx if gx.is_file() else None, "dbt docs": dbt[0] if dbt else None}
