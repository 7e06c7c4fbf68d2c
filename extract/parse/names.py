"""Organisation names: a written name (珠海市斗门区, 人民政府金安区清水河街道办事处, 导航(东光县)连镇)
read as the reporting body's short name, its level, and the parents written with it.

The body is the last administrative unit of the name; every unit before it, and any in
brackets, is a parent (province, city or county-level district). Parents are recognised by
the division dataset's full names, so a town whose name starts like a city (镇江路街道) is
not cut; what is left after them must end in a level suffix to count as a name at all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.parse.places import BELOW_TOWN_LEVELS, MIN_STEM, TOWN_LEVELS, county_levels, official_county, towns

# Longest suffixes first: 街道 before 道-less forms, 自治县 before 县.
LEVEL_SUFFIXES = ("社区管理办公室", "自治县", "自治旗", "街道", "社区", "新区", "苏木", "嘎查",
                  "镇", "乡", "村", "区", "县", "市", "旗")
_LEVEL_OF_SUFFIX = {"社区管理办公室": "社管办", "新区": "区"}
# How a body signs rather than what it is called: 东城街道办事处, 朝阳区人民政府, 白沙乡党委.
_OFFICE = re.compile(r"人民政府|政府|办事处|党工委|党委|人大工委|管理委员会|管委会|居民委员会|村民委员会|居委会|村委会|"
                     r"(?:门户)?网站$|官网$|网$")  # a publisher named by its site: 泰宁县政府网
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_BRACKETED = re.compile(r"[(（\[【]([^()（）\[\]【】]{2,20})[)）\]】]")
# Words that start a phrase, not a name: 街道办, 全区, 各镇, 本社区, 我村, 镇政府 (a known
# division, 全椒县 or 市中区, is a name whatever it starts with).
_GENERIC_START = re.compile(r"^(?:街道|社区|乡镇|[镇乡区县市][^\u4e00-\u9fff]|本|全|各|我|该|每|其|所|辖|自治[县旗]$|"
                            r"上半年|下半年|半年|年度|全年|第?[一二三四]季度)")  # 上半年社区工作总结: a time, no name
# Templates mask names as well as numbers: XX镇, ×××街道, *街道, 某镇.
MASKED_NAME = re.compile(r"[xX×*＊某]")
_MAX_NAME = 12
# The suffixes of counties written short: 道真自治县 (道真仡佬族苗族自治县), 科左后旗 (科尔沁左翼后旗).
_SHORT_FORMED = ("自治县", "自治旗", "旗")
_ADMINISTRATIVE_VILLAGE = "行政村"
_URBAN_AREA = "市区"


@dataclass(frozen=True)
class OrgName:
    name: str
    level: str
    parents: tuple[str, ...] = ()  # the units written before it or in brackets, outermost first


def level_of(name: str) -> str | None:
    """The level a name's suffix says: 桃园镇 → 镇, 东西湖区 → 区, 宜都市 → 县级市 when the
    dataset has it as a county-level city."""
    if name == "国务院":
        return "国家"
    suffix = next((s for s in LEVEL_SUFFIXES if name.endswith(s) and len(name) > len(s)), None)
    if suffix is None:
        return None
    level = _LEVEL_OF_SUFFIX.get(suffix, suffix)
    return "县级市" if level == "市" and county_levels().get(name) == "县级市" else level


def _known_prefix(text: str) -> str | None:
    """The longest full name of a province, city or county at the start of `text`."""
    known = county_levels()
    return next((text[:n] for n in range(min(len(text), 12), 1, -1) if text[:n] in known), None)


def _units(run: str) -> list[str]:
    """A run of Chinese characters cut into the known divisions it starts with and the rest:
    珠海市斗门区 → [珠海市, 斗门区]; 金安区清水河街道 → [金安区, 清水河街道]. A division whose
    name is a whole unit's stem stays in it: 西区街道 is a 街道 (攀枝花 has a district 西区)."""
    units = []
    while run and (prefix := _known_prefix(run)) and run[len(prefix):] not in LEVEL_SUFFIXES:
        units.append(prefix)
        run = run[len(prefix):]
    return units + ([run] if run else [])


# A development zone is no administrative division; the township that shares its offices
# is written after it in brackets.
_ZONE = re.compile(r"(?:开发区|高新区|园区|度假区|管理区|示范区|试验区)$")




def _town_before(name: str, level: str) -> str | None:
    """The township a village's or community's name is written under (泷泊镇崔家村 → 泷泊镇), one
    the division data knows or, with a stem of its own, one it lacks (洪井乡洪井村 → 洪井乡)."""
    cuts = range(len(name) - len(level) - MIN_STEM, 1, -1)
    return next((name[:n] for n in cuts if name[:n] in towns()), None) or next(
        (name[:n] for n in cuts if any(name[:n].endswith(s) and n - len(s) >= MIN_STEM for s in TOWN_LEVELS)), None)


def _township_twin(written: str) -> str | None:
    return next((inner for inner in _BRACKETED.findall(written) if inner in towns()), None)


_CHROME_MIN = 2  # 头部, 侵权投诉: page chrome glued before a name is a word, not one character


def _known_tail(name: str, level: str) -> str:
    """A township name the division data lacks whose tail it has, after a word of page chrome
    the layout glued on (侵权投诉齐都镇 → 齐都镇, 头部南城街道 → 南城街道)."""
    stem_end = len(name) - len(level)
    return next((name[i:] for i in range(_CHROME_MIN, stem_end - 1) if name[i:] in towns()), name)


@lru_cache(maxsize=8192)
def read_name(written: str | None) -> OrgName | None:
    """The organisation a written name stands for, or None when it is no name (a list
    marker, a generic word, a masked template name, chrome with no level suffix)."""
    if not written or MASKED_NAME.search(written):
        return None
    bracketed = [unit for inner in _BRACKETED.findall(written) for unit in _units(_OFFICE.sub("", inner))
                 if unit in county_levels()]
    runs = _HAN_RUN.findall(_OFFICE.sub(" ", _BRACKETED.sub(" ", written)))
    if not runs:
        return None
    # Chrome and markers stand before the name (导航菜单 连镇): the last run is the name.
    units = _units(runs[-1])
    name, parents = units[-1], tuple(bracketed + units[:-1])
    if name.endswith(_SHORT_FORMED) and name not in county_levels():
        name = official_county(name, next(s for s in _SHORT_FORMED if name.endswith(s))) or name
    if _ZONE.search(name) and name not in county_levels() and (twin := _township_twin(written)):
        name = twin  # 蠡园开发区(蠡园街道): the zone is run by the 街道, the division that reports
    level = level_of(name)
    if name.endswith(_ADMINISTRATIVE_VILLAGE) and name != _ADMINISTRATIVE_VILLAGE:
        # 红土梁行政村: the village, as against its hamlets (自然村)
        name = name[:-len(_ADMINISTRATIVE_VILLAGE)] + level
    if level in TOWN_LEVELS and name not in towns() and (tail := _known_tail(name, level)) != name:
        # What stood before the chrome is not written with the name: no parent of it.
        name, parents = tail, tuple(bracketed)
    if level in BELOW_TOWN_LEVELS and (town := _town_before(name, level)):
        name, parents = name[len(town):], (*parents, town)
    if not level or len(name) > _MAX_NAME or (_GENERIC_START.match(name) and name not in county_levels()):
        return None
    if name.endswith(_URBAN_AREA) and name not in county_levels():
        return None  # 集宁市区: a city's urban area, no district (沙市区 is one, and the data has it)
    return OrgName(name, level, parents)
