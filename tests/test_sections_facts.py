from datetime import date

from extract.clean import clean_document
from extract.parse import parse_report
from extract.records import CleanedDocument, DocumentMeta


def parse(text, meta=None):
    return parse_report(CleanedDocument(clean_document(text).text, meta or DocumentMeta()))


def test_outline_nesting_and_parts():
    parsed = parse("""常青花园社区管理办公室 2020 年工作总结 及 2021 年度工作安排
第一部分:2020 年工作总结
一、战疫取得决定性胜利
组建 9 个工作组。
第二部分:2021 年工作安排
一、把握党建引领
(一)开展活动。举办一场活动。""")
    assert [(s.level, s.part, s.path) for s in parsed.sections] == [
        (1, "review", "第一部分:2020 年工作总结"),
        (2, "review", "第一部分:2020 年工作总结 > 一、战疫取得决定性胜利"),
        (1, "plan", "第二部分:2021 年工作安排"),
        (2, "plan", "第二部分:2021 年工作安排 > 一、把握党建引领"),
        (3, "plan", "第二部分:2021 年工作安排 > 一、把握党建引领 > (一)开展活动"),
    ]
    facts = parsed.facts
    assert (facts.org_name, facts.org_level, facts.report_year, facts.plan_year, facts.doc_type) == \
        ("常青花园社区管理办公室", "社管办", 2020, 2021, "summary_and_plan")


def test_district_is_split_from_the_organisation():
    facts = parse("金安区清水河街道2021年工作报告\n一、2021年主要工作开展情况\n新建3个站点。").facts
    assert (facts.district, facts.org_name, facts.org_level, facts.report_year) == ("金安区", "清水河街道", "街道", 2021)


def test_masked_years_in_headings_win_over_an_seo_title():
    facts = parse("2024年街道社区发展办工作总结和下半年工作计划例文\n一、xxxx年工作总结\n根据要求,兴隆街道完成x个。\n"
                  "二、xxxx年工作计划\n打造xxxx平方米菜地。").facts
    assert (facts.report_year, facts.plan_year) == (None, None)
    assert facts.org_name == "兴隆街道"


def test_no_title_means_null_title_and_org_from_the_text():
    parsed = parse("过去一年,全街上下奋力拼搏。\n一、2024年工作成效\n建优花山街社区基金会,推进幸福花山建设。\n"
                   "二、2025年工作计划\n奋力推进美丽花山建设。")
    assert parsed.facts.title is None
    assert (parsed.facts.report_year, parsed.facts.plan_year) == (2024, 2025)
    assert parsed.facts.org_name == "花山街道"


def test_published_date_comes_from_page_metadata():
    facts = parse("百花洲街道2021年工作总结\n2021年工作总结\n(一)优化营商环境\n对接企业104个。",
                  DocumentMeta(published_date=date(2022, 2, 8))).facts
    assert facts.published_date == date(2022, 2, 8)
    assert facts.doc_type == "summary"


def test_national_report_structure():
    parsed = parse("政府工作报告——2024年3月5日在第十四届全国人民代表大会第二次会议上\n各位代表:\n一、2023年工作回顾\n"
                   "国内生产总值超过126万亿元,增长5.2%。\n二、2024年经济社会发展总体要求和政策取向\n"
                   "三、2024年政府工作任务\n城镇新增就业1200万人以上。")
    assert parsed.facts.doc_type == "government_work_report"
    assert (parsed.facts.report_year, parsed.facts.plan_year) == (2023, 2024)
    assert [m.period_type for m in parsed.metrics] == ["actual", "actual", "plan"]


def test_a_report_without_headings_is_one_section():
    parsed = parse("今年以来,社区新建口袋公园3个,服务居民1200人次。")
    assert [(s.path, s.part, s.char_start, s.char_end) for s in parsed.sections] == \
        [("全文", "review", 0, len(parsed.cleaned_text))]
    assert {m.section_path for m in parsed.metrics} == {"全文"}


def test_doc_type_of_a_report_without_headings_comes_from_its_title():
    assert parse("幸福社区2025年工作计划\n今年将新建口袋公园3个。").facts.doc_type == "plan"
    # Without a title, a text that plans nothing reviews; one that does is left untyped.
    assert parse("今年以来,社区新建口袋公园3个。").facts.doc_type == "summary"
    assert parse("今年以来,社区新建口袋公园3个。明年我们将新建口袋公园5个,力争建成示范社区。").facts.doc_type is None


def test_district_government_work_report_names_its_district_not_a_street():
    facts = parse("政府工作报告——2024年1月10日在东湖区第十六届人民代表大会第四次会议上\n各位代表:\n"
                  "一、2023年工作回顾\n全区地区生产总值增长6%,百花洲街道新建公园3个,豫章街道新建公园2个。").facts
    assert (facts.org_name, facts.org_level, facts.doc_type) == ("东湖区", "区", "government_work_report")


def test_township_government_and_self_references():
    facts = parse("白沙乡人民政府2023年工作总结\n一、2023年工作成效\n全乡新建道路3条。").facts
    assert (facts.org_name, facts.org_level) == ("白沙乡", "乡")
    body = parse("过去一年,全镇上下奋力拼搏,黄桥镇新建道路3条,黄桥镇党委获评先进。\n一、2023年工作成效\n新建道路3条。").facts
    assert (body.org_name, body.org_level) == ("黄桥镇", "镇")


def test_organisation_from_a_byline_a_signature_or_a_name_jieba_cut():
    byline = parse("政府工作报告\n——2024年1月10日在鄞州区第十八届人民代表大会第四次会议上\n各位代表:\n"
                   "现在,我代表区人民政府向大会报告工作。\n一、2023年工作回顾\n新建公园3个。").facts
    assert (byline.org_name, byline.org_level, byline.report_year) == ("鄞州区", "区", 2023)
    signed = parse("关于2022年工作总结及2023年工作思路的报告\n一、2022年工作总结\n新建道路3条。\n"
                   "二、2023年工作思路\n新建道路5条。\n东城街道办事处\n2023年1月5日").facts
    assert (signed.org_name, signed.org_level) == ("东城街道", "街道")
    cut = parse("2022年,在区委、区政府的坚强领导下,青山镇全面完成各项目标任务,青山镇新建道路3条。").facts
    assert (cut.org_name, cut.org_level) == ("青山镇", "镇")


def test_organisation_from_year_first_titles_and_notices_that_quote_the_report():
    assert parse("2022年度桃源村工作总结\n全年新建道路2条。").facts.org_name == "桃源村"
    notice = parse("关于印发《石桥街道2024年工作要点》的通知\n一、总体要求\n新建公园3个。").facts
    # A plan reviews no year: its year is the plan's.
    assert (notice.org_name, notice.org_level, notice.report_year, notice.plan_year) == ("石桥街道", "街道", None, 2024)


def test_city_and_province_come_from_the_division_dataset():
    facts = parse("金安区清水河街道2021年工作报告\n一、2021年主要工作开展情况\n新建3个站点。").facts
    assert (facts.district, facts.city, facts.province) == ("金安区", "六安市", "安徽省")
    # 清水河街道 is one township of 金安区 in the statistical division codes: its own code.
    assert (facts.division_code, facts.place_conflict) == ("341502005", False)


def test_a_municipality_is_the_city_of_its_districts_and_namesakes_unplaced_are_flagged():
    # Two 江北区 in the country: the municipality the text names tells which.
    placed = parse("重庆市江北区2023年工作总结\n一、2023年工作回顾\n新建公园3个。").facts
    assert (placed.city, placed.province, placed.division_code, placed.shared_name) == \
        ("重庆市", "重庆市", "500105", False)
    unplaced = parse("江北区2023年工作总结\n一、2023年工作回顾\n新建公园3个。").facts
    assert (unplaced.org_name, unplaced.city, unplaced.shared_name) == ("江北区", None, True)
    # A town's namesakes are told apart by its own code, not by its county's.
    assert parse("沙沟镇2021年工作总结\n一、2021年工作回顾\n新建道路3条。").facts.shared_name


def test_a_township_named_twice_in_the_country_is_placed_by_the_county_the_text_names():
    # Several 红旗镇 in the country, one in 滦平县; the text names its county's committee, short.
    facts = parse("红旗镇2019年工作总结\n一、2019年工作回顾\n在滦平县委的领导下,新建道路3条。").facts
    assert (facts.district, facts.city, facts.division_code, facts.shared_name) == \
        ("滦平县", "承德市", "130824102", False)


def test_a_township_named_twice_is_placed_by_its_city_when_the_text_names_no_county():
    # 东莞 has no counties: its towns sit right under the city, which the text names short.
    town = parse("长安镇2022年工作总结\n一、2022年工作回顾\n在东莞市委的领导下,新建道路3条。").facts
    assert (town.district, town.city, town.province, town.division_code[:6], town.shared_name) == \
        (None, "东莞市", "广东省", "441900", False)
    named_city = parse("红旗镇2019年工作总结\n一、2019年工作回顾\n在承德市委的领导下,新建道路3条。").facts
    assert (named_city.district, named_city.city, named_city.division_code) == ("滦平县", "承德市", "130824102")


def test_a_parent_written_with_the_name_wins_over_the_dataset_and_is_flagged():
    facts = parse("合肥市金安区清水河街道2021年工作报告\n一、2021年主要工作开展情况\n新建3个站点。").facts
    assert (facts.district, facts.city, facts.province, facts.place_conflict) == ("金安区", "合肥市", "安徽省", True)
    assert facts.division_code == "340100"  # the city the report names, not the district it does not place there
    # A city only the body names (合肥市下达任务) is not the district's parent: the dataset's is, flagged.
    body = parse("金安区清水河街道2021年工作报告\n一、2021年主要工作开展情况\n合肥市下达任务,新建3个站点,"
                 "合肥市考核第一。").facts
    assert (body.district, body.city, body.province, body.place_conflict) == ("金安区", "六安市", "安徽省", True)


def test_district_from_the_page_publisher_and_stated_places():
    facts = parse("百花洲街道2021年工作总结\n2021年工作总结\n(一)优化营商环境\n按照南昌市要求,对接企业104个。",
                  DocumentMeta(publisher="东湖区百花洲街道")).facts
    assert (facts.org_name, facts.district, facts.city, facts.province) == ("百花洲街道", "东湖区", "南昌市", "江西省")
    # A township name the country has once is placed by its code; one it has many of is not.
    unique = parse("白沙乡2023年工作总结\n一、2023年工作成效\n全乡新建道路3条。").facts
    assert (unique.division_code[:6], unique.province) == ("522323", "贵州省")
    shared = parse("城关镇2023年工作总结\n一、2023年工作成效\n全镇新建道路3条。").facts
    assert (shared.district, shared.city, shared.province, shared.division_code) == (None, None, None, None)


def test_government_work_report_without_title_names_the_government_it_speaks_for():
    facts = parse("各位代表:\n现在,我代表龙岗区人民政府向大会作工作报告,请予审议。\n一、2024年工作回顾\n"
                  "实现地区生产总值5901亿元。\n二、2025年工作安排\n新增就业1万人。").facts
    assert (facts.org_name, facts.org_level, facts.doc_type) == ("龙岗区", "区", "government_work_report")
    assert (facts.report_year, facts.plan_year) == (2024, 2025)
    national = parse("各位代表:\n现在,我代表国务院,向大会报告政府工作,请予审议。\n一、2021年工作回顾\n粮食产量1.37万亿斤。").facts
    assert (national.org_name, national.org_level) == ("国务院", "国家")


def test_masked_organisation_is_null_but_keeps_its_level():
    facts = parse("XX镇2023年政府工作报告\n各位代表:\n现在,我代表XX镇人民政府向大会报告工作。\n一、2023年工作回顾\n"
                  "完成地区生产总值XX亿元。").facts
    assert facts.org_name is None and facts.org_level == "镇"
    assert parse("XX村2023年工作总结\n一、主要工作\n流转土地xx亩。").facts.org_name is None


def test_honours_are_not_the_organisation():
    facts = parse("镇人民政府2023年政府工作报告\n一、2023年工作回顾\n全镇获得国家级卫生镇、全国文明镇等荣誉称号。").facts
    assert facts.org_name is None


def test_a_plan_without_headings_is_a_plan():
    parsed = parse("幸福社区2025年工作计划\n今年将新建口袋公园3个。")
    assert [s.part for s in parsed.sections] == ["plan"]
    assert parsed.metrics[0].period_type == "plan"


def test_title_declares_both_parts_even_when_only_one_heading_is_found():
    facts = parse("昌硕街道2022年工作总结和2023年工作计划\n一、2022年工作回顾\n完成财政收入12.8亿元。").facts
    assert (facts.doc_type, facts.report_year, facts.plan_year) == ("summary_and_plan", 2022, 2023)


def test_publisher_with_office_suffix_gives_the_district():
    facts = parse("人民路街道2023年工作总结\n一、2023年工作成效\n新建口袋公园3个。",
                  DocumentMeta(publisher="白银区人民路街道办事处")).facts
    assert (facts.org_name, facts.district) == ("人民路街道", "白银区")


def test_a_section_runs_from_its_heading_through_its_subsections():
    parsed = parse("某街道2023年工作总结\n一、2023年工作成效\n(一)经济发展\n完成收入3亿元。\n二、2024年工作计划\n新建公园2个。")
    text = parsed.cleaned_text
    spans = [(s.heading, text[s.char_start:s.char_end]) for s in parsed.sections]
    assert spans == [("一、2023年工作成效", "一、2023年工作成效\n(一)经济发展\n完成收入3亿元。\n"),
                     ("(一)经济发展", "(一)经济发展\n完成收入3亿元。\n"),
                     ("二、2024年工作计划", "二、2024年工作计划\n新建公园2个。")]


def test_text_before_the_first_heading_is_the_preamble():
    parsed = parse("某街道2023年工作总结\n过去一年,全街新建公园3个。\n一、2023年工作成效\n新建道路2条。")
    preamble, review = parsed.sections
    assert (preamble.heading, preamble.part, preamble.level) == ("前言", "preamble", 1)
    assert parsed.cleaned_text[preamble.char_start:preamble.char_end] == "过去一年,全街新建公园3个。\n"
    assert [(m.raw_text, m.section_path, m.period_type) for m in parsed.metrics] == [
        ("3个", "前言", "actual"), ("2条", "一、2023年工作成效", "actual")]
    assert parsed.facts.doc_type == "summary"


def test_a_review_heading_that_names_its_tasks_is_still_the_review():
    parsed = parse("某镇2022年工作总结\n一、2022年目标任务完成情况\n新建道路3条。\n二、2023年工作打算\n新建道路5条。")
    assert [s.part for s in parsed.sections] == ["review", "plan"]
    assert [m.period_type for m in parsed.metrics] == ["actual", "plan"]


def test_a_place_name_resolves_like_jionlp_reads_it():
    from extract.parse import places

    # Unique full names go by the dataset's own index; shared names and aliases by JioNLP.
    for name in ("金安区", "东西湖区", "莲池区", "仙桃市", "湖北省", "武汉市", "鼓楼区", "武汉"):
        found = places._jionlp().parse_location(name)
        assert places.resolve(name) == (found.get("city"), found.get("province")), name
    assert places.resolve("仙桃市") == (None, "湖北省")  # governed by the province directly


def _org_of(body: str) -> str | None:
    return parse_report(CleanedDocument(text=body, meta=DocumentMeta())).facts.org_name


def test_a_small_place_the_dictionary_lacks_is_taken_when_the_report_keeps_naming_it():
    # No title: the organisation is in the body only, and 西店 is no word jieba knows.
    paragraphs = ["2022年，西店街道在呼兰区委的坚强领导下，扎实推进各项工作。",
                  "一、2022年工作开展情况",
                  "西店街道聚焦中心工作，检查企业427家。",
                  "西店街道围绕中心工作，新建社区食堂3个。"]
    assert _org_of("\n".join(paragraphs)) == "西店街道"
    # Named once, an unknown word is not trusted to be a place: 现将镇 reads like one too.
    assert _org_of("\n".join(paragraphs[:2] + ["聚焦中心工作，检查企业427家。"])) is None
    # A preposition jieba glued to the name is not part of it, and districts come from the data.
    assert _org_of("\n".join(["在全区开展工作。"] * 5)) is None


def test_a_title_the_layout_breaks_after_its_conjunction_opens_no_plan_part():
    parsed = parse("桃园镇2020年工作总结及2021年工作计划\n说明:文章内容仅供预览。\n桃园镇2020年工作总结及\n2021年工作计划\n"
                   "今年以来,全镇上下团结奋进。\n一、基本情况\n"
                         "2020年,全镇完成农业总产值2400万元,较上年增长12%。")
    assert [s.part for s in parsed.sections if s.heading != "前言"] == ["review"]
    assert {m.period_type for m in parsed.metrics} == {"actual"}


def test_a_heading_after_a_line_ending_in_a_word_with_a_conjunctions_character_is_still_a_heading():
    parsed = parse("桃园镇2023年工作总结\n一、2023年工作回顾\n(三)推进全民健身普及\n二、2024年工作计划\n"
                   "2024年,全镇将新建道路10公里。")
    assert [s.part for s in parsed.sections][-1] == "plan"
