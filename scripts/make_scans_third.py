"""A third scanner model, written apart from make_scans.py and make_scans_second.py, to
measure scans the pipeline was not tuned on: what a photocopier and a sheet feeder do.

    python scripts/make_scans_third.py SRC.pdf... -o DIR [--seed N]

Each file is scanned at one resolution (150, 180, 200, 240 or 300 dpi), in colour (a third of
the files) or as a grey photocopy. Every page gets:

- a seal over the table, stamped where print is, with uneven pressure, the ink multiplying
  the print under it: round (ring, star, the unit's name round the ring) or, one time in
  three, oval with 财务专用章 across it; red in colour, grey in a copy;
- a perspective warp: each corner moved up to 0.6% of the page, then a turn of up to ±2.5°
  (the columns lean a little against the rows);
- in a copy, a tone curve that darkens the print (gamma 1.1-1.5) on grey paper (215-238),
  toner specks and, on most pages, a faint streak down the page;
- a Gaussian blur or a two-to-three pixel motion blur, uneven light, noise, and JPEG at
  quality 55-65.

NAME.scan.pdf is written with NAME.truth.csv copied beside it when the source has one.
"""

from __future__ import annotations

import argparse
import io
import math
import random
import shutil
import sys
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FONT_SC = 2  # the face of the collection drawn in simplified Chinese
UNITS = ("祁连县人力资源和社会保障局", "海北州财政局", "门源县民政局", "刚察县教育局",
         "湟源县人民政府办公室", "大通县卫生健康局")
DPIS = (150, 180, 200, 240, 300)


def seal_ink(rnd: random.Random, dpi: int) -> np.ndarray:
    """How much ink a seal leaves at each pixel (0-1), on a square about the seal."""
    r = int(rnd.uniform(0.7, 0.95) * dpi)
    size = 2 * r + 20
    oval = rnd.random() < 1 / 3
    img = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(img)
    c = size / 2
    ry = r * (0.7 if oval else 1.0)
    ring = max(3, int(dpi * rnd.uniform(0.025, 0.04)))
    draw.ellipse([c - r, c - ry, c + r, c + ry], outline=255, width=ring)
    if oval:
        font = ImageFont.truetype(str(FONT), int(r * 0.2), index=FONT_SC)
        draw.text((c - r * 0.6, c - r * 0.12), "财务专用章", fill=255, font=font)
    else:
        star = r * 0.28
        draw.polygon([(c + (star if k % 2 == 0 else star * 0.4) * math.cos(a),
                       c + (star if k % 2 == 0 else star * 0.4) * math.sin(a))
                      for k in range(10) for a in [-math.pi / 2 + k * math.pi / 5]], fill=255)
        name = rnd.choice(UNITS)
        size_ch = int(r * 0.22)
        font = ImageFont.truetype(str(FONT), size_ch, index=FONT_SC)
        arc = math.radians(250)
        for k, ch in enumerate(name):
            a = -math.pi / 2 - arc / 2 + arc * (k + 0.5) / len(name)
            tile = Image.new("L", (2 * size_ch, 2 * size_ch), 0)
            ImageDraw.Draw(tile).text((size_ch / 2, size_ch / 2), ch, fill=255, font=font)
            tile = tile.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
            reach = r - ring - size_ch * 0.75
            img.paste(255, (int(c + reach * math.cos(a) - size_ch),
                            int(c + reach * math.sin(a) - size_ch)), tile)
    ink = np.asarray(img, np.float32) / 255
    rng = np.random.default_rng(rnd.randrange(1 << 30))
    pressure = cv2.resize(rng.random((6, 6)).astype(np.float32), (size, size),
                          interpolation=cv2.INTER_CUBIC)
    return cv2.GaussianBlur(ink * np.clip(0.55 + 0.5 * pressure, 0.3, 1.0), (0, 0), 0.8)


def stamped(page: np.ndarray, rnd: random.Random, dpi: int) -> np.ndarray:
    """A BGR float page with a red seal over a random spot of its print."""
    h, w = page.shape[:2]
    printed = np.argwhere(page.min(axis=2) < 128)
    if not len(printed):
        return page
    y, x = printed[rnd.randrange(len(printed))]
    ink = seal_ink(rnd, dpi)
    red = np.array([rnd.randint(20, 60), rnd.randint(20, 50), rnd.randint(190, 230)],
                   np.float32) / 255
    y0, x0 = max(0, y - ink.shape[0] // 2), max(0, x - ink.shape[1] // 2)
    y1, x1 = min(h, y0 + ink.shape[0]), min(w, x0 + ink.shape[1])
    alpha = ink[:y1 - y0, :x1 - x0, None] * rnd.uniform(0.6, 0.85)
    under = page[y0:y1, x0:x1]
    page[y0:y1, x0:x1] = under * (1 - alpha) + under * red * alpha  # ink multiplies
    return page


def warped(page: np.ndarray, rnd: random.Random) -> np.ndarray:
    """The page turned up to ±2.5° with each corner moved up to 0.6% of the page."""
    h, w = page.shape[:2]
    turn = math.radians(rnd.uniform(-2.5, 2.5))
    jitter = 0.006 * min(w, h)
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    moved = [[(px - w / 2) * math.cos(turn) - (py - h / 2) * math.sin(turn) + w / 2
              + rnd.uniform(-jitter, jitter),
              (px - w / 2) * math.sin(turn) + (py - h / 2) * math.cos(turn) + h / 2
              + rnd.uniform(-jitter, jitter)] for px, py in corners]
    m = cv2.getPerspectiveTransform(corners, np.float32(moved))
    return cv2.warpPerspective(page, m, (w, h), flags=cv2.INTER_LINEAR,
                               borderValue=(rnd.uniform(200, 255),) * 3)


def photocopied(page: np.ndarray, rnd: random.Random) -> np.ndarray:
    """A grey copy of a BGR float page: print darkened, paper greyed, specks, a streak."""
    grey = cv2.cvtColor(np.clip(page, 0, 255).astype(np.uint8),
                        cv2.COLOR_BGR2GRAY).astype(np.float32)
    grey = rnd.uniform(215, 238) * (grey / 255) ** rnd.uniform(1.1, 1.5)
    h, w = grey.shape
    if rnd.random() < 0.6:
        x = rnd.randrange(w)
        grey[:, max(0, x - 2):x + 2] *= rnd.uniform(0.85, 0.95)
    rng = np.random.default_rng(rnd.randrange(1 << 30))
    specks = cv2.dilate((rng.random(grey.shape) < 0.0003).astype(np.uint8),
                        np.ones((2, 2), np.uint8))
    grey[specks > 0] *= 0.4
    return np.repeat(grey[:, :, None], 3, axis=2)


def blurred(page: np.ndarray, rnd: random.Random, dpi: int) -> np.ndarray:
    """Gaussian or motion blur, uneven light and noise."""
    if rnd.random() < 0.5:
        page = cv2.GaussianBlur(page, (0, 0), rnd.uniform(0.5, 1.0) * dpi / 200)
    else:
        k = max(2, round(rnd.uniform(2, 3) * dpi / 200))
        kernel = np.zeros((k, k), np.float32)
        if rnd.random() < 0.5:
            kernel[k // 2, :] = 1
        else:
            kernel[:, k // 2] = 1
        page = cv2.filter2D(page, -1, kernel / k)
    h, w = page.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1 - 0.12 * ((xx / w - rnd.random()) ** 2 + (yy / h - rnd.random()) ** 2)
    page = page * light[:, :, None]
    page += np.random.default_rng(rnd.randrange(1 << 30)).normal(0, rnd.uniform(2, 6),
                                                                  page.shape)
    return np.clip(page, 0, 255).astype(np.uint8)


def scan_file(src: Path, out: Path, rnd: random.Random) -> str:
    colour = rnd.random() < 1 / 3
    dpi = rnd.choice(DPIS)
    pages = []
    for page in pdfium.PdfDocument(str(src)):
        bgr = page.render(scale=dpi / 72).to_numpy()[:, :, :3].astype(np.float32)
        bgr = warped(stamped(bgr, rnd, dpi), rnd)
        if not colour:
            bgr = photocopied(bgr, rnd)
        bgr = blurred(bgr, rnd, dpi)
        image = (Image.fromarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)) if colour
                 else Image.fromarray(bgr[:, :, 0]))
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=rnd.randint(55, 65))
        pages.append(Image.open(io.BytesIO(buf.getvalue())))
    name = src.name[:-4] + ".scan"
    pages[0].save(out / (name + ".pdf"), save_all=True, append_images=pages[1:],
                  resolution=dpi)
    truth = src.with_suffix(".truth.csv")
    if truth.exists():
        shutil.copy(truth, out / (name + ".truth.csv"))
    return f"{src.name}: {'colour' if colour else 'copy'}, {dpi} dpi, {len(pages)} pages"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sources", nargs="+", type=Path)
    ap.add_argument("-o", "--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if not FONT.is_file():
        print(f"make_scans_third: needs {FONT} (Debian: fonts-noto-cjk)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(args.seed)
    for src in args.sources:
        print(scan_file(src, args.out, rnd))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
