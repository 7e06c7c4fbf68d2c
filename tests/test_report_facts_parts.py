"""Report facts from how the genre lays out its parts, names and places: rules written from
synthetic sentences in the genre's form (issue 14)."""
from collections import Counter

import pytest

from extract.clean import clean_document
from extract.parse import parse_report
from extract.parse.facts import own_level
from extract.parse.names import OrgName, read_name
from extract.parse.places import locate
from extract.parse.title import find_title
from extract.records import CleanedDocument, DocumentMeta


def facts(text, meta=None):
    cleaned = clean_document(text)
    return parse_report(CleanedDocument(cleaned.text, meta or cleaned.meta)).facts


def test_a_numbered_review_part_announces_the_plan_part_the_excerpt_cuts_off():
    found = facts("一、2022年工作总结\n2022年,桃园镇全面完成各项目标任务,我镇新建道路3条。\n"
                  "(一)经济发展稳中有进。全年新建公园2个。")
    assert (found.report_year, found.plan_year, found.doc_type) == (2022, 2023, "summary_and_plan")


def test_a_review_part_in_a_summary_the_title_or_opening_declares_stays_a_summary():
    titled = facts("桃园镇2022年工作总结\n2022年,我镇扎实推进各项工作。\n一、2022年工作总结\n新建道路3条。")
    assert (titled.plan_year, titled.doc_type) == (None, "summary")
    announced = facts("2022年,桃园镇扎实推进各项工作,现将2022年工作情况总结如下。\n一、2022年工作总结\n"
                      "新建道路3条。")
    assert (announced.plan_year, announced.doc_type) == (None, "summary")


def test_a_dated_opening_names_its_subject_once_and_that_is_the_body():
    found = facts("2022年是极不平凡的一年,面对复杂的外部环境,新塘镇始终坚持稳中求进,在区委的坚强领导下完成各项任务。\n"
                  "(一)经济发展稳中有进。全年新建公园2个,全镇新增企业5家。")
    assert (found.org_name, found.org_level) == ("新塘镇", "镇")
    street = facts("一、2023年工作总结\n今年以来,丰台街道在区委区政府的坚强领导下,扎实推进各项工作。\n新建公园2个。")
    assert (street.org_name, street.org_level) == ("丰台街道", "街道")


def test_an_opening_clause_that_names_no_real_town_is_no_name():
    found = facts("2022年,特色小镇坚持高标准建设,全年新建公园2个。\n(一)经济发展稳中有进。")
    assert found.org_name is None


def test_a_county_with_namesakes_is_the_one_in_the_province_the_report_states():
    assert (locate(Counter({"江西省": 2, "全区": 5}), "西湖区").city) == "南昌市"
    assert locate(Counter({"全区": 5}), "西湖区").city is None  # nothing tells 南昌's from 杭州's


def test_a_short_name_that_is_a_common_noun_does_not_place_a_township():
    placed = locate(Counter({"滨海新区": 1, "新区": 2}), None, "大港街道")
    assert (placed.district, placed.city) == ("滨海新区", "天津市")
    assert locate(Counter({"新区": 2}), None, "大港街道").division_code is None


def test_a_city_the_text_went_to_does_not_place_a_township_it_does_not_hold():
    # 赴深圳市开展招商推介: 深圳 holds no 市桥街道; the province's one 市桥街道 is 广州's.
    placed = locate(Counter({"深圳市": 1}), None, "市桥街道")
    assert (placed.district, placed.city, placed.province) == ("番禺区", "广州市", "广东省")
    # 广东's two 石城镇 are not in 深圳 either: the city goes, and nothing tells which 石城镇.
    several = locate(Counter({"深圳市": 1}), None, "石城镇")
    assert (several.city, several.province, several.division_code) == (None, "广东省", "440000")


def test_a_quoted_run_is_a_gap_between_the_names_around_it():
    # Without the gap, 广州市 and 镇 of 广州市“五好”镇(街) would read as a town 广州市镇.
    found = facts("今年以来,街道扎实推进各项工作。\n广州市“五好”镇(街)公共卫生委员会创建成功,广州市“五好”镇(街)"
                  "验收通过,广州市“五好”镇(街)示范点3个。")
    assert found.org_name != "广州市镇"


def test_a_rank_within_the_district_is_no_self_reference():
    assert own_level("市桥街GDP总量全区第六,增速全区第三,全区唯一获评示范街道")[0] is None
    assert own_level("全区第一产业增加值增长3%,全区新建公园3个")[0] == "区"
    found = facts("今年以来,市桥街认真落实区委部署,经济运行持续恢复。\n"
                  "2024年,市桥街GDP总量全区第六,增速全区第三,市场主体4.6万户,位居全区第四。\n"
                  "番禺区文化馆市桥街道分馆建成,广州市“五好”镇(街)公共卫生委员会创建成功。")
    assert (found.org_name, found.org_level) == ("市桥街道", "街道")


def test_a_partner_city_the_body_names_does_not_move_a_county_the_dataset_places():
    # 与佛山市对口协作: 突泉县 is 兴安盟's; a parent written with the name still overrides the dataset.
    placed = locate(Counter({"佛山市": 1, "突泉县": 3}), "突泉县")
    assert (placed.city, placed.province, placed.conflict) == ("兴安盟", "内蒙古自治区", True)
    written = locate(Counter({"佛山市": 1, "突泉县": 3}), "突泉县", parents=("佛山市",))
    assert (written.city, written.province) == ("佛山市", "广东省")


def test_a_banner_written_short_is_the_banner_of_the_division_data():
    assert read_name("科左后旗人民政府") == OrgName("科尔沁左翼后旗", "旗")
    assert read_name("察右前旗").name == "察哈尔右翼前旗" and read_name("奈曼旗").name == "奈曼旗"


def test_masked_years_of_the_announced_parts_leave_the_parts_and_no_years():
    found = facts("今年以来,社区在街道党工委、办事处的正确领导下,取得了一定的工作成绩。"
                  "现将社区XX年工作开展情况和XX年工作打算汇报如下:\n一、XX年工作开展情况\n新发展党员2人。")
    assert (found.doc_type, found.report_year, found.plan_year) == ("summary_and_plan", None, None)


def test_a_text_that_opens_by_placing_its_township_is_that_township():
    found = facts("茶园乡地处兴国县城西北部,东毗隆坪乡,南接高兴镇,是兴国西部的边远山区乡。全乡辖12个行政村。\n"
                  "一、基本情况介绍\n富足村红薯干加工厂年销量100万斤以上。")
    assert (found.org_name, found.district, found.city) == ("茶园乡", "兴国县", "赣州市")


def test_a_county_a_site_tags_the_title_with_is_the_townships_parent():
    found = facts("(巢湖市)2021年坝镇人民政府工作报告(全文)\n各位代表:\n现在,我代表坝镇人民政府向大会报告工作。\n"
                  "2020年和“十三五”工作回顾\n2020年,我镇在市委、市政府的领导下,新建道路3条。")
    assert (found.org_name, found.district, found.city, found.province) == ("坝镇", "巢湖市", "合肥市", "安徽省")


def test_namesake_townships_in_two_provinces_are_told_apart_by_the_province_named_bare():
    # 泗城镇: one in 泗县 (安徽), one in 凌云县 (广西).
    assert locate(Counter({"安徽": 1}), None, "泗城镇").district == "泗县"
    assert locate(Counter({"广西": 1}), None, "泗城镇").district == "凌云县"
    assert locate(Counter(), None, "泗城镇").division_code is None


def test_a_mid_year_congress_reviewing_the_year_so_far_plans_the_rest_of_it():
    body = ("丰林镇政府工作报告\n─在{date}丰林镇第七届人民代表大会第三次会议上\n各位代表:\n"
            "现在,我代表镇人民政府向大会报告政府工作,请予审议。\n今年以来工作回顾\n\n今年以来,丰林镇在县委、县政府的坚强领导下,新建道路3条。")
    august = facts(body.format(date="2022年8月31日"))
    assert (august.report_year, august.plan_year) == (2022, 2022)
    # In the last quarter the year is all but over: the plan is the next year's.
    december = facts(body.format(date="2022年12月20日"))
    assert (december.report_year, december.plan_year) == (2022, 2023)
    march = facts(body.format(date="2022年3月10日"))
    assert march.report_year == 2021


def test_a_text_that_opens_on_the_years_targets_is_that_years_plan():
    found = facts("2021年全镇经济和社会发展的主要目标是:地区生产总值增长10%,财政收入突破6800万元。")
    assert (found.doc_type, found.report_year, found.plan_year) == ("plan", None, 2021)


def test_an_unnamed_title_names_the_level_its_organ_is_at():
    found = facts("2013年乡政府年终工作总结\n过去的一年,乡党委政府在县委、县政府的正确领导下,紧紧依靠全乡人民,"
                  "我县招商引资实现零突破,全乡新建道路3条。")
    assert (found.org_name, found.org_level) == (None, "乡")


def test_a_city_in_a_companys_name_does_not_place_the_report():
    found = facts("2013年乡政府年终工作总结\n过去的一年,全乡成功引进了深圳市豪曼电声科技有限公司,新建厂房3栋。")
    assert (found.city, found.province) == (None, None)


def test_a_towns_stem_jieba_cuts_into_characters_still_names_it():
    # jieba knows neither 瓶窑 nor 瓶窑镇: 瓶|窑古城, 瓶|窑老街.
    found = facts("一、2023年工作总结\n2023年,全镇上下坚决落实区委全会决策部署,瓶窑古城获评省级大花园耀眼明珠,"
                  "瓶窑老街获评省级高品质步行街,全镇新建道路3条。")
    assert (found.org_name, found.district, found.city) == ("瓶窑镇", "余杭区", "杭州市")


def test_a_township_of_a_county_newer_than_the_division_tree_keeps_its_city():
    placed = locate(Counter(), None, "正余镇")
    assert (placed.city, placed.province) == ("南通市", "江苏省")


def test_a_title_that_calls_the_text_a_summary_and_plan_beats_the_thanks_to_the_congress():
    found = facts("青山镇2023年上半年工作总结及下半年工作计划\n一、上半年工作回顾\n"
                  "今年以来,青山镇在镇人大的监督和支持下,全力推动各项重点工作,新建道路3条。")
    assert (found.doc_type, found.report_year, found.plan_year) == ("summary_and_plan", 2023, 2023)


def test_a_quarter_summary_plans_the_next_quarter_of_the_same_year():
    found = facts("乡镇2022年第一季度工作总结和第二季度工作计划\n一季度,我镇在县委、县政府的正确领导下,扎实推进各项工作。\n"
                  "一、一季度工作总结\n新建道路3条。")
    assert (found.doc_type, found.report_year, found.plan_year) == ("summary_and_plan", 2022, 2022)


def test_a_title_whose_century_a_site_cut_off_is_read_whole_below_and_dates_the_half_year():
    found = facts("12年上半年某县某乡党委、政府工作总结\n合集下载\n"
                  "2012年上半年某县某乡党委、政府工作总结2012年时间过去将近一半。半年来,我乡完成固定资产投资3000万元。")
    assert (found.title, found.report_year) == ("2012年上半年某县某乡党委、政府工作总结", 2012)


def test_an_uploaded_copys_page_date_is_no_publication_date():
    found = facts("政府汇报材料\n时间:2022-02-12 10:59:00\n导语:政府汇报材料一文来源于网友上传,不代表本站观点。\n"
                  "尊敬的各位领导:首先,我代表乡四套班子对你们的到来表示欢迎!全乡有8个村。")
    assert (found.published_date, found.report_year) == (None, None)


def test_a_title_cut_after_the_plans_year_still_names_the_plan():
    found = facts("下坊镇2023年工作总结和2024\n今年以来,全镇上下真抓实干,新建道路3条。\n一、工作开展情况\n新建公园2个。")
    assert (found.doc_type, found.report_year, found.plan_year) == ("summary_and_plan", 2023, 2024)


def test_page_chrome_glued_before_a_township_name_is_cut_off_by_the_division_data():
    assert read_name("侵权投诉齐都镇") == OrgName("齐都镇", "镇")
    assert read_name("头部南城街道") == OrgName("南城街道", "街道")
    assert read_name("东王庄镇").name == "东王庄镇"  # one character is no word of chrome: kept whole


def test_a_publisher_of_several_names_brackets_the_one_the_text_speaks_as():
    meta = DocumentMeta(title=None, published_date=None, publisher="浙江省宁海经济开发区(滨海度假区、长街镇)",
                        index_number=None)
    found = facts("2015年工作思路\n2015年是我镇全面深化改革的关键之年,全镇上下要继续强化融合发展。", meta)
    assert (found.org_name, found.org_level) == ("长街镇", "镇")
    assert (found.district, found.city, found.province) == ("宁海县", "宁波市", "浙江省")


def test_a_townships_site_puts_up_a_community_report_that_places_itself_in_the_township():
    meta = DocumentMeta(title=None, published_date=None, publisher="新市镇", index_number=None)
    found = facts("仙潭社区地处德清县新市镇,现有住户1200户,下设居民小组12个。社区党委下设党支部5个。", meta)
    assert (found.org_name, found.org_level) == ("仙潭社区", "社区")
    # Placed by its township: the township's county, city and province.
    assert (found.district, found.city, found.province) == ("德清县", "湖州市", "浙江省")


def test_a_masked_year_is_dated_by_its_place_in_the_five_year_plan():
    found = facts("乡镇年度工作总结和下阶段工作思路\n一、xxxx年工作总结\nxxxx年是“十三五”的收官之年,全镇上下真抓实干。\n"
                  "新建道路3条。")
    assert (found.report_year, found.plan_year) == (2020, 2021)
    unpinned = facts("乡镇年度工作总结和下阶段工作思路\n一、xxxx年工作总结\nxxxx年,全镇上下真抓实干。\n新建道路3条。")
    assert (unpinned.report_year, unpinned.plan_year) == (None, None)


def test_a_browser_title_breadcrumbs_and_record_fields_are_not_the_title():
    browser = facts("2023年青山镇人民政府工作报告_规划计划_某区人民政府门户网站\n各位代表:\n现在,我代表青山镇人民政府向大会报告工作。")
    assert browser.title == "2023年青山镇人民政府工作报告"
    crumbs = facts("您当前的位置:\n>> 政府信息公开 >> 计划总结\n桃园镇2024年工作总结和2025年工作思路\n2024年,我镇扎实推进各项工作。")
    assert crumbs.title == "桃园镇2024年工作总结和2025年工作思路"
    fields = facts("主题词: 桃园街道 工作总结\n桃园街道2021年工作总结\n2021年,桃园街道扎实推进各项工作。")
    assert fields.title == "桃园街道2021年工作总结"
    named = facts("信息名称: | 2025年青山县政府工作报告\n各位代表:\n现在,我代表县人民政府向大会报告工作。")
    assert named.title == "2025年青山县政府工作报告"


def test_a_street_that_speaks_of_its_district_as_wo_qu_speaks_as_a_street():
    assert own_level("围绕我区建设的重点任务,现将我街道今年的工作总结如下。") == ("街道", True)
    assert own_level("我区新建道路3条,我区新增企业5家。") == ("区", True)


def test_a_streets_annual_government_work_report_reviews_and_plans():
    annual = facts("2019年北区石桥街道办事处政府工作报告\n2018年工作总结\n"
                   "2018年,石桥街道在区委的正确领导下,扎实推进各项工作,全年实现税收3亿元。")
    assert (annual.org_level, annual.report_year, annual.plan_year, annual.doc_type) == \
        ("街道", 2018, 2019, "summary_and_plan")
    half = facts("石桥街道2019年上半年政府工作报告\n今年以来,石桥街道扎实推进各项工作,1-6月实现税收3亿元。")
    assert (half.report_year, half.plan_year, half.doc_type) == (2019, None, "summary")


def test_a_review_announced_by_the_year_it_is_written_in_is_a_summary():
    found = facts("2021年,石桥街道坚决贯彻各项决策部署,各项工作取得新进展。现将我街道今年工作总结报告如下:\n"
                  "一、经济稳步发展\n全年实现税收3亿元。")
    assert (found.report_year, found.plan_year, found.doc_type) == (2021, None, "summary")
    plan = facts("2021年,石桥街道扎实推进各项工作。现将我街道今年工作计划报告如下:\n一、经济发展\n力争税收3亿元。")
    assert plan.doc_type != "summary"


def test_the_sentence_after_a_dated_opening_names_the_subject():
    found = facts("刚刚过去的2021年,是“十四五”规划的开局之年。新塘镇认真贯彻上级的决策部署,推动各项工作高效落实。\n"
                  "一、2021年工作总结\n全年新建公园2个。")
    assert (found.org_name, found.org_level) == ("新塘镇", "镇")


def test_a_text_that_opens_on_the_plan_of_its_year_is_the_plan():
    found = facts("2022年,我们将坚持稳中求进,高质量建设幸福新塘。\n1、聚焦高质量发展。明年计划新建项目5个,投资3亿元。")
    assert (found.report_year, found.plan_year, found.doc_type) == (None, 2022, "plan")
    thinking = facts("2011年,石桥街道总的工作思路是:围绕区委的部署,全面推进各项工作。\n一是抓项目。二是抓民生。")
    assert (thinking.report_year, thinking.plan_year, thinking.doc_type) == (None, 2011, "plan")
    review = facts("2022年,我镇扎实推进各项工作,全年新建公园2个,现将2022年工作情况总结如下。\n一、经济发展\n新建道路3条。")
    assert (review.report_year, review.doc_type) == (2022, "summary")


def test_a_text_that_names_no_part_is_a_summary_when_it_plans_nothing_or_reports_done_work_far_more():
    # A page that opens mid-report on the half's progress: few words of done work, none of a plan.
    progress = "2013年,我镇紧扣中心工作。\n一、经济发展形势较好。截至6月底,全镇财税收入400万元,为全年任务的56%。"
    assert facts(progress).doc_type == "summary"
    done = ("2021年是不平凡的一年,我街道团结奋进。\n(一)经济平稳运行。1-11月,实现税收3亿元,同比增长5%;"
            "累计完成投资2亿元,同比增长8%。\n(二)社会事业。社区荣获省级文明社区称号。")
    assert facts(done).doc_type == "summary"
    both = done + "\n明年,我们将继续推进项目建设,力争税收增长5%;下一步将继续深化改革。"
    assert facts(both).doc_type is None


def test_a_title_after_an_outline_broken_or_under_a_notice_is_found():
    outline = "1.加强基础设施投入\n2.发展特色农业\n3.提升群众生活品质\n新塘镇2024年政府工作报告\n各位代表:\n现在,我代表镇人民政府向大会作工作报告。"
    assert find_title(outline) == "新塘镇2024年政府工作报告"
    broken = "新塘镇2024年工作总结和\n2025年工作思路\n今年以来,新塘镇扎实推进各项工作。"
    assert find_title(broken) == "新塘镇2024年工作总结和\n2025年工作思路"
    notice = ("北城区人民政府关于印发政府工作报告的通知\n各街道办事处,区政府各部门:\n"
              "区长代表区人民政府所作的政府工作报告,已经大会审议通过,现印发给你们。\n北城区人民政府\n"
              "政府工作报告\n——2024年1月5日在北城区第八届人民代表大会第三次会议上\n各位代表:")
    assert find_title(notice) == "政府工作报告"
    assert find_title("法定主动公开内容\n+新塘镇2024年工作总结\n今年以来,我镇扎实推进各项工作。") == "新塘镇2024年工作总结"


def test_a_masked_county_over_a_township_text_is_the_townships_parent():
    found = facts("一、共建共享\n二、宜居宜游\n三、用心用情\nXX县2022年政府工作报告\n"
                  "今年以来,新塘镇紧紧围绕县委县政府的战略目标,扎实推进各项工作。1-6月,全镇财政总收入3000万元。\n"
                  "全镇新建公园2个,全镇新增企业5家。")
    assert (found.title, found.org_name, found.org_level) == ("XX县2022年政府工作报告", "新塘镇", "镇")
    masked = facts("XX镇2022年工作总结\n今年以来,我镇扎实推进各项工作,全镇新建公园2个。")
    assert (masked.org_name, masked.org_level) == (None, "镇")


def test_an_avenue_is_not_a_street_written_short():
    found = facts("2022年,我们将全力推进东大街整治修缮工程。\n1、聚焦有机更新。推进东大街立面改造,东大街夜市提升。")
    assert found.org_name is None


def test_a_title_under_a_long_record_or_a_forums_region_tag_is_found():
    record = "".join(f"  • {label}:\n  • {value}\n" for label, value in [
        ("索引号", "2102000003/2015-06378"), ("发布机构", "北城区政府办公室"), ("发布日期", "2015-12-14"),
        ("有效性", "有效"), ("公开方式", "主动公开"), ("公开范围", "面向社会")])
    found = facts(record + "\n北城区2015年政府工作报告\n\n各位代表:\n现在,我代表区政府向大会报告工作。")
    assert (found.title, found.org_name) == ("北城区2015年政府工作报告", "北城区")
    forum = facts("设为首页收藏本站\n查看: 1372|回复: 0\n\n[辽宁] 2020年北城区政府工作报告\n\n[复制链接]\n"
                  "各位代表:\n现在,我代表区人民政府向大会报告工作。")
    assert (forum.title, forum.org_name) == ("2020年北城区政府工作报告", "北城区")


def test_the_party_and_government_of_a_street_name_it_in_the_opening():
    found = facts("一、2022年工作总结\n2022年,在区委、区政府的坚强领导下,光明街道党工委、办事处认真贯彻落实区委部署,"
                  "经济社会发展各项事业取得显著成绩。")
    assert (found.org_name, found.org_level) == ("光明街道", "街道")


def test_a_word_jieba_takes_for_a_name_before_a_level_word_once_is_no_name():
    found = facts("一、2022年各项工作完成情况\n今年以来,在区委、区政府正确领导下,扎实完成各项任务。\n"
                  "(一)强化政治引领。印发街道《关于全面加强基层党建工作的意见》,完善制度8项。")
    assert found.org_name is None


def test_a_congress_in_september_is_a_new_terms_and_reviews_its_own_year():
    found = facts("政府工作报告\n——在小胜镇第十六届人民代表大会第一次会议上的报告\n(2021年9月28日)\n各位代表:\n"
                  "现在,我代表镇人民政府向大会作工作报告。\n一、过去五年工作回顾\n五年来,全镇新建道路30条。")
    assert (found.report_year, found.plan_year) == (2021, 2022)


def test_of_two_namesakes_the_one_under_the_kind_of_county_the_text_thanks_is_its_own():
    # 长征镇: one in 上海's 普陀区, one in a 县 of 海南; the text answers to a 区委.
    found = facts("长征镇2020年经济与社会发展计划\n2020年,我们坚决贯彻落实市委、区委决策部署,在镇党委的统一领导下推进各项工作。")
    assert (found.org_name, found.district, found.city) == ("长征镇", "普陀区", "上海市")
    unsaid = facts("长征镇2020年经济与社会发展计划\n2020年,我们在镇党委的统一领导下推进各项工作。")
    assert (unsaid.district, unsaid.shared_name) == (None, True)


def test_a_half_years_work_ideas_are_its_plan_part():
    found = facts("新塘镇2023年上半年工作总结及2023年下半年工作设想\n2023年,我镇在县委、县政府的正确领导下推进各项工作。")
    assert (found.doc_type, found.report_year, found.plan_year) == ("summary_and_plan", 2023, 2023)


def test_a_county_with_namesakes_is_the_one_whose_townships_the_text_names():
    # 西湖区 of 南昌 and of 杭州: the report speaks of 桃花镇 (南昌's, a 街道 in today's codes).
    found = facts("——2020年5月16日在西湖区第十六届人民代表大会第五次会议上\n各位代表:\n"
                  "现在,我代表西湖区人民政府向大会作报告。\n一、2019年工作回顾\n2019年,桃花镇棚户区改造全面完成。")
    assert (found.org_name, found.city, found.province, found.shared_name) == ("西湖区", "南昌市", "江西省", False)
    unsaid = facts("——2020年5月16日在西湖区第十六届人民代表大会第五次会议上\n各位代表:\n"
                   "现在,我代表西湖区人民政府向大会作报告。\n一、2019年工作回顾\n2019年,棚户区改造全面完成。")
    assert (unsaid.city, unsaid.shared_name) == (None, True)


def test_a_byline_of_date_and_speaker_over_a_bracketed_congress_line_dates_the_report():
    found = facts("2016年长湖乡政府工作报告\n政府工作报告\n2016年11月2日  王四平\n(长湖乡第六届人民代表大会第一次会议上)\n"
                  "各位代表:\n现在,我代表长湖乡人民政府向大会作工作报告。\n一、经济实力不断增强\n五年来,全乡新建道路30条。")
    assert (found.report_year, found.plan_year) == (2016, 2017)


def test_the_years_key_work_is_the_plan_part():
    found = facts("(河南省)北城县人民政府工作报告(2025年3月18日)\n二、2025年重点工作\n2025年是“十四五”规划收官之年。"
                  "我们将全力抓好项目建设。")
    assert (found.report_year, found.plan_year) == (2024, 2025)


def test_a_text_that_never_says_its_level_is_named_by_the_stem_it_keeps_using():
    found = facts("2020年是“十三五”规划的收官之年,也是建设“三个陶堰”的攻坚之年。一年来,街道办事处紧紧围绕总目标,"
                  "高质量推进“实力陶堰、美丽陶堰”建设。一般公共预算收入1.04亿元,同比增长11%。")
    assert (found.org_name, found.district) == ("陶堰街道", "越城区")


def test_a_title_run_into_its_first_heading_and_the_review_year_the_heading_names():
    found = facts("新塘街道办事处2023年政府工作报告一、2022年工作回顾2022年是极不平凡的一年。全年实现税收24亿元。")
    assert (found.title, found.org_name, found.report_year, found.plan_year, found.doc_type) == \
        ("新塘街道办事处2023年政府工作报告", "新塘街道", 2022, 2023, "summary_and_plan")


def test_a_target_completed_and_a_projects_planned_investment_are_review_words():
    found = facts("2020年是“十三五”规划的收官之年,南大街街道在区委区政府的正确领导下推进各项工作。税收0.25亿元,完成年计划125%;"
                  "外资277万美元,完成年计划212.8%;项目年度计划完成投资22亿元,计划总投资50亿元。已开工项目12个,"
                  "已竣工项目5个,同比增长20%。")
    assert found.doc_type == "summary"


def test_a_sumu_is_a_township_of_the_pastures():
    found = facts("——2023年3月24日在白音他拉苏木第十九届人民代表大会第三次会议上\n各位代表:\n"
                  "现在,我代表白音他拉苏木人民政府向大会报告工作。\n一、2022年工作回顾\n2022年,在旗委、政府和苏木党委的坚强领导下推进各项工作。")
    assert (found.org_name, found.org_level, found.district, found.report_year) == ("白音他拉苏木", "苏木", "奈曼旗", 2022)


def test_a_zone_bracketing_its_township_twin_is_the_townships_report():
    found = facts("蠡园开发区(蠡园街道)2022年上半年工作总结\n上半年,我街道统筹推进各项工作。")
    assert (found.org_name, found.org_level, found.district) == ("蠡园街道", "街道", "滨湖区")


def test_a_byline_dated_in_digits_only_dates_the_report():
    found = facts("政府工作报告\n——20121026东山镇第二届人民代表大会第一次会议上\n各位代表:\n"
                  "现在,我受东山镇第一届人民政府委托,向大会报告政府工作。\n一、过去六年工作的基本回顾\n六年来,全镇新建道路30条。")
    assert (found.report_year, found.plan_year) == (2012, 2013)


def test_a_half_years_numbered_review_part_announces_the_plan_part():
    found = facts("今年以来,在县委、县政府的坚强领导下,中都街道各项工作取得阶段性成效。现将情况总结如下:\n"
                  "一、2025年上半年工作总结\n(一)经济发展稳中提质。1-5月,完成财税收入5545万元。")
    assert (found.doc_type, found.report_year, found.plan_year) == ("summary_and_plan", 2025, 2025)


def test_the_parents_a_page_header_writes_before_the_name_place_a_report_titled_with_the_name_alone():
    found = facts("南通市崇川区秦灶街道\n秦灶街道2021年工作计划\n一、主要目标\n年底力争完成一般公共预算收入4.2亿元。")
    assert (found.org_name, found.district, found.city) == ("秦灶街道", "崇川区", "南通市")


def test_an_undated_new_term_report_put_up_in_the_autumn_reviews_that_year():
    page = facts("洪山镇政府工作报告(2021)\n  • 发布时间:2021-12-31\n各位代表、同志们:\n"
                 "现在,我代表镇人民政府向大会报告工作。\n一、过去五年经济和社会发展工作回顾\n过去五年,全镇新建道路30条。")
    assert (page.report_year, page.plan_year) == (2021, 2022)


def test_the_year_a_reviews_estimates_close_outranks_a_template_sites_later_stamp():
    found = facts("区人民政府区长政府工作报告\n来源:范文大全\n时间:2019-08-20\n各位代表:\n"
                  "现在,我代表城东区人民政府向大会报告工作,请予审议。\n一、过去五年工作回顾\n"
                  "过去的五年,全区圆满完成各项目标任务。预计,2017年全区地区生产总值达到500亿元,年均增长7.5%。")
    assert (found.org_name, found.report_year, found.plan_year) == ("城东区", 2017, 2018)


def test_the_township_a_heads_report_says_he_was_posted_to_is_its_body():
    found = facts("乡镇镇长述职报告\n各位领导、同志们:我是今年二月份调入马场镇的,当选为镇长。一年来,全镇上下团结一心,"
                  "全镇新发展茶叶面积3000亩。下面,我代表镇政府就一年来的工作汇报如下。")
    assert (found.org_name, found.org_level) == ("马场镇", "镇")


def test_a_township_the_text_went_to_see_is_not_its_body():
    found = facts("桃园镇2022年工作总结\n2022年,桃园镇坚持稳中求进。我镇组织村干部来到华西镇参观学习,我带队来到华西镇考察。"
                  "桃园镇全年新建道路10公里,我镇财政收入增长5%。")
    assert found.org_name == "桃园镇"


def test_a_village_a_townships_text_introduces_is_not_its_body():
    found = facts("桃园镇2022年工作总结\n一、基本情况\n红星村位于镇区东部,是我镇的示范村。我镇全年新建道路10公里,"
                  "我镇财政收入增长5%,桃园镇荣获省级卫生镇。")
    assert (found.org_name, found.org_level) == ("桃园镇", "镇")


def test_a_topic_that_ends_in_a_levels_character_is_no_body():
    found = facts("2022年美丽乡村建设工作总结\n2022年,我县美丽乡村建设扎实推进,我县新建美丽乡村示范点12个。")
    assert found.org_name is None


def test_a_dated_clause_after_a_lead_clause_names_and_dates_its_subject():
    found = facts("岁月不居,时节如流,2022年清水河街道在区委、区政府的坚强领导下,辖区各项事业稳步发展。\n"
                  "一、工作开展情况\n一年来,我们累计完成固定资产投资5亿元。")
    assert (found.org_name, found.report_year) == ("清水河街道", 2022)


def test_a_titles_topic_between_the_body_and_the_genre_word_is_no_part_of_the_name():
    found = facts("2022年花园村乡村振兴工作总结\n2022年以来,全村上下认真落实乡村振兴各项部署,全村人均纯收入12000元。")
    assert (found.org_name, found.org_level, found.report_year) == ("花园村", "村", 2022)


def test_a_village_written_under_its_township_and_county_is_placed_by_them():
    found = facts("2021年花园村工作总结\n2021年以来,双牌县理家坪乡花园村认真落实县委、县政府的部署,全村人均纯收入12000元。")
    assert (found.org_name, found.district, found.city) == ("花园村", "双牌县", "永州市")


def test_a_work_planning_in_the_title_is_the_plan_part():
    found = facts("桃园镇2021年工作总结及2022年工作规划\n2021年工作回顾\n过去一年,全镇完成财政总收入1800万元。")
    assert (found.doc_type, found.report_year, found.plan_year) == ("summary_and_plan", 2021, 2022)


def test_a_key_works_progress_heading_is_the_review_part():
    found = facts("一、镇情简介\n花园镇位于县城南部,辖10个村。\n二、重点工作推进情况\n1.抓党建。全镇新发展党员12名。")
    assert found.doc_type == "summary"


def test_work_done_said_with_its_year_so_far_and_a_growth_speed_is_a_review():
    found = facts("2023年以来,在区委、区政府的正确领导下,五里牌街道统筹推进各项工作。一年来,我们重点抓好了以下工作:\n"
                  "一、坚持以项目为抓手,经济发展稳中向好\n全年固定资产投资9亿元,同比增速13.4%;"
                  "建筑业总产值5亿元,同比增速4.5%;服务业营业收入1.9亿元,同比增速30.6%。")
    assert found.doc_type == "summary"


def test_a_community_introduced_under_its_township_is_the_body():
    found = facts("一、社区基本情况\n鹿城镇桂溪社区是一个集单位、商住小区为一体的城市社区,辖区内有成员单位36家。"
                  "桂溪社区组织开展文明创建活动12次。")
    assert (found.org_name, found.org_level) == ("桂溪社区", "社区")


def test_a_village_introduced_under_its_own_heading_is_the_body():
    found = facts("杉坪村\n(一)村情概况\n杉坪村位于县城东部,全村共有1300多户,共分12个村民小组。\n(二)村两委建设\n"
                  "我村村两委队伍已经健全,全村人均纯收入6793元。")
    assert (found.org_name, found.org_level) == ("杉坪村", "村")


@pytest.mark.parametrize("opening", [
    "20xx年,和谐社区以建设平安社区为目标,认真贯彻落实街道办事处的工作思路,不断拓展和谐社区服务功能。",
    "2021年,美丽乡村以建设宜居环境为目标,全面推进美丽乡村建设,美丽乡村面貌一新。",
    "2021年以来全村在镇党委的领导下,全村面貌一新,全村人均纯收入增长8%。",
])
def test_an_ideal_or_a_self_reference_is_no_body_a_dated_opening_names(opening):
    assert facts(opening).org_name is None


def test_a_masked_years_opening_names_its_community():
    found = facts("20xx年,柳湾桥社区以建设和谐、平安社区为目标,认真贯彻落实街道办事处的工作思路,柳湾桥社区服务功能不断拓展。")
    assert (found.org_name, found.org_level) == ("柳湾桥社区", "社区")


def test_a_village_under_a_township_the_data_lacks_is_still_the_village():
    assert read_name("洪山乡石板村") == OrgName("石板村", "村", ("洪山乡",))
    # An administrative village is the village (as against its hamlets, 自然村); a 嘎查 is
    # Inner Mongolia's village, under its 苏木.
    assert read_name("红土梁行政村") == OrgName("红土梁村", "村")
    assert read_name("乌盖苏木朝鲁嘎查") == OrgName("朝鲁嘎查", "嘎查", ("乌盖苏木",))
    # A city's urban area is no district; a district whose name ends so is one.
    assert read_name("集宁市区") is None and read_name("沙市区") == OrgName("沙市区", "区")


@pytest.mark.parametrize("text, org", [
    # A document site glues its title, or the heading over the profile, before the first line.
    ("1/3社区文明创建工作情况汇报东牌楼社区位于城区最北端,辖区面积0.6平方公里,共有居民3200户。", "东牌楼社区"),
    ("2021年村庄美化总结汇报参考 1 石门镇东坡村地处两省交界处,全村辖17个村民小组。", "东坡村"),
    ("某村扶贫攻坚工作汇报材料 一、基本情况 黄土岭行政村位于镇中部,辖4个自然村,共272户。", "黄土岭村"),
])
def test_a_body_placing_itself_after_a_glued_title_is_the_body(text, org):
    assert facts(text).org_name == org


@pytest.mark.parametrize("text, org", [
    # A profile opens on the body's area or founding as much as on where it lies; a 嘎查 too.
    ("景秀社区总面积约0.14平方公里,东起三号路市场,南邻富强道。社区内主任兼书记1人,社工4人。", "景秀社区"),
    ("东坪社区成立于2001年8月,辖区面积1.1平方公里,现有居民6876户。", "东坪社区"),
    ("桥东街道 |\n桥东街道辖区位于集宁市区西北部,辖区总面积2.2平方公里,总户数6869户。", "桥东街道"),
    ("一、基本情况\n查干温都嘎查地处于镇北部约9公里处,是一个纯牧业嘎查,共96户313人。", "查干温都嘎查"),
])
def test_a_profile_names_the_body_it_opens_on(text, org):
    assert facts(text).org_name == org


def test_the_street_that_guided_a_communitys_work_is_not_the_body():
    found = facts("2023年,在南湖街道党工委、办事处的正确指导和大力支持下,社区积极响应上级部署,全面完成各项任务。"
                  "社区党委坚持党建引领,开展活动12场。")
    assert found.org_name is None


def test_a_community_or_village_profile_that_plans_nothing_is_a_summary():
    assert facts("一、基本情况\n青岗村位于镇政府西南方,距县城40公里,全村共有农户320户。今年新修道路2公里。").doc_type == "summary"
    # …but one with a plan part is not taken for a review alone.
    assert facts("一、基本情况\n青岗村位于镇政府西南方,全村共有农户320户。\n明年我们将新修道路5公里。").doc_type != "summary"


def test_a_community_said_to_be_an_ideal_is_no_body():
    assert facts("幸福社区是一个系统工程,全体居民共同参与。社区共有居民1200户。").org_name is None


def test_a_community_committee_placing_itself_is_the_community():
    found = facts("桂溪社区居委会地处城区中段,东临港窑路,辖区占地面积0.3平方公里。社区设党总支1个,常住居民2192户。")
    assert (found.org_name, found.org_level) == ("桂溪社区", "社区")


def test_a_townships_name_of_common_words_the_data_lacks_is_a_campaign_not_the_body():
    found = facts("文明村镇创建工作总结\n今年以来,红星镇坚持以创建促发展,我镇文明创建工作取得新成效。"
                  "红星镇共建成文明村12个,红星镇文明户比例达到85%。")
    assert (found.org_name, found.org_level) == ("红星镇", "镇")


def test_the_community_its_reporting_head_names_is_the_body_not_the_titles_campaign():
    found = facts("争做民族团结模范社区工作汇报\n尊敬的各位领导:\n大家好!我叫王芳,是杉坪社区书记,下面我就社区工作开展情况作简要汇报:\n"
                  "一、基本情况\n社区共有居民1200户。")
    assert (found.org_name, found.org_level) == ("杉坪社区", "社区")


def test_a_places_history_dates_the_place_not_the_profile():
    found = facts("桃园街道位于城区西部,辖社区8个,总人口5.9万人。\n历史沿革:\n1949年,属第十二区一乡。\n"
                  "1955年1月,属阿房区一乡。\n1956年4月,属潘家村乡。")
    assert found.report_year is None
    # A year that opens the text's own paragraph after the history still dates it.
    dated = facts("桃园街道位于城区西部。\n历史沿革:\n1949年,属第十二区一乡。\n现将工作情况总结如下。\n"
                  "2023年,桃园街道扎实推进各项工作。")
    assert dated.report_year == 2023


def test_a_chronicle_may_open_on_a_dynasty():
    found = facts("桃园乡位于县城北部,辖8个村。\n历史沿革:\n清代,设和睦里。\n1949年,属间井区。\n1958年,并入红旗公社。")
    assert found.report_year is None


def test_a_profile_that_names_family_planning_plans_nothing():
    found = facts("春园社区成立于2004年9月,面积约0.5平方公里。社区设有图书阅览室、计划生育服务室,"
                  "总人口8569人。社区荣获市级文明社区称号。")
    assert found.doc_type == "summary"


def test_a_profile_whose_figures_are_dated_by_one_year_reports_on_that_year():
    twice = facts("赛罕嘎查位于旗政府东部,总面积120平方公里。2011年人均年收入8800元,其中一产业收入6000元。"
                  "2011年新发展党员3名,大学生村官1个。")
    assert twice.report_year == 2011
    # One dated figure alone may be the year before the one a profile is written in; figures of
    # two years, or a founding year, date nothing.
    once = facts("赛罕嘎查位于旗政府东部,总面积120平方公里。2011年人均年收入8800元,其中一产业收入6000元。")
    two_years = facts("赛罕嘎查位于旗政府东部。2010年人均年收入8000元。2011年人均年收入8800元,新发展党员3名。")
    founded = facts("赛罕嘎查位于旗政府东部。2011年成立党支部,党员12名。2011年荣获先进嘎查,奖励5万元。")
    assert once.report_year is two_years.report_year is founded.report_year is None


def test_a_community_placed_on_the_map_is_real_though_its_stem_is_a_common_word():
    found = facts("工农社区坐落于火车站以北,辖区面积11.2平方公里,现有9个居民小区,住户3205户,常驻人口10713人。")
    assert (found.org_name, found.org_level) == ("工农社区", "社区")


def test_a_village_is_placed_by_the_divisions_its_placing_names():
    found = facts("达西村位于新疆尉犁县兴平乡,2007年实现村集体经济总收入3000万元,农牧民人均纯收入9014.81元。")
    assert (found.org_name, found.district, found.city, found.province) == (
        "达西村", "尉犁县", "巴音郭楞蒙古自治州", "新疆维吾尔自治区")
    # 地处城区 is the town's urban area, not 长治's or 晋城's district 城区.
    urban = facts("港务社区居委会地处城区夷陵大道中段,东临港窑路,常住居民2192户6912人。")
    assert (urban.org_name, urban.district) == ("港务社区", None)


def test_a_notice_about_the_government_work_report_is_no_such_report():
    targets = facts("沙坪坝区人民政府办公室关于印发2022年区政府工作报告目标任务的通知\n各镇人民政府、街道办事处:\n"
                    "2022年《沙坪坝区人民政府工作报告》已经区十九届人大一次会议审议通过,现将目标任务分解印发给你们。")
    assert (targets.doc_type, targets.report_year, targets.plan_year) == ("plan", None, 2022)
    progress = facts("关于印发2022年《政府工作报告》主要任务上半年落实情况的通报\n各乡镇人民政府,县政府各部门:\n"
                     "县政府督查室对2022年县《政府工作报告》上半年落实情况进行了专项督查。")
    assert (progress.doc_type, progress.report_year, progress.plan_year) == ("summary", 2022, None)


def test_a_plan_carried_out_is_reviewed_not_planned():
    found = facts("官渡区人民政府关于官渡区2023年上半年国民经济和社会发展计划执行情况的报告\n"
                  "一、2023年上半年国民经济和社会发展计划执行情况\n上半年,全区实现地区生产总值806亿元,同比增长3.1%。")
    assert (found.doc_type, found.report_year, found.plan_year) == ("summary", 2023, None)


def test_a_long_chain_of_parents_is_read_as_far_as_the_divisions_are_known():
    found = facts("海南省海口市琼山区凤翔街道大园社区\n大园社区居委会成立于2002年2月,总户数为3552户,总人口为12394人。")
    assert (found.org_name, found.district, found.city) == ("大园社区", "琼山区", "海口市")


def test_a_street_office_placing_itself_names_its_street():
    found = facts("东郊街道办事处位于科尔沁区城区东南角,所辖面积约6平方公里,下辖五个社区居委会,辖区内居民2.1万人。")
    assert (found.org_name, found.org_level, found.district) == ("东郊街道", "街道", "科尔沁区")


def test_a_province_that_opens_a_companys_name_does_not_choose_among_namesakes():
    # 双港镇 is a town of 天津, 江苏, 安徽 and 江西: a buyer from 江苏 does not make it 江苏's.
    sold = facts("今年以来,双港镇扎实推进各项工作,与江苏绿源农业有限公司签订收购协议,全镇新建大棚30个。")
    assert (sold.org_name, sold.district, sold.province) == ("双港镇", None, None)
    # …while the province the text names as its own does, and a branch is where its place says.
    honoured = facts("今年以来,双港镇扎实推进各项工作,获评江苏省文明镇,全镇新建大棚30个。")
    assert (honoured.district, honoured.province) == ("响水县", "江苏省")
    branch = facts("今年以来,双港镇扎实推进各项工作,引进华融租赁盐城分公司,全镇新建大棚30个。")
    assert branch.district == "响水县"


def test_words_glued_before_page_chrome_are_no_parent_of_the_name_after_it():
    # A mirror writes its spam where the district's name was: what stands before the chrome
    # cut off the name is not written with it.
    assert read_name("澳门娱乐平台新洲镇") == OrgName("新洲镇", "镇", ())
    assert read_name("珠海市斗门区白蕉镇") == OrgName("白蕉镇", "镇", ("珠海市", "斗门区"))


def test_a_village_is_placed_by_its_own_code_when_its_name_is_unique():
    found = facts("窦路王村2023年工作总结\n今年以来,窦路王村两委扎实推进各项工作,全村新修道路2公里。")
    assert (found.org_name, found.district, found.city, found.province) == ("窦路王村", "商河县", "济南市", "山东省")
    assert found.division_code.startswith("370126108") and len(found.division_code) == 12
    # A name hundreds of villages bear places nothing, and stays flagged as shared.
    common = facts("中心村2023年工作总结\n今年以来,中心村两委扎实推进各项工作,全村新修道路2公里。")
    assert (common.district, common.division_code, common.shared_name) == (None, None, True)


def test_of_a_townships_namesakes_the_one_whose_villages_the_text_names():
    # 双港镇 of 天津, 江苏, 安徽 and 江西: 洪南村 and 丰大村 are the 江苏 one's.
    found = facts("今年以来,双港镇扎实推进各项工作,洪南村新修道路3公里,丰大村新建大棚20个。")
    assert (found.district, found.city, found.province) == ("响水县", "盐城市", "江苏省")
    # The village a town is named after is every namesake's: it tells none apart.
    seat = facts("今年以来,双港镇扎实推进各项工作,双港村新修道路3公里。")
    assert seat.district is None


def test_a_township_whose_first_character_the_segmenter_cut_off_keeps_it():
    # jieba reads 乌|兰花|镇: the division data knows 乌兰花镇, no 兰花镇.
    found = facts("今年以来,乌兰花镇扎实推进各项工作,乌兰花镇新建道路3条。\n全镇新增企业5家。")
    assert (found.org_name, found.org_level) == ("乌兰花镇", "镇")


def test_a_village_that_opens_on_its_size_introduces_itself():
    found = facts("红柳嘎查总户数320户,总人口1100人,耕地5000亩。今年新修道路2公里,新建牛棚20座。")
    assert (found.org_name, found.org_level) == ("红柳嘎查", "嘎查")
    resident = facts("东岭社区现有居民1200户,党员86名。今年新建口袋公园2个。")
    assert (resident.org_name, resident.org_level) == ("东岭社区", "社区")
