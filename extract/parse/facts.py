"""Report-level facts: title, organisation, years, document type. NULL rather than a guess."""
from __future__ import annotations

import re
from collections import Counter

from extract.clean.text import DOC_TITLE_WORDS, looks_like_title
from extract.parse.metrics import Quoted
from extract.parse.places import locate
from extract.parse.sections import WHOLE_TEXT
from extract.parse.segment import Segmented, is_known, tag_of
from extract.records import DocumentMeta, ReportFacts, Section

_YEAR = re.compile(r"(\d{4}|[xX]{4})\s*年")
_ORG_SUFFIX = re.compile(r"(街道|镇|乡|社区|村|区|县|市)(?:办事处|人民政府|政府|党工委|党委|居委会|村委会|委员会)?$")
_OFFICE_SUFFIX = re.compile(r"(?:办事处|人民政府|政府)$")
# "…在XX区第十八届人民代表大会…": the body a government work report is given to.
_CONGRESS = re.compile(r"在(?P<org>[\u4e00-\u9fff]{2,12}?[区县市镇乡])第?[一二三四五六七八九十]+届")
# "现在,我代表龙岗区人民政府向大会作工作报告": how a government work report opens.
_DELEGATE = re.compile(r"我代表(?P<org>[^\s,，。、:]{2,20}?)(?:人民政府|政府)?[,，]?\s*向(?:大会|各位代表)")
_DELEGATE_WINDOW = 600
_BYLINE_WINDOW = 200
_SIGNATURE_LINES = 3
_SIGNATURE = re.compile(r"(?P<org>[\u4e00-\u9fff]{2,12}?(?:街道|镇|乡|社区|村|区|县))"
                        r"(?:办事处|人民政府|政府|党工委|党委|居民委员会|居委会|村民委员会|村委会)?")
# How a report refers to its own organisation: 全区, 我县, 本镇, 全街 …
_SELF_REFERENCE = re.compile(r"([全我本])(街道|街|社区|镇|乡|村|区|县)")
_LEVEL_OF_SELF = {"街": "街道"}
_SPLIT_DISTRICT = re.compile(r"^(?P<district>[\u4e00-\u9fff]{1,6}?[区县])(?P<org>[\u4e00-\u9fff]{2,}(?:街道|镇|乡|社区|村))$")
_GENERIC_START = re.compile(r"^(?:街道|社区|乡镇|镇|乡|区|县|市|本|全|各|我)")
_GENERIC_NAMES = {"全", "各", "本", "该", "我", "每", "两", "所在", "辖区", "全体", "其他", "相关", "有关", "乡镇",
                  "城市", "街道", "社区", "农村", "周边", "沿", "临", "老", "大", "小", "商业", "步行", "小城",
                  "特色小", "集"}
# Words before a place that make it an honour, not a name: 国家级卫生镇, 全国文明镇.
_HONOUR_BEFORE = {"国家级", "省级", "市级", "区级", "县级", "全国", "全省", "全市", "国家", "示范", "先进", "特色"}
_PLACE_TAGS = {"ns", "nr", "nz"}  # proper nouns: place, person-like and other names
_UNKNOWN_NAME_MIN = 6  # weighted mentions (2 each with the full suffix) of a name the dictionary lacks
# Districts and cities are in the division data; only the small places may be unknown words.
_UNKNOWN_NAME_LEVELS = {"街道", "镇", "乡"}
# jieba glues a preposition or pronoun to an unknown word: 在全区, 该镇.
_CLAUSE_WORD = re.compile(r"^[在于对从向与和及全各本该我其这那每]")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
# Templates mask names as well as numbers: XX镇, ×××街道, *街道, 某镇.
_MASKED_NAME = re.compile(r"[xX×*＊某]")
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
    return _MASKED if not match.group(1).isdigit() else int(match.group(1))


def _part_year(sections: tuple[Section, ...], part: str) -> int | None:
    heading = next((s.heading for s in sections if s.part == part and s.level == 1), None)
    return _year_in(heading)


def years(title: str | None, sections: tuple[Section, ...]) -> tuple[int | None, int | None]:
    title_years = [int(y) for y in _YEAR.findall(title or "") if y.isdigit()]
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
    if quoted := re.search(r"《([^《》]+)》", title):  # 关于印发《石桥街道2024年工作要点》的通知
        title = quoted.group(1)
    # The name stands before the year (龙泉镇2023年…) or, in year-first titles, after it.
    parts = re.split(r"(?:\d{4}|[xX]{4})\s*年度?|关于", title.removeprefix("关于"), maxsplit=1)
    head = parts[0].strip() or (parts[1] if len(parts) > 1 else "")
    head = DOC_TITLE_WORDS.split(head, maxsplit=1)[0].strip()
    # 朝阳区人民政府, 东城街道办事处: the office is how the organisation signs, not its name.
    head = _OFFICE_SUFFIX.sub("", head) if _ORG_SUFFIX.search(_OFFICE_SUFFIX.sub("", head)) else head
    if len(head) < 2 or _GENERIC_START.match(head):
        return None
    return head


def _name_from_congress(title: str | None, text: str) -> str | None:
    """The congress a government work report is given to, in its title or in the byline
    under it (——2024年1月10日在鄞州区第十八届人民代表大会…上)."""
    head = f"{title or ''}\n{text[:_BYLINE_WINDOW]}"
    if "全国人民代表大会" in head:
        return "国务院"  # the national report is the State Council's
    match = _CONGRESS.search(head)
    return match.group("org") if match else None


def _name_from_signature(text: str) -> str | None:
    """An organisation on a line of its own, under the title or as the signature at the end
    (青山镇人民政府, 东城街道办事处): the report saying who wrote it."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in [*lines[1:_SIGNATURE_LINES + 1], *reversed(lines[-_SIGNATURE_LINES:])]:
        if (match := _SIGNATURE.fullmatch(line)) and not _GENERIC_START.match(match.group("org")):
            return match.group("org")
    return None


def _delegation(text: str) -> re.Match | None:
    """现在,我代表龙岗区人民政府向大会作工作报告: the opening of a government work report."""
    return _DELEGATE.search(text[:_DELEGATE_WINDOW])


def _name_from_delegation(delegation: re.Match | None) -> str | None:
    """The government a work report is delivered for: 我代表龙岗区人民政府 → 龙岗区."""
    if not delegation:
        return None
    org = delegation.group("org")
    return org if org == "国务院" or (_ORG_SUFFIX.search(org) and not _GENERIC_START.match(org)) else None


def own_level(text: str) -> str | None:
    """The level a report speaks of itself at: 我区/本区 → 区, 我街 → 街道. 全X counts only when
    there is no 我X/本X, since a 街道 also ranks itself "全区首个" within its district."""
    found = [(m.group(1), _LEVEL_OF_SELF.get(m.group(2), m.group(2))) for m in _SELF_REFERENCE.finditer(text)]
    own = [level for prefix, level in found if prefix != "全"] or [level for _, level in found]
    return Counter(own).most_common(1)[0][0] if own else None


def _is_name(word: str) -> bool:
    # Words the dictionary does not know are not taken: 现将镇 would be a town.
    return tag_of(word) in _PLACE_TAGS


def _name_from_body(segmented: Segmented) -> str | None:
    """The proper noun most often named with the report's own level suffix (兴隆街道, or 花山街
    for 花山街道), outside quoted document titles and honours; without self-references,
    街道/镇/乡."""
    quoted = Quoted.of(segmented.text)
    tokens = [token for token, start in zip(segmented.tokens, segmented.starts) if not quoted.covers(start)]
    level = own_level("".join(tokens))
    wanted = {level: level, "街": "街道"} if level == "街道" else {level: level} if level else \
        {"街道": "街道", "镇": "镇", "乡": "乡", "街": "街道"}
    named, unknown = Counter(), Counter()
    suffixes = tuple(wanted)
    for before, previous, token in zip(["", *tokens], tokens, tokens[1:]):
        if not token.endswith(suffixes):  # most words: one test in C before the rules below
            continue
        if token in wanted:  # 兴隆|街道: a name and a level suffix
            name, suffix, honour, proper = previous, token, before, _is_name(previous)
        elif (suffix := next((s for s in wanted if token.endswith(s) and len(token) >= len(s) + 2), None)):
            name, honour, proper = token[:-len(suffix)], previous, _is_name(token)  # jieba kept 黄桥镇 whole
        elif (suffix := next((s for s in wanted if token.endswith(s) and len(token) == len(s) + 1), None)) \
                and len(previous) == 1:
            # jieba cut an unknown name across its suffix: 青|山镇.
            name, honour, proper = previous + token[:-len(suffix)], before, _is_name(previous)
        else:
            continue
        if len(name) < 2 or name in _GENERIC_NAMES or honour in _HONOUR_BEFORE or not _HAN.fullmatch(name):
            continue
        # A proper noun names the place: not "建立街道" (verb) nor "协同街道" (common noun).
        # Small places are often missing from the dictionary: a word it does not know counts
        # only when the report names it again and again (现将镇 happens once, 西店街道 ten times).
        weight = 2 if suffix == wanted[suffix] else 1
        if proper:
            named[name + wanted[suffix]] += weight
        elif wanted[suffix] in _UNKNOWN_NAME_LEVELS and not is_known(name) and not _CLAUSE_WORD.match(name):
            unknown[name + wanted[suffix]] += weight
    best = named.most_common(1) or [(name, n) for name, n in unknown.most_common(1) if n >= _UNKNOWN_NAME_MIN]
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


def _doc_type(title: str | None, sections: tuple[Section, ...], delegated: bool) -> str | None:
    if delegated or (title and "政府工作报告" in title):
        return "government_work_report"
    parts = {s.part for s in sections if s.heading != WHOLE_TEXT and s.part != "preamble"}
    # The title states what the report holds even when a part's heading is not found.
    parts |= {part for word, part in _TITLE_PARTS if word in (title or "")}
    if {"review", "plan"} <= parts:
        return "summary_and_plan"
    if "plan" in parts:
        return "plan"
    return "summary" if parts else None


def _district(name: str | None, publisher: str | None) -> tuple[str | None, str | None]:
    """(district, organisation) from a name that carries its district (金安区清水河街道) or
    from the page's publisher (发布机构: 东湖区百花洲街道办事处)."""
    if name and (split := _SPLIT_DISTRICT.match(name)):
        return split.group("district"), split.group("org")
    if _level(name) in ("区", "县"):
        return name, name
    publisher = _OFFICE_SUFFIX.sub("", publisher or "")
    if name and (split := _SPLIT_DISTRICT.match(publisher)) and split.group("org") == _OFFICE_SUFFIX.sub("", name):
        return split.group("district"), name
    return None, name


def report_facts(text: str, title: str | None, sections: tuple[Section, ...], meta: DocumentMeta,
                 segmented: Segmented | None = None) -> ReportFacts:
    segmented = segmented or Segmented.of(text)
    delegation = _delegation(text)
    name = (_name_from_congress(title, text) or _name_from_delegation(delegation) or _name_from_title(title)
            or _name_from_signature(text) or _name_from_body(segmented))
    if name and _MASKED_NAME.search(name):
        name = None  # XX镇: the template hides who reported
    district, name = _district(name, meta.publisher)
    place = locate(segmented.counts, district)
    report_year, plan_year = years(title, sections)
    return ReportFacts(title=title, org_name=name, org_level=_level(name), district=district, city=place.city,
                       province=place.province, report_year=report_year, plan_year=plan_year,
                       published_date=meta.published_date,
                       doc_type=_doc_type(title, sections, delegation is not None),
                       division_code=place.division_code, place_conflict=place.conflict)
