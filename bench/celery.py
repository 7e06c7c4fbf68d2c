"""`python -m bench --celery`: the extract stage's mapped path on a Celery cluster, beside the
CLI's path, on the same synthetic corpus in the same chunks.

For each corpus size, the references first, on this machine with nothing else of the
benchmark running, at each parallelism P the cluster cases use (workers × task slots):

- the CLI path: `extraction.extract_pending` with REPORTS_WORKERS=P, the very call of
  `python -m extract run`'s extract stage (its pool of spawned workers, the documents read
  from the build database chunk by chunk), timed around the call;
- the chunk function without Airflow: `chunkstore.parse`, what each mapped task runs (read the
  chunk's documents from the store, `extraction.parse_documents` in a forked worker, write the
  rows back), on every chunk `chunkstore.plan` wrote, chunk after chunk in one process (P=1) or
  in P processes taking the next chunk as they finish.

Then the cluster (`bench.cluster`: PostgreSQL, Redis, scheduler, dag-processor, api-server)
with one worker, then two, each worker with one task slot unless told otherwise; the DAG is
triggered through the REST API on the same inbox with the same chunk size and followed until
its extract stage has collected every chunk (the rest of the DAG is the CLI's stages, measured
by `make bench`; `--celery-full-run` waits for the whole run). From the parse task instances:
the parse phase (first parse task's start to last one's end), reports per second overall and
per worker (the reports of its chunks over the phase), each task's duration beside the chunk
function's time for its chunk, and the gap between a worker's consecutive tasks. Overhead per
chunk = (parse phase − the chunk function's wall time at the same P) / chunks.

Wall times on a machine others use too say little alone, so CPU time is counted as well: of
the bench process and its reaped children around each reference, and of the Celery workers'
process trees (sampled at each poll of the API) across the parse phase; the CPU overhead per
chunk is the mapped path's CPU per chunk minus the chunk function's. The 1-minute load
average at the end of each measure is recorded beside it.

Writes bench/results/celery.json and celery.md.
"""
from __future__ import annotations

import importlib
import json
import os
import platform
import shutil
import time
from collections import defaultdict
from dataclasses import replace
from datetime import datetime
from multiprocessing import get_context
from pathlib import Path

import psutil

DAG_ID = "reports_pipeline"


def _seconds_between(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def _own_cpu() -> float:
    """CPU seconds of this process and of its children it has reaped."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _tree_cpu(pids: list[int]) -> float:
    """CPU seconds of the process trees under `pids`: each live member's own, and what the
    members it reaped used (a task's process, its parse worker)."""
    total = 0.0
    for pid in pids:
        try:
            root = psutil.Process(pid)
            members = [root, *root.children(recursive=True)]
        except psutil.Error:
            continue
        for member in members:
            try:
                times = member.cpu_times()
            except psutil.Error:
                continue  # exited just now: its parent has its time, or will have
            total += times.user + times.system + times.children_user + times.children_system
    return total


def _timed_parse(args: tuple) -> tuple[int, float, float, float]:
    """One chunk through the mapped task's function, timed (in a pool process or the caller)."""
    settings, run_id, index, address = args
    from extract import chunkstore

    started, clock = time.time(), time.perf_counter()
    chunkstore.parse(settings, run_id, address)
    return index, started, time.time(), time.perf_counter() - clock


def _preload(celery_config: str) -> None:
    """What a Celery worker of that configuration imports when it starts (`imports`), so the
    chunk function forks from a process as warm as a worker."""
    module, name = celery_config.rsplit(".", 1)
    for preloaded in getattr(importlib.import_module(module), name).get("imports", ()):
        importlib.import_module(preloaded)


def references(inbox: Path, work: Path, chunk_reports: int, parallelisms: list[int], celery_config: str) -> dict:
    """The CLI path and the chunk function alone, at each parallelism, on one ingested build
    database (nothing is loaded into staging, so the same documents stay pending throughout)."""
    from extract import builddb, chunkstore, pipeline
    from extract.extraction import pending_documents, split, warm_up
    from extract.settings import Settings

    settings = replace(Settings.from_env(inbox=inbox, warehouse=work / "warehouse" / "reports.duckdb"),
                       chunk_reports=chunk_reports)
    run_id = pipeline.start(settings, trigger="bench")
    pipeline.ingest(settings, run_id)
    with builddb.session(settings.build_db) as con:
        pending = pending_documents(con)
    sizes = [len(chunk) for chunk in split(pending, chunk_reports)]
    # A Celery worker holds the parser warm before its first task (extract.celery_warm).
    warm_up()
    _preload(celery_config)
    result = {"reports": len(pending), "chunks": len(sizes), "chunk_reports": chunk_reports, "by_parallelism": {}}
    for p in parallelisms:
        addresses = chunkstore.plan(settings, run_id)
        jobs = [(settings, run_id, index, address) for index, address in enumerate(addresses)]
        started, cpu = time.perf_counter(), _own_cpu()
        if p == 1:
            timed = [_timed_parse(job) for job in jobs]
        else:
            # Forked, as a Celery worker forks its tasks: the parser comes warm.
            with get_context("fork").Pool(p) as pool:
                timed = list(pool.imap_unordered(_timed_parse, jobs))
        direct_s, direct_cpu = time.perf_counter() - started, _own_cpu() - cpu
        print(f"  chunk function, {p} process(es): {direct_s:.1f} s", flush=True)
        started, cpu = time.perf_counter(), _own_cpu()
        counts = pipeline.extract(replace(settings, workers=p), run_id)
        cli_s, cli_cpu = time.perf_counter() - started, _own_cpu() - cpu
        print(f"  CLI path, REPORTS_WORKERS={p}: {cli_s:.1f} s", flush=True)
        assert counts["extracted"] + counts["quarantined"] == len(pending), counts
        per_chunk = [seconds for _, _, _, seconds in sorted(timed)]
        result["by_parallelism"][str(p)] = {
            "chunk_function_s": round(direct_s, 2),
            "chunk_function_reports_per_s": round(len(pending) / direct_s, 1),
            "chunk_function_mean_chunk_s": round(sum(per_chunk) / len(per_chunk), 3),
            "chunk_function_cpu_per_chunk_s": round(direct_cpu / len(sizes), 3),
            "cli_s": round(cli_s, 2), "cli_reports_per_s": round(len(pending) / cli_s, 1),
            "cli_cpu_per_chunk_s": round(cli_cpu / len(sizes), 3),
            "load_average": round(os.getloadavg()[0], 1),
        }
    shutil.rmtree(work)  # the reference's own folder, made by the caller for it alone
    return result


def mapped(inbox: Path, root: Path, workers: int, concurrency: int, chunk_reports: int, reports: int,
           celery_config: str, full_run: bool, timeout: float) -> dict:
    """One DAG run on a fresh cluster of `workers` Celery workers; the parse phase measured from
    the task instances."""
    from bench.cluster import cluster

    names = tuple(f"worker-{i + 1}" for i in range(workers))
    settings = {"REPORTS_INBOX": str(inbox), "REPORTS_WAREHOUSE": str(root / "wh" / "reports.duckdb"),
                "REPORTS_CHUNK_REPORTS": str(chunk_reports), "AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS": celery_config}
    started = time.perf_counter()
    with cluster(root, settings, workers=names, concurrency=concurrency) as running:
        up_s = time.perf_counter() - started
        client = running.client()
        run_id = client.trigger(DAG_ID)
        triggered = time.perf_counter()
        worker_pids = [running.processes[name].pid for name in names]
        samples: list[tuple[float, float]] = []  # (when, CPU seconds of the workers' trees so far)
        state = client.wait(DAG_ID, run_id, timeout=timeout, until_task=None if full_run else "extract.collect",
                            every_poll=lambda: samples.append((time.time(), _tree_cpu(worker_pids))))
        samples.append((time.time(), _tree_cpu(worker_pids)))
        run_s = time.perf_counter() - triggered
        tasks = client.task_instances(DAG_ID, run_id)
    if state != "success":
        raise RuntimeError(f"the DAG run ended {state}: "
                           f"{ {t['task_id']: t['state'] for t in tasks if t['state'] != 'success'} }")
    by_id = {t["task_id"]: t for t in tasks if t["task_id"] != "extract.parse"}
    parses = sorted((t for t in tasks if t["task_id"] == "extract.parse"), key=lambda t: t["start_date"])
    phase_start, phase_end = min(t["start_date"] for t in parses), max(t["end_date"] for t in parses)
    phase_s = _seconds_between(phase_start, phase_end)

    def chunk_size(task: dict) -> int:
        return min(chunk_reports, reports - task["map_index"] * chunk_reports)

    per_worker: dict[str, dict] = defaultdict(lambda: {"tasks": 0, "reports": 0, "busy_s": 0.0})
    gaps: list[float] = []
    last_end: dict[str, str] = {}
    for task in parses:
        worker = per_worker[task["hostname"]]
        worker["tasks"] += 1
        worker["reports"] += chunk_size(task)
        worker["busy_s"] += _seconds_between(task["start_date"], task["end_date"])
        if previous := last_end.get(task["hostname"]):
            gaps.append(_seconds_between(previous, task["start_date"]))
        last_end[task["hostname"]] = task["end_date"]
    for worker in per_worker.values():
        worker["busy_s"] = round(worker["busy_s"], 2)
        worker["reports_per_s"] = round(worker["reports"] / phase_s, 1)
    durations = [_seconds_between(t["start_date"], t["end_date"]) for t in parses]
    # The workers' CPU from the last sample before the first parse to the first one after the
    # last: the parse tasks, give or take a second of the plan and the collect around them.
    first, last = datetime.fromisoformat(phase_start).timestamp(), datetime.fromisoformat(phase_end).timestamp()
    before = max((s for s in samples if s[0] <= first), default=samples[0])
    after = min((s for s in samples if s[0] >= last), default=samples[-1])
    plan, collect = by_id["extract.plan"], by_id["extract.collect"]
    return {
        "workers": workers, "concurrency": concurrency, "parallelism": workers * concurrency,
        "chunks": len(parses), "reports": sum(chunk_size(t) for t in parses),
        "parse_phase_s": round(phase_s, 2), "reports_per_s": round(reports / phase_s, 1),
        "per_worker": dict(sorted(per_worker.items())),
        "mean_task_s": round(sum(durations) / len(durations), 3),
        "cpu_per_chunk_s": round((after[1] - before[1]) / len(parses), 3),
        "load_average": round(os.getloadavg()[0], 1),
        "mean_gap_s": round(sum(gaps) / len(gaps), 3) if gaps else None,
        "plan_s": round(_seconds_between(plan["start_date"], plan["end_date"]), 2),
        "plan_end_to_first_parse_s": round(_seconds_between(plan["end_date"], phase_start), 2),
        "last_parse_to_collect_end_s": round(_seconds_between(phase_end, collect["end_date"]), 2),
        "extract_stage_s": round(_seconds_between(plan["start_date"], collect["end_date"]), 2),
        "cluster_up_s": round(up_s, 1), "run_s": round(run_s, 1), "full_run": full_run,
    }


def _earlier_reference(results: Path | None, n: int, chunk_reports: int, parallelisms: list[int]) -> dict | None:
    """The references an earlier run measured for the same corpus size, chunk size and
    parallelisms: they take half an hour at 10,000 reports and do not involve Airflow."""
    if results is None:
        return None
    for size in json.loads(results.read_text())["sizes"]:
        ref = size["reference"]
        if (size["n"], ref["chunk_reports"]) == (n, chunk_reports) and \
                {str(p) for p in parallelisms} <= set(ref["by_parallelism"]):
            return ref
    raise SystemExit(f"{results} has no references for N={n}, chunks of {chunk_reports}, parallelism {parallelisms}")


def measure(corpus_root: Path, n: int, run_dir: Path, worker_counts: list[int], concurrency: int,
            chunk_reports: int, celery_config: str, full_run: bool = False, timeout: float = 3600,
            reuse: Path | None = None) -> dict:
    from bench.run import sample

    started = time.perf_counter()
    target = sample(corpus_root, n, run_dir / f"celery-n{n}")
    parallelisms = sorted({workers * concurrency for workers in worker_counts})
    if earlier := _earlier_reference(reuse, n, chunk_reports, parallelisms):
        print(f"N={n}: references of {reuse}", flush=True)
        reference = {**earlier, "from": str(reuse)}
    else:
        print(f"N={n}: references (chunks of {chunk_reports}, parallelism {parallelisms})", flush=True)
        reference = references(target / "inbox", target / "reference", chunk_reports, parallelisms, celery_config)
    cases = []
    for workers in worker_counts:
        print(f"N={n}: Celery cluster with {workers} worker(s) × {concurrency} slot(s)", flush=True)
        case = mapped(target / "inbox", target / f"cluster-{workers}", workers, concurrency, chunk_reports,
                      reference["reports"], celery_config, full_run, timeout)
        ref = reference["by_parallelism"][str(case["parallelism"])]
        case["vs_cli"] = round(case["reports_per_s"] / ref["cli_reports_per_s"], 3)
        case["vs_chunk_function"] = round(case["reports_per_s"] / ref["chunk_function_reports_per_s"], 3)
        case["overhead_per_chunk_s"] = round((case["parse_phase_s"] - ref["chunk_function_s"]) / case["chunks"], 3)
        case["task_minus_chunk_function_s"] = round(case["mean_task_s"] - ref["chunk_function_mean_chunk_s"], 3)
        if "chunk_function_cpu_per_chunk_s" in ref:  # not in references reused from before it was counted
            case["cpu_overhead_per_chunk_s"] = round(case["cpu_per_chunk_s"] - ref["chunk_function_cpu_per_chunk_s"], 3)
        # Printed whole as it comes: a later case that fails must not take this one with it.
        print(json.dumps(case), flush=True)
        print(f"  parse phase {case['parse_phase_s']} s, {case['reports_per_s']} reports/s, "
              f"{case['vs_cli']}× the CLI, overhead {case['overhead_per_chunk_s']} s per chunk", flush=True)
        cases.append(case)
    return {"n": n, "reference": reference, "cases": cases, "wall_s": round(time.perf_counter() - started, 1)}


def table(results: dict) -> str:
    lines = []
    for size in results["sizes"]:
        ref = size["reference"]
        lines += [f"Mapped path beside the CLI path: {size['n']:,} reports ({ref['reports']:,} pending) in "
                  f"{ref['chunks']} chunks of {ref['chunk_reports']}, {results['machine']['cpus']} cores, workers "
                  f"preloaded by `{results['celery_config']}` (whole case {size['wall_s']} s).", "",
                  "| path | processes parsing | parse s | reports/s | reports/s per worker | vs CLI | "
                  "overhead per chunk s | load |", "|---|---|---|---|---|---|---|---|"]
        for p, r in ref["by_parallelism"].items():
            lines.append(f"| CLI: `extract_pending`, REPORTS_WORKERS={p} | {p} | {r['cli_s']} | "
                         f"{r['cli_reports_per_s']} | | 1.0 | | {r.get('load_average', '-')} |")
            lines.append(f"| chunk function alone: `chunkstore.parse` per chunk, {p} process(es) | {p} | "
                         f"{r['chunk_function_s']} | {r['chunk_function_reports_per_s']} | | "
                         f"{round(r['chunk_function_reports_per_s'] / r['cli_reports_per_s'], 3)} | | |")
            for case in (c for c in size["cases"] if c["parallelism"] == int(p)):
                workers = ", ".join(f"{name} {w['reports_per_s']}" for name, w in case["per_worker"].items())
                lines.append(f"| Celery: {case['workers']} worker(s) × {case['concurrency']} slot, mapped parse "
                             f"tasks | {case['parallelism']} | {case['parse_phase_s']} | {case['reports_per_s']} | "
                             f"{workers} | {case['vs_cli']} | {case['overhead_per_chunk_s']} | "
                             f"{case.get('load_average', '-')} |")
        lines += ["", "Per parse task (Celery): mean duration beside the chunk function's mean time per chunk "
                      "(at the same parallelism), gap between a worker's consecutive tasks, and the extract "
                      "stage around the parse phase:", "",
                  "| workers | mean task s | chunk function s | task − function s | mean gap s | CPU s per chunk: "
                  "mapped / function / CLI | CPU overhead per chunk s | plan s | plan end → first parse s | "
                  "last parse → collect end s | extract stage s | cluster up s |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for case in size["cases"]:
            same = ref["by_parallelism"][str(case["parallelism"])]
            cpu = " / ".join(str(x) for x in (case.get("cpu_per_chunk_s", "-"),
                                              same.get("chunk_function_cpu_per_chunk_s", "-"),
                                              same.get("cli_cpu_per_chunk_s", "-")))
            lines.append(f"| {case['workers']} | {case['mean_task_s']} | {same['chunk_function_mean_chunk_s']} | "
                         f"{case['task_minus_chunk_function_s']} | {case['mean_gap_s']} | {cpu} | "
                         f"{case.get('cpu_overhead_per_chunk_s', '-')} | {case['plan_s']} | "
                         f"{case['plan_end_to_first_parse_s']} | {case['last_parse_to_collect_end_s']} | "
                         f"{case['extract_stage_s']} | {case['cluster_up_s']} |")
        lines.append("")
    return "\n".join(lines)


def main(args) -> int:
    from bench.run import corpus

    run_dir = args.work / f"celery-{time.strftime('%Y%m%dT%H%M%S')}"
    sizes = []
    try:
        for n in sorted(args.sizes or [10000]):
            sizes.append(measure(corpus(args.work, args.seed, n), n, run_dir, args.celery_workers,
                                 args.celery_concurrency, args.celery_chunk, args.celery_config,
                                 args.celery_full_run, reuse=args.celery_references))
    finally:
        # The runs' warehouses, build databases and Airflow logs: gigabytes at 10,000 reports.
        if not args.keep:
            shutil.rmtree(run_dir, ignore_errors=True)
    results = {"machine": {"cpus": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
                           "python": platform.python_version()},
               "seed": args.seed, "celery_config": args.celery_config, "sizes": sizes}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "celery.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    (args.out / "celery.md").write_text(table(results))
    print(table(results))
    return 0
