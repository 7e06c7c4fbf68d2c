"""Regression floor: clean + parse over the seed reports, and over the all-metrics set (real
reports with every figure annotated, tests/fixtures/allmetrics and allmetrics2), scored by the
official scorer.

The scorer is the vendored copy in extract/vendor/score.py, imported as it is; this file
only feeds it the extractor's output (extract.scoring). The floors sit a little below what the extractor
achieves, so a change that costs accuracy fails here before it reaches the warehouse.
"""
import pytest

from extract.document import read_report
from extract.scoring import score_parsed, scorer

from conftest import FIXTURES, GOLD, SEEDS

ALL_METRICS = (FIXTURES / "allmetrics", FIXTURES / "allmetrics2")


def _parsed(texts):
    return {path.name: read_report(path.read_text(encoding="utf-8")) for path in sorted(texts.glob("*.txt"))}


@pytest.fixture(scope="module")
def parsed():
    return _parsed(SEEDS)


@pytest.fixture(scope="module")
def scored(parsed):
    summary, per_file, misses, false_positives = score_parsed(scorer.load_gold(str(GOLD)), parsed)
    return summary, per_file, misses, false_positives


def test_every_seed_has_gold():
    assert sorted(p.name for p in SEEDS.glob("*.txt")) == sorted(p.name[:-len(".json")] for p in GOLD.glob("*.json"))


def test_metric_f1_stays_above_the_floor(scored):
    summary, _, misses, false_positives = scored
    detail = (summary, misses, false_positives)
    assert summary["f1"] >= 0.97, detail
    assert summary["precision"] >= 0.97 and summary["recall"] >= 0.97, detail
    assert summary["recall_masked"] >= 0.95, detail


def test_every_report_keeps_its_recall(scored):
    _, per_file, _, _ = scored
    for name, counts in per_file.items():
        required = counts.get("req_numeric", 0) + counts.get("req_masked", 0)
        found = counts.get("found_numeric", 0) + counts.get("found_masked", 0)
        assert found >= 0.95 * required, (name, counts)


def test_attributes_of_matched_metrics(scored):
    summary, _, _, _ = scored
    assert summary["qualifier_acc"] >= 0.97, summary
    assert summary["period_acc"] >= 0.97, summary
    assert summary["indicator_acc"] >= 0.92, summary


@pytest.mark.parametrize("folder", ALL_METRICS, ids=lambda folder: folder.name)
def test_the_all_metrics_sets_keep_their_floors(folder):
    gold = scorer.load_gold(str(folder))
    parsed = _parsed(folder)
    assert len(gold) == len(parsed) >= 16
    summary, _, misses, false_positives = score_parsed(gold, parsed)
    assert summary["f1"] >= 0.97 and summary["indicator_acc"] >= 0.92, (summary, misses, false_positives)


def test_every_organisation_and_year_is_right(scored):
    summary, _, _, _ = scored
    assert summary["org_acc"] == 1.0 and summary["year_acc"] == 1.0, summary


def test_raw_text_is_the_cleaned_span_and_ordinals_count_from_one(parsed):
    for report in parsed.values():
        assert [m.ordinal for m in report.metrics] == list(range(1, len(report.metrics) + 1))
        for metric in report.metrics:
            assert report.cleaned_text[metric.char_start:metric.char_end] == metric.raw_text
            assert metric.raw_text in metric.context
            assert (metric.value is None) == metric.is_masked


def test_sections_cover_their_metrics(parsed):
    for report in parsed.values():
        for section in report.sections:
            if section.part != "preamble":  # the preamble has no heading of its own in the text
                assert report.cleaned_text.startswith(section.heading, section.char_start)
            assert section.char_start < section.char_end <= len(report.cleaned_text)
        paths = {s.path for s in report.sections}
        assert {m.section_path for m in report.metrics} <= paths | {None}
