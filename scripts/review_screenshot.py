"""Make docs/review.png, the README's picture of a review page: the page of a bundled sample in headless
Chromium (Debian's `chromium`, driven by Playwright) with one initiative clicked.

    .venv/bin/python scripts/review_screenshot.py [SAMPLE] [CARD]

Needs `apt-get install chromium fonts-noto-cjk` (the font draws the Japanese).
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from reformparse.output.review import read_review, review_page

ROOT = Path(__file__).resolve().parent.parent
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
]


def main() -> None:
    sample = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "samples" / "results_cards.txt"
    card = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    target = ROOT / "docs" / "review.png"
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as driver:
        page_path = Path(temp) / "review.html"
        page_path.write_text(review_page(read_review(sample)), encoding="utf-8")
        browser = driver.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(page_path.as_uri())
        page.click(f"#i{card} h3")
        shot = page.screenshot()
        browser.close()
    from PIL import Image

    image = Image.open(io.BytesIO(shot)).convert("RGB").quantize(64)
    image.save(target, optimize=True)
    print(f"{target}: {target.stat().st_size // 1024} kB")


if __name__ == "__main__":
    main()
