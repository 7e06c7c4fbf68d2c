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
# Tags that cannot open an indicator: prepositions, conjunctions, particles, pronouns, numerals.
# Time words may (全年任务); a time scope opening the clause is removed before this.
_NOT_LEADING = ("p", "c", "u", "r", "m", "q", "x", "w", "f")
# Words that sit between an indicator and its number ("收入达1548万元", "共有5个").
# Direction words (增长, 下降, 同比) are not here: the contract keeps them in the indicator.
_LINKING = {"达", "达到", "为", "是", "了", "共", "共计", "计", "合计", "总计", "有", "约", "近", "超过", "超", "逾",
            "累计达", "均", "已", "将", "的", "等", "完成"}
# Words that introduce the level reached (城镇化率提高到66.2%, 赤字率拟按3%): the indicator is
# what precedes them, whichever way jieba splits them.
_LEVEL_LINK = re.compile(r"(?:(?:提高|上升|下降|增加|减少|增长|降低)?(?:到|至)|拟按?|按|平均为?|分别为?)$")
_NOUN_HEAD = ("n", "nz", "ns", "nt", "nr", "j", "l")
_NOUNISH = (*_NOUN_HEAD, "vn", "an")
_QUOTED_NAME = re.compile(r"^“([^”]{1,12})”")
_LEADING_SCOPE = re.compile(rf"^(?:{SCOPE.pattern})", re.VERBOSE)
_NUMERAL_CHARS = re.compile(r"[\dx一二三四五六七八九十百千万亿两几多]")
_STOP_RIGHT = ("x", "w", "u", "p", "c", "d", "m", "r", "eng", "q")
_MAX_CHARS = 14
_MAX_RIGHT = 8
_RATE_WORD = re.compile(r"(?:同比|环比)?(?:增速|增长|增幅|下降|降幅|减少|提高|占比|比重)")
_SENTENCE_END = re.compile(r"[。;；!！?？\n]")


def _clause_before(text: str, start: int, floor: int) -> str:
    head = text[floor:start]
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(head)), default=0)
    return head[cut:]


def _cannot_lead(word: str, flag: str) -> bool:
    # jieba tags 全年 as a numeral; only tokens holding an actual number are dropped.
    if flag.startswith("m"):
        return bool(_NUMERAL_CHARS.search(word))
    return flag.startswith(_NOT_LEADING)


def _left_phrase(clause: str) -> tuple[str, bool]:
    """The phrase before the number, and whether it ends in a verb (拨付, 投入) whose object,
    the thing measured, then follows the number."""
    clause = clause.replace("(", "").replace(")", "").strip()
    # Only a scope that opens the clause is dropped: 全年 in 全年任务 is part of the noun.
    while (scope := _LEADING_SCOPE.match(clause)) and scope.end():
        clause = clause[scope.end():].lstrip()
    tokens = [(w, f) for w, f in tagged(clause) if w.strip()]
    while tokens and (tokens[-1][0] in _LINKING or tokens[-1][1].startswith(("u", "x", "w"))):
        tokens.pop()
    while tokens and (_cannot_lead(*tokens[0]) or tokens[0][0] in _LINKING):
        tokens.pop(0)
    phrase = ""
    for word, _ in reversed(tokens):
        if len(phrase) + len(word) > _MAX_CHARS:
            break
        phrase = word + phrase
    trimmed = _LEVEL_LINK.sub("", phrase)
    return (trimmed or phrase), bool(tokens) and tokens[-1][1].startswith("v")


def _right_phrase(text: str, end: int) -> str:
    """The thing counted after a measure word: modifiers (升级示范样板, 最美党群中心) then nouns,
    up to the first verb after a noun (卡口|实行), a particle or another number."""
    rest = text[end:end + 16]
    if quoted := _QUOTED_NAME.match(rest):  # 10项“民生微实事”: the quoted name is what was counted
        return quoted.group(1)
    tail = _CLAUSE_BREAK.split(rest.removeprefix("的"), maxsplit=1)[0]
    phrase, seen_noun = "", False
    for word, flag in tagged(tail):
        if flag.startswith(_STOP_RIGHT) or word in _LINKING or (seen_noun and not flag.startswith(_NOUNISH)):
            break
        seen_noun = seen_noun or flag.startswith(_NOUN_HEAD)
        phrase += word
        if len(phrase) >= _MAX_RIGHT:
            break
    return phrase if seen_noun else ""


def indicator_for(text: str, start: int, end: int, floor: int, counts_things: bool,
                  previous: str | None = None) -> str:
    """Indicator for the metric text[start:end]; `floor` is where the previous metric ended,
    so two metrics in one clause do not share words. A bare rate word (增速, 同比增长) refers
    to the quantity named just before it in the sentence, `previous`."""
    left, ends_in_verb = _left_phrase(_clause_before(text, start, floor))
    right = _right_phrase(text, end) if counts_things or ends_in_verb else ""
    if _RATE_WORD.fullmatch(left) and previous and len(previous) <= _MAX_CHARS - 4 \
            and not _SENTENCE_END.search(text[floor:start]):
        left = previous + left
    return (left + right)[:_MAX_CHARS * 2]
