"""Metric spans: a number, optional multiplier and qualifier, and a unit or measure word.

Candidates come from one pattern; the exclusions of the metric contract (ordinals, quoted
titles, place references, time frames) are then applied as small named rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.parse.numerals import CHINESE_DIGITS, arabic_value, chinese_value, is_masked
from extract.parse.segment import starts_a_word
from extract.parse.units import UNIT_PATTERN, canonical

_QUALIFIER = {
    "约": "approx", "近": "approx", "将近": "approx", "左右": "approx",
    "余": "more_than", "多": "more_than", "超": "more_than", "超过": "more_than", "逾": "more_than",
    "以上": "more_than",
    "不到": "less_than", "不足": "less_than", "以下": "less_than", "以内": "less_than",
}

_CANDIDATE = re.compile(rf"""
    (?:(?P<qpre>将近|超过|不到|不足|约|近|超|逾)\s*)?
    (?:(?P<low>\d+(?:\.\d+)?)\s*[-~～—至到]\s*)?
    (?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|x+(?:\.x+)?|[{CHINESE_DIGITS}]+)
    \s*(?P<mult>万亿|[万亿千])?
    (?P<qmid>余|多)?\s*
    (?P<unit>{UNIT_PATTERN})
    (?P<qpost>左右|以上|以下|以内)?
""", re.VERBOSE)

# Characters that, right before a number, make it part of a code, a formula or an ordinal.
_GLUED_BEFORE = re.compile(r"[A-Za-z0-9.+\-/:#×*第]$")
_TIME_FRAME_UNITS = ("day", "month")
_CLAUSE_END = re.compile(r"[,，。;；!！?？]")
# 三项, 两个, 二十届: small Chinese numerals read as slogans and names far more often than
# as data; only large magnitudes (近万人次, 三万余人) are taken.
_CHINESE_MAGNITUDE = re.compile("[万亿]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    value: float | None
    unit: str
    classifier: str | None
    qualifier: str
    masked: bool


def quoted_title_ranges(text: str) -> list[tuple[int, int]]:
    """Spans inside 《…》: numbers there belong to the title of another document."""
    ranges, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "《":
            depth += 1
            if depth == 1:
                start = index
        elif char == "》" and depth:
            depth -= 1
            if depth == 0:
                ranges.append((start, index + 1))
    return ranges


def _qualifier(text: str, match: re.Match) -> str:
    for group in ("qpre", "qmid", "qpost"):
        word = match.group(group)
        if word and (group != "qpre" or starts_a_word(text, match.start("qpre"))):
            return _QUALIFIER[word]
    return "more_than" if match.group("low") else "exact"


def _qualifier_is_word(text: str, match: re.Match) -> bool:
    """签约2100名 is not 约 2100: the qualifier counts only when it is a word of its own."""
    return bool(match.group("qpre")) and starts_a_word(text, match.start("qpre"))


def _value(match: re.Match) -> tuple[float | None, bool]:
    token, multiplier = match.group("num"), match.group("mult")
    if is_masked(token):
        return None, True
    if token[0] in CHINESE_DIGITS:
        return chinese_value(token + (multiplier or "")), False
    # A range is stored by its lower bound with qualifier more_than ("4-6 个").
    return arabic_value(match.group("low") or token, multiplier), False


def _rejected(text: str, match: re.Match, unit: str, value: float | None, quoted) -> bool:
    start = match.start("num") if not match.group("low") else match.start("low")
    before = text[max(0, start - 1):start].strip() if not match.group("qpre") else ""
    if _GLUED_BEFORE.search(before) or (match.group("num")[0] == "x" and re.search(r"[A-Za-z]$", before)):
        return True
    if any(a <= match.start() < b for a, b in quoted):
        return True
    after = text[match.end():match.end() + 1]
    if unit == "m" and after == "段":  # "大堤 7-8 公里段": a stretch of dike, not work done
        return True
    if match.group("unit") == "位" and after == "次":  # 位次 is a ranking
        return True
    numeral = match.group("num")
    if numeral[0] in CHINESE_DIGITS:
        # 万家, 千亿斤 (a programme's name): a bare magnitude is an idiom or a name unless a
        # qualifier makes it a count (近万人次).
        bare = numeral[0] in "十百千万亿" and not (match.group("qpre") or match.group("qmid"))
        return bare or not _CHINESE_MAGNITUDE.search(numeral + (match.group("mult") or "")) or unit == "CNY"
    return False


def candidate_spans(text: str) -> list[Span]:
    quoted = quoted_title_ranges(text)
    spans = []
    for match in _CANDIDATE.finditer(text):
        unit, factor, classifier = canonical(match.group("unit"))
        try:
            value, masked = _value(match)
        except ValueError:
            continue
        if _rejected(text, match, unit, value, quoted):
            continue
        start = match.start() if _qualifier_is_word(text, match) else match.start("low") if match.group("low") \
            else match.start("num")
        spans.append(Span(start, match.end(), None if masked else round(value * factor, 6), unit, classifier,
                          _qualifier(text, match), masked))
    return _drop_time_frames(text, spans)


def _drop_time_frames(text: str, spans: list[Span]) -> list[Span]:
    """A duration that opens a clause holding another quantity is that quantity's scope:
    in "2天集中献血总量达519个单位" the 2天 says over what time, it is not work done."""
    kept = []
    for index, span in enumerate(spans):
        if span.unit in _TIME_FRAME_UNITS and index + 1 < len(spans):
            following = spans[index + 1]
            if not _CLAUSE_END.search(text[span.end:following.start]):
                continue
        kept.append(span)
    return kept
