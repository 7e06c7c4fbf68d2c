"""Run `dbt build` (models and their YAML tests) against the build database, then keep what
dbt reports of the result with the run: the sources' freshness and the static docs site."""
from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

# Unit tests check the models' SQL on fixed inputs, not the data of this load: the test
# suite runs them (tests/test_dimensional_model.py), every load would only repeat them.
BUILD = ["build", "--exclude-resource-type", "unit_test"]
FRESHNESS = ["source", "freshness"]
# One self-contained page, the manifest and catalog inlined, that opens from a file:// URL.
DOCS = ["docs", "generate", "--static"]
SOURCES_JSON = "sources.json"
DOCS_SITE = "static_index.html"
# A run's artifacts are read the day it ran; its counts stay in audit.stage_runs for good.
KEEP_RUNS = 10


class ModelBuildFailed(RuntimeError):
    pass


def dbt_env(build_db: Path) -> dict[str, str]:
    """What dbt reads from its environment: profiles.yml the database path."""
    return {"REPORTS_BUILD_DB": str(build_db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}


def _runs(work_dir: Path) -> Path:
    return work_dir / "dbt_runs"


def run_artifacts(work_dir: Path, run_id: str) -> Path:
    """Where a run keeps what dbt reported of its build: sources.json and static_index.html."""
    return _runs(work_dir) / run_id


def _target(work_dir: Path) -> Path:
    return work_dir / "dbt_target"


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
            "--target-path", str(_target(work_dir)),
            "--log-path", str(work_dir / "dbt_logs"),
        ])


def failure_of(result, work_dir: Path, command: str = "dbt build") -> str | None:
    """Why a dbt invocation failed, or None when it succeeded."""
    if result.exception is not None:
        return f"dbt could not run: {result.exception}"
    if not result.success:
        failed = [f"{r.node.name}: {r.status}" for r in result.result or () if str(r.status) in ("error", "fail")]
        return f"{command} failed: " + "; ".join(failed or ["see dbt logs in " + str(work_dir)])
    return None


def _raise_on(failure: str | None) -> None:
    if failure is not None:
        raise ModelBuildFailed(failure)


def parse(project_dir: Path, build_db: Path, work_dir: Path):
    """dbt's reading of the project: a result whose failure `build_parsed` reports."""
    return dbt_command(["parse"], project_dir, build_db, work_dir)


def _manifest(parsed, work_dir: Path):
    _raise_on(failure_of(parsed, work_dir, "dbt parse"))
    return parsed.result


def dbt_build(project_dir: Path, build_db: Path, work_dir: Path, run_id: str) -> None:
    """Build and document the project in this process (a model stage run without the dbt worker)."""
    build_parsed(project_dir, build_db, work_dir, run_id, parse(project_dir, build_db, work_dir))


def build_parsed(project_dir: Path, build_db: Path, work_dir: Path, run_id: str, parsed) -> None:
    """Build the project as `parsed` (a `parse` result) read it, then document the build for the run."""
    manifest = _manifest(parsed, work_dir)
    _raise_on(failure_of(dbt_command(BUILD, project_dir, build_db, work_dir, manifest=manifest), work_dir))
    document(project_dir, build_db, work_dir, run_id, built=manifest)


def document(project_dir: Path, build_db: Path, work_dir: Path, run_id: str, built=None) -> None:
    """Write into the run's artifacts (`run_artifacts`) what dbt reports of the build database
    as built: the sources' freshness (sources.json) and the static docs site
    (static_index.html). `built` is the manifest of the build this process just ran, its SQL
    compiled by it; without one (the DAG's dbt tasks build in processes of their own) dbt
    parses and compiles the project again."""
    _prune(_runs(work_dir), KEEP_RUNS - 1)
    artifacts = run_artifacts(work_dir, run_id)
    artifacts.mkdir(parents=True, exist_ok=True)
    manifest = built if built is not None else _manifest(parse(project_dir, build_db, work_dir), work_dir)
    _check_freshness(project_dir, build_db, work_dir, manifest, artifacts / SOURCES_JSON)
    _docs_site(project_dir, build_db, work_dir, manifest, built is not None, artifacts / DOCS_SITE)


def _check_freshness(project_dir: Path, build_db: Path, work_dir: Path, manifest, report: Path) -> None:
    checked = dbt_command(FRESHNESS, project_dir, build_db, work_dir, manifest=manifest)
    if checked.exception is not None:  # a stale source is no failure: freshness_counts says so
        raise ModelBuildFailed(f"dbt could not check source freshness: {checked.exception}")
    checked.result.write(str(report))


def _docs_site(project_dir: Path, build_db: Path, work_dir: Path, manifest, compiled: bool, site: Path) -> None:
    docs = DOCS
    if compiled:
        # The site inlines manifest.json as dbt finds it on disk: the build's own, written out,
        # spares compiling every model again (seconds).
        manifest.write(str(_target(work_dir) / "manifest.json"))
        docs = [*DOCS, "--no-compile"]
    result = dbt_command(docs, project_dir, build_db, work_dir, manifest=manifest)
    _raise_on(failure_of(result, work_dir, "dbt docs generate"))
    os.replace(_target(work_dir) / DOCS_SITE, site)


def _prune(runs_dir: Path, keep: int) -> None:
    """Keep the artifacts of the latest `keep` runs (a static site is a few megabytes)."""
    runs = sorted((p for p in runs_dir.glob("*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    for old in runs[:-keep] if keep else runs:
        shutil.rmtree(old)


def freshness_counts(artifacts: Path) -> dict[str, int]:
    """The model stage's counts of the sources dbt found stale (sources.json in `artifacts`),
    each one logged: stale is recorded, never fatal, whether past warn_after or error_after."""
    results = json.loads((artifacts / SOURCES_JSON).read_text())["results"]
    counts = {"sources_warn": 0, "sources_error": 0}
    for result in results:
        if result["status"] == "pass":
            continue
        warned = result["status"] == "warn"
        counts["sources_warn" if warned else "sources_error"] += 1
        source = result["unique_id"].split(".", 2)[-1]  # source.<project>.<source>.<table>
        age = result.get("max_loaded_at_time_ago_in_s")  # none when the check could not run
        detail = f"newest row {age / 86400:.1f} days old" if age is not None else result.get("error")
        log.log(logging.WARNING if warned else logging.ERROR, "source %s is stale (%s): %s; see %s",
                source, result["status"], detail, artifacts / SOURCES_JSON)
    return counts
