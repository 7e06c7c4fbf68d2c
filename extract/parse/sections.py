"""Headings of a report, their nesting, and whether each belongs to the review or the plan."""
from __future__ import annotations

import re

from extract.clean.text import HEADING_MARKER
from extract.records import Section

# Unmarked part headings such as "2021年工作总结" or "2022年工作计划" on a line of their own.
_PART_HEADING = re.compile(r"^(?:\d{4}|x{2,4})\s*年度?.{0,12}?(?:工作|主要)?(?:总结|计划|安排|谋划|打算|思路|要点|成效)$")
_PLAN_WORDS = re.compile(r"计划|安排|谋划|打算|思路|展望|要点|任务|下一步|明年|新的一年")
_YEAR = re.compile(r"(\d{4})\s*年")
_REVIEW_WORDS = re.compile(r"总结|成效|回顾|开展情况|完成情况|主要工作|工作情况|成绩|过去")
_MARKER_KIND = (
    ("part", re.compile(r"^第[一二三四五六七八九十百]+[部分章节]")),
    ("cn", re.compile(r"^[一二三四五六七八九十]+[、.．]")),
    ("paren", re.compile(r"^[(（][一二三四五六七八九十]+[)）]")),
    ("arabic", re.compile(r"^\d{1,2}[、.．]")),
    ("paren_arabic", re.compile(r"^[(（]\d+[)）]")),
)
_MAX_HEADING = 50


def heading_of(line: str) -> tuple[str, str] | None:
    """(marker kind, heading text) when the line opens a section, else None.

    A marked line often runs on into its first paragraph ("(六)经济实力稳步增强。1至10月…");
    the heading is the part before the first full stop.
    """
    if _PART_HEADING.match(line):
        return "part", line
    if not HEADING_MARKER.match(line):
        return None
    kind = next(k for k, pattern in _MARKER_KIND if pattern.match(line))
    heading = line.split("。", 1)[0]
    if len(heading) > _MAX_HEADING:
        return None
    return kind, heading


def part_of(heading: str, review_year: int | None = None) -> str | None:
    """review or plan from the heading's words; failing that, a year after the one
    under review ("二、2022年经济社会发展总体要求") marks the plan part."""
    if _PLAN_WORDS.search(heading):
        return "plan"
    if _REVIEW_WORDS.search(heading):
        return "review"
    year = _YEAR.search(heading)
    if year and review_year and int(year.group(1)) > review_year:
        return "plan"
    return None


WHOLE_TEXT = "全文"


def find_sections(text: str, skip_first_line: bool) -> tuple[Section, ...]:
    """Sections in order; a report without headings is one section, so it still has a place. Nesting follows the order in which marker kinds first appear,
    the way numbered outlines work: a kind seen before closes everything opened after it."""
    found: list[tuple[int, str, str]] = []
    offset = 0
    for index, line in enumerate(text.split("\n")):
        head = None if (index == 0 and skip_first_line) else heading_of(line)
        if head:
            found.append((offset, *head))
        offset += len(line) + 1
    if not found:
        return (Section(ordinal=1, level=1, heading=WHOLE_TEXT, path=WHOLE_TEXT, part="review",
                        char_start=0, char_end=len(text)),)
    sections: list[Section] = []
    stack: list[tuple[str, str, str]] = []  # (kind, heading, part)
    review_year = None
    for ordinal, (start, kind, heading) in enumerate(found, 1):
        kinds = [k for k, _, _ in stack]
        if kind in kinds:
            del stack[kinds.index(kind):]
        inherited = next((p for _, _, p in reversed(stack) if p), None)
        part = inherited or part_of(heading, review_year)
        if part == "review" and review_year is None and (year := _YEAR.search(heading)):
            review_year = int(year.group(1))
        stack.append((kind, heading, part or ""))
        end = found[ordinal][0] if ordinal < len(found) else len(text)
        sections.append(Section(ordinal=ordinal, level=len(stack), heading=heading,
                                path=" > ".join(h for _, h, _ in stack), part=part or "review",
                                char_start=start, char_end=end))
    return tuple(sections)


def section_at(sections: tuple[Section, ...], position: int) -> Section | None:
    """The innermost section containing `position` (sections are in text order)."""
    current = None
    for section in sections:
        if section.char_start > position:
            break
        current = section
    return current
