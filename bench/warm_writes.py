"""Imported once by a Celery worker configured with `bench.celery_warm_writes`, after
`extract.celery_warm`: one warm-up chunk parsed and written.

`extraction.warm_up` parses a report, which loads the parser, but writes nothing: the first
`batch.write_tables` of a process (DuckDB's first connection, the pandas-to-Arrow path) costs
most of a second, and each parse task forks a fresh worker that pays it again, once per chunk.
Paid once in the Celery worker, it is inherited by every fork."""
import tempfile
from pathlib import Path

from extract.extraction import _WARM_UP, parse_chunk

with tempfile.TemporaryDirectory(prefix="reports-warm-") as scratch:
    parse_chunk([("", "warm-up.txt", _WARM_UP, "utf-8")], Path(scratch) / "rows", "")
