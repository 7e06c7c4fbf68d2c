"""City and province of a report from China's administrative divisions (JioNLP's dataset),
looked up from the district or organisation the report names, never typed by hand; a
街道/镇/乡 placed by the townships of the statistical division codes (data/towns.tsv.gz), a 村 or
社区 by their villages (data/villages.tsv.gz)."""
from __future__ import annotations

import contextlib
import gzip
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract.parse.segment import is_common

_TOWNS = Path(__file__).parent / "data" / "towns.tsv.gz"
_VILLAGES = Path(__file__).parent / "data" / "villages.tsv.gz"


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


@lru_cache(maxsize=1)
def _county_aliases() -> dict[str, tuple[str, ...]]:
    """A county's short name (道真, 玉屏) → the full names that have it."""
    aliases: dict[str, list[str]] = defaultdict(list)
    for _, cities in named_children(divisions()):
        for _, counties in named_children(cities):
            for county, fields in named_children(counties):
                for alias in ([fields["_alias"]] if isinstance(fields["_alias"], str) else fields["_alias"] or []):
                    aliases[alias].append(county)
    return {alias: tuple(names) for alias, names in aliases.items()}


def official_county(name: str, suffix: str) -> str | None:
    """The full name of a county written short with its suffix (道真自治县 → 道真仡佬族苗族自治县),
    or short as a whole (科左后旗 → 科尔沁左翼后旗), when exactly one county of that suffix has
    the short name."""
    stem = name.removesuffix(suffix).removesuffix("自治")
    found = {full for alias in (stem, name) for full in _county_aliases().get(alias, ()) if full.endswith(suffix)}
    return found.pop() if len(found) == 1 else None


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
            if city == name:  # a municipality (重庆市) is its own city too
                cities[city] += words[name]
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
    district: str | None = None  # the county a township's code places it in


@lru_cache(maxsize=1)
def towns() -> dict[str, tuple[str, ...]]:
    """Every township name → the 9-digit codes of the townships so named (88 are 城关镇)."""
    index: dict[str, list[str]] = defaultdict(list)
    with gzip.open(_TOWNS, "rt", encoding="utf-8") as handle:
        for line in handle:
            code, name = line.rstrip("\n").split("\t")
            index[name].append(code)
    return {name: tuple(codes) for name, codes in index.items()}


@lru_cache(maxsize=1)
def _names_by_code() -> dict[str, tuple[str | None, str | None, str]]:
    """A county's, city's or province's 6-digit code → its (district, city, province) names."""
    names = {}
    for province, cities in divisions().items():
        names[cities["_admin_code"]] = (None, None, province)
        for city, counties in named_children(cities):
            real_city = None if city == _DIRECTLY_GOVERNED else city
            names.setdefault(counties["_admin_code"], (None, real_city, province))
            for county, fields in named_children(counties):
                names.setdefault(fields["_admin_code"], (county, real_city, province))
    return names


# Township-level suffixes: 内蒙古's 苏木 is a 乡 of the pastures.
TOWN_LEVELS = ("街道", "镇", "乡", "苏木")
# A village or community: below the township (data/villages.tsv.gz). A 嘎查 is Inner
# Mongolia's village, as its 苏木 is a township.
BELOW_TOWN_LEVELS = ("社区", "村", "嘎查")
# A name's stem (the name without its level suffix) is two characters or more, but for the
# few one-character townships the division data knows (坝镇).
MIN_STEM = 2


def _town_suffix(name: str) -> str | None:
    """The township suffix of a name with a stem of two characters or more (孙岗镇: 镇)."""
    return next((s for s in TOWN_LEVELS if name.endswith(s) and len(name) > len(s) + 1), None)


@lru_cache(maxsize=1)
def _stems() -> dict[str, dict[str, str]]:
    """Level → a division's name without its suffix → its name: 孙岗 → 孙岗镇, 黎平 → 黎平县.
    Towns by their names' suffix, counties by the dataset's short names."""
    stems: dict[str, dict[str, str]] = defaultdict(dict)
    for name in towns():
        if suffix := _town_suffix(name):
            stems[suffix].setdefault(name[:-len(suffix)], name)
    for alias, names in _county_aliases().items():
        for name in names:
            stems[county_levels()[name] if county_levels()[name] != "县级市" else "市"].setdefault(alias, name)
    return dict(stems)


@lru_cache(maxsize=1)
def _village_table() -> str:
    """The villages file as text: one line per township, its 9-digit code, then each village
    or community as its code's last 3 digits and its name (大律村, 银闸社区, 赛罕塔拉嘎查).
    Searched as text: an index of its 620,000 villages costs a process seconds to build."""
    with gzip.open(_VILLAGES, "rt", encoding="utf-8") as handle:
        return handle.read()


@lru_cache(maxsize=4096)
def _village_codes(name: str) -> tuple[str, ...]:
    """The 12-digit codes of the villages of exactly this name."""
    table, codes, at = _village_table(), [], 0
    while (at := table.find(name, at)) >= 0:
        entry, at = at - 3, at + len(name)
        if table[entry - 1] == "\t" and table[entry:entry + 3].isdigit() and table[at] in "\t\n":
            line = table.rfind("\n", 0, entry) + 1
            codes.append(table[line:line + 9] + table[entry:entry + 3])
    return tuple(codes)


@lru_cache(maxsize=1)
def _villages_by_town() -> dict[str, str]:
    """A township's 9-digit code → its line of the villages file."""
    return {line[:9]: line for line in _village_table().splitlines()}


def _villages_of(town_code: str) -> list[str]:
    return [entry[3:] for entry in _villages_by_town().get(town_code, "").split("\t")[1:]]


# A village grown into a town's quarter becomes a 社区 and keeps its name (大律村, now 大律社区);
# reports of either year write the name of theirs.
_VILLAGE_SUFFIXES = ("社区", "村")


def _village_stem(name: str) -> tuple[str, str | None]:
    """A village's name without its 社区 or 村, and that suffix (None for a 嘎查 or another name)."""
    suffix = next((s for s in _VILLAGE_SUFFIXES if name.endswith(s)), None)
    return (name[:-len(suffix)], suffix) if suffix else (name, None)


def _village_forms(name: str) -> tuple[str, ...]:
    stem, suffix = _village_stem(name)
    return tuple(stem + other for other in _VILLAGE_SUFFIXES) if suffix else (name,)


def namesakes(name: str) -> int:
    """How many townships or villages, or else counties, cities and provinces, of the data bear
    this name (the villages' file is read only for a village's name)."""
    return (len(towns().get(name, ())) or (name.endswith(BELOW_TOWN_LEVELS) and len(_villages_within(name, None)))
            or len(_full_names().get(name, ())))


def named_by_stem(stem: str, level: str) -> str | None:
    """The division of `level` (街道, 镇, 乡, 区, 县, 市) whose name is `stem` and the level's suffix."""
    return _stems().get(level, {}).get(stem)


def _code_prefix(code: str) -> str:
    """The digits a code fixes: a province's 2, a city's 4, a county's 6, a township's 9."""
    return code if len(code) == 9 else code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") \
        else code[:6]


def _towns_within(name: str, within: str | None) -> list[str]:
    """The codes of the townships of this name inside the division `within` (a code), or in the country."""
    return [code for code in towns().get(name, ()) if not within or code.startswith(_code_prefix(within))]


def _villages_within(name: str, within: str | None) -> list[str]:
    """The codes of the villages of this name, in either form, inside the division `within` (a
    township's code too), or in the country."""
    return [code for form in _village_forms(name) for code in _village_codes(form)
            if not within or code.startswith(_code_prefix(within))]


def _proper_village(name: str) -> bool:
    """A village name no report uses as a common noun (not 新农村, 中心村; not 新村)."""
    stem, _ = _village_stem(name)
    return len(stem) >= MIN_STEM and not is_common(stem) and not is_common(name)


@lru_cache(maxsize=1)
def _town_names() -> dict[str, str]:
    return {code: name for name, codes in towns().items() for code in codes}


def _villages_named(text: str, town_code: str) -> bool:
    """Whether the text names a village of the township of this code, in either form (西柳峪村,
    大律社区): the villages a township's report speaks of are its own. Not the village a town
    is named after (双港镇's 双港村): each of its namesakes may have one."""
    seat = _town_names().get(town_code, "")[:MIN_STEM]
    return any(form in text for name in _villages_of(town_code) if _proper_village(name) and not name.startswith(seat)
               for form in _village_forms(name))


def _only(codes: list[str]) -> str | None:
    return codes[0] if len(codes) == 1 else None


@lru_cache(maxsize=1)
def _aliases_of() -> dict[str, tuple[str, ...]]:
    """A county's full name → its short names (台山市 → 台山); not a short name that still ends in
    a level word (镇江新区 → 新区, 城区, 郊区): that is any report's common noun, no name."""
    aliases: dict[str, list[str]] = defaultdict(list)
    for alias, names in _county_aliases().items():
        if alias.endswith(("区", "县", "市", "旗")):
            continue
        for name in names:
            aliases[name].append(alias)
    return {name: tuple(found) for name, found in aliases.items()}


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """Every word by which a text names a province, city or county, in full or short (江苏省, 江苏,
    徐州市, 徐州, 台山市, 台山): what `locate` reads as the text naming a place."""
    levels = county_levels()
    names = set(levels) | {alias for aliases in _aliases_of().values() for alias in aliases}
    names |= {_PROVINCE_SUFFIX.sub("", name) for name, level in levels.items() if level == "省"}
    names |= {name.removesuffix("市") for name, level in levels.items() if level == "市"}
    return frozenset(name for name in names if len(name) >= 2)


def _county_named(words: Counter, code: str, short: bool = True) -> bool:
    """Whether the text names the county of a township's code, in full or (`short`) short (台山市, 台山)."""
    county = _names_by_code().get(code[:6], (None,))[0]
    return bool(county) and any(words.get(name) for name in (county, *(_aliases_of().get(county, ()) if short else ())))


def _city_named(words: Counter, code: str) -> bool:
    """Whether the text names the city of a township's code, in full or short (丽水市, 丽水):
    what places a town of a city without counties (东莞, 中山), or one whose text names only
    its city."""
    city = _names_by_code().get(code[:6], (None, None))[1]
    return bool(city) and any(words.get(name) for name in {city, city.removesuffix("市")} if len(name) >= 2)


_PROVINCE_SUFFIX = re.compile(r"(?:壮族|回族|维吾尔)?自治区$|省$|市$|特别行政区$")


def _province_named(words: Counter, code: str) -> bool:
    """Whether the text names the province of a township's code, in full or short (安徽省, 安徽:
    考察安徽重要讲话): what tells namesakes in two provinces apart when nothing nearer does."""
    province = _names_by_code().get(f"{code[:2]}0000", (None, None, None))[2]
    return bool(province) and any(words.get(name) for name in {province, _PROVINCE_SUFFIX.sub("", province)})


# What a township calls its county's government (在区委、区政府的坚强领导下; 县委县政府): of two
# 长征镇, one in a 区 of 上海 and one in a 县 of 海南, the text thanking 区委 is the first's.
_PARENT_WORDS = {"区": ("区委", "区政府", "区人大"), "县": ("县委", "县政府", "县人大")}


def _parent_level(words: Counter) -> str | None:
    """区 or 县, when the text names the one's party or government and not the other's."""
    named = [level for level, names in _PARENT_WORDS.items() if any(words.get(name) for name in names)]
    return named[0] if len(named) == 1 else None


def _county_level(code: str) -> str | None:
    county = _names_by_code().get(code[:6], (None,))[0] or ""
    return "区" if county.endswith("区") else "县" if county.endswith(("县", "旗")) else None


def _namesake_in(name: str, city: str | None, province: str | None) -> tuple[str | None, str | None]:
    """(city, province) of the one division so named inside the stated city or province."""
    inside = {place for place in _full_names().get(name, ())
              if (city and place[0] == city) or (province and place[1] == province)}
    return next(iter(inside)) if len(inside) == 1 else (None, None)


@lru_cache(maxsize=1)
def _townships_of() -> dict[str, tuple[str, ...]]:
    """A county's 6-digit code → its townships' names, each also with the other township
    suffixes: a town becomes a street (南昌's 桃花镇, now 桃花街道) and older reports keep its name."""
    index: dict[str, set[str]] = defaultdict(set)
    for name, codes in towns().items():
        suffix = _town_suffix(name)
        forms = {name[:-len(suffix)] + other for other in TOWN_LEVELS} if suffix else {name}
        for code in codes:
            index[code[:6]] |= forms
    return {county: tuple(sorted(names)) for county, names in index.items()}


def _namesake_by_townships(district: str, text: str) -> tuple[str | None, str | None]:
    """(city, province) of the one county so named whose townships the text names: a district's
    report speaks of its towns and streets (南昌's 西湖区 of 桃花镇, 杭州's of 转塘街道)."""
    naming = set()
    for city, province in _full_names().get(district, ()):
        code = division_code(province, city, district) or ""
        if len(code) == 6 and any(name in text for name in _townships_of().get(code, ())):
            naming.add((city, province))
    return next(iter(naming)) if len(naming) == 1 else (None, None)


def locate(words: Counter, district: str | None, town: str | None = None, text: str = "",
           parents: tuple[str, ...] = (), village: str | None = None) -> Place:
    """City and province: what the report itself states when it does, else what the dataset
    gives for the district it names; a disagreement is flagged, and kept as the report says only
    when the report writes it with the name (`parents`).
    A township (`town`) is placed by its code when its name is unique in what the report
    says of its place, or in the country: 白沙乡 is not only in Hainan, 城关镇 in 88 counties. A
    村 or 社区 (`village`) so too, inside its township when that is known."""
    stated_city, stated_province = stated_city_and_province(words)
    known_city, known_province = resolve(district) if district else (None, None)
    if district and not (known_city or known_province):
        # A county with namesakes (西湖区 of 南昌 and of 杭州): the one in the province or city the
        # report states, else the one whose townships it names.
        known_city, known_province = _namesake_in(district, stated_city, stated_province)
        if not (known_city or known_province):
            known_city, known_province = _namesake_by_townships(district, text)
    conflict = bool((stated_city and known_city and stated_city != known_city)
                    or (stated_province and known_province and stated_province != known_province))
    if conflict and not {stated_city, stated_province} & set(parents):
        # 与佛山市对口协作: a city the body names that does not hold the county is a partner or a
        # destination; only a parent written with the name (济南市莱芜区) overrides the dataset.
        stated_city = stated_province = None
    city = stated_city or known_city
    province = stated_province or known_province
    # The district's code only when the dataset places it where the report does.
    code = division_code(province, city, None if conflict else district)
    candidates = _towns_within(town, code) if town and not conflict else []
    if town and not candidates and not conflict and not district and stated_city:
        # 赴深圳市开展招商推介: a city the text names that holds no township of the name is a
        # place it went to, when the province holds one (a township the division data lacks
        # keeps the city it states); the one township so named in the province places it.
        province_code = division_code(province, None, None)
        if in_province := _towns_within(town, province_code):
            candidates, city, code = in_province, None, province_code
    own_code = town_code = _the_one(candidates, words, text)
    if village and not conflict:
        # Of a township written with it, the village is one of that township's namesakes'.
        villages = [c for c in _villages_within(village, town_code or code) if not candidates or c[:9] in candidates]
        own_code = _the_one(villages, words, text, short=False) or town_code
    if not own_code:
        return Place(city, province, code, conflict)
    # A county newer than the division tree (海门区, 2020) leaves its city and province known.
    own_district, own_city, own_province = _names_by_code().get(own_code[:6]) or \
        (None, *_names_by_code().get(f"{own_code[:4]}00", (None, None, None))[1:])
    return Place(city or own_city, province or own_province, own_code, conflict, district or own_district)


def _the_one(codes: list[str], words: Counter, text: str, short: bool = True) -> str | None:
    """Of several divisions so named, the one whose county the text names (大江镇 of a text that
    thanks 台山市委: the 大江镇 of 台山, not of 新兴), else whose city, whose county's level (区委
    or 县委) or whose province it names; else the township whose villages it names. Of a
    village's dozens of namesakes, a county's short name is too often inside another word
    (御龙山 is no 龙山区): `short=False` counts only its full name."""
    parent = _parent_level(words) if len(codes) > 1 else None
    return (_only(codes) or _only([c for c in codes if _county_named(words, c, short)])
            or _only([c for c in codes if _city_named(words, c)])
            or _only([c for c in codes if parent and _county_level(c) == parent])
            or _only([c for c in codes if _province_named(words, c)])
            or _only([c for c in codes if len(c) == 9 and _villages_named(text, c)]))




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
