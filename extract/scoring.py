"""The official scorer (`extract/vendor/score.py`, unchanged) fed the ways this project needs:
parsed reports, or a published warehouse, against a folder of gold files."""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from extract.records import ParsedReport, ReportFacts
from extract.vendor import score as scorer


def report_fields(facts: ReportFacts) -> dict:
    """A report's facts as the scorer reads them from `marts.dim_report`."""
    fields = asdict(facts)
    return {**fields, "published_date": str(facts.published_date) if facts.published_date else None}


def predictions(parsed: dict[str, ParsedReport]) -> tuple[dict, dict]:
    """(metrics, report facts) by file name, as the scorer takes them."""
    return ({name: [asdict(m) for m in report.metrics] for name, report in parsed.items()},
            {name: report_fields(report.facts) for name, report in parsed.items()})


def score_parsed(gold: dict, parsed: dict[str, ParsedReport]) -> tuple[dict, dict, list, list]:
    """(summary, per file, misses, false positives) of parsed reports against `gold`
    (`scorer.load_gold`'s, or a part of it)."""
    return scorer.score(gold, *predictions(parsed))


def score_warehouse(gold_dir: Path, warehouse: Path) -> tuple[dict, dict, list, list]:
    """The same of a published warehouse, read as the scorer reads it."""
    return scorer.score(scorer.load_gold(str(gold_dir)), *scorer.load_warehouse(str(warehouse)))
