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


def test_a_dated_opening_names_its_subject_once_and_that_is_the_body():
    found = facts("2022年是极不平凡的一年,面对复杂的外部环境,新塘镇始终坚持稳中求进,在区委的坚强领导下完成各项任务。\n"
                  "(一)经济发展稳中有进。全年新建公园2个,全镇新增企业5家。")
    assert (found.org_name, found.org_level) == ("新塘镇", "镇")
    street = facts("一、2023年工作总结\n今年以来,丰台街道在区委区政府的坚强领导下,扎实推进各项工作。\n新建公园2个。")
    assert (street.org_name, street.org_level) == ("丰台街道", "街道")


def test_an_opening_clause_that_names_no_real_town_is_no_name():
    found = facts("2022年,特色小镇坚持高标准建设,全年新建公园2个。\n(一)经济发展稳中有进。")
    assert found.org_name is None
