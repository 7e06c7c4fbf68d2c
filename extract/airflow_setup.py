"""What the project asks of an Airflow deployment besides its DAG files, in one place: the
pool that keeps the build database to one writer, the asset every publish updates, and who
hears of a failure. `python -m extract.airflow_setup` migrates Airflow's metadata database and
creates the pool; `make airflow`, docker compose's init and the cluster test run it.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from airflow.sdk import Asset

from extract.settings import Settings

AIRFLOW = str(Path(sys.executable).with_name("airflow"))
# Every task that opens the build database runs in this pool of one slot, so however many
# workers a deployment has, one writes at a time; the parse tasks run outside it, side by side.
WRITER_POOL = "reports_build_db"
WRITER_POOL_DESCRIPTION = "reports_pipeline: the tasks that write the build database, one at a time"


def published_warehouse(settings: Settings) -> Asset:
    """What downstream DAGs (a BI refresh, an export) schedule on: updated by every publish."""
    return Asset(name="reports_warehouse", uri=settings.warehouse.resolve().as_uri())


def airflow(*args: str, env: dict[str, str] | None = None) -> None:
    done = subprocess.run([AIRFLOW, *args], env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"airflow {' '.join(args)} failed:\n{(done.stdout + done.stderr)[-3000:]}")


def setup(env: dict[str, str] | None = None) -> None:
    """Migrate the metadata database and create (or resize) the writer pool."""
    airflow("db", "migrate", env=env)
    airflow("pools", "set", WRITER_POOL, "1", WRITER_POOL_DESCRIPTION, env=env)


if __name__ == "__main__":
    setup()
