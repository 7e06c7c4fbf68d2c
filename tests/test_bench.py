"""The benchmark's synthetic corpus and its runner (`make bench` itself runs 10,000 reports)."""
import json
import subprocess
import sys

import pytest

from bench.synth import report, write_corpus
from extract.document import parse_document
from extract.ingest.formats import document_text, identify
from extract.scoring import score_parsed
from extract.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration


def test_a_report_depends_only_on_the_seed_and_its_index(tmp_path):
    assert report(7, 12) == report(7, 12)
    assert report(7, 12) != report(8, 12)
    write_corpus(tmp_path / "a", 6)
    write_corpus(tmp_path / "b", 3)
    write_corpus(tmp_path / "b", 3, start=3)  # grown later, as the benchmark grows its corpus
    for kind in ("inbox", "gold"):
        files_a = {p.name: p.read_bytes() for p in (tmp_path / "a" / kind).iterdir()}
        files_b = {p.name: p.read_bytes() for p in (tmp_path / "b" / kind).iterdir()}
        assert files_a == files_b and len(files_a) == 6


def test_the_corpus_carries_the_noise_it_promises():
    files = [report(7, i) for i in range(300)]
    names = [name for name, _, _ in files]
    assert any(n.endswith(".html") for n in names) and any(n.endswith(".txt") for n in names)
    texts = [document_text(data, identify(name, data)) for name, data, _ in files]
    assert any("扫一扫" in t for t in texts) and any("０" in t or "１" in t for t in texts)
    assert any(g["report"]["title"] is None for _, _, g in files)
    gold = [m for _, _, g in files for m in g["metrics"]]
    assert {m["unit"] for m in gold} >= {"CNY", "percent", "person", "person_time", "household", "m2", "mu", "m",
                                          "t", "day", "hour", "count"}
    assert any(m["is_masked"] for m in gold) and {m["qualifier"] for m in gold} >= {"approx", "more_than"}
    assert any(not m["required"] for m in gold) and {m["period_type"] for m in gold} == {"actual", "plan"}


def test_the_extractor_agrees_with_the_synthetic_gold():
    gold, parsed = {}, {}
    for index in range(60):
        name, data, truth = report(11, index)
        parsed[name] = parse_document(data, identify(name, data))
        gold[name] = truth
    summary = score_parsed(gold, parsed)[0]
    assert summary["f1"] >= 0.95 and summary["recall_masked"] >= 0.95, summary
    assert summary["year_acc"] >= 0.95 and summary["org_acc"] >= 0.9, summary


def test_the_benchmark_runs_and_reports_every_measure(tmp_path):
    done = subprocess.run([sys.executable, "-m", "bench", "--sizes", "8", "--floor-reports", "4",
                           "--work", str(tmp_path / "work"), "--out", str(tmp_path / "out")],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((tmp_path / "out" / "latest.json").read_text())
    run = results["runs"][0]
    assert run["n"] == 8 and run["reports"] == 8 and run["peak_rss_mb"] > 0 and run["warehouse_mb"] > 0
    assert set(run["stages"]) == {"scrape", "ingest", "extract", "stage", "gate_staging", "model", "gate_marts",
                                  "publish"}
    assert run["accuracy"]["f1"] >= 0.95
    incremental = results["incremental"]
    assert incremental["nothing_new"]["wall_s"] < run["wall_s"]
    assert incremental["one_new_report"]["stages"]["extract"] > 0
    assert results["floor"]["extract_vs_lcut"] > 0
    assert "| N |" in (tmp_path / "out" / "latest.md").read_text()


def test_the_celery_case_puts_the_mapped_path_beside_the_cli(tmp_path):
    # One small cluster (one worker, chunks of four): the case's machinery, not its numbers.
    done = subprocess.run([sys.executable, "-m", "bench", "--celery", "--sizes", "10", "--celery-workers", "1",
                           "--celery-chunk", "4", "--work", str(tmp_path / "work"), "--out", str(tmp_path / "out")],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    size = json.loads((tmp_path / "out" / "celery.json").read_text())["sizes"][0]
    assert size["reference"]["reports"] == 10 and size["reference"]["chunks"] == 3
    reference = size["reference"]["by_parallelism"]["1"]
    assert reference["cli_reports_per_s"] > 0 and reference["chunk_function_reports_per_s"] > 0
    (case,) = size["cases"]
    assert case["chunks"] == 3 and case["reports"] == 10 and set(case["per_worker"]) == {"worker-1"}
    assert case["parse_phase_s"] > 0 and case["vs_cli"] > 0 and case["overhead_per_chunk_s"] is not None
    assert "Mapped path beside the CLI path" in (tmp_path / "out" / "celery.md").read_text()
    # The runs' folders go; the corpus stays for the next run.
    assert [p.name for p in (tmp_path / "work").iterdir()] == ["corpus-7"]
