"""How whole the analysts' series come out: the dev set's multi-year subset run through the
whole pipeline, then read from the published warehouse as an analyst reads it.

- same-organisation pairs: reports the gold gives one organisation that share one org_id;
- namesakes merged: reports of different gold organisations that share one;
- headline figures (levels, and growth rates signed by their direction) found in
  marts.org_year_indicator under the report's org_id, its gold report year and measure;
- series whole: (organisation, headline, measure) whose every gold year is found so, under
  one org_id.
"""
from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import duckdb

_HEADLINE_SETS = ("headline",)
_PART_OF_YEAR = re.compile(r"月|季度|半年")  # as the marts' is_part_of_year


def _signed(metric: dict) -> float | None:
    value = metric.get("value")
    return -value if value is not None and metric.get("direction") == "down" else value


def _gold(devset: Path) -> dict[str, dict]:
    golds = {}
    for path in sorted(devset.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        golds[gold["source_file"]] = gold
    return golds


def build_warehouse(texts: list[Path], scratch: Path) -> Path:
    inbox = scratch / "inbox"
    inbox.mkdir()
    for path in texts:
        shutil.copy(path, inbox / path.name)
    warehouse = scratch / "warehouse" / "reports.duckdb"
    subprocess.run([sys.executable, "-m", "extract", "run", "--inbox", str(inbox), "--warehouse", str(warehouse),
                    "--work-dir", str(scratch / "work")], check=True, capture_output=True, text=True)
    return warehouse


def _organisation(report: dict) -> tuple:
    """Who a gold report is of: a name in its county (新安街道 of 宝安区 and of a county in
    Jiangsu are namesakes, two organisations), and a county told from its namesakes by its
    province (普陀区 of 上海 and of 浙江's 舟山): the gold leaves a city NULL more often."""
    county = report.get("district")
    return report["org_name"], county, report.get("province") if report["org_name"] == county else None


def score_series(golds: dict[str, dict], warehouse: Path) -> dict:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        org_of = dict(con.execute("select source_file, org_id from marts.dim_report").fetchall())
        rows = con.execute("select org_id, year, measure, value from marts.org_year_indicator").fetchall()
    published = defaultdict(list)
    for org_id, year, measure, value in rows:
        published[(org_id, year, measure)].append(value)

    def found(source_file: str, year: int, metric: dict) -> bool:
        want = _signed(metric)
        return want is not None and any(math.isclose(v, want, rel_tol=1e-6)
                                        for v in published[(org_of.get(source_file), year, metric["measure"])])

    by_org = defaultdict(list)
    for name, gold in golds.items():
        if gold["report"].get("org_name"):
            by_org[_organisation(gold["report"])].append(name)
    pairs = [(a, b) for names in by_org.values() for a, b in combinations(names, 2)]
    shared = sum(1 for a, b in pairs if org_of.get(a) and org_of.get(a) == org_of.get(b))
    merged = sum(1 for (org_a, a_names), (org_b, b_names) in combinations(by_org.items(), 2)
                 for a in a_names for b in b_names if org_of.get(a) and org_of.get(a) == org_of.get(b))
    headline = {"level": [0, 0], "change": [0, 0]}
    series = defaultdict(list)  # (org, code, measure) → [(found, org_id)]
    for name, gold in golds.items():
        if gold.get("metrics_annotated") not in _HEADLINE_SETS or gold["report"].get("report_year") is None:
            continue
        for metric in gold["metrics"]:
            if not metric.get("required") or metric.get("measure") not in headline \
                    or _PART_OF_YEAR.search(metric.get("scope") or ""):
                continue
            hit = found(name, gold["report"]["report_year"], metric)
            headline[metric["measure"]][0] += hit
            headline[metric["measure"]][1] += 1
            series[(*_organisation(gold["report"]), metric.get("headline_code"), metric["measure"])].append(
                (hit, org_of.get(name)))
    whole = [s for s in series.values() if len(s) > 1]
    n_whole = sum(1 for s in whole if all(hit for hit, _ in s) and len({org for _, org in s}) == 1)
    return {
        "same_org_pairs": f"{shared}/{len(pairs)}",
        "namesake_pairs_merged": merged,
        "headline_levels_found": f"{headline['level'][0]}/{headline['level'][1]}",
        "growth_rates_found": f"{headline['change'][0]}/{headline['change'][1]}",
        "series_whole": f"{n_whole}/{len(whole)}",
    }


def evaluate_series(devset: Path) -> dict:
    golds = _gold(devset)
    with tempfile.TemporaryDirectory() as scratch:
        warehouse = build_warehouse([devset / name for name in golds], Path(scratch))
        return score_series(golds, warehouse)
