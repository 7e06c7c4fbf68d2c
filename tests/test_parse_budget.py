"""A document's parse has a budget of time and memory: the one that goes over it is quarantined
with the budget in its reason, its worker is stopped, and every other document is parsed.

The misbehaving parse is a function of this module that the extract stage's workers run in
place of the parser (`extract_pending(parse=...)`, an argument only callers in Python can
pass): it hangs, hoards memory or kills its own process on the documents carrying a marker,
and parses the rest as the pipeline does. No document can reach it in a real run. The
19 MB page of tests/test_hostile.py is the same case met with the real parser.
"""
import os
import signal
import time
from dataclasses import replace

import duckdb
import psutil
import pytest

from extract import builddb, extraction
from extract.document import parse_document
from extract.extraction import ParseBudget, extract_pending
from extract.ingest.inbox import ingest_inbox
from extract.stage.load import load_batch

pytestmark = pytest.mark.integration  # worker processes and whole runs

HANG, HOARD, CRASH = b"HANG-FOR-THE-TEST", b"HOARD-FOR-THE-TEST", b"CRASH-FOR-THE-TEST"
UNFIT = b"UNFIT-FOR-THE-TEST"
# Far above what a seed takes on a busy machine, far below the hang.
SECONDS = 10
REPORT = "清水河街道2021年工作总结\n一、工作总结\n全年完成一般公共预算收入1548万元。\n{}\n"


def misbehaving_parse(content: bytes, encoding: str):
    if HANG in content:
        time.sleep(3600)
    if HOARD in content:
        # 4 GB in 16 MB blocks: the cap stops it early; without one it returns after taking
        # address space only (untouched pages), so a missing cap fails the test, not the machine.
        hoard = [bytearray(16 << 20) for _ in range(256)]
        del hoard
    if CRASH in content:
        os.kill(os.getpid(), signal.SIGABRT)
    parsed = parse_document(content, encoding)
    if UNFIT in content:  # an offset no integer column holds
        return replace(parsed, sections=tuple(replace(s, char_end=1 << 40) for s in parsed.sections))
    return parsed


def _inbox(seed_inbox, *markers: bytes):
    """The seeds, each marked document placed among them (so it shares a chunk with good ones)."""
    for marker in markers:
        name = f"003_{marker.decode().split('-')[0].lower()}.txt"
        (seed_inbox / name).write_text(REPORT.format(marker.decode()), encoding="utf-8")
    return seed_inbox


def _extract(tmp_path, inbox, budget: ParseBudget, workers: int = 2, chunk_reports: int = 3):
    con = builddb.connect(tmp_path / "build.duckdb")
    ingest_inbox(con, inbox, 20 << 20, "run")
    started = time.monotonic()
    counts = extract_pending(con, tmp_path / "pending", "run", workers=workers, chunk_reports=chunk_reports,
                             budget=budget, parse=misbehaving_parse)
    elapsed = time.monotonic() - started
    loaded = load_batch(con, tmp_path / "pending")["loaded"]
    quarantined = dict(con.execute("select source_file, reason from audit.quarantine where stage = 'extract'")
                       .fetchall())
    published = {name for (name,) in con.execute("select source_file from staging.reports").fetchall()}
    con.close()
    return counts, loaded, quarantined, published, elapsed


def _no_workers_left():
    return [child for child in psutil.Process().children(recursive=True)
            if child.is_running() and child.status() != psutil.STATUS_ZOMBIE
            and "spawn_main" in " ".join(child.cmdline())]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_parse_that_hangs_is_cut_off_at_its_time_budget_and_the_rest_is_parsed(tmp_path, seed_inbox, workers):
    counts, loaded, quarantined, published, elapsed = _extract(tmp_path, _inbox(seed_inbox, HANG),
                                                              ParseBudget(seconds=SECONDS), workers=workers)
    assert quarantined == {"003_hang.txt": f"parse took longer than {SECONDS} s"}
    assert counts == {"extracted": 5, "quarantined": 1}
    assert loaded == 5 and len(published) == 5 and "003_hang.txt" not in published
    assert elapsed < 60  # the hang alone is an hour
    assert _no_workers_left() == []


def test_a_parse_that_hoards_memory_fails_at_its_memory_budget(tmp_path, seed_inbox):
    counts, loaded, quarantined, published, _ = _extract(tmp_path, _inbox(seed_inbox, HOARD),
                                                         ParseBudget(memory_mb=256))
    assert quarantined == {"003_hoard.txt": "parse ran out of its 256 MB memory budget"}
    assert counts == {"extracted": 5, "quarantined": 1} and loaded == 5


def test_a_worker_that_dies_costs_its_document_only(tmp_path, seed_inbox):
    counts, loaded, quarantined, published, _ = _extract(
        tmp_path, _inbox(seed_inbox, CRASH, HANG), ParseBudget(seconds=SECONDS), workers=2, chunk_reports=2)
    assert quarantined == {"003_crash.txt": "parse worker died of SIGABRT",
                           "003_hang.txt": f"parse took longer than {SECONDS} s"}
    assert counts == {"extracted": 5, "quarantined": 2} and loaded == 5
    assert _no_workers_left() == []


def test_a_report_whose_rows_the_staging_tables_refuse_is_quarantined_and_its_chunk_written(tmp_path, seed_inbox):
    counts, loaded, quarantined, published, _ = _extract(tmp_path, _inbox(seed_inbox, UNFIT), ParseBudget(),
                                                         chunk_reports=6)
    assert list(quarantined) == ["003_unfit.txt"]
    assert quarantined["003_unfit.txt"].startswith("rows do not fit the staging tables: ConversionException")
    assert counts == {"extracted": 5, "quarantined": 1} and loaded == 5


def test_the_memory_cap_is_lifted_after_each_document():
    # What a worker does between documents (writing the chunk, reading the next) is not a
    # document's cost: the cap lives only around the parse.
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(MemoryError):
        with extraction._memory_cap(64 << 20):
            bytearray(1 << 30)
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_a_chunk_parsed_by_a_task_keeps_the_budget_and_loses_only_the_culprit(tmp_path, seed_inbox):
    # The DAG's parse task: one chunk, its worker forked from the task (extraction.parse_documents).
    con = builddb.connect(tmp_path / "build.duckdb")
    ingest_inbox(con, _inbox(seed_inbox, CRASH, HANG), 20 << 20, "run")
    chunk = extraction.documents(con, [sha for sha, _ in extraction.pending_documents(con)])
    con.close()
    failures = extraction.parse_documents(chunk, tmp_path / "rows", "run", ParseBudget(seconds=SECONDS),
                                          parse=misbehaving_parse)
    assert {name: reason for _, name, reason in failures} == {
        "003_crash.txt": "parse worker died of SIGABRT", "003_hang.txt": f"parse took longer than {SECONDS} s"}
    with duckdb.connect() as mem:
        parsed = mem.execute(f"select count(*) from read_parquet('{tmp_path}/rows/*/reports.parquet')").fetchone()[0]
    assert parsed == 5
    assert [child for child in psutil.Process().children(recursive=True) if child.status() != psutil.STATUS_ZOMBIE
            and child.ppid() == os.getpid() and "pytest" in " ".join(child.cmdline())] == []
