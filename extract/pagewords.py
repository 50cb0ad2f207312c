"""Characters the recogniser doubted, settled by the words the same page prints elsewhere.

A 公开表 page repeats its words: a project named 劳动人事争议调解仲裁办案经费 has indicators
劳动仲裁案件数, 仲裁案件结案率, ... At 150 dpi the model may read the name's 裁 as 耗 (0.44
against 0.41): the printed character is its runner-up. Read sure elsewhere on the page, the
pair 仲裁 tells the two apart; no general dictionary is needed, and nothing is put in that
the model did not itself see.

``settle_doubts`` takes the page's lines as the engine read them (``TextBox.doubts``: see
``extract.ocr``). A doubted character is replaced by a runner-up when the character read
forms no pair with its neighbours that the page prints elsewhere, and the runner-up forms
such pairs at least MIN_PAIRS times. Pairs count only where neither character was
read at less than PAIR_P. Engines that do not say what they doubted (Tesseract) pass
through unchanged.

Measured on seven scanned sets (two of the second scanner model, a real form at 150 dpi):
49 characters replaced, about 44 of them the printed one (仲耗 -> 仲裁, 可停性 -> 可控性,
日标 -> 目标, 地强 -> 增强), 5 not (和谐 -> 和谱 where another line misread 和谱 twice);
rows 387 -> 394 of 403 and 147 -> 153 of 195 on the two sets that changed most, none lost.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .grid import is_hanzi
from .ocr import Doubt, TextBox

#: how often a runner-up's pairs with its neighbours must be printed on the page: at 1, one
#: change in four was wrong (整治行动 -> 整治和动, backed by 整治和建设 alone)
MIN_PAIRS = 2
#: a character read at less than PAIR_P makes no pair: what it stands for is in doubt. At
#: 0.9 most lines of a blurred page held such a character, and 仲裁, printed six times,
#: counted once; at 0 two misreadings of one word (服利, 服制) backed one another
PAIR_P = 0.4


def settle_doubts(boxes: list[TextBox]) -> list[TextBox]:
    """Given a page's lines, return them with doubted characters settled by the page's
    own pairs of characters; the lines come back without doubts, and a line whose
    character was replaced loses from its confidence what the replaced character had
    beyond its replacement."""
    pairs = page_pairs(boxes)
    return [_settled(box, pairs) if box.doubts else box for box in boxes]


def page_pairs(boxes: list[TextBox]) -> Counter[str]:
    """How often each pair of adjacent Chinese characters is read on the page, neither of
    them read at less than PAIR_P."""
    pairs: Counter[str] = Counter()
    for box in boxes:
        for k in _counted(box):
            pairs[box.text[k:k + 2]] += 1
    return pairs


def _counted(box: TextBox) -> list[int]:
    """Where (k: the pair k, k+1) a line's pairs count in ``page_pairs``."""
    weak = {d.at for d in box.doubts if d.p < PAIR_P}
    text = box.text
    return [k for k in range(len(text) - 1)
            if k not in weak and k + 1 not in weak and is_hanzi(text[k]) and is_hanzi(text[k + 1])]


def _settled(box: TextBox, pairs: Counter[str]) -> TextBox:
    counted = set(_counted(box))
    chars = list(box.text)
    lost = 0.0
    for doubt in box.doubts:
        # the pairs the character read makes where it stands are not evidence for it
        own = Counter(box.text[k:k + 2] for k in (doubt.at - 1, doubt.at) if k in counted)
        other = _better(box.text, doubt, pairs, pairs - own)
        if other is not None:
            chars[doubt.at] = other[0]
            lost += max(0.0, doubt.p - other[1])
    confidence = box.confidence - lost / max(1, len(box.text.strip()))
    return replace(box, text="".join(chars), confidence=confidence, doubts=())


def _better(text: str, doubt: Doubt, pairs: Counter[str], elsewhere: Counter[str]
            ) -> tuple[str, float] | None:
    """The runner-up (character, probability) to put in place of a doubted character, or
    None: the one whose pairs with its neighbours as read are printed most often on the
    page (then the likelier), at least MIN_PAIRS times, when the character read forms no
    such pair ``elsewhere`` on the page."""
    def printed(ch: str, counts: Counter[str]) -> int:
        left = counts[text[doubt.at - 1] + ch] if doubt.at > 0 else 0
        right = counts[ch + text[doubt.at + 1]] if doubt.at + 1 < len(text) else 0
        return left + right

    if printed(text[doubt.at], elsewhere):
        return None
    count, p, ch = max((printed(ch, pairs), p, ch) for ch, p in doubt.others)
    return (ch, p) if count >= MIN_PAIRS else None
