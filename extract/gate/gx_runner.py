"""Run a reviewed suite from the file-based GX project against a DataFrame and say who failed."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

# GX prints progress bars for every metric it computes; in pipeline logs they are noise.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")



@dataclass(frozen=True)
class Failure:
    """One failed expectation; `keys` are the key values of the offending rows, or None
    when the expectation is about the whole table and so condemns every row."""

    expectation: str
    keys: frozenset[str] | None


def expectation_label(config) -> str:
    kwargs = config.kwargs
    target = kwargs.get("column") or kwargs.get("column_list") or (
        f"{kwargs.get('column_A')},{kwargs.get('column_B')}" if "column_A" in kwargs else None)
    if isinstance(target, list):
        target = ",".join(target)
    return f"{config.type}({target})" if target else config.type


@lru_cache(maxsize=4)
def _context(project_dir: str):
    import great_expectations as gx

    return gx.get_context(mode="file", project_root_dir=project_dir)


def data_docs_index(project_dir: Path) -> Path:
    return project_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def validate_frame(project_dir: Path, checkpoint_name: str, frame: pd.DataFrame, key_column: str,
                   run_name: str) -> list[Failure]:
    """Run the reviewed checkpoint `checkpoint_name` (its suite, its asset, and the Data Docs
    update) on `frame`; results are stored under the pipeline's run id."""
    from great_expectations.core.run_identifier import RunIdentifier

    # Each checkpoint's result format (in its reviewed JSON) asks for the key of every
    # unexpected row, so a failure can be pinned on the reports that caused it.
    checkpoint = _context(str(project_dir)).checkpoints.get(checkpoint_name)
    run = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=RunIdentifier(run_name=run_name))
    failures = []
    for result in run.run_results.values():
        failures += _failures(result, key_column)
    return failures


def _failures(result, key_column: str) -> list[Failure]:
    failures = []
    for outcome in result.results:
        if outcome.success:
            continue
        if outcome.exception_info and outcome.exception_info.get("raised_exception"):
            # An expectation that could not even run (missing column, wrong type) is a
            # table-level failure: no row can be trusted.
            failures.append(Failure(expectation_label(outcome.expectation_config), None))
            continue
        index_list = outcome.result.get("unexpected_index_list")
        keys = None if index_list is None else frozenset(str(row[key_column]) for row in index_list)
        failures.append(Failure(expectation_label(outcome.expectation_config), keys))
    return failures
