"""The indicator: the short phrase that says what a number counts, from the words around it.

Left of the number the clause usually names the action or the measure (完成地方财政一般预算收入);
right of a measure word usually comes the thing counted (组建 9 个工作组). jieba's
part-of-speech tags decide where each side stops.
"""
from __future__ import annotations

import re

from extract.parse.period import SCOPE
from extract.parse.segment import tagged

_CLAUSE_BREAK = re.compile(r"[,，。;；!！?？、:：\n“”]")
# Tags that cannot open an indicator: prepositions, conjunctions, particles, pronouns, numerals, time.
_NOT_LEADING = ("p", "c", "u", "r", "m", "q", "t", "x", "w", "f")
# Words that sit between an indicator and its number ("收入达1548万元", "共有5个").
_LINKING = {"达", "达到", "为", "是", "了", "共", "共计", "计", "合计", "总计", "有", "约", "近", "超过", "超", "逾",
            "累计达", "均", "已", "将", "的", "等", "增长", "同比", "完成"}
_NOUNISH = ("n", "vn", "nz", "ns", "nt", "nr", "j", "l", "an")
_STOP_RIGHT = ("x", "w", "u", "p", "c", "d", "m", "r", "eng", "q")
_MAX_CHARS = 14
_MAX_RIGHT = 8


def _clause_before(text: str, start: int, floor: int) -> str:
    head = text[floor:start]
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(head)), default=0)
    return head[cut:]


def _left_phrase(clause: str) -> tuple[str, bool]:
    """The phrase before the number, and whether it ends in a verb (拨付, 投入) whose object,
    the thing measured, then follows the number."""
    clause = SCOPE.sub("", clause).replace("(", "").replace(")", "").strip()
    tokens = [(w, f) for w, f in tagged(clause) if w.strip()]
    while tokens and (tokens[-1][0] in _LINKING or tokens[-1][1].startswith(("u", "x", "w"))):
        tokens.pop()
    while tokens and (tokens[0][1].startswith(_NOT_LEADING) or tokens[0][0] in _LINKING):
        tokens.pop(0)
    phrase = ""
    for word, _ in reversed(tokens):
        if len(phrase) + len(word) > _MAX_CHARS:
            break
        phrase = word + phrase
    return phrase, bool(tokens) and tokens[-1][1].startswith("v")


def _right_phrase(text: str, end: int) -> str:
    """The thing counted after a measure word: modifiers (升级示范样板, 最美党群中心) then nouns,
    up to the first verb after a noun (卡口|实行), a particle or another number."""
    tail = _CLAUSE_BREAK.split(text[end:end + 16], maxsplit=1)[0]
    phrase, seen_noun = "", False
    for word, flag in tagged(tail):
        if flag.startswith(_STOP_RIGHT) or word in _LINKING or (seen_noun and not flag.startswith(_NOUNISH)):
            break
        seen_noun = seen_noun or flag.startswith(_NOUNISH)
        phrase += word
        if len(phrase) >= _MAX_RIGHT:
            break
    return phrase if seen_noun else ""


def indicator_for(text: str, start: int, end: int, floor: int, counts_things: bool) -> str:
    """Indicator for the metric text[start:end]; `floor` is where the previous metric ended,
    so two metrics in one clause do not share words."""
    left, ends_in_verb = _left_phrase(_clause_before(text, start, floor))
    right = _right_phrase(text, end) if counts_things or ends_in_verb else ""
    return (left + right)[:_MAX_CHARS * 2]
