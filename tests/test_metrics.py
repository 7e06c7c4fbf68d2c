import pytest

from extract.clean import clean_document
from extract.parse import parse_report
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
])
def test_metric_forms(text, expected):
    text = clean_document(text).text
    assert spans(text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("深入xx个公寓xxxx余户", [("xx个", None, "count", "个", "exact", True),
                          ("xxxx余户", None, "household", "户", "more_than", True)]),
    ("调减比例达xx.xx%", [("xx.xx%", None, "percent", None, "exact", True)]),
    ("资金达xxx.x万元", [("xxx.x万元", None, "CNY", None, "exact", True)]),
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
])
def test_non_metrics_are_not_extracted(text):
    assert spans(clean_document(text).text) == []


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
    parsed = parse_report(clean_document(REPORT))
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
    ("实现年收入1.19亿元,同比增长26.8%。", "26.8%", "实现年收入同比增长"),
    ("完成全年任务(13963.07万元)进度的71.20%。", "13963.07万元", "全年任务"),
    ("推出11个升级示范样板,获评全区首个市级儿童友好社区。", "11个", "推出升级示范样板"),
    ("共6支231人的志愿服务分队", "231人", "志愿服务分队"),
    ("投入 1400 万元启动雪亮工程建设", "1400 万元", "投入启动雪亮工程建设"),
])
def test_indicator_rules(text, raw, indicator):
    parsed = parse_report(clean_document(text))
    assert {m.raw_text: m.indicator for m in parsed.metrics}[raw] == indicator


def test_malformed_chinese_numerals_are_skipped_not_fatal():
    assert spans("十十万人次和万万亿元") == []


@pytest.mark.parametrize("text, indicator", [
    ("常住人口城镇化率提高到66.2%。", "常住人口城镇化率"),
    ("赤字率拟按3%安排。", "赤字率"),
    ("城镇调查失业率平均为5.2%。", "城镇调查失业率"),
])
def test_words_introducing_a_level_are_not_part_of_the_indicator(text, indicator):
    assert parse_report(clean_document(text)).metrics[0].indicator == indicator
