import atexit
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pytest
from filelock import FileLock

from extract import pipeline
from extract.settings import Settings

# Airflow processes the tests start inherit this: cosmos must not try to phone home.
os.environ.setdefault("AIRFLOW__COSMOS__ENABLE_TELEMETRY", "False")
# cosmos keeps its copy of the dbt project in /tmp/cosmos by default, shared by every checkout
# on the machine: each test session gets its own.
os.environ["AIRFLOW__COSMOS__CACHE_DIR"] = tempfile.mkdtemp(prefix="cosmos-")
atexit.register(shutil.rmtree, os.environ["AIRFLOW__COSMOS__CACHE_DIR"], ignore_errors=True)
# A shell set up to run the pipeline (docker-compose sets some of these) must not point the
# tests' runs at its inbox, warehouse or build database, nor size them: each test says where
# its runs work. The jieba cache (REPORTS_CACHE_DIR) stays, being only a cache.
for name in [name for name in os.environ if name.startswith("REPORTS_") and name != "REPORTS_CACHE_DIR"]:
    del os.environ[name]

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
GOLD = FIXTURES / "gold"


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extract", *args], capture_output=True, text=True,
                          env=env, timeout=600)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def marts_contents(warehouse: Path, volatile: frozenset[str] = frozenset()) -> dict[str, list[tuple]]:
    """Every row of every marts table, sorted; columns in `volatile` (e.g. `extracted_at`,
    which differs between two clean runs) are left out."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns: dict[str, list[str]] = {}
        for table, column in con.execute(
                "select table_name, column_name from information_schema.columns "
                "where table_schema = 'marts' order by table_name, ordinal_position").fetchall():
            if column not in volatile:
                columns.setdefault(table, []).append(f'"{column}"')
        return {table: con.execute(f"select {', '.join(cols)} from marts.{table} order by all").fetchall()
                for table, cols in columns.items()}


@pytest.fixture
def seed_inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    return inbox


@pytest.fixture
def settings(tmp_path: Path, seed_inbox: Path) -> Settings:
    return Settings.from_env(inbox=seed_inbox, warehouse=tmp_path / "wh" / "reports.duckdb")


def once_per_session(tmp_path_factory, worker_id: str, name: str, build) -> dict:
    """`build(root)` run once for the whole session, however many xdist workers need it (the
    xdist way: a lock in the folder the workers share); the rest reuse its folder. Returns what
    `build` returned, a dict kept as JSON for the other workers; a build that failed fails them
    with its own error, not with the half-made folder it left."""
    if worker_id == "master":
        return build(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent
    root, result = shared / name, shared / f"{name}.json"
    with FileLock(shared / f"{name}.lock"):
        if not result.exists():
            root.mkdir()
            try:
                result.write_text(json.dumps(build(root)))
            except BaseException as error:
                result.write_text(json.dumps({"failed": f"{type(error).__name__}: {error}"}))
                raise
    built = json.loads(result.read_text())
    if "failed" in built:
        pytest.fail(f"the shared {name} run failed in another worker: {built['failed']}")
    return built


def _frozen(built, root: Path) -> dict:
    """A build database copied by the process that built it, which may still hold it open (dbt
    does): the copy is what other workers copy from, never the file a later close rewrites."""
    settings, run_id = copy_build(built, root / "frozen")
    return {"inbox": str(settings.inbox), "warehouse": str(settings.warehouse), "run_id": run_id}


def _settings(run: dict) -> Settings:
    return Settings.from_env(inbox=Path(run["inbox"]), warehouse=Path(run["warehouse"]))


def _built(frozen: dict):
    return _settings(frozen), frozen["run_id"]


def _published_run(root: Path, leave_out: str | None = None) -> dict:
    """A CLI run, in a process of its own: nothing of it stays open in this one."""
    shutil.copytree(SEEDS, root / "inbox", ignore=shutil.ignore_patterns(leave_out) if leave_out else None)
    warehouse = root / "wh" / "reports.duckdb"
    done = run_cli("run", "--inbox", str(root / "inbox"), "--warehouse", str(warehouse))
    assert done.returncode == 0, done.stderr
    return {"inbox": str(root / "inbox"), "warehouse": str(warehouse)}


@pytest.fixture(scope="session")
def published(tmp_path_factory, worker_id) -> Settings:
    """One real CLI run over the seed reports, shared by the read-only end-to-end tests."""
    return _settings(once_per_session(tmp_path_factory, worker_id, "published", _published_run))


def run_until(settings, last_stage):
    run_id = pipeline.start(settings, trigger="test")
    for name in pipeline.STAGE_STEPS:
        if name == last_stage:
            return run_id
        pipeline.run_stage(name, settings, run_id)
    raise AssertionError(f"no stage {last_stage}")


@pytest.fixture(scope="session")
def staged(tmp_path_factory, worker_id):
    """The seed reports ingested, extracted and staged once; tests change copies (`copy_build`)."""
    def stage(root: Path) -> dict:
        shutil.copytree(SEEDS, root / "inbox")
        settings = Settings.from_env(inbox=root / "inbox", warehouse=root / "wh" / "reports.duckdb")
        return _frozen((settings, run_until(settings, "gate_staging")), root)

    return _built(once_per_session(tmp_path_factory, worker_id, "staged", stage))


@pytest.fixture(scope="session")
def modelled(staged, tmp_path_factory, worker_id):
    """The staged seeds gated and built by dbt once; tests change copies (`copy_build`)."""
    def model(root: Path) -> dict:
        settings, run_id = copy_build(staged, root / "build")
        for name in ("gate_staging", "model"):
            pipeline.run_stage(name, settings, run_id)
        return _frozen((settings, run_id), root)

    return _built(once_per_session(tmp_path_factory, worker_id, "modelled", model))


def copy_build(built, tmp_path: Path):
    source, run_id = built
    settings = Settings.from_env(inbox=source.inbox, warehouse=tmp_path / "wh" / "reports.duckdb")
    settings.work_dir.mkdir(parents=True)
    # dbt may still hold the source open in this process: its WAL is part of the state.
    for path in (source.build_db, source.build_db.with_name(source.build_db.name + ".wal")):
        if path.exists():
            shutil.copy(path, settings.work_dir / path.name)
    return settings, run_id


def copy_run(source: Settings, to: Path) -> Settings:
    """A finished CLI run's inbox, published warehouse and work dir copied under `to`, as if the
    run had been made there: tests that start from a whole run change the copy instead of
    running the pipeline again.

    The files keep their mtimes (the ingest skips an unchanged inbox by size and mtime) and the
    docs link stays relative; the build database's absolute paths (the documents' inbox paths,
    the inbox's own rows) are moved to the new place, and so is the inputs fingerprint of the
    last publish, which hashes them, so that "nothing new" still holds for the copy."""
    from extract.publish.freshness import inputs_fingerprint

    folders = (source.inbox, source.warehouse.parent, source.work_dir)
    base = Path(os.path.commonpath(folders))
    assert base not in folders, f"{source}: the inbox and the warehouse need a folder of their own each"
    to = to.resolve()
    for folder in folders:
        shutil.copytree(folder, to / folder.relative_to(base), symlinks=True, dirs_exist_ok=True)
    copied = Settings.from_env(inbox=to / source.inbox.relative_to(base),
                               warehouse=to / source.warehouse.relative_to(base))
    assert copied.work_dir == to / source.work_dir.relative_to(base), "a work dir of its own is not copied"
    old, new = f"{base}/", f"{to}/"
    with duckdb.connect(str(copied.build_db)) as con:
        published_fingerprint = inputs_fingerprint(con, source.dbt_project_dir, source.gx_project_dir)
        for schema, table, column in con.execute(
                "select table_schema, table_name, column_name from information_schema.columns "
                "join information_schema.tables using (table_catalog, table_schema, table_name) "
                "where table_type = 'BASE TABLE' and data_type = 'VARCHAR' "
                "and table_catalog = current_database()").fetchall():
            con.execute(f'update "{schema}"."{table}" set "{column}" = replace("{column}", $old, $new) '
                        f'where contains("{column}", $old)', {"old": old, "new": new})
        con.execute("update audit.pipeline_runs set inputs_fingerprint = ? where inputs_fingerprint = ?",
                    [inputs_fingerprint(con, copied.dbt_project_dir, copied.gx_project_dir), published_fingerprint])
    return copied


HELD_BACK = "004_4039d9b6a9b4d1ef.txt"


@pytest.fixture(scope="session")
def published_but_one(tmp_path_factory, worker_id) -> Settings:
    """One real CLI run over the seeds but HELD_BACK, published; tests change copies (`copy_run`)
    and put HELD_BACK in to give the next run one new report."""
    return _settings(once_per_session(tmp_path_factory, worker_id, "published_but_one",
                                      lambda root: _published_run(root, HELD_BACK)))
