"""The HTML map as a file: offline, escaped, cut to the top nodes at size, physics off when large."""

from __future__ import annotations

import json
import re

import network_fixtures as fixtures
import networkx as nx
import pytest
from network_fixtures import EVIL_NAME, ROTEM

from kg.cli import main
from kg.errors import KgError
from kg.network import edge_evidence, evidence, network, project
from kg.render import PHYSICS_LIMIT, render_map

network_store = fixtures.network_store
network_store_path = fixtures.network_store_path

REMOTE = re.compile(r"https?://", re.IGNORECASE)


def _data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.DOTALL)
    return json.loads(match.group(1))


def synthetic(n: int, m: int = 2, seed: int = 1) -> nx.Graph:
    g = nx.barabasi_albert_graph(n, m, seed=seed)
    g = nx.relabel_nodes(g, {i: f"https://w3id.org/defense-kg/id/company/c{i}" for i in g})
    for node in g:
        g.nodes[node].update(label=f"Firm {node.rsplit('c', 1)[-1]}", country="")
        g.nodes[node]["class"] = "Company"
    return g


@pytest.fixture(scope="module")
def page(network_store) -> str:
    g = project(network_store, "partners")
    return render_map(g, evidence=evidence(network_store, g), title="<script>alert('title')</script>")


def test_no_remote_scripts_or_styles(page):
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", page, re.IGNORECASE)
    assert tags and all(not re.search(r"\b(?:src|href)\s*=", tag, re.IGNORECASE) for tag in tags)
    assert "<link" not in page
    for tag in tags:
        assert not REMOTE.search(tag)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert "default-src &#x27;none&#x27;" in csp and "unsafe-inline" not in csp.split("script-src")[1]


def test_vis_network_is_inlined(page):
    assert "vis-network" in page and "new vis.Network(" in page
    assert len(page) > 400_000  # the library itself, not a reference to it


def test_article_strings_are_escaped(page):
    assert "<script>alert(" not in page
    assert (
        "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page.split("<body>")[1].split("</h1>")[0]
    )
    # Entity names and evidence only travel as JSON with <, > and & escaped.
    assert EVIL_NAME not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    data = _data(page)
    evil = next(n for n in data["nodes"] if n["label"] == EVIL_NAME)
    assert (
        evil["info"]["evidence"][0]["url"] == "javascript:alert(2)"
    )  # kept as data; the page never links it
    assert all("title" not in n for n in data["nodes"])


def test_tooltip_data(page):
    data = _data(page)
    rotem = next(n for n in data["nodes"] if n["id"] == ROTEM)
    assert rotem["info"]["class"] == "Company" and rotem["info"]["country"] == "south-korea"
    assert rotem["info"]["measure"] == "pagerank" and rotem["info"]["score"] > 0.2
    assert rotem["info"]["evidence"][0]["url"] == "https://example.org/news/fame-stx-rotem"
    assert {item["class"] for item in data["legend"]} == {"Company", "Country", "GovernmentBody"}
    assert max(data["nodes"], key=lambda n: n["size"])["id"] == ROTEM
    heavy = [e for e in data["edges"] if e["info"]["weight"] == 2]
    assert len(heavy) == 1 and heavy[0]["width"] > min(e["width"] for e in data["edges"])
    assert data["options"]["physics"]["enabled"] is True  # small: let it settle


def test_large_graphs_are_cut_to_the_most_central(tmp_path):
    g = synthetic(PHYSICS_LIMIT + 200)
    page = render_map(g, max_nodes=PHYSICS_LIMIT + 50, size_by="degree")
    data = _data(page)
    assert len(data["nodes"]) == PHYSICS_LIMIT + 50
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert (
        f"Showing the {PHYSICS_LIMIT + 50:,} nodes with the highest degree of {PHYSICS_LIMIT + 200:,}" in page
    )
    kept = {n["id"] for n in data["nodes"]}
    assert "https://w3id.org/defense-kg/id/company/c0" in kept  # the oldest BA node is a hub
    assert all(e["from"] in kept and e["to"] in kept for e in data["edges"])
    assert not any("arrows" in e for e in data["edges"])


def test_layout_is_deterministic():
    g = synthetic(PHYSICS_LIMIT + 20)
    assert _data(render_map(g))["nodes"] == _data(render_map(g))["nodes"]


def test_bad_options():
    with pytest.raises(KgError, match="unknown measure"):
        render_map(nx.Graph(), size_by="fame")
    with pytest.raises(KgError, match="max-nodes"):
        render_map(nx.Graph(), max_nodes=0)
    assert _data(render_map(nx.Graph()))["nodes"] == []


def test_cli_viz(runner, network_store_path, tmp_path):
    out = tmp_path / "map.html"
    result = runner.invoke(
        main,
        [
            "viz",
            "--store",
            network_store_path,
            "-o",
            str(out),
            "--size-by",
            "betweenness",
            "--type",
            "Company",
        ],
    )
    assert result.exit_code == 0, result.output
    data = _data(out.read_text())
    assert {n["info"]["class"] for n in data["nodes"]} == {"Company"}
    assert data["measure"] == "betweenness"


def test_links_quote_their_evidence(sample_store):
    net = network(sample_store, "partners")
    page = render_map(
        net,
        evidence=lambda shown: evidence(sample_store, shown),
        edge_evidence=lambda shown: edge_evidence(sample_store, shown),
    )
    data = _data(page)
    assert len(data["edges"]) == net.number_of_edges()
    quoted = [e for e in data["edges"] if e["info"]["evidence"]]
    assert len(quoted) == len(data["edges"])
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    fame = next(e for e in quoted if {labels[e["from"]], labels[e["to"]]} == {"FAME", "Hyundai Rotem"})
    assert "Hyundai Rotem" in fame["info"]["evidence"][0]["text"]
    assert fame["info"]["evidence"][0]["url"].startswith("https://")
