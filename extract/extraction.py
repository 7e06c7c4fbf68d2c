"""Extract stage: raw documents not yet parsed by this extractor version become a batch of files.

Parsing is pure and per report, so chunks of reports are parsed in worker processes, each
chunk written as its own Parquet files; the single writer in `extract.stage.load` is the
only code that writes staging tables. Only the chunks in flight are held in memory, so a
run's footprint does not grow with the number of pending reports.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import time
from collections import deque
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Callable

import duckdb
import pandas as pd

from extract import audit, builddb
from extract.clean import clean_document
from extract.ingest.formats import describe, document_text
from extract.lifetime import die_with
from extract.parse import EXTRACTOR_VERSION, parse_report
from extract.records import ParsedReport
from extract.stage.rows import report_rows

STAGE = "extract"
log = logging.getLogger(__name__)


def pending_documents(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(sha, source file) of documents with no staging rows from the current extractor
    version, oldest first; their bytes are read a chunk at a time."""
    return con.execute(
        """
        select d.content_sha256, d.source_file
        from raw.documents d
        left join staging.reports r
            on r.content_sha256 = d.content_sha256 and r.extractor_version = ?
        where r.report_id is null
        order by d.ingested_at, d.content_sha256
        """,
        [EXTRACTOR_VERSION],
    ).fetchall()


def _documents(con: duckdb.DuckDBPyConnection, shas: list[str]) -> list[tuple[str, str, bytes, str]]:
    found = {row[0]: row for row in con.execute(
        "select content_sha256, source_file, content, encoding from raw.documents "
        "where content_sha256 in (select unnest(?::varchar[]))", [shas]).fetchall()}
    return [found[sha] for sha in shas]


def parse_document(content: bytes, encoding: str) -> ParsedReport:
    # Ingest already proved the bytes read this way (a text encoding, or docx / pdf).
    return parse_report(clean_document(document_text(content, encoding)))


def parse_chunk(documents: list[tuple[str, str, bytes, str]], chunk_dir: Path,
                run_id: str) -> list[tuple[str, str, str]]:
    """Parse documents into Parquet files in `chunk_dir` (runs in a worker process).
    Returns (sha, source file, reason) of each document the parser failed on."""
    tables: dict[str, list[dict]] = {name: [] for name in builddb.STAGING_TABLES}
    failures = []
    extracted_at = audit.now()
    for sha, source_file, content, encoding in documents:
        try:
            rows = report_rows(parse_document(content, encoding), content_sha256=sha, source_file=source_file,
                               extractor_version=EXTRACTOR_VERSION, run_id=run_id, extracted_at=extracted_at)
        except Exception as exc:  # a parser bug on one report must not stop the others
            failures.append((sha, source_file, describe(exc)))
            continue
        for name, table_rows in rows.items():
            tables[name].extend(table_rows)
    write_tables(tables, chunk_dir)
    return failures


class _InProcess(Executor):
    """Parsing in this process, for a machine (or a setting) with one worker."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def _executor(workers: int, chunks: int, parent_busy: bool) -> Executor:
    # One chunk goes to a worker only when the parent has other work to do meanwhile:
    # otherwise starting a process costs more than it gives.
    if workers <= 1 or (chunks <= 1 and not parent_busy):
        return _InProcess()
    # Spawned, not forked: the parent holds a DuckDB connection and its threads.
    return ProcessPoolExecutor(max(1, min(workers, chunks)), mp_context=multiprocessing.get_context("spawn"),
                               initializer=die_with, initargs=(os.getpid(),))


def extract_pending(con: duckdb.DuckDBPyConnection, batch_dir: Path, run_id: str, workers: int = 1,
                    meanwhile: Callable[[], None] | None = None, chunk_reports: int = 200) -> dict[str, int]:
    """Parse every pending document into `batch_dir`; a document that fails is quarantined, not fatal.
    `meanwhile` is called once, when the last chunk went to the workers (never when nothing is
    pending): what it loads overlaps only the parsing of the last chunks, in time and in memory."""
    pending = pending_documents(con)
    chunks = [pending[i:i + chunk_reports] for i in range(0, len(pending), chunk_reports)]
    # A batch from a killed run is redone, never mixed with this one.
    shutil.rmtree(batch_dir, ignore_errors=True)
    partial = batch_dir.with_name(batch_dir.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    counts = {"extracted": 0, "quarantined": 0}
    started, done = time.monotonic(), 0
    in_flight: deque[tuple[list, Future]] = deque()

    def collect() -> None:
        nonlocal done
        chunk, future = in_flight.popleft()
        for sha, source_file, reason in future.result():
            audit.quarantine(con, run_id, source_file=source_file, content_sha256=sha, stage=STAGE, reason=reason)
            counts["quarantined"] += 1
        done += len(chunk)
        counts["extracted"] = done - counts["quarantined"]
        rate = done / max(time.monotonic() - started, 1e-9)
        log.info("extract: %d/%d reports, %.1f reports/s, about %.0f s left",
                 done, len(pending), rate, (len(pending) - done) / rate)

    with _executor(workers, len(chunks), parent_busy=meanwhile is not None) as pool:
        for number, chunk in enumerate(chunks):
            documents = _documents(con, [sha for sha, _ in chunk])
            in_flight.append((chunk, pool.submit(parse_chunk, documents, partial / f"chunk-{number:06d}", run_id)))
            if number == len(chunks) - 1 and meanwhile:
                meanwhile()
            while len(in_flight) > 2 * workers:  # bounded: the bytes of every pending report never sit in memory
                collect()
        while in_flight:
            collect()
    partial.rename(batch_dir)
    return counts


def write_tables(tables: dict[str, list[dict]], directory: Path) -> None:
    """Write one Parquet file per staging table, typed by the staging DDL itself."""
    directory.mkdir(parents=True)
    mem = duckdb.connect()
    try:
        mem.execute(builddb.DDL)
        for name, rows in tables.items():
            if rows:
                frame = pd.DataFrame(rows)  # noqa: F841 - read by DuckDB's replacement scan
                mem.execute(f"insert into staging.{name} by name select * from frame")
            mem.execute(f"copy staging.{name} to '{directory / (name + '.parquet')}' (format parquet)")
    finally:
        mem.close()
