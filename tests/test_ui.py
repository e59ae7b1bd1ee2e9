"""The query UI in headless Chromium (Debian's chromium and chromium-driver,
installed by .ci/run): YASGUI is served by claimgraph itself, an example query
runs, and its results show."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from claimgraph.resources import yasgui_dir
from tests.conftest import headless_chromium

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None or CHROMEDRIVER is None,
        reason="Debian's chromium and chromium-driver are not installed (.ci/run installs them: "
        "apt-get install chromium chromium-driver)",
    ),
    pytest.mark.skipif(yasgui_dir() is None, reason="YASGUI is not installed: run npm ci"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    driver = headless_chromium(1400, 1000)
    try:
        yield driver
    finally:
        driver.quit()


def test_example_query_runs_and_its_results_show(browser: object, live_server: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    assert isinstance(browser, WebDriver)
    browser.get(live_server + "query")
    wait = WebDriverWait(browser, 30)
    run = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, ".yasqe_queryButton")))
    tabs = [
        t.text
        for t in browser.find_elements(By.CSS_SELECTOR, ".tabPanel, .tab a, [role=tab]")
        if t.text
    ]
    assert any("chain of sources" in t for t in tabs), tabs
    run.click()
    rows = wait.until(
        ec.presence_of_all_elements_located((By.CSS_SELECTOR, ".yasr table tbody tr"))
    )
    assert len(rows) >= 10
    table = browser.find_element(By.CSS_SELECTOR, ".yasr table").text
    assert "Sidney Blumenthal" in table
    logs = [
        e
        for e in browser.get_log("browser")
        if e["level"] == "SEVERE" and "127.0.0.1" in e["message"]
    ]
    assert logs == [], logs  # nothing of ours failed to load


def test_every_example_is_a_tab_with_its_query(browser: object, live_server: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    from claimgraph.web.examples import examples

    assert isinstance(browser, WebDriver)
    browser.get(live_server + "query")
    wait = WebDriverWait(browser, 30)
    wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, ".yasqe_queryButton")))
    tab = wait.until(
        ec.element_to_be_clickable((By.XPATH, "//*[@role='tab'][contains(., 'anonymous sources')]"))
    )
    tab.click()
    editor = browser.execute_script(
        "return document.querySelector('.tabPanel.active .CodeMirror').CodeMirror.getValue()"
    )
    expected = next(e.query for e in examples() if "anonymous" in e.title)
    assert editor.strip() == expected.strip()
    browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasqe_queryButton").click()
    rows = wait.until(
        ec.presence_of_all_elements_located(
            (By.CSS_SELECTOR, ".tabPanel.active .yasr table tbody tr")
        )
    )
    assert "a very sensitive source" in " ".join(r.text for r in rows)


def test_run_it_on_the_landing_page_shows_the_results_as_a_page(
    browser: object, live_server: str
) -> None:
    """A browser following "Run it" sees a page of results, not a download."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    assert isinstance(browser, WebDriver)
    browser.get(live_server)
    run = browser.find_element(By.LINK_TEXT, "Run it")
    run.click()
    assert browser.title.startswith("Query results")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.results tr")
    assert len(rows) > 10
    assert "Sidney Blumenthal" in browser.find_element(By.CSS_SELECTOR, "table.results").text
    links = [
        a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "table.results a")
    ]
    assert any(link and link.startswith(live_server + "article/") for link in links)
    width = browser.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1], width


# Each word of each cell (a hyphen may end a line), measured in the cell's own
# font: wider than the cell's content box means the word was broken across lines.
BROKEN_WORDS = """
const canvas = document.createElement("canvas").getContext("2d");
const broken = [];
for (const cell of document.querySelectorAll(".scroll td, .scroll th")) {
  const style = getComputedStyle(cell);
  canvas.font = style.font;
  const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  for (const word of cell.innerText.split(/[\\s-]+/)) {
    if (word && canvas.measureText(word).width > room + 1) broken.push(word);
  }
}
return broken;
"""


@pytest.mark.parametrize(
    "path", ["dumps", "sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 30"})]
)
def test_tables_scroll_on_a_phone_instead_of_breaking_words(
    browser: object, live_server: str, path: str
) -> None:
    """At 390 px a results or dumps table keeps its words whole and scrolls in its
    box; the page itself is never wider than the screen."""
    from selenium.webdriver.remote.webdriver import WebDriver

    assert isinstance(browser, WebDriver)
    size = browser.get_window_size()
    browser.set_window_size(390, 844)
    try:
        browser.get(live_server + path)
        assert browser.find_elements("css selector", ".scroll td"), browser.page_source[:500]
        assert browser.execute_script(BROKEN_WORDS) == []
        width = browser.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert width[0] <= width[1], width
    finally:
        browser.set_window_size(size["width"], size["height"])
