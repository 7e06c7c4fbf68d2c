"""Numbers as written in reports: Arabic with separators and 万/亿 multipliers, Chinese
numerals, and the x-masks of redacted templates.

Values are computed in Decimal and turned into float once, so 4.06万亿 is 4060000000000.0
and not 4059999999999.9995.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from extract.parse.units import MULTIPLIERS

CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万亿"
ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Redacted digits: x个, xxxx余户, xx.xx%, XX万元, ××万元.
MASK_CHARS = "xX×"
# xx, x.x and the partly masked xx458, xx.51, xx0.9 (x1 is a code, not a mask).
MASK = rf"[{MASK_CHARS}]{{2,}}\d*(?:\.[{MASK_CHARS}\d]+)?|[{MASK_CHARS}](?:\.[{MASK_CHARS}]+)?"
_ARABIC = re.compile(rf"(?:{ARABIC})")
_MASK = re.compile(MASK)
_MAGNITUDES = "十百千万亿"


def scaled(number: Decimal | int | float | str, *factors: float | int) -> float:
    """number × factors, exactly, as a float."""
    value = number if isinstance(number, Decimal) else Decimal(str(number))
    for factor in factors:
        if factor != 1:  # most units are their own canonical unit
            value *= Decimal(str(factor))
    return float(value)


def arabic_value(digits: str, multiplier: str | None = None) -> Decimal:
    """`1,234` → 1234, `1.5` with 万 → 15000."""
    if not _ARABIC.fullmatch(digits):
        raise ValueError(f"not an Arabic number: {digits!r}")
    return Decimal(digits.replace(",", "")) * (MULTIPLIERS[multiplier] if multiplier else 1)


@lru_cache(maxsize=1)
def _cn2an():
    import cn2an  # imported on first use: it is slow to load and most numbers are Arabic

    return cn2an


def chinese_value(numeral: str) -> Decimal:
    """`三` → 3, `十` → 10, `两` → 2, `一万五千` → 15000, `万` → 10000 (cn2an knows the grammar)."""
    numeral = numeral.replace("两", "二")
    if numeral[0] in _MAGNITUDES:
        numeral = "一" + numeral  # 近万人次, 百余个: a bare magnitude means one of it
    try:
        return Decimal(str(_cn2an().cn2an(numeral, "smart")))
    except (ValueError, KeyError, IndexError, InvalidOperation) as exc:  # 十十, 万万: malformed
        raise ValueError(f"not a Chinese numeral: {numeral!r}") from exc


def is_masked(token: str) -> bool:
    return bool(_MASK.fullmatch(token))


def is_chinese(token: str) -> bool:
    return token[0] in CHINESE_DIGITS


def is_bare_magnitude(token: str) -> bool:
    """万, 千亿, 十: a magnitude with no digit before it, as in idioms (千家万户) and names."""
    return token[0] in _MAGNITUDES
