"""A report's own title line: among the first lines, before the prose starts.

Pages copied as text keep a line or two of furniture the cleaner cannot tell from a title
(a column name such as 政府工作报告, a site's menu), and texts cut from a longer page start
with a section heading (一、2022年工作总结) or with prose. A heading or a sentence is never
the title; a bare genre word (工作报告) is the title only when no line that names a year or
an organisation follows it.
"""
from __future__ import annotations

import re

from extract.clean.text import DOC_TITLE_WORDS, HEADING_MARKER, looks_like_title

TITLE_LINES = 4
# A byline glued to its title: 政府工作报告——2024年3月5日在第十四届全国人民代表大会… (a
# decoration such as —全文 stays: it is how the page writes its title).
_BYLINE = re.compile(r"\s*(?:——|—|--)\s*(?=\d{4}\s*年|在)")
# Index numbers and file codes (00548694/2020-00001) are a record's fields, never its title.
_CODE = re.compile(r"\d{5,}|/")
_YEAR = re.compile(r"\d{4}|[xX]{4}")
_SENTENCE = re.compile(r"[。；;!?！？]")
_GENRE_ONLY = re.compile(r"[\s\u4e00-\u9fff]{0,3}")  # 政府工作报告, 区工作报告: no year, no name
# A title set with spaced letters (政 府 工 作 报 告) reads as its words.
_SPACING = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
# Document-sharing sites show the file's name as the title: 庄桥街道…工作思路.docx
_FILE_SUFFIX = re.compile(r"\.(?:docx?|wps|pdf|txt)$", re.IGNORECASE)


def _candidate(line: str) -> str | None:
    head = _FILE_SUFFIX.sub("", _BYLINE.split(line.strip(), maxsplit=1)[0].strip())
    readable = looks_like_title(_SPACING.sub("", head)) and not HEADING_MARKER.match(head)
    return head if readable and not _CODE.search(head) else None


def _is_generic(title: str) -> bool:
    return not _YEAR.search(title) and bool(_GENRE_ONLY.fullmatch(DOC_TITLE_WORDS.sub("", _SPACING.sub("", title))))


# A title the layout ran into its first paragraph: 2020年街道下半年工作计划 2020年是全面….
_RUN_ON_TITLE = re.compile(r"^(?P<title>[^\s,，。;；:：!?！？]{0,24}\d{4}\s*年[^\s,，。;；:：!?！？]{0,24}?"
                           r"(?:工作总结|工作计划|工作报告|工作要点|工作安排|工作思路|工作打算))(?:[ \t]+|(?=\d{4}\s*年))")


def title_line(text: str) -> tuple[int, str] | None:
    """(line index, title) of the report's title, or None when the text has none."""
    if (run_on := _RUN_ON_TITLE.match(text)) and not HEADING_MARKER.match(text):
        return 0, run_on.group("title")
    found = None
    for index, line in enumerate(text.split("\n", TITLE_LINES)[:TITLE_LINES]):
        if _SENTENCE.search(line) or HEADING_MARKER.match(line.strip()):
            break  # the body has started
        if (title := _candidate(line)) and (found is None or _is_generic(found[1])):
            found = (index, title)
            if not _is_generic(title):
                break
    return found


def find_title(text: str) -> str | None:
    found = title_line(text)
    return found[1] if found else None
