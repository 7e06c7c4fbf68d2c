"""The canonical units of the metric contract: surface form → (unit, factor to the base unit)."""
from __future__ import annotations

import re

# Longest surface first is handled by sorting; order here follows the contract's table.
_UNITS: dict[str, tuple[str, float]] = {
    "万亿元": ("CNY", 1e12), "亿元": ("CNY", 1e8), "万元": ("CNY", 1e4), "千元": ("CNY", 1e3), "元": ("CNY", 1),
    "%": ("percent", 1), "个百分点": ("percent", 1),
    "人次": ("person_time", 1), "人": ("person", 1), "名": ("person", 1), "位": ("person", 1),
    "户": ("household", 1),
    "万平方米": ("m2", 1e4), "平方公里": ("m2", 1e6), "平方米": ("m2", 1), "平米": ("m2", 1), "㎡": ("m2", 1),
    "万亩": ("mu", 1e4), "亩": ("mu", 1),
    "千米": ("m", 1000), "公里": ("m", 1000), "延米": ("m", 1), "米": ("m", 1),
    "毫升": ("ml", 1), "升": ("ml", 1000),
    "公斤": ("jin", 2), "千克": ("jin", 2), "斤": ("jin", 1),
    "天": ("day", 1), "小时": ("hour", 1),
    "万吨": ("t", 1e4), "吨": ("t", 1),
    "公顷": ("ha", 1),
    "万千瓦时": ("kwh", 1e4), "千瓦时": ("kwh", 1),
    "个月": ("month", 1),
}
# Measure words counted as `count`, the word itself kept as classifier.
CLASSIFIERS = (
    "个单位", "场次", "家次", "件次", "人天", "台次", "车次", "批次", "户次", "轮次", "课时",
    "个", "家", "支", "处", "件", "起", "场", "次", "项", "块", "条", "辆", "所", "栋", "期", "份", "篇",
    "根", "剂", "批", "届", "例", "座", "台", "套", "间", "张", "本", "册", "幅", "棵", "株", "盏", "只",
    "头", "组", "宗", "笔", "部", "轮", "节", "门", "类", "所", "枚", "封", "顶", "艘", "架", "口", "眼",
)
# Units whose Chinese name can hide a classifier ("位" in 位列, "名" in 第一名) need the
# number right before them; all units do, so nothing else is needed here.

SURFACES = tuple(sorted({*_UNITS, *CLASSIFIERS}, key=len, reverse=True))
UNIT_PATTERN = "|".join(re.escape(s) for s in SURFACES)
MULTIPLIERS = {"万亿": 1e12, "万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}


def canonical(surface: str) -> tuple[str, float, str | None]:
    """(unit, factor, classifier) for a unit surface form from SURFACES."""
    if surface in _UNITS:
        unit, factor = _UNITS[surface]
        # The contract keeps the measure word for person-like units too (名, 位, 人次).
        classifier = surface if unit in ("person", "person_time", "household") else None
        return unit, factor, classifier
    return "count", 1.0, surface
