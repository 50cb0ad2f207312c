"""A second scanner model, written apart from make_scans.py, to measure scans the pipeline
was not tuned on: poppler renders (pypdfium2 when pdftoppm is missing), PIL degrades.

    python scripts/make_scans_second.py SRC.pdf... -o DIR [--seed N]
                                        [--mode mix|grey|bilevel|colour|dpi]

Each file is scanned in one mode (``mix``: a mode drawn per file):

- ``colour``: a colour JPEG (quality 50-70) of a sheet lying on a dark scanner lid, turned by
  up to ±2.5° with the lid showing round it and in wedges;
- ``grey``: an 8-bit grey JPEG (the seal is grey, not red);
- ``bilevel``: a 1-bit image thresholded at 150-190 (the seal comes out black);
- ``dpi``: a colour JPEG whose declared resolution is 12% off the one it was scanned at.

Every page gets a 公章 over the table (a ring, a star and the unit's name round the ring in
characters, stamped with uneven pressure, as ink multiplies), a Gaussian blur of 0.5-1.2
pixels, uneven light and noise, at 150, 200 or 300 dpi (bilevel: 200 or 300).
NAME.scan.pdf is written with NAME.truth.csv copied beside it when the source has one.
"""

from __future__ import annotations

import argparse
import io
import math
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

MODES = ("colour", "grey", "bilevel", "dpi")
FONT = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc")
SEAL_NAME = "祁连县人力资源和社会保障局"


def render(src: Path, page: int, dpi: int) -> Image.Image:
    """One page (1-based) as RGB at ``dpi``: by poppler's pdftoppm, else by pdfium."""
    if shutil.which("pdftoppm"):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page),
                            "-png", str(src), f"{tmp}/p"], check=True)
            return Image.open(next(Path(tmp).glob("p*.png"))).convert("RGB")
    doc = pdfium.PdfDocument(str(src))
    return doc[page - 1].render(scale=dpi / 72).to_pil().convert("RGB")


def seal(size: int, rnd: random.Random) -> Image.Image:
    """A red 公章 on a transparent square: ring, star, the unit's name round the top."""
    stamp = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(stamp)
    red = (210, 30, 30, 255)
    width = max(3, size // 22)
    draw.ellipse([width, width, size - width, size - width], outline=red, width=width)
    c, r = size / 2, size * 0.16
    draw.polygon([(c + r * math.cos(math.pi / 2 + k * 4 * math.pi / 5),
                   c - r * math.sin(math.pi / 2 + k * 4 * math.pi / 5)) for k in range(5)],
                 fill=red)
    font = (ImageFont.truetype(str(FONT), max(8, size // 9)) if FONT.exists()
            else ImageFont.load_default())
    for k, ch in enumerate(SEAL_NAME):
        a = math.pi * (1.15 - 1.3 * k / (len(SEAL_NAME) - 1))
        glyph = Image.new("RGBA", (size // 7, size // 7), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((0, 0), ch, font=font, fill=red)
        glyph = glyph.rotate(math.degrees(a) - 90, expand=True)
        x, y = c + size * 0.36 * math.cos(a), c - size * 0.36 * math.sin(a)
        stamp.alpha_composite(glyph, (int(x - glyph.width / 2), int(y - glyph.height / 2)))
    alpha = np.asarray(stamp.split()[3]).astype(float)  # uneven pressure
    alpha *= np.random.default_rng(rnd.randint(0, 1 << 30)).uniform(0.55, 1.0, alpha.shape)
    stamp.putalpha(Image.fromarray(alpha.astype(np.uint8)))
    return stamp


def stamp_on(page: Image.Image, rnd: random.Random) -> Image.Image:
    size = int(min(page.size) * rnd.uniform(0.16, 0.22))
    x, y = int(page.width * rnd.uniform(0.25, 0.7)), int(page.height * rnd.uniform(0.25, 0.65))
    rgba = np.asarray(seal(size, rnd)).astype(float) / 255
    base = np.asarray(page).astype(float) / 255
    patch = base[y:y + size, x:x + size]
    h, w = patch.shape[:2]
    alpha = rgba[:h, :w, 3:4]
    patch *= 1 - alpha * (1 - rgba[:h, :w, :3])  # ink multiplies what it covers
    return Image.fromarray((base * 255).astype(np.uint8))


def degrade(page: Image.Image, rnd: random.Random, mode: str, dpi: int) -> Image.Image:
    page = stamp_on(page, rnd)
    angle = rnd.uniform(-2.5, 2.5)
    if mode == "colour":  # the lid is dark: it shows round the sheet and where it lies crooked
        page = ImageOps.expand(page, border=int(dpi * 0.15), fill=(255, 255, 255))
        page = page.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=(30, 30, 30))
    else:
        page = page.rotate(angle, resample=Image.BICUBIC, fillcolor=(255, 255, 255))
    page = page.filter(ImageFilter.GaussianBlur(rnd.uniform(0.5, 1.2)))
    a = np.asarray(page).astype(float)
    h, w = a.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    light = 1 - 0.18 * ((xx / w - rnd.random()) ** 2 + (yy / h - rnd.random()) ** 2)
    a = a * light[:, :, None] + np.random.default_rng(rnd.randint(0, 1 << 30)).normal(0, 8,
                                                                                   a.shape)
    page = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if mode == "grey":
        return page.convert("L")
    if mode == "bilevel":
        level = rnd.choice([150, 170, 190])
        return page.convert("L").point(lambda v: 255 if v > level else 0, "1")
    return page


def scan(src: Path, out: Path, rnd: random.Random, mode: str) -> tuple[Path, str, int]:
    mode = rnd.choice(MODES) if mode == "mix" else mode
    dpi = rnd.choice([200, 300] if mode == "bilevel" else [150, 200, 300])
    pages = []
    for n in range(1, len(pdfium.PdfDocument(str(src))) + 1):
        page = degrade(render(src, n, dpi), rnd, mode, dpi)
        if mode != "bilevel":
            buf = io.BytesIO()
            page.save(buf, "JPEG", quality=rnd.randint(50, 70))
            page = Image.open(io.BytesIO(buf.getvalue()))
        pages.append(page)
    target = out / f"{src.stem}.scan.pdf"
    pages[0].save(target, save_all=True, append_images=pages[1:],
                  resolution=dpi * (1.12 if mode == "dpi" else 1.0))
    truth = src.with_suffix(".truth.csv")
    if truth.exists():
        shutil.copy(truth, out / f"{src.stem}.scan.truth.csv")
    return target, mode, dpi


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sources", type=Path, nargs="+")
    ap.add_argument("-o", "--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mode", choices=("mix", *MODES), default="mix")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(args.seed)
    for src in args.sources:
        target, mode, dpi = scan(src, args.out, rnd, args.mode)
        print(f"{target}\t{mode}\t{dpi} dpi")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
