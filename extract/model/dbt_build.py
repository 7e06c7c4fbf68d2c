"""Run `dbt build` (models and their YAML tests) against the build database."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Unit tests check the models' SQL on fixed inputs, not the data of this load: the test
# suite runs them (tests/test_dimensional_model.py), every load would only repeat them.
BUILD = ["build", "--exclude-resource-type", "unit_test"]


class ModelBuildFailed(RuntimeError):
    pass


def dbt_env(build_db: Path) -> dict[str, str]:
    """What dbt reads from its environment: profiles.yml the database path."""
    return {"REPORTS_BUILD_DB": str(build_db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}


@contextmanager
def _environment(variables: dict[str, str]) -> Iterator[None]:
    # dbt in this process takes its environment from os.environ, copied once as an invocation
    # starts, and has no other way in: the variables are there for the invocation only.
    before = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def dbt_command(command: list[str], project_dir: Path, build_db: Path, work_dir: Path, manifest=None):
    """Invoke dbt in this process against the build database; returns dbt's result. A
    `manifest` from an earlier `parse` spares dbt reading the project again."""
    from dbt.cli.main import dbtRunner  # heavy import, only for the model stage

    # The flags keep dbt's own files (target/, logs, usage id) in the run's work dir instead
    # of the source tree.
    with _environment(dbt_env(build_db)):
        return dbtRunner(manifest=manifest).invoke([
            "--quiet",  # errors still print; the full log is in the work dir
            # The result comes back in memory; writing manifest.json and run_results.json costs
            # most of a second on every run and nothing reads them (partial parsing has its own file).
            "--no-write-json",
            *command,
            "--project-dir", str(project_dir),
            "--profiles-dir", str(project_dir),
            "--target-path", str(work_dir / "dbt_target"),
            "--log-path", str(work_dir / "dbt_logs"),
        ])


def failure_of(result, work_dir: Path) -> str | None:
    """Why a dbt invocation failed, or None when it succeeded."""
    if result.exception is not None:
        return f"dbt could not run: {result.exception}"
    if not result.success:
        failed = [f"{r.node.name}: {r.status}" for r in result.result or () if str(r.status) in ("error", "fail")]
        return "dbt build failed: " + "; ".join(failed or ["see dbt logs in " + str(work_dir)])
    return None


def dbt_build(project_dir: Path, build_db: Path, work_dir: Path) -> dict[str, int]:
    result = dbt_command(BUILD, project_dir, build_db, work_dir)
    if failure := failure_of(result, work_dir):
        raise ModelBuildFailed(failure) from result.exception
    return {}
