"""Run a reviewed suite from the file-based GX project against a DataFrame and say who failed."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd


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


# Data Docs index every stored result on each update: without a bound, every run gets slower.
KEEP_RUNS = 30
RESULTS_DIR_VARIABLE = "REPORTS_GX_RESULTS_DIR"  # read by great_expectations.yml


@lru_cache(maxsize=4)
def _context(project_dir: str, results_dir: str):
    import great_expectations as gx

    # Substituted into the config as it loads; the runtime environment outranks os.environ.
    return gx.get_context(mode="file", project_root_dir=project_dir,
                          runtime_environment={RESULTS_DIR_VARIABLE: results_dir})


def data_docs_index(results_dir: Path) -> Path:
    return results_dir / "data_docs" / "local_site" / "index.html"


def prune_results(results_dir: Path, keep_runs: int = KEEP_RUNS) -> None:
    """Keep the results (and their Data Docs pages) of each suite's latest `keep_runs` runs."""
    validations = results_dir / "validations"
    pages = results_dir / "data_docs" / "local_site" / "validations"
    for suite in (p for p in validations.glob("*") if p.is_dir()):
        runs = sorted((p for p in suite.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
        for old in runs[:-keep_runs] if keep_runs else runs:
            shutil.rmtree(old)
            shutil.rmtree(pages / suite.name / old.name, ignore_errors=True)


@dataclass(frozen=True)
class GxProject:
    """The reviewed GX project (suites, checkpoints) and where one warehouse's results go."""

    root: Path
    results: Path


class Gate:
    """The validations of one gate, each a reviewed checkpoint run on a DataFrame, with
    results stored under the pipeline's run id. Data Docs (the pages of these results and
    the index) are built once, when the gate closes, after a failure too: the index lists
    every stored result, and rebuilding it after each checkpoint cost more than validating."""

    def __init__(self, gx: GxProject, run_name: str):
        self._gx, self._run_name = gx, run_name
        self._built: list = []  # identifiers of the results and suites to render

    def __enter__(self) -> Gate:
        prune_results(self._gx.results, KEEP_RUNS - 1)
        return self

    def __exit__(self, *exc_info) -> None:
        if self._built:
            self._context().build_data_docs(resource_identifiers=self._built)

    def _context(self):
        return _context(str(self._gx.root), str(self._gx.results))

    def validate(self, checkpoint_name: str, frame: pd.DataFrame, key_column: str) -> list[Failure]:
        """Run the checkpoint `checkpoint_name` (its suite and asset) on `frame`."""
        from great_expectations.core.run_identifier import RunIdentifier
        from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

        # Each checkpoint's result format (in its reviewed JSON) asks for the key of every
        # unexpected row, so a failure can be pinned on the reports that caused it.
        checkpoint = self._context().checkpoints.get(checkpoint_name)
        run = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=RunIdentifier(run_name=self._run_name))
        failures = []
        for identifier, result in run.run_results.items():
            self._built += [identifier, ExpectationSuiteIdentifier(name=result.suite_name)]
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
