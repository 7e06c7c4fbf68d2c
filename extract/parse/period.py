"""Period type (actual / target / plan) and time scope of a metric, from its section and sentence."""
from __future__ import annotations

import re

from extract.grammar import CLAUSE_END, LIST_ITEM_END, SENTENCE_END, STATEMENT_END, after_last

_D = r"[\dxX]"  # a digit, or a masked one (截至xx月xx日)
_SPECIFIC_SCOPE = rf"""
    截[至止]\s*(?:目前(?:为止)?|{_D}{{2,4}}\s*年\s*{_D}{{1,2}}\s*月(?:底|末|份)?(?:{_D}{{1,2}}日)?
              |(?:今年|本年)?{_D}{{1,2}}\s*月(?:底|末|份)?(?:{_D}{{1,2}}日)?|{_D}{{4}}\s*年底?)
    |(?:\d{{4}}\s*年\s*)?\d{{1,2}}\s*[至—\-~～]\s*\d{{1,2}}\s*月份?
    |(?:\d{{4}}\s*年|今年|去年)以来
    |(?<=[由从])\s*\d{{4}}\s*年(?:底|末)?(?=的?\s*$)
"""
_GENERIC_SCOPE = (r"全年|今年|本年度|年度|上半年|下半年|前三季度|一季度|二季度|三季度|四季度|暑期|寒假"
                  r"|每日|每天|每周|每月|每季度|每年")
SPECIFIC_SCOPE = re.compile(_SPECIFIC_SCOPE, re.VERBOSE)
GENERIC_SCOPE = re.compile(rf"(?<!\d)(?:{_GENERIC_SCOPE})")  # not the 年度 of 2020年度
# Time words that open a clause without being what was counted: a scope, or a plain date
# (10月份, 2021年9月, 5月13日) saying when something happened.
LEADING_TIME = re.compile(rf"""(?:
    {_SPECIFIC_SCOPE}|{_GENERIC_SCOPE}
    |(?:\d{{4}}|[xX]{{4}})\s*年(?:\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?)?(?:份|底|末|初)?
    |\d{{1,2}}\s*月(?:份|底|末|初|上旬|中旬|下旬)?(?:\s*\d{{1,2}}\s*日)?
    |目前|当前|近年来|一年来|去年|明年|年内
)(?:以来|期间|中|内)?""", re.VERBOSE)
# "完成全年任务(13963.07万元)", "年度目标为…": a quota quoted for comparison. A bare
# "完成任务9941.92万元" is what was done, so the quota needs its period word or brackets.
_TARGET_CUE = re.compile(r"""(?:
    (?:全年|年度|目标|计划|考核)(?:任务|目标|指标)(?:数|值)?\s*[(:为是]?|
    (?:任务|目标|指标)(?:数|值)?\s*[(]
)\s*$""", re.VERBOSE)
# Words that put an intention in a review section: 力争引进企业20家, 下一步将新建3个站点.
# Not: 将 (in reviews it mostly marks an object: 将辖区划分为14个网格), 计划 (as often a plan
# carried out: 完成年度计划), 争取 (as often funds secured: 争取上级资金300万元).
_PLAN_CUE = re.compile(r"力争|拟|下一步|明年|下一年|新的一年")
# These open a whole sentence of intentions: 下一步,将新建停车位200个.
_PLAN_SENTENCE_CUE = re.compile(r"^\s*(?:下一步|新的一年|今后)")
_LOOKBACK = 200


def sentence_before(text: str, position: int) -> str:
    head = text[max(0, position - _LOOKBACK):position]
    return head[after_last(SENTENCE_END, head):]


def statement_before(text: str, position: int) -> str:
    """The text back to the last full stop: the semicolons of a list of figures do not end
    the period its opening words state (今年1-11月,…18亿元;…9亿元); nor does a line break in
    mid-sentence (截止今年11月底,全镇实现\n财政收入…), after a line that runs on from a comma."""
    head = text[max(0, position - _LOOKBACK):position]
    start = after_last(STATEMENT_END, head)
    while start > 0 and head[start - 1] == "\n":
        line_start = head.rfind("\n", 0, start - 1) + 1
        statement = line_start + after_last(STATEMENT_END, head[line_start:start - 1])
        if not _RUN_ON.search(head, statement, start - 1):
            break
        start = statement
    return head[start:]


# A statement broken off by a line break: a comma, then words without a stop (…,全镇实现).
_RUN_ON = re.compile(r"[,，][^,，;；:：]*[\u4e00-\u9fff]$")


def _clause_before(text: str, position: int) -> str:
    head = text[max(0, position - _LOOKBACK):position]
    return head[after_last(CLAUSE_END, head):]


# 从2280亿元增长到3200亿元: a level moved from is the base period's, whose year is not said, or
# is said as the end of a plan period (由“十一五”末的55.8亿元增加到…, 从上年的…).
_FROM_BASE = re.compile(r"[由从](?:(?!于|此|而)[^,，。;；\d]{0,8}?(?:末|年|底)的?)?\s*$")
BASE_PERIOD = "基期"
# (not 全年任务, a quota; not 今年1-9月, 今年以来: the dated scope says more)
_OPENING_SCOPE = re.compile(rf"\s*((?:{_GENERIC_SCOPE}))(?!任务|目标|计划|指标|以来|\s*[\dxX])")


def scope_of(sentence: str) -> str | None:
    """The last time scope stated in `sentence`, the statement up to the metric; a dated one
    (截至2021年9月底, 1至10月) beats a generic word (全年) that may belong to a noun like 全年任务."""
    if _FROM_BASE.search(sentence):
        return BASE_PERIOD
    clause = sentence[after_last(LIST_ITEM_END, sentence):]
    if opening := _OPENING_SCOPE.match(clause):
        # 截至11月底,财政收入2776万元,全年有望完成2800万元: the figure's own clause opens with its period.
        return opening.group(1)
    matches = list(SPECIFIC_SCOPE.finditer(sentence)) or list(GENERIC_SCOPE.finditer(sentence))
    return re.sub(r"\s+", "", matches[-1].group()) if matches else None


def period_of(text: str, position: int, unit: str, section_part: str | None, sentence: str) -> str:
    """`sentence` is the sentence up to the metric (`sentence_before`)."""
    if section_part == "plan":
        return "plan"
    if unit != "percent" and _TARGET_CUE.search(text[max(0, position - 12):position]):
        return "target"
    if _PLAN_CUE.search(_clause_before(text, position)) or _PLAN_SENTENCE_CUE.search(sentence):
        return "plan"
    return "actual"
