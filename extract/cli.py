"""Command line: `python -m extract run` runs every stage in this process, `dag` runs them through
Airflow's DAG once, quietly; `explain` audits one file; `quarantine` and `release` take a report
out of the build database by hand and let it back."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from extract import runlock
from extract.settings import Settings

TRY_QUERY = ("select r.org_name, r.report_year, m.indicator, m.value, m.unit "
             "from marts.fct_metric m join marts.dim_report r using (report_id) "
             "order by m.value desc nulls last limit 10;")


def _run(args: argparse.Namespace) -> int:
    from extract import pipeline

    settings = Settings.from_env(inbox=args.inbox, warehouse=args.warehouse, work_dir=args.work_dir)
    # The summary reads the build database too: another run waiting for the lock must not
    # take the database between this run's end and its summary.
    with runlock.holding(settings.work_dir):
        try:
            run_id = pipeline.run_all(settings, trigger="cli")
        except Exception as exc:  # the stage already recorded the failure; say it plainly and exit non-zero
            print(f"pipeline failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            print(f"the published warehouse {settings.warehouse} was left as it was", file=sys.stderr)
            _way_out(exc)
            return 1
        print(format_summary(pipeline.summary(settings, run_id), settings))
    return 0


def _way_out(failure: Exception) -> None:
    """A failure some reports' rows caused says how to go on without them."""
    if reports := getattr(failure, "reports", None):
        print(f"to publish without one of the reports named ({', '.join(reports)}): "
              "python -m extract quarantine REPORT_ID, then run again", file=sys.stderr)


def _duckdb_shell() -> str:
    # The duckdb-cli package installs the shell next to this interpreter.
    shell = Path(sys.executable).with_name("duckdb")
    return str(shell) if shell.exists() else "duckdb"


def format_summary(run: dict, settings: Settings) -> str:
    return "\n".join([
        f"run {run['run_id']}: {run['status']}",
        f"  files seen {run['files_seen']}, new documents {run['ingested']}, extracted {run['extracted']}, "
        f"loaded {run['loaded']}, metrics loaded {run['metrics']}",
        f"  quarantined this run {run['quarantined']}, in total {run['quarantined_total']} "
        f"(select * from audit.quarantine)",
        f"  warehouse {settings.warehouse}: {run.get('reports_published', 0)} reports, "
        f"{run.get('metrics_published', 0)} metrics",
        f"  validation reports (GX Data Docs): {run['data_docs'] or 'none published yet'}",
        f"  dbt docs (models, lineage, tests): {run['dbt_docs'] or 'none published yet'}",
        "try:",
        f"  {_duckdb_shell()} -readonly {settings.warehouse} \"{TRY_QUERY}\"",
    ])


def _dag(args: argparse.Namespace) -> int:
    from extract import dagrun, pipeline

    settings = Settings.from_env(inbox=args.inbox, warehouse=args.warehouse, work_dir=args.work_dir)
    before = pipeline.latest_run_id(settings)
    code, log = dagrun.run(settings, verbose=args.verbose)
    run_id = pipeline.latest_run_id(settings)
    if run_id is None or run_id == before:
        print(f"the DAG did not start a run (airflow exited with {code}); the end of its log:\n"
              f"{dagrun.tail(log)}", file=sys.stderr)
        return 1
    run = pipeline.summary(settings, run_id)
    print(format_summary(run, settings))
    print(f"the full Airflow, dbt and GX log: {log}")
    return 0 if code == 0 and run["status"] == "succeeded" else 1


def _status(args: argparse.Namespace) -> int:
    from extract import pipeline

    settings = Settings.from_env(inbox=args.inbox, warehouse=args.warehouse, work_dir=args.work_dir)
    run_id = pipeline.latest_run_id(settings)
    if run_id is None:
        print(f"no pipeline run recorded in {settings.build_db}", file=sys.stderr)
        return 1
    run = pipeline.summary(settings, run_id)
    print(format_summary(run, settings))
    return 0 if run["status"] == "succeeded" else 1


def _stage(args: argparse.Namespace) -> int:
    from extract import pipeline

    names = list(pipeline.STAGE_STEPS)
    if args.name not in names:
        print(f"no stage {args.name!r}; the stages are {', '.join(names)}", file=sys.stderr)
        return 2
    settings = Settings.from_env(inbox=args.inbox, warehouse=args.warehouse, work_dir=args.work_dir)
    try:
        counts = pipeline.run_stage(args.name, settings, args.run_id)
    except Exception as exc:  # recorded by run_stage; the caller (a DAG task) sees the exit code
        print(f"stage {args.name} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        _way_out(exc)
        return 1
    print(f"stage {args.name} of run {args.run_id}: {counts}")
    return 0


def _by_hand(args: argparse.Namespace) -> int:
    from extract import builddb, manual

    settings = Settings.from_env(inbox=args.inbox, warehouse=args.warehouse, work_dir=args.work_dir)
    if not settings.build_db.exists():
        print(f"no build database at {settings.build_db}: no run has read anything yet", file=sys.stderr)
        return 1
    # A run must not stage or publish the report while it is being taken out or let back in.
    with runlock.holding(settings.work_dir), builddb.session(settings.build_db) as con:
        entries = manual.find(con, args.report, settings.inbox)
        if not entries:
            print(f"{args.report!r} names no report or file in {settings.build_db}: give a report_id, a content "
                  "SHA-256, a file name or its inbox path (select report_id, source_file from staging.reports)",
                  file=sys.stderr)
            return 1
        if args.command == "quarantine":
            outcomes = manual.quarantine(con, entries)
        else:
            outcomes = manual.release(con, entries, settings.inbox)
    for entry, outcome in outcomes.items():
        print(f"{entry}: {outcome}")
    return 0


def _explain(args: argparse.Namespace) -> int:
    from extract.explain import explain_file

    print(explain_file(Path(args.file)))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the whole pipeline on an inbox folder, without Airflow")
    dag = commands.add_parser("dag", help="run the Airflow DAG once (airflow dags test): its logs to a file, "
                                          "a progress view and the summary on screen")
    status = commands.add_parser("status", help="summarise the latest run (e.g. after the Airflow DAG ran)")
    stage = commands.add_parser("stage", help="run one stage of a started run (what a DAG task does)")
    stage.add_argument("name", help="scrape, ingest, extract, stage, gate_staging, model, gate_marts or publish")
    stage.add_argument("--run-id", required=True, help="the pipeline run, as `start` recorded it")
    quarantine = commands.add_parser(
        "quarantine", help="take a report out of the build database (raw and staging), so the next run "
                           "publishes without it")
    release = commands.add_parser(
        "release", help="undo a quarantine (by hand or by a stage), so the next run reads the file again")
    for sub in (quarantine, release):
        sub.add_argument("report", metavar="REPORT_OR_FILE",
                         help="report_id, content SHA-256, file name, inbox path or URL")
        sub.set_defaults(handler=_by_hand)
    for sub in (run, dag, status, stage, quarantine, release):
        sub.add_argument("--inbox", help="folder of report files (default: $REPORTS_INBOX or data/inbox)")
        sub.add_argument("--warehouse", help="published DuckDB file (default: $REPORTS_WAREHOUSE or "
                                             "warehouse/reports.duckdb)")
        sub.add_argument("--work-dir", help="build database and batches (default: beside the warehouse)")
    for sub in (run, stage):
        sub.add_argument("-v", "--verbose", action="store_true", help="log every stage")
    dag.add_argument("-v", "--verbose", action="store_true", help="show the full log instead of the progress view")
    run.set_defaults(handler=_run)
    dag.set_defaults(handler=_dag)
    stage.set_defaults(handler=_stage)
    status.set_defaults(handler=_status)
    explain = commands.add_parser("explain", help="print a report's cleaned text with every metric marked")
    explain.add_argument("file")
    explain.set_defaults(handler=_explain)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # -v is for the pipeline's stages; GX logs hundreds of lines of its own set-up at INFO.
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    return args.handler(args)
