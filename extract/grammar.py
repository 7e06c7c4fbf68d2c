"""How reports are written, as clean and parse both read them: where sentences and clauses
end, the markers that open a heading, the words a title ends with.

The cleaner turns full-width ，；：！？ into ASCII; both forms are listed so the patterns
also hold for text that did not go through it. A full stop typed as ASCII "." ends a
sentence too, but not as the point of a decimal (30.2) or a mask (xx.x).
"""
from __future__ import annotations

import re
from functools import cache

_ASCII_STOP = r"(?<![\dxX])\.(?![\dxX])"
SENTENCE_END = re.compile(rf"[。;；!！?？\n]|{_ASCII_STOP}")
# A full stop, not a semicolon: 1-11月,收入18亿元;税收9亿元。 is one statement of one period.
STATEMENT_END = re.compile(rf"[。!！?？\n]|{_ASCII_STOP}")
CLAUSE_END = re.compile(rf"[,，:：。;；!！?？\n]|{_ASCII_STOP}")
# Quotes close a name (“三社联动”) that is not part of the clause around it.
QUOTED_CLAUSE_END = re.compile(rf"[,，:：。;；!！?？\n“”]|{_ASCII_STOP}")
# The same, and 、 between list items: 发现隐患45起、整改45起.
LIST_ITEM_END = re.compile(rf"[,，:：。;；!！?？\n“”、]|{_ASCII_STOP}")
# The minus signs a rate is written with (同比-6.2%, full width in copied pages).
MINUS = "-－"


@cache
def _through_last(pattern: re.Pattern) -> re.Pattern:
    # Greedy: the engine backtracks from the end of the text, so the first match it finds
    # ends the last break, without walking through every earlier one.
    return re.compile(rf"(?s:.*)(?:{pattern.pattern})", pattern.flags)


def after_last(pattern: re.Pattern, text: str) -> int:
    """Where the text after the last match of `pattern` begins (0 when there is none)."""
    match = _through_last(pattern).match(text)
    return match.end() if match else 0


# Markers that open a heading: 第一部分, 一、, (一), 1. / 1、 (not 1.5, a number).
HEADING_MARKER = re.compile(r"""^(?:
    第[一二三四五六七八九十百]+[部分章节]|
    [一二三四五六七八九十]+[、.．]|
    [(（][一二三四五六七八九十\d]+[)）]|
    \d{1,2}[、.．](?!\d)
)""", re.VERBOSE)
# What the genre calls a report's plan part (2024年工作计划, 下半年工作设想), as alternatives.
PLAN_WORDS = "计划|安排|谋划|打算|思路|要点|设想"
# What follows a plan carried out (计划执行情况, 计划的完成情况): a review of it, no plan.
CARRIED_OUT = r"的?(?:执行|完成)情况"
# 规划 alone is a plan of another kind (十四五规划, 规划建设); after 工作 it is the plan part's name
# (2019年工作总结及2020年工作规划).
WORK_PLANNING = "工作规划"
# Unmarked part headings such as "2021年工作总结" or "2022年工作计划" on a line of their own.
PART_HEADING = re.compile(r"^(?:\d{4}|[xX]{2,4})\s*年度?.{0,12}?(?:工作|主要)?"
                          rf"(?:总结|{PLAN_WORDS}|成效|回顾|情况)$")
# What a document's title calls it.
DOC_TITLE_WORDS = re.compile(r"(?:人民)?政府工作报告|(?:社代会|社区代表大会|社区代表会议)(?:上的)?(?:工作)?报告|"
                             rf"工作总结|工作报告|工作(?:{PLAN_WORDS})|{WORK_PLANNING}|"
                             r"工作汇报|总结|计划|报告|汇报")


def looks_like_title(line: str) -> bool:
    return len(line) <= 60 and "。" not in line and "," not in line and bool(DOC_TITLE_WORDS.search(line))
