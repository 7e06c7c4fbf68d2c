"""The canonical units of the metric contract: surface form → (unit, factor to the base unit).

Magnitude prefixes (万, 亿, 千 in 万元, 亿元, 万平方米) are not listed here: the metric
pattern reads them as multipliers of the number, so 1.5万人次 and 1.5万元 go the same way.
Only units whose name starts with one of them as a word of its own are listed whole
(千米, 千克, 千瓦时).
"""
from __future__ import annotations

import re

_UNITS: dict[str, tuple[str, float]] = {
    "元": ("CNY", 1),
    # Exports and foreign investment are reported in dollars (贸易出口总额2.42亿美元).
    "美元": ("USD", 1),
    "%": ("percent", 1), "个百分点": ("percent", 1),
    "人次": ("person_time", 1), "人": ("person", 1), "名": ("person", 1), "位": ("person", 1),
    "户": ("household", 1),
    "平方公里": ("m2", 1e6), "平方千米": ("m2", 1e6), "平方米": ("m2", 1), "平米": ("m2", 1), "㎡": ("m2", 1),
    "亩": ("mu", 1),
    "千米": ("m", 1000), "公里": ("m", 1000), "延米": ("m", 1), "米": ("m", 1),
    "毫升": ("ml", 1), "升": ("ml", 1000),
    "公斤": ("jin", 2), "千克": ("jin", 2), "斤": ("jin", 1),
    "天": ("day", 1), "个工作日": ("day", 1), "工作日": ("day", 1), "小时": ("hour", 1),
    "吨": ("t", 1),
    "公顷": ("ha", 1),
    "千瓦时": ("kwh", 1), "度": ("kwh", 1),
    "年": ("year", 1), "个月": ("month", 1),
}
# Measure words counted as `count`; the word itself is kept as classifier. 对, 把, 包, 单
# are left out: as prepositions and verbs (1对1, 把…, 包保) they follow numbers too often.
CLASSIFIERS = (
    "个单位", "场次", "剂次", "立方米", "千瓦", "兆瓦", "家次", "件次", "人天",
    "台次", "车次", "辆次", "架次", "班次", "批次", "户次", "轮次",
    "课时", "学时", "个次",
    "个", "家", "支", "处", "件", "起", "场", "次", "项", "块", "条", "辆", "所", "栋", "幢", "期", "份", "篇",
    "根", "剂", "批", "届", "例", "座", "台", "套", "间", "张", "本", "册", "幅", "棵", "株", "盏", "只",
    "头", "组", "宗", "笔", "部", "轮", "节", "门", "类", "枚", "封", "顶", "艘", "架", "口", "眼",
    "粒", "瓶", "箱", "袋", "桶", "盒", "面", "双", "款", "种", "堂", "班", "趟", "遍", "片", "床",
)
# Years and months are metrics only as durations ("持续3年", "历时3个月"); elsewhere they
# date something (2020年) or frame a period (近3个月).
DURATION_ONLY = frozenset({"year", "month"})

SURFACES = tuple(sorted({*_UNITS, *CLASSIFIERS}, key=len, reverse=True))
UNIT_PATTERN = "|".join(re.escape(s) for s in SURFACES)
MULTIPLIERS = {"万亿": 10**12, "万": 10**4, "亿": 10**8, "千": 10**3}


def canonical(surface: str) -> tuple[str, float, str | None]:
    """(unit, factor, classifier) for a unit surface form from SURFACES."""
    if surface in _UNITS:
        unit, factor = _UNITS[surface]
        # The contract keeps the measure word for person-like units too (名, 位, 人次).
        classifier = surface if unit in ("person", "person_time", "household") else None
        return unit, factor, classifier
    return "count", 1.0, surface
