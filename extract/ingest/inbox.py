"""Ingest stage: every new file in the inbox becomes a raw document, or a quarantine record."""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import duckdb

from extract import audit, builddb
from extract.ingest.decode import UndecodableError
from extract.ingest.formats import identify

STAGE = "ingest"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RawDocument:
    content_sha256: str
    source_file: str
    source_uri: str
    content: bytes
    encoding: str


@dataclass(frozen=True)
class Rejection:
    source_file: str
    content_sha256: str
    reason: str


def read_document(path: Path, max_bytes: int) -> RawDocument | Rejection:
    """Read one inbox file; never raises for bad input, returns why it was rejected instead."""
    size = path.stat().st_size
    if size > max_bytes:
        return Rejection(path.name, _sha_of_file(path), f"file is {size} bytes, over the {max_bytes}-byte cap")
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Rejection(path.name, "", f"cannot read file: {exc.strerror or exc}")
    return document_from_bytes(path.name, str(path), data)


def document_from_bytes(name: str, uri: str, data: bytes) -> RawDocument | Rejection:
    """A file's or a download's bytes as a raw document, or why they cannot be one."""
    sha = hashlib.sha256(data).hexdigest()
    try:
        encoding = identify(name, data)
    except UndecodableError as exc:
        return Rejection(name, sha, str(exc))
    return RawDocument(sha, name, uri, data, encoding)


def _sha_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


def inbox_files(inbox: Path) -> list[Path]:
    if not inbox.is_dir():
        raise FileNotFoundError(f"inbox folder {inbox} does not exist")
    return sorted(p for p in inbox.iterdir() if p.is_file() and not p.name.startswith("."))


# Files stored per transaction: a kill loses at most one group's work, and 10,000 new files
# are not 10,000 commits.
FILES_PER_TRANSACTION = 100


def ingest_inbox(con: duckdb.DuckDBPyConnection, inbox: Path, max_bytes: int, run_id: str) -> dict[str, int]:
    counts = {"files_seen": 0, "ingested": 0, "quarantined": 0}
    # Size and mtime of every file seen before, read once: an unchanged inbox is only stat'ed.
    known = {path: (size, mtime) for path, size, mtime in
             con.execute("select path, size_bytes, mtime_ns from raw.inbox_files").fetchall()}
    changed = []
    for path in inbox_files(inbox):
        counts["files_seen"] += 1
        stat = path.stat()
        if known.get(str(path)) != (stat.st_size, stat.st_mtime_ns):
            changed.append((path, stat))
    for first in range(0, len(changed), FILES_PER_TRANSACTION):
        # Each document and its inbox row together: a kill between them would skip the file
        # next time without its document stored.
        with builddb.transaction(con):
            for path, stat in changed[first:first + FILES_PER_TRANSACTION]:
                outcome = read_document(path, max_bytes)
                status = store(con, outcome, run_id)
                con.execute(
                    "insert or replace into raw.inbox_files values (?, ?, ?, ?, ?, ?, ?)",
                    [str(path), stat.st_size, stat.st_mtime_ns, outcome.content_sha256, status, audit.now(), run_id],
                )
                if status in ("ingested", "quarantined"):
                    counts[status] += 1
        if len(changed) > FILES_PER_TRANSACTION:
            log.info("ingest: %d/%d new or changed files", min(first + FILES_PER_TRANSACTION, len(changed)),
                     len(changed))
    return counts


def store(con: duckdb.DuckDBPyConnection, outcome: RawDocument | Rejection, run_id: str) -> str:
    """Keep a document or quarantine a rejection: 'ingested', 'duplicate' or 'quarantined'."""
    if isinstance(outcome, Rejection):
        audit.quarantine(con, run_id, source_file=outcome.source_file, content_sha256=outcome.content_sha256,
                         stage=STAGE, reason=outcome.reason)
        return "quarantined"
    return "ingested" if _insert_document(con, outcome, run_id) else "duplicate"


def _insert_document(con: duckdb.DuckDBPyConnection, doc: RawDocument, run_id: str) -> int:
    """Insert unless the same content is already there; returns 1 when a new document was added."""
    before = con.execute("select count(*) from raw.documents where content_sha256 = ?",
                         [doc.content_sha256]).fetchone()[0]
    if before:
        return 0
    con.execute(
        "insert into raw.documents values (?, ?, ?, ?, ?, ?, ?, ?)",
        [doc.content_sha256, doc.source_file, doc.source_uri, len(doc.content), doc.encoding,
         doc.content, audit.now(), run_id],
    )
    return 1
