"""What kind of figure a metric is: a level, a change against an earlier period, or a ratio,
and for a change which way it went. Analysts never compare across the three.

The words right before the number decide, as a reader reads them: a direction word there
(增长, 下降, 提高 …, 增速) makes a percent a change (同比增长8.5%, 下降2%, 增速16%以上); an
amount is a change when it is compared with an earlier period (比上年增加1200万元) or a
measure named just before rose or fell by it (人均纯收入增加1024元); 新增 counts what was added
(新增就业2611人 is a level). Percentage points
are always a change. Any other percent is a share, rate or degree of completion.
"""
from __future__ import annotations

import re

from extract.grammar import MINUS

# 增 and 降 alone as the shorthand writes them: 比增5.1%, 同比降2%.
_UP = "增长率?|增加|提高|提升|上升|上涨|增速|增幅|增收|递增|攀升|扩大|增"
_DOWN = "负增长|下降|减少|回落|降低|下滑|下跌|缩减|缩小|降幅|减幅|降|减"
# The direction word ends the words before the number, bar a linking verb (增长了, 增速为,
# 下降达) and the earlier members of a list (分别增长4.5%、9%; 分别增加9784元、7408元); 提高到35%, 降至3% state the
# level reached, not the change.
_DIRECTION = re.compile(rf"(?:(?P<down>{_DOWN})|(?P<up>{_UP}))(?:了|为|达到?|近|约|超过?)?"
                        rf"(?:[\d.]+(?:%|[万亿千]?[元人户个家项亩吨])?[、和及与])*$")
_COMPARED = re.compile(r"同比|环比|年均|比增|比降|[比较](?:\d{4}年|上年|去年)|[比较][^,，。;；]{0,8}?(?:末|初|同期)")
# A measure that rose or fell by an amount (农牧民人均纯收入增加1024元, 财政收入减少200万元):
# the verb right before the number, not 新增 or 新建, which count what was added.
_CHANGED_BY = re.compile(r"(?<!新)(?:增加|减少)了?$")
_POINTS = "百分点"
# The words before a number that can still speak of it: back to the last clause break (not
# 、, which lists figures of one verb).
_CLAUSE_BREAK = re.compile(r"[,，;；。:：!?！？\n]")
_LOOKBACK = 24


def words_before(text: str, start: int) -> str:
    """The clause's words before position `start`, at most a few of them."""
    before = text[max(0, start - _LOOKBACK):start]
    return _CLAUSE_BREAK.split(before)[-1].strip()


def measure_of(words: str, unit: str, raw_text: str) -> tuple[str, str | None]:
    """(measure, direction) of a figure from the clause's words before it."""
    if unit == "percent" and words.endswith(tuple(MINUS)):  # 同比-6.2%: a signed rate is a decline
        return "change", "down"
    direction = _DIRECTION.search(words)
    way = None if direction is None else "down" if direction.group("down") else "up"
    if _POINTS in raw_text:
        return "change", way
    if way and (unit == "percent" or _COMPARED.search(words) or _CHANGED_BY.search(words)):
        return "change", way
    return ("ratio" if unit == "percent" else "level"), None
