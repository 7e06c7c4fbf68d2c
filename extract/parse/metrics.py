"""Metric spans: a number, optional multiplier and qualifier, and a unit or measure word.

Candidates come from one pattern; the exclusions of the metric contract (codes, ordinals,
names and slogans, place references, time frames, denominators) are then applied as
small named rules, each a predicate over one candidate.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from extract.grammar import CLAUSE_END, MINUS, SENTENCE_END, after_last
from extract.parse.numerals import (
    ARABIC,
    CHINESE_DIGITS,
    MASK,
    MASK_CHARS,
    arabic_value,
    chinese_value,
    is_bare_magnitude,
    is_chinese,
    is_masked,
    scaled,
)
from extract.parse.segment import Segmented
from extract.parse.units import DURATION_ONLY, UNIT_PATTERN, canonical

# Qualifiers by where they stand: 约286处, 20余名 / 600余万元, 94%以上.
_PREFIX_QUALIFIERS = {
    "约": "approx", "近": "approx", "将近": "approx", "大约": "approx",
    "超": "more_than", "超过": "more_than", "逾": "more_than", "不少于": "more_than", "不低于": "more_than",
    "不到": "less_than", "不足": "less_than", "不超过": "less_than", "不高于": "less_than",
}
_INFIX_QUALIFIERS = {"余": "more_than", "多": "more_than"}
_SUFFIX_QUALIFIERS = {"左右": "approx", "以上": "more_than", "以下": "less_than", "以内": "less_than"}
_QUALIFIER = {**_PREFIX_QUALIFIERS, **_INFIX_QUALIFIERS, **_SUFFIX_QUALIFIERS}


def _alternatives(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))  # longest first: 不超过 before 超过


_MULTIPLIER = "万亿|[万亿千]"
# Every character a number can begin with. As a lookahead it lets the regex engine skip
# the other positions at once instead of trying each optional group there: 3-4× faster.
_NUMBER_START = "".join(sorted({word[0] for word in _PREFIX_QUALIFIERS})) + r"\d" + MASK_CHARS + CHINESE_DIGITS
# Spaces, never line breaks: the cleaner already joined numbers a line break had cut.
_NUMBER = rf"""
    (?=[{_NUMBER_START}])
    (?:(?P<qpre>{_alternatives(_PREFIX_QUALIFIERS)})[ \t]*)?
    (?:(?P<low>{ARABIC})[ \t]*[-~～—至到][ \t]*)?
    (?P<num>{ARABIC}|{MASK}|[{CHINESE_DIGITS}]+)
    [ \t]*(?P<mult>{_MULTIPLIER})?
    (?P<qmid>{_alternatives(_INFIX_QUALIFIERS)})?[ \t]*
    (?P<mult_after>{_MULTIPLIER})?       # 600余万元: the qualifier can come first
"""
_CANDIDATE = re.compile(rf"""{_NUMBER}
    (?P<unit>{UNIT_PATTERN})
    (?P<qpost>{_alternatives(_SUFFIX_QUALIFIERS)})?
""", re.VERBOSE)
# 营业收入超过2000万, 税收3.2亿: money written without 元 (the contract's "万 / 亿 where the
# context is money"), taken only when the clause before it names money.
_BARE_AMOUNT = re.compile(rf"""{_NUMBER}
    (?P<qpost>左右|以上|以下|以内)?
""", re.VERBOSE)
_MONEY_WORD = re.compile(r"收入|投资|资金|税收|税金|纳税|产值|营业额|营收|总额|经费|支出|销售额|金额|生产总值|增加值"
                         r"|利润|贷款|存款|补贴|补助|奖补|融资|预算|成交额|交易额|资产|GDP"
                         r"|零售额|批零|住餐|社零")  # 限上批零住餐0.61亿: wholesale, retail, hotel and catering sales
_MONEY_REACH = 16
_ENDS_AMOUNT = ("v", "p", "c", "u", "d")
# 百分之三十五: the spelled-out percent.
_SPELLED_PERCENT = re.compile(r"百分之(?P<num>[零〇一二两三四五六七八九十百点]+)")

# Right before a number these make it part of a code, a formula or an ordinal:
# 5G, 1+5+X, 7×24, 0791-8622, 第3.
_GLUED_BEFORE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.+-/#×*第")
# 每x个隔离周期, 每万人: a number after 每 is the denominator of a rate, not a quantity.
_DENOMINATOR_BEFORE = "每"
# Durations stated as metrics: 持续3年, 历时3个月. Elsewhere 3年 names a time, not work done.
_DURATION_CUE = re.compile(r"(?:持续|连续|历时|长达|为期|坚持|累计|用时|耗时|期限|缩短|满)[ \t]*$")
# 度 is a kilowatt-hour only where the clause is about electricity (用电1.2万度), not 37.5度.
_ELECTRICITY_BEFORE = re.compile(r"电[^，,。；;]{0,8}$")
_TIME_FRAME_UNITS = ("day", "month", "year")
_LOCATION_BEFORE = re.compile(r"(?:海拔|距|距离|相距|离)[^,，。;；]{0,6}$")
_TIME_UNITS = ("day", "hour", "month", "year")
_TIME_LIMIT_AFTER = frozenset("内后前来")
_RANK_UNITS = ("位", "名")
# A position in a ranking (全省76位), what it moved to (上升至57位) or by (前进3位), in a sentence
# about a ranking, and how it moved on after it (…76位上升至).
_MOVED = "上升|下降|前移|后移|前进|后退|提升|跃升"
_RANKED_AT = re.compile(rf"(?:全[国省市区县]|[至到居列]|{_MOVED})$")
_RANKING = re.compile(r"排名|位次|名次|排位|排序|考核|评价|评比|测评|指数|榜")
_RANK_MOVE = re.compile(rf"{_MOVED}|提高")
_RANK_REACH = 60
_TITLE_BRACKET = re.compile("[《》]")
_SHORT_QUOTE = re.compile(r"“[^“”\n]{1,20}”|‘[^‘’\n]{1,20}’")
_LEADING_ZERO = re.compile(r"0\d")
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    value: float | None
    unit: str
    classifier: str | None
    qualifier: str
    masked: bool


class _Candidate:
    """One pattern match and what the rules need to judge it. Every field is read from the
    match once: a report has dozens of candidates and each meets a dozen rules."""

    __slots__ = ("segmented", "text", "match", "unit", "numeral", "number_start", "char_before", "char_after")

    def __init__(self, segmented: Segmented, match: re.Match, unit: str):
        self.segmented, self.text, self.match, self.unit = segmented, segmented.text, match, unit
        start, end = match.span()
        self.numeral = match.group("num")
        self.number_start = match.start("low") if match.group("low") else match.start("num")
        self.char_before = self.text[start - 1] if start else ""
        self.char_after = self.text[end:end + 1]

    def has_qualifier(self) -> bool:
        return bool(self.match.group("qpre") or self.match.group("qmid"))


@dataclass(frozen=True)
class Quoted:
    """Disjoint spans, in order, inside 《…》 (titles of other documents, nested, any length)
    and short “…” or ‘…’ quotes (names, slogans, event codes: “30条举措”, “330”)."""

    ranges: tuple[tuple[int, int], ...]
    starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Quoted:
        ranges, depth, start = [], 0, 0
        for bracket in _TITLE_BRACKET.finditer(text):
            if bracket.group() == "《":
                depth += 1
                if depth == 1:
                    start = bracket.start()
            elif depth:
                depth -= 1
                if depth == 0:
                    ranges.append((start, bracket.end()))
        ranges += [m.span() for m in _SHORT_QUOTE.finditer(text)]
        merged: list[tuple[int, int]] = []
        for start, end in sorted(ranges):  # a quote inside a title is covered by the title
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return cls(tuple(merged), tuple(a for a, _ in merged))

    def covers(self, position: int) -> bool:
        index = bisect_right(self.starts, position) - 1
        return index >= 0 and position < self.ranges[index][1]


# --- exclusion rules: each says why a candidate is not a metric -----------------------------

# 实现GDP19.92亿元: the letters name the measure, they are no code.
_MEASURE_ACRONYM = re.compile(r"(?<![A-Za-z])(?:GDP|CPI|PPI|PMI)$")


def _glued_to_code(c: _Candidate) -> bool:
    """5G, 1+5+X, 7×24小时, 第3个, ICP备05005744号: the number is part of something else.
    A minus after words, not after a code, signs a rate (同比分别-6.2%、-19.3%): a decline."""
    if c.match.group("qpre") or is_signed_rate(c.text, c.number_start, c.unit):
        return False
    return c.number_start > 0 and c.text[c.number_start - 1] in _GLUED_BEFORE \
        and not _MEASURE_ACRONYM.search(c.text, max(0, c.number_start - 4), c.number_start)


def is_signed_rate(text: str, number_start: int, unit: str) -> bool:
    """A percent written with a minus sign after a word or a list mark (同比-6.2%, 、-19.3%),
    not inside a code (0791-8622)."""
    if unit != "percent" or number_start < 1 or text[number_start - 1] not in MINUS:
        return False
    before = text[number_start - 2] if number_start >= 2 else ""
    return not (before.isascii() and before.isalnum())


def _leading_zero(c: _Candidate) -> bool:
    """0571, 000万元 (2 000万元 cut at its space): no count is written with a leading zero."""
    return bool(_LEADING_ZERO.match(c.numeral))


def _denominator(c: _Candidate) -> bool:
    return c.char_before == _DENOMINATOR_BEFORE


def _place_reference(c: _Candidate) -> bool:
    """府澧河大堤 7-8 公里段, 海拔1000米, 距市区15公里, 500米范围内: where something is,
    not a length of work."""
    if c.unit != "m":
        return False
    before = c.text[max(0, c.match.start() - 8):c.match.start()]
    return c.char_after == "段" or bool(_LOCATION_BEFORE.search(before)) or \
        c.text.startswith("范围", c.match.end())


def _round_the_clock(c: _Candidate) -> bool:
    """24小时服务, 24小时值班: how a service runs, not hours of work done."""
    return c.unit == "hour" and c.numeral == "24" and bool(_HAN_CHAR.match(c.char_after))


def _rank(c: _Candidate) -> bool:
    """前进两个位次, 位居全市前3位, 前10名, 考核由全省76位上升至57位, 排名较上年前进3位: a
    position in a ranking, not people; only in a sentence about a ranking (志愿者达到120位 and
    组织全区120位下沉党员 count people)."""
    unit = c.match.group("unit")
    if unit == "位":
        sentence = c.text[max(0, c.match.start() - _RANK_REACH):c.match.start()]
        sentence = sentence[after_last(SENTENCE_END, sentence):]
        if _RANKED_AT.search(sentence) and _RANKING.search(sentence):
            return not _HAN_CHAR.match(c.char_after) or bool(_RANK_MOVE.match(c.text, c.match.end()))
    return (unit == "位" and c.char_after == "次") or (unit in _RANK_UNITS and c.char_before == "前")


def _time_limit(c: _Candidate) -> bool:
    """7天内办结, 24小时后, 3年来: a deadline or a period looked back on, not time spent."""
    return c.unit in _TIME_UNITS and c.char_after in _TIME_LIMIT_AFTER


def _degree_not_electricity(c: _Candidate) -> bool:
    """体温37.3度, 360度: 度 is a kilowatt-hour only after a mention of electricity."""
    before = c.text[max(0, c.match.start() - 12):c.match.start()]
    return c.match.group("unit") == "度" and not _ELECTRICITY_BEFORE.search(before)


def _unit_is_part_of_a_noun(c: _Candidate) -> bool:
    """近千万家庭, 2000万人口: the measure word is the first character of a noun, so the
    number qualifies that noun and has no unit of its own."""
    return c.segmented.noun_across(c.match.end("unit"))


def _not_a_duration(c: _Candidate) -> bool:
    """2020 年, 光荣在党50年, 近3个月: 年 and 个月 make a metric only after a duration verb."""
    return c.unit in DURATION_ONLY and not _DURATION_CUE.search(c.text[max(0, c.match.start() - 4):c.match.start()])


def _chinese_numeral_is_a_name(c: _Candidate) -> bool:
    """三项措施, 两个确立, 二十大, 十元爱心菜, 千家万户: small Chinese numerals read as slogans,
    names and idioms far more often than as data. Taken are large magnitudes (三万余人,
    两万元) and approximate counts with 余/多 (十余个, 百余人, 二十多家)."""
    if not is_chinese(c.numeral):
        return False
    if is_bare_magnitude(c.numeral) and not c.has_qualifier():
        return True
    large = any(ch in "万亿" for ch in c.numeral + (_multiplier(c.match) or ""))
    approximate = bool(c.match.group("qmid"))
    return not (large or approximate)


def _digit_string(c: _Candidate) -> bool:
    """二〇二一, 一二: Chinese digits without a magnitude spell years and codes, not counts."""
    numeral = c.numeral
    return is_chinese(numeral) and len(numeral) > 1 and not any(ch in "十百千万亿" for ch in numeral)


_EXCLUSIONS = (_glued_to_code, _leading_zero, _denominator, _place_reference, _round_the_clock, _rank, _time_limit,
               _not_a_duration, _degree_not_electricity, _chinese_numeral_is_a_name, _digit_string,
               _unit_is_part_of_a_noun)


# --- values and qualifiers -------------------------------------------------------------------

def _qualifier_is_word(segmented: Segmented, match: re.Match) -> bool:
    """签约2100名 is not 约 2100: the qualifier counts only when it is a word of its own."""
    return bool(match.group("qpre")) and segmented.starts_a_word(match.start("qpre"))


def _qualifier(segmented: Segmented, match: re.Match) -> str:
    if _qualifier_is_word(segmented, match):
        return _QUALIFIER[match.group("qpre")]
    for group in ("qmid", "qpost"):
        if word := match.group(group):
            return _QUALIFIER[word]
    # A range is stored by its lower bound: at least that many ("4-6 个"); a figure broken
    # through (人均可支配收入突破2万元) is a floor passed, the exact figure is given elsewhere.
    floor = _FLOOR_PASSED.search(segmented.text, max(0, match.start() - len(_FLOOR_VERB) - 1), match.start())
    return "more_than" if match.group("low") or floor else "exact"


_FLOOR_VERB = "突破"
_FLOOR_PASSED = re.compile(rf"{_FLOOR_VERB}\s*$")


def _multiplier(match: re.Match) -> str | None:
    return match.group("mult") or match.group("mult_after")


def _value(match: re.Match, factor: float) -> float | None:
    token, multiplier = match.group("num"), _multiplier(match)
    if is_masked(token):
        return None
    if is_chinese(token):
        return scaled(chinese_value(token + (multiplier or "")), factor)
    return scaled(arabic_value(match.group("low") or token, multiplier), factor)


def _span(segmented: Segmented, match: re.Match, quoted: Quoted) -> Span | None:
    unit, factor, classifier = canonical(match.group("unit"))
    candidate = _Candidate(segmented, match, unit)
    if quoted.covers(match.start("num")):
        return None
    for rule in _EXCLUSIONS:
        if rule(candidate):
            return None
    try:
        value = _value(match, factor)
    except ValueError:  # 十十万人次: not a numeral after all
        return None
    start = match.start() if _qualifier_is_word(segmented, match) else candidate.number_start
    return Span(start, match.end(), value, unit, classifier, _qualifier(segmented, match),
                is_masked(match.group("num")))


def _spelled_percents(text: str) -> list[Span]:
    spans = []
    for match in _SPELLED_PERCENT.finditer(text):
        try:
            value = scaled(chinese_value(match.group("num")))
        except ValueError:
            continue
        spans.append(Span(match.start(), match.end(), value, "percent", None, "exact", False))
    return spans


def _bare_amount(segmented: Segmented, match: re.Match, quoted: Quoted) -> Span | None:
    """2000万 or 3.2亿 with no unit, when the clause before is about money and the amount
    ends there (a punctuation mark, a verb, 和): in 500多万在校生 it counts students."""
    text, magnitude = segmented.text, _multiplier(match)
    if magnitude not in ("万", "亿", "万亿") or is_chinese(match.group("num")) or quoted.covers(match.start("num")):
        return None
    candidate = _Candidate(segmented, match, "CNY")
    if _glued_to_code(candidate) or _denominator(candidate):
        return None
    end = match.end()
    if _HAN_CHAR.match(text, end) and not segmented.word_at(end, _ENDS_AMOUNT):
        return None
    clause = text[max(0, match.start() - _MONEY_REACH):match.start()]
    clause = clause[after_last(CLAUSE_END, clause):]
    if not _MONEY_WORD.search(clause):
        return None
    start = match.start() if _qualifier_is_word(segmented, match) else candidate.number_start
    return Span(start, end, _value(match, 1), "CNY", None, _qualifier(segmented, match), is_masked(match.group("num")))


def _without_overlaps(spans: list[Span], extra: list[Span]) -> list[Span]:
    taken = [(s.start, s.end) for s in spans]
    return spans + [e for e in extra if not any(a < e.end and e.start < b for a, b in taken)]


def candidate_spans(text: str, segmented: Segmented | None = None) -> list[Span]:
    """Every metric span of the text, in order of appearance; `segmented` is the text's
    segmentation when the caller already has it."""
    segmented = segmented or Segmented.of(text)
    quoted = Quoted.of(text)
    spans = [span for match in _CANDIDATE.finditer(text) if (span := _span(segmented, match, quoted))]
    spans = _without_overlaps(spans + _spelled_percents(text),
                              [span for match in _BARE_AMOUNT.finditer(text)
                               if (span := _bare_amount(segmented, match, quoted))])
    spans = sorted(spans, key=lambda s: s.start)
    return _drop_time_frames(text, _with_shared_units(text, spans))


# 城乡居民人均可支配收入46324和26682元: the first of a pair written without its unit shares the
# second's (and its multiplier: 3和5万元 are 3万元 and 5万元).
_UNIT_SHARED = re.compile(rf"(?<![\d.,{''.join(sorted(_GLUED_BEFORE))}])(?P<num>{ARABIC})[ \t]*[和与][ \t]*$")
_LEADING_NUMBER = re.compile(ARABIC)


def _with_shared_units(text: str, spans: list[Span]) -> list[Span]:
    shared = []
    for span in spans:
        leading = _LEADING_NUMBER.match(text, span.start)
        before = _UNIT_SHARED.search(text, max(0, span.start - 24), span.start) if leading and span.value else None
        if before and (not shared or shared[-1].end <= before.start()):
            scale = Decimal(repr(span.value)) / arabic_value(leading.group())
            shared.append(Span(before.start("num"), before.end("num"), float(arabic_value(before.group("num")) * scale),
                               span.unit, span.classifier, "exact", False))
        shared.append(span)
    return shared


def _drop_time_frames(text: str, spans: list[Span]) -> list[Span]:
    """A duration that opens a clause holding another quantity is that quantity's scope:
    in "2天集中献血总量达519个单位" the 2天 says over what time, it is not work done."""
    kept = []
    for index, span in enumerate(spans):
        if span.unit in _TIME_FRAME_UNITS and index + 1 < len(spans):
            following = spans[index + 1]
            if not CLAUSE_END.search(text[span.end:following.start]):
                continue
        kept.append(span)
    return kept
