"""A way out of any stuck state, by hand.

`python -m extract quarantine REPORT_OR_FILE` takes a report out of the build database: its
document and staging rows go, an audit.quarantine row says it was done by hand, and the next
run publishes without it. The inbox file stays where it is and is not read again while it is
unchanged; the same bytes arriving again (another name, a crawl) are never extracted. A file
in the inbox that no run has read yet can be quarantined too: no run reads it then.

`python -m extract release REPORT_OR_FILE` undoes any quarantine of it (by hand or by a stage):
its quarantine rows go and the build database forgets it was ever read, so the next run reads
the file again from the inbox (or the crawl downloads it again) and judges it anew.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import duckdb

from extract import audit, builddb
from extract.stage.rows import report_id_for

STAGE = "hand"
REASON = "quarantined by hand"
_HEX = re.compile(r"[0-9a-f]{16}|[0-9a-f]{64}")

# Everything the build database knows a document or an inbox entry by: its name, where it
# came from (inbox path or URL) and its content's digest ('' for an entry never read).
_KNOWN = """
select source_file, content_sha256, source_uri as location from raw.documents
union select source_file, content_sha256, null from staging.reports
union select source_file, content_sha256, null from audit.quarantine
union select regexp_extract(path, '[^/]*$'), coalesce(content_sha256, ''), path from raw.inbox_files
"""


@dataclass(frozen=True)
class Entry:
    """A file as the build database knows it (one name may have had several contents), or a
    file in the inbox no run has read yet (`unread`: its path)."""

    source_file: str
    content_sha256: str
    unread: Path | None = None

    @property
    def report_id(self) -> str | None:
        return report_id_for(self.content_sha256) if self.content_sha256 else None

    def __str__(self) -> str:
        return f"{self.source_file} (report {self.report_id})" if self.report_id else self.source_file


def find(con: duckdb.DuckDBPyConnection, key: str, inbox: Path) -> list[Entry]:
    """What `key` names: a report id (16 hex digits), a content SHA-256 (64), an inbox path or
    a URL (anything with a slash), else a file name; failing all, a file in the inbox."""
    key = key.strip()
    if _HEX.fullmatch(key.lower()):
        where, params = "starts_with(content_sha256, ?)", [key.lower()]
    elif "/" in key:
        where, params = "location in (?, ?, ?)", [key, os.path.abspath(key), str(Path(key).resolve())]
    else:
        where, params = "source_file = ?", [key]
    rows = con.execute(f"select distinct source_file, content_sha256 from ({_KNOWN}) where {where} "
                       "order by all", params).fetchall()
    # An entry recorded both unread ('') and read is the read one.
    read = {name for name, sha in rows if sha}
    return [Entry(name, sha) for name, sha in rows if sha or name not in read] or _unread(key, inbox)


def _unread(key: str, inbox: Path) -> list[Entry]:
    """A regular file of the inbox that `key` names (by name or path), not yet read by a run."""
    name = Path(key).name
    path = inbox / name
    if key != name and Path(key).parent.resolve() / name != path:
        return []
    try:
        # As the inbox reads: never through a link, never blocking on a FIFO.
        with open(os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return []
            return [Entry(path.name, hashlib.file_digest(handle, "sha256").hexdigest(), path)]
    except OSError:
        return []


def _forget_report(con: duckdb.DuckDBPyConnection, sha: str) -> None:
    for table in (*builddb.STAGING_TABLES, "report_gate"):
        con.execute(f"delete from staging.{table} where report_id = ?", [report_id_for(sha)])


def quarantine(con: duckdb.DuckDBPyConnection, entries: list[Entry]) -> dict[Entry, str]:
    """Take each entry's report out of raw and staging; what happened to each, in words."""
    outcomes = {}
    run_id = f"{STAGE}-{audit.new_run_id()}"
    with builddb.transaction(con):
        for entry in entries:
            if not entry.content_sha256:
                outcomes[entry] = "never read as a document (see audit.quarantine): nothing to take out"
                continue
            if con.execute("select 1 from audit.quarantine where source_file = ? and content_sha256 = ? "
                           "and stage = ?", [entry.source_file, entry.content_sha256, STAGE]).fetchone():
                outcomes[entry] = "already quarantined by hand"
                continue
            _forget_report(con, entry.content_sha256)
            con.execute("delete from raw.documents where content_sha256 = ?", [entry.content_sha256])
            # Not read again while unchanged: a new version of the file is a new document.
            con.execute("update raw.inbox_files set status = 'quarantined' where content_sha256 = ?",
                        [entry.content_sha256])
            if entry.unread:
                status = entry.unread.stat()
                con.execute("insert or replace into raw.inbox_files by name select ? as path, ? as size_bytes, "
                            "? as mtime_ns, ? as content_sha256, 'quarantined' as status, ? as seen_at, "
                            "? as run_id", [str(entry.unread), status.st_size, status.st_mtime_ns,
                                            entry.content_sha256, audit.now(), run_id])
            audit.quarantine(con, run_id, source_file=entry.source_file, content_sha256=entry.content_sha256,
                             stage=STAGE, reason=REASON)
            outcomes[entry] = ("quarantined: the next run does not read it" if entry.unread
                               else "quarantined: the next run publishes without it")
    return outcomes


def release(con: duckdb.DuckDBPyConnection, entries: list[Entry], inbox: Path) -> dict[Entry, str]:
    """Drop each entry's quarantine rows and what the build database remembers of reading it."""
    outcomes = {}
    with builddb.transaction(con):
        for entry in entries:
            stages = [stage for (stage,) in con.execute(
                "select stage from audit.quarantine where source_file = ? and content_sha256 = ? order by stage",
                [entry.source_file, entry.content_sha256]).fetchall()]
            if not stages:
                outcomes[entry] = "not quarantined: nothing to release"
                continue
            con.execute("delete from audit.quarantine where source_file = ? and content_sha256 = ?",
                        [entry.source_file, entry.content_sha256])
            if entry.content_sha256:
                _forget_report(con, entry.content_sha256)
                con.execute("delete from raw.inbox_files where content_sha256 = ?", [entry.content_sha256])
                # A crawl asks for the page without its validators: the answer is the page, not 304.
                con.execute("update raw.fetch_log set etag = null, last_modified = null where content_sha256 = ?",
                            [entry.content_sha256])
            else:
                con.execute("delete from raw.inbox_files where path = ?", [str(inbox / entry.source_file)])
            outcomes[entry] = f"released from {', '.join(stages)}: the next run reads it again" + (
                "" if (inbox / entry.source_file).exists() else
                f" if it is back in the inbox {inbox} or a crawl downloads it")
    return outcomes
