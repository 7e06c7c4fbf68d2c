"""A saved government web page yields the same report as the text copy of the same page."""
from datetime import date

from extract.clean import clean_document
from extract.clean.html import is_html
from extract.document import read_report
from extract.ingest.inbox import RawDocument, read_document

from conftest import FIXTURES, SEEDS

PAGE = FIXTURES / "pages" / "003_431919a2a8b41946.html"


def _fields(report):
    return [(m.value, m.unit, m.qualifier, m.period_type, m.indicator) for m in report.metrics]


def test_page_and_text_copy_give_the_same_facts_and_metrics():
    page = read_report(PAGE.read_text(encoding="utf-8"))
    text = read_report((SEEDS / PAGE.with_suffix(".txt").name).read_text(encoding="utf-8"))
    assert page.facts == text.facts
    assert page.facts.published_date == date(2022, 2, 8) and page.facts.district == "东湖区"
    assert _fields(page) == _fields(text) and len(page.metrics) > 50


def test_navigation_header_table_and_footer_stay_out_of_the_text():
    cleaned = clean_document(PAGE.read_text(encoding="utf-8")).text
    for chrome in ("首页", "索引号", "发布机构", "版权所有", "ICP", "分享到"):
        assert chrome not in cleaned


def test_html_is_recognised_and_ingested():
    assert is_html("<!DOCTYPE html><html>") and is_html("\n <html lang='zh'>") and not is_html("一、工作总结 <b>")
    assert isinstance(read_document(PAGE, max_bytes=1 << 20), RawDocument)
