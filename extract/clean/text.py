"""Character- and line-level repairs of report text. Pure functions, one repair each."""
from __future__ import annotations

import re

# Full-width ASCII (Ａ-Ｚ, ０-９, ％, （, ，...) to ASCII so one pattern matches both styles;
# CJK punctuation outside that block (、。“”《》) is left alone because it carries meaning.
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x200B: None, 0xFEFF: None})

_MARKDOWN_BOLD = re.compile(r"(\*\*|__)(.+?)\1")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)

# Where a paragraph may really end; a line ending elsewhere was probably broken by layout.
_TERMINAL = set("。！？!?；;：:…”』」）)")
# Markers that open a heading: 第一部分, 一、, (一), 1. / 1、 (not 1.5, a number).
HEADING_MARKER = re.compile(r"""^(?:
    第[一二三四五六七八九十百]+[部分章节]|
    [一二三四五六七八九十]+[、.．]|
    [(（][一二三四五六七八九十\d]+[)）]|
    \d{1,2}[、.．](?!\d)
)""", re.VERBOSE)
# In-paragraph enumerations (一是, 二是) also start a new line of their own.
_ENUMERATION = re.compile(r"^[一二三四五六七八九十]+是")
DOC_TITLE_WORDS = re.compile(r"政府工作报告|工作总结|工作报告|工作计划|工作安排|工作要点|工作谋划|总结|计划|报告")
_SENTENCE_MARKS = re.compile(r"[，,、。；;]")


def normalize_chars(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_FULLWIDTH)


def strip_markdown(text: str) -> str:
    return _MARKDOWN_HEADING.sub("", _MARKDOWN_BOLD.sub(r"\2", text))


def is_block_start(line: str) -> bool:
    return bool(HEADING_MARKER.match(line) or _ENUMERATION.match(line))


def looks_like_heading(line: str) -> bool:
    """A marked line short enough to be a heading and not yet a sentence."""
    return bool(HEADING_MARKER.match(line)) and len(line) < 50 and "。" not in line


def looks_like_title(line: str) -> bool:
    return len(line) <= 60 and "。" not in line and "," not in line and bool(DOC_TITLE_WORDS.search(line))


def _is_prose(line: str) -> bool:
    return len(line) >= 40 or bool(_SENTENCE_MARKS.search(line)) or bool(_ENUMERATION.match(line))


def should_join(current: str, following: str) -> bool:
    """True when `following` continues a word or number that a line break cut in two."""
    if not current or not following or current[-1] in _TERMINAL:
        return False
    if is_block_start(following):
        return False
    if current[-1].isdigit() or current[-1] == ".":
        return True  # "30.2\n亿元": a number is never the last thing in a paragraph
    if looks_like_heading(current):
        return False
    return _is_prose(current) or (len(following) <= 12 and following[-1] in _TERMINAL)


def join_broken_lines(lines: list[str]) -> list[str]:
    """Glue paragraphs that a page break or copy-paste split mid-word; keep real breaks."""
    joined: list[str] = []
    for line in lines:
        # A title on the first line is never broken prose, whatever its length.
        after_title = len(joined) == 1 and looks_like_title(joined[0])
        if joined and not after_title and should_join(joined[-1], line):
            joined[-1] += line
        else:
            joined.append(line)
    return joined
