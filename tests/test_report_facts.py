"""Report facts as real pages present them: chrome around the title, texts cut mid-document,
government work reports dated by their delivery, names written with their parents."""
from datetime import date

import pytest

from extract.clean import clean_document
from extract.document import read_report
from extract.parse import parse_report
from extract.parse.measure import measure_of, words_before
from extract.parse.names import OrgName, read_name
from extract.records import CleanedDocument, DocumentMeta


def facts(text, meta=None):
    cleaned = clean_document(text)
    return parse_report(CleanedDocument(cleaned.text, meta or cleaned.meta)).facts


@pytest.mark.parametrize("written, expected", [
    ("珠海市斗门区", OrgName("斗门区", "区", ("珠海市",))),
    ("斗门区人民政府", OrgName("斗门区", "区")),
    ("人民政府金安区清水河街道办事处", OrgName("清水河街道", "街道", ("金安区",))),
    ("导航菜单(东光县)连镇", OrgName("连镇", "镇", ("东光县",))),
    ("武汉市东西湖区常青花园社区", OrgName("常青花园社区", "社区", ("武汉市", "东西湖区"))),
    ("镇江路街道", OrgName("镇江路街道", "街道")),  # starts like a city, is not one
    ("宜都市", OrgName("宜都市", "县级市")),
    ("市中区", OrgName("市中区", "区")),
])
def test_a_written_name_is_the_body_and_its_parents(written, expected):
    assert read_name(written) == expected


@pytest.mark.parametrize("written", ["一、", "XX镇", "*街道", "某某镇", "全区", "镇政府", "街道", "各社区"])
def test_markers_generic_words_and_masked_names_are_no_name(written):
    assert read_name(written) is None


def test_a_section_heading_is_not_a_title_and_a_text_cut_mid_document_keeps_its_org():
    found = facts("一、2022年工作总结\n2022年,桃园镇全面完成各项目标任务,我镇新建道路3条,桃园镇获评先进。\n"
                  "二、2023年工作计划\n新建道路5条。")
    assert found.title is None
    assert (found.org_name, found.report_year, found.plan_year, found.doc_type) == \
        ("桃园镇", 2022, 2023, "summary_and_plan")


def test_page_chrome_and_parents_are_not_the_name():
    found = facts("导航菜单\n长沙县星沙街道2021年工作总结及2022年工作计划\n2021年以来,星沙街道扎实推进各项工作。")
    assert (found.title, found.org_name, found.district) == \
        ("长沙县星沙街道2021年工作总结及2022年工作计划", "星沙街道", "长沙县")
    assert (found.city, found.province) == ("长沙市", "湖南省")
    shared = facts("分享\n庄桥街道2021年上半年工作总结和下半年工作思路.docx\n下载文档\n一、上半年工作回顾\n新建公园3个。")
    assert (shared.title, shared.org_name) == ("庄桥街道2021年上半年工作总结和下半年工作思路", "庄桥街道")
    assert (shared.report_year, shared.plan_year, shared.doc_type) == (2021, 2021, "summary_and_plan")


def test_a_column_name_above_the_title_is_not_the_title():
    found = facts("政府工作报告\n东湖区2024年政府工作报告\n各位代表:\n现在,我代表区人民政府向大会报告工作。")
    assert found.title == "东湖区2024年政府工作报告"
    spaced = facts("政 府 工 作 报 告\n——2020年4月29日在塔坊镇第十四届人民代表大会第四次会议上\n各位代表:\n"
                   "现在,我代表镇人民政府向大会作工作报告。\n一、2019年工作回顾\n新建道路3条。")
    assert (spaced.title, spaced.org_name, spaced.published_date) == ("政 府 工 作 报 告", "塔坊镇", date(2020, 4, 29))
    assert (spaced.report_year, spaced.plan_year, spaced.doc_type) == (2019, 2020, "government_work_report")


def test_a_government_work_report_reviews_the_year_before_it_is_delivered():
    found = facts("2019年政府工作报告\n各位代表:\n现在,我代表鄞州区人民政府向大会报告工作。\n一、过去一年工作回顾\n"
                  "新建公园3个。\n二、今年工作安排\n新建公园5个。")
    assert (found.org_name, found.report_year, found.plan_year) == ("鄞州区", 2018, 2019)
    # Delivered in December, at the end of the year it reviews: the heading says which year.
    december = facts("政府工作报告(2021年)\n——2021年12月20日在五河县第十八届人民代表大会第一次会议上\n各位代表:\n"
                     "一、2021年和本届政府工作回顾\n新建道路3条。")
    assert (december.org_name, december.report_year, december.plan_year) == ("五河县", 2021, 2022)


def test_the_opening_announces_a_plan_part_and_dates_the_review():
    found = facts("下沙街道2022年半年度工作总结\n今年以来,下沙街道扎实推进各项工作。现将2022年上半年工作进度及下半年工作计划"
                  "公布如下:\n一、上半年主要工作回顾\n新建公园3个。")
    assert (found.report_year, found.plan_year, found.doc_type) == (2022, 2022, "summary_and_plan")
    untitled = facts("即将过去的2020年是极不寻常的一年。全镇新建道路3条。")
    assert untitled.report_year == 2020


def test_a_development_zone_in_the_title_loses_to_the_street_the_text_calls_its_own():
    found = facts("经开区2022年工作总结\n2022年,我街道在经开区党工委领导下扎实工作。凤凰街道新建道路3条,凤凰街道获评先进,"
                  "凤凰街道新增企业5家。")
    assert (found.org_name, found.org_level) == ("凤凰街道", "街道")


def test_a_district_publisher_does_not_name_a_street_report():
    found = facts("2022年工作总结\n2022年,我街道新建道路3条。", DocumentMeta(publisher="东湖区人民政府"))
    assert found.org_name != "东湖区"
    own = facts("2022年工作总结\n2022年,我区新建道路3条。", DocumentMeta(publisher="东湖区人民政府"))
    assert (own.org_name, own.district) == ("东湖区", "东湖区")


def test_a_congress_line_with_a_space_names_the_government():
    found = facts("政府工作报告\n——2021年1月12日在珠海市斗门区 第十届人民代表大会第五次会议上\n各位代表:\n"
                  "现在,我代表区人民政府向大会报告工作,请予审议。\n一、2020年工作回顾\n新建公园3个。")
    assert (found.org_name, found.district, found.doc_type, found.report_year, found.plan_year) == \
        ("斗门区", "斗门区", "government_work_report", 2020, 2021)


def test_a_government_answering_to_its_congress_reports_to_it_even_without_its_byline():
    # The text starts at its first heading, run into its paragraph on a flattened page.
    found = facts("一、2023年工作回顾 这一年,全镇上下在镇人大及其主席团的监督下,新建道路3条、公园2个。")
    assert (found.org_level, found.doc_type, found.report_year, found.plan_year) == \
        ("镇", "government_work_report", 2023, 2024)
    humble = facts("各位代表:\n现在,我谨代表镇人民政府,向大会作工作报告,请予审议。\n一、过去五年工作回顾\n全镇新建道路3条。")
    assert humble.doc_type == "government_work_report"


def test_a_street_reporting_to_its_residents_council_gives_no_government_work_report():
    found = facts("石桥街道办事处工作报告\n(2025年1月10日在石桥街道第三届居民议事会第二次会议上)\n各位议事员:\n"
                  "现在,我代表石桥街道办事处向大会作工作报告,请予审议。\n一、2024年工作回顾\n新建公园3个。\n"
                  "二、2025年工作安排\n新建道路2条。")
    assert (found.org_name, found.doc_type, found.report_year, found.plan_year) == \
        ("石桥街道", "summary_and_plan", 2024, 2025)


def test_traditional_characters_read_as_simplified():
    found = facts("現在,我代表南開區人民政府,向大會作政府工作報告,請予審議。\n2009年工作回顧\n全區新建公園3個。")
    assert (found.org_name, found.doc_type, found.report_year, found.plan_year) == \
        ("南开区", "government_work_report", 2009, 2010)


def test_a_traditional_report_keeps_its_script_in_its_indicators_only():
    simplified = read_report("南开区2009年工作总结\n全区地区生产总值达到120亿元,增长8%。")
    traditional = read_report("南開區2009年工作總結\n全區地區生產總值達到120億元,增長8%。")
    assert traditional.facts == simplified.facts
    assert [m.indicator for m in simplified.metrics] == ["地区生产总值", "地区生产总值增长"]
    assert [m.indicator for m in traditional.metrics] == ["地區生產總值", "地區生產總值增長"]


@pytest.mark.parametrize("before, unit, raw, expected", [
    ("一般公共预算收入9.05亿元,同比增长", "percent", "25.08%", ("change", "up")),
    ("社会消费品零售总额12.5亿元,下降", "percent", "3.2%", ("change", "down")),
    ("规上工业增加值增速", "percent", "16%以上", ("change", "up")),
    ("比上年增加", "CNY", "1200万元", ("change", "up")),
    ("较上年减少", "person", "300人", ("change", "down")),
    ("人均可支配收入较“十三五”末增加", "CNY", "9784元", ("change", "up")),
    ("人均可支配收入较“十三五”末分别增加9784元、", "CNY", "7408元", ("change", "up")),  # a list of amounts
    ("全县生产总值比增", "percent", "5.1%", ("change", "up")),       # the shorthand of 比上年增长
    ("城乡居民人均可支配收入分别增长4.5%、", "percent", "9%", ("change", "up")),  # a list's later member
    ("提高", "percent", "9个百分点", ("change", "up")),
    ("新增就业", "person", "2611人", ("level", None)),  # what was added is an amount
    ("农牧民人均纯收入增加", "CNY", "1024元", ("change", "up")),  # the measure named rose by it
    ("居民人均可支配收入五年增加", "CNY", "20865元", ("change", "up")),
    ("财政收入减少", "CNY", "200万元", ("change", "down")),
    ("新增加企业", "count", "3家", ("level", None)),
    ("占全区的", "percent", "37%", ("ratio", None)),
    ("森林覆盖率提高到", "percent", "35%", ("ratio", None)),  # the rate reached, not the change
    ("完成年度目标的", "percent", "102.6%", ("ratio", None)),
    ("规上工业增加值", "CNY", "5亿元", ("level", None)),
])
def test_measure_and_direction_come_from_the_words_before_the_number(before, unit, raw, expected):
    text = before + raw
    assert measure_of(words_before(text, len(before)), unit, raw) == expected


def test_a_period_stated_at_the_start_of_a_statement_scopes_every_figure_in_it():
    text = "白杨街道2022年工作总结\n一、工作成效\n今年1-11月,街道实现财政总收入18.35亿元;一般公共预算收入9.05亿元。全年新建公园3个。"
    parsed = read_report(text)
    assert [(m.raw_text, m.scope) for m in parsed.metrics] == [
        ("18.35亿元", "1-11月"), ("9.05亿元", "1-11月"), ("3个", "全年")]


@pytest.mark.parametrize("phrase, expected", [
    ("略略支柱企业", "支柱企业"),                      # a redacted name's placeholder
    ("“略电子商务进农村便民网点", "电子商务进农村便民网点"),
    ("税收预计", "税收"),                              # the reporting verb is not what was measured
    ("“四上”企业", "四上企业"),
    ("战略性新兴产业产值", "战略性新兴产业产值"),          # 略 inside a word stays
])
def test_an_indicator_phrase_keeps_no_quotes_redaction_marks_or_reporting_verbs(phrase, expected):
    from extract.parse.indicator import tidy

    assert tidy(phrase) == expected


def test_a_new_governments_report_reviews_its_term_up_to_the_year_it_is_delivered_in():
    found = facts("政府工作报告\n——2021年11月18日在临夏县第十八届人民代表大会第一次会议上\n各位代表:\n"
                  "现在,我代表临夏县人民政府,向大会报告工作。\n十七届人民政府工作回顾\n2016年以来,全县新建道路3条。")
    assert (found.org_name, found.report_year, found.plan_year) == ("临夏县", 2021, 2022)
    dated = facts("政府工作报告\n——在金碧镇第十四届人民代表大会第七次会议上\n2025年1月3日\n各位代表:\n"
                  "2024年,是关键一年。全镇新建道路3条。")
    assert (dated.org_name, dated.report_year, dated.plan_year) == ("金碧镇", 2024, 2025)


def test_what_the_opening_announces_dates_and_types_an_untitled_text():
    review = facts("在南湖街道的领导下,我社区居委会认真开展工作,现将2024年度工作情况汇报如下:\n一、居委会综合事务\n"
                   "开展活动3场。")
    assert (review.report_year, review.plan_year, review.doc_type) == (2024, None, "summary")
    both = facts("2023年,在市委领导下,街道上下团结一心,新建公园3个。2024年,要坚定信心决心,新建公园5个。")
    assert (both.report_year, both.plan_year, both.doc_type) == (2023, 2024, "summary_and_plan")


def test_a_title_run_into_its_first_paragraph_is_still_the_title():
    found = facts("2020年街道下半年工作计划 2020年是全面建成小康之年。街道将新建公园3个。")
    assert (found.title, found.report_year, found.plan_year, found.doc_type) == \
        ("2020年街道下半年工作计划", None, 2020, "plan")


def test_a_town_known_only_by_its_bare_name_is_named_by_the_division_data():
    # 孙岗 is no word of the dictionary; the country has a 孙岗镇, and the report speaks as a 镇.
    found = facts("政府工作报告\n各位代表:\n现在,我代表镇人民政府,向大会报告工作。\n一、2020年工作回顾\n"
                  "2020年是孙岗发展进程中极不寻常的一年,全镇上下奋力拼搏,幸福孙岗建设迈出新步伐。")
    assert (found.org_name, found.org_level) == ("孙岗镇", "镇")
    # A county's name the dictionary knows, but rarely (黎平 is no common word as 新建 is).
    county = facts("政 府 工 作 报 告\n(2023年1月6日在县第十八届人民代表大会第二次会议上)\n各位代表:\n"
                   "现在,我代表县人民政府向大会报告工作。\n一、2022年工作回顾\n2022年是黎平发展史上极不平凡的一年,"
                   "全县上下奋力拼搏,黎平大地日新月异。")
    assert (county.org_name, county.org_level) == ("黎平县", "县")
    # A template that masks its town's name is not given one.
    masked = facts("x镇2022年工作总结\n一、2022年工作回顾\n我镇新建道路3条,孙岗发展,幸福孙岗。")
    assert (masked.org_name, masked.org_level) == (None, "镇")  # who is hidden, not what


def test_a_half_year_report_takes_the_year_of_its_half_even_before_a_congress():
    delivered = facts("颛桥镇人民政府半年工作情况报告 ——2022年7月28日在颛桥镇第六届人民代表大会第二次会议上 镇长 李小山\n"
                      "各位代表:\n一、2022年上半年工作情况\n上半年新建道路3条。")
    assert (delivered.title, delivered.report_year, delivered.doc_type) == \
        ("颛桥镇人民政府半年工作情况报告", 2022, "government_work_report")
    # A title that leaves out 年 still dates it.
    bare = facts("2021七宝镇上半年政府工作报告\n2021上半年主要工作回顾\n上半年新建道路3条。")
    assert (bare.org_name, bare.report_year) == ("七宝镇", 2021)
    # A 街道 has no congress: its 政府工作报告 is a review; a half-year plan has no year reviewed.
    street = facts("中山街道2023年上半年政府工作报告\n2023年是开局之年。1-5月,新建道路3条。")
    assert (street.report_year, street.doc_type) == (2023, "summary")
    plan = facts("2020年街道下半年工作计划 2020年是全面建成小康之年。街道将新建公园3个。")
    assert (plan.report_year, plan.plan_year, plan.doc_type) == (None, 2020, "plan")


@pytest.mark.parametrize("opening, expected", [
    ("桥头镇2023年度政府工作报告各位代表:现在,我代表桥头镇人民政府,向大会报告工作。", ("桥头镇2023年度政府工作报告", 2022)),
    ("乡人民政府2022年上半年工作汇报在县委、县政府的正确领导下,乡各项工作稳步推进。", ("乡人民政府2022年上半年工作汇报", 2022)),
    ("七宝镇人民政府工作报告 ——2024年1月10日七宝镇第二十届 人民代表大会第五次会议上 镇长 吴昌飞\n各位代表:\n"
     "现在,我代表七宝镇人民政府,向大会报告工作。", ("七宝镇人民政府工作报告", 2023)),
    ("汇溪镇2017-2021年工作总结\n过去五年,是汇溪发展进程中极不平凡的五年。", ("汇溪镇2017-2021年工作总结", 2021)),
    ("政务公开为提高政府工作的透明度,及时发布信息。\n宝安区新安街道办事处2020年上半年工作报告及下半年工作计划\n"
     "一、上半年工作情况\n新建道路3条。", ("宝安区新安街道办事处2020年上半年工作报告及下半年工作计划", 2020)),
])
def test_titles_run_into_their_byline_or_after_a_column_blurb_are_found_and_dated(opening, expected):
    found = facts(opening)
    assert (found.title, found.report_year) == expected


def test_a_street_named_like_a_district_is_a_street():
    # 攀枝花 has a district called 西区: 西区街道 of 中山 is a 街道 all the same.
    found = facts("西区街道2024年工作总结\n一、2024年工作成效\n新建公园3个。", DocumentMeta(publisher="中山市人民政府西区街道办事处"))
    assert (found.org_name, found.org_level) == ("西区街道", "街道")


def test_an_undated_report_given_at_the_turn_of_the_year_reviews_the_year_it_opens_on():
    turn = facts("2019年梨树县政府工作报告\n——在梨树县第十八届人民代表大会第四次会议上\n各位代表:\n"
                 "现在,我代表县人民政府,向大会报告工作。\n一、过去一年政府工作成效显著\n"
                 "2019年,是我县经济社会发展非同寻常的一年。全县新建道路3条。")
    assert (turn.report_year, turn.plan_year) == (2019, 2020)
    # Without such an opening the title's year is the delivery's: the review is of the year before.
    usual = facts("2019年梨树县政府工作报告\n——在梨树县第十八届人民代表大会第四次会议上\n各位代表:\n"
                  "现在,我代表县人民政府,向大会报告工作。\n一、过去一年政府工作成效显著\n全县新建道路3条。")
    assert (usual.report_year, usual.plan_year) == (2018, 2019)


@pytest.mark.parametrize("title", ["桃源街道2021年社代会报告", "2021年桃源街道社区代表大会上的报告",
                                   "桃源街道社代会工作报告 2021-02-03"])
def test_a_streets_report_to_its_residents_congress_reviews_and_plans(title):
    found = facts(f"{title}\n各位代表:\n现在,我代表桃源街道办事处向大会作工作报告,请予审议。\n"
                  "一、2020年工作回顾\n2020年,街道新建公园3个。")
    assert (found.title, found.org_name, found.doc_type) == (title.split(" ")[0], "桃源街道", "summary_and_plan")
    assert (found.report_year, found.plan_year) == (2020, 2021)


@pytest.mark.parametrize("heading", ["2018-2020年工作回顾", "2018—2020工作回顾", "2018年至2020年工作总结"])
def test_a_terms_review_on_a_line_of_its_own_is_dated_by_its_last_year(heading):
    found = facts(f"桃源街道社代会报告\n各位代表:\n现在,我代表桃源街道办事处向大会作工作报告。\n{heading}\n"
                  "2018年以来,街道新建公园3个。")
    assert (found.report_year, found.plan_year) == (2020, 2021)


def test_a_work_direction_in_the_title_is_a_plan():
    found = facts("桃源镇2023年工作总结及2024年工作方向\n一、2023年工作成效\n新建公园3个。")
    assert (found.doc_type, found.report_year, found.plan_year) == ("summary_and_plan", 2023, 2024)
