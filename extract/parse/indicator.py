"""The indicator: the short phrase that says what a number counts, from the words around it.

Left of the number the clause usually names the measure or the action (完成地方财政一般
预算收入, 组建); right of a measure word usually comes the thing counted (9 个工作组).
The word classes of the report's one segmentation decide where each side stops:

- 收入达1548万元 → the left noun phrase: 收入.
- 组建 9 个工作组 → the left verb and the thing counted: 组建工作组.
- 46 天坚守府澧河大堤 → nothing on the left: what follows, verb and all.
- 增长8.5%和9%, 79668元和40450元 → the second of a pair shares the first one's indicator.
"""
from __future__ import annotations

import re

from extract.grammar import CLAUSE_END, LIST_ITEM_END, MINUS, QUOTED_CLAUSE_END, SENTENCE_END, after_last
from extract.parse.period import LEADING_TIME
from extract.parse.segment import Segmented, tag_of, words

_LIST_END = frozenset({"等", "等等"})
# Tags that cannot open an indicator: prepositions, conjunctions, particles, pronouns,
# numerals, measure words, punctuation, localisers.
_NOT_LEADING = ("p", "c", "u", "r", "m", "q", "x", "w", "f")
# Words between an indicator and its number ("收入达1548万元", "共有5个"). Direction words
# (增长, 下降, 同比) are not here: the contract keeps them in the indicator.
_LINKING = frozenset({"达", "达到", "为", "是", "了", "共", "共计", "计", "合计", "总计", "有", "约", "近", "超过",
                      "超", "逾", "累计达", "均", "已", "将", "的", "等", "完成", "实现", "突破", "分别"})
# Linking words that are themselves the action whose object follows the number
# ("基本完成 1.6 亿元常青花园片区雨污分流工程").
_LINKING_VERBS = frozenset({"完成", "有"})
# The reporting body naming itself (全街道累计走访…, 辖区内…, 社区排查…) says where, not what.
_SELF_PLACE = re.compile(r"[全我本该]?(?:街道|街|镇|乡|村|社区|区|县)|辖区|内|目前|现已")
# Words that introduce the level reached (城镇化率提高到66.2%, 赤字率拟按3%): the indicator
# is what precedes them, whichever way jieba splits them.
# The year of a level it moves from or to goes with the link (由2017年的…增至2021年的…, 由十一五末的…).
_LEVEL_LINK = re.compile(r"(?:(?:(?:快速|稳步|大幅|持续|逐年|逐步|进一步)?"
                         r"(?:提高|提升|上升|下降|增加|减少|增长|降低|扩大|缩小|跃升|攀升|增|降|减)?(?:到|至)|由|从)"
                         r"(?:\d{4}年(?:底|末)?|年底|年末|[“\"]?十[一二三四五]五[”\"]?末|上年|去年)?的?"
                         r"|拟按?|按|平均为?|分别为?|控制在|保持在|稳定在|达到?)$")
# In-paragraph list markers that jieba may glue to the first word: 一是新招引项目.
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十])")
_NOUN_HEAD = ("n", "nz", "ns", "nt", "nr", "j", "l")
_NOUNISH = (*_NOUN_HEAD, "vn", "an")
# Adjectives and distinguishing words that open a noun phrase (全|社会, 主要|农产品).
_MODIFIER = ("a", "b")
_QUOTED_NAME = re.compile(r"^“([^”]{1,12})”")
_QUOTED_AT_END = re.compile(r"“([^“”]{1,12})”\s*$")
_ASIDE = re.compile(r"\([^()\n]{1,4}\)")
_ASIDE_BEFORE = re.compile(r"\([^()\n,，。;；]{1,12}\)\s*$")
_ASIDE_REACH = 16
_ASIDE_MAX = 8  # 不含房地产, 可比价, 全口径: a qualifier; a longer bracket names something itself
_NUMERAL_CHARS = re.compile(r"[\dxX一二三四五六七八九十百千万亿两几多]")
_STOP_RIGHT = ("x", "w", "u", "p", "c", "d", "m", "r", "eng", "q")
_TALLY_WORDS = frozenset({"累计", "合计", "总计", "共计"})
_COMPARISON = re.compile(r"同比|环比|比上年|较上年|比去年|较去年|与上年相比|比\d{4}年")
# 累计增速 (a year-to-date rate) is a rate word too: 规上工业增加值3.3亿(累计增速6.7%).
_RATE_WORD = re.compile(r"(?:同口径|可比口径|按可比价格?计算|实际)?(?:累计)?"
                        r"(?:同比|环比|可比|[比较]?上年|[比较]?去年|[比较]\d{4}年|比|年均)?净?"
                        r"(?:增速|增长|增幅|增加|上升|下降|降幅|减少|提高|占比|比重|增|降)"
                        # 同比31.43%: the comparison alone, its verb left out.
                        r"|同比|环比")
_RATE_SUFFIX = re.compile(rf"(?:分别)?(?:{_RATE_WORD.pattern})$")
_PEOPLE_UNITS = ("person", "person_time")
_THING_UNITS = ("count", *_PEOPLE_UNITS, "household")
_MAX_CHARS = 14
# A quoted name stays in the clause it names something of: 新增“四上”企业135家.
_LEFT_BREAKS = re.compile(LIST_ITEM_END.pattern.replace("“”", ""))
_BREAKDOWN_REACH = 120
_MAX_RIGHT = 8
# What follows the nouns after a figure when they open the next one: a linking verb and a number.
_NEXT_FIGURE = re.compile(r"\s*(?:完成|实现|达到?|共计|累计|合计|总计|突破)\s*[\d０-９]")
_RIGHT_WINDOW = 16
_HONOURED = re.compile(r"[^,，。;；“”]{0,6}?(?:被评为|被授予|获评|荣获|获得|获)[“\"]([^”\"]{2,20})[”\"]")


def _clause_start(text: str, start: int, floor: int, breaks: re.Pattern = LIST_ITEM_END) -> int:
    head = text[floor:start]
    return floor + after_last(breaks, head)


def _leading_time_length(clause: str) -> int:
    """How many characters of time words open the clause (10月份, 截至目前, 今年以来…)."""
    position = 0
    while True:
        position += len(clause[position:]) - len(clause[position:].lstrip(" ("))
        time = LEADING_TIME.match(clause, position)
        if not time or time.end() == position:
            return position
        position = time.end()


def _cannot_lead(word: str, flag: str) -> bool:
    # jieba tags 全年 as a numeral; only tokens holding an actual number are dropped, and
    # an ordinal stays: it names which one was counted (第二针剂31360人).
    if flag.startswith("m"):
        return bool(_NUMERAL_CHARS.search(word)) and not word.startswith("第")
    return flag.startswith(_NOT_LEADING)


def _is_verb(flag: str) -> bool:
    return flag.startswith("v") and flag != "vn"


def _words(segmented: Segmented, start: int, end: int) -> list[tuple[str, str]]:
    skip = _leading_time_length(segmented.text[start:end])
    return [(w, f) for w, f in _without_asides(segmented.slice(start + skip, end)) if w.strip() and w not in "()"]


def _before_examples(segmented: Segmented, floor: int, start: int) -> list[tuple[str, str]]:
    """推进华顺公寓、东海未名园等3个老旧小区改造: the places listed before 等 are examples of
    what was counted; the clause's words are those up to its verb (推进)."""
    tokens = _words(segmented, _clause_start(segmented.text, start, floor, QUOTED_CLAUSE_END), start)
    first_item = next((i for i, (word, _) in enumerate(tokens) if word == "、"), len(tokens) - 1)
    # The first verb: later ones may begin an item's name (组建|守望先锋队).
    verb = next((i for i in range(first_item) if _is_verb(tokens[i][1])), None)
    return tokens[:verb + 1] if verb is not None else []


def _without_asides(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The words outside a short aside inside the phrase: 固定资产投资项目(不含房地产)累计完成
    names 固定资产投资, and the aside would push it past the length limit."""
    kept, aside = [], []
    for word, flag in tokens:
        if word == "(":
            aside = [(word, flag)]
        elif aside and word == ")":
            aside.append((word, flag))
            if sum(len(w) for w, _ in aside) - 2 > _ASIDE_MAX:
                kept.extend(aside)
            aside = []
        elif aside:
            aside.append((word, flag))
        else:
            kept.append((word, flag))
    return kept + aside


def _left_tokens(segmented: Segmented, floor: int, start: int) -> tuple[list[tuple[str, str]], bool]:
    """The content words before the number, and whether the clause hands an object over
    the number to what follows it (拨付 20 万元实施…, 完成 1.6 亿元…工程)."""
    tokens = _words(segmented, _clause_start(segmented.text, start, floor, _LEFT_BREAKS), start)
    if tokens and tokens[-1][0] in _LIST_END:
        tokens = _before_examples(segmented, floor, start)
    while tokens and tokens[-1][1].startswith(("u", "x", "w")):
        tokens.pop()
    if tokens and tokens[-1][1].startswith("c"):
        # 点位和84根水泥电线杆: the number opens the second member of a pair; the first
        # member's words are not about it.
        return [], True
    hands_over = bool(tokens) and tokens[-1][0] in _LINKING_VERBS
    while tokens and (tokens[-1][0] in _LINKING or tokens[-1][1].startswith(("u", "x", "w"))):
        tokens.pop()
    after_number = False
    while tokens and (_cannot_lead(*tokens[0]) or tokens[0][0] in _LINKING or _SELF_PLACE.fullmatch(tokens[0][0])
                      or (after_number and tokens[0][1].startswith(("m", "q", "f")))):
        # 60岁以上老人: the unit and 以上 of a leading number go with it.
        after_number = bool(_NUMERAL_CHARS.search(tokens[0][0])) or (
            after_number and tokens[0][1].startswith(("m", "q")))
        tokens.pop(0)
    hands_over = hands_over or (bool(tokens) and _is_verb(tokens[-1][1]))
    return tokens, hands_over


def _sentence_subject(segmented: Segmented, floor: int, start: int) -> str:
    """The nouns that open the clause before the number's (克服…影响,区级一般公共预算收入保持
    稳定增长,预计达到424.2亿元), else the sentence (社会消费品零售总额是2020年的1.4倍、跃升至
    1851.7亿元), when no figure came before the number in its sentence."""
    text = segmented.text
    sentence = _clause_start(text, start, floor, SENTENCE_END)
    if _clause_start(text, start, 0, SENTENCE_END) < floor:
        return ""  # an earlier figure of the sentence has its own words
    clause = _clause_start(text, start, sentence, CLAUSE_END)
    item = _clause_start(text, start, sentence, LIST_ITEM_END)  # where the number's own words begin
    # The number's own clause when the number opens a later item of it (地区生产总值总量排名由第七跃升至
    # 第四、年均增长8.5%), else the clause before.
    openings = (clause,) if clause < item and _RATE_WORD.fullmatch(text[item:start].strip()) else ()
    openings += (_clause_start(text, clause - 1, sentence, CLAUSE_END),) if clause > sentence else ()
    for opening in dict.fromkeys((*openings, sentence)):
        subject, modifiers = [], ""
        for word, flag in _words(segmented, opening, item if opening < item else opening):
            if flag.startswith(_NOUNISH) or (flag == "eng" and word.isupper()):  # GDP, CPI
                subject.append(modifiers + word)
                modifiers = ""
            elif flag in _MODIFIER and not subject:
                # 全社会固定资产投资: jieba splits off 全 as an adjective; it opens the noun phrase.
                modifiers += word
            else:
                # GDP增速逐季攀升,上半年3.2%: the rate the nouns name is what the figures measure.
                subject += [word] if subject and _RATE_NOUN.fullmatch(word) else []
                break
        while subject and subject[-1] in _LINKING:  # 固定资产投资突破(百亿元): jieba tags 突破 a noun
            subject.pop()
        if subject:
            return "".join(subject)
    return ""


def _is_bare_item(segmented: Segmented, tokens: list[tuple[str, str]], start: int) -> bool:
    """A clause of one verb (整改), one character (水) or one short word in a breakdown
    (其中邻里): it does not name the thing counted."""
    if len(tokens) != 1:
        return False
    opening = _clause_start(segmented.text, start, max(0, start - _BREAKDOWN_REACH), SENTENCE_END)
    sentence = segmented.text[opening:start]
    word, flag = tokens[0]
    return _is_verb(flag) or len(word) == 1 or (len(word) <= 2 and "其中" in sentence)


def _phrase(tokens: list[tuple[str, str]]) -> str:
    """The last words of `tokens` that fit in the length limit; a rate word at the end does not
    count against it (规模以上工业企业增加值同比增长 keeps its measure whole)."""
    rate = _RATE_SUFFIX.search("".join(word for word, _ in tokens))
    limit = _MAX_CHARS + (len(rate.group()) if rate else 0)
    phrase = ""
    for word, _ in reversed(tokens):
        if len(phrase) + len(word) > limit:
            break
        phrase = word + phrase
    # The limit cut into a quoted name (…迎大运”活动): keep what follows the quote.
    if (close := phrase.find("”")) >= 0 and "“" not in phrase[:close]:
        phrase = phrase[close + 1:]
    phrase = _ENUMERATOR.sub("", phrase)
    trimmed = _LEVEL_LINK.sub("", phrase)
    return trimmed or phrase


def _right_phrase(segmented: Segmented, end: int) -> str:
    """The thing counted after a measure word: modifiers (升级示范样板, 还建小区, 坚守府澧河大堤)
    then nouns, up to the first verb after a noun (卡口|实行), a particle or another number."""
    text = segmented.text
    rest = text[end:end + _RIGHT_WINDOW]
    if quoted := _QUOTED_NAME.match(rest):  # 10项“民生微实事”: the quoted name is what was counted
        return quoted.group(1)
    offset = end + (1 if rest.startswith("的") else 0)
    cut = LIST_ITEM_END.search(text, offset, end + _RIGHT_WINDOW)
    phrase, seen_noun, position, resume = "", False, offset, offset
    for word, flag in segmented.slice(offset, cut.start() if cut else end + _RIGHT_WINDOW):
        word_start, position = position, position + len(word)
        if word_start < resume or not word.strip():
            continue
        if seen_noun and (aside := _ASIDE.match(text, word_start)):  # 社区(村), 村(居)民小组
            phrase, resume = phrase + aside.group(), aside.end()
            continue
        adverb = not seen_noun and flag.startswith("d")  # 还建小区: jieba splits 还|建
        if not adverb and (flag.startswith(_STOP_RIGHT) or word in _LINKING
                                 or (seen_noun and not flag.startswith(_NOUNISH))):
            break
        seen_noun = seen_noun or flag.startswith(_NOUN_HEAD)
        phrase += word
        if len(phrase) >= _MAX_RIGHT:
            break
    if not seen_noun:
        return ""
    # 15处门面招牌拆旧换新, 34条主辅干道卫生提质: a short clause that ends on the thing counted
    # and what was done to it names it whole (jieba's tags stop too early on such compounds).
    clause = text[offset:cut.start()] if cut else ""
    if len(phrase) < len(clause) <= _MAX_RIGHT and clause.startswith(phrase) and not _NUMERAL_CHARS.search(clause):
        return clause
    return phrase


def _shared_action(segmented: Segmented, floor: int, start: int, previous: str | None) -> str:
    """发放慰问物386床被子、72件棉衣: the words before the first item's number (发放慰问物) act
    on every item listed after it the same way; empty when the text between is not just the
    previous item's thing and a list mark."""
    if not previous:
        return ""
    text = segmented.text
    thing = _right_phrase(segmented, floor)
    if not thing or len(previous) <= len(thing) or not previous.endswith(thing) or not text.startswith(thing, floor) \
            or not re.fullmatch(rf"\s*(?:{_ITEM_SEPARATOR.pattern})\s*", text[floor + len(thing):start]):
        return ""
    action = previous[:-len(thing)]
    # Words written before the list's first number, not a predicate after it (…参加活动).
    return action if action in text[_clause_start(text, floor, max(0, floor - _BREAKDOWN_REACH), CLAUSE_END):floor] \
        else ""


# 投资60万元对…路进行整治: money spent, and on what the clause goes on to say.
_FUNDING = frozenset({"投资", "投入", "筹集", "筹措", "拨付", "整合"})
_FOR = re.compile(r"(?:专项)?用(?:于|来)")
_WORK = "工作"


def _purpose(segmented: Segmented, end: int) -> str:
    """What money spent went on, when the rest of its clause says it in a few words that open
    with their verb or preposition (建设滑雪场游客接待大厅, 用于对村内道路进行整治)."""
    text = segmented.text
    cut = CLAUSE_END.search(text, end, end + _PREDICATE_WINDOW)
    clause = text[end:cut.start()].strip() if cut else ""
    for_ = _FOR.match(clause)
    split = words(clause[for_.end():] if for_ else clause)
    if not split or not (for_ or tag_of(split[0]).startswith(("v", "p"))):
        return ""
    # 开展文明创建小额零星工程维修工作: the light verb and the frame say nothing of the purpose.
    if len(split) > 2 and split[0] in _LIGHT_VERBS and split[-1] == _WORK:
        split = split[1:-1]
    purpose = "".join(split)
    return purpose if 2 <= len(purpose) <= _MAX_CHARS and not _NUMERAL_CHARS.search(purpose) else ""


# 吸引3400余人参加: a verb drawing people in, and what they came to do.
_DRAWING = frozenset({"吸引", "带动", "动员", "发动", "引导", "组织"})
_TAKING_PART = re.compile(r"参加|参与|参观|观看|到场|出席")
_HELD = re.compile(r"举办|举行|开展|开办|推出|承办|策划|创办|打造")


def _taking_part(segmented: Segmented, floor: int, start: int, end: int) -> str:
    """推出花山“青年夜校”,吸引3400余人参加 (开展文艺汇演3场,吸引2000余人观看): the people counted
    took part in what the clause before named (花山青年夜校参加), past its own count if it gave
    one; empty when that clause ends on no noun. The clause before may be the previous figure's:
    it only names the event, it is not counted twice."""
    text = segmented.text
    part = _TAKING_PART.match(text, end)
    sentence = _clause_start(text, start, max(0, start - _BREAKDOWN_REACH), SENTENCE_END)
    clause = _clause_start(text, start, sentence, CLAUSE_END)
    if not part or clause <= sentence or floor > clause:
        return ""  # no clause before in the sentence: a heading or an earlier sentence is no event
    before = _clause_start(text, clause - 1, sentence, CLAUSE_END)
    if not _HELD.search(text, before, clause - 1):
        return ""  # 联合共建单位,动员200余人参与: no event was put on
    if quoted := _QUOTED_AT_END.search(text, before, clause - 1):
        return quoted.group(1) + part.group()  # a quoted name is the event whole
    tokens = _words(segmented, before, clause - 1)
    while tokens and tokens[-1][1].startswith(("m", "q")):  # 文艺汇演|3|场
        tokens.pop()
    event = ""
    for word, flag in reversed(tokens):
        if not flag.startswith(_NOUNISH) or len(event) + len(word) > _MAX_CHARS:
            break
        event = word + event
    return event + part.group() if event else ""


# Prepositions whose object a count can be (对13个小区…实行, 与3万名网友…重温, 为1213家企业…走访).
_OBJECT_PREPOSITIONS = frozenset({"对", "为", "与", "向", "给"})
_APPROXIMATE = frozenset({"近", "约", "超过", "逾"})
# Light verbs before the action (进行走访调研, 开展安全检查).
_LIGHT_VERBS = frozenset({"进行", "开展", "实施", "组织", "予以", "给予"})
# How far the clause may run on past the object to its verb: a list of a few other objects
# (、2599家个体工商户) and a predicate of the indicator's length.
_PREDICATE_WINDOW = 24


def _object_of_preposition(segmented: Segmented, floor: int, start: int) -> bool:
    """Whether the number is the object of a preposition (对|13个小区), not of a verb the
    preposition completes (划分|为|3个片区, 评|为, 列|为)."""
    before = [(w, f) for w, f in segmented.slice(floor, start) if w.strip()]
    while before and before[-1][0] in _APPROXIMATE:
        before.pop()
    if not before or before[-1][0] not in _OBJECT_PREPOSITIONS or before[-1][1] != "p":
        return False
    return len(before) < 2 or not _is_verb(before[-2][1]) or before[-2][0] in _TALLY_WORDS  # 累计|为: a tally


def _predicate_after(segmented: Segmented, position: int) -> str:
    """The verb phrase that ends the clause after a counted object, past the other objects listed
    with it (、2599家个体工商户) and adverbs (一同): 实行人员与货物进出核查管理, 走访调研."""
    text = segmented.text
    cut = CLAUSE_END.search(text, position, position + _PREDICATE_WINDOW)
    if not cut:
        return ""
    tokens = [(w, f) for w, f in segmented.slice(position, cut.start()) if w.strip()]
    verb = next((i for i, (_, flag) in enumerate(tokens) if _is_verb(flag)), None)
    if verb is None and tokens and tokens[0][1] == "d":
        # 一同在线重温…: an adverb opens a predicate whose verb jieba tags otherwise (重温 n).
        verb = next((i for i, (_, flag) in enumerate(tokens) if flag != "d"), None)
    if verb is None:
        return ""
    words = [w for w, _ in tokens[verb:]]
    while len(words) > 1 and words[0] in _LIGHT_VERBS:
        words.pop(0)
    phrase = "".join(words)
    return phrase if 2 <= len(phrase) <= _MAX_CHARS and not _NUMERAL_CHARS.search(phrase) else ""


def _head_noun(phrase: str) -> str:
    """The last word of `phrase` when it is a noun: what a list of counts keeps counting."""
    last = (words(phrase) or [""])[-1]
    return last if tag_of(last).startswith(_NOUN_HEAD) else ""


def _object_of(phrase: str) -> str:
    """What `phrase` acts on when it ends with its verb (重大安全隐患排查 → 重大安全隐患): the
    object a next bare action (整改66起) takes over."""
    split = words(phrase)
    # 开展矛盾纠纷排查, 受理群众来电: a phrase opening with its own verb acts on nothing it ends with.
    if len(split) < 2 or tag_of(split[0]).startswith("v") or not tag_of(split[-1]).startswith("v") \
            or not _head_noun("".join(split[:-1])):
        return ""
    return "".join(split[:-1])


# Budgets and trade are written in pairs, the second member short: 一般公共预算收入37.52亿元、
# 增长3.02%,支出80.35亿元 (一般公共预算支出); 出口…,进口….
_COUNTERPARTS = {"收入": "支出", "支出": "收入", "出口": "进口", "进口": "出口", "存款": "贷款", "贷款": "存款"}


# A total of what the figure before counted (项目630个、总投资1280亿元; 地块储备8幅,总面积246亩).
_TOTAL_OF = re.compile(r"总(?:投资额?|面积|金额|产值|规模|造价|长度|里程)")
# A placing in a contest (第二名, 二等奖), which the next placings of a list share their contest with.
_PLACING = re.compile(r"第?[一二三四五六七八九十\d]+(?:名|等奖)$")


def _counterpart(previous: str, left: str) -> str | None:
    """The pair's second member named in full, when `left` is that member alone."""
    measure = _RATE_SUFFIX.sub("", previous)
    head = measure[-2:]
    if _COUNTERPARTS.get(head) == left and len(measure) > len(head):
        return measure[:-len(head)] + left
    return None


def indicator_for(segmented: Segmented, start: int, end: int, unit: str, floor: int = 0,
                  previous: str | None = None, right_from: int | None = None,
                  same_measure: bool = False) -> str | None:
    """Indicator for the metric text[start:end] of `unit`.

    `floor` is where the previous metric ended, so two metrics in one clause do not share
    words; `previous` is that metric's indicator, which a bare rate word (增速, 同比增长) or
    an empty clause (…和9%) refers back to. `right_from` is where the thing counted starts
    when another metric sits in between (共6支231人的志愿服务分队). `same_measure` says the
    previous metric counted with the same measure word, so a bare action or a one-character
    item (发现隐患45起，整改45起; 纠纷38起，其中水12起) counts the same thing."""
    text = segmented.text
    # 地方一般公共预算收入(省市县收入)133.99亿元: an aside before the number qualifies the
    # measure named before it.
    aside = _ASIDE_BEFORE.search(text, max(floor, start - _ASIDE_REACH), start)
    tokens, hands_over = _left_tokens(segmented, floor, aside.start() if aside else start)
    left = _phrase(tokens)
    quoted = _QUOTED_AT_END.search(text, max(floor, start - _ASIDE_REACH), start)
    if quoted and left and quoted.group(1).endswith(left):
        left = quoted.group(1)  # 完成“个转企”2239户: a quoted name whole, though it opens with a measure word
    if LEADING_TIME.fullmatch(_REPORTING.sub("", left)):
        left = ""  # 上半年3.2%、预计全年5%: when, not what
    if unit in _THING_UNITS and (honour := _HONOURED.match(text, right_from or end)):
        return honour.group(1)  # 2名同志被评为“全国抗疫先进个人”: the honour is what was counted
    # A share or rate (增速32.74%) names its measure on the left only.
    wants_right = unit != "percent" and (unit in _THING_UNITS or hands_over or not left)
    right = _right_phrase(segmented, right_from or end) if wants_right else ""
    right_end = text.find(right, right_from or end) + len(right)
    if right and not text.startswith("以上", end - 2) and _NEXT_FIGURE.match(text, right_end):
        # 投资完成24.67亿元社会消费品零售总额完成130.63亿元 (its comma lost): the nouns are the
        # subject of the next figure, not the object of this one (but 500万元以上固定资产投资完成…
        # is a threshold of what it names).
        right = ""
    if right and unit in _THING_UNITS and (predicate := _predicate_after(segmented, right_end)) \
            and (_object_of_preposition(segmented, floor, start) or (_TAKING_PART.match(predicate) and not left)):
        # 与近3万名网友一同在线重温战疫故事, 为1213家中小企业…进行走访调研: what was counted is the
        # object of the verb after it, and the clause's words before the preposition say where or when;
        # so are those who took part, when no verb before says what brought them (xx余家企业、xx余家
        # 社会组织代表出席活动; but 选派30名干部参与… counts whom it sent).
        return predicate + right
    if right and (action := _shared_action(segmented, floor, start, previous)):
        return action + right
    if unit == "CNY" and left in _FUNDING and (purpose := _purpose(segmented, end)):
        return left + purpose  # 投资1600万元建设滑雪场游客接待大厅: the money and what it built
    if not right and unit in _PEOPLE_UNITS and left in _DRAWING \
            and (event := _taking_part(segmented, floor, start, right_from or end)):
        return event
    same_sentence = not SENTENCE_END.search(text[floor:start])
    # 增长26.8%, 累计10.38万毫升: a rate or tally word alone measures what the sentence's
    # previous metric named.
    bare = _RATE_WORD.fullmatch(left) or left in _TALLY_WORDS
    link = _LEVEL_LINK.fullmatch(left)
    if not right and (bare or link or not _REPORTING.sub("", left)) and not (previous and same_sentence):
        # 区级一般公共预算收入扣除减税降费因素后,同口径增长1%: the measure opens the sentence.
        left = _sentence_subject(segmented, floor, start) + ("" if link else left)
    elif previous and same_sentence and not right and bare:
        # The measure without its own rate word (收入增长5%，…分别增长 never stacks 增长增长),
        # and of a pair only the nearer member (批发零售业和住宿餐饮业零售额 → 住宿餐饮业零售额).
        left = _nearer_measure(previous) + left
    elif previous and same_sentence and not right and left == _PER_CAPITA:
        left += _nearer_measure(previous)
    elif previous and same_sentence and not right and _COMPLETION.fullmatch(left):
        # 社会固定资产投资24.74亿元,完成年度目标的42.66%: the share of its target the measure
        # just given reached, or of a whole (占全市比重12%); 地区生产总值564亿元,占计划的100%,
        # 同比下降2%: its rate then measures it, not the share.
        left = _measured(previous) + ("" if left.startswith(_SHARE_OF) else "完成") + left
    elif previous and same_sentence and not right and (paired := _counterpart(previous, left)):
        left = paired
    elif previous and same_sentence and not right and _TOTAL_OF.fullmatch(left):
        left = _measured(previous) + left  # 新谋划重点项目630个、总投资1280亿元: the projects' total
    elif previous and same_sentence and not right and _PLACING.fullmatch(left) \
            and (placed := _PLACING.search(previous)):
        left = previous[:placed.start()] + left  # 评比中获第一名2次,第二名3次: in the same contest
    elif previous and same_sentence and same_measure and not right and _is_bare_item(segmented, tokens, start):
        head = _head_noun(previous)
        if not head and unit not in _PEOPLE_UNITS and _is_verb(tag_of(left)) and (acted_on := _object_of(previous)):
            left += acted_on  # 重大安全隐患排查66起,整改66起: the same hazards, now rectified
        # 收入1548万元…收入1164.24万元: a word the previous measure already ends with repeats
        # it, it does not count the same thing.
        elif not (left.endswith(head) or head.endswith(left)):
            left += head
    indicator = (left + right)[:_MAX_CHARS * 2]
    # 由2.1万元增加到2.5万元: the second number is the same measure's new level.
    if (not _REPORTING.sub("", indicator) or _LEVEL_LINK.fullmatch(indicator)) and previous and same_sentence:
        # …完成全年任务的106.78%,全年有望完成2800万元: an amount is of the measure, not of its share.
        return previous if unit == "percent" else _measured(previous) or previous
    return indicator or None


# A target a measure is completed against (完成年度目标的42.66%, 完成任务的117.46%, 完成全年进度
# 92.99%), or the share of it reached (占计划的100%).
_TARGET = r"(?:(?:年度|全年|年)?(?:任务|目标|计划)|(?:年度|全年)进度)"
_SHARE_OF = "占"
# …or its share of a whole (占全市比重12%, 占地区生产总值的比重).
_OF_WHOLE = rf"{_SHARE_OF}[\u4e00-\u9fff]{{1,10}}?的?(?:比重|比例)"
_COMPLETION = re.compile(rf"{_SHARE_OF}?{_TARGET}|{_OF_WHOLE}")
_COMPLETED = re.compile(rf"(?:(?:完成|{_SHARE_OF}){_TARGET}|{_OF_WHOLE})$")
_RATE_NOUN = re.compile(r"增速|增幅|增长率|降幅")
_SINCE_YEAR = re.compile(r"[较比]\d{4}年(?:底|末)?$")
# 地区生产总值1781.8亿元,人均突破31万元: 人均 alone is the previous measure per person.
_PER_CAPITA = "人均"


def _measured(indicator: str) -> str:
    """What an indicator measures, without its rate word or the target it was completed against."""
    return _SINCE_YEAR.sub("", _RATE_SUFFIX.sub("", _COMPLETED.sub("", indicator)))


def _nearer_measure(indicator: str) -> str:
    """What an indicator measures, of a pair only the nearer member (批发零售业和住宿餐饮业零售额)."""
    return re.split(r"和|及|与|、", _measured(indicator))[-1]


_RESPECTIVE = "分别"
_ITEM_SEPARATOR = re.compile(r"、|以及|和|及|与")
_URBAN_RURAL = "城乡"
# The verb that ends a list of subjects written without 分别: 城镇、农村居民收入达到38381元、15187元.
_LEADING_REPORT = re.compile(r"^\s*(?:预计|据统计|初步统计|全年|完成|实现)")
_TRAILING_LINK = re.compile(r"(?:达到|达|为|是|完成|实现|共计|累计|合计|约|近|超过)$")
_MIN_SUBJECT = 4
_CALIBER = re.compile(r"全口径|[区县市镇乡]级|本级")
# 分别增长7%9% (the page lost its 、): two rates written back to back are a list.
_GLUED_RATES = re.compile(r"[\d.]+[%％][\d.]+[%％]")
# (…增长4.5%城乡居民收入分别…: a rate glued to the next clause's words ends the one before.)
_AFTER_FIGURE = re.compile(r"\d[\d.]*\s*(?:(?:%|[万亿千]?[元人户个家项])?\s*[、和及与]"
                           r"|[%％](?=[\u4e00-\u9fff])(?![的以左]))")


# 第三产业2011年增加值: the year scopes the figure, it is no part of what was measured (a year
# compared with, 较2020年增长, is).
_YEAR_INSIDE = re.compile(r"(?<=[\u4e00-\u9fff])(?<![较比与至到从由])\d{4}年度?(?=[\u4e00-\u9fff])")
# What an indicator phrase never keeps: quote marks, redaction marks (略略支柱企业, ×××),
# and the reporting verbs around what was measured (税收预计, 据统计…).
_QUOTE_MARKS = re.compile(r"[“”\"‘’'《》「」『』×＊*■□]")
_REDACTED_LEAD = re.compile(r"^略+")
# A plan's resolve (力争达到190亿元, 确保…) says how firmly, not what.
_REPORTING = re.compile(r"^(?:预计|据统计|初步统计|经统计|有望|力争|确保)"
                        r"|(?:预计完成|预计实现|预计|估计|有望|可望|可|力争|确保)$")


def tidy(indicator: str | None) -> str | None:
    """An indicator phrase without quote or redaction marks and reporting verbs."""
    if not indicator:
        return indicator
    cleaned = _REPORTING.sub("", _REDACTED_LEAD.sub("", _QUOTE_MARKS.sub("", indicator)))
    return _YEAR_INSIDE.sub("", cleaned) or None


def _paired_subjects(listed: str, n_figures: int) -> list[str] | None:
    """The subjects a list before 分别 names, one per figure, or None when they do not pair.
    Members that share a noun are written short (城镇、农村居民收入; 一般公共预算收入和支出):
    a short member before the last takes the last one's noun, a short last one the first
    one's head; 城乡居民收入 (城、乡居民收入) with two figures is the urban and the rural one, in
    that order."""
    # 城、乡居民收入 is 城乡居民收入 written with a pause.
    listed = re.sub(r"^城[、和与及]乡", _URBAN_RURAL, listed.strip())
    subjects = [subject.strip() for subject in _ITEM_SEPARATOR.split(listed) if subject.strip()]
    if len(subjects) == 1 and n_figures == 2 and subjects[0].startswith(_URBAN_RURAL):
        shared = subjects[0][len(_URBAN_RURAL):]
        return [f"城镇{shared}", f"农村{shared}"]
    if len(subjects) != n_figures or n_figures < 2:
        return None
    first, last = subjects[0], subjects[-1]
    # 全口径和区级地方财政收入: calibers of one measure differ in length, 城镇、农村 do not.
    caliber = _CALIBER.match(last)
    paired = [subject if len(subject) >= _MIN_SUBJECT else
              subject + last[caliber.end() if caliber else len(subject):]
              if index < len(subjects) - 1 and len(last) >= _MIN_SUBJECT else
              first[:-len(subject)] + subject if index == len(subjects) - 1 and len(first) > len(subject) + 1 else None
              for index, subject in enumerate(subjects)]
    return None if None in paired else paired


def _figures_before(text: str, spans: list[tuple[int, int]], indicators: list[str | None], index: int,
                    n_figures: int) -> list[str] | None:
    """生产总值92.51亿元,规上工业增加值10.74亿元,分别比增5.1%和15.3%: a run after a bare 分别
    measures the figures its sentence gave just before it, when the sentence gave exactly as
    many."""
    first = index - n_figures
    if first < 0 or n_figures < 2:
        return None
    sentence_start = _clause_start(text, spans[index][0], 0, SENTENCE_END)
    if spans[first][0] < sentence_start or (first > 0 and spans[first - 1][0] >= sentence_start):
        return None
    subjects = [_RATE_SUFFIX.sub("", indicator or "") for indicator in indicators[first:index]]
    return subjects if all(subjects) else None


# 其中,一产、二产、三产分别为…: the members listed right after 其中 (in the clause, or as the
# clause after 其中,) break down the measure given before it.
_PARTS = "其中"
_PARTS_BEFORE = re.compile(rf"{_PARTS}\s*[,，:：]\s*$")
_PARTS_REACH = 4


def _breakdown_start(text: str, opening: int) -> int | None:
    """Where the 其中 that opens the clause at `opening` as a breakdown is: its first word
    (其中一产、二产分别为…) or the whole clause before it (其中,一产…); None when there is none."""
    if text.startswith(_PARTS, opening):
        return opening
    before = _PARTS_BEFORE.search(text, max(0, opening - _PARTS_REACH), opening)
    return before.start() if before else None


def _parts_of_whole(text: str, spans: list[tuple[int, int]], indicators: list[str | None], index: int,
                    listed: str, n_figures: int, parts_at: int) -> list[str] | None:
    """镇域地区生产总值16.84亿元,同比增长6.2%,其中,一产、二产、三产分别为8.08亿元、…: members too
    short to name a measure (一产) are parts of the measure the sentence gave last before 其中
    (at `parts_at`)."""
    parts = [part.strip() for part in _ITEM_SEPARATOR.split(listed) if part.strip()]
    before = next((i for i in range(index - 1, -1, -1) if spans[i][1] <= parts_at), None)
    if before is None or len(parts) != n_figures or n_figures < 2 or any(len(part) >= _MIN_SUBJECT for part in parts) \
            or SENTENCE_END.search(text, spans[before][1], parts_at):
        return None
    whole = _measured(indicators[before] or "")
    return [whole + part for part in parts] if whole else None


def respective_indicators(text: str, spans: list[tuple[int, int]], indicators: list[str | None]) -> list[str | None]:
    """规上工业增加值、固定资产投资、社会消费品零售总额分别增长5.2%、6.1%和7.3%: the n-th
    number of a run after 分别 measures the n-th subject listed before it; a run of figures
    right after such a list without 分别 (城镇、农村居民收入达到38381元、15187元) pairs the same
    way, and a later run in the same sentence (…,分别增长4.9%、6.8%) pairs with the same
    subjects."""
    result = list(indicators)
    index = 0
    previous: tuple[int, list[str]] | None = None  # (end, subjects) of the last paired run
    while index < len(spans):
        start = spans[index][0]
        opening = _clause_start(text, start, max(0, start - _BREAKDOWN_REACH), CLAUSE_END)
        head = text[opening:start]
        parts_at = _breakdown_start(text, opening)
        if parts_at == opening:
            head = head[len(_PARTS):]
        run_end = index + 1
        while run_end < len(spans) and (re.fullmatch(
                rf"\s*(?:{_ITEM_SEPARATOR.pattern})\s*[{MINUS}]?", text[spans[run_end - 1][1]:spans[run_end][0]])
                or _GLUED_RATES.fullmatch(text, spans[run_end - 1][0], spans[run_end][1])):
            run_end += 1
        position = head.rfind(_RESPECTIVE)
        listed = _LEADING_REPORT.sub("", head[_leading_time_length(head):position if position >= 0 else len(head)])
        # …增长29.2%、城乡居民收入分别增长7.5%、9.5%: the subjects follow the last figure.
        listed = _AFTER_FIGURE.split(listed)[-1]
        verb = head[position + len(_RESPECTIVE):].strip().rstrip(MINUS) if position >= 0 else ""
        if position < 0 and _RATE_WORD.fullmatch(listed.strip()):
            listed, verb = "", listed.strip()  # …,增长3.6%、7.8%: the rates of the members just listed
        listed = listed if position >= 0 else _TRAILING_LINK.sub("", listed)
        if _COMPARISON.fullmatch(listed.strip()):  # 同比分别-6.2%、-19.3%: how, not what, was listed
            listed, verb = "", listed.strip() + verb
        verb = "" if verb in _LINKING or _LEVEL_LINK.fullmatch(verb) else verb
        subjects = _paired_subjects(listed, run_end - index) if listed.strip() else None
        if subjects is None and not listed.strip() and previous and len(previous[1]) == run_end - index \
                and not SENTENCE_END.search(text[previous[0]:start]):
            subjects = previous[1]
        if subjects is None and position >= 0 and not listed.strip():
            subjects = _figures_before(text, spans, result, index, run_end - index)
        if subjects is None and parts_at is not None and position >= 0 and index:
            subjects = _parts_of_whole(text, spans, result, index, listed, run_end - index, parts_at)
        if subjects:
            for offset, subject in enumerate(subjects):
                result[index + offset] = (subject + verb)[:_MAX_CHARS * 2]
            previous = (spans[run_end - 1][1], subjects)
        index = run_end
    return result
