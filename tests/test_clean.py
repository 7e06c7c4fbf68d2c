from datetime import date

from extract.clean import clean_document
from extract.clean.text import join_broken_lines, normalize_chars, should_join, strip_markdown


def test_fullwidth_ascii_becomes_ascii_but_cjk_punctuation_stays():
    assert normalize_chars("增长２７．４７％，（一）“三风”、《方案》。") == "增长27.47%,(一)“三风”、《方案》。"
    assert normalize_chars("a\u3000b\r\nc") == "a b\nc"


def test_markdown_bold_and_headings_are_removed():
    assert strip_markdown("**四**是以 2021 年\n## 二、计划") == "四是以 2021 年\n二、计划"


def test_words_and_numbers_split_by_line_breaks_are_joined():
    lines = ["落实防疫措施,打好“保供”“复工", "复产”“全民核酸检测”等三大战役,协调区农投集团", "地方财政收入30.2", "亿元。"]
    assert join_broken_lines(lines) == [
        "落实防疫措施,打好“保供”“复工复产”“全民核酸检测”等三大战役,协调区农投集团地方财政收入30.2亿元。"]


def test_headings_and_paragraph_ends_are_not_joined():
    assert not should_join("一、战疫、战洪、战贫三场硬仗取得决定性胜利", "新冠疫情得到有效控制。")
    assert not should_join("全年完成收入3517万元。", "积极推进企业复工复产")
    assert not should_join("组织开展各类活动,提升居民素质", "(二)加强社区治理")
    assert should_join("一是按照基层综治中心建设要求加强街-社区两级综治中心", "建设。")


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
