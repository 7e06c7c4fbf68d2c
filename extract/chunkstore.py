"""The extract stage spread over an orchestrator's workers: chunks of pending documents on
storage every worker reaches, parsed by tasks of their own, collected by the one writer.

Only the writer opens the build database, a file one host holds. It writes each chunk's
documents, bytes and all, under `<store>/<run id>/chunk-NNNNNN/`; a parse task on any host
reads them, parses them as the CLI's pool does (`extraction.parse_documents`) and writes the
chunk's rows beside them, then what it parsed and quarantined: a chunk with that file is
done. The writer then brings every chunk's rows into the batch the staging load reads and
quarantines what the parse tasks could not parse, as `extraction.extract_pending` does in
one process.

The store is an Airflow `ObjectStoragePath`: `file://` on one machine or a shared volume,
`s3://` or `gs://` (with the matching Airflow provider and its connection) across hosts.
"""
from __future__ import annotations

import json
import logging
import pickle
import tempfile
from pathlib import Path

import duckdb
from airflow.sdk import ObjectStoragePath

from extract import builddb, runlock
from extract.audit import RUN_ID
from extract.extraction import (
    ParseBudget,
    documents,
    fresh_partial,
    parse_documents,
    pending_documents,
    quarantine_failure,
    split,
)
from extract.settings import Settings
from extract.stage import batch

log = logging.getLogger(__name__)

DOCUMENTS = "documents.pickle"
ROWS = "rows"
PARSED = "parsed.json"  # written last: the chunk is parsed (its documents, the quarantined ones)


def _run_root(store: str, run_id: str) -> ObjectStoragePath:
    return ObjectStoragePath(store.rstrip("/") + "/") / run_id


def _remove(path: ObjectStoragePath) -> None:
    if path.exists():
        path.fs.rm(path.path, recursive=True)


def _copy_files(source: ObjectStoragePath, target: ObjectStoragePath) -> None:
    """The files directly under `source` into `target`, one by one: fsspec's recursive copy
    nests or flattens folders differently from one filesystem to the next."""
    target.mkdir(parents=True, exist_ok=True)
    for file in sorted(source.iterdir()):
        file.copy(target / file.name)


def plan(settings: Settings, run_id: str) -> list[str]:
    """Write the pending documents to the store in chunks; return each chunk's address. A
    chunk left by an earlier try of this run is replaced."""
    root = _run_root(settings.chunk_store, run_id)
    # This run's chunks from an earlier try, and those of runs that failed before collecting.
    if root.parent.exists():
        for leftover in root.parent.iterdir():
            if leftover.name == run_id or RUN_ID.fullmatch(leftover.name):
                _remove(leftover)
    addresses = []
    with runlock.holding(settings.work_dir), builddb.session(settings.build_db) as con:
        pending = pending_documents(con)
        for number, chunk in enumerate(split(pending, settings.chunk_reports)):
            target = root / f"chunk-{number:06d}"
            target.mkdir(parents=True, exist_ok=True)
            (target / DOCUMENTS).write_bytes(pickle.dumps(documents(con, [sha for sha, _ in chunk]),
                                                          protocol=pickle.HIGHEST_PROTOCOL))
            addresses.append(str(target))
    log.info("extract: %d reports in %d chunks of at most %d, in %s", len(pending), len(addresses),
             settings.chunk_reports, root)
    return addresses


def parse(settings: Settings, run_id: str, address: str) -> dict[str, int]:
    """Parse one chunk of the store (on any host: no database) and write its rows, then what
    it parsed and quarantined, beside its documents."""
    chunk = ObjectStoragePath(address)
    _remove(chunk / PARSED)  # a try that dies before its end leaves the chunk unparsed
    chunk_documents = pickle.loads((chunk / DOCUMENTS).read_bytes())
    with tempfile.TemporaryDirectory(prefix="reports-chunk-") as scratch:
        rows = Path(scratch) / ROWS
        failures = parse_documents(chunk_documents, rows, run_id, ParseBudget.of(settings))
        _remove(chunk / ROWS)
        for part in batch.chunks(rows):  # a lost worker's redo is a second part
            _copy_files(ObjectStoragePath(part.as_uri()), chunk / ROWS / part.name)
    (chunk / PARSED).write_text(json.dumps({"documents": len(chunk_documents), "quarantined": failures},
                                           ensure_ascii=False))
    log.info("extract: %s parsed: %d reports, %d quarantined", chunk.name, len(chunk_documents), len(failures))
    return {"extracted": len(chunk_documents) - len(failures), "quarantined": len(failures)}


def collect(settings: Settings, run_id: str) -> dict[str, int]:
    """Bring every parsed chunk of the run into the batch the staging load reads and
    quarantine what could not be parsed; a chunk that was planned and not parsed fails the
    stage. The run's chunks then leave the store."""
    with runlock.holding(settings.work_dir), builddb.session(settings.build_db) as con:
        counts = _collect(con, _run_root(settings.chunk_store, run_id), run_id, settings.pending_batch)
    _remove(_run_root(settings.chunk_store, run_id))
    return counts


def _collect(con: duckdb.DuckDBPyConnection, root: ObjectStoragePath, run_id: str, batch_dir: Path) -> dict[str, int]:
    partial = fresh_partial(batch_dir)
    extracted = quarantined = parts = 0
    for chunk in sorted(root.iterdir()) if root.exists() else []:
        if not (chunk / PARSED).exists():
            raise RuntimeError(f"extract: {chunk} was never parsed")
        parsed = json.loads((chunk / PARSED).read_text())
        for sha, source_file, reason in parsed["quarantined"]:
            quarantine_failure(con, run_id, sha, source_file, reason)
        extracted += parsed["documents"] - len(parsed["quarantined"])
        quarantined += len(parsed["quarantined"])
        for part in sorted((chunk / ROWS).iterdir()) if (chunk / ROWS).exists() else []:
            _copy_files(part, ObjectStoragePath(batch.chunk_dir(partial, parts).as_uri()))
            parts += 1
    partial.rename(batch_dir)
    return {"extracted": extracted, "quarantined": quarantined}
