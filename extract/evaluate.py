"""`make eval`: the extractor scored against gold fixtures, per report and overall.

The seeds and the all-metrics sets (tests/fixtures/allmetrics, allmetrics2: real reports of the
dev and held-out sets with every figure annotated: metric F1 and indicator agreement beside the report
facts), then the dev set of real report openings (tests/fixtures/devset: texts with their gold
beside them, report facts and headline figures annotated) and the held-out sets. Scoring is
the official scorer's (extract/vendor/score.py, vendored unchanged); this module only feeds it
the parser's output and prints its figures.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from extract.document import read_report
from extract.ingest.formats import file_text
from extract.scoring import predictions, scorer
from extract.series_eval import evaluate_series
from extract.settings import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"


DEVSET = FIXTURES / "devset"
# Real reports of the dev and held-out sets with every figure annotated, each set blind when
# it was first scored (see each folder's README).
ALL_METRICS = (FIXTURES / "allmetrics", FIXTURES / "allmetrics2")
# Held out: real reports gathered apart from the dev set. Each was scored blind once, then its
# misses were studied (rules written from the genre they show): a blind figure needs a new set.
# holdout, holdout2 … holdout24: each gathered and annotated apart (see each folder's README).
HELD_OUT_SETS = 26
HOLDOUTS = tuple(FIXTURES / ("holdout" + (str(n) if n > 1 else "")) for n in range(1, HELD_OUT_SETS + 1))
# The report facts compared field by field with --verbose.
FACT_FIELDS = ("title", "org_name", "org_level", "district", "city", "province", "report_year", "plan_year",
               "published_date", "doc_type")
_NOT_REPORTS = (".json", ".md")
_FACT_SCORES = ("org_acc", "org_exact_acc", "year_acc", "plan_year_acc", "doc_type_acc", "place_acc")


def read_reports(texts: Path) -> dict:
    """Every report file of a folder (not its gold), parsed, by file name."""
    return {path.name: read_report(file_text(path))
            for path in sorted(p for p in texts.iterdir() if p.is_file() and not p.name.endswith(_NOT_REPORTS))}


def _prf(found: int, required: int, tp: int, fp: int) -> tuple[float, float, float]:
    recall = found / required if required else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _fact_misses(gold: dict, reports: dict) -> list[tuple[str, str, object, object]]:
    return [(name, field, reports.get(name, {}).get(field), g["report"].get(field))
            for name, g in gold.items() for field in FACT_FIELDS
            if reports.get(name, {}).get(field) != g["report"].get(field)]


def evaluate(texts: Path, gold_dir: Path, verbose: bool, headline_only: bool = False) -> dict:
    """Score one set, print its per-report lines (and with `verbose` every miss), return the
    summary; of a set whose metrics are annotated in part (`headline_only`), recall alone."""
    preds, reports = predictions(read_reports(texts))
    gold = scorer.load_gold(str(gold_dir))
    summary, per_file, misses, false_positives = scorer.score(gold, preds, reports)
    print(f"{'report':34} {'P':>6} {'R':>6} {'F1':>6} {'org':>4} {'year':>4} {'plan':>4} {'type':>4}")
    for name, counts in per_file.items():
        required = counts.get("req_numeric", 0) + counts.get("req_masked", 0)
        found = counts.get("found_numeric", 0) + counts.get("found_masked", 0)
        p, r, f = _prf(found, required, counts.get("tp", 0), counts.get("fp", 0))
        print(f"{name[:34]:34} {p:6.3f} {r:6.3f} {f:6.3f} {counts['org_exact_ok']:4} {counts['year_ok']:4} "
              f"{counts['plan_year_ok']:4} {counts['doc_type_ok']:4}")
    if verbose:
        for miss in misses:
            print("MISS", *miss)
        for fp in false_positives:
            print("FP  ", *fp)
        for name, field, predicted, wanted in _fact_misses(gold, reports):
            print("FACT", name, field, f"got={predicted!r}", f"gold={wanted!r}")
    if headline_only:  # precision would count every unannotated figure as a false positive
        summary = {k: summary[k] for k in ("reports", "required", "found", "recall", *_FACT_SCORES)}
    print(json.dumps(summary, ensure_ascii=False))
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=Path, default=FIXTURES / "seeds")
    parser.add_argument("--gold", type=Path, default=FIXTURES / "gold")
    parser.add_argument("--all-metrics", type=Path, nargs="*", default=list(ALL_METRICS),
                        help="sets of texts with their gold beside them, every figure annotated")
    parser.add_argument("--devset", type=Path, default=DEVSET, help="texts with their gold beside them")
    parser.add_argument("--holdout", type=Path, nargs="*", default=list(HOLDOUTS),
                        help="held-out sets: texts with their gold beside them")
    parser.add_argument("--verbose", action="store_true", help="list every miss and false positive")
    parser.add_argument("--no-series", action="store_true",
                        help="skip building a warehouse of the dev set to score its series and identities")
    args = parser.parse_args(argv)
    print("== seeds")
    evaluate(args.seeds, args.gold, args.verbose)
    for folder in (folder for folder in args.all_metrics if folder.is_dir()):
        print(f"== all-metrics set {folder.name} (every figure annotated)")
        evaluate(folder, folder, args.verbose)
    sets = [("dev set", args.devset)] + [(f"held-out set {folder.name}", folder) for folder in args.holdout]
    for name, folder in sets:
        if not folder.is_dir():
            continue
        print(f"== {name} (report facts; metric figures count its headline annotations only)")
        evaluate(folder, folder, args.verbose, headline_only=True)
        if not args.no_series:
            print(f"== {name} through the pipeline (organisations and series in the published warehouse)")
            print(json.dumps(evaluate_series(folder), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
