"""`make eval`: the extractor scored against gold fixtures, per report and overall.

Scoring is the official scorer's (tests/fixtures/score.py, vendored unchanged); this module
only feeds it the parser's output and prints its per-report and summary figures.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
from dataclasses import asdict
from pathlib import Path

from extract.clean import clean_document
from extract.ingest.formats import file_text
from extract.parse import parse_report
from extract.settings import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predictions(seeds: Path) -> tuple[dict, dict]:
    preds, reports = {}, {}
    for path in sorted(p for p in seeds.iterdir() if p.is_file()):
        text = file_text(path)
        parsed = parse_report(clean_document(text))
        preds[path.name] = [asdict(m) for m in parsed.metrics]
        reports[path.name] = {"org_name": parsed.facts.org_name, "report_year": parsed.facts.report_year}
    return preds, reports


def _prf(found: int, required: int, tp: int, fp: int) -> tuple[float, float, float]:
    recall = found / required if required else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=Path, default=FIXTURES / "seeds")
    parser.add_argument("--gold", type=Path, default=FIXTURES / "gold")
    parser.add_argument("--verbose", action="store_true", help="list every miss and false positive")
    args = parser.parse_args(argv)
    score = load_scorer(FIXTURES / "score.py")
    preds, reports = predictions(args.seeds)
    summary, per_file, misses, false_positives = score.score(score.load_gold(str(args.gold)), preds, reports)
    print(f"{'report':34} {'P':>6} {'R':>6} {'F1':>6} {'org':>4} {'year':>4}")
    for name, counts in per_file.items():
        required = counts.get("req_numeric", 0) + counts.get("req_masked", 0)
        found = counts.get("found_numeric", 0) + counts.get("found_masked", 0)
        p, r, f = _prf(found, required, counts.get("tp", 0), counts.get("fp", 0))
        print(f"{name[:34]:34} {p:6.3f} {r:6.3f} {f:6.3f} {counts['org_ok']:4} {counts['year_ok']:4}")
    if args.verbose:
        for miss in misses:
            print("MISS", *miss)
        for fp in false_positives:
            print("FP  ", *fp)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
