"""The HTML map in headless Chromium with networking off: it draws, searches, stays safe and is quick."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import network_fixtures as fixtures
import pytest
from network_fixtures import EVIL, EVIL_NAME, FAME, ROTEM
from test_render import synthetic

from kg.network import evidence, project
from kg.render import MAX_NODES, render_map, write_map

pytestmark = pytest.mark.browser

network_store = fixtures.network_store
network_store_path = fixtures.network_store_path

CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # No network at all: every host resolves nowhere and every connection goes to a dead proxy.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
)


@pytest.fixture(scope="module")
def browser():
    if not (CHROMEDRIVER.exists() and CHROMIUM.exists()):
        pytest.skip("needs Debian's chromium and chromium-driver (installed by .ci/run)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_window_size(1280, 900)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def open_map(driver, path: Path, timeout: float = 10.0) -> float:
    """Open the page and wait until the network has drawn; returns ms from navigation to first draw."""
    driver.get(path.as_uri())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if driver.execute_script("return !!(window.kgMap && window.kgMap.ready)"):
            return driver.execute_script("return window.kgMap.readyAt")
        time.sleep(0.05)
    raise AssertionError(f"{path.name} did not draw within {timeout} s: {driver.get_log('browser')}")


def no_alert(driver) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        driver.switch_to.alert.dismiss()
    except NoAlertPresentException:
        return True
    return False


def drawn_pixels(driver) -> int:
    """Pixels of the map canvas that are not background."""
    return driver.execute_script(
        """
        const canvas = document.querySelector('#kg-map canvas');
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let count = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
        return count;
        """
    )


@pytest.fixture(scope="module")
def fixture_map(network_store, tmp_path_factory) -> Path:
    g = project(network_store, "partners")
    quotes = {
        (FAME, ROTEM): [
            {"text": f"{EVIL_NAME} signed", "url": "https://example.org/news/link", "title": "Link"}
        ]
    }
    page = render_map(
        g, evidence=evidence(network_store, g), edge_evidence=quotes, title=f"Map of {EVIL_NAME}"
    )
    return write_map(tmp_path_factory.mktemp("map") / "network.html", page)


def test_canvas_draws_nodes(browser, fixture_map):
    open_map(browser, fixture_map)
    assert browser.execute_script("return window.kgMap.nodes.length") == 9
    positions = browser.execute_script("return window.kgMap.network.getPositions()")
    assert set(positions) >= {ROTEM, EVIL}
    assert drawn_pixels(browser) > 2000
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []  # no CSP violation, no failed load, no script error


def test_search_finds_one(browser, fixture_map):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_map(browser, fixture_map)
    box = browser.find_element(By.ID, "kg-search")
    box.send_keys("rotem", Keys.ENTER)
    assert browser.find_element(By.ID, "kg-status").text == "1 match"
    assert browser.execute_script("return window.kgMap.network.getSelectedNodes()") == [ROTEM]
    results = browser.find_elements(By.CSS_SELECTOR, "#kg-results li")
    assert [r.text for r in results] == ["Hyundai Rotem – Company"]


def test_class_filter_hides_nodes(browser, fixture_map):
    from selenium.webdriver.common.by import By

    open_map(browser, fixture_map)
    browser.find_element(By.CSS_SELECTOR, '#kg-legend input[data-class="Country"]').click()
    hidden = browser.execute_script(
        "return window.kgMap.nodes.get({filter: n => n.hidden}).map(n => n.label)"
    )
    assert sorted(hidden) == ["Peru", "Poland", "South Korea"]


def test_hostile_names_show_as_text_and_run_nothing(browser, fixture_map):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_map(browser, fixture_map)
    assert no_alert(browser)
    assert browser.find_element(By.TAG_NAME, "h1").text == f"Map of {EVIL_NAME}"
    browser.find_element(By.ID, "kg-search").send_keys("<img", Keys.ENTER)
    assert browser.find_element(By.CSS_SELECTOR, "#kg-results li a").text == EVIL_NAME
    # Hover the node so vis-network shows its tooltip, built from text nodes.
    from selenium.webdriver.common.action_chains import ActionChains

    browser.execute_script("window.kgMap.network.moveTo({position: {x: 0, y: 0}, scale: 1})")
    point = browser.execute_script(
        "const p = window.kgMap.network.getPositions([arguments[0]])[arguments[0]];"
        "const d = window.kgMap.network.canvasToDOM(p);"
        "const r = document.querySelector('#kg-map canvas').getBoundingClientRect();"
        "window.kgMap.network.focus(arguments[0], {scale: 1.5, animation: false});"
        "const q = window.kgMap.network.canvasToDOM(p); return [q.x - r.width / 2, q.y - r.height / 2];",
        EVIL,
    )
    canvas = browser.find_element(By.CSS_SELECTOR, "#kg-map canvas")
    ActionChains(browser).move_to_element_with_offset(canvas, int(point[0]), int(point[1])).perform()
    deadline = time.monotonic() + 3
    tip = ""
    while time.monotonic() < deadline and EVIL_NAME not in tip:
        tip = browser.execute_script(
            "const t = document.querySelector('div.vis-tooltip');"
            "return t && t.style.visibility !== 'hidden' ? t.textContent : ''"
        )
        time.sleep(0.1)
    assert EVIL_NAME in tip and "licensed FAME's design" in tip
    # The evidence link was javascript: so it is shown as text, not as a link.
    assert browser.execute_script("return document.querySelectorAll('div.vis-tooltip a').length") == 0
    assert browser.execute_script("return document.querySelectorAll('img').length") == 0
    assert no_alert(browser)


def test_evidence_links_open_articles(browser, fixture_map):
    open_map(browser, fixture_map)
    href = browser.execute_script(
        "const n = window.kgMap.nodes.get(arguments[0]); const a = window.kgMap.nodeTip(n.info).querySelector('a');"
        "return a && a.getAttribute('href');",
        ROTEM,
    )
    assert href == "https://example.org/news/fame-stx-rotem"


def test_large_map_is_interactive_within_3_seconds(browser, tmp_path):
    path = write_map(tmp_path / "large.html", render_map(synthetic(3000, 3), max_nodes=MAX_NODES))
    elapsed_ms = open_map(browser, path)
    assert browser.execute_script("return window.kgMap.nodes.length") == MAX_NODES
    assert elapsed_ms < 3000, f"first draw after {elapsed_ms:.0f} ms"
    assert drawn_pixels(browser) > 10000
    found = browser.execute_script("return window.kgMap.search('Firm 0')")
    assert "https://w3id.org/defense-kg/id/company/c0" in found


def test_links_quote_their_evidence_as_text(browser, fixture_map):
    open_map(browser, fixture_map)
    text, href = browser.execute_script(
        "const e = window.kgMap.edges.get().find(e => [e.from, e.to].sort().join() === [arguments[0], arguments[1]].sort().join());"
        "const tip = window.kgMap.edgeTip(e.info); document.body.appendChild(tip);"
        "return [tip.textContent, tip.querySelector('a').getAttribute('href')];",
        FAME,
        ROTEM,
    )
    assert f"{EVIL_NAME} signed" in text and href == "https://example.org/news/link"
    assert browser.execute_script("return document.querySelectorAll('img').length") == 0
    assert no_alert(browser)
