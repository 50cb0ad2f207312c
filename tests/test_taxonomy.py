"""一级/二级 labels are recognised by content, however they are printed."""

import pytest

from normalize.taxonomy import Label, match_label, parent_of, split_leading_label


@pytest.mark.parametrize(("printed", "level", "name"), [
    ("产出指标", 1, "产出指标"),
    ("效益指标", 1, "效益指标"),
    ("满意度指标", 1, "满意度指标"),
    ("数量指标", 2, "数量指标"),
    ("社会效益", 2, "社会效益指标"),            # no 指标 suffix
    ("社会效益指\n标", 2, "社会效益指标"),      # wrapped over two lines
    ("社会效益指", 2, "社会效益指标"),
    ("服务对象满意\n度指标", 2, "服务对象满意度指标"),
    ("服务对象满意度", 2, "服务对象满意度指标"),
    ("产出数量", 2, "数量指标"),                # older wording
    ("时郊指标", 2, "时效指标"),                # one wrong character
    ("可持续影晌指标", 2, "可持续影响指标"),
    ("质量指示", 2, "质量指标"),
    ("社会公众或服务对象满意度指标", 2, "服务对象满意度指标"),
])
def test_labels(printed: str, level: int, name: str) -> None:
    assert match_label(printed) == Label(level, name)


@pytest.mark.parametrize("text", ["一级指标", "三级指标", "指标值", "质量检测合格率", "x量指标",
                                  "办理劳动仲裁案件数", "健全"])
def test_not_labels(text: str) -> None:
    assert match_label(text) is None


def test_cost_is_output() -> None:
    assert parent_of("成本指标") == "产出指标"


def test_leading_label_needs_a_boundary() -> None:
    assert split_leading_label("质量检测合格率") is None
    got = split_leading_label("可持续影响指标 1.培训考核制度健全性")
    assert got is not None and got[0].name == "可持续影响指标"
