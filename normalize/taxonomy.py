"""The standard 绩效指标 taxonomy: recognise 一级/二级 labels however they are printed.

Labels are matched on content, never on column position: with or without the 指标 suffix,
wrapped over lines (joined before matching), with one wrong or missing character, or in the
older 产出数量/产出质量 wording. A 二级 label decides its 一级 (成本指标 is always 产出指标).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

OUTPUT, BENEFIT, SATISFACTION = "产出指标", "效益指标", "满意度指标"
LEVEL1 = (OUTPUT, BENEFIT, SATISFACTION)

#: 二级指标 -> its 一级指标
LEVEL2_PARENT = {
    "数量指标": OUTPUT,
    "质量指标": OUTPUT,
    "时效指标": OUTPUT,
    "成本指标": OUTPUT,
    "经济效益指标": BENEFIT,
    "社会效益指标": BENEFIT,
    "生态效益指标": BENEFIT,
    "可持续影响指标": BENEFIT,
    "服务对象满意度指标": SATISFACTION,
}

#: printed variants (without 指标, already stripped of spaces) -> standard 二级 name
_LEVEL2_VARIANTS = {
    "数量": "数量指标",
    "产出数量": "数量指标",
    "质量": "质量指标",
    "产出质量": "质量指标",
    "时效": "时效指标",
    "产出时效": "时效指标",
    "进度": "时效指标",
    "产出进度": "时效指标",
    "成本": "成本指标",
    "产出成本": "成本指标",
    "经济效益": "经济效益指标",
    "社会效益": "社会效益指标",
    "生态效益": "生态效益指标",
    "环境效益": "生态效益指标",
    "可持续影响": "可持续影响指标",
    "可持续发展": "可持续影响指标",
    "服务对象满意度": "服务对象满意度指标",
    "社会公众或服务对象满意度": "服务对象满意度指标",
    "满意度": "服务对象满意度指标",
}

_LEVEL1_VARIANTS = {"产出": OUTPUT, "效益": BENEFIT, "满意度": SATISFACTION}

# 满意度 alone is ambiguous (一级 or 二级); as a bare word it is read as the 一级 label.
_LEVEL2_STEMS = {k: v for k, v in _LEVEL2_VARIANTS.items() if k != "满意度"}

_SPACES = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Return text NFKC-normalised with all white space removed."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def _stem(text: str) -> str:
    t = squeeze(text).strip("：:、,，.。")
    for suffix in ("指标", "指", "标"):
        if t.endswith(suffix) and len(t) > len(suffix) + 1:
            return t[: -len(suffix)]
    return t


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: the fewest insertions, deletions and substitutions from a to b."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def edit_distance_le1(a: str, b: str) -> bool:
    """True when a and b differ by at most one substitution, insertion or deletion."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        return sum(x != y for x, y in zip(a, b)) == 1
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


@dataclass(frozen=True, slots=True)
class Label:
    """A recognised label: ``level`` 1 or 2 and its standard ``name``."""

    level: int
    name: str


def match_label(text: str) -> Label | None:
    """Given a cell's text, return the 一级/二级 label it is, or None if it is not one."""
    stem = _stem(text)
    if not stem or len(stem) > 14:
        return None
    if stem in _LEVEL1_VARIANTS:
        return Label(1, _LEVEL1_VARIANTS[stem])
    if stem in _LEVEL2_VARIANTS:
        return Label(2, _LEVEL2_VARIANTS[stem])
    if "满意" in stem and len(stem) <= 12 and ("服务对象" in stem or "社会公众" in stem):
        return Label(2, "服务对象满意度指标")
    # one printing error (a typo, a dropped character) in a label of four or more characters,
    # accepted only when exactly one standard label is that close (数量/质量 differ by one)
    full = squeeze(text)
    close = {
        label
        for printed, label in _FUZZY_TARGETS
        if len(printed) >= 4 and edit_distance_le1(full if printed.endswith("指标") else stem,
                                                     printed)
    }
    return close.pop() if len(close) == 1 else None


_FUZZY_TARGETS = [
    *((name, Label(1, name)) for name in LEVEL1),
    *((name, Label(2, name)) for name in LEVEL2_PARENT),
    *((v, Label(2, name)) for v, name in _LEVEL2_STEMS.items()),
]


# Labels as they may open a packed cell ("经济效益 生态效益 社会效益 1.xxx"), longest first so
# that 服务对象满意度指标 wins over 满意度指标.
_LABEL_WORDS = sorted(
    {*LEVEL2_PARENT, *_LEVEL2_VARIANTS, *LEVEL1, *_LEVEL1_VARIANTS}, key=len, reverse=True
)
_LEADING_LABEL = re.compile(
    r"^\s*(" + "|".join(re.escape(w) for w in _LABEL_WORDS) + r")(?:指标)?\s*"
)


def split_leading_label(text: str) -> tuple[Label, str] | None:
    """Given text that may start with a label, return (label, rest) or None.

    Only a label followed by white space, a numbered item or nothing counts, so that an
    indicator named 质量检测合格率 is not read as the label 质量 plus 检测合格率.
    """
    m = _LEADING_LABEL.match(text)
    if not m:
        return None
    rest = text[m.end():]
    if rest and not (m.group(0)[-1:].isspace() or re.match(r"\d{1,2}\s*[.、．]", rest)):
        return None
    label = match_label(m.group(1))
    if label is None:
        return None
    return label, rest


#: what the indicators under a 二级 label usually count or are: how their names end, or a word
#: they hold. Only used to tell a 二级 label OCR damaged from the others it may be; real
#: tables break these habits (the seed prints 劳资纠纷处理及时率 under 数量指标), so a label
#: told this way is flagged, never believed like one read.
_WORDING = {
    "数量指标": re.compile(r"(?:数|数量|人次|户次|场次|面积|规模|里程|长度)$"),
    "质量指标": re.compile(r"(?:合格|达标|合规|符合|准确|正确|覆盖|完成|通过|优良|达成)率$|质量$"),
    "时效指标": re.compile(r"及时|(?:时间|时限|期限|进度|周期)$"),
    "成本指标": re.compile(r"(?:成本|标准|费用|单价|金额|补贴|补助)$"),
    "经济效益指标": re.compile(r"收入|增收|产值|经济|利润|税收"),
    "社会效益指标": re.compile(r"保障|就业|权益|结案|知晓|社会|稳定|安全"),
    "生态效益指标": re.compile(r"生态|环境|绿化|排放|节能|污染|水质|空气|森林"),
    "可持续影响指标": re.compile(r"长效|机制|持续|长期|健全|制度"),
    "服务对象满意度指标": re.compile(r"满意(?:度|率)$"),
}
_ITEM_NUMBER = re.compile(r"(?<![\d.])\d{1,2}\s*[.、．](?!\d)")


def level2_from_wording(indicators: str, options: list[str]) -> str | None:
    """Given the indicator names printed in a 二级 block (numbered items may be packed) and
    the 二级 labels the block may have, return the one label their wording points to, or
    None when it points to none of them, to several, or one name to two."""
    votes: set[str] = set()
    for name in _ITEM_NUMBER.split(squeeze(indicators)):
        hits = {o for o in options if o in _WORDING and _WORDING[o].search(name)}
        if len(hits) > 1:
            return None
        votes |= hits
    return votes.pop() if len(votes) == 1 else None


def parent_of(level2: str) -> str:
    """Given a standard 二级 name, return its 一级 name."""
    return LEVEL2_PARENT[level2]
