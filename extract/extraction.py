"""Extract stage: raw documents not yet parsed by this extractor version become a batch of files.

Parsing is pure and per report; its output lands as Parquet files so that the single
writer in `extract.stage.load` is the only code that writes staging tables.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd

from extract import audit, builddb
from extract.clean import clean_document
from extract.ingest.formats import document_text
from extract.parse import EXTRACTOR_VERSION, parse_report
from extract.records import ParsedReport
from extract.stage.rows import report_rows

STAGE = "extract"


def pending_documents(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, bytes, str]]:
    """Documents with no staging rows from the current extractor version, oldest first."""
    return con.execute(
        """
        select d.content_sha256, d.source_file, d.content, d.encoding
        from raw.documents d
        left join staging.reports r
            on r.content_sha256 = d.content_sha256 and r.extractor_version = ?
        where r.report_id is null
        order by d.ingested_at, d.content_sha256
        """,
        [EXTRACTOR_VERSION],
    ).fetchall()


def parse_document(content: bytes, encoding: str) -> ParsedReport:
    # Ingest already proved the bytes read this way (a text encoding, or docx / pdf).
    return parse_report(clean_document(document_text(content, encoding)))


def extract_pending(con: duckdb.DuckDBPyConnection, batch_dir: Path, run_id: str) -> dict[str, int]:
    """Parse every pending document into `batch_dir`; a document that fails is quarantined, not fatal."""
    tables: dict[str, list[dict]] = {name: [] for name in builddb.STAGING_TABLES}
    counts = {"extracted": 0, "quarantined": 0}
    for sha, source_file, content, encoding in pending_documents(con):
        try:
            parsed = parse_document(content, encoding)
        except Exception as exc:  # a parser bug on one report must not stop the others
            audit.quarantine(con, run_id, source_file=source_file, content_sha256=sha, stage=STAGE,
                             reason=f"{type(exc).__name__}: {exc}")
            counts["quarantined"] += 1
            continue
        rows = report_rows(parsed, content_sha256=sha, source_file=source_file,
                           extractor_version=EXTRACTOR_VERSION, run_id=run_id, extracted_at=audit.now())
        for name, table_rows in rows.items():
            tables[name].extend(table_rows)
        counts["extracted"] += 1
    write_batch(tables, batch_dir)
    return counts


def write_batch(tables: dict[str, list[dict]], batch_dir: Path) -> None:
    """Write one Parquet file per staging table, typed by the staging DDL itself."""
    if batch_dir.exists():
        shutil.rmtree(batch_dir)  # a half-written batch from a killed run is redone, never mixed
    partial = batch_dir.with_name(batch_dir.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    mem = duckdb.connect()
    try:
        mem.execute(builddb.DDL)
        for name, rows in tables.items():
            if rows:
                frame = pd.DataFrame(rows)  # noqa: F841 - read by DuckDB's replacement scan
                mem.execute(f"insert into staging.{name} by name select * from frame")
            mem.execute(f"copy staging.{name} to '{partial / (name + '.parquet')}' (format parquet)")
    finally:
        mem.close()
    partial.rename(batch_dir)

