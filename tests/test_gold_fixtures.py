"""Regression floor: clean + parse over the seed reports, scored by the official scorer."""
import pytest

from conftest import GOLD, SEEDS
from extract.evaluate import load_scorer, predictions


@pytest.fixture(scope="module")
def summary():
    score = load_scorer(GOLD.parent / "score.py")
    preds, reports = predictions(SEEDS)
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
