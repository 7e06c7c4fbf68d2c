"""dbt in a process of its own, started before the model stage: it imports dbt and parses
the project (two seconds of CPU) at low priority, so on whatever core the run leaves idle
while it parses and gates the reports, then builds when the model stage tells it to.

The parent writes one line to the worker's stdin, the run id, or closes it when there is
nothing to build; the worker builds, documents the build for the run (`dbt_build.document`),
and its last stdout line is a JSON object whose "failure" is null or why the build failed.
The worker opens the build database only to build, once the parent's connections are
closed, and dies with its parent (`extract.lifetime`).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from extract.lifetime import die_with
from extract.model.dbt_build import ModelBuildFailed, build_parsed, parse


class PrewarmedDbt:
    def __init__(self, project_dir: Path, build_db: Path, work_dir: Path):
        self._process = subprocess.Popen(
            [sys.executable, "-m", __name__, str(os.getpid()), str(project_dir), str(build_db), str(work_dir)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def build(self, run_id: str) -> None:
        output, _ = self._process.communicate(f"{run_id}\n")
        *printed, last = output.splitlines() or [""]
        for line in printed:  # dbt's own error lines
            print(line)
        try:
            failure = json.loads(last)["failure"]
        except (ValueError, KeyError, TypeError):
            raise ModelBuildFailed(f"the dbt worker ended with code {self._process.returncode}: {last}") from None
        if failure:
            raise ModelBuildFailed(failure)

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.stdin.close()  # nothing to build: the worker exits
            try:
                self._process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()


def main(argv: list[str]) -> int:
    parent, project_dir, build_db, work_dir = int(argv[0]), *map(Path, argv[1:])
    die_with(parent)
    os.nice(10)  # behind the parse workers and the gates, which the run waits for
    parsed = parse(project_dir, build_db, work_dir)
    run_id = sys.stdin.readline().strip()
    if not run_id:
        return 0
    try:
        build_parsed(project_dir, build_db, work_dir, run_id, parsed)
        failure = None
    except ModelBuildFailed as exc:
        failure = str(exc)
    print(json.dumps({"failure": failure}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
