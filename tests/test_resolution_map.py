"""The map's year range control in headless Chromium, offline: links hide and return by deal year."""

from __future__ import annotations

import networkx as nx
import pytest
from test_browser import browser, open_map  # noqa: F401 - the module's headless Chromium fixture

from kg.render import render_map, write_map

pytestmark = pytest.mark.browser

FIRM = "https://w3id.org/defense-kg/id/company/"


def dated_graph() -> nx.Graph:
    graph = nx.Graph()
    for name in ("a", "b", "c", "d"):
        graph.add_node(FIRM + name, label=name.upper(), country="", **{"class": "Company"})
    graph.add_edge(
        FIRM + "a", FIRM + "b", weight=1, dates=["2015-03-01"], kinds=["contract"], agreements=["x"]
    )
    graph.add_edge(
        FIRM + "b", FIRM + "c", weight=2, dates=["2020", "2024-05-22"], kinds=["mou"], agreements=["y", "z"]
    )
    graph.add_edge(FIRM + "c", FIRM + "d", weight=1, dates=["2024-05"], kinds=["contract"], agreements=["w"])
    return graph


def hidden(driver) -> list[bool]:
    return driver.execute_script(
        "return window.kgMap.edges.get({order: 'id'}).map(function (e) { return !!e.hidden; })"
    )


def test_year_range_hides_links_with_no_deal_in_range(browser, tmp_path):  # noqa: F811
    path = write_map(tmp_path / "years.html", render_map(dated_graph()))
    open_map(browser, path)
    assert browser.find_element("id", "kg-years").is_displayed()
    assert hidden(browser) == [False, False, False]
    assert browser.find_element("id", "kg-year-label").text == "2015\u20132024"

    # Move the first-year slider as a reader would: the 2015 link goes, the others stay.
    browser.execute_script(
        "var box = document.getElementById('kg-year-from'); box.value = 2019;"
        "box.dispatchEvent(new Event('input'));"
    )
    assert hidden(browser) == [True, False, False]
    assert browser.find_element("id", "kg-year-status").text == "2 links"

    browser.execute_script(
        "var box = document.getElementById('kg-year-to'); box.value = 2021;"
        "box.dispatchEvent(new Event('input'));"
    )
    assert hidden(browser) == [True, False, True]
    assert browser.find_element("id", "kg-year-label").text == "2019\u20132021"
    assert browser.execute_script("return window.kgMap.setYears(2010, 2030)") == 3
    assert not [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def test_no_year_control_without_dates(browser, tmp_path):  # noqa: F811
    graph = nx.Graph([(FIRM + "a", FIRM + "b")])
    path = write_map(tmp_path / "undated.html", render_map(graph))
    open_map(browser, path)
    assert not browser.find_element("id", "kg-years").is_displayed()
