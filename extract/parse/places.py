"""City and province of a report from China's administrative divisions (JioNLP's dataset),
looked up from the district or organisation the report names, never typed by hand."""
from __future__ import annotations

import contextlib
import io
import re
from collections import Counter
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
    found = _jionlp().parse_location(name)
    return found.get("city"), found.get("province")


def stated_city_and_province(words: tuple[str, ...]) -> tuple[str | None, str | None]:
    """The city and province the text's words name most often with their full suffix, when
    the dataset knows them; 全市 or 城市 never resolve, so generic words fall away."""
    cities, provinces = Counter(), Counter()
    for name in filter(_STATED.fullmatch, words):
        city, province = resolve(name)
        if province and name == province:
            provinces[province] += 1
        elif city and name == city:
            cities[city] += 1
            provinces[province] += 1
    best_city = cities.most_common(1)[0][0] if cities else None
    best_province = provinces.most_common(1)[0][0] if provinces else None
    return best_city, best_province


def locate(words: tuple[str, ...], district: str | None) -> tuple[str | None, str | None]:
    """City and province: from the district the report names when the dataset resolves it,
    else from the cities and provinces the text itself states. Street and town names alone
    are not looked up: many places share them (白沙乡 is not only in Hainan)."""
    if district:
        city, province = resolve(district)
        if province:
            return city, province
    return stated_city_and_province(words)
