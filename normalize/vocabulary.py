"""Words 公开表 print over and over, for telling an OCR misreading from what was printed.

At 150 dpi a recogniser reads 满意度 as 满息度 or 消意度, 及时率 as 及时事, 干部 as 千部: the
printed character is then mostly its runner-up. ``one_off`` finds where a reading is one
character off a word of this vocabulary; the OCR engine puts the word's character back only
where its own model gave that character real probability (``extract.ocr``), so nothing the
model did not see is written.

The vocabulary is the taxonomy's labels and the words a 绩效指标 is commonly made of: the
rates and degrees a 三级指标 ends in, the words a 指标值 is made of, units, and the nouns
of public administration; nothing specific to one department's projects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .taxonomy import LEVEL1, LEVEL2_PARENT
from .values import QUALITATIVE

#: what a 三级指标 ends in: the rate or degree it measures
RATES = ("及时率", "合格率", "完成率", "覆盖率", "知晓率", "达标率", "准确率", "到位率",
         "使用率", "利用率", "执行率", "结案率", "保障率", "办结率", "响应率", "参与率",
         "通过率", "更新率", "完好率", "发放率", "就业率", "受益率", "合规率", "完整率",
         "控制率", "普及率", "增长率", "达成率", "正确率", "出勤率", "参保率", "满意率",
         "反馈率", "处理率", "解决率", "回复率", "兑现率", "落实率",
         "满意度", "健全性", "合理性", "有效性", "完整性", "及时性", "规范性")

#: the table's own words: headers and the parts of its labels
HEADINGS = ("一级指标", "二级指标", "三级指标", "指标值", "绩效目标", "绩效指标", "经济效益",
            "社会效益", "生态效益", "环境效益", "可持续影响", "服务对象满意度")

#: units and the nouns and verbs of public administration an indicator is made of
COMMON = ("人次", "人数", "次数", "场次", "户数", "万元", "工作人员", "服务对象", "人民群众",
          "群众", "干部", "职工", "人员", "培训", "宣传", "管理", "档案", "资金", "补贴",
          "补助", "发放", "项目", "经费", "工作", "建设", "维护", "保障", "监督", "检查",
          "考核", "机制", "制度", "标准", "单位", "部门", "办公", "设备", "购置", "采购",
          "维修", "运行", "安全", "教育", "医疗", "卫生", "就业", "保险", "养老", "救助",
          "困难", "残疾", "老年", "儿童", "学生", "农村", "城乡", "居民", "环境", "治理",
          "改善", "提升", "水平", "能力", "效率", "覆盖", "完成", "开展", "举办", "组织",
          "活动", "会议", "信息", "系统", "平台", "数据", "业务", "劳动", "工资", "社会",
          "经济", "生态", "服务", "质量", "成本", "数量", "时效", "效益", "收入", "带动",
          "申请", "素质")

WORDS = frozenset((*LEVEL1, *LEVEL2_PARENT, *RATES, *HEADINGS, *COMMON,
                   *(w for w in QUALITATIVE if len(w) > 1)))

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def _patterns(words: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Each word under each of its spellings with one character left open ('满?度')."""
    out: dict[str, list[str]] = {}
    for word in words:
        for j in range(len(word)):
            out.setdefault(word[:j] + "?" + word[j + 1:], []).append(word)
    return {k: tuple(sorted(v)) for k, v in out.items()}


_PATTERNS = _patterns(WORDS)
_LONGEST = max(map(len, WORDS))


def one_off(text: str) -> Iterator[tuple[int, str, int]]:
    """Where ``text`` is one character off a word of the vocabulary: (index of that
    character in ``text``, the word's character there, the word's length). A character
    that is part of a word read whole is never offered ('满意度' in '满意度满意' stays)."""
    whole: set[int] = set()
    for run in _CJK_RUN.finditer(text):
        s = run.group()
        for n in range(2, min(_LONGEST, len(s)) + 1):
            for i in range(len(s) - n + 1):
                if s[i:i + n] in WORDS:
                    whole.update(range(run.start() + i, run.start() + i + n))
    for run in _CJK_RUN.finditer(text):
        s = run.group()
        for n in range(min(_LONGEST, len(s)), 1, -1):
            for i in range(len(s) - n + 1):
                window = s[i:i + n]
                for j in range(n):
                    at = run.start() + i + j
                    if at in whole:
                        continue
                    for word in _PATTERNS.get(window[:j] + "?" + window[j + 1:], ()):
                        if word != window:
                            yield at, word[j], n
