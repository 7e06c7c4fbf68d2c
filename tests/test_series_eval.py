"""Who the gold says a report is of, as the series scoring groups reports."""
from extract.series_eval import _organisation


def _report(org, district, city, province):
    return {"org_name": org, "district": district, "city": city, "province": province}


def test_namesake_counties_of_two_provinces_are_two_organisations():
    shanghai = _organisation(_report("普陀区", "普陀区", "上海市", "上海市"))
    zhoushan = _organisation(_report("普陀区", "普陀区", "舟山市", "浙江省"))
    assert shanghai != zhoushan


def test_a_county_whose_city_one_gold_leaves_null_is_one_organisation():
    assert _organisation(_report("鼓楼区", "鼓楼区", "南京市", "江苏省")) == \
        _organisation(_report("鼓楼区", "鼓楼区", None, "江苏省"))


def test_a_street_is_its_name_in_its_county():
    assert _organisation(_report("新安街道", "宝安区", "深圳市", "广东省")) == \
        _organisation(_report("新安街道", "宝安区", None, None))
    assert _organisation(_report("新安街道", "宝安区", None, None)) != \
        _organisation(_report("新安街道", "东海县", None, None))
