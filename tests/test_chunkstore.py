"""The extract stage as the DAG runs it: chunks written to the store, each parsed alone (as a
task on any worker would), collected by the writer. It must give the staging rows and the
quarantine the CLI's pool gives, and refuse to go on when a chunk was never parsed."""
from dataclasses import replace

import pytest
from test_extraction import SMALL_CHUNKS, STAGING_QUERIES

from extract import builddb, chunkstore, extraction, pipeline
from extract.stage.load import load_batch

from conftest import copy_build

pytestmark = pytest.mark.integration  # worker processes and the build database


def _ingest(settings, broken: bool = True):
    settings = replace(settings, chunk_reports=SMALL_CHUNKS)
    run_id = pipeline.start(settings, "test")
    pipeline.run_stage("ingest", settings, run_id)
    if broken:
        with builddb.session(settings.build_db) as con:
            # A UTF-8 file the ingest recorded under the wrong format: its parse fails.
            con.execute("update raw.documents set encoding = 'docx' where source_file like '001%'")
    return settings, run_id


@pytest.fixture
def ingested(settings):
    return _ingest(settings)


def _staging(settings) -> dict[str, list]:
    with builddb.session(settings.build_db) as con:
        load_batch(con, settings.pending_batch)
        rows = {name: con.execute(query).fetchall() for name, query in STAGING_QUERIES.items()}
        rows["quarantine"] = con.execute("select source_file, stage, reason from audit.quarantine").fetchall()
    return rows


def test_chunks_parsed_one_by_one_give_the_rows_and_quarantine_of_the_pool(ingested, tmp_path):
    settings, run_id = ingested
    pool_settings, _ = copy_build(ingested, tmp_path / "pool")
    addresses = chunkstore.plan(settings, run_id)
    assert len(addresses) == 3 and all(a.startswith("file://") for a in addresses)
    parsed = [chunkstore.parse(settings, run_id, address) for address in reversed(addresses)]
    assert sum(counts["extracted"] for counts in parsed) == 4
    assert chunkstore.collect(settings, run_id) == {"extracted": 4, "quarantined": 1}
    # The run's chunks leave the store once collected.
    assert not any((settings.work_dir / "chunks").iterdir())
    chunked = _staging(settings)

    with builddb.session(pool_settings.build_db) as con:
        counts = extraction.extract_pending(con, pool_settings.pending_batch, run_id, workers=2,
                                            chunk_reports=SMALL_CHUNKS)
    assert counts == {"extracted": 4, "quarantined": 1}
    assert chunked == _staging(pool_settings)
    assert chunked["reports"] and [row[1] for row in chunked["quarantine"]] == ["extract"]


def test_a_chunk_never_parsed_stops_the_collect_and_a_new_plan_starts_over(ingested):
    settings, run_id = ingested
    first, *rest = chunkstore.plan(settings, run_id)
    for address in rest:
        chunkstore.parse(settings, run_id, address)
    with pytest.raises(RuntimeError, match="chunk-000000 was never parsed"):
        chunkstore.collect(settings, run_id)
    # A retry of the stage plans again: every chunk is new, none left half done; the chunks of
    # a run that failed before its collect go too, and nothing else in the store.
    store = settings.work_dir / "chunks"
    (store / "20200101T000000-0badc0de" / "chunk-000000").mkdir(parents=True)
    (store / "operator-notes").mkdir()
    again = chunkstore.plan(settings, run_id)
    assert {path.name for path in store.iterdir()} == {"operator-notes", run_id}
    assert again == [first, *rest]
    for address in again:
        chunkstore.parse(settings, run_id, address)
    assert chunkstore.collect(settings, run_id) == {"extracted": 4, "quarantined": 1}


def test_nothing_pending_is_no_chunk_and_an_empty_batch(settings):
    settings, run_id = _ingest(settings, broken=False)
    with builddb.session(settings.build_db) as con:
        extraction.extract_pending(con, settings.pending_batch, run_id)
        load_batch(con, settings.pending_batch)
    assert chunkstore.plan(settings, run_id) == []
    assert chunkstore.collect(settings, run_id) == {"extracted": 0, "quarantined": 0}
    assert settings.pending_batch.is_dir() and not any(settings.pending_batch.iterdir())
