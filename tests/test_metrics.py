import pytest

from extract.clean import clean_document
from extract.document import read_report
from extract.parse.metrics import candidate_spans


def spans(text):
    return [(text[s.start:s.end], s.value, s.unit, s.classifier, s.qualifier, s.masked) for s in candidate_spans(text)]


@pytest.mark.parametrize("text, expected", [
    ("完成地方一般公共预算收入 3517 万元", ("3517 万元", 35170000, "CNY", None, "exact", False)),
    ("基本完成 1.6 亿元雨污分流工程", ("1.6 亿元", 160000000, "CNY", None, "exact", False)),
    ("线上互动超1.5万人次", ("超1.5万人次", 15000, "person_time", "人次", "more_than", False)),
    ("累计服务时长达8千小时", ("8千小时", 8000, "hour", None, "exact", False)),
    ("累计参与人数 4 万余名", ("4 万余名", 40000, "person", "名", "more_than", False)),
    ("累计10.38万毫升", ("10.38万毫升", 103800, "ml", None, "exact", False)),
    ("清除楼道杂物约286处", ("约286处", 286, "count", "处", "approx", False)),
    ("成功率达94%以上", ("94%以上", 94, "percent", None, "more_than", False)),
    ("助销特色农产品1500 余斤", ("1500 余斤", 1500, "jin", None, "more_than", False)),
    ("征地103亩", ("103亩", 103, "mu", None, "exact", False)),
    ("全长7公里", ("7公里", 7000, "m", None, "exact", False)),
    ("收购20公斤", ("20公斤", 40, "jin", None, "exact", False)),
    ("粮食产量1.37万亿斤", ("1.37万亿斤", 1.37e12, "jin", None, "exact", False)),
    ("集中献血519个单位", ("519个单位", 519, "count", "个单位", "exact", False)),
    ("检查次数81家次", ("81家次", 81, "count", "家次", "exact", False)),
    ("营收１，２３４万元", ("1,234万元", 12340000, "CNY", None, "exact", False)),
    ("推进 4-6 个老旧小区改造", ("4-6 个", 4, "count", "个", "more_than", False)),
    ("近3万名网友", ("近3万名", 30000, "person", "名", "approx", False)),
    ("志愿服务近万人次", ("近万人次", 10000, "person_time", "人次", "approx", False)),
    ("创收600余万元", ("600余万元", 6000000, "CNY", None, "more_than", False)),
    ("协调解决问题百余个", ("百余个", 100, "count", "个", "more_than", False)),
    ("走访十余家企业", ("十余家", 10, "count", "家", "more_than", False)),
    ("服务群众三万余人", ("三万余人", 30000, "person", "人", "more_than", False)),
    ("赤字规模4.06万亿元", ("4.06万亿元", 4060000000000, "CNY", None, "exact", False)),
    ("实现固定资产投资67.07亿元", ("67.07亿元", 6707000000, "CNY", None, "exact", False)),
    ("新增停车位不少于500个", ("不少于500个", 500, "count", "个", "more_than", False)),
    ("投资规模不超过3亿元", ("不超过3亿元", 300000000, "CNY", None, "less_than", False)),
    ("占全年任务数的77.8 %", ("77.8%", 77.8, "percent", None, "exact", False)),
    ("全程接种率达百分之九十五", ("百分之九十五", 95, "percent", None, "exact", False)),
    ("修建步道1.2千米", ("1.2千米", 1200, "m", None, "exact", False)),
    ("持续3年开展结对帮扶", ("3年", 3, "year", None, "exact", False)),
    ("历时3个月完成改造", ("3个月", 3, "month", None, "exact", False)),
    ("１２个村", ("12个", 12, "count", "个", "exact", False)),
    ("奖补资金十余万元", ("十余万元", 100000, "CNY", None, "more_than", False)),
    ("新冠疫苗接种12.3万剂次", ("12.3万剂次", 123000, "count", "剂次", "exact", False)),
    ("全年用电量3.5亿度", ("3.5亿度", 350000000, "kwh", None, "exact", False)),
    ("开办时间压缩至0.5个工作日", ("0.5个工作日", 0.5, "day", None, "exact", False)),
    ("辖区面积12.6平方千米", ("12.6平方千米", 12600000, "m2", None, "exact", False)),
    ("实现税收收入3.2亿,同比增长", ("3.2亿", 320000000, "CNY", None, "exact", False)),
    ("年营业收入超过 2000 万的企业", ("超过 2000 万", 20000000, "CNY", None, "more_than", False)),
    ("争取补助资金1200万用于道路改造", ("1200万", 12000000, "CNY", None, "exact", False)),
    ("限上批零住餐0.61亿。", ("0.61亿", 61000000, "CNY", None, "exact", False)),
])
def test_metric_forms(text, expected):
    text = clean_document(text).text
    assert spans(text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("深入xx个公寓xxxx余户", [("xx个", None, "count", "个", "exact", True),
                          ("xxxx余户", None, "household", "户", "more_than", True)]),
    ("调减比例达xx.xx%", [("xx.xx%", None, "percent", None, "exact", True)]),
    ("资金达xxx.x万元", [("xxx.x万元", None, "CNY", None, "exact", True)]),
    ("固定资产投资XX亿元", [("XX亿元", None, "CNY", None, "exact", True)]),
    ("拨付资金××万元", [("××万元", None, "CNY", None, "exact", True)]),
    ("累计采样近xxx人次", [("近xxx人次", None, "person_time", "人次", "approx", True)]),
])
def test_masked_values_have_no_value(text, expected):
    assert spans(text) == expected


def test_compound_spans_and_lists_give_one_metric_each():
    assert [s[0] for s in spans("拆除存量违建 16 处 5095.94 平米,总户数5375户12419人,增长8.5%和9%")] == \
        ["16 处", "5095.94 平米", "5375户", "12419人", "8.5%", "9%"]


@pytest.mark.parametrize("text", [
    "2020 年,面对疫情", "5月13日疫情发生后", "截至2021年9月底", "1至10月", "全面完成第七次人口普查",
    "位列第79位", "获第一名", "“十四五”规划", "六稳六保", "按照南昌市“1+5+X”构架思路", "5G智慧校园",
    "3A级社会组织", "“七一”大型纪念活动", "15分钟社区生活圈", "建党99周年", "建党 100 周年",
    "光荣在党50年", "电话:0791-86221407", "赣ICP备05005744号-2", "坚守府澧河大堤 7-8 公里段",
    "《关于华阳街道等x个街道部分行政区域委托管理的方案》", "连续五届", "两个确立", "二十届二中全会",
    "与多所共招募签约", "e768971--2022-0012", "供应十元爱心菜", "提供7×24小时服务", "红映亲和万家兴",
    "实施新一轮千亿斤粮食产能提升行动",
    "惠及近千万家庭", "户籍人口2000万人口", "每x个隔离周期", "落实纾困解难“30条举措”“稳经济41条”",
    "近3个月以来", "2020 年", "二〇二一年", "连续五年", "开展1对1帮扶", "党的二十大", "排在第3个", "5G用户",
    "党建联建模式(+N个共建单位+X个项目)", "光荣在党50年纪念章", "位居全市前3位", "连续三年进入前10名",
    "群众诉求7天内办结", "接报后24小时内到场", "近3年来",
    "体温37.3度以下", "开展360度全景巡查", "提供24小时服务", "平均海拔1000米", "距市区15公里", "地铁站500米范围内", "惠及500多万在校生", "常住人口8.2万", "上亿市场主体",
])
def test_non_metrics_are_not_extracted(text):
    assert spans(clean_document(text).text) == []


def test_numbers_in_document_titles_and_short_quotes_are_names():
    text = "印发《关于华阳街道等x个街道部分行政区域委托管理的方案》,实施“五个一”工程,新建5个站点"
    assert [s[0] for s in spans(text)] == ["5个"]


def test_a_per_unit_count_is_kept_only_where_no_denominator_precedes_it():
    assert [s[0] for s in spans("每10户配备1名网格员")] == ["1名"]


def test_ordinal_is_skipped_but_the_count_after_it_is_kept():
    assert [s[0] for s in spans("获第一名2次,第二名3次")] == ["2次", "3次"]


def test_a_duration_that_scopes_another_quantity_is_not_a_metric():
    assert [s[0] for s in spans("2天集中献血总量达519个单位")] == ["519个单位"]
    assert [s[0] for s in spans("46 天坚守府澧河大堤")] == ["46 天"]


def test_qualifier_only_when_it_is_a_word_of_its_own():
    assert spans("与多所共招募签约2100名志愿者")[0][4] == "exact"


REPORT = """金安区清水河街道2021年工作报告
一、2021年主要工作开展情况
(六)经济实力稳步增强。1至10月完成地方财政一般预算收入1548万元,招商注册企业8家。截至2021年9月底,一般公共预算收入完成任务9941.92万元,完成全年任务(13963.07万元)进度的71.20%。
今年新组建21个小区党支部。
二、2022年工作谋划
(一)打造特色志愿者服务队。新建5个志愿服务站。"""


def test_metric_fields_in_context():
    parsed = read_report(REPORT)
    by_raw = {m.raw_text: m for m in parsed.metrics}
    revenue = by_raw["1548万元"]
    assert revenue.indicator == "完成地方财政一般预算收入" or "地方财政一般预算收入" in revenue.indicator
    assert (revenue.scope, revenue.period_type) == ("1至10月", "actual")
    assert revenue.section_path == "一、2021年主要工作开展情况 > (六)经济实力稳步增强"
    assert parsed.cleaned_text[revenue.char_start:revenue.char_end] == "1548万元"
    assert "1548万元" in revenue.context
    assert by_raw["8家"].indicator == "招商注册企业"
    assert by_raw["13963.07万元"].period_type == "target"
    assert by_raw["9941.92万元"].period_type == "actual"
    assert by_raw["71.20%"].scope == "截至2021年9月底"
    assert by_raw["21个"].indicator == "新组建小区党支部"
    assert by_raw["5个"].period_type == "plan"
    assert [m.ordinal for m in parsed.metrics] == list(range(1, len(parsed.metrics) + 1))


@pytest.mark.parametrize("text, raw, indicator", [
    ("群众选题、代表监督,10项“民生微实事”落地见效。", "10项", "民生微实事"),
    ("规上服务业营业收入76317万元,增速32.74%。", "32.74%", "规上服务业营业收入增速"),
    ("实现年收入1.19亿元,同比增长26.8%。", "26.8%", "年收入同比增长"),
    ("完成全年任务(13963.07万元)进度的71.20%。", "13963.07万元", "全年任务"),
    ("推出11个升级示范样板,获评全区首个市级儿童友好社区。", "11个", "推出升级示范样板"),
    ("共6支231人的志愿服务分队", "231人", "志愿服务分队"),
    ("投入 1400 万元启动雪亮工程建设", "1400 万元", "投入启动雪亮工程建设"),
    # A count that is a preposition's object is counted by the verb phrase after it, past the
    # other objects listed with it, an adverb and a light verb.
    ("全街道累计为1213家中小企业、2599家个体工商户进行走访调研,提升满意度。", "1213家", "走访调研中小企业"),
    ("组织开展纪念活动,与近3万名网友一同在线重温战疫故事。", "近3万名", "在线重温战疫故事网友"),
    ("对 13 个小区 21 个卡口实行人员与货物进出核查管理,设置哨卡。", "13 个", "实行人员与货物进出核查管理小区"),
    # Without a verb phrase after it, the thing counted alone; 为 that completes a verb is no preposition.
    ("为120户困难家庭,发放慰问金3万元。", "120户", "困难家庭"),
    ("全镇划分为3个片区进行网格化管理。", "3个", "划分片区"),
    # A net change since a year, then a rate: both of the measure given before them.
    ("税收收入完成8.2亿元,较2020年净增1.1亿元,增长15.5%。", "1.1亿元", "税收收入较2020年净增"),
    ("税收收入完成8.2亿元,较2020年净增1.1亿元,增长15.5%。", "15.5%", "税收收入增长"),
])
def test_indicator_rules(text, raw, indicator):
    parsed = read_report(text)
    assert {m.raw_text: m.indicator for m in parsed.metrics}[raw] == indicator


@pytest.mark.parametrize("text, raw, indicator", [
    ("推进华顺公寓、东海未名园等3个老旧小区改造。", "3个", "推进老旧小区改造"),
    ("对外立面脏污的点位和84根水泥电线杆进行了粉刷。", "84根", "水泥电线杆"),
    ("以社区为单位,共6支231人的志愿服务分队。", "6支", "志愿服务分队"),
    ("2天集中献血总量达519个单位,累计10.38万毫升。", "10.38万毫升", "集中献血总量累计"),
    ("10月份指导5个非公党组织完成换届选举。", "5个", "指导非公党组织"),
    ("成立督导小组,对x个社区(村)开展督导检查。", "x个", "督导检查社区(村)"),
    # The short member shares the last one's noun: the second figure is the rural income.
    ("城镇和农村居民人均可支配收入分别达到79668元和40450元。", "40450元", "农村居民人均可支配收入"),
    ("城镇和农村居民人均可支配收入分别达到79668元和40450元。", "79668元", "城镇居民人均可支配收入"),
    ("城乡常住居民人均可支配收入分别达到45300元、19400元。", "19400元", "农村常住居民人均可支配收入"),
    ("一般公共预算收入和支出分别完成20.2亿元、3.1亿元。", "3.1亿元", "一般公共预算支出"),
    # The rates right after the members' figures are theirs too, in order; 预计 opens no member.
    ("预计城镇、农村常住居民人均可支配收入分别达45300元、19400元,增长3.6%、7.8%。", "3.6%", "城镇常住居民人均可支配收入增长"),
    ("城镇、农村常住居民人均可支配收入46026元、22423元,分别增长3%和6.5%。", "6.5%", "农村常住居民人均可支配收入增长"),
    ("城镇、农村居民人均可支配收入达到38381元、15187元,分别增长4.9%、6.8%。", "6.8%", "农村居民人均可支配收入增长"),
    ("46 天坚守府澧河大堤。", "46 天", "坚守府澧河大堤"),
    ("截止10月份,街道共接种疫苗人数第一针剂31964人、第二针剂31360人。", "31360人", "第二针剂"),
    ("在文明创建工作中,街道辖区内累计清扫庭院800余处。", "800余处", "累计清扫庭院"),
    ("检查企业35次,排查隐患120处,整改118处。", "118处", "整改隐患"),
    ("共调处矛盾纠纷38起,其中邻里12起、婚姻14起。", "14起", "婚姻矛盾纠纷"),
    ("接待群众来访120人次,办结85件。", "85件", "办结"),
    ("新增市场主体3200户,其中企业1100户、个体工商户2100户。", "2100户", "个体工商户"),
    ("工业增加值、固定资产投资、社会消费品零售总额分别增长5.2%、6.1%和7.3%。", "6.1%", "固定资产投资增长"),
    ("人均可支配收入由2.1万元增加到2.5万元。", "2.5万元", "人均可支配收入"),
    ("粮食播种面积稳定在35万亩以上。", "35万亩以上", "粮食播种面积"),
    ("一般公共预算收入36.8亿元,同口径增长5.1%。", "5.1%", "一般公共预算收入同口径增长"),
    # 城乡 with two figures: the urban one, then the rural one.
    ("城乡居民人均可支配收入分别达到52360元和28950元,分别增长4.8%和6.5%。", "6.5%", "农村居民人均可支配收入增长"),
    ("新增“四上”企业135家。", "135家", "新增四上企业"),
    ("全年城乡居民医保参保率达98.5%。", "98.5%", "城乡居民医保参保率"),
    ("60岁以上老人接种率达92.3%。", "92.3%", "老人接种率"),
    ("重点做好以下工作:一是新招引项目5个以上;二是新建高标准农田3000亩。", "3000亩", "新建高标准农田"),
    # The thing counted and what was done to it, in a short clause; a threshold before a noun.
    ("推进15处门面招牌拆旧换新,接力提升。", "15处", "推进门面招牌拆旧换新"),
    ("对接企业104个,引入1000万元以上项目7个。", "7个", "引入1000万元以上项目"),
    # A bare 分别 after the figures: its rates measure the figures just given, in order.
    ("全县生产总值92.51亿元,规上工业增加值10.74亿元,分别比增5.1%和15.3%。", "5.1%", "生产总值比增"),
    ("全县生产总值92.51亿元,规上工业增加值10.74亿元,分别比增5.1%和15.3%。", "15.3%", "规上工业增加值比增"),
    # …unless the sentence gave more figures than the run has rates: which ones is not said
    # (paired, the first would be 道路增长; unpaired, a rate measures the figure before it).
    ("新建公园3个,道路5条,广场2个,分别增长5%和6%。", "5%", "广场增长"),
    # The second of a budget or trade pair is written short.
    ("一般公共预算收入37.52亿元、增长3.02%,支出80.35亿元、增长26.4%。", "80.35亿元", "一般公共预算支出"),
    ("一般公共预算收入37.52亿元、增长3.02%,支出80.35亿元、增长26.4%。", "26.4%", "一般公共预算支出增长"),
    # 由…增至…: the new level is the same measure's, and the year reached is no indicator.
    ("地区生产总值由2017年的74.37亿元增至2021年的104.96亿元,年均增长5.7%。", "104.96亿元", "地区生产总值"),
    ("地区生产总值由2017年的74.37亿元增至2021年的104.96亿元,年均增长5.7%。", "74.37亿元", "地区生产总值"),
    # An aside between the measure and its number qualifies the measure; an editor's note goes.
    ("地方一般公共预算收入(省市县收入)133.99亿元。", "133.99亿元", "地方一般公共预算收入"),
    ("2020年完成地区生产总值(预计,下同)820亿元,年均增长6.3%。", "820亿元", "地区生产总值"),
    ("完成地区生产总值1785亿元,同比(下同)增长4.5%。", "4.5%", "地区生产总值同比增长"),
    # 城、乡 is 城乡 with a pause; the subjects of a run follow the list's last figure.
    ("城、乡居民人均可支配收入分别为22694元、9527元。", "9527元", "农村居民人均可支配收入"),
    ("固定资产投资增长14%、城乡居民人均可支配收入分别增长7.5%、9.5%。", "9.5%", "农村居民人均可支配收入增长"),
    # A rate with its comparison only (比上年增长) measures the figure before it; a bare rate
    # after a clause with no figure, the measure that opens the sentence.
    ("实现地区生产总值75亿元,比上年增长19%。", "19%", "地区生产总值上年增长"),
    ("区级一般公共预算收入扣除减税降费因素后,同口径增长1%;", "1%", "区级一般公共预算收入同口径增长"),
    # The measure named in the clause before one of reporting words only, or opening a list
    # whose item climbs to the figure.
    ("受减税影响,税收收入保持平稳,预计达到12.5亿元。", "12.5亿元", "税收收入"),
    ("社会消费品零售总额是2015年的1.6倍、攀升至320亿元。", "320亿元", "社会消费品零售总额"),
    ("人均可支配收入由2.1万元稳步提高到2.6万元。", "2.6万元", "人均可支配收入"),
    # A figure's share of its target, and 人均 alone, speak of the measure just given.
    ("固定资产投资12亿元,完成年度目标的85%,同比增长6%。", "85%", "固定资产投资完成年度目标"),
    ("固定资产投资12亿元,完成年度目标的85%,同比增长6%。", "6%", "固定资产投资同比增长"),
    ("地区生产总值520亿元、比2020年增长21%,人均达到9.8万元。", "9.8万元", "人均地区生产总值"),
    # A level reached, a year that scopes a phrase, and two calibers of one measure.
    ("地区生产总值从 512 亿元提升到 860 亿元。", "860 亿元", "地区生产总值"),
    ("第二产业2019年增加值达到318亿元。", "318亿元", "第二产业增加值"),
    ("完成全口径和区级地方财政收入240亿元和75亿元,分别增长12%和11%。", "240亿元", "全口径地方财政收入"),
    ("全镇实现GDP8.6亿元。", "8.6亿元", "GDP"),
    # A bare rate after a clause of its own: the measure opening that clause, 全 and all, without
    # the verb of the floor it broke through; 增加 and 可比增 are rate words too.
    ("财政总收入46.7亿元,增长12%;全社会固定资产投资突破百亿元,增长15.7%。", "15.7%", "全社会固定资产投资增长"),
    ("全年完成区级财政收入5.87亿元,同比增加14.5%。", "14.5%", "区级财政收入同比增加"),
    ("财政总收入可比增3%,预计完成45.0亿元。", "45.0亿元", "财政总收入"),
    # Growth first, then the level it reached: the level is the measure's, not its growth's.
    ("全县地区生产总值增长12.6%达92.9亿元,地方财政总收入增长6%达5.21亿元。", "5.21亿元", "地方财政总收入"),
    # An amount after a share of its target, in words that only say it is expected.
    ("财政收入2776万元,完成全年任务的106%,全年有望完成2800万元。", "2800万元", "财政收入"),
    # A rate opening a later item of a clause measures what the clause opened with.
    ("最有收获的是,地区生产总值总量排名由全市第七跃升至第四、年均增长8.5%。", "8.5%", "地区生产总值总量年均增长"),
    # A page that lost its commas: nouns followed by their own verb and number open the next figure.
    ("全社会固定资产投资完成24.67亿元社会消费品零售总额完成130.63亿元。", "24.67亿元", "全社会固定资产投资"),
    # …and lost its 、 between two rates of a respective list.
    ("社会消费品零售总额增长4.5%城乡居民人均可支配收入分别增长7%9%。", "9%", "农村居民人均可支配收入增长"),
    ("社会消费品零售总额增长4.5%城乡居民人均可支配收入分别增长7%9%。", "7%", "城镇居民人均可支配收入增长"),
    # A level moved from the end of a plan period is that period's; the rate word does not count
    # against the length limit.
    ("地区生产总值由“十一五”末的55.8亿元增加到2015年的128.7亿元。", "128.7亿元", "地区生产总值"),
    ("规模以上工业企业增加值同比增长10.2%。", "10.2%", "规模以上工业企业增加值同比增长"),
    # A short aside inside the phrase qualifies it; the measure is what stays outside it.
    ("500万以上固定资产投资项目(不含房地产)累计完成14.09亿元。", "14.09亿元", "固定资产投资项目累计"),
    # A year-to-date rate in brackets after the level it is of.
    ("规上工业增加值3.3亿(累计增速6.7%)、限上批零住餐0.61亿(同比增长33.2%)。", "6.7%", "规上工业增加值累计增速"),
    ("规上工业增加值3.3亿(累计增速6.7%)、限上批零住餐0.61亿(同比增长33.2%)。", "33.2%", "限上批零住餐同比增长"),
])
def test_indicator_rules_for_lists_and_pairs(text, raw, indicator):
    parsed = read_report(text)
    assert {m.raw_text: m.indicator for m in parsed.metrics}[raw] == indicator


def test_the_first_of_a_pair_shares_the_unit_of_the_second():
    parsed = read_report("城乡居民人均可支配收入41200和23500元,分别增长6.1%和7.4%。")
    assert [(m.raw_text, m.value, m.unit, m.indicator) for m in parsed.metrics] == [
        ("41200", 41200, "CNY", "城镇居民人均可支配收入"), ("23500元", 23500, "CNY", "农村居民人均可支配收入"),
        ("6.1%", 6.1, "percent", "城镇居民人均可支配收入增长"), ("7.4%", 7.4, "percent", "农村居民人均可支配收入增长")]
    assert [m.value for m in read_report("奖补3和5万元。").metrics] == [30000, 50000]


def test_figures_of_a_rate_named_before_them_by_period_are_changes():
    parsed = read_report("工业增加值增速稳步回升,一季度2.1%、上半年3.5%、预计全年4.8%。")
    assert [(m.raw_text, m.indicator, m.measure, m.direction, m.scope) for m in parsed.metrics] == [
        ("2.1%", "工业增加值增速", "change", "up", "一季度"), ("3.5%", "工业增加值增速", "change", "up", "上半年"),
        ("4.8%", "工业增加值增速", "change", "up", "全年")]


@pytest.mark.parametrize("text, period", [
    ("一、2023年工作成效\n全年新建口袋公园3个。", "actual"),
    ("一、2023年工作成效\n下一步,力争引进企业20家。", "plan"),
    ("一、2023年工作成效\n完成全年任务(1500万元)的80%。", "target"),
    ("二、2024年工作计划\n新建口袋公园3个。", "plan"),
    ("一、2023年工作成效\n预计完成地区生产总值20亿元。", "actual"),
    ("一、2023年工作成效\n下一步,将新建停车位200个。", "plan"),
    ("一、2023年工作成效\n目前已完成投资1.2亿元,下一步工作还很多。", "actual"),
])
def test_period_type_from_section_and_cue_words(text, period):
    assert read_report(text).metrics[0].period_type == period


def test_malformed_chinese_numerals_are_skipped_not_fatal():
    assert spans("十十万人次和万万亿元") == []


@pytest.mark.parametrize("text, indicator", [
    ("常住人口城镇化率提高到66.2%。", "常住人口城镇化率"),
    ("赤字率拟按3%安排。", "赤字率"),
    ("城镇调查失业率平均为5.2%。", "城镇调查失业率"),
])
def test_words_introducing_a_level_are_not_part_of_the_indicator(text, indicator):
    assert read_report(text).metrics[0].indicator == indicator


def test_funds_secured_in_a_review_are_actual():
    parsed = read_report("一、2023年工作成效\n争取上级资金300万元,计划外新增项目2个。")
    assert [m.period_type for m in parsed.metrics] == ["actual", "actual"]


def test_a_level_looked_back_on_is_scoped_to_its_year_and_dollars_are_a_unit():
    parsed = read_report("地区生产总值由2017年的74.37亿元增至2021年的104.96亿元。贸易出口总额2.42亿美元。")
    assert [(m.raw_text, m.scope, m.value, m.unit) for m in parsed.metrics] == [
        ("74.37亿元", "2017年", 7437000000, "CNY"), ("104.96亿元", None, 10496000000, "CNY"),
        ("2.42亿美元", None, 242000000, "USD")]
    # Without its year, the level a change starts from is the base period's.
    moved = read_report("地区生产总值从2280亿元增长到3200亿元左右。")
    assert [(m.raw_text, m.scope) for m in moved.metrics] == [("2280亿元", "基期"), ("3200亿元左右", None)]
    term = read_report("地区生产总值由十二五末的1123亿元增加到2020年的1700亿元。由于疫情影响,年底收入仅3亿元。")
    assert [(m.raw_text, m.scope) for m in term.metrics] == [("1123亿元", "基期"), ("1700亿元", None), ("3亿元", None)]


def test_a_rate_signed_with_a_minus_is_a_decline_and_pairs_like_any_other():
    parsed = read_report("全年实现地区生产总值60.3亿元,一般公共预算收入2亿元,同比分别-6.2%、-19.3%。")
    assert [(m.raw_text, m.value, m.indicator, m.measure, m.direction) for m in parsed.metrics][2:] == [
        ("6.2%", 6.2, "地区生产总值同比", "change", "down"), ("19.3%", 19.3, "一般公共预算收入同比", "change", "down")]
    # A minus inside a code is no sign.
    assert [m.raw_text for m in read_report("服务热线0791-86223号").metrics] == []


def test_a_floor_broken_through_is_a_bound_and_the_figure_after_it_exact():
    parsed = read_report("全体居民人均可支配收入突破2万元,达到20625元。地区生产总值突破 500亿元。")
    assert [(m.raw_text, m.qualifier) for m in parsed.metrics] == [
        ("2万元", "more_than"), ("20625元", "exact"), ("500亿元", "more_than")]


def test_a_scope_holds_over_a_line_broken_mid_sentence_and_a_clause_opening_with_its_own_period():
    parsed = read_report("1、综合实力显著提升。截止今年11月底,全镇实现\n财政收入2776万元,完成全年任务的106%,"
                         "全年有望完成2800万元。\n一、今年以来工作\n完成投资3亿元。")
    assert [(m.raw_text, m.scope) for m in parsed.metrics] == [
        ("2776万元", "截止今年11月底"), ("106%", "截止今年11月底"), ("2800万元", "全年"), ("3亿元", None)]


@pytest.mark.parametrize("text, raw, indicator", [
    # An honour after the count is what was counted.
    ("辖区 2 名同志被评为“全国抗疫先进个人”。", "2 名", "全国抗疫先进个人"),
    ("3个社区获评“省级文明社区”,新建公园2个。", "3个", "省级文明社区"),
    # 净增 is a change of the measure named before it.
    ("财政总收入突破100亿元,净增41.1亿元。", "41.1亿元", "财政总收入净增"),
])
def test_honours_and_net_increases(text, raw, indicator):
    assert {m.raw_text: m.indicator for m in read_report(text).metrics}[raw] == indicator


@pytest.mark.parametrize("text, raw, indicator", [
    # A share of the plan, and the rate after it, are of the measure just given, not of the share.
    ("规上工业产值85亿元,占计划的102%,同比增长7%。", "102%", "规上工业产值占计划"),
    ("规上工业产值85亿元,占计划的102%,同比增长7%。", "7%", "规上工业产值同比增长"),
    ("税收收入1.2亿元,完成全年进度88%,同比增长5%。", "5%", "税收收入同比增长"),
    ("规上工业产值85亿元,占全市比重12%,同比增长7%。", "12%", "规上工业产值占全市比重"),
    ("规上工业产值85亿元,占全市比重12%,同比增长7%。", "7%", "规上工业产值同比增长"),
    # A comparison without its verb is a rate word.
    ("财政收入860万元,同比12.5%。", "12.5%", "财政收入同比"),
    # Members after 其中 too short to name a measure break down the one given before.
    ("农业总产值9.6亿元,增长4%,其中,种植业、畜牧业分别为5.1亿元、4.5亿元。", "4.5亿元", "农业总产值畜牧业"),
    # A bare action takes over the object the figure before named ahead of its verb.
    ("消防隐患排查120处,整改118处。", "118处", "整改消防隐患"),
    # Items listed after the first share the words before its number, not a predicate after them.
    ("为困难户送去120床棉被、80桶食用油、30箱牛奶。", "30箱", "困难户送去牛奶"),
    ("30余家商户、12家社会组织参加活动。", "30余家", "参加活动商户"),
    # The next placing of a contest is in the same contest.
    ("在全区运动会上获一等奖3个,二等奖5个。", "5个", "运动会上获二等奖"),
    # People drawn in took part in what the clause before named.
    ("举办“社区邻里节”,吸引1200余人参加。", "1200余人", "社区邻里节参加"),
    ("开办老年大学,吸引800人参加。", "800人", "老年大学参加"),
    ("开展文艺汇演3场,吸引2000余人观看。", "2000余人", "文艺汇演观看"),
    # A plan's resolve is no measure: the sentence's subject is.
    ("地区生产总值增长5%左右,力争达到190亿元。", "190亿元", "地区生产总值"),
    # A total of what was just counted.
    ("新谋划重点项目630个、总投资1280亿元。", "1280亿元", "新谋划重点项目总投资"),
    # Money spent and what it went on, the frame (开展…工作) left out.
    ("投资1600万元建设滑雪场游客接待大厅。", "1600万元", "投资建设滑雪场游客接待大厅"),
    ("全年投资60万元用于村内道路的整治;投资30万元开展文明创建零星工程维修工作。", "30万元", "投资文明创建零星工程维修"),
    ("全年投资60万元用于村内道路的整治;投资30万元开展文明创建零星工程维修工作。", "60万元", "投资村内道路的整治"),
    # A quoted name whole, though it opens with a measure word.
    ("完成“个转企”2239户、“小升规”114家。", "2239户", "个转企"),
])
def test_shares_of_plan_breakdowns_lists_and_participants(text, raw, indicator):
    assert {m.raw_text: m.indicator for m in read_report(text).metrics}[raw] == indicator


@pytest.mark.parametrize("text, raw, indicator", [
    # Breakdown words, borrowed actions, events and participation each need their own evidence:
    # an earlier 其中 is no breakdown of a later list; a phrase that opens with its own verb lends
    # no object, nor do people; a clause with no event, or of another sentence, names none; a
    # verb before the people says what brought them.
    ("社区共有居民3200户,其中常住户2100户,男、女分别为3300人、3100人。", "3300人", "女"),
    ("开展矛盾纠纷排查30次,化解28次。", "28次", "化解"),
    ("党员志愿者服务120人次,参与80人次。", "80人次", "参与"),
    ("联合辖区共建单位,动员200余人参与。", "200余人", "动员"),
    ("三、深化新时代文明实践。组织1500余人次参加。", "1500余人次", "组织"),
    ("选派30名机关干部参与疫情防控工作。", "30名", "选派机关干部"),
])
def test_rules_that_borrow_words_keep_to_their_evidence(text, raw, indicator):
    assert {m.raw_text: m.indicator for m in read_report(text).metrics}[raw] == indicator


def test_a_predicate_shared_by_a_list_is_written_once():
    assert [m.indicator.count("参加活动") for m in read_report("30余家商户、12家社会组织参加活动。").metrics] == [1, 1]


def test_a_rank_moved_in_a_ranking_is_no_count_of_people():
    parsed = read_report("营商环境评价由全省31位上升至12位,全市76位志愿者参加。综合考核排名较上年前进3位。"
                         "发放棉被200床。社区志愿者由80位增加至120位。")
    assert [(m.raw_text, m.unit) for m in parsed.metrics] == [
        ("76位", "person"), ("200床", "count"), ("80位", "person"), ("120位", "person")]
