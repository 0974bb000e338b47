"""Map benchmark: time to write the HTML map, pyvis' ``from_nx`` for comparison, and first draw in Chromium.

Run on demand: ``.venv/bin/python benchmarks/bench_render.py [--sizes 2000,20000,100000]``.

For each synthetic partnership graph (Barabási–Albert, 3 links per new node) it
times ``render_map`` end to end (PageRank for sizes, top-1,500 cut, layout, pyvis
``add_nodes``/``add_edges``, page) on the networkx graph and on the same graph as a
``kg.network.Network`` (what ``kg viz`` passes: its igraph graph exists, only the shown
nodes become networkx), then pyvis' own ``Network.from_nx`` on the same
1,500 displayed nodes, then how long headless Chromium takes from navigation to
the first drawn frame (when ``/usr/bin/chromium`` and ``/usr/bin/chromedriver``
exist).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from kg.network.centrality import pagerank
from kg.network.graph import Network as KgNetwork
from kg.render import MAX_NODES, render_map, write_map

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def partnership_graph(n: int) -> nx.Graph:
    g = nx.barabasi_albert_graph(n, 3, seed=42)
    g = nx.relabel_nodes(g, {i: f"https://w3id.org/defense-kg/id/company/c{i}" for i in g})
    for node in g:
        g.nodes[node].update(label=f"Firm {node.rsplit('c', 1)[-1]}", country="")
        g.nodes[node]["class"] = "Company"
    return g


def first_draw_ms(path: Path) -> float | None:
    if not (Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()):
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from test_browser import FLAGS, open_map

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (*FLAGS, f"--user-data-dir={tempfile.mkdtemp(prefix='kg-bench-')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.set_window_size(1280, 900)
        return open_map(driver, path, timeout=60)
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000,100000")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="kg-render-"))
    lines = [
        (
            "| nodes | edges | render_map, networkx graph (s) | render_map, Network (s) | page size (MB) "
            "| pyvis from_nx, 1,500 shown nodes (s) | first draw in Chromium (ms) |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in (int(x) for x in args.sizes.split(",")):
        graph = partnership_graph(n)
        start = time.perf_counter()
        page = render_map(graph)
        render_s = time.perf_counter() - start
        path = write_map(out / f"map-{n}.html", page)
        network = KgNetwork.from_networkx(graph)
        start = time.perf_counter()
        render_map(network)
        network_s = time.perf_counter() - start
        scores = pagerank(graph)
        shown = graph.subgraph(sorted(graph, key=lambda v: -scores[v])[:MAX_NODES]).copy()
        start = time.perf_counter()
        Network().from_nx(shown)
        from_nx_s = time.perf_counter() - start
        draw = first_draw_ms(path)
        lines.append(
            f"| {n:,} | {graph.number_of_edges():,} | {render_s:.2f} | {network_s:.2f} | {len(page) / 1e6:.1f} "
            f"| {from_nx_s:.2f} "
            f"| {'n/a' if draw is None else f'{draw:.0f}'} |"
        )
        print(lines[-1], flush=True)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
