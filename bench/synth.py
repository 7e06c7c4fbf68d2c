"""Synthetic work reports in the style of the seeds, each with its gold annotation.

Deterministic for a given seed: report i of a corpus is the same whatever N is, so the
1,000-report corpus is the first 1,000 of the 10,000. Every quantity is written in one of
the forms METRICS.md lists (Arabic and Chinese numerals, 万/千 multipliers, thousands
separators, qualifiers, x-masks, a space or a line break inside the span) and noise is laid
on top (page chrome, full-width characters, hard-wrapped lines, GBK files, saved web pages).
The gold is written as the metrics are, so it says exactly what the text holds.
"""
from __future__ import annotations

import hashlib
import html
import json
import random
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from extract.parse.places import divisions, named_children

_HALF_TO_FULL = str.maketrans("0123456789.%", "０１２３４５６７８９．％")
_CN_DIGITS = "零一二三四五六七八九"
_PLACE_FIRST = "东西南北中新清青花梅桃柳金银龙凤长永安和平兴华石白红黄松竹兰杨柏文"
_PLACE_SECOND = "山河湖桥园林阳城港湾岭塘门坪口溪岗湾堡店营庄坝洲"
_LEVELS = ("街道", "街道", "街道", "镇", "镇", "乡", "社区", "村")


@dataclass(frozen=True)
class GoldMetric:
    raw_text: str
    value: float | None
    unit: str
    classifier: str | None
    qualifier: str
    indicator: str
    period_type: str
    scope: str | None
    is_masked: bool
    section_path: str | None
    required: bool = True


@dataclass(frozen=True)
class Quantity:
    """One number with its unit as written, and what it normalises to."""

    surface: str
    value: float | None
    unit: str
    classifier: str | None
    qualifier: str = "exact"
    # Small Chinese-numeral counts (三个, 二十家) are borderline in the gold contract.
    required: bool = True

    @property
    def masked(self) -> bool:
        return self.value is None


@dataclass
class Style:
    """The noise one report carries; drawn once per report."""

    masked: bool = False
    full_width: bool = False
    wrap: int = 0
    chrome: bool = False
    html: bool = False
    gbk: bool = False
    title: bool = True


# What a quantity can be: (kind, unit, classifiers, low, high, decimals).
_KINDS = {
    "money_wan": ("CNY", ("万元",), 10, 90000, 2),
    "money_yi": ("CNY", ("亿元",), 1, 90, 2),
    "money_yuan": ("CNY", ("元",), 1000, 900000, 0),
    "percent": ("percent", ("%",), 1, 99, 1),
    "person": ("person", ("人", "名"), 3, 9000, 0),
    "person_time": ("person_time", ("人次",), 20, 90000, 0),
    "household": ("household", ("户",), 5, 9000, 0),
    "m2": ("m2", ("平方米", "平米"), 100, 90000, 0),
    "m2_wan": ("m2", ("万平方米",), 1, 90, 1),
    "mu": ("mu", ("亩",), 10, 5000, 0),
    "km": ("m", ("公里",), 1, 60, 1),
    "metre": ("m", ("米",), 50, 9000, 0),
    "tonne": ("t", ("吨",), 5, 9000, 0),
    "day": ("day", ("天",), 2, 60, 0),
    "hour": ("hour", ("小时",), 10, 9000, 0),
    "count": ("count", ("个", "家", "项", "场", "次", "件", "起", "处", "条", "所", "支", "批"), 2, 600, 0),
}
_SCALE = {"万元": 10_000, "亿元": 100_000_000, "万平方米": 10_000, "公里": 1000}


def _chinese_small(n: int) -> str:
    """2..99 in Chinese numerals: 两/三 … 十二, 四十五."""
    if n == 2:
        return "两"
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def _number(rng: random.Random, low: float, high: float, decimals: int) -> float:
    value = rng.uniform(low, high)
    return round(value, decimals) if decimals and rng.random() < 0.6 else float(int(value))


def _digits(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value}"


def quantity(rng: random.Random, kind: str, style: Style, classifier: str | None = None) -> Quantity:
    unit, forms, low, high, decimals = _KINDS[kind]
    word = classifier or rng.choice(forms)
    scale = _SCALE.get(word, 1)
    recorded_classifier = word if unit == "count" else None
    if style.masked:
        mask = rng.choice(("x", "xx", "xxx", "xxxx")) + (".xx" if decimals and rng.random() < 0.5 else "")
        return Quantity(f"{mask}{word}", None, unit, recorded_classifier)
    roll = rng.random()
    if unit in ("count", "person", "household") and roll < 0.12:
        n = rng.randint(2, 30)
        return Quantity(f"{_chinese_small(n)}{word}", float(n), unit, recorded_classifier, required=False)
    value = _number(rng, low, high, decimals)
    if unit in ("person", "person_time", "household", "count") and value >= 10_000 and roll < 0.35:
        text = f"{round(value / 10_000, 1)}万"
        value = round(value / 10_000, 1) * 10_000
    elif unit == "hour" and value >= 1000 and roll < 0.3:
        text, value = f"{int(value // 1000)}千", float(int(value // 1000) * 1000)
    elif value >= 1000 and value == int(value) and roll < 0.15 and not style.full_width:
        text = f"{int(value):,}"
    else:
        text = _digits(value)
    qualifier, before, after = "exact", "", ""
    pick = rng.random()
    if pick < 0.06:
        qualifier, before = "approx", rng.choice(("约", "近"))
    elif pick < 0.12 and "." not in text:
        qualifier, after = "more_than", "余"
    elif pick < 0.15:
        qualifier, before = "more_than", rng.choice(("超过", "超"))
    if style.full_width:
        text = text.translate(_HALF_TO_FULL)
    space = " " if rng.random() < 0.05 else ""
    surface = f"{before}{text}{after}{space}{word.translate(_HALF_TO_FULL) if style.full_width else word}"
    return Quantity(surface, value * scale, unit, recorded_classifier, qualifier)


# Sentences of the review part: the text, then (kind, indicator[, classifier]) per slot.
_ACTUAL = {
    "经济发展": [
        ("全年完成一般公共预算收入{0}，同比增长{1}。", [("money_wan", "一般公共预算收入"), ("percent", "一般公共预算收入同比增长")]),
        ("完成固定资产投资{0}，占全年目标任务的{1}。", [("money_yi", "固定资产投资"), ("percent", "占全年目标任务")]),
        ("新引进企业{0}，新增市场主体{1}。", [("count", "新引进企业", "家"), ("count", "新增市场主体", "家")]),
        ("实现社会消费品零售总额{0}。", [("money_yi", "社会消费品零售总额")]),
        ("辖区{0}规上企业实现产值{1}。", [("count", "规上企业", "家"), ("money_yi", "规上企业实现产值")]),
        ("全年实现税收收入{0}，完成招商引资项目{1}。", [("money_wan", "税收收入"), ("count", "招商引资项目", "个")]),
    ],
    "民生保障": [
        ("新增城镇就业{0}，帮助{1}困难群众实现再就业。", [("person", "新增城镇就业"), ("person", "困难群众实现再就业")]),
        ("为{0}低保对象发放救助资金{1}。", [("household", "低保对象"), ("money_wan", "救助资金")]),
        ("开展各类志愿服务活动{0}，参与群众{1}。", [("count", "志愿服务活动", "场"), ("person_time", "参与群众")]),
        ("完成老旧小区改造{0}，惠及居民{1}。", [("count", "老旧小区改造", "个"), ("household", "惠及居民")]),
        ("发放高龄津贴{0}，慰问困难党员群众{1}。", [("money_yuan", "高龄津贴"), ("person", "慰问困难党员群众")]),
        ("新建社区食堂{0}，累计服务老年人{1}。", [("count", "新建社区食堂", "个"), ("person_time", "服务老年人")]),
    ],
    "平安稳定": [
        ("受理群众信访{0}，办结率达{1}。", [("count", "受理群众信访", "件"), ("percent", "办结率")]),
        ("排查化解矛盾纠纷{0}，调解成功率{1}。", [("count", "排查化解矛盾纠纷", "起"), ("percent", "调解成功率")]),
        ("组织平安巡逻{0}，出动巡逻人员{1}。", [("count", "平安巡逻", "次"), ("person_time", "出动巡逻人员")]),
    ],
    "安全生产": [
        ("检查企业{0}，排查整改安全隐患{1}。", [("count", "检查企业", "家"), ("count", "排查整改安全隐患", "处")]),
        ("开展消防演练{0}，培训从业人员{1}。", [("count", "消防演练", "场"), ("person_time", "培训从业人员")]),
    ],
    "城市建设与管理": [
        ("完成征收拆迁面积{0}，腾退土地{1}。", [("m2", "征收拆迁面积"), ("mu", "腾退土地")]),
        ("新建改造道路{0}，铺设雨污管网{1}。", [("km", "新建改造道路"), ("metre", "雨污管网")]),
        ("拆除违法建设{0}，清运建筑垃圾{1}。", [("m2", "拆除违法建设"), ("tonne", "清运建筑垃圾")]),
        ("完成绿化提升{0}，新增停车泊位{1}。", [("m2_wan", "绿化提升"), ("count", "新增停车泊位", "个")]),
    ],
    "疫情防控": [
        ("累计接种新冠疫苗{0}，开展核酸检测{1}。", [("person_time", "接种新冠疫苗"), ("person_time", "核酸检测")]),
        ("排查返乡人员{0}，设置卡口{1}，连续值守{2}。", [("person", "排查返乡人员"), ("count", "卡口", "处"), ("day", "连续值守")]),
    ],
    "党的建设": [
        ("新发展党员{0}，组织主题党日活动{1}。", [("person", "新发展党员"), ("count", "主题党日活动", "场")]),
        ("开展党员志愿服务{0}，累计服务时长{1}。", [("count", "党员志愿服务", "次"), ("hour", "服务时长")]),
    ],
}

_PLAN = [
    ("计划新建{0}，力争全年一般公共预算收入达到{1}。", [("count", "新建", "个"), ("money_wan", "一般公共预算收入")]),
    ("力争引进企业{0}，新增就业岗位{1}。", [("count", "引进企业", "家"), ("count", "就业岗位", "个")]),
    ("计划完成老旧小区改造{0}，改造面积{1}。", [("count", "老旧小区改造", "个"), ("m2_wan", "改造面积")]),
    ("全年计划开展志愿服务活动{0}。", [("count", "志愿服务活动", "场")]),
    ("计划完成固定资产投资{0}。", [("money_yi", "固定资产投资")]),
]

# Sentences with numerals that are not metrics (METRICS.md's exclusion list).
_DISTRACTORS = [
    "深入学习贯彻党的二十大精神，全面落实“十四五”规划部署。",
    "{year}年3月15日，召开全体干部大会，部署全年重点工作。",
    "在全区第三季度综合考评中位列第2位。",
    "隆重纪念建党100周年，开展“七一”系列活动。",
    "推行“1+5+X”网格工作法，打造15分钟社区生活圈。",
    "以“两个确立”为根本遵循，坚持“三社联动”工作机制。",
    "第七次全国人口普查工作顺利完成。",
    "坚持“一网统管”，1至10月完成各项工作任务。",
]

# Sentences without numbers: most of a real report is prose like this.
_PROSE = [
    "坚持以人民为中心的发展思想，把群众满意作为检验工作成效的根本标准。",
    "健全完善工作机制，压紧压实工作责任，形成上下联动、齐抓共管的工作格局。",
    "深入开展调查研究，认真倾听群众意见建议，切实解决群众急难愁盼问题。",
    "强化督查考核，对重点任务实行清单化管理、项目化推进、责任化落实。",
    "持续优化营商环境，主动上门服务企业，帮助企业解决用工、融资等实际困难。",
    "扎实推进网格化管理，整合各类服务资源，打通服务群众的最后一公里。",
    "加强干部队伍建设，开展业务培训和作风建设，不断提升干部履职能力。",
    "深化文明城市创建，常态化开展环境卫生整治，城市面貌持续改善。",
    "统筹发展和安全，压实企业主体责任，坚决守住安全生产底线。",
    "积极探索共建共治共享的基层治理新路径，居民群众的获得感、幸福感、安全感不断增强。",
    "坚持问题导向，聚焦重点领域和关键环节，推动各项工作落地见效。",
    "加强宣传引导，充分利用微信公众号、宣传栏等载体，营造浓厚氛围。",
]

_HEADINGS = {
    "经济发展": "经济发展稳中有进",
    "民生保障": "民生保障持续改善",
    "平安稳定": "平安建设扎实推进",
    "安全生产": "安全生产形势平稳",
    "城市建设与管理": "城市管理提档升级",
    "疫情防控": "疫情防控有力有效",
    "党的建设": "党建引领全面加强",
}

_CHROME_TOP = [
    "首页 > 政务公开 > 计划总结",
    "【字体：大 中 小】 打印本页 关闭窗口",
]
_CHROME_BOTTOM = [
    "扫一扫在手机上查看当前页面",
    "主办单位：{district}人民政府办公室 联系电话：027-86681234",
    "网站标识码：4201110003 鄂ICP备05003321号",
]


@lru_cache(maxsize=1)
def _districts() -> tuple[tuple[str, str, str], ...]:
    """(province, city, district) of every 区 in JioNLP's division data."""
    return tuple(sorted((province, city, county)
                        for province, cities in divisions().items()
                        for city, counties in named_children(cities)
                        for county, _ in named_children(counties)
                        if county.endswith("区") and len(county) <= 4))


@dataclass
class _Writer:
    """Accumulates a report's text and its gold metrics in reading order."""

    rng: random.Random
    style: Style
    lines: list[str] = field(default_factory=list)
    metrics: list[GoldMetric] = field(default_factory=list)

    def sentence(self, template: str, slots, period: str, section: str | None, scope: str | None = None) -> str:
        filled = []
        for slot in slots:
            kind, indicator, *classifier = slot
            q = quantity(self.rng, kind, self.style, classifier[0] if classifier else None)
            filled.append(q.surface)
            # Spaces are inside the surface only to be closed by the cleaner; gold keeps the joined span.
            raw = q.surface.replace(" ", "")
            self.metrics.append(GoldMetric(raw, q.value, q.unit, q.classifier, q.qualifier, indicator,
                                           period, scope, q.masked, section, q.required))
        text = template.format(*filled)
        if self.style.full_width:
            text = text.replace(",", "，")
        return (f"{scope}，" if scope else "") + text


def _org_name(rng: random.Random) -> tuple[str, str]:
    level = rng.choice(_LEVELS)
    return rng.choice(_PLACE_FIRST) + rng.choice(_PLACE_SECOND) + level, level


def _style(rng: random.Random) -> Style:
    return Style(masked=rng.random() < 0.05, full_width=rng.random() < 0.15, wrap=rng.choice((0, 0, 0, 0, 28, 36)),
                 chrome=rng.random() < 0.4, html=rng.random() < 0.1, gbk=rng.random() < 0.1,
                 title=rng.random() < 0.92)


def report(seed: int, index: int) -> tuple[str, bytes, dict]:
    """(file name, file bytes, gold) of report `index` of the corpus drawn from `seed`."""
    rng = random.Random(f"{seed}:{index}")
    style = _style(rng)
    province, city, district = rng.choice(_districts())
    org, level = _org_name(rng)
    year = rng.randint(2018, 2024)
    writer = _Writer(rng, style)
    title = f"{district}{org}{year}年工作总结和{year + 1}年工作计划" if style.title else None
    body = [title] if title else []
    body.append(f"{year}年，{org}在{district}委、区政府的坚强领导下，坚持以习近平新时代中国特色社会主义思想为指导，"
                f"{rng.choice(_DISTRACTORS).format(year=year)}现将有关情况报告如下：")
    review = f"一、{year}年工作开展情况"
    body.append(review)
    topics = rng.sample(sorted(_ACTUAL), k=rng.randint(4, len(_ACTUAL)))
    for number, topic in enumerate(topics, 1):
        heading = f"（{_CN_DIGITS[number] if number < 10 else number}）{_HEADINGS[topic]}"
        body.append(heading)
        section = f"{review} > {heading.replace('（', '(').replace('）', ')')}"
        sentences = rng.sample(_PROSE, k=rng.randint(1, 3))
        for template, slots in rng.sample(_ACTUAL[topic], k=min(len(_ACTUAL[topic]), rng.randint(2, 4))):
            scope = "1至10月" if rng.random() < 0.05 else None
            sentences.append(writer.sentence(template, slots, "actual", section, scope))
            if rng.random() < 0.3:
                sentences.append(rng.choice(_DISTRACTORS).format(year=year))
            sentences.extend(rng.sample(_PROSE, k=rng.randint(0, 2)))
        body.append(f"{org}{rng.choice(('坚持', '聚焦', '围绕'))}中心工作，" + "".join(sentences))
    body.append("二、存在的问题")
    body.append("对照上级要求和群众期盼，工作中还存在一些短板，基层治理能力有待提升，产业结构仍需优化。"
                + "".join(rng.sample(_PROSE, k=3)))
    plan = f"三、{year + 1}年工作计划"
    body.append(plan)
    for template, slots in rng.sample(_PLAN, k=rng.randint(2, 4)):
        body.append(writer.sentence(template, slots, "plan", plan) + "".join(rng.sample(_PROSE, k=2)))
    body.append(f"{org}将以更加饱满的热情、更加务实的作风，奋力谱写高质量发展新篇章。")
    if style.wrap:
        body = [wrapped for line in body for wrapped in _wrap(line, style.wrap)]
    if style.chrome:
        body = [*_CHROME_TOP, *body, *(line.format(district=district) for line in _CHROME_BOTTOM)]
    text = "\n".join(body) + "\n"
    gold = {
        "report": {"title": title, "org_name": org, "org_level": level, "district": district, "city": city,
                   "province": province, "report_year": year, "plan_year": year + 1, "published_date": None,
                   "doc_type": "summary_and_plan"},
        "metrics": [asdict(m) for m in writer.metrics],
    }
    data, suffix = _encode(text, title, style)
    name = f"{index:06d}_{hashlib.sha1(data).hexdigest()[:12]}{suffix}"
    gold["source_file"] = name
    return name, data, gold


def _wrap(line: str, width: int) -> list[str]:
    """Hard-wrapped lines, as text copied out of a PDF or a fixed-width page: breaks fall
    anywhere, inside words and numbers too (never inside a heading's marker)."""
    if len(line) <= width or re.match(r"^[一二三四五六七八九十]+、|^（", line):
        return [line]
    return [line[i:i + width] for i in range(0, len(line), width)]


def _encode(text: str, title: str | None, style: Style) -> tuple[bytes, str]:
    if style.html:
        paragraphs = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines() if line)
        page = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(title or '工作总结')}</title>"
                "</head><body><div class=\"nav\"><a href=\"/\">首页</a> | <a href=\"/zwgk\">政务公开</a></div>"
                f"<div class=\"article\">{paragraphs}</div><div class=\"footer\">版权所有 联系我们</div></body></html>")
        return page.encode("utf-8"), ".html"
    return text.encode("gb18030" if style.gbk else "utf-8"), ".txt"


def write_corpus(directory: Path, n: int, seed: int = 7, start: int = 0) -> list[Path]:
    """Reports start..start+n-1 of the corpus into directory/inbox and their gold into directory/gold."""
    inbox, gold_dir = directory / "inbox", directory / "gold"
    inbox.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for index in range(start, start + n):
        name, data, gold = report(seed, index)
        (inbox / name).write_bytes(data)
        (gold_dir / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        written.append(inbox / name)
    return written
