"""Whether the published warehouse already reflects everything the marts are built from.

A run that finds nothing new must not rebuild and republish 10,000 reports: the marts are a
function of the staged reports and their gate verdicts, the documents (for revisions), the
quarantine, the dbt project and the GX suites. Their fingerprint is stored with each publish;
when it has not changed, the model, mart gate and publish stages have nothing to do.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

# Order-independent digests of what dbt reads; cheap at 10,000 reports (one scan each).
_STATE_SQL = """
select
    (select count(*) || ':' || coalesce(bit_xor(hash(report_id, extractor_version, passed)), 0)
       from staging.report_gate),
    (select count(*) || ':' || coalesce(bit_xor(hash(content_sha256, source_uri, ingested_at)), 0)
       from raw.documents),
    (select count(*) || ':' || coalesce(bit_xor(hash(source_file, content_sha256, stage, reason)), 0)
       from audit.quarantine)
"""
_GENERATED = {"target", "logs", "dbt_packages", "uncommitted", "__pycache__"}


def _project_files(*roots: Path) -> list[Path]:
    return sorted(path for root in roots for path in root.rglob("*")
                  if path.is_file() and not _GENERATED.intersection(path.relative_to(root).parts))


def inputs_fingerprint(con: duckdb.DuckDBPyConnection, *projects: Path) -> str:
    digest = hashlib.sha256()
    for part in con.execute(_STATE_SQL).fetchone():
        digest.update(f"{part}\n".encode())
    for path in _project_files(*projects):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def last_published_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("select inputs_fingerprint from audit.pipeline_runs "
                      "where status = 'succeeded' and inputs_fingerprint is not null "
                      "order by finished_at desc limit 1").fetchone()
    return row[0] if row else None
