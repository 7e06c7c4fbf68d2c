from decimal import Decimal

import pytest

from extract.parse.numerals import (
    arabic_value,
    chinese_value,
    is_bare_magnitude,
    is_chinese,
    is_masked,
    scaled,
)
from extract.parse.units import canonical


@pytest.mark.parametrize("digits, multiplier, expected", [
    ("3517", None, Decimal(3517)),
    ("1.5", "万", Decimal(15000)),
    ("8", "千", Decimal(8000)),
    ("1.37", "万亿", Decimal("1370000000000")),
    ("1,234", None, Decimal(1234)),
    ("12,345.6", None, Decimal("12345.6")),
    ("0.2", None, Decimal("0.2")),
])
def test_arabic_numbers(digits, multiplier, expected):
    assert arabic_value(digits, multiplier) == expected


@pytest.mark.parametrize("digits", ["1,23", "12,3456", "1..2", "", "x"])
def test_malformed_arabic_numbers_are_refused(digits):
    with pytest.raises(ValueError):
        arabic_value(digits)


@pytest.mark.parametrize("numeral, expected", [
    ("三", 3), ("两", 2), ("十", 10), ("十五", 15), ("二十", 20), ("百", 100), ("一百二十", 120),
    ("万", 10000), ("三万", 30000), ("一万五千", 15000), ("三千五百万", 35000000), ("九十五点五", 95.5),
])
def test_chinese_numbers(numeral, expected):
    assert chinese_value(numeral) == Decimal(str(expected))


@pytest.mark.parametrize("numeral", ["十十", "万万", "一千千", "十万万"])
def test_malformed_chinese_numbers_are_refused(numeral):
    with pytest.raises(ValueError):
        chinese_value(numeral)


def test_values_are_exact_in_base_units():
    # Binary floats would give 4059999999999.9995 and 6706999999.999999.
    assert scaled(arabic_value("4.06", "万亿")) == 4060000000000.0
    assert scaled(arabic_value("67.07"), 10**8) == 6707000000.0
    assert scaled(arabic_value("10.38", "万")) == 103800.0
    assert scaled(Decimal(20), 2) == 40.0  # 20公斤 → 40 jin


@pytest.mark.parametrize("token, masked", [
    ("x", True), ("xxxx", True), ("xx.xx", True), ("xxx.x", True), ("XX", True), ("××", True),
    ("xx458", True), ("xx.51", True), ("xx0.9", True),
    ("x1", False), ("12", False), ("xx.", False), ("三", False),
])
def test_masks(token, masked):
    assert is_masked(token) is masked


def test_kinds_of_numeral():
    assert is_chinese("三十") and not is_chinese("30") and not is_chinese("xx")
    assert is_bare_magnitude("万") and is_bare_magnitude("千亿") and is_bare_magnitude("十")
    assert not is_bare_magnitude("三万")


@pytest.mark.parametrize("surface, expected", [
    ("元", ("CNY", 1, None)),
    ("%", ("percent", 1, None)),
    ("人次", ("person_time", 1, "人次")),
    ("名", ("person", 1, "名")),
    ("户", ("household", 1, "户")),
    ("平米", ("m2", 1, None)),
    ("公里", ("m", 1000, None)),
    ("升", ("ml", 1000, None)),
    ("公斤", ("jin", 2, None)),
    ("亩", ("mu", 1, None)),
    ("个月", ("month", 1, None)),
    ("个单位", ("count", 1, "个单位")),
    ("处", ("count", 1, "处")),
])
def test_unit_table(surface, expected):
    assert canonical(surface) == expected
