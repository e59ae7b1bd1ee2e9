"""No page scrolls sideways, on a desktop or on a phone: long queries, IRIs and
result tables scroll or wrap inside their own boxes (headless Chromium, with
the browser and server of test_ui)."""

from __future__ import annotations

import pytest

from tests.test_ui import browser as browser  # the fixture, shared
from tests.test_ui import pytestmark as pytestmark  # skipped without Chromium or YASGUI

ARTICLE = "article/000_68f2744142ff802d"
PAGES = [
    "",
    "ns",
    ARTICLE,
    f"{ARTICLE}/claim/lede",
    "actor/mokhtar-belmokhtar",
    "actor/morocco",
]
SIZES = {"desktop": (1280, 900, False), "phone": (390, 844, True)}


def _resize(driver: object, size: str) -> None:
    from selenium.webdriver.chrome.webdriver import WebDriver

    assert isinstance(driver, WebDriver)
    width, height, mobile = SIZES[size]
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def _overflow(driver: object) -> tuple[int, int, list[str]]:
    """The page's scroll width, its viewport's width, and the widest elements."""
    from selenium.webdriver.remote.webdriver import WebDriver

    assert isinstance(driver, WebDriver)
    result: tuple[int, int, list[str]] = tuple(  # type: ignore[assignment]
        driver.execute_script(
            """
            const root = document.documentElement, limit = root.clientWidth;
            const wide = [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > limit + 1)
              .slice(0, 8)
              .map((e) => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`);
            return [root.scrollWidth, root.clientWidth, wide];
            """
        )
    )
    return result


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page", PAGES)
def test_page_fits_its_width(browser: object, live_server: str, page: str, size: str) -> None:
    from selenium.webdriver.remote.webdriver import WebDriver

    assert isinstance(browser, WebDriver)
    _resize(browser, size)
    try:
        browser.get(live_server + page)
        assert browser.find_element("css selector", "main").is_displayed()
        scroll, client, wide = _overflow(browser)
        assert scroll <= client, (page, size, wide)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("size", SIZES)
def test_query_results_scroll_in_their_box(browser: object, live_server: str, size: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    assert isinstance(browser, WebDriver)
    _resize(browser, size)
    try:
        browser.get(live_server + "query")
        wait = WebDriverWait(browser, 30)
        run = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, ".yasqe_queryButton")))
        run.click()
        wait.until(ec.presence_of_all_elements_located((By.CSS_SELECTOR, ".yasr table tbody tr")))
        scroll, client, wide = _overflow(browser)
        assert scroll <= client, (size, wide)
        # the table is still all there: its box scrolls instead
        table = browser.find_element(By.CSS_SELECTOR, ".yasr table")
        assert table.size["width"] > 0
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
