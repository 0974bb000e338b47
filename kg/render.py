"""An interactive HTML map of a projection with pyvis: offline, escaped and fast at size.

The page inlines the vis-network script and stylesheet pyvis ships, so it opens
from disk with no network, and a Content-Security-Policy forbids loading anything
else. Every string from articles travels as JSON inside a non-executable
``<script type="application/json">`` block and reaches the page through
``textContent`` only: pyvis' own template writes the heading unescaped and turns
titles into raw HTML as soon as one contains "href", so it is not used.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from kg.errors import KgError
from kg.network.centrality import MEASURES, SEED
from kg.network.graph import Network

if TYPE_CHECKING:
    from pyvis.network import Network as PyvisNetwork

__all__ = ["CLASS_COLORS", "MAX_NODES", "PHYSICS_LIMIT", "render_map", "write_map"]

#: Above this many nodes the map keeps the most central ones and says so.
MAX_NODES = 1500
#: Above this many nodes the layout is fixed (computed here) and physics is off.
PHYSICS_LIMIT = 300

#: Node colour per ontology class; anything else is grey.
CLASS_COLORS = {
    "Country": "#e15759",
    "Company": "#4e79a7",
    "GovernmentBody": "#f28e2b",
    "MilitaryOrganization": "#59a14f",
    "Organization": "#76b7b2",
    "Person": "#edc948",
    "Site": "#b07aa1",
    "Place": "#ff9da7",
    "Product": "#9c755f",
    "Agreement": "#bab0ac",
    "DealProspect": "#d4a6c8",
}
_OTHER_COLOR = "#8c8c8c"


@dataclass(frozen=True)
class _Selection:
    graph: nx.Graph
    scores: dict[str, float]
    note: str


def _select(graph: Network | nx.Graph, size_by: str, max_nodes: int) -> _Selection:
    """Score every node; keep the ``max_nodes`` best and the links among them, as a networkx graph."""
    if size_by not in MEASURES:
        raise KgError(f"unknown measure {size_by!r} to size nodes by: choose from {', '.join(MEASURES)}")
    scores = MEASURES[size_by].function(graph) if len(graph) else {}
    if len(graph) <= max_nodes:
        return _Selection(_networkx(graph), scores, "")
    ranked = sorted(graph, key=lambda n: (-_finite(scores.get(n, 0.0)), str(n)))[:max_nodes]
    sub = _networkx(graph.subgraph(ranked)) if isinstance(graph, Network) else graph.subgraph(ranked).copy()
    note = f"Showing the {max_nodes:,} nodes with the highest {size_by} of {len(graph):,}, and the links among them."
    return _Selection(sub, scores, note)


def _networkx(graph: Network | nx.Graph) -> nx.Graph:
    return graph.to_networkx() if isinstance(graph, Network) else graph


def _finite(value: float) -> float:
    return value if isinstance(value, (int, float)) and math.isfinite(value) else 0.0


def _layout(graph: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Positions in page pixels: networkx's spring layout, or the same model vectorized above PHYSICS_LIMIT."""
    if len(graph) == 0:
        return {}
    if len(graph) <= PHYSICS_LIMIT:
        positions = nx.spring_layout(graph, seed=seed, iterations=50, weight=None)
        coords = {node: (float(x), float(y)) for node, (x, y) in positions.items()}
    else:
        coords = _fruchterman_reingold(graph, seed)
    scale = 120 + 28 * math.sqrt(len(graph))
    return {node: (x * scale, y * scale) for node, (x, y) in coords.items()}


def _fruchterman_reingold(graph: nx.Graph, seed: int, iterations: int = 50) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold as in networkx's dense variant, in float32 with no 3-D temporaries.

    networkx switches to a sparse variant above 500 nodes that loops in Python:
    8 s for 1,500 nodes here, against about 1 s for this one.
    """
    nodes = list(graph)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    adjacency = np.zeros((n, n), dtype=np.float32)
    for u, v in graph.edges():
        if u != v:
            adjacency[index[u], index[v]] = adjacency[index[v], index[u]] = 1.0
    rng = np.random.default_rng(seed)
    x, y = rng.random(n, dtype=np.float32), rng.random(n, dtype=np.float32)
    k = np.float32(math.sqrt(1.0 / n))
    gravity = np.float32(0.5 * n * k)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
        d2 = np.maximum(dx * dx + dy * dy, np.float32(1e-4))
        force = k * k / d2 - adjacency * np.sqrt(d2) / k  # repulsion minus attraction along edges
        # Gravity toward the centre keeps small components and isolates from flying off and shrinking the rest.
        fx = (dx * force).sum(1) - gravity * (x - x.mean())
        fy = (dy * force).sum(1) - gravity * (y - y.mean())
        step = temperature / np.maximum(np.sqrt(fx * fx + fy * fy), np.float32(0.01))
        x += fx * step
        y += fy * step
        temperature -= cooling
    x, y = x - x.mean(), y - y.mean()
    extent = float(max(np.abs(x).max(), np.abs(y).max())) or 1.0
    return {node: (float(a) / extent, float(b) / extent) for node, a, b in zip(nodes, x, y)}


def _tooltip_info(node: str, data: Mapping, score: float, size_by: str, evidence: Sequence[Mapping]) -> dict:
    return {
        "id": node,
        "label": str(data.get("label", node)),
        "class": str(data.get("class", "")),
        "country": _tail(str(data.get("country", ""))),
        "measure": size_by,
        "score": round(_finite(score), 6),
        "evidence": _quotes(evidence),
    }


def _quotes(evidence: Sequence[Mapping]) -> list[dict[str, str]]:
    return [
        {"text": str(e.get("text", "")), "url": str(e.get("url", "")), "title": str(e.get("title", ""))}
        for e in evidence
    ]


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1] if iri else ""


def _network(
    selection: _Selection,
    size_by: str,
    evidence: Mapping[str, Sequence[Mapping]],
    edge_evidence: Mapping[tuple[str, str], Sequence[Mapping]],
    seed: int,
) -> PyvisNetwork:
    # Only the map needs pyvis (and jinja2): imported here, not with every kg command.
    from pyvis.network import Network as PyvisNetwork

    graph = selection.graph
    positions = _layout(graph, seed)
    nodes = list(graph)
    top = max((_finite(selection.scores.get(n, 0.0)) for n in nodes), default=0.0) or 1.0
    # directed=True only skips pyvis' per-edge scan for duplicates (quadratic); arrows are switched off below.
    net = PyvisNetwork(directed=True, height="100%", width="100%")
    if nodes:
        net.add_nodes(
            nodes,
            label=[str(graph.nodes[n].get("label", n)) for n in nodes],
            color=[CLASS_COLORS.get(graph.nodes[n].get("class", ""), _OTHER_COLOR) for n in nodes],
            size=[8 + 32 * math.sqrt(max(_finite(selection.scores.get(n, 0.0)), 0.0) / top) for n in nodes],
            x=[positions[n][0] for n in nodes],
            y=[positions[n][1] for n in nodes],
        )
    net.add_edges(
        [(u, v, 1 + 2 * math.log2(max(float(w or 1), 1.0))) for u, v, w in graph.edges(data="weight")]
    )
    for node in net.nodes:
        data = graph.nodes[node["id"]]
        node["group"] = str(data.get("class", ""))
        node["info"] = _tooltip_info(
            node["id"], data, selection.scores.get(node["id"], 0.0), size_by, evidence.get(node["id"], ())
        )
        node.pop("title", None)
    for i, (edge, (u, v, data)) in enumerate(zip(net.edges, graph.edges(data=True))):
        edge.pop("arrows", None)
        dates = sorted(set(map(str, data.get("dates", []))) - {"", "None"})
        edge["id"] = f"e{i}"
        edge["info"] = {
            "weight": data.get("weight", 1),
            "kinds": sorted(set(map(str, data.get("kinds", [])))),
            "dates": dates,
            "years": sorted({int(d[:4]) for d in dates if d[:4].isdigit()}),
            "predicates": sorted(set(map(str, data.get("predicates", [])))),
            "evidence": _quotes(edge_evidence.get((u, v)) or edge_evidence.get((v, u)) or ()),
        }
    physics = len(nodes) <= PHYSICS_LIMIT
    net.set_options(json.dumps(_options(physics, len(nodes))))
    return net


def _options(physics: bool, n: int) -> dict:
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False},
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "stabilization": {"enabled": physics, "iterations": 150, "fit": True},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": n > 500,
            "navigationButtons": False,
        },
        "nodes": {"shape": "dot", "font": {"size": 12, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {"smooth": False, "color": {"color": "#9aa0a6", "opacity": 0.55}, "arrows": {"to": False}},
    }


def _json_for_script(value: object) -> str:
    """JSON that cannot close its ``<script>`` element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def render_map(
    graph: Network | nx.Graph,
    *,
    title: str = "Defense-industry partnership network",
    size_by: str = "pagerank",
    evidence: Mapping[str, Sequence[Mapping[str, str]]] | Callable[[list[str]], Mapping] | None = None,
    edge_evidence: Mapping[tuple[str, str], Sequence[Mapping[str, str]]]
    | Callable[[list[tuple[str, str, dict]]], Mapping]
    | None = None,
    max_nodes: int = MAX_NODES,
    seed: int = SEED,
) -> str:
    """The HTML page of an interactive map of ``graph``: colour by class, size by ``size_by``.

    ``evidence`` maps nodes to sentences (``text``, ``url``, ``title``) shown in
    their tooltips, or is a function asked for the shown nodes' sentences only;
    ``edge_evidence`` does the same for links, keyed ``(u, v)``, or is a function
    asked with the shown links ``(u, v, data)``. Links are kept only when they are http(s).

    >>> page = render_map(nx.Graph([("a", "b")]), title="<b>")
    >>> "<h1>&lt;b&gt;</h1>" in page, "http://" in page.split("<script")[0]
    (True, False)
    """
    if max_nodes < 1:
        raise KgError(f"--max-nodes {max_nodes}: must be at least 1")
    selection = _select(graph, size_by, max_nodes)
    if callable(evidence):
        evidence = evidence(list(selection.graph))
    if callable(edge_evidence):
        edge_evidence = edge_evidence(list(selection.graph.edges(data=True)))
    net = _network(selection, size_by, evidence or {}, edge_evidence or {}, seed)
    classes = sorted({str(d.get("class", "")) for _, d in selection.graph.nodes(data=True)})
    payload = {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": json.loads(net.options.to_json()) if hasattr(net.options, "to_json") else net.options,
        "legend": [{"class": c, "color": CLASS_COLORS.get(c, _OTHER_COLOR)} for c in classes],
        "measure": size_by,
        "years": _year_range(net.edges),
    }
    vis = _vis_directory()
    vis_js = (vis / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (vis / "vis-network.css").read_text(encoding="utf-8")
    scripts = (vis_js, _APP_JS)
    csp = (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        f"script-src {' '.join(_csp_hash(s) for s in scripts)}; base-uri 'none'; form-action 'none'"
    )
    count = f"{selection.graph.number_of_nodes():,} nodes, {selection.graph.number_of_edges():,} links"
    return _PAGE.format(
        csp=html.escape(csp, quote=True),
        title=html.escape(title),
        vis_css=vis_css,
        css=_CSS,
        note=html.escape(selection.note),
        note_hidden="" if selection.note else " hidden",
        count=html.escape(count),
        measure=html.escape(size_by),
        data=_json_for_script(payload),
        vis_js=vis_js,
        app_js=_APP_JS,
    )


def _vis_directory() -> Path:
    """vis-network's script and stylesheet as the installed pyvis ships them."""
    import pyvis

    return Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"


def _year_range(edges: Sequence[Mapping]) -> list[int] | None:
    """First and last year of the deals behind the edges, for the page's year control; None when undated."""
    years = [y for e in edges for y in e["info"]["years"]]
    return [min(years), max(years)] if years else None


def write_map(path: str | Path, page: str) -> Path:
    """Write the page to ``path``."""
    target = Path(path)
    try:
        target.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise KgError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    return target


_CSS = """
html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; color: #222; }
body { display: flex; flex-direction: column; }
header { padding: 8px 12px; border-bottom: 1px solid #ddd; display: flex; flex-wrap: wrap; gap: 8px 18px;
  align-items: center; }
header h1 { font-size: 17px; margin: 0; }
#kg-note { background: #fff4ce; padding: 2px 8px; border-radius: 4px; }
#kg-legend { display: flex; flex-wrap: wrap; gap: 4px 12px; margin: 0; padding: 0; list-style: none; }
#kg-legend label { cursor: pointer; }
.kg-swatch { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 4px;
  vertical-align: -1px; }
#kg-results { margin: 0; padding-left: 18px; max-height: 6em; overflow: auto; }
#kg-map { flex: 1; min-height: 300px; }
#kg-years input { width: 110px; vertical-align: middle; }
.kg-tip { max-width: 360px; white-space: normal; }
.kg-tip p { margin: 4px 0; }
.kg-tip blockquote { margin: 4px 0; padding-left: 6px; border-left: 3px solid #ccc; font-style: italic; }
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{vis_css}</style>
<style>{css}</style>
</head>
<body>
<header>
  <h1>{title}</h1>
  <span id="kg-count">{count}; size by {measure}</span>
  <span id="kg-note"{note_hidden}>{note}</span>
  <span><input id="kg-search" type="search" placeholder="Find an actor" aria-label="Find an actor">
  <button id="kg-search-go" type="button">Find</button> <span id="kg-status" role="status"></span></span>
  <span id="kg-years" hidden>Years <input id="kg-year-from" type="range" aria-label="First year">
  <input id="kg-year-to" type="range" aria-label="Last year"> <output id="kg-year-label"></output>
  <span id="kg-year-status" role="status"></span></span>
  <ul id="kg-legend" aria-label="Classes: untick to hide"></ul>
  <ol id="kg-results"></ol>
</header>
<div id="kg-map"></div>
<script type="application/json" id="kg-data">{data}</script>
<script>{vis_js}</script>
<script>{app_js}</script>
</body>
</html>
"""

_APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function safeUrl(url) { return /^https?:\/\//i.test(url || "") ? url : null; }
  function quote(root, evidence) {
    (evidence || []).forEach(function (e) {
      root.appendChild(el("blockquote", e.text));
      var href = safeUrl(e.url);
      if (href) {
        var a = el("a", e.title || href);
        a.href = href; a.target = "_blank"; a.rel = "noopener noreferrer";
        var p = el("p"); p.appendChild(a); root.appendChild(p);
      } else if (e.title) {
        root.appendChild(el("p", e.title));
      }
    });
  }
  function nodeTip(info) {
    var root = el("div", null, "kg-tip");
    root.appendChild(el("strong", info.label));
    var facts = [info["class"]];
    if (info.country) facts.push(info.country);
    facts.push(info.measure + " " + Number(info.score).toPrecision(3));
    root.appendChild(el("p", facts.join(" \u00b7 ")));
    quote(root, info.evidence);
    return root;
  }
  function edgeTip(info) {
    var root = el("div", null, "kg-tip");
    root.appendChild(el("strong", info.weight + (info.weight === 1 ? " link" : " links")));
    if (info.kinds.length) root.appendChild(el("p", info.kinds.join(", ")));
    if (info.dates.length) root.appendChild(el("p", info.dates.join(", ")));
    if (info.predicates.length) root.appendChild(el("p", info.predicates.join(", ")));
    quote(root, info.evidence);
    return root;
  }
  data.nodes.forEach(function (n) { n.title = nodeTip(n.info); });
  data.edges.forEach(function (e) { e.title = edgeTip(e.info); });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-map");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);

  var legend = document.getElementById("kg-legend");
  data.legend.forEach(function (item) {
    var members = data.nodes.filter(function (n) { return n.group === item["class"]; });
    var box = el("input"); box.type = "checkbox"; box.checked = true;
    box.setAttribute("data-class", item["class"]);
    box.addEventListener("change", function () {
      nodes.update(members.map(function (n) { return {id: n.id, hidden: !box.checked}; }));
    });
    var swatch = el("span", null, "kg-swatch"); swatch.style.background = item.color;
    var label = el("label"); label.appendChild(box); label.appendChild(swatch);
    label.appendChild(document.createTextNode((item["class"] || "other") + " (" + members.length + ")"));
    var li = el("li"); li.appendChild(label); legend.appendChild(li);
  });

  var input = document.getElementById("kg-search");
  var status = document.getElementById("kg-status");
  var results = document.getElementById("kg-results");
  function search(query) {
    var q = String(query || "").trim().toLowerCase();
    results.textContent = "";
    if (!q) { status.textContent = ""; network.unselectAll(); return []; }
    var found = data.nodes.filter(function (n) {
      return String(n.label).toLowerCase().indexOf(q) !== -1 || String(n.id).toLowerCase() === q;
    });
    found.slice(0, 20).forEach(function (n) {
      var li = el("li"); var a = el("a", n.label); a.href = "#";
      a.addEventListener("click", function (ev) { ev.preventDefault(); show(n.id); });
      li.appendChild(a); li.appendChild(document.createTextNode(" \u2013 " + n.info["class"]));
      results.appendChild(li);
    });
    status.textContent = found.length === 1 ? "1 match" : found.length + " matches";
    if (found.length) show(found[0].id);
    return found.map(function (n) { return n.id; });
  }
  function show(id) {
    network.selectNodes([id]);
    network.focus(id, {scale: 1.2, animation: false});
  }
  input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") search(input.value); });
  document.getElementById("kg-search-go").addEventListener("click", function () { search(input.value); });

  // Year range: an edge stays while one of its deals is dated within it; undated links always stay.
  function setYears(lo, hi) {
    var shown = 0;
    edges.update(data.edges.map(function (e) {
      var ys = e.info.years;
      var keep = !ys.length || ys.some(function (y) { return y >= lo && y <= hi; });
      if (keep) shown += 1;
      return {id: e.id, hidden: !keep};
    }));
    document.getElementById("kg-year-label").textContent = lo === hi ? String(lo) : lo + "\u2013" + hi;
    document.getElementById("kg-year-status").textContent = shown + (shown === 1 ? " link" : " links");
    return shown;
  }
  if (data.years) {
    var from = document.getElementById("kg-year-from");
    var to = document.getElementById("kg-year-to");
    [from, to].forEach(function (box) {
      box.min = data.years[0]; box.max = data.years[1]; box.step = 1;
      box.addEventListener("input", function () {
        var a = Number(from.value), b = Number(to.value);
        setYears(Math.min(a, b), Math.max(a, b));
      });
    });
    from.value = data.years[0]; to.value = data.years[1];
    document.getElementById("kg-years").hidden = false;
    setYears(data.years[0], data.years[1]);
  }

  window.kgMap = {network: network, nodes: nodes, edges: edges, search: search, nodeTip: nodeTip, edgeTip: edgeTip,
    setYears: setYears, ready: false};
  network.once("afterDrawing", function () {
    window.kgMap.ready = true;
    window.kgMap.readyAt = performance.now();
    document.body.setAttribute("data-ready", "1");
  });
})();
"""
