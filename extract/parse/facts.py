"""Report-level facts: title, organisation, years, document type. NULL rather than a guess."""
from __future__ import annotations

import re
from collections import Counter
from itertools import chain

from extract.grammar import CARRIED_OUT, DOC_TITLE_WORDS, PLAN_WORDS, WORK_PLANNING
from extract.parse.metrics import Quoted
from extract.parse.names import MASKED_NAME, OrgName, level_of, read_name
from extract.parse.places import (
    BELOW_TOWN_LEVELS,
    MIN_STEM,
    TOWN_LEVELS,
    county_levels,
    locate,
    named_by_stem,
    namesakes,
    place_words,
    towns,
)
from extract.parse.sections import part_of
from extract.parse.segment import Segmented, is_common, is_known, tag_of, words
from extract.parse.years import Announced, announced_parts, delivery_date, is_part_year, report_years, title_plan_year
from extract.records import DocumentMeta, ReportFacts, Section

# "…在XX区第十八届人民代表大会…": the body a government work report is given to.
_CONGRESS = re.compile(r"在(?P<org>[\u4e00-\u9fff]{1,12}?(?:[区县市镇乡旗]|苏木))\s*第?[一二三四五六七八九十]+届")
# A notice that issues the report: 楚雄市人民政府关于印发2022年政府工作报告的通知.
_ISSUER = re.compile(r"(?P<org>[\u4e00-\u9fff]{2,15}?)(?:人民政府|政府|办事处)关于印发")
# The speaker under the byline: 澄城县人民政府县长 张旭, 中兴镇人民政府镇长 王洪.
_SPEAKER = re.compile(r"(?P<org>[\u4e00-\u9fff]{2,15}?)人民政府(?:代理|代)?(?:县长|区长|市长|镇长|乡长|旗长|主任)")
# "现在,我代表龙岗区人民政府向大会作工作报告": how a government work report opens.
_DELEGATE = re.compile(r"我谨?代表(?P<org>[^\s,，。、:]{2,20}?)[,，]?\s*向(?:大会|各位代表)")
_DELEGATE_WINDOW = 600
# A government answers to its people's congress, and its work report says so even when the
# text starts past its byline: 在镇人大的监督支持下, 完成年初人代会确定的各项目标任务.
_SUPERVISED = re.compile(r"人大(?:及其(?:常委会|主席团)|主席团)?的?(?:依法)?监督|人代会确定")
_OFFICE_WORDS = re.compile(r"人民政府|政府|办事处|十?[一二三四五六七八九十]*届")
_BYLINE_WINDOW = 200
_SIGNATURE_LINES = 3
_SIGNATURE = re.compile(r"[\u4e00-\u9fff()（）]{2,24}")
# How a report refers to its own organisation: 全区, 我县, 本镇, 全街 …
_SELF_REFERENCE = re.compile(r"([全我本])(街道|街|社区|苏木|嘎查|镇|乡|村|区|县|市)")
# 全区第六, 全区唯一, 全区首个: a rank within the parent, said by any body below it.
_RANK_AFTER = re.compile(r"第(?![一二三]产业)|唯一|首[个家批位]|排名|前列|之最")
_LEVEL_OF_SELF = {"街": "街道"}
_BELOW_COUNTY = (*TOWN_LEVELS, *BELOW_TOWN_LEVELS)
# A name's level as a report refers to itself: a 县级市 says 我市, a 社管办 我社区.
_SELF_LEVEL = {"县级市": "市", "社管办": "社区", "自治县": "县", "自治旗": "旗"}
_GENERIC_NAMES = {"全", "各", "本", "该", "我", "每", "两", "所在", "辖区", "全体", "其他", "相关", "有关", "乡镇",
                  "城市", "街道", "社区", "农村", "周边", "沿", "临", "老", "大", "小", "商业", "步行", "小城",
                  "特色小", "集"}
# Words before a place that make it an honour, not a name: 国家级卫生镇, 全国文明镇.
_HONOUR_BEFORE = {"国家级", "省级", "市级", "区级", "县级", "全国", "全省", "全市", "国家", "示范", "先进", "特色"}
_PLACE_TAGS = {"ns", "nr", "nz"}  # proper nouns: place, person-like and other names
# Weighted mentions (2 each with the full suffix) of a name the dictionary lacks.
_UNKNOWN_NAME_MIN = 6
_STEM_MENTIONS = 2
_HAN_BEFORE = re.compile(r"[\u4e00-\u9fff]+$")
_PARENT_CHARS = 12
_BARE_ORGAN = re.compile(r"(?:^|[,，。;；、\s])(街道|苏木|镇|乡)(?:办事处|党工委|党委|人民政府|政府)")
# A masked name the text calls itself by (xx街道, ××镇).
_MASKED_SELF = re.compile(r"(?<![\u4e00-\u9fff])[xX×*＊〔…〕]+(?:街道|镇|乡|社区|村)")
# Districts and cities are in the division data; only the small places may be unknown words.
_UNKNOWN_NAME_LEVELS = {*TOWN_LEVELS, *BELOW_TOWN_LEVELS}
# jieba glues a preposition or pronoun to an unknown word: 在全区, 该镇.
_CLAUSE_WORD = re.compile(r"^[在于对从向与和及全各本该我其这那每]")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
# A paragraph that opens on when it speaks of, then names who acted: 2022年,桃园镇坚持…;
# 2020年是极不平凡的一年,面对…,青山镇始终坚持…; 今年以来,兴隆街道在区委的坚强领导下…; the
# sentence after the one that dates it: 刚刚过去的2021年,是…的开局之年。青山镇认真贯彻….
# The dated clause may follow a lead one and run straight into its subject (时间从未停止前行的
# 脚步,2021年草滩街道在区委…领导下).
_OPENING_SUBJECT = re.compile(
    r"(?:^|\s|[,，。])(?:(?:即将|刚刚)?过去的)?(?:(?:19|20)(?:\d{2}|[xX]{2})\s*年(?:以来|来|度)?|今年以来|今年|"
    r"过去的?一年|一年来)"
    r"(?:[^\n]{0,60}?[,，。]\s*)?(?!以来|来|度)"
    r"(?P<org>[\u4e00-\u9fff]{2,8}?(?:街道|苏木|镇|乡|社区|嘎查|村))(?:党工委|党委|办事处|人民政府|政府|党支部|居委会|村委会)?"
    # 光明街道党工委、办事处认真贯彻…: the party and the government of one body.
    r"(?:[、和及](?:办事处|人民政府|政府))?(?:全体)?(?:上下)?"
    r"(?=在|坚持|始终|紧紧|紧扣|紧密|围绕|深入|全面|以|按照|立足|聚焦|认真|牢牢|主动|积极)", re.MULTILINE)
_SUBJECT_CHARS = 1000
_BARE_ORGAN_TITLE = re.compile(r"(?:^|[\d年度])(街道|镇|乡|社区|村)(?:人民政府|政府|办事处|党委|居委会|村委会)")
# A place that opens a company's name (引进深圳市豪曼电声科技有限公司, 与江苏绿源生鲜有限公司签约) says
# nothing of where the report is: what follows it up to 公司 is the company's own name. A branch
# named by its place (华融租赁宁波分公司) is in it.
_COMPANY_AFTER = re.compile(r"(?![分支]公司)(?:(?![的和与及在等])[\u4e00-\u9fff]){1,12}?"
                            r"(?:有限责任公司|有限公司|公司|集团)")
_TITLE_TAG = re.compile(r"\s*[(（【\[]([\u4e00-\u9fff]{2,12})[)）】\]]")
# A text whose opening lines place its body (茶园乡地处兴国县城西北部,东毗隆坪乡…), under a
# title line or none, is about that body.
# A 社区 or 村 introduces itself so too, under its township (鹿城镇灵秀社区是一个…), often under a
# heading of its own (清中村 / (一)村情概况 / 清中村位于…), or by its size (红柳村总户数320户,
# 东风社区现有居民…).
# A document site glues its title (and the text's number in a collection), or the heading over
# the profile, before the first line: …工作情况汇报西牌楼社区位于…, …总结汇报参考 1 三岔河镇新口村
# 地处…, …汇报材料 一、基本情况 红土梁行政村位于….
_GLUED_HEAD = r"(?:(?:总结|汇报|报告|材料|参考|情况|概况)\s*(?:\d{1,2}|篇[一二三四五六七八九十\d]{1,2})?)+"
# The office a body places itself by (东郊街道办事处位于…, 港务社区居委会地处…) and how it places itself.
_OFFICE = "办事处|居委会|居民委员会|村委会|村民委员会"
_PLACING = "地处|位于|坐落"
_INTRODUCED = re.compile(rf"(?:^|{_GLUED_HEAD})\s*"
                         r"(?:[我本][县区市镇乡])?(?P<org>[\u4e00-\u9fff]{2,12}?(?:街道|苏木|镇|乡|社区|嘎查|村))"
                         rf"(?:{_OFFICE}|辖区)?(?P<verb>{_PLACING}|东[邻临接靠毗与]|是一[个座]|(?:辖区)?总?面积|总户数|总人口|现有|成立于|始建于)",
                         re.MULTILINE)
_IS_A = "是"
# A head's 述职报告 says which body the speaker was posted to: 我是今年二月份调入吉昌镇 (not 我镇…
# 来到华西镇参观, a visit).
_JOINED = re.compile(r"我(?![镇乡村们]|街道)[^。\n]{0,15}?(?:调入|调到|调至|调任)"
                     r"(?P<org>[\u4e00-\u9fff]{2,8}?(?:街道|苏木|镇|乡))")
# …and a community's or village's head who reports says whose head she is: 我叫…,是佐斯腾社区书记.
_HEAD_OF = re.compile(r"我[^。\n]{0,8}?是(?P<org>[\u4e00-\u9fff]{2,8}?(?:社区|嘎查|村))"
                      r"(?:党委|党总支|党支部|居委会|村委会)?(?:书记|主任)")
_BRACKETED_NAMES = re.compile(r"[(（]([^()（）]{2,40})[)）]")
_NAME_LIST = re.compile(r"[、,，/]")
_UNNAMED_LEVELS = (*TOWN_LEVELS, *BELOW_TOWN_LEVELS, "区", "县", "旗")
_MASKED_LEVEL = re.compile(r"[xX×*＊某]+\s*(街道|镇|乡|社区|村|区|县)")
_OPENING_CHARS = 300
_LONGEST_STEM = 4  # 银龙东苑社区; longer, a phrase
_COUNTY_LEVELS = ("区", "县", "县级市", "旗", "自治县", "自治旗")
_TITLE_PARTS = (("总结", "review"), ("报告", "review"), ("汇报", "review"),
                *((word, "plan") for word in (*PLAN_WORDS.split("|"), WORK_PLANNING, "方向")))
# A 街道 or 镇 工作报告 is given to its residents' or people's congress (社区代表大会, 社代会):
# it reviews and plans.
_REPORT_TO_CONGRESS = re.compile(r"(?<!政府)工作报告|(?:社代会|代表大会|代表会议)(?:上的)?(?:工作)?报告")


def _title_names(title: str | None) -> list[str]:
    """The written names in a title: before its year (龙泉镇2023年…) and, in year-first titles
    ((湖南省)2020年新晃侗族自治县政府工作报告), after it; inside 《》 when the title is a notice
    that quotes the report."""
    if not title:
        return []
    if quoted := re.search(r"《([^《》]+)》", title):  # 关于印发《石桥街道2024年工作要点》的通知
        title = quoted.group(1)
    parts = re.split(r"(?:\d{4}|[xX]{4})\s*年度?|关于", title.removeprefix("关于"), maxsplit=1)
    return [_before_topic(name) for part in parts
            if (name := DOC_TITLE_WORDS.split(part.strip(), maxsplit=1)[0].strip())]


def _before_topic(written: str) -> str:
    """A title may put the work's topic between the body and the genre word (2021年崔家村乡村
    振兴工作总结, 城关镇安全生产工作总结): the body is the words before it, when they read as a
    name and what follows are dictionary words that name no person or place."""
    if read_name(written):
        return written
    tokens = words(written)
    return next(("".join(tokens[:end]) for end in range(len(tokens) - 1, 0, -1)
                 if all(is_known(t) and tag_of(t) not in _PLACE_TAGS for t in tokens[end:])
                 and (name := read_name("".join(tokens[:end])))
                 # 美丽乡村建设, 文明村镇创建: a topic that ends in a level's character is no body.
                 and (tokens[end - 1] == name.level or not is_common(tokens[end - 1]))
                 and (name.level not in TOWN_LEVELS or _known_township(name))), written)


def _name_from_speaker(text: str) -> str | None:
    match = _SPEAKER.search(text[:_DELEGATE_WINDOW])
    return match.group("org") if match else None


def _name_from_issuer(text: str) -> str | None:
    match = _ISSUER.search(text[:_DELEGATE_WINDOW])
    return match.group("org") if match else None


def _name_from_congress(title: str | None, text: str) -> str | None:
    """The congress a government work report is given to, in its title or in the byline
    under it (——2024年1月10日在鄞州区第十八届人民代表大会…上)."""
    head = f"{title or ''}\n{text[:_BYLINE_WINDOW]}"
    if "全国人民代表大会" in head:
        return "国务院"  # the national report is the State Council's
    match = _CONGRESS.search(head)
    return match.group("org") if match else None


def _name_from_signature(text: str) -> str | None:
    """An organisation on a line of its own, under the title or as the signature at the end
    (青山镇人民政府, 东城街道办事处): the report saying who wrote it."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in [*lines[1:_SIGNATURE_LINES + 1], *reversed(lines[-_SIGNATURE_LINES:])]:
        if _SIGNATURE.fullmatch(line) and (found := read_name(line)):
            return found.name
    return None


def _delegation(text: str) -> re.Match | None:
    """现在,我代表龙岗区人民政府向大会作工作报告: the opening of a government work report."""
    return _DELEGATE.search(text[:_DELEGATE_WINDOW])


def _delegated_level(delegation: re.Match | None) -> str | None:
    """The level a bare delegation names: 我代表县人民政府 → 县."""
    bare = _OFFICE_WORDS.sub("", delegation.group("org")) if delegation else ""
    return bare if bare in (*TOWN_LEVELS, "区", "县", "市") else None


def _name_from_delegation(delegation: re.Match | None) -> str | None:
    """The government a work report is delivered for: 我代表龙岗区人民政府 → 龙岗区."""
    return delegation.group("org") if delegation else None


def own_level(text: str) -> tuple[str | None, bool]:
    """The level a report speaks of itself at (我区/本区 → 区, 我街 → 街道), and whether it says
    so with 我/本. 全X counts only when there is no 我X/本X, and is weak: a 街道 also ranks
    itself "全区首个" within its district."""
    found = [(m.group(1), _LEVEL_OF_SELF.get(m.group(2), m.group(2))) for m in _SELF_REFERENCE.finditer(text)
             if m.group() != "全市"  # every report below a city ranks itself in 全市
             and not (m.group(1) == "全" and _RANK_AFTER.match(text, m.end()))]
    strong = [level for prefix, level in found if prefix != "全"]
    # A 街道 or 镇 speaks of its district as 我区 too (围绕我区…的重点任务); a district never
    # calls itself 我街道: a self-reference below the county level is the text's own.
    strong = [level for level in strong if level in _BELOW_COUNTY] or strong
    own = strong or [level for _, level in found]
    return (Counter(own).most_common(1)[0][0] if own else None), bool(strong)


def _is_name(word: str) -> bool:
    # Words the dictionary does not know are not taken: 现将镇 would be a town.
    return tag_of(word) in _PLACE_TAGS


_GUIDED = re.compile(r"在(?P<by>[^,，。;；]{2,24}?)的[^,，。;；]{0,6}?指导")


def _name_from_body(segmented: Segmented) -> str | None:
    """The proper noun most often named with the report's own level suffix (兴隆街道, or 花山街
    for 花山街道), outside quoted document titles and honours; without self-references,
    街道/镇/乡."""
    quoted = Quoted.of(segmented.text)
    # A body that guides the work (在平湖街道党工委、办事处的正确指导下,社区…) is a superior: its
    # name is no evidence, nor is a quoted run, which stays a gap (广州市“五好”镇(街) names no 广州市镇).
    guides = [match.span("by") for match in _GUIDED.finditer(segmented.text)]
    tokens = [token if not quoted.covers(start) and not any(a <= start < b for a, b in guides) else "”"
              for token, start in zip(segmented.tokens, segmented.starts)]
    level, _ = own_level("".join(tokens))
    wanted = {level: level, "街": "街道"} if level == "街道" else {level: level} if level else \
        {"街道": "街道", "镇": "镇", "乡": "乡", "街": "街道"}
    named, weak, weak_mentions, unknown = Counter(), Counter(), Counter(), Counter()
    suffixes = tuple(wanted)
    for before, previous, token in zip(["", *tokens], tokens, tokens[1:]):
        if not token.endswith(suffixes):  # most words: one test in C before the rules below
            continue
        if token in wanted:  # 兴隆|街道: a name and a level suffix
            name, suffix, honour, proper = previous, token, before, _is_name(previous)
            if len(before) == 1 and before + name + wanted[suffix] in towns() and name + wanted[suffix] not in towns():
                name, honour = before + name, ""  # jieba cut a township's first character off: 济|沁河|乡
        elif (suffix := next((s for s in wanted if token.endswith(s) and len(token) >= len(s) + 2), None)):
            name, honour, proper = token[:-len(suffix)], previous, _is_name(token)  # jieba kept 黄桥镇 whole
        elif (suffix := next((s for s in wanted if token.endswith(s) and len(token) == len(s) + 1), None)) \
                and len(previous) == 1:
            # jieba cut an unknown name across its suffix: 青|山镇.
            name, honour, proper = previous + token[:-len(suffix)], before, _is_name(previous)
        else:
            continue
        if len(name) < 2 or name in _GENERIC_NAMES or honour in _HONOUR_BEFORE or not _HAN.fullmatch(name):
            continue
        if suffix == "街" and name.endswith("大"):
            continue  # 东大街, 解放大街: an avenue, not a 街道 written short
        # A proper noun names the place: not "建立街道" (verb) nor "协同街道" (common noun).
        # Small places are often missing from the dictionary: a word it does not know counts
        # only when the report names it again and again (现将镇 happens once, 西店街道 ten times).
        weight = 2 if suffix == wanted[suffix] else 1
        full = name + wanted[suffix]
        if proper and (tag_of(name) == "ns" or full in towns()):
            named[full] += weight
        elif proper or (full in towns() and not is_common(name)):
            # A word jieba calls a name but no township bears (印发|街道《…》: a verb it tags nz),
            # or a township's name jieba does not call one (市桥|街), counts only when the report
            # names it again.
            weak[full] += weight
            weak_mentions[full] += 1
        elif wanted[suffix] in _UNKNOWN_NAME_LEVELS and not is_known(name) and not _CLAUSE_WORD.match(name):
            unknown[name + wanted[suffix]] += weight
    best = named.most_common(1) or [(name, n) for name, n in weak.most_common(1) if weak_mentions[name] > 1] or \
        [(name, n) for name, n in unknown.most_common(1) if n >= _UNKNOWN_NAME_MIN]
    return best[0][0] if best else None


def _bracketed_names(written: str | None, publisher: OrgName | None) -> list[OrgName]:
    """The other names a publisher brackets after its own, with its parents."""
    return [OrgName(found.name, found.level, publisher.parents if publisher else ())
            for inner in _BRACKETED_NAMES.findall(written or "") for part in _NAME_LIST.split(inner)
            if (found := read_name(part)) and found.level in TOWN_LEVELS]


def _name_from_opening(text: str, own: str | None) -> OrgName | None:
    """The body a review's dated opening names as its subject, once may be all (2022年,桃园镇坚持…;
    今年以来,兴隆街道在区委的坚强领导下…; 20xx年,柳背桥社区以…为目标): a body below the county
    `_known_body` accepts, at the level the text calls its own when it says one."""
    for match in _OPENING_SUBJECT.finditer(text[:_SUBJECT_CHARS]):
        found = read_name(match.group("org"))
        if found is None or found.level not in _BELOW_COUNTY or (own and _self_level(found.level) != own):
            continue
        if _known_body(found):
            return found
    return None


def _slogan(found: OrgName) -> bool:
    """A title's campaign (争做民族团结模范社区工作汇报, 文明村镇创建工作总结) is no body's name: a
    long stem of common words ending in 社区 or 村, or a township of common words the division
    data does not hold (幸福镇 and 平安乡 are real towns)."""
    if found.level in TOWN_LEVELS:
        return found.name not in towns() and _has_common_word(found)
    return found.level in BELOW_TOWN_LEVELS and len(found.name) - len(found.level) > _LONGEST_STEM \
        and _has_common_word(found)


def _has_common_word(found: OrgName) -> bool:
    """Whether a word of the name other than its level suffix is a common one (和谐|社区)."""
    return any(is_common(t) for t in words(found.name) if len(t) > 1 and t != found.level)


def _known_township(found: OrgName) -> bool:
    """A township of the division data, or one whose stem the dictionary knows as a name."""
    return found.name in towns() or _is_name(found.name[:-len(found.level)])


def _known_body(found: OrgName) -> bool:
    """A township `_known_township` knows; a 社区 or 村 (the data has none) of words none of which
    is a common one (和谐社区, 美丽乡村 and 新农村 are ideals, not bodies)."""
    if found.level in TOWN_LEVELS:
        return _known_township(found)
    return found.level in BELOW_TOWN_LEVELS and _named_stem(found) and not _has_common_word(found)


def _named_stem(found: OrgName) -> bool:
    """Whether what comes before the level suffix can name a body: long enough, and not one common word."""
    stem = found.name[:-len(found.level)]
    return len(stem) >= MIN_STEM and not is_common(stem)


def _introduced(text: str, own: str | None) -> str | None:
    """The body below the county a text opens by placing (X乡地处…, X村位于…) or its head says he
    was posted to (调入X镇) or heads (是X社区书记), when `_known_body` accepts it at the level the
    text speaks at."""
    opening = text[:_OPENING_CHARS]
    match = _INTRODUCED.search(opening) or _JOINED.search(opening) or _HEAD_OF.search(opening)
    found = read_name(match.group("org")) if match else None
    # Placed on the map (西牌楼社区位于天心区…, 工农社区坐落于…), a community of common nouns (牌楼, 工农)
    # is a real one; said to be something (和谐社区是一个…), it may be an ideal.
    placed = match is not None and match.re is _INTRODUCED and not match.group("verb").startswith(_IS_A)
    accepted = found and (_known_body(found) or (placed and found.level in BELOW_TOWN_LEVELS
                                                 and len(found.name) - len(found.level) >= MIN_STEM))
    return found.name if accepted and (own is None or _self_level(found.level) == own) else None


def _name_from_stems(segmented: Segmented, level: str | None) -> str | None:
    """The division of the report's own level whose bare name the text keeps using (幸福孙岗,
    孙岗发展 → 孙岗镇; 黎平发展史 → 黎平县), named at least twice. Only words the dictionary
    does not know or knows as rare: 新建 and 古镇 are stems of towns too, and far more often a
    verb and a noun."""
    if not level:
        # A text that never says 我街道 or 全镇 still names its organ bare (…领导下,街道办事处紧紧
        # 围绕…): at that level, the stem it keeps using (实力陶堰、美丽陶堰).
        found = {name for organ in _BARE_ORGAN.finditer(segmented.text)
                 if (name := _name_from_stems(segmented, organ.group(1)))}
        return found.pop() if len(found) == 1 else None
    # A stem jieba does not know it cuts into characters (瓶|窑古城): two of them in a row count too.
    pairs = (a + b for a, b in zip(segmented.tokens, segmented.tokens[1:]) if len(a) == len(b) == 1)
    counts = Counter(token for token in chain(segmented.tokens, pairs)
                     if len(token) >= 2 and not is_common(token) and named_by_stem(token, level))
    stem, n = counts.most_common(1)[0] if counts else (None, 0)
    return named_by_stem(stem, level) if n >= _STEM_MENTIONS else None


_WITHOUT_CONGRESS = ("街道", *BELOW_TOWN_LEVELS, "社管办")
_ABOUT_A_REPORT = re.compile(r"关于[^\n]*政府工作报告[^\n]*的(?:通知|通报)$")
_PLAN_CARRIED_OUT = re.compile(rf"计划(?={CARRIED_OUT})")
_TARGETS = re.compile(r"(?:目标|重点)任务(?:分解|分工)?的通知$|责任分工|任务分解")
_SUMMARY_OR_PLAN_TITLE = re.compile(rf"总结|{PLAN_WORDS}")
_REVIEW_PART = re.compile(r"(?:[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十]+部分)\s*"
                          r"(?:(?:19|20)\d{2}|[xX]{4})\s*年度?(?:上半年|前三季度|第?[一二三]季度)?(?:主要)?工作(?:总结|回顾)\s*$")


# Done work in a review's words (同比增长, 累计完成, 一年来, 荣获) and what a plan says (我们将, 力争,
# 明年, 下一步; not a project's 计划投资, family planning (计划生育) nor the 年计划 a figure completed):
# a text that names neither part is a review when it plans nothing (a profile, a mid-page opening,
# a half-year's progress), or reports done work again and again and plans next to nothing.
_REVIEW_WORDS = re.compile(r"一年来|(?:今|(?:19|20)\d{2}\s*)年以来|同比(?:增长|下降|上升|增加|减少|增速)|较好地?完成|"
                           r"累计完成|圆满完成|全年共|获评|荣获|成功举办|已完成|已开工|已竣工|已建成|取得了")
# 重点抓好了以下工作 is done work; 重点抓好 without 了, the work to come.
_PLAN_WORDS = re.compile(r"我们将|将继续|将着力|将围绕|力争|明年|下一步|工作思路|重点抓好(?!了)|要坚持|要着力|"
                         r"(?<!年)(?<!年度)计划(?!总?投资|生育)")
_REVIEW_PER_PLAN = 3


def _reviews(text: str) -> bool:
    return len(_REVIEW_WORDS.findall(text)) >= _REVIEW_PER_PLAN * len(_PLAN_WORDS.findall(text))


def _doc_type(title: str | None, sections: tuple[Section, ...], delivered: bool, announced: Announced,
              level: str | None, text: str = "") -> str | None:
    # A notice about the government's report (关于印发2022年区政府工作报告目标任务的通知, …主要任务上半年
    # 落实情况的通报) is no report: its targets broken down are a plan, how they are met a review.
    if title and _ABOUT_A_REPORT.search(title):
        return "plan" if _TARGETS.search(title) else "summary"
    # A 街道 is the district government's agency, with no people's congress (nor has a 社区 or
    # 村): what it calls its 政府工作报告 is no government's report. Delivered to its residents'
    # congress (社代会, 居民议事会: 我代表…向大会作工作报告), it reviews the year and plans the next.
    if level not in _WITHOUT_CONGRESS and (delivered or (title and "政府工作报告" in title)):
        return "government_work_report"
    # Parts whose headings say what they are: a heading that says neither is no evidence.
    parts = {part for s in sections if s.level == 1 and (part := part_of(s.heading))}
    parts |= announced.parts
    # The title states what the report holds even when a part's heading is not found.
    # A plan carried out (计划执行情况的报告) is reviewed, not planned.
    worded = _PLAN_CARRIED_OUT.sub("", title or "")
    parts |= {part for word, part in _TITLE_PARTS if word in worded}
    if title_plan_year(title) is not None:  # 2023年工作总结和2024: a plan part by its year
        parts.add("plan")
    if delivered or (title and _REPORT_TO_CONGRESS.search(title)):
        parts |= {"review", "plan"}
    # What a 街道 calls its annual 政府工作报告 (…街道办事处政府工作报告) is its report to its
    # residents too; a half-year one (上半年政府工作报告) reports the half's progress.
    if title and "政府工作报告" in title and not is_part_year(title):
        parts |= {"review", "plan"}
    # A numbered part that is the year's review (一、2022年工作总结): the document is in parts, and
    # the part after the year's review is the next year's plan, even where the text stops before
    # it; unless a title says what the document holds or the opening announces the review alone
    # (现将2022年工作情况总结如下).
    titled = any(word in worded for word, _ in _TITLE_PARTS)
    if not titled and announced.parts != {"review"} and any(
            s.level == 1 and _REVIEW_PART.match(s.heading) for s in sections):
        parts |= {"review", "plan"}
    if {"review", "plan"} <= parts:
        return "summary_and_plan"
    if "plan" in parts:
        return "plan"
    return "summary" if parts or _reviews(text) else None


def _masks_a_parent(written: str, own: str | None) -> bool:
    """A masked county-level name (XX县) where the text speaks as a township (全乡, 我镇)."""
    match = _MASKED_LEVEL.search(written)
    return bool(match) and match.group(1) in ("区", "县") and own in _BELOW_COUNTY


def _self_level(level: str) -> str:
    return _SELF_LEVEL.get(level, level)


def _choose(candidates: list[OrgName], own: str | None) -> OrgName | None:
    """The first candidate at the level the report speaks of itself at (我街, 本镇), else the
    first: a title's development-zone name or a district publisher loses to the 街道 the
    text calls its own."""
    return next((c for c in candidates if own and _self_level(c.level) == own), candidates[0] if candidates else None)


# A division's place in the chain: 省, 市, then the county level; a township below them all.
_ABOVE_COUNTY_RANKS = {"省": 0, "市": 1}
_COUNTY_RANK, _TOWN_RANK = 2, 3
_PLACED_IN = rf"(?:{_OFFICE})?(?:坐落于?|隶属于?|{_PLACING})"
_LONGEST_DIVISION = 12
_LEADING_REGION = 4


def _parents_in_text(text: str, name: str) -> tuple[str, ...]:
    """The parents the text writes before the name somewhere (a page header 南通市崇川区秦灶街道,
    在滨湖区蠡园街道…), when the title names it alone."""
    # A run the window cut into (…南省海口市琼山区凤翔街道大园社区) reads as one unknown parent: the
    # first chain of divisions the data knows, else the first written.
    first: tuple[str, ...] = ()
    for match in re.finditer(re.escape(name), text):
        run = _HAN_BEFORE.search(text, max(0, match.start() - _PARENT_CHARS), match.start())
        for start in range(run.start(), run.end()) if run else ():
            found = read_name(text[start:match.end()])
            if found and found.name == name and found.parents:
                if all(_rank(parent) is not None for parent in found.parents):
                    return found.parents
                first = first or found.parents
    return first


def _rank(name: str) -> int | None:
    """A division's place in the chain province, city, county, township; None for no division."""
    if name in towns():
        return _TOWN_RANK
    level = county_levels().get(name)
    return None if level is None else _ABOVE_COUNTY_RANKS.get(level, _COUNTY_RANK)


def _parents_placed(text: str, name: str) -> tuple[str, ...]:
    """The divisions a body's placing sentence puts it in (达西村位于新疆尉犁县兴平乡 → 尉犁县,
    兴平乡), each below the one before, as far as the division data knows them; a region's short
    name may lead (新疆). A common word is no division (地处城区, though 长治 has a 城区)."""
    match = re.search(re.escape(name) + _PLACED_IN, text)
    run = text[match.end():match.end() + _PARENT_CHARS] if match else ""
    parents: list[str] = []
    at = 0
    while at < len(run):
        known = next((run[at:end] for end in range(at + MIN_STEM, min(len(run), at + _LONGEST_DIVISION) + 1)
                      if _rank(run[at:end]) is not None and not is_common(run[at:end])), None)
        if known is None or (parents and _rank(known) <= _rank(parents[-1])):
            if parents or at >= _LEADING_REGION:
                break
            at += 1
            continue
        parents.append(known)
        at += len(known)
    return tuple(parents)


def _without_company_places(words: Counter, text: str) -> Counter:
    """The text's words less the places as often as they only open a company's name."""
    if "公司" not in text and "集团" not in text:  # most reports: no copy of the words
        return words
    opening = Counter({name: sum(1 for at in re.finditer(re.escape(name), text) if _COMPANY_AFTER.match(text, at.end()))
                       for name in words.keys() & place_words()})
    return words - opening


def _parent_tag(title: str | None) -> tuple[str, ...]:
    """The county a site tags its copy's title with ((巢湖市)2021年坝镇人民政府工作报告,
    【投资兴国县】2018年梅窖镇政府工作报告): the longest county-level name inside the tag."""
    tag = match.group(1) if (match := _TITLE_TAG.match(title or "")) else ""
    # The name ends or opens the tag (投资兴国县, 舒城县招商), and a column's common noun is none
    # (【城区动态】).
    ends = [tag[i:] for i in range(len(tag) - 1)] + [tag[:j] for j in range(len(tag), 1, -1)]
    names = [name for name in ends if county_levels().get(name) in ("区", "县", "县级市") and not is_common(name)]
    return (names[0],) if names else ()


def _township_of(org: OrgName) -> str | None:
    """The township that places a body: itself, or the one a 社区 or 村 is written under (泷泊镇崔家村)."""
    if org.level in TOWN_LEVELS:
        return org.name
    return next((parent for parent in org.parents if level_of(parent) in TOWN_LEVELS), None)


def _places(org: OrgName, publisher: OrgName | None) -> dict[str, str]:
    """district / city / province written with the name (珠海市斗门区, 金安区清水河街道) or with
    the same body in the page's 发布机构 (东湖区百花洲街道办事处)."""
    found: dict[str, str] = {}
    for parent in [*org.parents, *(publisher.parents if publisher and publisher.name == org.name else ())]:
        level = county_levels().get(parent)
        key = {"省": "province", "市": "city"}.get(level, "district") if level else None
        if key:
            found.setdefault(key, parent)
    if org.level in _COUNTY_LEVELS:
        found["district"] = org.name
    return found


def report_facts(text: str, title: str | None, sections: tuple[Section, ...], meta: DocumentMeta,
                 segmented: Segmented | None = None) -> ReportFacts:
    segmented = segmented or Segmented.of(text)
    delegation = _delegation(text)
    congress = _name_from_congress(title, text)
    delivered = delegation is not None or congress is not None
    publisher = read_name(meta.publisher)
    if delivered:  # the government the report is delivered for names itself
        written = [congress, _name_from_delegation(delegation), _name_from_speaker(text), _name_from_issuer(text),
                   *_title_names(title)]
    else:
        written = [*_title_names(title), _name_from_signature(text)]
    candidates = [name for w in written if (name := read_name(w)) and not _slogan(name)]
    if "国务院" in written:
        candidates.insert(0, OrgName("国务院", "国家"))
    own, strong = own_level(text)
    # A district or county publisher puts up its towns' reports too: it counts when the text
    # speaks at its level.
    if publisher and (publisher.level not in _COUNTY_LEVELS or _self_level(publisher.level) == own):
        candidates.append(publisher)
    # A body of several names (一套班子, 几块牌子) signs with one and brackets the others:
    # 如东沿海经济开发区(小洋口旅游度假区、洋口镇); the one at the level the text speaks at counts.
    candidates += [name for name in _bracketed_names(meta.publisher, publisher)
                   if strong and _self_level(name.level) == own]
    org = _choose(candidates, own)
    # XX镇, x街道: the template hides who reported.
    # A document site masks the county in a township's title (XX县2022年政府工作报告 over a text
    # that speaks as 全乡): a masked name above the level the text speaks at is a parent's.
    written = [w for w in written if not (w and _masks_a_parent(w, own))]
    masked = any(MASKED_NAME.search(w or "") for w in written) or bool(_MASKED_SELF.search(text))
    if not delivered and not masked and (org is None or (strong and _self_level(org.level) != own)):
        # No written name at the level the text calls its own (我镇, 本街道): the name it keeps repeating.
        org = read_name(_introduced(text, own if strong else None) or _name_from_body(segmented)) or org
    elif org is not None and org == publisher and org.level in TOWN_LEVELS and not delivered and not masked:
        # 发布机构: 乾元镇 over 西郊社区地处德清县乾元镇…: a township's site puts up its communities'
        # and villages' reports too.
        placed = read_name(_introduced(text, own if strong else None) or "")
        if placed and placed.level in BELOW_TOWN_LEVELS:
            org = OrgName(placed.name, placed.level, placed.parents or (org.name,))
    if org is None and not masked and not delivered:
        org = _name_from_opening(text, own if strong else None)
    if org is None and not masked:
        org = read_name(_name_from_stems(segmented, _delegated_level(delegation) or own))
    if org and not org.parents and org.level not in _COUNTY_LEVELS:
        org = OrgName(org.name, org.level,
                      _parents_in_text(text, org.name) or _parents_placed(text, org.name) or _parent_tag(title))
    places = _places(org, publisher) if org else {}
    # The parents written with the name (江苏省…洋口镇) are stated as much as the text's words.
    words = segmented.counts + Counter(org.parents) if org and org.parents else segmented.counts
    words = _without_company_places(words, text)
    place = locate(words, places.get("district"), _township_of(org) if org else None, text, org.parents if org else (),
                   org.name if org and org.level in BELOW_TOWN_LEVELS else None)
    announced = announced_parts(text)
    # 在镇人大的监督下 marks a government's report, unless its title calls it a summary or plan
    # (洋口镇2023年上半年工作总结及下半年工作计划): a town's summary thanks its congress too.
    addressed = delivered or (bool(_SUPERVISED.search(text)) and not _SUMMARY_OR_PLAN_TITLE.search(title or ""))
    doc_type = _doc_type(title, sections, addressed, announced, org.level if org else None, text)
    published = meta.published_date or (delivery_date(text) if doc_type == "government_work_report" else None)
    report_year, plan_year = report_years(title, text, sections, doc_type=doc_type, published=published,
                                          has_plan=doc_type in ("summary_and_plan", "government_work_report"),
                                          announced=announced)
    # Unnamed or masked, the text still says what it is: by the masked name's suffix (XX镇), by
    # what it calls itself (我镇; 全区 only of a town-level text: a 街道 ranks itself 全区第一).
    masked_level = next((m.group(1) for w in [*written, text[:_OPENING_CHARS]] if w
                         and (m := _MASKED_LEVEL.search(w))), None)
    # …or by the organ an unnamed title names (2013年乡政府年终工作总结, though the text says 我县 of its county).
    titled = _BARE_ORGAN_TITLE.search(title or "")
    level = org.level if org else masked_level or (titled and titled.group(1)) or (
        own if (strong and own in _UNNAMED_LEVELS) or own in _UNKNOWN_NAME_LEVELS else None)
    # A code at the organisation's own level or below it tells it from its namesakes; a
    # county's code does not tell which of a county's two 城关镇 a report is of, nor does no code.
    code = place.division_code or ""
    placed = len(code) == 9 if org and org.level in TOWN_LEVELS else \
        len(code) >= 9 or (len(code) == 6 and not code.endswith("00"))
    return ReportFacts(title=title, org_name=org.name if org else None, org_level=level,
                       district=places.get("district") or place.district, city=places.get("city") or place.city,
                       province=places.get("province") or place.province, report_year=report_year,
                       plan_year=plan_year, published_date=published, doc_type=doc_type,
                       division_code=place.division_code, place_conflict=place.conflict,
                       shared_name=bool(org) and not placed and namesakes(org.name) > 1)
