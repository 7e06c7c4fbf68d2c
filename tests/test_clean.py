from datetime import date
from pathlib import Path

import pytest

from extract.clean import clean_document
from extract.clean.text import join_broken_lines, normalize_chars, should_join, strip_markdown
from extract.document import read_report


def test_fullwidth_ascii_becomes_ascii_but_cjk_punctuation_stays():
    assert normalize_chars("增长２７．４７％，（一）“三风”、《方案》。") == "增长27.47%,(一)“三风”、《方案》。"
    assert normalize_chars("a\u3000b\r\nc") == "a b\nc"


def test_markdown_bold_and_headings_are_removed():
    assert strip_markdown("**四**是以 2021 年\n## 二、计划") == "四是以 2021 年\n二、计划"


def test_words_and_numbers_split_by_line_breaks_are_joined():
    lines = ["落实防疫措施,打好“保供”“复工", "复产”“全民核酸检测”等三大战役,协调区农投集团", "地方财政收入30.2", "亿元。"]
    assert join_broken_lines(lines) == [
        "落实防疫措施,打好“保供”“复工复产”“全民核酸检测”等三大战役,协调区农投集团地方财政收入30.2亿元。"]


def test_a_line_ending_in_a_number_and_its_magnitude_continues():
    assert join_broken_lines(["拆迁面积3.5万", "平方米,安置群众1", "200户。"]) == ["拆迁面积3.5万平方米,安置群众1200户。"]


def test_thousands_grouped_by_spaces_before_a_unit_are_one_number():
    assert clean_document("发放资金2 000万元,服务12 345人,拆除 16 处 5095 平米").text == \
        "发放资金2000万元,服务12345人,拆除 16 处 5095 平米"


def test_headings_and_paragraph_ends_are_not_joined():
    assert not should_join("一、战疫、战洪、战贫三场硬仗取得决定性胜利", "新冠疫情得到有效控制。")
    assert not should_join("全年完成收入3517万元。", "积极推进企业复工复产")
    assert not should_join("组织开展各类活动,提升居民素质", "(二)加强社区治理")
    assert should_join("一是按照基层综治中心建设要求加强街-社区两级综治中心", "建设。")
    # A collection's numbered text heading (…工作总结篇2) ends in a number and is still a heading.
    assert not should_join("社区党建工作总结篇2", "红星社区位于城区东部,辖区面积1.2平方公里。")


def test_title_line_is_never_glued_to_the_text_below():
    text = "政府工作报告——2024年3月5日在第十四届全国人民代表大会第二次会议上国务院总理 李强\n各位代表:\n现在,我代表国务院。"
    assert clean_document(text).text.split("\n")[0].endswith("李强")


def test_page_chrome_is_dropped_and_its_metadata_kept():
    raw = """  • 微信
  • 索引号: e768971--2022-0012 主题分类:
    发布机构: 东湖区百花洲街道 生成日期: 2022-02-08 11:24
    百花洲街道2021年工作总结
    • 浏览量:
    一、工作总结
    完成收入9941.92万元。
    手机扫码浏览
    版权所有:南昌东湖网站    电话:0791-86221407
    赣ICP备05005744号-2    网站标识码:3601020001
    Baidu
    map"""
    doc = clean_document(raw)
    assert doc.text == "百花洲街道2021年工作总结\n一、工作总结\n完成收入9941.92万元。"
    assert doc.meta.published_date == date(2022, 2, 8)
    assert doc.meta.publisher == "东湖区百花洲街道"
    assert doc.meta.index_number == "e768971--2022-0012"


def test_header_fields_without_colons_spaced_labels_and_table_cells():
    raw = """当前位置:首页 > 华庄街道 > 政府信息公开 > 重点工作
华庄街道2022年工作总结
发布时间:2023-01-17 15:00     发布部门:华庄街道     阅读次数:
索 引 号: | MB1670946/2023-00023 | 生成日期 2023-01-16 | 公开日期 2023-01-15
文件编号 发布机构 华庄街道办事处 效力状况 有效
|||||||||||
2022年,街道新建公园3个。"""
    doc = clean_document(raw)
    assert doc.text == "华庄街道2022年工作总结\n2022年,街道新建公园3个。"
    # The page's own publication time wins over the dates its record was generated or opened.
    assert doc.meta.published_date == date(2023, 1, 17)
    assert doc.meta.publisher == "华庄街道办事处"
    assert doc.meta.index_number == "MB1670946/2023-00023"


def test_a_unit_and_a_unified_number_are_header_fields_too():
    doc = clean_document("发布单位: 桃源镇 有效性:\n统一编号:\n桃源镇2024年工作总结\n2024年,全镇新建公园3个。")
    assert doc.text == "桃源镇2024年工作总结\n2024年,全镇新建公园3个。"
    assert doc.meta.publisher == "桃源镇"


def test_labelled_title_and_plain_dates_in_chrome():
    doc = clean_document("标题:白杨街道2022年工作总结\n日期:2023年1月12日\n正文第一句。")
    assert (doc.meta.title, doc.meta.published_date, doc.text) == ("白杨街道2022年工作总结", date(2023, 1, 12), "正文第一句。")


def test_prose_that_mentions_chrome_words_stays():
    text = "居民扫一扫二维码即可报名,全年报名1200人次。\n来源于群众的意见建议86条全部办结。"
    assert clean_document(text).text == text


@pytest.mark.parametrize("line", ["- 2 -", "第 3 页", "共3页 第1页 上一页 下一页", "附件下载(1个)", "分享到: 微信 微博", "赣ICP备05005744号-2", "Copyright © 2023", "扫一扫在手机上查看当前页面",
                                  "【打印】", "字号:大 中 小", "上一篇:关于…", "|", "---|---|",
                                  "查看: 1871|回复: 0", "[复制链接]", "发表于 2020-9-3 16:12:37 | 显示全部楼层 |阅读模式",
                                  "Rank: 7Rank: 7", "选择语言"])
def test_page_furniture(line):
    assert clean_document(line + "\n正文。").text == "正文。"


def test_masked_numbers_on_lines_of_their_own_are_kept_and_joined():
    raw = "XX\n镇\n2023\n年政府工作报告\n各位代表:\n前三季度,完成地区生产总值\nXX\n亿\n元,增长\n5\n%\n;\n1.\n特色农业提\n质扩量\n。"
    assert clean_document(raw).text.split("\n") == [
        "XX镇2023年政府工作报告", "各位代表:", "前三季度,完成地区生产总值XX亿元,增长5%;", "1.特色农业提质扩量。"]


def test_stray_spaces_inside_numbers_are_closed_but_number_unit_gaps_stay():
    assert normalize_chars("增长３０．２％") == "增长30.2%"
    assert clean_document("完成率77.8 %,投资30. 2亿元,组建 9 个工作组。").text == "完成率77.8%,投资30.2亿元,组建 9 个工作组。"


def test_cleaning_is_deterministic_and_idempotent():
    raw = (Path(__file__).parent / "fixtures" / "seeds" / "003_431919a2a8b41946.txt").read_text(encoding="utf-8")
    once = clean_document(raw)
    assert clean_document(raw) == once
    assert clean_document(once.text).text == once.text


def test_html_residue_in_plain_text():
    assert clean_document("完成投资&nbsp;3亿元。<br>新建<span>公园</span>2个。").text == "完成投资 3亿元。\n新建公园2个。"


def test_ascii_full_stop_ends_a_paragraph_but_a_decimal_point_does_not():
    assert join_broken_lines(["全年任务圆满完成.", "新建公园3个."]) == ["全年任务圆满完成.", "新建公园3个."]
    assert join_broken_lines(["完成投资30.", "2亿元."]) == ["完成投资30.2亿元."]


def test_invisible_characters_inside_a_number_do_not_drop_the_metric():

    text = "某街道2022年工作总结\n一、工作成效\n完成一般公共预算收入1\u200b548\u200d万元,新建公园1\u00ad2个,改造\ufeff3\u20600户。"
    metrics = read_report(text).metrics
    assert [(m.raw_text, m.value) for m in metrics] == [("1548万元", 15480000.0), ("12个", 12.0), ("30户", 30.0)]


def test_pinyin_a_page_annotated_its_characters_with_is_dropped():
    text = clean_document("全縣地區(qū)生產(chǎn)總值72.2億元,附件(a)另附。").text
    assert text == "全县地区生产总值72.2亿元,附件(a)另附。"


def test_a_bulleted_record_and_a_counter_do_not_swallow_the_title_below_them():
    record = "  • 公开方式:\n  • 主动公开\n  • 公开范围:\n  • 面向社会\n\n北城区2015年政府工作报告\n\n各位代表:"
    assert "\n北城区2015年政府工作报告\n" in clean_document(record).text
    assert not should_join("20754", "2020年北城区政府工作报告")
