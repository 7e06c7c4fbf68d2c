"""BI drivers lag DuckDB releases: the published file must open with an older duckdb."""
import subprocess
import venv

import pytest

pytestmark = pytest.mark.integration

OLD_DUCKDB = "1.1.3"  # a release from before the 1.2-1.5 storage changes

READ = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(duckdb.__version__, con.execute("select count(*) from marts.dim_report").fetchone()[0],
      con.execute("select count(*) from marts.fct_metric where value is not null").fetchone()[0])
"""


@pytest.fixture(scope="session")
def old_duckdb_python(tmp_path_factory):
    home = tmp_path_factory.mktemp("old-duckdb")
    venv.create(home, with_pip=True)
    python = home / "bin" / "python"
    install = subprocess.run([python, "-m", "pip", "install", "--quiet", f"duckdb=={OLD_DUCKDB}"],
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr[-2000:]
    return python


def test_published_warehouse_opens_with_an_older_duckdb(published, old_duckdb_python):
    done = subprocess.run([old_duckdb_python, "-c", READ, str(published.warehouse)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    version, reports, metrics = done.stdout.split()
    assert version == OLD_DUCKDB and int(reports) == 5 and int(metrics) > 100
