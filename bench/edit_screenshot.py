"""The README's picture of claimgraph edit, taken again: a live ``claimgraph
edit`` on loopback over a copy of the seed corpus, driven in Debian's headless
Chromium (the UI tests' driver): seed 006 opened, a hop's card open with a
claimant that is no actor, its live error on the field; the window saved as
a PNG.

    python bench/edit_screenshot.py [--out docs/images/edit.png] [--width 1280] [--height 800]

Needs Debian's chromium and chromium-driver, and selenium (the test extra).
Prints the file written and its size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
from tests.conftest import SEEDS, _free_port, headless_chromium  # noqa: E402

ARTICLE = "006_wikinews_canada_document"
CLAIM = "raisinghani-review"
TOKEN = "screenshot"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images" / "edit.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args()

    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(SEEDS, corpus)
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "claimgraph", "edit", str(corpus), "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "CLAIMGRAPH_EDIT_TOKEN": TOKEN},
        )
        browser = headless_chromium(args.width, args.height)
        try:
            root = f"http://127.0.0.1:{port}/"
            deadline = time.monotonic() + 60
            while True:  # the server is up when its page answers
                try:
                    browser.get(root + f"?token={TOKEN}")
                    if browser.find_elements(By.ID, "app"):
                        break
                except WebDriverException:  # not listening yet
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("the editor did not start")
                time.sleep(0.3)
            wait = WebDriverWait(browser, 30)
            browser.get(f"{root}#/article/{ARTICLE}")
            wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#text .seg"))
            index = browser.execute_script(
                "return [...document.querySelectorAll('#claims li code')]"
                ".findIndex((c) => c.textContent === arguments[0])",
                CLAIM,
            )
            browser.find_element(
                By.CSS_SELECTOR, f'#claims li[data-index="{index}"] > button.card-head'
            ).click()
            claimant = browser.find_element(By.ID, f"f-claims-{index}-claimant")
            claimant.send_keys(Keys.END, "x")  # an actor the article does not have
            wait.until(
                lambda b: b.find_elements(
                    By.CSS_SELECTOR, f'.field.invalid[data-path="claims.{index}.claimant"]'
                )
            )
            browser.execute_script(
                "document.querySelector(`#claims li[data-index='${arguments[0]}']`)"
                ".scrollIntoView({block: 'start'}); window.scrollBy(0, -8)",
                index,
            )
            claimant.click()
            time.sleep(0.3)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            browser.save_screenshot(str(args.out))
        finally:
            browser.quit()
            server.terminate()
            server.wait(timeout=60)
    png = args.out.read_bytes()
    width, height = (int.from_bytes(png[at : at + 4], "big") for at in (16, 20))  # IHDR
    print(f"{args.out}: {len(png):,} bytes, {width}x{height} px")


if __name__ == "__main__":
    main()
