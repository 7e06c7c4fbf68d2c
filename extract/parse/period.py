"""Period type (actual / target / plan) and time scope of a metric, from its section and sentence."""
from __future__ import annotations

import re

_SPECIFIC_SCOPE = r"""
    截[至止]\s*(?:目前(?:为止)?|[\dx]{2,4}\s*年\s*[\dx]{1,2}\s*月(?:底|末|份)?|[\dx]{1,2}\s*月(?:底|末|份)?(?:[\dx]{1,2}日)?|[\dx]{4}\s*年底?)|
    (?:\d{4}\s*年\s*)?\d{1,2}\s*[至—\-~～]\s*\d{1,2}\s*月份?|
    (?:\d{4}\s*年|今年)以来
"""
_GENERIC_SCOPE = r"全年|今年|本年度|年度|上半年|下半年|前三季度|一季度|暑期|每日|每天|每周|每月|每季度|每年"
SPECIFIC_SCOPE = re.compile(_SPECIFIC_SCOPE, re.VERBOSE)
GENERIC_SCOPE = re.compile(_GENERIC_SCOPE)
SCOPE = re.compile(f"{_SPECIFIC_SCOPE}|{_GENERIC_SCOPE}", re.VERBOSE)
_SENTENCE_START = re.compile(r"[。;；!！?？\n]")
# "完成全年任务(13963.07万元)", "年度目标为…": a quota quoted for comparison. A bare
# "完成任务9941.92万元" is what was done, so the quota needs its period word or brackets.
_TARGET_CUE = re.compile(r"""(?:
    (?:全年|年度|目标|计划|考核)(?:任务|目标|指标)(?:数|值)?\s*[(（:：为是]?|
    (?:任务|目标|指标)(?:数|值)?\s*[(（]
)\s*$""", re.VERBOSE)


def sentence_before(text: str, position: int) -> str:
    head = text[max(0, position - 200):position]
    cut = max((m.end() for m in _SENTENCE_START.finditer(head)), default=0)
    return head[cut:]


def scope_of(text: str, position: int) -> str | None:
    """The last time scope stated earlier in the sentence; a dated one (截至2021年9月底,
    1至10月) beats a generic word (全年) that may belong to a noun like 全年任务."""
    sentence = sentence_before(text, position)
    matches = list(SPECIFIC_SCOPE.finditer(sentence)) or list(GENERIC_SCOPE.finditer(sentence))
    return re.sub(r"\s+", "", matches[-1].group()) if matches else None


def period_of(text: str, position: int, unit: str, section_part: str | None) -> str:
    if section_part == "plan":
        return "plan"
    if unit != "percent" and _TARGET_CUE.search(text[max(0, position - 12):position]):
        return "target"
    return "actual"
