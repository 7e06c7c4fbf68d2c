"""Character- and line-level repairs of report text. Pure functions, one repair each.

Which characters are normalised, and why: the full-width forms block (U+FF01–FF5E:
０-９, Ａ-Ｚ, ％, ，, ；, ：, （）) holds compatibility twins of ASCII, and reports mix both
styles freely, so they become ASCII and every later pattern needs one form only; nothing
is lost, since "，" and "," mean the same. The CJK punctuation that has no ASCII twin is
kept as it is, because the parser reads it: 、 separates list items rather than clauses,
。 ends a sentence, “” marks names and slogans whose numbers are not metrics, and 《》 the
titles of other documents. Full-width spaces and invisible characters become a space or
nothing.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from functools import lru_cache

from extract.grammar import HEADING_MARKER, PART_HEADING, looks_like_title

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x202F: 0x20,
                   0xFE6A: ord("%"), 0xFF61: ord("。"), 0xFF64: ord("、")})
# Invisible characters (zero-width space, joiners, word joiner, soft hyphen, BOM) that a page
# can hide inside a number: 1\u200b548万元 is 1548万元.
_FULLWIDTH.update(dict.fromkeys((0x200B, 0x200C, 0x200D, 0x2060, 0x00AD, 0x180E, 0xFEFF)))
_TRANSLATED = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_FULLWIDTH)) + "]+")
# Spaces a converter left inside a number ("30. 2", "77.8 %"); the gap between a number
# and its measure word ("9 个") is ordinary typesetting and stays.
# Each pattern opens with a lookahead on its first character, which lets the regex engine
# skip every other position instead of trying the lookbehind there.
_NUMBER_GAP = re.compile(r"(?=[ \t])(?:(?<=\d)[ \t]+(?=%|\.\d)|(?<=\d\.)[ \t]+(?=\d))")
# Thousands grouped with spaces (2 000万元, 12 345人): only right before a money or count
# word, so two numbers a space apart ("16 处 5095 平米") are never merged.
_SPACE_GROUPED = re.compile(r"(?=\d)(?<![\d.,])\d{1,3}(?: \d{3})+"
                            r"(?=(?:\.\d+)?[ ]?[万亿千]?[ ]?(?:元|人|户|个|家|项|件|次|名|亩|吨|平方米))")

_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_LINE_TAG = re.compile(r"</?(?:br|p|div|tr|li|h\d)\b", re.IGNORECASE)

_MARKDOWN_BOLD = re.compile(r"(\*\*|__)(.+?)\1")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)

# Where a paragraph may really end; a line ending elsewhere was probably broken by layout.
_TERMINAL = set("。！？!?；;：:…”』」）).")
# In-paragraph enumerations (一是, 二是) also start a new line of their own.
_ENUMERATION = re.compile(r"^[一二三四五六七八九十]+是")
# The salutation of a speech (各位代表:) opens its body, whatever stands on the line before.
_SALUTATION = re.compile(r"^各位(?:代表|委员|领导)")
_YEAR_START = re.compile(r"(?:19|20)\d{2}\s*年")
# A portal's record fields, one bulleted line each (• 发布机构: / • 大连市政府办公室): they run
# together, but what follows the record is no part of it.
_BULLET = re.compile(r"^[•●▪■◆]")
# A date alone on a line ((2022年3月31日), 2020年12月, 2022-03-11 09:30) is a byline or a
# page's stamp, never the first half of a sentence.
_DATE_LINE = re.compile(r"^[(（]?\d{4}\s*[-/.年]\s*\d{1,2}\s*(?:[-/.月]\s*(?:\d{1,2}\s*日?)?)?[)）]?(?:\s+[\d:]+)*$")
_SENTENCE_MARKS = re.compile(r"[，,、。；;]")
_MASK_ONLY = re.compile(r"^[xX×]+(?:\.[xX×]+)?$")
_NUMBER_END = re.compile(r"\d(?:\.|[万亿千])?$")
# A sample-essay site heads each text of a collection with its number (…工作总结篇1).
_NUMBERED_TEXT = re.compile(r"篇\s*\d{1,2}$")
_MAX_FRAGMENT = 4


def normalize_chars(text: str) -> str:
    # str.translate looks up every character of the report in the table; translating only
    # the runs that need it (，：（） between Chinese words) is twice as fast.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _TRANSLATED.sub(lambda run: run.group().translate(_FULLWIDTH), text)


# Share of a text's characters that OpenCC changes above which the text is written in
# traditional characters: a simplified text keeps every character but a stray variant.
_TRADITIONAL_SHARE = 0.02


@lru_cache(maxsize=1)
def _traditional_to_simplified():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """A text written in traditional characters (現在,我代表南開區人民政府) in simplified ones, so
    names, indicators and every pattern read one script; a simplified text stays as it is."""
    converted = _traditional_to_simplified().convert(text)
    if converted == text:
        return text
    changed = sum(a != b for a, b in zip(text, converted)) if len(converted) == len(text) else len(text)
    return converted if changed > _TRADITIONAL_SHARE * len(text) else text


def written_as(written: str, simplified: str) -> dict[str, str]:
    """Each character `to_simplified` changed, mapped back to how `written` wrote it most often
    (后 is 後 in 以後 and stays 后 in 皇后: the text's own habit decides)."""
    if simplified is written or len(simplified) != len(written):
        return {}
    changed = {s for w, s in zip(written, simplified) if w != s}
    habits = Counter((s, w) for w, s in zip(written, simplified) if s in changed)
    chosen: dict[str, str] = {}
    for (s, w), _ in habits.most_common():
        chosen.setdefault(s, w)
    return {s: w for s, w in chosen.items() if s != w}


def strip_html_residue(text: str) -> str:
    """Tags and entities a scraper left in plain text (&nbsp;, <br>, <span>)."""
    if "<" not in text and "&" not in text:
        return text
    return html.unescape(_HTML_TAG.sub(lambda m: "\n" if _LINE_TAG.match(m.group()) else "", text))


# Pages that convert a text to traditional characters may annotate some with their pinyin,
# which a copy of the page keeps inline: 地區(qū)生產(chǎn)總值. A tone mark tells it from a
# parenthesised letter (附件(a)).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_RUBY = re.compile(rf"(?<=[\u4e00-\u9fff])\((?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,6}}\)")


# Editors' notes on a figure's source, not part of any phrase: 地区生产总值(预计,下同)820亿元,
# 同比(下同)增长4.5%.
_NOTE_WORD = r"(?:预计|下同|初步统计|初步核算|快报数?|预计数|快报统计)"
_EDITORS_NOTE = re.compile(rf"\({_NOTE_WORD}(?:[,、]{_NOTE_WORD})*\)")


def strip_pinyin_ruby(text: str) -> str:
    return _PINYIN_RUBY.sub("", text)


def strip_editors_notes(text: str) -> str:
    return _EDITORS_NOTE.sub("", text)


def close_number_gaps(text: str) -> str:
    text = _SPACE_GROUPED.sub(lambda m: m.group().replace(" ", ""), text)
    return _NUMBER_GAP.sub("", text)


def strip_markdown(text: str) -> str:
    return _MARKDOWN_HEADING.sub("", _MARKDOWN_BOLD.sub(r"\2", text))


def is_block_start(line: str) -> bool:
    return bool(HEADING_MARKER.match(line) or PART_HEADING.match(line) or _ENUMERATION.match(line)
                or _SALUTATION.match(line) or _DATE_LINE.match(line))


def looks_like_heading(line: str) -> bool:
    """A marked line short enough to be a heading and not yet a sentence."""
    return bool(HEADING_MARKER.match(line)) and len(line) < 50 and "。" not in line


def _is_prose(line: str) -> bool:
    return len(line) >= 40 or bool(_SENTENCE_MARKS.search(line)) or bool(_ENUMERATION.match(line))


def _ends_inside_a_number(line: str) -> bool:
    """"30.2", "30.", "3.5万", "XX", "1.": a number is never the last thing in a paragraph. A full
    stop written as "." after a word ends a sentence in texts typed with ASCII punctuation."""
    return (bool(_NUMBER_END.search(line)) and not _NUMBERED_TEXT.search(line)) or bool(_MASK_ONLY.match(line))


def should_join(current: str, following: str) -> bool:
    """True when `following` continues a word or number that a line break cut in two."""
    if not current or not following or is_block_start(following) or _DATE_LINE.match(current):
        return False
    if _BULLET.match(current) and not _BULLET.match(following):
        return False  # the title under a page's bulleted record (• 面向社会 / 沙河口区…政府工作报告)
    if _ends_inside_a_number(current):
        # "30.2\n亿元", "XX\n亿元"; but a line opening with a year starts afresh (a forum's
        # counter 20754 above the title 2020年…政府工作报告).
        return not _YEAR_START.match(following)
    if current[-1] in _TERMINAL:
        return False
    if looks_like_heading(current) or PART_HEADING.match(current):
        return len(following) <= _MAX_FRAGMENT  # "1.特色农业提\n质扩量\n。"
    # PDF copies put single words (镇, 予审) and masks (XX) on lines of their own.
    return (_is_prose(current) or len(current) <= _MAX_FRAGMENT or _MASK_ONLY.match(following) is not None
            or (len(following) <= 12 and following[-1] in _TERMINAL))


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
