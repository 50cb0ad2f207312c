"""The 指标值 grammar, table-driven."""

import pytest

from normalize.values import parse_value, repair_ocr_value, split_glued_value

CASES = [
    ("≥8次", "≥", "8", "次"),
    ("≤45万", "≤", "45", "万"),
    ("=100.00(%)", "=", "100.00", "%"),
    ("=100%", "=", "100", "%"),
    ("100%", "", "100", "%"),
    ("≥13459.00(平方米)", "≥", "13459.00", "平方米"),
    ("≥13459.00（平方米）", "≥", "13459.00", "平方米"),
    ("150元/人/天", "", "150", "元/人/天"),
    ("≤1.2万元", "≤", "1.2", "万元"),
    ("≥1,000卷", "≥", "1000", "卷"),
    ("≥ 95 %", "≥", "95", "%"),
    ("不低于80%", "≥", "80", "%"),
    ("不少于100人", "≥", "100", "人"),
    ("至少3次", "≥", "3", "次"),
    ("不高于5万元", "≤", "5", "万元"),
    ("不超过2%", "≤", "2", "%"),
    ("不多于10个", "≤", "10", "个"),
    (">150.00(家)", ">", "150.00", "家"),
    ("<5%", "<", "5", "%"),
    ("≧90%", "≥", "90", "%"),
    ("＞６次", ">", "6", "次"),
    ("90.00(度)", "", "90.00", "度"),
    ("2套", "", "2", "套"),
    ("1次", "", "1", "次"),
    # qualitative, or a sentence around the number, or two quantities: all empty
    ("健全", "", "", ""),
    ("合理", "", "", ""),
    ("及时率", "", "", ""),
    ("提升", "", "", ""),
    ("", "", "", ""),
    ("可控性100%", "", "", ""),
    ("开展至少1次团体心理治疗", "", "", ""),
    ("慰问人数不少于100人,宣传用品不少于20000份", "", "", ""),
    ("2023年12月31日前", "", "", ""),
    ("2.服务群众满意度", "", "", ""),
]


@pytest.mark.parametrize(("raw", "comparator", "value", "unit"), CASES)
def test_parse_value(raw: str, comparator: str, value: str, unit: str) -> None:
    got = parse_value(raw)
    assert (got.comparator, got.value, got.unit) == (comparator, value, unit)


@pytest.mark.parametrize(("name", "expected"), [
    ("办事群众满意度≥95%", ("办事群众满意度", "≥95%")),
    ("办事群众满意度 ≥ 95%", ("办事群众满意度", "≥ 95%")),
    ("开展活动300场", ("开展活动300场", "")),
    ("15个居民区全覆盖", ("15个居民区全覆盖", "")),
])
def test_split_glued_value(name: str, expected: tuple[str, str]) -> None:
    assert split_glued_value(name) == expected


@pytest.mark.parametrize(("read", "repaired"), [
    ("s5万", "≤5万"), ("S1万元", "≤1万元"), ("≦10元/卷", "≤10元/卷"),
    ("250人", "250人"), ("sss", "sss"), ("合理", "合理"),
])
def test_repair_ocr_value(read: str, repaired: str) -> None:
    assert repair_ocr_value(read) == repaired
