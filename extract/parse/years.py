"""The years of a report: the year whose work it reviews and the year its plan is for.

A reader takes them, in this order of trust, from the headings of the two parts (一、2022年
工作回顾 / 二、2023年工作计划), from the title (2022年工作总结及2023年工作计划), and from how
the genre dates itself: a government work report is delivered early in the year it plans
for and reviews the year before (its title and byline carry the delivery year); a review
opens with its year (2022年以来, 2022年, 在区委…); a plan part without a year plans the
next year, or the second half of the year a half-year review covers. A masked year
(xxxx年) stays unknown, whatever an SEO title says.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from extract.grammar import CARRIED_OUT, PLAN_WORDS, WORK_PLANNING
from extract.records import Section

YEAR = re.compile(r"((?:19|20)\d{2}|[xX]{4})\s*年")
_MASKED = -1
# The first year of a span of years (2020-2022年, 2013年至2015年, 2013-2015).
_SPAN_START = r"(?:19|20)\d{2}\s*年?\s*[-—–~至到]\s*"
_SPAN = re.compile(rf"{_SPAN_START}((?:19|20)\d{{2}})(?!\d)\s*年?")
# How a review dates itself where a paragraph opens: 2022年以来, 2022年, 在… / 2022年是… /
# 即将过去的2020年.
_REVIEW_OPENING = re.compile(r"^(?:即将过去的|刚刚过去的|过去的)?((?:19|20)\d{2})\s*年(?:以来|来|[,，]|是|全年|度)",
                             re.MULTILINE)
# A dated clause (after a lead clause or two) whose subject is the body at work (时间从未停止前行的
# 脚步,2021年草滩街道在区委…领导下): the year it did its work in. (下一步,2024年,全镇将… is a plan.)
_SUBJECT_OPENING = re.compile(r"^(?:[^\n,，。\d]{2,20}[,，]){0,2}((?:19|20)\d{2})\s*年"
                              r"(?=[\u4e00-\u9fff]{2,8}?(?:街道|苏木|镇|乡)在)", re.MULTILINE)
_OPENING_CHARS = 120
# A clause that opens on the year its figures are of (2011年,人均年收入8800元; 截至2019年底…), not on a
# month of it (2001年8月成立党支部) nor a span (2016年以来).
_FIGURE_YEAR = re.compile(r"(?:^|[。；;,，:：\n])\s*(?:截至|截止|到|至)?((?:19|20)\d{2})\s*年(?:底|末|度|全年)?"
                          r"(?![\d一二三四五六七八九十]+月|以来|来|前|后|初)([^。；;\n]{0,40})")
_DATED_FIGURES = 2
_EVENT = re.compile(r"成立|[始创兴修]?建[于成立]|评为|荣获|获得|命名|授予|表彰|被[列确]为")
# A place's history (历史沿革: / 大事记 then 清代,设…里。 1949年,属…区一乡。 1955年1月,属…): its years
# are the place's past, never the year a profile or a report speaks of.
_CHRONICLE = re.compile(r"^[^\n]{0,8}(?:沿革|大事记)[^\n]{0,8}\n"
                        r"(?:(?:(?:19|20)\d{2}\s*年|[明清元宋唐][代朝初末]|民国|解放[前后初]|建国[前后初]|新中国成立)"
                        r"[^\n]*(?:\n|$))+", re.MULTILINE)
# A paragraph that opens on the year it looks back on: 2019年,是…; 2022年是… (not 2016年以来).
_YEAR_IS = re.compile(r"^((?:19|20)\d{2})\s*年(?:[,，]\s*是|是)", re.MULTILINE)
_OPENING_LINES = 600  # the first paragraphs, where a review says when it speaks of
_THIS_YEAR = re.compile(r"^(?:今年以来|今年来|今年[,，]|今年是)", re.MULTILINE)
# A part of the year: a half or a quarter (2022年第一季度工作总结和第二季度工作计划), whose plan is
# for the rest of the same year.
_HALF_YEAR = re.compile(r"上半年|半年|[一二三1-3]季度")


def is_part_year(title: str | None) -> bool:
    """Whether a title speaks of part of a year (上半年, 半年, 第三季度)."""
    return bool(_HALF_YEAR.search(title or ""))
# A delivery date in a byline: ——2024年1月10日在…人民代表大会… (or without 在: 2024年1月10日
# 七宝镇第二十届…), or on a line of its own under it: (2022年3月31日), 2025年1月3日.
# …日 王四平 / (长湖乡第六届人民代表大会…): the speaker and a line break between.
_AT_CONGRESS = r"在|[\u4e00-\u9fff\s(（]{0,20}?第[一二三四五六七八九十]+届"
_DELIVERED = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*"
                        rf"(?:{_AT_CONGRESS}|[)）]?\s*$)", re.MULTILINE)
# …written as digits only (——20121026东山镇第二届人民代表大会…).
_DELIVERED_DIGITS = re.compile(rf"((?:19|20)\d{{2}})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\s*(?:{_AT_CONGRESS})")
# An opening that announces both parts: 现将上半年工作进度及下半年工作计划公布如下, 整理的
# 街道工作总结及2023年工作思路.
# A year may be masked (现将社区XX年工作开展情况和XX年工作打算汇报如下): the parts stand, their years do not.
_ANNOUNCED_PLAN = re.compile(r"(?:((?:19|20)\d{2})\s*年度?)?[\u4e00-\u9fff]{0,10}?(?:总结|回顾|进度|情况)"
                            r"[及和与暨、](?:((?:19|20)\d{2}|[xX]{2,4})\s*年度?|(下半年)|明年|下一步|今后)的?(?:工作)?"
                            rf"(?:{PLAN_WORDS})")
_LATE_MONTH = 6  # a review published from June on speaks of that year's work; in January of the year before
# A work report delivered from September on reviews the year it is delivered in: a new term's
# congress (乡镇换届 run from late summer to December), never a regular one run nine months late.
_AUTUMN = 9
# A title's year and the genre word after it, which says whose year it is; of a span of years
# (2017-2021年工作总结, a term's review) the last. Some titles leave out 年 (2021七宝镇上半年…).
_TITLE_YEAR = re.compile(r"(?:(?:19|20)\d{2}\s*[-—–~至]\s*)?((?:19|20)\d{2}|[xX]{4})\s*年?度?[^\d]{0,20}?"
                         rf"(?:(?P<plan>(?:{PLAN_WORDS})(?!{CARRIED_OUT})|{WORK_PLANNING})"
                         r"|(?P<review>总结|回顾|报告|汇报|情况))")
# A title cut after the plan's year (下各镇2023年工作总结和2024, the rest on the next line).
_CUT_PLAN_YEAR = re.compile(r"(?:总结|回顾)\s*[和及暨与]\s*((?:19|20)\d{2})\s*年?度?\s*$")
# A review heading the layout ran into its paragraph: …请予审议。一、2023年工作回顾2023年是…
_REVIEW_HEADING_IN_TEXT = re.compile(r"[一1][、.]\s*((?:19|20)\d{2})\s*年(?:度)?(?:主要)?工作回顾")
# An opening that announces the review alone: 现将2024年度工作情况汇报如下.
# Or by the year it is written in: 现将我街道今年工作总结报告如下 (the year from the opening).
_ANNOUNCED_REVIEW = re.compile(r"现将(?:((?:19|20)\d{2})\s*年度?|(?:我|本)?[\u4e00-\u9fff]{0,3}?(?:今年|本年度|一年来))"
                               rf"[\u4e00-\u9fff]{{0,12}}?(?:工作|情况)(?:(?!{PLAN_WORDS})[\u4e00-\u9fff]){{0,8}}?"
                               r"(?:汇报|报告|总结)如下")
# A review part's heading on a line of its own, without a number the sections would know it
# by: 2024年工作回顾, 2020-2022年工作总结, 2013-2015工作回顾 (a term's review, dated by its last year).
_REVIEW_LINE = re.compile(rf"^\s*((?:{_SPAN_START})?(?:19|20)\d{{2}})\s*年?度?(?:主要)?工作(?:回顾|总结)\s*$",
                          re.MULTILINE)
# A paragraph that opens the plan with its year: 2024年,要坚定信心决心…, 2023年,街道将….
_PLAN_OPENING = re.compile(r"(?:^|[。\n])((?:19|20)\d{2})\s*年[,，]\s*"
                           r"(?:我们|全[街镇乡区县]|[街镇乡区县]|街道|社区)?(?:要|将)")

# A text that opens on the plan of its year is the plan: 2020年,我们将…; 2010年,城东街道总的
# 工作思路是:… (a review opens on what was done: 2020年,我街道…完成).
_PLAN_FIRST = re.compile(r"\s*((?:19|20)\d{2})\s*年(?:[,，]\s*(?:"
                         r"(?:我们|全[街镇乡区县]|[街镇乡区县]|街道|社区)?(?:要|将)|"
                         r"[\u4e00-\u9fff]{0,10}?(?:总的)?工作思路(?:是|为))|"
                         # 2021年全镇经济和社会发展的主要目标是: the plan's targets open the text.
                         r"[,，]?[\u4e00-\u9fff]{0,12}?发展的?(?:主要)?(?:预期)?目标(?:是|为))")

# A masked year the text still dates by its place in a five-year plan period: xxxx年是“十四五”
# 的开局之年 (2021), 收官之年 (2025). 十一五 is 2006-2010, each period five years on.
_PLAN_PERIOD_YEAR = re.compile(r"^[xX]{4}\s*年[,，]?\s*是[^。\n]{0,12}?[“\"]?十([一二三四五])五[”\"]?"
                               r"(?:规划)?的?(开局|收官)之年", re.MULTILINE)
_PERIOD_NUMBER = "一二三四五"
_FIRST_PERIOD_START = 2006
_PERIOD_YEARS = 5


def _plan_period_year(body: str) -> int | None:
    if not (match := _PLAN_PERIOD_YEAR.search(body[:_OPENING_LINES * 3])):
        return None
    start = _FIRST_PERIOD_START + _PERIOD_YEARS * _PERIOD_NUMBER.index(match.group(1))
    return start if match.group(2) == "开局" else start + _PERIOD_YEARS - 1


def year_in(text: str | None) -> int | None:
    """The first year a heading or title names, of a span of years (2020-2022年工作总结, a
    term's review) the last; _MASKED when it is masked (xxxx年)."""
    match = YEAR.search(_SPAN.sub(r"\1年", text or ""))
    if not match:
        return None
    return _MASKED if not match.group(1).isdigit() else int(match.group(1))


def _part_heading(sections: tuple[Section, ...], part: str) -> str | None:
    """The first heading of a part that names a year (at the top level, or nested under a
    heading that names none)."""
    return next((s.heading for s in sections if s.part == part and year_in(s.heading) is not None), None)


def delivery_date(text: str) -> date | None:
    """The date a byline says the report was delivered on (——2024年1月10日在…会议上)."""
    opening = text[:_OPENING_CHARS * 3]
    if not (match := _DELIVERED.search(opening) or _DELIVERED_DIGITS.search(opening)):
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def _opening_year(body: str, published: date | None) -> int | None:
    """The year the first paragraph that dates itself opens with, or 今年 read against the
    publication date."""
    opening = body[:_OPENING_LINES]
    if match := _REVIEW_OPENING.search(opening) or _SUBJECT_OPENING.search(opening):
        return int(match.group(1))
    if published and _THIS_YEAR.search(opening):
        if published.month >= _LATE_MONTH:
            return published.year
        return published.year - 1 if published.month <= 2 else None
    return None


@dataclass(frozen=True)
class Announced:
    """What the opening paragraphs say the report holds, and the years they give its parts."""

    parts: frozenset[str] = frozenset()
    review: int | None = None
    plan: int | None = None


def announced_parts(text: str) -> Announced:
    """The parts the opening announces: both (工作总结暨2021年工作计划, the plan's year after the
    review's), the review alone (现将2024年度工作情况汇报如下), a plan opening with its year
    (2024年,要…) after the review, or the plan alone when the text opens on it (2020年,我们将…)."""
    opening = text[:_OPENING_LINES]
    if match := _PLAN_FIRST.match(opening):
        return Announced(frozenset({"plan"}), None, int(match.group(1)))
    if match := _ANNOUNCED_PLAN.search(opening):
        review, plan, half = match.groups()
        plan = int(plan) if plan and plan.isdigit() else None
        review = int(review) if review else (plan - 1 if plan else None)
        return Announced(frozenset({"review", "plan"}), review, review if half and review else plan)
    announced = _ANNOUNCED_REVIEW.search(opening)
    review = int(announced.group(1)) if announced and announced.group(1) else None
    reviewed = review or (int(match.group(1)) if (match := _REVIEW_OPENING.search(opening)
                                                  or _SUBJECT_OPENING.search(opening)) else None)
    plan = next((year for year in map(int, _PLAN_OPENING.findall(opening)) if reviewed and year > reviewed), None)
    parts = ({"review"} if announced or plan else set()) | ({"plan"} if plan else set())
    return Announced(frozenset(parts), reviewed if parts else None, plan)


def _title_years(title: str | None) -> tuple[list[int], int | None, int | None]:
    """The years a title names, and of them the review's and the plan's, each by the genre
    word that follows it (2022年工作总结及2023年工作计划; 过去五年工作总结暨2022年计划)."""
    years, review, plan = [], None, None
    for match in _TITLE_YEAR.finditer(title or ""):
        year = int(match.group(1)) if match.group(1).isdigit() else _MASKED
        years.append(year)
        if match.group("plan") and plan is None:
            plan = year
        elif match.group("review") and review is None:
            review = year
    if plan is None and (cut := _CUT_PLAN_YEAR.search(title or "")):
        plan = int(cut.group(1))  # 2023年工作总结和2024: the plan's year, its genre word cut off
        years.append(plan)
    return years, review, plan


def title_plan_year(title: str | None) -> int | None:
    """The year a title gives the plan part (2022年工作总结及2023年工作计划 → 2023)."""
    plan = _title_years(title)[2]
    return None if plan == _MASKED else plan


def _half_year(title: str | None, title_years: list[int], delivered: date | None) -> int | None:
    """The year of the half a half-year report speaks of (上半年工作总结, 半年工作情况报告,
    also given to a congress): the title's, else the year it was delivered in."""
    if not _HALF_YEAR.search(title or ""):
        return None
    if title_years:
        return title_years[0]
    return delivered.year if delivered else None


def _delivered_review_year(body: str, title_years: list[int], delivered: date | None, so_far: bool) -> int | None:
    """The year a government work report reviews, from when it was delivered: the year
    before, unless it was delivered in the autumn or winter of the year it reviews (a new
    government's report in November or December) or mid-year reviewing that year so far."""
    if delivered:
        return delivered.year if delivered.month >= _AUTUMN or so_far else delivered.year - 1
    if not title_years or title_years[0] == _MASKED:
        return None
    # Undated, a report given at the turn of the year (2019年梨树县政府工作报告: 2019年,是…
    # 不平凡的一年) says which year it reviews where its review opens; else it is the title's
    # year before.
    opening = _YEAR_IS.search(body[:_OPENING_LINES * 3])
    said = int(opening.group(1)) if opening else None
    return said if said in (title_years[0] - 1, title_years[0]) else title_years[0] - 1


_SPRING_END = 4  # the regular congresses meet from January to March and review the year before
_LAST_QUARTER = 10
# A review of the year so far (一、2022年以来工作回顾, 今年以来工作回顾): its plan is for the rest of it.
_SO_FAR = re.compile(r"^\s*(?:[一1][、.．]\s*)?(?:今年|(?:19|20)\d{2}\s*年)以来的?(?:主要)?工作(?:回顾|总结|情况)\s*$",
                     re.MULTILINE)
# A new government reviews its whole term: 过去五年, 五年来, 本届政府.
_TERM_REVIEW = re.compile(r"过去[五六]年|[五六]年来|本届政府")


def _mid_year_so_far(body: str, delivered: date | None) -> bool:
    """A congress met from April to September whose review is of the year so far (丰林镇,
    2022年8月31日: 今年以来工作回顾): it reviews that year and plans the rest of it. In the last
    quarter the year is all but over (即将过去的2020年) and the plan is the next one's."""
    return bool(delivered and _SPRING_END <= delivered.month < _LAST_QUARTER
                and _SO_FAR.search(body[:_OPENING_LINES * 3]))


# The review's estimates name the year they close (预计,2016年全区地区生产总值达到…): the
# report is given before that year's statistics are out, early the next.
_ESTIMATED = re.compile(r"预计[,，]?\s*((?:19|20)\d{2})\s*年(?:全[区县市旗镇乡]|全年|[,，])")


def _estimated_year(body: str, sections: tuple[Section, ...]) -> int | None:
    """Of the review only: a plan estimates the year it plans (二、今年工作安排 预计2024年…)."""
    plan_start = next((s.char_start for s in sections if s.part == "plan"), len(body))
    match = _ESTIMATED.search(body[:min(plan_start, _OPENING_LINES * 3)])
    return int(match.group(1)) if match else None


def _new_term_on_its_page(body: str, published: date | None) -> int | None:
    """The year of an undated new-term report put up in the autumn (洪山镇政府工作报告(2021),
    发布时间 2021-12-31, 一、过去五年…工作回顾): its congress met that autumn, after the term's last year."""
    if published and published.month >= _AUTUMN and _TERM_REVIEW.search(body[:_OPENING_LINES]):
        return published.year
    return None


def _figures_year(body: str) -> int | None:
    """The one year a profile's dated figures are of (2011年人均年收入8800元 … 2011年新发展党员3名);
    None when they are of several years, or one figure alone is dated: a profile's latest figure
    is often of the year before the one it is written in. Founding dates, honours and history
    are no figures' year."""
    years = [int(match.group(1)) for match in _FIGURE_YEAR.finditer(body)
             if re.search(r"\d", match.group(2)) and not _EVENT.search(match.group(2))]
    return years[0] if len(years) >= _DATED_FIGURES and len(set(years)) == 1 else None


def _without_chronicles(body: str) -> str:
    """The body with its chronicles blanked out, each character kept in place."""
    return _CHRONICLE.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), body)


def report_years(title: str | None, body: str, sections: tuple[Section, ...], *, doc_type: str | None,
                 has_plan: bool, published: date | None, announced: Announced = Announced()
                 ) -> tuple[int | None, int | None]:
    """(report year, plan year); None for what the text does not settle. A plan reviews no year."""
    body = _without_chronicles(body)
    title_years, title_review, title_plan = _title_years(title)
    review_heading = _part_heading(sections, "review")
    review, plan = year_in(review_heading), year_in(_part_heading(sections, "plan"))
    delivered = delivery_date(body)
    so_far = _mid_year_so_far(body, delivered)
    half = _half_year(title, title_years, delivered) if doc_type != "plan" else None
    if review is None and half is not None:
        review = half
    if review is None and half is None and (line := _REVIEW_LINE.search(body[:_OPENING_LINES * 3])):
        review = year_in(line.group(1))
    # The review's heading run into the text dates it (…工作报告一、2022年工作回顾2022年是…); in
    # a government work report a title's year may be either the delivery's or the review's.
    if review is None and half is None and (inline := _REVIEW_HEADING_IN_TEXT.search(body[:_OPENING_LINES * 3])):
        review = int(inline.group(1))
    if doc_type == "government_work_report" and half is None:
        # Else its first words date it (2024年,是…); the title's year is the last resort.
        # Delivered, it reviews the year before (or, in the autumn, the same one); 2016年以来 opens
        # a term's review, not the year's.
        if review is None:
            review = _delivered_review_year(body, title_years, delivered, so_far) or _opening_year(body, None) \
                or _estimated_year(body, sections) or _new_term_on_its_page(body, published)
    if review is None:
        review = title_review if title_review is not None else (
            title_years[0] if title_years and title_plan is None and doc_type != "plan" else None)
    if plan is None:
        plan = title_plan if title_plan is not None else (
            title_years[1] if len(title_years) > 1 else title_years[0] if doc_type == "plan" and title_years else None)
    plan = plan if plan is not None else announced.plan
    if review is None and not title_years:
        review = announced.review or _opening_year(body, published)
    if review == _MASKED:  # xxxx年是“十四五”的开局之年: the year the plan period's place pins
        review = _plan_period_year(body) or _MASKED
    if review is None and plan not in (None, _MASKED) and doc_type == "summary_and_plan":
        review = plan - 1  # 过去五年工作总结暨2022年计划: the review ends where the plan starts
    if plan is None and has_plan and review not in (None, _MASKED):
        # A plan with no year of its own follows the review: the next year, or the rest of this one.
        plan = review if _HALF_YEAR.search(f"{title}{review_heading}") or so_far else review + 1
    if review is None and plan is None and not has_plan and doc_type in ("summary", None):
        review = _figures_year(body)
    if doc_type == "plan":
        review = None
    return (None if review == _MASKED else review), (None if plan == _MASKED else plan)
