"""The extract stage in parallel: chunks parsed by worker processes give the same staging
rows as one process, a report the parser fails on is quarantined, and progress is logged."""
import logging

import pytest

from extract import builddb, extraction
from extract.ingest.inbox import ingest_inbox
from extract.stage.load import load_batch

STAGING_QUERIES = {
    "reports": "select * exclude (extracted_at, run_id) from staging.reports order by report_id",
    "metrics": "select * from staging.metrics order by metric_id",
    "sections": "select * from staging.sections order by report_id, section_ordinal",
    "terms": "select * from staging.terms order by report_id, term",
}
pytestmark = pytest.mark.integration

SMALL_CHUNKS = 2  # 5 seeds: three chunks, two workers


def _extract_and_load(tmp_path, name, inbox, workers):
    con = builddb.connect(tmp_path / name / "build.duckdb")
    ingest_inbox(con, inbox, 20 << 20, "run")
    counts = extraction.extract_pending(con, tmp_path / name / "pending", "run", workers=workers,
                                        chunk_reports=SMALL_CHUNKS)
    load_batch(con, tmp_path / name / "pending")
    return con, counts


def test_worker_processes_give_the_rows_one_process_gives(tmp_path, seed_inbox, caplog):
    with caplog.at_level(logging.INFO, logger="extract.extraction"):
        parallel, counts = _extract_and_load(tmp_path, "parallel", seed_inbox, workers=2)
        progress = [r.getMessage() for r in caplog.records if "reports/s" in r.getMessage()]
    serial, _ = _extract_and_load(tmp_path, "serial", seed_inbox, workers=1)
    assert counts == {"extracted": 5, "quarantined": 0}
    for name, query in STAGING_QUERIES.items():
        rows = parallel.execute(query).fetchall()
        assert rows and rows == serial.execute(query).fetchall(), name
    assert progress[-1].startswith("extract: 5/5 reports") and len(progress) == 3


def test_a_report_the_parser_fails_on_is_quarantined_by_the_worker_run(tmp_path, seed_inbox):
    # A UTF-8 file whose bytes claim an encoding the ingest recorded wrongly cannot be parsed.
    con = builddb.connect(tmp_path / "build.duckdb")
    ingest_inbox(con, seed_inbox, 20 << 20, "run")
    con.execute("update raw.documents set encoding = 'docx' where source_file like '001%'")
    counts = extraction.extract_pending(con, tmp_path / "pending", "run", workers=2, chunk_reports=SMALL_CHUNKS)
    assert counts == {"extracted": 4, "quarantined": 1}
    assert load_batch(con, tmp_path / "pending")["loaded"] == 4
    (source, stage, reason), = con.execute("select source_file, stage, reason from audit.quarantine").fetchall()
    assert source.startswith("001") and stage == "extract" and reason
    assert not (tmp_path / "pending").exists() and not (tmp_path / "pending.partial").exists()
