"""Stage 2: Page -> PageKind, decided once per page with the reason, so it can be reported."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .source import Page

#: a page with fewer readable characters than this has no usable text layer
MIN_TEXT_CHARS = 8
#: above this share of unreadable characters the text layer is broken (no ToUnicode, PUA)
MAX_BROKEN_SHARE = 0.10
#: images covering this share of a page with no text make it a scan
SCAN_IMAGE_COVER = 0.30
#: this many curved segments on a page without text are glyphs drawn as outlines
OUTLINE_CURVES = 200


class PageKind(Enum):
    TEXT = "text"  # usable text layer
    SCANNED = "scanned"  # image only: needs OCR
    BROKEN_TEXT = "broken-text"  # text layer present but unreadable: needs OCR
    BLANK = "blank"  # nothing printed


@dataclass(frozen=True, slots=True)
class PageVerdict:
    kind: PageKind
    reason: str

    @property
    def needs_ocr(self) -> bool:
        return self.kind in (PageKind.SCANNED, PageKind.BROKEN_TEXT)


def classify_page(page: Page) -> PageVerdict:
    """Given a page, return what kind it is and why."""
    n = len(page.chars)
    total = n + page.broken_chars
    if total and page.broken_chars / total > MAX_BROKEN_SHARE:
        return PageVerdict(
            PageKind.BROKEN_TEXT,
            f"text layer unreadable ({page.broken_chars} of {total} characters have no "
            "Unicode mapping)",
        )
    if n < MIN_TEXT_CHARS:
        if page.image_cover >= SCAN_IMAGE_COVER and n == 0 or page.image_cover >= 0.6:
            return PageVerdict(PageKind.SCANNED,
                               f"image-only page ({page.image_cover:.0%} covered by images)")
        if n == 0 and page.image_cover > 0.02 and page.segments:
            return PageVerdict(PageKind.SCANNED,
                               "ruled lines drawn over an image of the text")
        if not page.segments and n == 0:
            return PageVerdict(PageKind.BLANK, "nothing printed on the page")
        if n == 0 and page.curves >= OUTLINE_CURVES:
            return PageVerdict(PageKind.BROKEN_TEXT,
                               f"no text layer but {page.curves} curves drawn (text as outlines)")
    return PageVerdict(PageKind.TEXT, f"{n} characters in the text layer")
