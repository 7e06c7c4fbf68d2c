"""Ingest stage: every new file in the inbox becomes a raw document, or a quarantine record."""
from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import duckdb
import pandas as pd

from extract import audit, builddb
from extract.ingest.decode import UndecodableError
from extract.ingest.formats import describe, identify, read_as

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
    # The file could not be opened or read (gone, no permission): that may pass, so the
    # inbox does not remember it as seen and the next run tries again.
    read_again: bool = False


SYMLINK_REASON = "symbolic link: not followed"
_SKIPPED_KINDS = (
    (stat.S_ISLNK, SYMLINK_REASON),
    (stat.S_ISDIR, "subfolder: not read (the inbox is not recursive)"),
    (stat.S_ISFIFO, "not a regular file (fifo)"),
    (stat.S_ISSOCK, "not a regular file (socket)"),
    (stat.S_ISCHR, "not a regular file (character device)"),
    (stat.S_ISBLK, "not a regular file (block device)"),
)


def skip_reason(mode: int) -> str:
    """Why an inbox entry that is not a regular file is not read."""
    return next((reason for test, reason in _SKIPPED_KINDS if test(mode)), "not a regular file")


def inbox_files(inbox: Path) -> list[tuple[Path, os.stat_result]]:
    """Every entry of the inbox but hidden ones, with its own status (a link's, not its
    target's); an entry gone by the time it is looked at is no longer in the inbox."""
    if not inbox.is_dir():
        raise FileNotFoundError(f"inbox folder {inbox} does not exist")
    entries = []
    for path in sorted(p for p in inbox.iterdir() if not p.name.startswith(".")):
        try:
            entries.append((path, path.lstat()))
        except FileNotFoundError:
            log.info("ingest: %s vanished while the inbox was listed", path.name)
    return entries


def read_entry(path: Path, entry: os.stat_result, max_bytes: int) -> RawDocument | Rejection:
    """A regular file's document; anything else is recorded as skipped and never opened
    (opening a FIFO blocks, a link may lead anywhere on the machine)."""
    if not stat.S_ISREG(entry.st_mode):
        return Rejection(path.name, "", skip_reason(entry.st_mode))
    return read_document(path, max_bytes)


def read_document(path: Path, max_bytes: int) -> RawDocument | Rejection:
    """Read one inbox file; never raises for bad input, returns why it was rejected instead."""
    try:
        # Opened without following a link and without waiting for a writer: what the listing
        # saw may have been swapped for a symlink or a FIFO since.
        with open(os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK), "rb") as handle:
            return _read_open_file(path, handle, max_bytes)
    except OSError as exc:
        return Rejection(path.name, "", _unreadable(exc), read_again=True)


def _read_open_file(path: Path, handle: BinaryIO, max_bytes: int) -> RawDocument | Rejection:
    mode = os.fstat(handle.fileno()).st_mode
    if not stat.S_ISREG(mode):
        return Rejection(path.name, "", skip_reason(mode))
    # One byte more than the cap: a file that grew since it was listed is caught too.
    data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        size = os.fstat(handle.fileno()).st_size
        return Rejection(path.name, _sha_of_rest(data, handle), f"file is {size} bytes, over the {max_bytes}-byte cap")
    return document_from_bytes(path.name, str(path), data)


def _unreadable(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "file vanished before it was read (moved or deleted mid-run)"
    if exc.errno == errno.ELOOP:
        return SYMLINK_REASON
    return f"cannot read file: {exc.strerror or exc}"


def document_from_bytes(name: str, uri: str, data: bytes) -> RawDocument | Rejection:
    """A file's or a download's bytes as a raw document, or why they cannot be one."""
    sha = hashlib.sha256(data).hexdigest()
    try:
        encoding = identify(name, data)
    except UndecodableError as exc:
        return Rejection(name, sha, str(exc))
    except Exception as exc:  # no reader is proof against hostile bytes: one file never stops a run
        return Rejection(name, sha, f"cannot be read: {describe(exc)}")
    return RawDocument(sha, name, uri, data, encoding)


def _sha_of_rest(head: bytes, handle: BinaryIO) -> str:
    digest = hashlib.sha256(head)
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


# Files stored per transaction: a kill loses at most one group's work, and 10,000 new files
# are not 10,000 commits.
FILES_PER_TRANSACTION = 100


def ingest_inbox(con: duckdb.DuckDBPyConnection, inbox: Path, max_bytes: int, run_id: str) -> dict[str, int]:
    counts = {"files_seen": 0, "ingested": 0, "quarantined": 0}
    # Size and mtime of every file seen before, read once: an unchanged inbox is only stat'ed.
    known = {path: (size, mtime) for path, size, mtime in
             con.execute("select path, size_bytes, mtime_ns from raw.inbox_files").fetchall()}
    changed = []
    for path, entry in inbox_files(inbox):
        counts["files_seen"] += 1
        if known.get(str(path)) != (entry.st_size, entry.st_mtime_ns):
            changed.append((path, entry))
    for first in range(0, len(changed), FILES_PER_TRANSACTION):
        group = changed[first:first + FILES_PER_TRANSACTION]
        outcomes = [read_entry(path, entry, max_bytes) for path, entry in group]
        # Each document and its inbox row together: a kill between them would skip the file
        # next time without its document stored.
        with builddb.transaction(con):
            statuses = store_many(con, outcomes, run_id)
            seen_at = audit.now()
            inbox_rows = pd.DataFrame(  # noqa: F841 - read by DuckDB's replacement scan
                [(str(path), entry.st_size, entry.st_mtime_ns, outcome.content_sha256, status, seen_at, run_id)
                 for (path, entry), outcome, status in zip(group, outcomes, statuses)
                 if not (isinstance(outcome, Rejection) and outcome.read_again)],
                columns=["path", "size_bytes", "mtime_ns", "content_sha256", "status", "seen_at", "run_id"])
            con.execute("insert or replace into raw.inbox_files by name select * from inbox_rows")
        for status in statuses:
            if status in ("ingested", "quarantined"):
                counts[status] += 1
        if len(changed) > FILES_PER_TRANSACTION:
            log.info("ingest: %d/%d new or changed files", min(first + FILES_PER_TRANSACTION, len(changed)),
                     len(changed))
    return counts


def store(con: duckdb.DuckDBPyConnection, outcome: RawDocument | Rejection, run_id: str) -> str:
    """Keep a document or quarantine a rejection: 'ingested', 'duplicate' or 'quarantined'."""
    return store_many(con, [outcome], run_id)[0]


def store_many(con: duckdb.DuckDBPyConnection, outcomes: list[RawDocument | Rejection], run_id: str) -> list[str]:
    """`store` for a group of files with one insert of the new documents: a statement per file
    made ingest the slowest stage at 10,000 reports."""
    shas = [o.content_sha256 for o in outcomes if isinstance(o, RawDocument)]
    stored = {sha for (sha,) in con.execute(
        "select content_sha256 from raw.documents where content_sha256 in (select unnest(?::varchar[]))",
        [shas]).fetchall()}
    statuses, new = [], {}
    for outcome in outcomes:
        if isinstance(outcome, Rejection):
            audit.quarantine(con, run_id, source_file=outcome.source_file, content_sha256=outcome.content_sha256,
                             stage=STAGE, reason=outcome.reason)
            statuses.append("quarantined")
        elif outcome.content_sha256 in stored or outcome.content_sha256 in new:
            statuses.append("duplicate")
        else:
            new[outcome.content_sha256] = outcome
            statuses.append("ingested")
    if new:
        at = audit.now()
        documents = pd.DataFrame({  # noqa: F841 - read by DuckDB's replacement scan
            "content_sha256": list(new),
            "source_file": [d.source_file for d in new.values()],
            "source_uri": [d.source_uri for d in new.values()],
            "size_bytes": [len(d.content) for d in new.values()],
            "encoding": [d.encoding for d in new.values()],
            "read_as": [read_as(d.encoding) for d in new.values()],
            "content": [d.content for d in new.values()],
        })
        con.execute("insert into raw.documents by name select *, ?::timestamp as ingested_at, ? as run_id "
                    "from documents", [at, run_id])
    return statuses
