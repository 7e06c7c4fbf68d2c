"""Run `dbt build` (models and their YAML tests) against the build database."""
from __future__ import annotations

import os
from pathlib import Path


class ModelBuildFailed(RuntimeError):
    pass


def dbt_build(project_dir: Path, build_db: Path, work_dir: Path) -> dict[str, int]:
    from dbt.cli.main import dbtRunner  # heavy import, only for the model stage

    # profiles.yml reads the database path from here; the flags keep dbt's own files
    # (target/, logs, usage id) in the run's work dir instead of the source tree.
    os.environ["REPORTS_BUILD_DB"] = str(build_db)
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    result = dbtRunner().invoke([
        "--quiet",  # errors still print; the full log is in the work dir
        "build",
        "--project-dir", str(project_dir),
        "--profiles-dir", str(project_dir),
        "--target-path", str(work_dir / "dbt_target"),
        "--log-path", str(work_dir / "dbt_logs"),
    ])
    if result.exception is not None:
        raise ModelBuildFailed(f"dbt build could not run: {result.exception}") from result.exception
    if not result.success:
        failed = [f"{r.node.name}: {r.status}" for r in result.result if str(r.status) in ("error", "fail")]
        raise ModelBuildFailed("dbt build failed: " + "; ".join(failed or ["see dbt logs in " + str(work_dir)]))
    return {}
