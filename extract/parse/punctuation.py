"""Where sentences and clauses end, for every step that reads "the same sentence".

The cleaner turns full-width ，；：！？ into ASCII; both forms are listed so the patterns
also hold for text that did not go through it. A full stop typed as ASCII "." ends a
sentence too, but not as the point of a decimal (30.2) or a mask (xx.x).
"""
from __future__ import annotations

import re
from functools import lru_cache

_ASCII_STOP = r"(?<![\dxX])\.(?![\dxX])"
SENTENCE_END = re.compile(rf"[。;；!！?？\n]|{_ASCII_STOP}")
# A full stop, not a semicolon: 1-11月,收入18亿元;税收9亿元。 is one statement of one period.
STATEMENT_END = re.compile(rf"[。!！?？\n]|{_ASCII_STOP}")
CLAUSE_END = re.compile(rf"[,，:：。;；!！?？\n]|{_ASCII_STOP}")
# Quotes close a name (“三社联动”) that is not part of the clause around it.
QUOTED_CLAUSE_END = re.compile(rf"[,，:：。;；!！?？\n“”]|{_ASCII_STOP}")
# The same, and 、 between list items: 发现隐患45起、整改45起.
LIST_ITEM_END = re.compile(rf"[,，:：。;；!！?？\n“”、]|{_ASCII_STOP}")
# The minus signs a rate is written with (同比-6.2%, full width in copied pages).
MINUS = "-－"


@lru_cache(maxsize=None)
def _through_last(pattern: re.Pattern) -> re.Pattern:
    # Greedy: the engine backtracks from the end of the text, so the first match it finds
    # ends the last break, without walking through every earlier one.
    return re.compile(rf"(?s:.*)(?:{pattern.pattern})", pattern.flags)


def after_last(pattern: re.Pattern, text: str) -> int:
    """Where the text after the last match of `pattern` begins (0 when there is none)."""
    match = _through_last(pattern).match(text)
    return match.end() if match else 0
