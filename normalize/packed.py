"""Split what the layout packed together: numbered items in one cell, values in the next.

A cell is read as a stream of pieces -- labels (经济效益), numbered items (1.xx 2.yy) and plain
lines -- each keeping the box of the line it was printed on, so that items and values can be
paired by order or, when each sits on its own line, by height on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extract.grid import BBox, TextLine, join_lines

from .taxonomy import Label, match_label, split_leading_label
from .values import QUALITATIVE, split_glued_value

#: an item number: "1." "2、" "3．" (or "1," as OCR may read the dot) not followed by a digit
#: (so 1.5万元 and 1,234 are not items)
_ITEM_NO = re.compile(r"(?<![\d.．,，])(\d{1,2})\s*[.、．,，](?!\d)")
#: a line that opens a numbered run: "1." (or "1" before a Chinese character, its dot lost)
_RUN_START = re.compile(r"\s*1\s*(?:[.、．,，]|(?=[\u4e00-\u9fff“]))")
#: characters that follow a count, not an item number ("开展 2 次培训")
_MEASURES = "次人个项家名件份年月日天期批场所户元万亿千百套台辆册卷篇条座处间层吨亩公米倍号级"
#: an item number whose dot OCR lost ("4培训资料采购及时率"): taken only when it is the number
#: due next, at a line's start (anywhere in OCR'd text), and never before a count (人员
#: is no count: "2人员配备合理性")
_NO_COUNT = r"(?![\s\d]*[" + _MEASURES + "](?!员))"
#: a character an indicator's name opens with
_NAME_START = r"[\u4e00-\u9fff“‘\"]"
_ITEM_NO_BARE = re.compile(r"(\d{1,2})\s*(?=" + _NAME_START + ")" + _NO_COUNT)
#: the same in mid-line, after a Chinese character ("合格率6 宣传…", "及时率2培训…")
_ITEM_NO_APART = re.compile(r"(?<=[\u4e00-\u9fff”）)])\s*(\d{1,2})\s*(?=" + _NAME_START + ")"
                            + _NO_COUNT)

#: an item number at a line's start as OCR may misread it: its 1 as a letter ("T.长效…",
#: "l.参训…") or its dot as a colon ("3: 劳资纠纷解决率"); a Chinese character follows
_OCR_ITEM_NO = re.compile(r"^(?:[TIl|丨]\s*[.．、]|(\d{1,2})\s*[:：])(?=\s*[\u4e00-\u9fff“])")


@dataclass(frozen=True, slots=True)
class Piece:
    """A label, a numbered item or a plain line of text, with the box of its line."""

    kind: str  # "label" | "item" | "plain"
    text: str
    box: BBox
    label: Label | None = None
    number: int = 0  # an item's number as printed (0: none read)


def read_pieces(lines: tuple[TextLine, ...], ocr: bool = False, due: int = 0) -> list[Piece]:
    """Given a cell's lines, return its pieces in reading order.

    A line that carries on a numbered item (no number, no label at its start) is joined to it.
    ``ocr``: the lines were read by OCR, which may lose an item number's dot anywhere
    ("及时率 6 宣传…", "合格率6" at a line's end with its item on the next line, "1 参考…" at
    a cell's start or after a label); such a number is taken when it is the one due next
    and no count follows it ("开展 2 次培训" stays a name). ``due``: the number the cell's
    first item carries when the cells above hold one numbered item each ("2人员配备合理性"
    under "1.长效管理机制健全性").
    """
    if ocr:
        lines = _numbers_lost(lines)
    pieces: list[Piece] = []
    expect = due  # the number the next item should carry, 0 when no numbered run is open
    carried = ""  # an item number or a label's start moved from the end of the line before
    for i, line in enumerate(lines):
        text = carried + line.text.strip()
        carried = ""
        if ocr:
            # a dot left of a lost number (".农民工满意度"); a number read as a line of its
            # own ("1" / "农民工满意度") goes in front of the next (not of a value: "1" / "健全")
            text = text.lstrip(".．、,，").strip()
            text = _OCR_ITEM_NO.sub(lambda m: (m.group(1) or "1") + ".", text, count=1)
            if _LONE_NUMBER.fullmatch(text) and i + 1 < len(lines):
                after = lines[i + 1].text.strip()
                if _ITEM_NO.match(after):
                    continue  # a stray digit before a numbered item ("1" / "1.农民工满意度")
                number = text.rstrip(".．、,，")
                if (int(number) == (expect or 1) and _ITEM_NO_BARE.match(number + after)
                        and not _WORDS.fullmatch(after)):
                    carried = number + "."
                    continue
        if i + 1 < len(lines) and _RUN_START.match(lines[i + 1].text):
            text = _unglue_label(text, ocr)
        if i + 1 < len(lines):
            text, carried = _label_over_wrap(text, lines[i + 1].text, ocr)
        if ocr and i + 1 < len(lines) and not carried:
            text, carried = _number_at_end(text, lines[i + 1].text, expect)
        first = True
        while text:
            lab = split_leading_label(text)
            if lab is not None:
                pieces.append(Piece("label", lab[0].name, line.bbox, lab[0]))
                text = lab[1].strip()
                expect = 0
                first = False
                continue
            m = _ITEM_NO.match(text)
            # the number due: an OCR'd run may open with a "1" that lost its dot, at the
            # cell's start or after a label
            due = expect or (1 if ocr and (not pieces or pieces[-1].kind == "label") else 0)
            if m is None and due and (first or ocr):
                m = _ITEM_NO_BARE.match(text)
                # at the cell's start a new run may open with 1 (the next 二级 label's)
                if m and int(m.group(1)) not in ({due} if pieces else {due, 1}):
                    m = None
            # at a line's start a number one off the one due is a misread digit (5. for 6.)
            if m and (expect == 0 or int(m.group(1)) in (expect, 1)
                      or first and abs(int(m.group(1)) - expect) == 1):
                number = int(m.group(1))
                end, nxt = _item_end(text, m.end(), number + 1, ocr)
                pieces.append(Piece("item", text[m.end():end].strip(), line.bbox,
                                    number=number))
                expect = number + 1
                text = text[end:].strip() if nxt else ""
                first = False
                continue
            if (ocr and first and expect == 0 and (not pieces or pieces[-1].kind == "label")
                    and (two := _second_item(text, lines[i + 1].text if i + 1 < len(lines)
                                             else "")) is not None):
                # the run's "1." was lost (read apart, or not at all): "参训人员满意度2.办事…"
                pieces.append(Piece("item", text[:two].strip(), line.bbox, number=1))
                expect, text, first = 2, text[two:].strip(), False
                continue
            end, _ = _item_end(text, 0, expect if expect else 1, ocr)
            chunk, text = text[:end].strip(), text[end:].strip()
            if ocr and text and _LONE_NUMBER.fullmatch(chunk):
                continue  # a stray digit before an item's number ("1 1.农民工满意度")
            if first and expect and pieces and pieces[-1].kind == "item":
                prev = pieces[-1]
                merged = BBox(prev.box.x0, prev.box.top, max(prev.box.x1, line.bbox.x1),
                              line.bbox.bottom)
                pieces[-1] = Piece("item", join_lines([prev.text, chunk]), merged,
                                   number=prev.number)
            else:
                pieces.append(Piece("plain", chunk, line.bbox))
            first = False
    return pieces


def _numbers_lost(lines: tuple[TextLine, ...]) -> tuple[TextLine, ...]:
    """The lines with the item numbers OCR lost put back where the count leaves no doubt:
    between lines that open with items p and q, exactly q - p - 1 lines opening with a
    Chinese character or a quote ("4.培训教师补贴" / "“三支一扶”慰问人均成本" / "“三支一扶”
    管理和考核成本" / "7.宣传活动成本": a number before a quote set apart is missed). A line
    that carries on an item's name would make the count differ."""
    opened = [(i, int(m.group(1))) for i, line in enumerate(lines)
              if (m := _ITEM_NO.match(line.text.strip()))]
    out = list(lines)
    for (i, p), (j, q) in zip(opened, opened[1:]):
        between = range(i + 1, j)
        if (q - p - 1 == len(between) > 0 and all(
                re.match(_NAME_START, lines[k].text.strip()) for k in between)
                and not any(split_leading_label(lines[k].text.strip()) for k in between)):
            for n, k in enumerate(between, p + 1):
                out[k] = replace(lines[k], text=f"{n}.{lines[k].text.strip()}")
    return tuple(out)


def _second_item(text: str, next_line: str) -> int | None:
    """Where item 2 starts in an OCR'd line that opens a cell (or follows a label) with no
    number: at a "2." in the line, or at the line's end when the next line opens with "2.".
    None when neither is there."""
    m = _ITEM_NO.search(text)
    if m is not None and int(m.group(1)) == 2 and m.start() > 0:
        return m.start()
    return len(text) if _SECOND_START.match(next_line) else None


_SECOND_START = re.compile(r"\s*2\s*[.、．,，](?!\d)")
#: an item number alone on a line
_LONE_NUMBER = re.compile(r"\d{1,2}[.、．,，]?")


def _number_at_end(text: str, next_line: str, expect: int) -> tuple[str, str]:
    """Split off an item number at the end of a line whose item is printed on the next
    ("…考核合格率6" / "宣传材料验收合格率", its dot lost or kept): only the number due next
    after the line's own items, before a line that opens with a Chinese character."""
    m = re.search(r"(?<=[\u4e00-\u9fff”）)])\s*(\d{1,2})[.、．,，]?$", text)
    if m is None or not re.match(rf"(?![{_MEASURES}])" + _NAME_START, next_line.strip()):
        return text, ""
    head = text[:m.start()]
    if m.group(1) == "1" and (unglued := _unglue_label(head, ocr=True)) != head:
        return unglued, "1."  # "…覆盖率可持续影响 1" / "培训考核…": a label opens a new run
    numbers = [int(n.group(1)) for n in _ITEM_NO.finditer(text)]
    due = numbers[-1] + 1 if numbers else expect
    if not due or int(m.group(1)) != due:
        return text, ""
    return head, m.group(1) + "."


def _label_over_wrap(text: str, next_line: str, ocr: bool = False) -> tuple[str, str]:
    """Split off the start of a 二级 label that a wrap broke ("4.“三支一扶”项目覆盖率 可持" /
    "续影响 1.培训考核…"), to be read with the rest on the next line: the line's last word
    (after white space), not a label itself, that with the next line's start makes a 二级
    label (a label ends where white space or an item number follows).

    ``ocr``: OCR may lose the white space ("…项目覆盖率可持续" / "影响 1.培训…"); then the
    start is the line's last two to six Chinese characters, and only where the label opens
    a new numbered run on the next line (its "1."), as a glued label does."""
    m = re.search(r"\s(\S{1,6})$", text)
    if m is not None:
        found = _label_start_split(text, m.start(1), next_line)
        return (text, "") if found is None else found[:2]
    for cut in range(max(1, len(text) - 6), len(text) - 1) if ocr else ():
        found = _label_start_split(text, cut, next_line)
        if (found is not None and re.fullmatch(r"[\u4e00-\u9fff]+", found[1])
                and _RUN_START.match(found[2])):
            return found[:2]
    return text, ""


def _label_start_split(text: str, cut: int, next_line: str) -> tuple[str, str, str] | None:
    """(the line before ``cut``, the label's start from it, what follows the label on the
    next line) when ``text[cut:]``, not a label itself, with the next line's start makes a
    二级 label reaching into the next line."""
    start = text[cut:]
    if split_leading_label(start) is not None:
        return None
    joined = start + next_line.strip()
    found = split_leading_label(joined)
    if found is None or found[0].level != 2 or len(joined) - len(found[1]) <= len(start):
        return None
    return text[:cut].rstrip(), start, found[1]


def _unglue_label(text: str, ocr: bool = False) -> str:
    """Set apart a 二级 label glued to the end of a line ("4.项目覆盖率可持续影响") when the
    next line opens a new numbered run: OCR loses the space a text layer keeps. Only labels
    of four or more characters (社会效益, 可持续影响...): 成本 or 质量 end many names. In OCR'd
    text the label may carry one misread or stray character ("…覆盖率可持续影响向")."""
    cuts = [cut for cut in range(1, len(text) - 3) if not text[cut - 1].isspace()]
    for cut in cuts:
        found = split_leading_label(text[cut:])
        if found is not None and found[0].level == 2 and not found[1]:
            return text[:cut] + " " + text[cut:]
    for cut in cuts if ocr else ():
        tail = text[cut:]
        if len(tail) >= 5 and (label := match_label(tail)) and label.level == 2:
            return text[:cut] + " " + label.name
    return text


def _item_end(text: str, start: int, next_number: int, ocr: bool = False) -> tuple[int, bool]:
    """Return where the text from ``start`` ends: at the next item number or a spaced label
    (or, in OCR'd text, the number due next standing apart without its dot)."""
    best = len(text)
    for m in _ITEM_NO.finditer(text, start):
        if int(m.group(1)) in (next_number, 1) and m.start() > start:
            best = m.start()
            break
    if ocr:
        for m in _ITEM_NO_APART.finditer(text, start):
            if int(m.group(1)) == next_number and start < m.start(1) < best:
                best = m.start(1)
                break
    for m in re.finditer(r"\s+", text[start:best]):
        if split_leading_label(text[start + m.end():]) is not None:
            best = start + m.start()
            break
    return best, best < len(text)


_VALUE_SPLIT = re.compile(r"(?<=\S)\s+(?![%％)）])")
_LONE_COMPARATOR = re.compile(r"^(?:[≥≤≧≦<>=＞＜＝]|不低于|不少于|不高于|不超过|至少)$")


def split_value_tokens(text: str) -> list[str]:
    """Given packed values ("100% ≥50% 健全"), return them one by one.

    A comparator standing alone ("≥ 95%") stays with the number after it, and the rest of a
    unit ("/人" of "300元 /人") with the number before it.
    """
    out: list[str] = []
    for tok in _VALUE_SPLIT.split(text.strip()):
        if out and (_LONE_COMPARATOR.match(out[-1]) or tok.startswith(("/", "／"))):
            out[-1] += tok
        elif tok:
            out.append(tok)
    return out


@dataclass(frozen=True, slots=True)
class Item:
    """A 三级指标 as read: name, the 二级 label in force where it was printed, its box."""

    name: str
    level2: str | None
    level1: str | None
    box: BBox
    glued: str = ""


def assign_values(items: list[Item], values: list[TextLine]) -> list[str]:
    """Given a row's items and the value lines printed beside them, return one value per item.

    Order of attempts: a single item takes all value text; one value line per item; one
    space-separated value per item (glued values fill the gaps); pairing by height when each
    item sits on its own line; otherwise in order, leaving the rest empty.
    """
    n = len(items)
    texts = [v.text for v in values]
    if n == 0:
        return []
    if n == 1:
        joined = join_lines(texts)
        return [joined or items[0].glued]
    if len(values) == n and not _wrapped(texts):
        return [t.strip() for t in texts]
    tokens = split_value_tokens(" ".join(texts))
    if (len(tokens) != n or _wrapped(tokens)) and len(texts) > 1:
        rejoined = _rejoin_wrapped(texts, n)
        if rejoined is not None:
            return rejoined
    if len(tokens) == n:
        return tokens
    if len(tokens) < n:  # OCR drops the spaces: "≥150人≥12个"
        tokens = _split_run_together(tokens, n)
    unglued = [i for i, it in enumerate(items) if not it.glued]
    if len(tokens) == len(unglued) and len(unglued) < n:
        out = [it.glued for it in items]
        for i, tok in zip(unglued, tokens):
            out[i] = tok
        return out
    if len(values) >= 2 and _distinct_heights(items):
        out_lists: list[list[str]] = [[] for _ in items]
        for v in values:
            best = min(range(n), key=lambda i: _distance(items[i].box, v.bbox))
            out_lists[best].append(v.text)
        return [join_lines(vs) or items[i].glued for i, vs in enumerate(out_lists)]
    out = [it.glued for it in items]
    for i, tok in zip(unglued or range(n), tokens):
        out[i] = tok
    return out


_STARTS_VALUE = re.compile(r"^\s*(?:[≥≤≧≦<>=＞＜＝]|不低于|不少于|不高于|不超过|至少|\d)")
#: a line that opens with the rest of a unit ("元/人", "万元", "%)")
_UNIT_TAIL = re.compile(r"^\s*(?:[/／%％)）]|[" + _MEASURES + r"]{1,3}(?:[/／)）]|\s*$))")


def _wrapped(texts: list[str]) -> bool:
    """True when a line ends in a number and the next opens with the rest of its unit
    ("≤1.2" / "万元"): the lines are a cell's values wrapped, not one value each."""
    return any(a.rstrip()[-1:].isdigit() and _UNIT_TAIL.match(b) for a, b in zip(texts, texts[1:]))


def _rejoin_wrapped(texts: list[str], n: int) -> list[str] | None:
    """Split wrapped value lines into n values, deciding at each line break whether the
    wrap fell inside a value ("≥130" / "份") or between two.

    Of the choices that give n values, take the one that glues least before a line that
    starts like a value of its own (a comparator or a digit) and leaves fewest values that
    do not start like one.
    """
    breaks = len(texts) - 1
    if breaks > 10:
        return None
    best: tuple[int, int, list[str]] | None = None
    for mask in range(1 << breaks):
        joined = texts[0]
        cost = glues = 0
        for i in range(breaks):
            if mask >> i & 1:
                joined += texts[i + 1]
                glues += 1
                cost += bool(_STARTS_VALUE.match(texts[i + 1]))
            else:
                joined += " " + texts[i + 1]
        tokens = split_value_tokens(joined)
        if len(tokens) < n:  # OCR drops the spaces: "100%健全健全合" / "理"
            tokens = _split_run_together(tokens, n)
        # a value that starts with its unit ("元/人≤1万元") is the tail of a wrapped one
        cost += sum(1 for t in tokens if not (_STARTS_VALUE.match(t) or _WORDS.match(t)))
        if len(tokens) == n and (best is None or (cost, glues) < best[:2]):
            best = (cost, glues, tokens)
    return best[2] if best else None


_NEW_VALUE = re.compile(r"(?<=[^\d\s.,/≥≤<>=])(?=[≥≤<>=≧≦]|\d)")


_WORD = re.compile("|".join(QUALITATIVE))
_WORDS = re.compile(f"(?:{_WORD.pattern})+")


def _split_run_together(tokens: list[str], n: int) -> list[str]:
    """Split values printed (or read) without spaces -- before a comparator or a number that
    follows a unit, and into standard words ("100%健全健全") -- when that gives no more values
    than there are items."""
    out: list[str] = []
    for tok in tokens:
        for part in _NEW_VALUE.split(tok):
            out.extend(_split_words(part))
    return out if len(out) <= n else tokens


def _split_words(text: str) -> list[str]:
    """"≥85%清零" -> ["≥85%", "清零"]; "健全健全" -> ["健全", "健全"]: a tail made only of
    standard qualitative words comes apart, word by word, from what stands before it."""
    for cut in range(len(text)):
        tail = text[cut:]
        if _WORDS.fullmatch(tail) and (cut == 0 or text[cut - 1] in "%％" or
                                       text[cut - 1].isdigit() or _WORDS.fullmatch(text[:cut])):
            words = _WORD.findall(tail)
            if cut == 0 and len(words) == 1:
                return [text]
            return ([text[:cut]] if cut else []) + words
    return [text] if text else []


def _distinct_heights(items: list[Item]) -> bool:
    boxes = sorted((it.box for it in items), key=lambda b: b.top)
    return all(b.top >= a.bottom - 1 for a, b in zip(boxes, boxes[1:]))


def _distance(box: BBox, line: BBox) -> float:
    y = line.mid_y
    if box.top <= y <= box.bottom:
        return 0.0
    return min(abs(y - box.top), abs(y - box.bottom))


def group_plain_lines(pieces: list[Piece], values: list[TextLine]) -> list[list[Piece]]:
    """Given consecutive plain lines of one cell, return them grouped into items.

    With one value (or none) beside them they are one wrapped item; with several value lines
    each line goes with the value printed nearest to it, and lines sharing a value are one item.
    """
    if len(values) <= 1 or len(pieces) <= 1:
        return [pieces]
    if len(pieces) == len(values):
        return [[p] for p in pieces]
    groups: list[list[Piece]] = []
    last = -1
    for p in pieces:
        nearest = min(range(len(values)), key=lambda i: _distance(p.box, values[i].bbox))
        if groups and nearest == last:
            groups[-1].append(p)
        else:
            groups.append([p])
        last = nearest
    return groups


def item_from_pieces(pieces: list[Piece], level1: str | None, level2: str | None) -> Item:
    """Join a group of pieces into one Item, splitting off a value glued to its end."""
    name = join_lines([p.text for p in pieces])
    name, glued = split_glued_value(name)
    box = BBox(min(p.box.x0 for p in pieces), min(p.box.top for p in pieces),
               max(p.box.x1 for p in pieces), max(p.box.bottom for p in pieces))
    return Item(name, level2, level1, box, glued)
