"""City and province of a report from China's administrative divisions (JioNLP's dataset),
looked up from the district or organisation the report names, never typed by hand."""
from __future__ import annotations

import contextlib
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache


# Names written with their full suffix (武汉市, 湖北省): a report stating where it is.
_STATED = re.compile(r"[\u4e00-\u9fff]{2,7}(?:省|自治区|市)")


@lru_cache(maxsize=1)
def _jionlp():
    with contextlib.redirect_stdout(io.StringIO()):  # its import prints a banner
        import jionlp
    return jionlp


@lru_cache(maxsize=4096)
def resolve(name: str) -> tuple[str | None, str | None]:
    """(city, province) for a place name, from the dataset; (None, None) when unknown."""
    places = _full_names().get(name, ())
    if len(places) == 1:
        return places[0]
    # Aliases and names several places share: JioNLP's parser decides (it scans the whole
    # table, some milliseconds a call, so the common case above goes by the index).
    found = _jionlp().parse_location(name)
    return found.get("city"), found.get("province")


_DIRECTLY_GOVERNED = "省直辖行政区划"


@lru_cache(maxsize=1)
def _full_names() -> dict[str, list[tuple[str | None, str | None]]]:
    """Every full province, city and county name of the dataset → its (city, province)s."""
    index: dict[str, list[tuple[str | None, str | None]]] = defaultdict(list)
    for province, cities in divisions().items():
        index[province].append((None, province))
        for city, counties in named_children(cities):
            # Counties the province governs directly (仙桃市) sit under a placeholder city.
            real_city = None if city == _DIRECTLY_GOVERNED else city
            index[city].append((real_city, province))
            for county, _ in named_children(counties):
                index[county].append((real_city, province))
    return dict(index)


@lru_cache(maxsize=1)
def county_levels() -> dict[str, str]:
    """Every full province, city and county name of the dataset → its level: 省, 市 (a
    prefecture-level city, 州 or 盟), or a county level as its suffix says (区, 县, 旗, and
    县级市 for a city that is one)."""
    levels: dict[str, str] = {}
    for province, cities in divisions().items():
        levels[province] = "省"
        for city, counties in named_children(cities):
            if city != _DIRECTLY_GOVERNED:
                levels.setdefault(city, "市")
            for county, _ in named_children(counties):
                levels.setdefault(county, "县级市" if county.endswith("市") else
                                  "县" if county.endswith(("县", "旗")) else "区")
    return levels


def named_children(level: dict):
    """The places one level down the division tree (the `_`-keys are the level's own fields)."""
    return ((name, value) for name, value in level.items() if not name.startswith("_"))


def stated_city_and_province(words: Counter) -> tuple[str | None, str | None]:
    """The city and province the text's words (word → count) name most often with their full
    suffix, when the dataset knows them; 全市 or 城市 never resolve, so generic words fall away."""
    cities, provinces = Counter(), Counter()
    for name in filter(_STATED.fullmatch, words):
        city, province = resolve(name)
        if province and name == province:
            provinces[province] += words[name]
        elif city and name == city:
            cities[city] += words[name]
            provinces[province] += words[name]
    best_city = cities.most_common(1)[0][0] if cities else None
    best_province = provinces.most_common(1)[0][0] if provinces else None
    return best_city, best_province


@dataclass(frozen=True)
class Place:
    city: str | None
    province: str | None
    division_code: str | None
    conflict: bool  # the report states a city/province the dataset does not give its district


def locate(words: Counter, district: str | None) -> Place:
    """City and province: what the report itself states when it does, else what the dataset
    gives for the district it names; a disagreement is kept as the report says and flagged.
    Street and town names alone are not looked up: many places share them (白沙乡 is not
    only in Hainan)."""
    stated_city, stated_province = stated_city_and_province(words)
    known_city, known_province = resolve(district) if district else (None, None)
    conflict = bool((stated_city and known_city and stated_city != known_city)
                    or (stated_province and known_province and stated_province != known_province))
    city = stated_city or known_city
    province = stated_province or known_province
    # The district's code only when the dataset places it where the report does.
    code = division_code(province, city, None if conflict else district)
    return Place(city, province, code, conflict)


@lru_cache(maxsize=1)
def divisions() -> dict:
    """JioNLP's division tree: province → city → county, with `_admin_code` and the like."""
    _jionlp()  # silences the import banner
    return _jionlp().china_location_loader()


def division_code(province: str | None, city: str | None, district: str | None) -> str | None:
    """The administrative-division code of the most precise of the three the dataset knows."""
    level = divisions().get(province or "")
    if not level:
        return None
    code = level.get("_admin_code")
    for name in (city, district):
        level = level.get(name or "") if isinstance(level, dict) else None
        if not isinstance(level, dict):
            break
        code = level.get("_admin_code", code)
    return code
