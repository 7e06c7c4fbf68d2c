"""OCR's typical errors in Chinese report text, repaired where the repair is certain.

Part of reading a scan (`extract.ingest.ocr`), never applied to a file's own text: in a
typed report `l` or `O` next to a digit is what the author wrote.

- Spaces Tesseract puts between Chinese characters, and between them and digits
  (`全 年 新 建 2 个` → `全年新建2个`); spaces between Latin words stay.
- Letters read for digits inside a number: `O`/`o`/`〇` for 0, `l`/`I`/`丨` for 1 (never `|`: a
  table's rule) (`1O5个` → `105个`,
  `l2个` → `12个`), only where a digit stands beside the letter and no Latin letter does.
- 干 read for 千 after a digit and before a unit (`8干小时` → `8千小时`): 干 never follows a digit
  in a report's number.
- A full stop or a middle dot read for a decimal point between digits (`10。38万` → `10.38万`).
- A number broken at a line's end after its decimal point (`105.` / `16万元`), across the blank
  line Tesseract may put between the lines: joined (`105.16万元`).
- Spaces inside a number (`10 .38`, `1 187人`): a digit run split by one space is joined
  when the number reads as one word, i.e. no space before it and a unit, a full stop or `%`
  right after it, so the columns of a table row (`100.5 110.2`) stay apart.
"""
from __future__ import annotations

import re

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"，。、；：！？（）【】《》“”‘’…—·％"
_HAN = rf"[{_CJK}{_CJK_PUNCT}]"
_H_SPACE = r"[ \t\u3000\u00a0]+"

# Spaces between two Chinese characters, or between one and a digit.
_SPACE_IN_CHINESE = re.compile(rf"(?<={_HAN}){_H_SPACE}(?={_HAN})|(?<={_HAN}){_H_SPACE}(?=\d)"
                               rf"|(?<=\d){_H_SPACE}(?={_HAN})")
# A letter read for a digit: a digit on one side, on the other a digit, a decimal point, a
# percent sign, a Chinese character, a space or the line's edge (never a Latin letter).
_NOT_LATIN_BEFORE = rf"(?:(?<=^)|(?<=[\d.\s%{_CJK}{_CJK_PUNCT}]))"
_NOT_LATIN_AFTER = rf"(?=$|[\d.\s%{_CJK}{_CJK_PUNCT}])"
_ZERO = re.compile(rf"(?:(?<=\d)[OoＯ〇]{_NOT_LATIN_AFTER}|{_NOT_LATIN_BEFORE}[OoＯ〇](?=\d))", re.MULTILINE)
_ONE = re.compile(rf"(?:(?<=\d)[lI丨]{_NOT_LATIN_AFTER}|{_NOT_LATIN_BEFORE}[lI丨](?=\d))", re.MULTILINE)
# Not before a date: `达到100。2023年…` is two sentences.
_DECIMAL_POINT = re.compile(r"(?<=\d)(?: ?[。．·•] ?| ?\. ?)(?=\d)(?!\d*\s*[年月日号时])")
_THOUSAND = re.compile(r"(?<=\d)干(?=[余多万亿元米人个户家名次项件吨斤亩平公小天年台辆套所座条处]|$)", re.MULTILINE)
# 105. | 16万元 on the next line (a stray mark after the point is OCR's); not a list's `2.` or `2、`.
_BROKEN_DECIMAL = re.compile(r"(?<=\d)\.[，,]?[ \t]*\n(?:[ \t]*\n)?[ \t]*(?=\d+(?![\d.．、]))")
# One number split by single spaces, with no space before it and a unit or stop after it.
_SPLIT_NUMBER = re.compile(rf"(?<![\d. ])(\d+(?: \d+)+)(?=[{_CJK}%％.。，、；])")


def repair(text: str) -> str:
    """OCR'd text with its number errors and Chinese spacing repaired (see the module's doc)."""
    for _ in range(2):  # `1O O个`: a repair can make the next one's neighbour a digit
        text = _ZERO.sub("0", text)
        text = _ONE.sub("1", text)
    text = _THOUSAND.sub("千", text)
    text = _DECIMAL_POINT.sub(".", text)
    text = _BROKEN_DECIMAL.sub(".", text)
    text = _SPLIT_NUMBER.sub(lambda m: m.group(1).replace(" ", ""), text)
    return _SPACE_IN_CHINESE.sub("", text)
