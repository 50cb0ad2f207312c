"""The 指标值 grammar: value_raw -> (comparator, number, unit).

    [comparator] number [unit]          ≥8次   ≤45万   =100.00(%)   不低于80%   150元/人/天

Comparator words read as symbols (不低于/不少于/至少 → ≥, 不高于/不超过/不多于 → ≤).
Anything else -- qualitative text (健全, 及时率), a sentence around the number, or more than one
quantity -- gives empty comparator, number and unit: the raw text is always kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from extract.grid import is_hanzi

_COMPARATOR_WORDS = [
    ("大于等于", "≥"), ("大于或等于", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("至少", "≥"),
    ("不小于", "≥"), ("小于等于", "≤"), ("小于或等于", "≤"), ("不高于", "≤"), ("不超过", "≤"),
    ("不多于", "≤"), ("不大于", "≤"), ("最多", "≤"), ("大于", ">"), ("高于", ">"), ("超过", ">"),
    ("多于", ">"), ("小于", "<"), ("低于", "<"), ("少于", "<"), ("等于", "="),
    (">=", "≥"), ("<=", "≤"), ("≥", "≥"), ("≧", "≥"), ("⩾", "≥"), ("≤", "≤"), ("≦", "≤"),
    ("⩽", "≤"), (">", ">"), ("<", "<"), ("=", "="),
]
_COMP = "|".join(re.escape(w) for w, _ in sorted(_COMPARATOR_WORDS, key=lambda p: -len(p[0])))
_COMP_MAP = dict(_COMPARATOR_WORDS)
_NUMBER = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
#: a unit: bracketed, or a short run without digits and without sentence punctuation
_NOT_UNIT = r"\d\s,，。;；、()（）的"
_UNIT = (rf"(?:[（(]\s*([^()（）\d]{{1,8}}?)\s*[)）]"  # bracketed: (平方米)
         rf"|([^{_NOT_UNIT}.．][^{_NOT_UNIT}]{{0,7}}))?")  # bare: 元/人/天, not starting with .
_VALUE = re.compile(rf"^\s*({_COMP})?\s*({_NUMBER})\s*{_UNIT}\s*(?:以上|以下|以内)?\s*$")


@dataclass(frozen=True, slots=True)
class ParsedValue:
    comparator: str
    value: str
    unit: str


EMPTY = ParsedValue("", "", "")


def parse_value(raw: str) -> ParsedValue:
    """Given 指标值 as printed, return its comparator, number (no thousands separators), unit."""
    text = unicodedata.normalize("NFKC", raw).replace("％", "%").strip()
    m = _VALUE.match(text)
    if not m:
        return EMPTY
    word, number, unit_br, unit_bare = m.groups()
    comparator = _COMP_MAP.get(word, "") if word else ""
    unit = (unit_br or unit_bare or "").strip()
    return ParsedValue(comparator, number.replace(",", ""), unit)


_VALUE_TOKEN = re.compile(
    rf"(?:{_COMP})?\s*{_NUMBER}\s*(?:[（(][^()（）]{{1,8}}[)）]|[^\d\s,，;；、]*)"
)


_OCR_LESS_EQUAL = re.compile(r"^\s*(?:[sS≦]|《(?!.*》))\s*(?=\d)")
_GAP_IN_NUMBER = re.compile(
    r"(?<=\d\.)\s+(?=\d)|(?<=\d)\s+(?=[(（%])|(?<=[\u4e00-\u9fff])\s+(?=\d)")
_SPACED_COMPARATOR = re.compile(r"^\s*([≥≤<>=])\s+(?=\d)")
_OCR_GREATER_EQUAL = re.compile(r"^\s*(?:[vV≧]|》)\s*(?=\d)")
#: words that make up a 指标值 on their own (定性指标)
QUALITATIVE = ("逐步提高", "明显提升", "有所提高", "健全", "合理", "完善", "清零", "达标",
               "良好", "规范", "有效", "显著", "提高", "扩大", "稳定", "及时", "准确", "持续",
               "长期", "满意", "优秀", "合格", "是", "否")
_AFTER_PERCENT = re.compile(r"(\d\s*[%％])\d+\s*$")
#: an indicator asking whether something is so (机制健全性, 配备合理性) is answered with its word
_QUALITY_ASKED = re.compile(rf"({'|'.join(w for w in QUALITATIVE if len(w) == 2)})性\s*$")
#: a lone letter before a word a value is made of (N 健全) or before a number set apart
#: (N 100%); not before a grade (A 级)
_STRAY_LETTER = re.compile(rf"^\s*[A-Za-z]\s+(?=(?:{'|'.join(QUALITATIVE)})+\s*$|[≥≤]?\d)")


#: an indicator measured as a share of a whole, which cannot pass 100% (满意度, 合格率), and
#: rates that can (增长率, 提高率, 收益率)
_SHARE = re.compile(r"(?:率|满意度)\s*$")
_NOT_SHARE = re.compile(r"增|提高|提升|收益|回报|利润|倍|变化|波动|偏差|误差")
#: a 2 in front of a share of 10-100% (2 and one digit is a share that may be real)
_TWO_FOR_GREATER_EQUAL = re.compile(r"^\s*2(?=(?:100|[1-9]\d)(?:\.\d+)?\s*[%％]\s*$)")


#: the 1 of 100% read as a letter or a bar (Y00%, I00%): no value opens so
_ONE_AS_LETTER = re.compile(r"^\s*[IlY|丨]\s*(?=00(?:\.0+)?\s*[%％]\s*$)")


#: a rate in yuan whose slash OCR lost (30元人 for 30元/人): a count of yuan is never
#: followed straight by what it is paid per
_LOST_SLASH = re.compile(r"(\d\s*[万千]?元)(?=(?:人次|人|次|月|天|日|年|户|亩|件|卷|册|份|台|套|"
                         r"辆|场|期|平方米|公里)(?:[/／].*)?\s*$)")


#: 个 after a number read as an arrow (≥12↑): no value is measured in arrows
_ARROW_FOR_COUNT_UNIT = re.compile(r"(?<=\d)\s*↑\s*$")
#: the % of a share read as a degree sign (≥80°) or as 0/ (≥900/ for ≥90%)
_PERCENT_AS_DEGREE = re.compile(r"(?<=\d)\s*[°º]\s*$")
_PERCENT_AS_ZERO_SLASH = re.compile(r"^(\s*[≥≤]?\s*)(\d{1,3})0\s*/\s*$")
#: ... or as a 9, 8, 5 or 1, with or without the % after it (≥989, ≥959% for ≥98%, ≥95%;
#: ≥958, ≥955, ≥981 on AR PL print)
_PERCENT_AS_DIGIT = re.compile(r"^(\s*[≥≤]?\s*)(\d{2,3})[9851]\s*(?:[%％]\d?)?\s*$")
#: a speck read as a dot before a value or after its unit (.100%, ≥98%.): no value is
#: printed so (a fraction such as .5 is left alone: two digits at least must follow)
_STRAY_DOT = re.compile(r"^\s*[.．·](?=\s*[≥≤]?\s*\d{2})|(?<=[%％\u4e00-\u9fff])\s*[.．·]\s*$")


def repair_ocr_value(raw: str, name: str = "") -> str:
    """Undo OCR misreadings a 指标值 cannot have: ≤ read as s, S or an unclosed 《 before a
    number, ≥ read as v, V or 》; a digit after the closing % (a speck of a rule or seal:
    ≥90%6); a lone Latin letter before a word or a number (N 健全, N 100%); the 1 of 100%
    read as a letter (Y00%); the slash of a rate in yuan (30元人);
    ≥ read as 2 before a share over 100% of an indicator ``name`` that is a share of a whole
    (295% for 服务群众满意度, ≥95%), and the % of such a share read as a degree sign or as 0/
    (≥80°, ≥900/ for ≥90%) or as a 9, 8, 5 or 1 making the share over 100 (≥989, ≥959%,
    ≥955); 个 read as an arrow (≥12↑); a speck read as a dot before or after the value
    (.100%, ≥98%.); the answer to a name asking whether something is so (…健全性, …合理性)
    read one character off its word (全 or 建全 for 健全 where the seal's ring crosses the
    first character, 治理 for 合理).

    Only what no printed value could be is changed (s5万 is never a value); any other ≥ read
    as 2 (250人 for ≥50人) is left alone, since a real 250 looks the same.
    """
    fixed = _OCR_GREATER_EQUAL.sub("≥", _OCR_LESS_EQUAL.sub("≤", _STRAY_DOT.sub("", raw)))
    if _SHARE.search(name) and not _NOT_SHARE.search(name):
        fixed = _TWO_FOR_GREATER_EQUAL.sub("≥", fixed)
        fixed = _PERCENT_AS_DEGREE.sub("%", fixed)
        zero_slash = _PERCENT_AS_ZERO_SLASH.match(fixed)
        if zero_slash and int(zero_slash.group(2)) <= 100:
            fixed = zero_slash.group(1) + zero_slash.group(2) + "%"
        digit = _PERCENT_AS_DIGIT.match(fixed)
        if digit and 50 <= int(digit.group(2)) <= 100:  # 989% is no share; 99% or 119% may be
            fixed = digit.group(1) + digit.group(2) + "%"
    fixed = _ARROW_FOR_COUNT_UNIT.sub("个", fixed)
    fixed = _asked_word(fixed, name)
    fixed = _AFTER_PERCENT.sub(r"\1", _STRAY_LETTER.sub("", fixed))
    fixed = _ONE_AS_LETTER.sub("1", fixed)
    fixed = _LOST_SLASH.sub(r"\1/", fixed)
    # "≥ 1560元/月", "≥95. 00 (%)", "不低于 80%": gaps OCR saw, not printed spaces
    return _GAP_IN_NUMBER.sub("", _SPACED_COMPARATOR.sub(r"\1", fixed))


def _asked_word(value: str, name: str) -> str:
    """The word a name asking whether something is so (…健全性) asks about, for a value of
    no more characters read one character off it (全, 建全); any other value as it is
    (不健全, 较合理 and 可控性100% are answers, not misreadings)."""
    asked = _QUALITY_ASKED.search(name)
    read = value.strip()
    if not asked or not read or len(read) > 2 or not all(is_hanzi(ch) for ch in read):
        return value
    word = asked.group(1)
    off_by_one = (read in word if len(read) == 1
                  else sum(a != b for a, b in zip(read, word)) == 1)
    return word if off_by_one else value


def looks_like_value(text: str) -> bool:
    """True for a quantity as printed in an 指标值 cell (≥95%, 100%, 2套, 150元/人/天)."""
    t = unicodedata.normalize("NFKC", text).strip()
    return bool(_VALUE.match(t)) and not re.fullmatch(r"\d+[.、]?", t)


#: the point of an amount read as a colon, a comma or a middle dot (10:00, 10,00): two
#: digits after a comma are no thousands; a speck read as a dot after it (206.40.)
_AMOUNT_POINT = re.compile(r"^\s*(\d+)\s*[:：·,，.．]\s*(\d{2})\s*[.．。·]?\s*$")


def repair_ocr_amount(text: str) -> str:
    """Given an amount as OCR read it, return it with its decimal point ("10:00" -> "10.00",
    "206.40." -> "206.40"); any other text as it is."""
    m = _AMOUNT_POINT.match(text)
    return f"{m.group(1)}.{m.group(2)}" if m else text


def is_amount(text: str) -> bool:
    """True for a bare money amount (12.00, 4,100,000.00)."""
    return bool(re.fullmatch(r"\s*-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*", text))


#: a value glued to the end of an indicator name: 办事群众满意度≥95%
_GLUED = re.compile(
    rf"^(.{{2,}}?)\s*((?:[≥≤≧≦<>=＞＜＝]|不低于|不少于|不高于|不超过)\s*{_NUMBER}\S*)\s*$")


def split_glued_value(name: str) -> tuple[str, str]:
    """Given an indicator name, return (name, glued value) -- value "" when none is glued."""
    m = _GLUED.match(unicodedata.normalize("NFKC", name))
    if not m:
        return name, ""
    cut = len(name) - len(m.group(2))
    return name[:cut].rstrip(), name[cut:].strip()
