"""A report's own title line: among the first lines, before the prose starts.

Pages copied as text keep a line or two of furniture the cleaner cannot tell from a title
(a column name such as 政府工作报告, a site's menu), and texts cut from a longer page start
with a section heading (一、2022年工作总结) or with prose. A heading or a sentence is never
the title; a bare genre word (工作报告) is the title only when no line that names a year or
an organisation follows it.
"""
from __future__ import annotations

import re

from extract.grammar import DOC_TITLE_WORDS, HEADING_MARKER, PLAN_WORDS, looks_like_title

TITLE_LINES = 4
# A byline glued to its title: 政府工作报告——2024年3月5日在第十四届全国人民代表大会… (a
# decoration such as —全文 stays: it is how the page writes its title).
_BYLINE = re.compile(r"\s*(?:——|—|--)\s*(?=\d{4}\s*年|在)")
# Index numbers and file codes (00548694/2020-00001) are a record's fields, never its title.
_CODE = re.compile(r"\d{5,}|/")
_YEAR = re.compile(r"\d{4}|[xX]{4}")
_DIGIT = re.compile(r"\d")
_SENTENCE = re.compile(r"[。；;!?！？]")
_GENRE_ONLY = re.compile(r"[\s\u4e00-\u9fff]{0,3}")  # 政府工作报告, 区工作报告: no year, no name
# A title set with spaced letters (政 府 工 作 报 告) reads as its words.
_SPACING = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
# Document-sharing sites show the file's name as the title: 庄桥街道…工作思路.docx; list
# pages put the posting date after it: 新江湾城街道社代会报告 2023-03-31.
_FILE_SUFFIX = re.compile(r"\.(?:docx?|wps|pdf|txt)$", re.IGNORECASE)
_POSTED = re.compile(r"\s+\d{4}-\d{1,2}-\d{1,2}$")
# Navigation (首页 > 政务公开 > 计划总结) and a record's labelled fields (主题词: 工作总结) are the
# page's, never the title.
_BREADCRUMB = re.compile(r"[>＞»]")
_FIELD = re.compile(r"^(?P<label>[\u4e00-\u9fff\s]{1,8})[:：][\s|]*")
_TITLE_LABELS = ("名称", "标题", "题名")
_SALUTATION = re.compile(r"(?<=\S)各位[\u4e00-\u9fff、]{0,12}[:：]")
# A forum files a post under its region: [辽宁] 2020年大连市沙河口区政府工作报告.
_FORUM_TAG = re.compile(r"^\[[\u4e00-\u9fff]{2,4}\]\s*")


def _candidate(line: str) -> str | None:
    head = _POSTED.sub("", _FILE_SUFFIX.sub("", _BYLINE.split(line.strip(), maxsplit=1)[0].strip()))
    head = head.split("_", 1)[0].strip().lstrip("+＋")  # a browser's title: 报告_栏目名_某某网站; a menu's +
    head = _FORUM_TAG.sub("", head)
    if field := _FIELD.match(head):  # 信息名称: | 2025年某县政府工作报告 names it; 主题词: … does not
        if not _SPACING.sub("", field.group("label")).endswith(_TITLE_LABELS):
            return None
        head = head[field.end():]
    head = _SALUTATION.split(head, maxsplit=1)[0]  # 2008年工作汇报各位居民代表: the body has begun
    if _BREADCRUMB.search(head):
        return None
    readable = looks_like_title(_SPACING.sub("", head)) and not HEADING_MARKER.match(head)
    return head if readable and not _CODE.search(head) else None


def _is_generic(title: str) -> bool:
    return not _YEAR.search(title) and bool(_GENRE_ONLY.fullmatch(DOC_TITLE_WORDS.sub("", _SPACING.sub("", title))))


# A title the layout ran into its first paragraph or heading: 2020年街道下半年工作计划 2020年是全面…,
# 新塘街道办事处2023年政府工作报告一、2022年工作回顾…,
# 桥头镇2023年度政府工作报告各位代表:…, 乡人民政府2022年上半年工作汇报在县委、县政府的正确领导下…
# Without a year, only a byline or the salutation ends it (颛桥镇人民政府半年工作情况报告 ——2022年…).
_TITLE_END = rf"工作(?:情况)?(?:总结|报告|汇报|{PLAN_WORDS})"
_NOT_TITLE = r"[^\s,，。;；:：!?！？]"
_OPENS_BODY = r"(?=各位代表|\s*(?:——|—|--)\s*(?:\d{4}\s*年|在))"
_RUN_ON_TITLE = re.compile(
    rf"^(?P<title>{_NOT_TITLE}{{0,24}}\d{{4}}\s*年{_NOT_TITLE}{{0,24}}?{_TITLE_END})"
    rf"(?:[ \t]+|(?=\d{{4}}\s*年)|{_OPENS_BODY}|(?=[一1][、.．])|(?=在{_NOT_TITLE}{{0,30}}?(?:领导|人民代表大会|会议)))"
    rf"|^(?P<undated>{_NOT_TITLE}{{2,24}}?{_TITLE_END}){_OPENS_BODY}")


# A document site shows the document's outline (1.…, 2.…; 一、…, 二、…) before its title.
_OUTLINE_MIN = 3
_OUTLINE_CHARS = 40
# A title the layout broke after its joining word: 六横镇2023年工作总结和 / 2024年工作思路.
_JOINED = re.compile(r"[和及与暨、]$")
# A notice that issues the report (…人民政府关于印发政府工作报告的通知) is not the report's
# title: the report's own is the line above its byline (——2024年1月23日在…人民代表大会…).
_NOTICE = re.compile(r"关于印发.{0,30}的通知")
_BYLINE_LINE = re.compile(r"^(?:——|—|--)?\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*在")
_BYLINE_LINES = 20


def _outline_end(lines: list[str]) -> int:
    """The first line after an outline of headings the text opens with (none: 0)."""
    end = 0
    while end < len(lines) and HEADING_MARKER.match(lines[end].strip()) and not _SENTENCE.search(lines[end]) \
            and len(lines[end].strip()) <= _OUTLINE_CHARS:
        end += 1
    return end if end >= _OUTLINE_MIN else 0


def _continued(found: tuple[int, str], lines: list[str]) -> tuple[int, str]:
    """A title broken after its joining word, with its next line (the line break kept, as written)."""
    index, title = found
    following = lines[index + 1].strip() if index + 1 < len(lines) else ""
    if _JOINED.search(title) and following and not _SENTENCE.search(following) and _candidate(following) \
            and not HEADING_MARKER.match(following):
        return index + 1, f"{title}\n{following}"
    return found


def _above_byline(lines: list[str]) -> tuple[int, str] | None:
    """The report's own title: the line above its byline."""
    for index in range(1, min(len(lines), _BYLINE_LINES)):
        if _BYLINE_LINE.match(lines[index].strip()):
            above = lines[index - 1]
            title = None if _SENTENCE.search(above) or HEADING_MARKER.match(above.strip()) else _candidate(above)
            return (index - 1, title) if title and not _NOTICE.search(title) else None
    return None


def title_line(text: str) -> tuple[int, str] | None:
    """(line index, title) of the report's title, or None when the text has none."""
    page = text.split("\n", _CHROME_LINES)[:_CHROME_LINES]
    if (run_on := _RUN_ON_TITLE.match(text)) and not HEADING_MARKER.match(text):
        return _with_its_century((0, run_on.group("title") or run_on.group("undated")), page)
    lines = page[:_BYLINE_LINES]
    start = _outline_end(lines)
    found = None
    for index in range(start, min(start + TITLE_LINES, len(lines))):
        line = lines[index]
        if index == 0 and _SENTENCE.search(line) and not _DIGIT.search(line):
            continue  # a site's blurb about its column (为提高政府工作的透明度…): no figure, no report yet
        if _SENTENCE.search(line) or HEADING_MARKER.match(line.strip()):
            break  # the body has started
        if (title := _candidate(line)) and (found is None or _is_generic(found[1])):
            found = (index, title)
            if not _is_generic(title):
                break
    if found is None or _NOTICE.search(found[1]):
        found = _above_byline(lines) or found
    if found is None:
        found = _past_the_chrome(page, start + TITLE_LINES)
    return _with_its_century(_continued(found, lines), page) if found else None


def _with_its_century(found: tuple[int, str], page: list[str]) -> tuple[int, str]:
    """A document site's header cuts the year's century off the title (11年上半年…工作总结) and
    the page repeats it whole below (2011年上半年…工作总结): the whole one."""
    index, title = found
    if not _CUT_YEAR.match(title):
        return found
    return next(((i, whole) for i, line in enumerate(page) if i > index
                 for whole in (f"19{title}", f"20{title}") if whole in line), found)


_CUT_YEAR = re.compile(r"\d{2}年")


# A portal's record (索引号, 发布机构, … one field a line) or a forum's post header runs to
# dozens of lines before the title: past the first few, a line counts only when it is plainly
# a report's title (a year and the genre's last words), and only before the prose starts.
_CHROME_LINES = 40
_PLAIN_TITLE = re.compile(rf"(?:\d{{4}}|[xX]{{4}})\s*年.{{0,30}}{_TITLE_END}$")


def _past_the_chrome(lines: list[str], start: int) -> tuple[int, str] | None:
    for index in range(start, len(lines)):
        line = lines[index].strip()
        if _SENTENCE.search(line) or HEADING_MARKER.match(line):
            return None
        if (title := _candidate(line)) and _PLAIN_TITLE.search(title):
            return index, title
    return None


def find_title(text: str) -> str | None:
    found = title_line(text)
    return found[1] if found else None
