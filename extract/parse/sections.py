"""Headings of a report, their nesting, and whether each belongs to the review or the plan."""
from __future__ import annotations

import re
from bisect import bisect_right

from extract.grammar import HEADING_MARKER, PART_HEADING, PLAN_WORDS
from extract.records import Section

# 二、2025年重点工作: the year's key work is what a plan part lists (重点工作扎实推进 is not dated).
_PLAN_WORDS = re.compile(rf"{PLAN_WORDS}|展望|任务|下一步|明年|新的一年|(?:\d{{4}}\s*年|今年)的?(?:重点工作|工作重点)")
_YEAR = re.compile(r"(\d{4})\s*年")
# A plan carried out (计划执行情况) is reviewed.
_REVIEW_WORDS = re.compile(r"总结|成效|回顾|(?:开展|完成|执行|推进|进展|落实|工作)情况|主要工作|成绩|过去")
_MARKER_KIND = (
    ("part", re.compile(r"^第[一二三四五六七八九十百]+[部分章节]")),
    ("cn", re.compile(r"^[一二三四五六七八九十]+[、.．]")),
    ("paren", re.compile(r"^[(（][一二三四五六七八九十]+[)）]")),
    ("arabic", re.compile(r"^\d{1,2}[、.．]")),
    ("paren_arabic", re.compile(r"^[(（]\d+[)）]")),
)
_MAX_HEADING = 50
# A review's title broken after its conjunction (…工作总结及 / 2021年工作计划): the next line ends it.
_RUNS_ON = re.compile(r"(?:总结|回顾|情况)\s*[和及暨与]\s*$")


def heading_of(line: str) -> tuple[str, str] | None:
    """(marker kind, heading text) when the line opens a section, else None.

    A marked line often runs on into its first paragraph ("(六)经济实力稳步增强。1至10月…");
    the heading is the part before the first full stop, or on a page flattened to one line
    the part before the space that ends it ("一、2024年工作回顾 过去一年,我们…").
    """
    if PART_HEADING.match(line):
        return "part", line
    if not (marker := HEADING_MARKER.match(line)):
        return None
    kind = next(k for k, pattern in _MARKER_KIND if pattern.match(line))
    heading = line.split("。", 1)[0]
    if len(heading) > _MAX_HEADING:
        heading = re.split(r"\s+", heading[marker.end():].lstrip(), maxsplit=1)[0]
        heading = line[:marker.end()] + heading if 1 < len(heading) < _MAX_HEADING else ""
    return (kind, heading) if heading else None


def part_of(heading: str, review_year: int | None = None) -> str | None:
    """review or plan from the heading's words, a review word first since a review names
    its plan (一、2022年目标任务完成情况); failing that, a year after the one under review
    ("二、2022年经济社会发展总体要求") marks the plan part."""
    if _REVIEW_WORDS.search(heading):
        return "review"
    if _PLAN_WORDS.search(heading):
        return "plan"
    year = _YEAR.search(heading)
    if year and review_year and int(year.group(1)) > review_year:
        return "plan"
    return None


WHOLE_TEXT = "全文"
PREAMBLE = "前言"


def _whole_text_part(title: str | None) -> str:
    """A report without headings is a plan only when its title says so and nothing else
    (幸福社区2025年工作计划); 工作总结及工作计划 with no headings reads as a review."""
    if title and _PLAN_WORDS.search(title) and not _REVIEW_WORDS.search(title):
        return "plan"
    return "review"


def find_sections(text: str, title_at: tuple[int, str] | None = None) -> tuple[Section, ...]:
    """Sections in order; `title_at` is the (line index, text) of the report's title, and no
    line up to it opens a section. A report without headings is one section, so it still has a
    place. Nesting follows the order in which marker kinds first appear, the way numbered
    outlines work: a kind seen before closes everything opened after it."""
    title_index, title = title_at or (-1, None)
    found: list[tuple[int, str, str]] = []
    offset, body_start = 0, 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        continued = index > 0 and bool(_RUNS_ON.search(lines[index - 1]))
        head = None if index <= title_index or continued else heading_of(line)
        if head:
            found.append((offset, *head))
        offset += len(line) + 1
        if index == title_index:
            body_start = offset
    if not found:
        return (Section(ordinal=1, level=1, heading=WHOLE_TEXT, path=WHOLE_TEXT, part=_whole_text_part(title),
                        char_start=0, char_end=len(text)),)
    outline: list[tuple[int, int, str, str, str]] = []  # (start, level, heading, path, part)
    if text[body_start:found[0][0]].strip():  # 各位代表:…, 过去一年…: the text before the first heading
        outline.append((body_start, 1, PREAMBLE, PREAMBLE, "preamble"))
    stack: list[tuple[str, str, str]] = []  # (kind, heading, part)
    review_year = None
    for start, kind, heading in found:
        kinds = [k for k, _, _ in stack]
        if kind in kinds:
            del stack[kinds.index(kind):]
        inherited = next((p for _, _, p in reversed(stack) if p), None)
        part = inherited or part_of(heading, review_year)
        if part == "review" and review_year is None and (year := _YEAR.search(heading)):
            review_year = int(year.group(1))
        stack.append((kind, heading, part or ""))
        outline.append((start, len(stack), heading, " > ".join(h for _, h, _ in stack), part or "review"))
    return tuple(Section(ordinal=ordinal, level=level, heading=heading, path=path, part=part,
                         char_start=start, char_end=end)
                 for ordinal, ((start, level, heading, path, part), end)
                 in enumerate(zip(outline, _section_ends(outline, len(text))), 1))


def _section_ends(outline: list[tuple[int, int, str, str, str]], text_end: int) -> list[int]:
    """A section runs to the next heading at its own level or above, so it holds its
    subsections: 一、 ends where 二、 starts, not where its (一) does."""
    ends = [text_end] * len(outline)
    open_sections: list[int] = []
    for index, (start, level, *_) in enumerate(outline):
        while open_sections and outline[open_sections[-1]][1] >= level:
            ends[open_sections.pop()] = start
        open_sections.append(index)
    return ends


def section_finder(sections: tuple[Section, ...]):
    """A function giving the innermost section that contains a position: the last one to
    start before it, since sections are in text order and a subsection starts after its parent."""
    starts = [s.char_start for s in sections]

    def section_at(position: int) -> Section | None:
        index = bisect_right(starts, position) - 1
        return sections[index] if index >= 0 else None

    return section_at
