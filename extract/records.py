"""Plain records passed between the pure text stages (clean, parse) and the I/O stages.

They are the contract between `extract.clean` / `extract.parse`, which know nothing
about files or databases, and `extract.stage`, which turns them into staging rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

UNITS = (
    "CNY", "USD", "percent", "person", "person_time", "household", "m2", "mu", "m", "ml",
    "jin", "day", "hour", "t", "ha", "kwh", "year", "month", "count",
)
QUALIFIERS = ("exact", "approx", "more_than", "less_than")
PERIOD_TYPES = ("actual", "target", "plan")
SECTION_PARTS = ("preamble", "review", "plan")
ORG_LEVELS = ("区", "县", "县级市", "自治县", "旗", "自治旗", "市", "街道", "镇", "乡", "苏木", "社区", "村", "嘎查",
              "社管办", "国家")
MEASURES = ("level", "change", "ratio")
DIRECTIONS = ("up", "down")
DOC_TYPES = ("summary", "plan", "summary_and_plan", "government_work_report")


@dataclass(frozen=True)
class DocumentMeta:
    """Facts about a document that come from its container (page chrome, HTML meta), not its prose."""

    title: str | None = None
    published_date: date | None = None
    publisher: str | None = None
    index_number: str | None = None


@dataclass(frozen=True)
class CleanedDocument:
    text: str
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    # Of a text written in traditional characters, which the cleaned text reads in simplified
    # ones: each simplified character as the text wrote it (产 → 產), for the phrases given
    # back as written. Empty for a simplified text.
    written_as: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    ordinal: int
    level: int
    heading: str
    path: str
    part: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Metric:
    ordinal: int
    raw_text: str
    value: float | None
    unit: str
    classifier: str | None
    qualifier: str
    indicator: str | None
    period_type: str
    scope: str | None
    is_masked: bool
    section_path: str | None
    char_start: int
    char_end: int
    context: str
    measure: str  # level, change or ratio (extract.parse.measure)
    direction: str | None  # up or down, for a change


@dataclass(frozen=True)
class ReportFacts:
    title: str | None
    org_name: str | None
    org_level: str | None
    district: str | None
    city: str | None
    province: str | None
    report_year: int | None
    plan_year: int | None
    published_date: date | None
    doc_type: str | None
    # Administrative-division code (GB/T 2260, from JioNLP's data) of the most precise place known.
    division_code: str | None = None
    # The report names a city or province other than the dataset's for its district; the
    # report's own words are kept and this says so.
    place_conflict: bool = False
    # The division data has several divisions of this name (two 江北区, four 沙沟镇) and the
    # text does not say which: the organisation cannot be told from its namesakes.
    shared_name: bool = False


@dataclass(frozen=True)
class ParsedReport:
    cleaned_text: str
    facts: ReportFacts
    sections: tuple[Section, ...]
    metrics: tuple[Metric, ...]
    terms: tuple[tuple[str, int], ...] = ()  # content words and their counts, for keywords
