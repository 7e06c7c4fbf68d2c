"""The DAG once through `airflow dags test`, for a person at a terminal (`make run`).

Airflow, cosmos and dbt log a few thousand lines per run. They all go to a log file; the
screen gets one line per stage with its counts, a progress bar while the reports are parsed
and a count of dbt tasks while the model is built. `verbose` shows the full log instead.
"""
from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from extract import audit
from extract.pipeline import STAGE_STEPS
from extract.settings import Settings

DAG_ID = "reports_pipeline"

# Airflow's own markers of `dags test` (airflow.sdk.definitions.dag) and the execution API's
# state changes; the stage and extract lines are the pipeline's own log messages.
_STARTING = re.compile(r"\[DAG TEST\] starting task_id=(\S+)")
_NEW_STATE = re.compile(r"Task instance state updated\b.*\bnew_state=(\w+)")
_STAGE_DONE = re.compile(r"\bstage (\w+): done (\{.*?\})")
# The extract stage's chunks planned, then each parsed by a task of its own.
_PLANNED = re.compile(r"\bextract: (\d+) reports in \d+ chunks")
_CHUNK_PARSED = re.compile(r"\bextract: chunk-\d+ parsed: (\d+) reports")


@dataclass
class StageView:
    name: str
    started: float
    finished: float | None = None
    failed: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    parsed: tuple[int, int] | None = None
    dbt_tasks: int = 0

    def line(self, now: float) -> str:
        state = "failed" if self.failed else "done" if self.finished is not None else "running"
        seconds = (self.finished or now) - self.started
        return f"  {self.name:<13} {state:<8} {self._detail():<54} {seconds:6.1f} s"

    def _detail(self) -> str:
        if self.finished is None and self.parsed:
            done, total = self.parsed
            return f"{bar(done, total)} {done}/{total} reports"
        counts = [f"{key.replace('_', ' ')} {value}" for key, value in self.counts.items()]
        if self.name == "model":
            counts.insert(0, f"dbt: {self.dbt_tasks} tasks" if self.dbt_tasks else "nothing new to build")
        return ", ".join(counts)


def bar(done: int, total: int, width: int = 24) -> str:
    filled = width * done // total if total else width
    return "[" + "#" * filled + "." * (width - filled) + "]"


@dataclass
class Progress:
    """What the log has said so far, stage by stage, in the order the stages run."""

    stages: dict[str, StageView] = field(default_factory=dict)
    current: StageView | None = None  # the stage of the task running now, if it is one

    def read(self, line: str, now: float) -> list[StageView]:
        """Take one log line; return the stages it showed to be finished."""
        if match := _STARTING.search(line):
            return self._task_started(match.group(1), now)
        view = self.current
        if view is None:
            return []
        if match := _NEW_STATE.search(line):
            # A task that will be retried is not a failure yet; a failed one fails its stage.
            view.failed |= match.group(1) == "failed"
        elif (match := _STAGE_DONE.search(line)) and match.group(1) == view.name:
            view.counts = ast.literal_eval(match.group(2))
        elif match := _PLANNED.search(line):
            view.parsed = (0, int(match.group(1)))
        elif (match := _CHUNK_PARSED.search(line)) and view.parsed:
            view.parsed = (view.parsed[0] + int(match.group(1)), view.parsed[1])
        return []

    def _task_started(self, task_id: str, now: float) -> list[StageView]:
        name, _, inner = task_id.partition(".")
        if name not in STAGE_STEPS:
            self.current = None  # start_run opens the pipeline's run: it is no stage of its own
            return []
        finished = self.finish(now) if name not in self.stages else []
        self.current = self.stages.setdefault(name, StageView(name, now))
        # The model group's own check and record tasks (dags/reports_pipeline.py) run no dbt.
        if inner and inner not in ("anything_new", "record"):
            self.current.dbt_tasks += 1
        return finished

    def finish(self, now: float) -> list[StageView]:
        """Close the stages still open: a later stage has started, or Airflow has exited."""
        open_views = [view for view in self.stages.values() if view.finished is None]
        for view in open_views:
            view.finished = now
        return open_views


def log_path(settings: Settings) -> Path:
    return settings.work_dir / "logs" / f"airflow-{audit.now():%Y%m%dT%H%M%S}.log"


def run(settings: Settings, verbose: bool = False, out: TextIO = sys.stdout) -> tuple[int, Path]:
    """Run the DAG once; return `airflow dags test`'s exit code and the log's path."""
    log = log_path(settings)
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "REPORTS_INBOX": str(settings.inbox), "REPORTS_WAREHOUSE": str(settings.warehouse),
           "REPORTS_WORK_DIR": str(settings.work_dir)}
    command = [str(Path(sys.executable).with_name("airflow")), "dags", "test", DAG_ID]
    print(f"Airflow runs {DAG_ID} once (airflow dags test); the full log: {log}", file=out, flush=True)
    live = out.isatty() and not verbose
    progress = Progress()
    with log.open("w", encoding="utf-8") as sink, subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            encoding="utf-8", errors="replace", bufsize=1) as airflow:
        for line in airflow.stdout:
            sink.write(line)
            if verbose:
                out.write(line)
                continue
            for view in progress.read(line, time.monotonic()):
                _show(out, view.line(time.monotonic()), live)
            if live and progress.current and progress.current.finished is None:
                out.write("\r\x1b[2K" + progress.current.line(time.monotonic()))
                out.flush()
    for view in progress.finish(time.monotonic()):
        _show(out, view.line(time.monotonic()), live)
    return airflow.returncode, log


def _show(out: TextIO, line: str, live: bool) -> None:
    out.write(("\r\x1b[2K" if live else "") + line + "\n")
    out.flush()


def tail(log: Path, lines: int = 30) -> str:
    """The end of the log: where a run that recorded nothing says why."""
    return "".join(log.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)[-lines:])
