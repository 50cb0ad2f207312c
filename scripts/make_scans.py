"""Make scanned twins of born-digital PDFs: what a photocopied, stamped 公开表 looks like.

    python scripts/make_scans.py SRC.pdf [SRC.pdf ...] -o DIR [--seed N] [--pages 1,3]

Each page is rendered at a random 150-300 dpi, turned by up to ±2.5° (and, with --turn P,
by 90, 180 or 270 degrees with probability P), blurred, given noise and uneven light,
stamped with a red round seal over the table (translucent, as stamp ink is), saved as JPEG
(quality about 60) and put back into an image-only PDF, NAME.scan.pdf, with NAME.truth.csv
copied beside it when the source has one (the same rows: only the confidence column
differs).
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
from PIL import Image


def seal(image: np.ndarray, rnd: random.Random) -> None:
    """Stamp a red 公章: a ring, a star and an arc of marks, over the page's table area."""
    h, w = image.shape[:2]
    r = int(min(h, w) * rnd.uniform(0.07, 0.1))
    cx, cy = int(w * rnd.uniform(0.3, 0.8)), int(h * rnd.uniform(0.3, 0.7))
    red = (40, 40, 220)
    overlay = np.full_like(image, 255)
    cv2.circle(overlay, (cx, cy), r, red, max(3, r // 14))
    star = [(cx + int(r * 0.35 * math.cos(math.pi / 2 + k * 4 * math.pi / 5)),
             cy - int(r * 0.35 * math.sin(math.pi / 2 + k * 4 * math.pi / 5))) for k in range(5)]
    cv2.fillPoly(overlay, [np.array(star)], red)
    for k in range(14):  # the characters around the ring, as blobs
        a = math.pi * (0.15 + 0.7 * k / 13)
        px, py = cx - int(r * 0.72 * math.cos(a)), cy - int(r * 0.72 * math.sin(a))
        cv2.rectangle(overlay, (px - r // 12, py - r // 12), (px + r // 12, py + r // 12), red, -1)
    # stamp ink is translucent: it darkens what it covers (multiply), black print stays black
    image[:] = (image.astype(np.uint16) * overlay // 255).astype(np.uint8)


def degrade(image: np.ndarray, rnd: random.Random) -> np.ndarray:
    h, w = image.shape[:2]
    angle = rnd.uniform(-2.5, 2.5)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    image = cv2.warpAffine(image, m, (w, h), borderValue=(255, 255, 255))
    seal(image, rnd)
    light = np.linspace(rnd.uniform(0.85, 1.0), rnd.uniform(0.85, 1.0), w)[None, :, None]
    image = np.clip(image * light, 0, 255).astype(np.uint8)
    k = rnd.choice([1, 3])
    if k > 1:
        image = cv2.GaussianBlur(image, (k, k), 0)
    noise = np.random.default_rng(rnd.randint(0, 1 << 30)).normal(0, 6, image.shape)
    return np.clip(image + noise, 0, 255).astype(np.uint8)


def scan(src: Path, out: Path, rnd: random.Random, pages: list[int] | None,
         turn: float = 0.0) -> Path:
    doc = pdfium.PdfDocument(str(src))
    images = []
    numbers = pages or list(range(1, len(doc) + 1))
    dpi = rnd.choice([150, 200, 240, 300])
    for n in numbers:
        bgr = doc[n - 1].render(scale=dpi / 72).to_numpy()[:, :, :3].copy()
        bgr = degrade(bgr, rnd)
        if turn and rnd.random() < turn:  # fed into the scanner sideways or upside down
            bgr = np.ascontiguousarray(np.rot90(bgr, rnd.choice([1, 2, 3])))
        ok, jpg = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, rnd.randint(55, 70)])
        assert ok
        images.append(Image.open(io.BytesIO(jpg.tobytes())).convert("RGB"))
    target = out / f"{src.stem}.scan.pdf"
    images[0].save(target, save_all=True, append_images=images[1:], resolution=dpi)
    truth = src.with_suffix("").with_suffix(".truth.csv")
    if truth.exists() and pages is None:
        shutil.copy(truth, out / f"{src.stem}.scan.truth.csv")
    return target


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sources", type=Path, nargs="+")
    ap.add_argument("-o", "--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pages", type=lambda s: [int(x) for x in s.split(",")])
    ap.add_argument("--turn", type=float, default=0.0, metavar="P",
                    help="turn each page by 90, 180 or 270 degrees with probability P")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(args.seed)
    for src in args.sources:
        print(scan(src, args.out, rnd, args.pages, args.turn))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
