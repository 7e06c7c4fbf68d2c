"""Numbers as written in reports: Arabic with separators and 万/亿 multipliers, Chinese numerals."""
from __future__ import annotations

import re

import cn2an

from extract.parse.units import MULTIPLIERS

CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_ARABIC = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


def arabic_value(digits: str, multiplier: str | None = None) -> float:
    if not _ARABIC.match(digits):
        raise ValueError(f"not an Arabic number: {digits!r}")
    return float(digits.replace(",", "")) * (MULTIPLIERS[multiplier] if multiplier else 1)


def chinese_value(numeral: str) -> float:
    """`三` → 3, `十` → 10, `两` → 2, `一万五千` → 15000, `万` → 10000 (cn2an knows the grammar)."""
    numeral = numeral.replace("两", "二")
    if numeral[0] in "十百千万亿":
        numeral = "一" + numeral  # 近万人次: a bare magnitude means one of it
    try:
        return float(cn2an.cn2an(numeral, "smart"))
    except Exception as exc:  # cn2an signals malformed numerals (十十, 万万) in several ways
        raise ValueError(f"not a Chinese numeral: {numeral!r}") from exc


def is_masked(token: str) -> bool:
    """Redacted numbers in templates: x, xx, xxxx, xx.xx."""
    return bool(re.fullmatch(r"x+(?:\.x+)?", token))
