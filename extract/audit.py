"""The audit trail: one row per pipeline run and one per quarantined file or report."""
from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime

import duckdb

RUN_COUNTERS = ("files_seen", "ingested", "extracted", "loaded", "quarantined", "metrics")


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_run_id() -> str:
    return now().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]


# What new_run_id makes: where a folder is named after a run, only such names are tidied away.
RUN_ID = re.compile(r"\d{8}T\d{6}-[0-9a-f]{8}")


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, trigger: str) -> None:
    # Runs never overlap (one writer), so a run still "running" now was killed mid-way.
    con.execute("update audit.pipeline_runs set status = 'abandoned', finished_at = ? "
                "where status = 'running' and run_id <> ?", [now(), run_id])
    con.execute(
        "insert into audit.pipeline_runs (run_id, trigger, started_at, status) values (?, ?, ?, 'running') "
        "on conflict (run_id) do nothing",
        [run_id, trigger, now()],
    )


def add_counts(con: duckdb.DuckDBPyConnection, run_id: str, **counts: int) -> None:
    unknown = set(counts) - set(RUN_COUNTERS)
    if unknown:
        raise ValueError(f"unknown run counters: {sorted(unknown)}")
    if counts:
        assignments = ", ".join(f"{name} = {name} + ?" for name in counts)
        con.execute(f"update audit.pipeline_runs set {assignments} where run_id = ?",
                    [*counts.values(), run_id])


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str, error: str | None = None,
               database: str | None = None, inputs_fingerprint: str | None = None) -> None:
    """Close the run's row; `database` names an attached copy (the publish snapshot) instead."""
    table = f"{database}.audit.pipeline_runs" if database else "audit.pipeline_runs"
    con.execute(
        f"update {table} set status = ?, finished_at = ?, error = ?, "
        "inputs_fingerprint = coalesce(?, inputs_fingerprint) where run_id = ?",
        [status, now(), error, inputs_fingerprint, run_id],
    )


def record_stage(con: duckdb.DuckDBPyConnection, run_id: str, stage: str, started_at: datetime,
                 status: str, counts: dict[str, int] | None = None) -> None:
    """A stage's row in audit.stage_runs; a retried stage replaces its earlier row."""
    con.execute("insert or replace into audit.stage_runs (run_id, stage, started_at, finished_at, status, counts) "
                "values (?, ?, ?, ?, ?, ?)",
                [run_id, stage, started_at, now(), status, json.dumps(counts or {})])


def run_summary(con: duckdb.DuckDBPyConnection, run_id: str) -> dict:
    cur = con.execute("select * from audit.pipeline_runs where run_id = ?", [run_id])
    names = [d[0] for d in cur.description]
    row = cur.fetchone()
    if row is None:
        raise KeyError(f"no pipeline run {run_id}")
    return dict(zip(names, row))


def quarantine(con: duckdb.DuckDBPyConnection, run_id: str, *, source_file: str, content_sha256: str,
               stage: str, reason: str, failed_expectations: list[str] | None = None) -> None:
    at = now()
    con.execute(
        """
        insert into audit.quarantine (source_file, content_sha256, stage, reason, failed_expectations,
                                      first_run_id, last_run_id, first_seen_at, last_seen_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
        on conflict (source_file, content_sha256, stage) do update set
            reason = excluded.reason,
            failed_expectations = excluded.failed_expectations,
            last_run_id = excluded.last_run_id,
            last_seen_at = excluded.last_seen_at
        """,
        [source_file, content_sha256, stage, reason, failed_expectations or [], run_id, run_id, at, at],
    )
