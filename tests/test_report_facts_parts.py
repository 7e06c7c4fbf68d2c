"""Report facts from how the genre lays out its parts, names and places: rules written from
synthetic sentences in the genre's form (issue 14)."""
from extract.clean import clean_document
from extract.parse import parse_report
from extract.records import CleanedDocument


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
