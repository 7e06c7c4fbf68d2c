"""Report-level facts: title, organisation, years, document type. NULL rather than a guess."""
from __future__ import annotations

import re
from collections import Counter

from extract.clean.text import DOC_TITLE_WORDS, looks_like_title
from extract.parse.metrics import quoted_title_ranges
from extract.parse.places import locate
from extract.parse.sections import WHOLE_TEXT
from extract.parse.segment import tagged
from extract.records import DocumentMeta, ReportFacts, Section

_YEAR = re.compile(r"(\d{4}|x{4})\s*年")
_ORG_SUFFIX = re.compile(r"(街道|镇|乡|社区|村|区|县|市)(?:办事处|人民政府|党工委|党委|居委会|村委会|委员会)?$")
# "…在XX区第十八届人民代表大会…": the body a government work report is given to.
_CONGRESS = re.compile(r"在(?P<org>[\u4e00-\u9fff]{2,12}?[区县市镇乡])第?[一二三四五六七八九十]+届")
# How a report refers to its own organisation: 全区, 我县, 本镇, 全街 …
_SELF_REFERENCE = re.compile(r"([全我本])(街道|街|社区|镇|乡|村|区|县)")
_LEVEL_OF_SELF = {"街": "街道"}
_SPLIT_DISTRICT = re.compile(r"^(?P<district>[\u4e00-\u9fff]{1,6}?[区县])(?P<org>[\u4e00-\u9fff]{2,}(?:街道|镇|乡|社区|村))$")
_GENERIC_START = re.compile(r"^(?:街道|社区|乡镇|镇|乡|区|县|市|本|全|各|我)")
_GENERIC_NAMES = {"全", "各", "本", "该", "我", "每", "两", "所在", "辖区", "全体", "其他", "相关", "有关", "乡镇",
                  "城市", "街道", "社区", "农村", "周边", "沿", "临", "老", "大", "小", "商业", "步行", "小城",
                  "特色小", "集"}
_PLACE_TAGS = {"ns", "nr", "nz"}  # proper nouns: place, person-like and other names
_MASKED = -1
_TITLE_PARTS = (("总结", "review"), ("报告", "review"), ("计划", "plan"), ("安排", "plan"), ("要点", "plan"))


def find_title(text: str) -> str | None:
    first = text.split("\n", 1)[0].strip()
    return first if looks_like_title(first) else None


def _year_in(heading: str | None) -> int | None:
    """The year a heading names; _MASKED when it names a masked one (xxxx年)."""
    match = _YEAR.search(heading or "")
    if not match:
        return None
    return _MASKED if match.group(1).startswith("x") else int(match.group(1))


def _part_year(sections: tuple[Section, ...], part: str) -> int | None:
    heading = next((s.heading for s in sections if s.part == part and s.level == 1), None)
    return _year_in(heading)


def years(title: str | None, sections: tuple[Section, ...]) -> tuple[int | None, int | None]:
    title_years = [int(y) for y in _YEAR.findall(title or "") if not y.startswith("x")]
    report = _part_year(sections, "review")
    plan = _part_year(sections, "plan")
    if report is None and title_years:
        report = title_years[0]
    if plan is None and len(title_years) > 1:
        plan = title_years[1]
    # A heading that masks its year overrides the title: template sites put SEO years in titles.
    return (None if report == _MASKED else report), (None if plan == _MASKED else plan)


def _name_from_title(title: str | None) -> str | None:
    if not title:
        return None
    head = re.split(r"\d{4}|x{4}|关于", title, maxsplit=1)[0]
    head = DOC_TITLE_WORDS.split(head, maxsplit=1)[0].strip()
    if len(head) < 2 or _GENERIC_START.match(head):
        return None
    return head


def own_level(text: str) -> str | None:
    """The level a report speaks of itself at: 我区/本区 → 区, 我街 → 街道. 全X counts only when
    there is no 我X/本X, since a 街道 also ranks itself "全区首个" within its district."""
    found = [(m.group(1), _LEVEL_OF_SELF.get(m.group(2), m.group(2))) for m in _SELF_REFERENCE.finditer(text)]
    own = [level for prefix, level in found if prefix != "全"] or [level for _, level in found]
    return Counter(own).most_common(1)[0][0] if own else None


def _name_from_body(text: str) -> str | None:
    """The proper noun most often named with the report's own level suffix (兴隆街道, or 花山街
    for 花山街道), outside quoted document titles; without self-references, 街道/镇/乡."""
    quoted = quoted_title_ranges(text)
    outside = "".join(ch for i, ch in enumerate(text) if not any(a <= i < b for a, b in quoted))
    level = own_level(outside)
    wanted = {level: level, "街": "街道"} if level == "街道" else {level: level} if level else \
        {"街道": "街道", "镇": "镇", "乡": "乡", "街": "街道"}
    tokens = tagged(outside)
    named = Counter()
    for token, flag in tokens:  # jieba often keeps a whole name as one token: 黄桥镇
        suffix = next((s for s in wanted if token.endswith(s) and len(token) >= len(s) + 2), None)
        if suffix and flag in _PLACE_TAGS and token[:-len(suffix)] not in _GENERIC_NAMES:
            named[token[:-len(suffix)] + wanted[suffix]] += 2 if suffix == wanted[suffix] else 1
    for (previous, flag), (token, _) in zip(tokens, tokens[1:]):
        # Only a proper noun names the place: not "建立街道" (verb) nor "协同街道" (common noun).
        if (len(previous) < 2 or previous in _GENERIC_NAMES or flag not in _PLACE_TAGS
                or not re.fullmatch(r"[\u4e00-\u9fff]+", previous) or token not in wanted):
            continue
        # The full suffix (兴隆街道) counts above the short form (花山街).
        named[previous + wanted[token]] += 2 if token == wanted[token] else 1
    best = named.most_common(1)
    return best[0][0] if best else None


def _level(org: str | None) -> str | None:
    if not org:
        return None
    if "社区管理办公室" in org or org.endswith("社管办"):
        return "社管办"
    if org == "国务院":
        return "国家"
    match = _ORG_SUFFIX.search(org)
    return match.group(1) if match else None


def _doc_type(title: str | None, sections: tuple[Section, ...]) -> str | None:
    if title and "政府工作报告" in title:
        return "government_work_report"
    parts = {s.part for s in sections if s.heading != WHOLE_TEXT}
    if not parts:  # no headings: only the title can tell
        parts = {part for word, part in _TITLE_PARTS if word in (title or "")}
    if {"review", "plan"} <= parts:
        return "summary_and_plan"
    if "plan" in parts:
        return "plan"
    return "summary" if parts else None


def _name_from_congress(title: str | None) -> str | None:
    if "全国人民代表大会" in (title or ""):
        return "国务院"  # the national report is the State Council's
    match = _CONGRESS.search(title or "")
    return match.group("org") if match else None


def report_facts(text: str, title: str | None, sections: tuple[Section, ...], meta: DocumentMeta) -> ReportFacts:
    name = _name_from_congress(title) or _name_from_title(title) or _name_from_body(text)
    district = None
    if name and (split := _SPLIT_DISTRICT.match(name)):
        district, name = split.group("district"), split.group("org")
    elif meta.publisher and (split := _SPLIT_DISTRICT.match(meta.publisher)) and split.group("org") == name:
        district = split.group("district")  # the page's 发布机构: 东湖区百花洲街道
    if _level(name) in ("区", "县"):
        district = name
    city, province = locate(text, district)
    report_year, plan_year = years(title, sections)
    return ReportFacts(title=title, org_name=name, org_level=_level(name), district=district, city=city,
                       province=province, report_year=report_year, plan_year=plan_year,
                       published_date=meta.published_date, doc_type=_doc_type(title, sections))
