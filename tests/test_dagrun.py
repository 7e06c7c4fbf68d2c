"""`make run`'s progress view, read from log lines as `airflow dags test` writes them (the lines
below are shortened copies of a real run's)."""
from extract.dagrun import Progress, bar

RUN = [
    "2026-12-07T02:06:08.293257Z [info     ] [DAG TEST] starting task_id=start_run map_index=-1 [airflow.sdk]",
    "2026-12-07T02:06:14.360659Z [info     ] Task instance state updated    [airflow.api_fastapi.execution_api."
    "routes.task_instances] loc=task_instances.py:485 new_state=success rows_affected=1 ti_id=01a24e40",
    "2026-12-07T02:06:14.623102Z [info     ] [DAG TEST] starting task_id=ingest map_index=-1 [airflow.sdk]",
    "2026-12-07T02:06:14.808649Z [info     ] stage ingest: done {'files_seen': 5, 'ingested': 5, 'quarantined': 0} "
    "[extract.pipeline] loc=pipeline.py:259",
    "2026-12-07T06:54:25.924147Z [info     ] [DAG TEST] starting task_id=extract.plan map_index=-1 [airflow.sdk]",
    "2026-12-07T06:54:26.036651Z [info     ] extract: 5 reports in 3 chunks of at most 2, in file:///tmp/chunks/"
    "20261207T065425-93ad96e6 [extract.chunkstore] loc=chunkstore.py:76",
    "2026-12-07T06:54:26.140193Z [info     ] [DAG TEST] starting task_id=extract.parse map_index=2 [airflow.sdk]",
    # A chunk's own worker counts its chunk, not the stage.
    "2026-12-07T06:54:29.031213Z [info     ] extract: 1/1 reports, 6.8 reports/s, about 0 s left [extract.extraction]",
    "2026-12-07T06:54:29.031213Z [info     ] extract: chunk-000002 parsed: 1 reports, 0 quarantined [extract.chunkstore]",
    "2026-12-07T06:54:29.160002Z [info     ] [DAG TEST] starting task_id=extract.parse map_index=0 [airflow.sdk]",
    "2026-12-07T06:54:29.979363Z [info     ] extract: 2/2 reports, 2.7 reports/s, about 0 s left [extract.extraction]",
    "2026-12-07T06:54:29.979363Z [info     ] extract: chunk-000000 parsed: 2 reports, 0 quarantined [extract.chunkstore]",
    "2026-12-07T06:54:30.084204Z [info     ] [DAG TEST] starting task_id=extract.parse map_index=1 [airflow.sdk]",
    "2026-12-07T06:54:30.736565Z [info     ] extract: chunk-000001 parsed: 2 reports, 0 quarantined [extract.chunkstore]",
    "2026-12-07T06:54:30.885322Z [info     ] [DAG TEST] starting task_id=extract.collect map_index=-1 [airflow.sdk]",
    "2026-12-07T06:54:31.109978Z [info     ] stage extract: done {'extracted': 5, 'quarantined': 0} [extract.pipeline]",
    "2026-12-07T02:06:20.000000Z [info     ] [DAG TEST] starting task_id=model.anything_new map_index=-1",
    "2026-12-07T02:06:21.000000Z [info     ] [DAG TEST] starting task_id=model.units_seed map_index=-1",
    "2026-12-07T02:06:22.000000Z [info     ] [DAG TEST] starting task_id=model.stg_metrics_run map_index=-1",
    "2026-12-07T02:06:23.000000Z [info     ] Task instance state updated    [airflow] new_state=up_for_retry ti_id=1",
    "2026-12-07T02:06:53.000000Z [info     ] [DAG TEST] starting task_id=model.stg_metrics_run map_index=-1",
    "2026-12-07T02:06:54.000000Z [info     ] [DAG TEST] starting task_id=model.record map_index=-1",
    "2026-12-07 02:06:54,500 INFO extract.pipeline: stage model: done {'sources_warn': 1, 'sources_error': 0}",
    "2026-12-07T02:06:55.000000Z [info     ] [DAG TEST] starting task_id=publish map_index=-1",
    "2026-12-07T02:06:56.000000Z [info     ] Task instance state updated    [airflow] new_state=failed ti_id=2",
]


def _read(lines: list[str]) -> tuple[Progress, list[str]]:
    progress, finished = Progress(), []
    for clock, line in enumerate(lines):
        finished += [view.name for view in progress.read(line, float(clock))]
    return progress, finished


def test_a_stage_is_finished_when_the_next_one_starts_and_keeps_its_own_counts():
    progress, finished = _read(RUN)
    assert finished == ["ingest", "extract", "model"]
    assert progress.stages["ingest"].counts == {"files_seen": 5, "ingested": 5, "quarantined": 0}
    assert progress.stages["extract"].counts == {"extracted": 5, "quarantined": 0}
    assert "files seen 5, ingested 5, quarantined 0" in progress.stages["ingest"].line(now=99.0)


def test_the_model_stage_counts_its_dbt_tasks_and_a_retry_is_not_a_failure():
    progress, _ = _read(RUN)
    model = progress.stages["model"]
    assert (model.dbt_tasks, model.failed) == (3, False)
    assert "dbt: 3 tasks, sources warn 1, sources error 0" in model.line(now=99.0)
    # The last task failed for good: its stage says so.
    assert progress.stages["publish"].failed
    assert progress.finish(99.0)[0].line(now=99.0).split()[:2] == ["publish", "failed"]


def test_a_stage_in_progress_shows_how_far_the_parse_has_come():
    progress, _ = _read(RUN[:12])
    extract = progress.stages["extract"]
    assert extract.finished is None
    assert f"{bar(3, 5)} 3/5 reports" in extract.line(now=12.0)
    assert extract.line(now=12.0).split()[1] == "running"


def test_a_task_that_is_no_stage_is_not_counted_against_the_stage_before_it():
    progress, _ = _read(RUN[:2])
    assert progress.stages == {}


def test_the_bar_fills_with_the_share_done():
    assert bar(0, 4, width=8) == "[........]"
    assert bar(2, 4, width=8) == "[####....]"
    assert bar(4, 4, width=8) == "[########]"
    assert bar(0, 0, width=8) == "[########]"
