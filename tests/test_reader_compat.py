"""BI drivers lag DuckDB releases: the published file must open with an older duckdb."""
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

# Made by `make install` (so by `make test`, which CI runs), with the old duckdb the Makefile pins.
OLD_READER = Path(__file__).resolve().parent.parent / ".venv" / "old-reader" / "bin" / "python"
STORAGE_CHANGED_IN = (1, 2)  # releases from 1.2 to 1.5 changed the storage format

READ = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(duckdb.__version__, con.execute("select count(*) from marts.dim_report").fetchone()[0],
      con.execute("select count(*) from marts.fct_metric where value is not null").fetchone()[0])
"""


@pytest.fixture(scope="session")
def old_duckdb_python() -> Path:
    if not OLD_READER.exists():
        pytest.skip(f"no old duckdb to read with at {OLD_READER}: `make install` makes it")
    return OLD_READER


def test_published_warehouse_opens_with_an_older_duckdb(old_duckdb_python, published):
    done = subprocess.run([old_duckdb_python, "-c", READ, str(published.warehouse)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    version, reports, metrics = done.stdout.split()
    assert tuple(map(int, version.split(".")[:2])) < STORAGE_CHANGED_IN
    assert int(reports) == 5 and int(metrics) > 100
