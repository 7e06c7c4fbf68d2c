"""Regression floor: clean + parse over the seed reports, scored by the official scorer."""
import importlib.util
from dataclasses import asdict

import pytest

from conftest import GOLD, SEEDS
from extract.clean import clean_document
from extract.parse import parse_report

_spec = importlib.util.spec_from_file_location("score", GOLD.parent / "score.py")
score = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score)


@pytest.fixture(scope="module")
def summary():
    preds, reports = {}, {}
    for path in sorted(SEEDS.iterdir()):
        parsed = parse_report(clean_document(path.read_text(encoding="utf-8")))
        preds[path.name] = [asdict(m) for m in parsed.metrics]
        reports[path.name] = {"org_name": parsed.facts.org_name, "report_year": parsed.facts.report_year}
    result, _, misses, false_positives = score.score(score.load_gold(str(GOLD)), preds, reports)
    return result, misses, false_positives


def test_metric_f1_stays_above_the_floor(summary):
    result, misses, false_positives = summary
    assert result["f1"] >= 0.95, (result, misses, false_positives)
    assert result["recall_masked"] >= 0.95


def test_attributes_of_matched_metrics(summary):
    result, _, _ = summary
    assert result["qualifier_acc"] >= 0.95
    assert result["period_acc"] >= 0.95
    assert result["indicator_acc"] >= 0.7


def test_every_organisation_and_year_is_right(summary):
    result, _, _ = summary
    assert result["org_acc"] == 1.0 and result["year_acc"] == 1.0
