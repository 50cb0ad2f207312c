"""Characters the recogniser doubted, settled by the words the same page prints elsewhere.

A 公开表 page repeats its words: a project named 劳动人事争议调解仲裁办案经费 has indicators
劳动仲裁案件数, 仲裁案件结案率, ... At 150 dpi the model may read the name's 裁 as 耗 (0.44
against 0.41): the printed character is its runner-up. Read sure elsewhere on the page, the
pair 仲裁 tells the two apart; no general dictionary is needed, and nothing is put in that
the model did not itself see.

``settle_doubts`` takes the page's lines as the engine read them (``TextBox.doubts``: see
``extract.ocr``). A doubted character is replaced by a runner-up when the character read
forms no pair with its neighbours that the page prints in characters the model was sure of,
and the runner-up forms such pairs at least MIN_PAIRS times in characters read at PAIR_P or
more. Engines that do not say what they doubted (Tesseract) pass through unchanged.

Measured on seven scanned sets (two of the second scanner model, a real form at 150 dpi):
53 characters replaced, 47 of them the printed one as far as the truth or the sense tells
(仲耗 -> 仲裁, 可停性 -> 可控性, 日标 -> 目标, 地强 -> 增强), 6 not (和谐 -> 和谱 where
another line misread 和谱 twice; 会长 -> 会员); rows 387 -> 394 of 403 and 147 -> 153 of 195
on the two sets that changed most, none lost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from .grid import is_hanzi
from .ocr import Doubt, TextBox

#: how often a runner-up's pairs with its neighbours must be printed on the page: at 1, one
#: change in four was wrong (整治行动 -> 整治和动, backed by 整治和建设 alone)
MIN_PAIRS = 2
#: a character read at less than PAIR_P makes no pair to back a runner-up: what it stands
#: for is in doubt. At 0.9 most lines of a blurred page held such a character, and 仲裁,
#: printed six times, counted once; at 0 two misreadings of one word (服利, 服制) backed one
#: another
PAIR_P = 0.4


def settle_doubts(boxes: list[TextBox]) -> list[TextBox]:
    """Given a page's lines, return them with doubted characters settled by the page's
    own pairs of characters; the lines come back without doubts, and a line whose
    character was replaced loses from its confidence what the replaced character had
    beyond its replacement."""
    sure, likely = page_pairs(boxes, 1.0), page_pairs(boxes, PAIR_P)
    return [_settled(box, sure, likely, page_pairs([box], PAIR_P)) if box.doubts else box
            for box in boxes]


def settled_by(boxes: list[TextBox], texts: Sequence[str]) -> list[TextBox]:
    """Given lines read apart from their page (the two halves of a line a page break cut,
    stacked) and the text printed on the pages around them, return the lines with their
    doubted characters settled by that text's pairs (read sure: their doubts are settled)."""
    pairs = page_pairs([TextBox(text, 0, 0, 0, 0, 1.0) for text in texts], 1.0)
    return [_settled(box, pairs, pairs, Counter()) if box.doubts else box for box in boxes]


def page_pairs(boxes: list[TextBox], floor: float) -> Counter[str]:
    """How often each pair of adjacent Chinese characters is read on the page, neither of
    them a doubted character read at less than ``floor``."""
    pairs: Counter[str] = Counter()
    for box in boxes:
        weak = {d.at for d in box.doubts if d.p < floor}
        text = box.text
        for k in range(len(text) - 1):
            if (k not in weak and k + 1 not in weak and is_hanzi(text[k])
                    and is_hanzi(text[k + 1])):
                pairs[text[k:k + 2]] += 1
    return pairs


def _settled(box: TextBox, sure: Counter[str], likely: Counter[str], own: Counter[str]
             ) -> TextBox:
    """The line with its doubted characters settled (``_better``); ``own``: the pairs of
    ``likely`` that the line itself makes."""
    chars = list(box.text)
    lost = 0.0
    doubted = {d.at: d for d in box.doubts}
    for doubt in box.doubts:
        other = _better(box.text, doubt, sure, likely, doubted, own)
        if other is not None:
            chars[doubt.at] = other[0]
            lost += max(0.0, doubt.p - other[1])
    confidence = box.confidence - lost / max(1, len(box.text.strip()))
    return replace(box, text="".join(chars), confidence=confidence, doubts=())


def _better(text: str, doubt: Doubt, sure: Counter[str], likely: Counter[str],
            doubted: dict[int, Doubt] | None = None, own: Counter[str] | None = None
            ) -> tuple[str, float] | None:
    """The runner-up (character, probability) to put in place of a doubted character, or
    None: the one whose pairs with its neighbours are printed most often on the page
    (``likely``: then the likelier), at least MIN_PAIRS times, when the character read
    forms no such pair with its neighbours as read in characters the model was ``sure`` of
    (none of them doubted: a misreading made twice does not back itself). A neighbour that
    is doubted too (``doubted``: the line's doubts by place) may pair as read or as one of
    its runners-up: 见习礼耻 is 见习补贴 where 补贴 is printed, and neither 礼 nor 耻 pairs
    with the other as read. The runner-up must pair more often than the character read
    does elsewhere (``own``: the pairs the line itself makes, not counted for it): 劳动仲我
    案件 stays 仲 (动仲 and 仲裁 printed three times on other lines), though 伸, its
    runner-up, pairs with 动 and with 我's runner-up 载 where one line misread 劳动伸载."""
    def read(at: int) -> list[str]:
        return [text[at]] if 0 <= at < len(text) else []

    def could_be(at: int) -> list[str]:
        near = (doubted or {}).get(at)
        return [*read(at), *(ch for ch, _ in near.others)] if near else read(at)

    def printed(ch: str, counts: Counter[str], lefts: list[str], rights: list[str],
                less: Counter[str] | None = None) -> int:
        def times(pair: str) -> int:
            return counts[pair] - (less[pair] if less else 0)
        return (max((times(left + ch) for left in lefts), default=0)
                + max((times(ch + right) for right in rights), default=0))

    if printed(text[doubt.at], sure, read(doubt.at - 1), read(doubt.at + 1)):
        return None
    lefts, rights = could_be(doubt.at - 1), could_be(doubt.at + 1)
    count, p, ch = max((printed(ch, likely, lefts, rights), p, ch) for ch, p in doubt.others)
    if count < MIN_PAIRS or printed(text[doubt.at], likely, lefts, rights, own) >= count:
        return None
    return ch, p
