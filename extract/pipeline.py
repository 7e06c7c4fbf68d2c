"""The stages in order. The CLI calls `run_all`; the Airflow DAG builds a task from each
stage's description in `STAGES`.

Every stage takes the settings and the run id, opens the build database itself and
returns the counts it adds to `audit.pipeline_runs`, so a stage can run in a separate
process (an Airflow worker) and be re-run on the same input with the same result.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import ExitStack, closing
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from functools import partial
from pathlib import Path

from extract import audit, builddb, runlock
from extract.extraction import ParseBudget, extract_pending
from extract.gate.gx_runner import GxProject, data_docs_index
from extract.gate.marts_gate import gate_marts
from extract.gate.staging_gate import gate_staging
from extract.ingest.crawl import Fetcher, crawl_site, load_config
from extract.ingest.inbox import ingest_inbox
from extract.model.dbt_build import DOCS_SITE, dbt_build, document, freshness_counts, run_artifacts
from extract.model.dbt_worker import PrewarmedDbt
from extract.publish.atomic import copy_schemas, swap_in, write_snapshot
from extract.publish.docs import data_docs, dbt_docs, publish_docs
from extract.publish.freshness import inputs_fingerprint, last_published_fingerprint
from extract.settings import Settings
from extract.stage.load import load_batch

log = logging.getLogger(__name__)


def _gx(settings: Settings) -> GxProject:
    return GxProject(settings.gx_project_dir, settings.gx_results_dir)


def start(settings: Settings, trigger: str, run_id: str | None = None) -> str:
    run_id = run_id or audit.new_run_id()
    with runlock.holding(settings.work_dir), builddb.session(settings.build_db) as con:
        audit.start_run(con, run_id, trigger)
    return run_id


class SitesFailed(RuntimeError):
    """Sites that did not answer at all (after retries); the inbox path goes on without them."""

    def __init__(self, sites: list[str], counts: dict[str, int]):
        super().__init__(f"no answer from {', '.join(sites)}: see raw.fetch_log")
        self.counts = counts


def scrape(settings: Settings, run_id: str) -> dict[str, int]:
    """Crawl every enabled site of sources.yml into raw.documents; none enabled, nothing to do."""
    config = load_config(settings.sources)
    totals = {"ingested": 0, "quarantined": 0}
    down = []
    for site in (s for s in config.sites if s.enabled):
        fetcher = Fetcher(site, config)
        try:
            with builddb.session(settings.build_db) as con:
                counts = crawl_site(con, site, fetcher, run_id)
        finally:
            fetcher.close()
        log.info("site %s: %s", site.name, counts)
        totals = {key: totals[key] + counts[key] for key in totals}
        if counts["failed"] and not counts["downloaded"] and not counts["not_modified"]:
            down.append(site.name)
    if down:
        raise SitesFailed(down, totals)
    return totals


def ingest(settings: Settings, run_id: str) -> dict[str, int]:
    with builddb.session(settings.build_db) as con:
        return ingest_inbox(con, settings.inbox, settings.max_file_bytes, run_id)


def extract(settings: Settings, run_id: str, meanwhile: Callable[[], None] | None = None) -> dict[str, int]:
    with builddb.session(settings.build_db) as con:
        return extract_pending(con, settings.pending_batch, run_id, settings.workers, meanwhile,
                               settings.chunk_reports, ParseBudget.of(settings))


def stage(settings: Settings, run_id: str) -> dict[str, int]:
    with builddb.session(settings.build_db) as con:
        return load_batch(con, settings.pending_batch)


def validate_staging(settings: Settings, run_id: str) -> dict[str, int]:
    with builddb.session(settings.build_db) as con:
        return gate_staging(con, _gx(settings), run_id)


def _fingerprint(con, settings: Settings) -> str:
    return inputs_fingerprint(con, settings.dbt_project_dir, settings.gx_project_dir)


def _published_is_current(con, settings: Settings, fingerprint: str) -> bool:
    """Nothing the marts are built from changed since the last publish, which is still there."""
    if settings.warehouse.exists() and fingerprint == last_published_fingerprint(con):
        log.info("nothing new since the last publish: the published warehouse is current")
        return True
    return False


def anything_new(settings: Settings) -> bool:
    """Whether dbt has anything to build: the model stage asks before building, in the CLI and
    in the DAG (whose dbt tasks run only if so)."""
    # The sources are made sure of too, so that dbt finds them on an empty inbox.
    with runlock.holding(settings.work_dir), builddb.session(settings.build_db) as con:
        return not _published_is_current(con, settings, _fingerprint(con, settings))


def _dbt_project(settings: Settings) -> tuple[Path, Path, Path]:
    """The project dbt runs, the database it builds and the work dir it keeps its files in."""
    return settings.dbt_project_dir, settings.build_db, settings.work_dir


def model(settings: Settings, run_id: str, dbt: PrewarmedDbt | None = None) -> dict[str, int]:
    """`dbt` is a dbt worker started earlier in the run, if any."""
    return _dbt_step(settings, run_id, dbt.build if dbt else partial(dbt_build, *_dbt_project(settings)))


def document_model(settings: Settings, run_id: str) -> dict[str, int]:
    """What `model` leaves with the run besides the marts, for an orchestrator whose own tasks
    ran dbt (the DAG's): called once they all succeeded, or were skipped with nothing new."""
    return _dbt_step(settings, run_id, partial(document, *_dbt_project(settings)))


def _dbt_step(settings: Settings, run_id: str, step: Callable[[str], None]) -> dict[str, int]:
    """`step(run_id)` if there is anything new to build: it leaves the sources' freshness and
    the docs site with the run (`run_artifacts`), and the stale sources are the stage's counts."""
    if not anything_new(settings):
        return {}
    step(run_id)
    return freshness_counts(run_artifacts(settings.work_dir, run_id))


def validate_marts(settings: Settings, run_id: str, meanwhile: Callable[[], None] | None = None) -> dict[str, int]:
    """`meanwhile` is called when there is something to validate, before validating."""
    with builddb.session(settings.build_db) as con:
        if _published_is_current(con, settings, _fingerprint(con, settings)):
            return {}
        if meanwhile:
            meanwhile()
        return gate_marts(con, _gx(settings), run_id)


def _snapshot(settings: Settings, run_id: str) -> Path:
    return settings.warehouse.with_name(f".{settings.warehouse.name}.{run_id}.tmp")


def copy_marts(settings: Settings, run_id: str) -> None:
    """Start this run's snapshot with the marts, for `publish` to complete: a whole run does it
    while the marts are validated, since copying is DuckDB's work on the core GX leaves idle."""
    settings.warehouse.parent.mkdir(parents=True, exist_ok=True)
    snapshot = _snapshot(settings, run_id)
    snapshot.unlink(missing_ok=True)
    with builddb.session(settings.build_db) as con:
        copy_schemas(con, snapshot, ("marts",))


def publish(settings: Settings, run_id: str, marts_copied: Future | None = None) -> dict[str, int]:
    """`marts_copied` is the `copy_marts` of this run, when one was started."""
    settings.warehouse.parent.mkdir(parents=True, exist_ok=True)
    snapshot = _snapshot(settings, run_id)
    if marts_copied is not None:
        marts_copied.result()  # its error, if any, is this stage's
    for stale in settings.warehouse.parent.glob(f".{settings.warehouse.name}.*.tmp"):
        if stale != snapshot or marts_copied is None:
            stale.unlink()  # left by a run killed while it wrote its snapshot
    with builddb.session(settings.build_db) as con:
        fingerprint = _fingerprint(con, settings)
        if _published_is_current(con, settings, fingerprint):
            snapshot.unlink(missing_ok=True)
            audit.finish_run(con, run_id, "succeeded")
            return {}
        try:
            # The published audit trail shows this run as done; the build database says so only
            # once the swap happened, so a run killed before it is not recorded as published.
            def finalize(db: str) -> None:
                audit.finish_run(con, run_id, "succeeded", database=db)

            if marts_copied is None:
                write_snapshot(con, snapshot, finalize)
            else:
                copy_schemas(con, snapshot, ("audit",), finalize)
            swap_in(snapshot, settings.warehouse)
        except BaseException:
            snapshot.unlink(missing_ok=True)
            raise
        # After the swap, so the warehouse never waits on its docs, and before the run is recorded
        # as published: a run stopped in between is published again, docs and all, by the next.
        publish_docs(settings.warehouse, run_id, run_artifacts(settings.work_dir, run_id) / DOCS_SITE,
                     data_docs_index(settings.gx_results_dir).parent)
        audit.finish_run(con, run_id, "succeeded", inputs_fingerprint=fingerprint)
    return {}


class Runs(Enum):
    """How a stage runs as a task of an orchestrator."""

    IN_TASK = "in_task"  # `run_stage` in the task's own process
    # Chunks of the work spread over the orchestrator's workers: one task writes them to
    # storage every worker reaches, a task per chunk parses it anywhere, and one task brings
    # the results to the build database (`extract.chunkstore`).
    CHUNKS = "chunks"
    # The dbt project, which the orchestrator renders as tasks of its own, one per model and
    # test: it runs them only if `anything_new`, and records the stage with `finish_stage`.
    DBT_PROJECT = "dbt_project"


@dataclass(frozen=True)
class Stage:
    name: str
    step: Callable[..., dict[str, int]]
    runs: Runs = Runs.IN_TASK
    # A site that stays down fails the scrape alone: the stage after it runs all the same.
    despite_failed_previous: bool = False
    # The stage that replaces the published warehouse, which downstream consumers wait for.
    publishes: bool = False


STAGES: tuple[Stage, ...] = (
    Stage("scrape", scrape),
    Stage("ingest", ingest, despite_failed_previous=True),
    Stage("extract", extract, runs=Runs.CHUNKS),
    Stage("stage", stage),
    Stage("gate_staging", validate_staging),
    Stage("model", model, runs=Runs.DBT_PROJECT),
    Stage("gate_marts", validate_marts),
    Stage("publish", publish, publishes=True),
)
STAGE_STEPS = {stage.name: stage.step for stage in STAGES}


def record(settings: Settings, run_id: str, stage: str, started_at, counts: dict[str, int],
           status: str = "succeeded") -> None:
    with builddb.session(settings.build_db) as con, builddb.transaction(con):
        # The run's row adds up the counters every run has; a stage's own (the model stage's
        # stale sources) stay in the stage's row.
        audit.add_counts(con, run_id, **{name: n for name, n in counts.items() if name in audit.RUN_COUNTERS})
        audit.record_stage(con, run_id, stage, started_at, status, counts)


def fail(settings: Settings, run_id: str, error: BaseException | str, stage: str | None = None,
         started_at=None) -> None:
    message = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    with builddb.session(settings.build_db) as con, builddb.transaction(con):
        audit.finish_run(con, run_id, "failed", message)
        if stage:
            audit.record_stage(con, run_id, stage, started_at, "failed")


def run_stage(name: str, settings: Settings, run_id: str, **options) -> dict[str, int]:
    """Run one stage and record its counts; on failure mark the run failed and re-raise."""
    with runlock.holding(settings.work_dir):
        return _run_stage(name, settings, run_id, **options)


def _run_stage(name: str, settings: Settings, run_id: str, **options) -> dict[str, int]:
    step = STAGE_STEPS[name]
    log.info("stage %s: start (run %s)", name, run_id)
    started_at = audit.now()
    try:
        counts = step(settings, run_id, **options)
    except SitesFailed as exc:  # the crawl's own failure: the run itself goes on
        record(settings, run_id, name, started_at, exc.counts, status="failed")
        raise
    except BaseException as exc:
        fail(settings, run_id, f"{name}: {type(exc).__name__}: {exc}", name, started_at)
        raise
    record(settings, run_id, name, started_at, counts)
    log.info("stage %s: done %s", name, counts)
    return counts


def finish_stage(settings: Settings, run_id: str, name: str, started_at: datetime,
                 last_step: Callable[[Settings, str], dict[str, int]]) -> None:
    """Record a stage whose work an orchestrator ran in tasks of its own (the DAG's parse and
    dbt tasks) as `run_stage` records one, once `last_step` (`document_model`, what `model`
    leaves with the run; `chunkstore.collect`, what brings the parsed chunks in) has given the
    stage's counts."""
    with runlock.holding(settings.work_dir):
        counts = last_step(settings, run_id)
        record(settings, run_id, name, started_at, counts)
    log.info("stage %s: done %s", name, counts)


def fail_stage(settings: Settings, run_id: str, name: str, started_at: datetime, error: str) -> None:
    """Record such a stage's failure, and the run's: one of its tasks failed for good."""
    with runlock.holding(settings.work_dir):
        fail(settings, run_id, f"{name}: {error}", name, started_at)


def remove_stale_snapshots(settings: Settings) -> int:
    """Snapshots (and their write-ahead logs) that a killed or failed publish left beside the
    warehouse; only called under the run lock, when no other run can be writing one."""
    stale = [*settings.warehouse.parent.glob(f".{settings.warehouse.name}.*.tmp"),
             *settings.warehouse.parent.glob(f".{settings.warehouse.name}.*.tmp.wal")]
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def run_all(settings: Settings, trigger: str = "cli") -> str:
    with runlock.holding(settings.work_dir):
        if removed := remove_stale_snapshots(settings):
            log.info("removed %d snapshot file(s) a killed or failed publish left behind", removed)
        return _run_all(settings, trigger)


def _run_all(settings: Settings, trigger: str) -> str:
    run_id = start(settings, trigger)
    with ThreadPoolExecutor(1, thread_name_prefix="publish") as background, ExitStack() as later:
        options: dict[str, dict] = {}

        def prepare_later_stages() -> None:
            # A run with reports to parse goes on to the gates and dbt, whose start-up costs
            # seconds of CPU: dbt starts in a process of its own, at low priority, to import
            # and parse on whatever core is idle, and GX is imported here while the workers parse.
            dbt = PrewarmedDbt(settings.dbt_project_dir, settings.build_db, settings.work_dir)
            options["model"] = {"dbt": later.enter_context(closing(dbt))}
            import great_expectations  # noqa: F401

        options["extract"] = {"meanwhile": prepare_later_stages}

        def copy_marts_meanwhile() -> None:
            options["publish"] = {"marts_copied": background.submit(copy_marts, settings, run_id)}

        options["gate_marts"] = {"meanwhile": copy_marts_meanwhile}
        try:
            for name in STAGE_STEPS:
                try:
                    run_stage(name, settings, run_id, **options.get(name, {}))
                except SitesFailed as exc:
                    log.warning("%s; going on with the inbox", exc)
        except BaseException:
            if "publish" in options:  # the gate failed: the started snapshot is never published
                wait([options["publish"]["marts_copied"]])
                _snapshot(settings, run_id).unlink(missing_ok=True)
            raise
    return run_id


def latest_run_id(settings: Settings) -> str | None:
    if not settings.build_db.exists():
        return None
    with builddb.session(settings.build_db) as con:
        row = con.execute("select run_id from audit.pipeline_runs order by started_at desc limit 1").fetchone()
    return row[0] if row else None


def summary(settings: Settings, run_id: str) -> dict:
    """What the run did and what the published warehouse now holds."""
    # Read-write on purpose: dbt-duckdb keeps its connection to the build database open in
    # this process, and DuckDB refuses a second one with a different access mode.
    with builddb.session(settings.build_db) as con:
        run = audit.run_summary(con, run_id)
        run["quarantined_total"] = con.execute("select count(*) from audit.quarantine").fetchone()[0]
    # Where the published sites are, beside the warehouse; None until a publish wrote them.
    run["data_docs"] = data_docs(settings.warehouse)
    run["dbt_docs"] = dbt_docs(settings.warehouse)
    if settings.warehouse.exists():
        with builddb.session(settings.warehouse, read_only=True) as pub:
            run["reports_published"] = pub.execute("select count(*) from marts.dim_report").fetchone()[0]
            run["metrics_published"] = pub.execute("select count(*) from marts.fct_metric").fetchone()[0]
    return run
