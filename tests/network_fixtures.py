"""Fixtures shared by the network, centrality, export, render and browser tests (no tests here).

``network_store`` loads ``tests/data/network.trig`` — FAME, STX and Hyundai Rotem's
agreement with Peru and South Korea, the K2 and K9 deals with Poland, an MoU, a
deal prospect, and an entity named like an XSS payload — into a real on-disk store
through SPARQL Update, the way ``kg ingest`` writes.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import open_store

FIXTURE = Path(__file__).parent / "data" / "network.trig"
ID = "https://w3id.org/defense-kg/id/"
FAME, ROTEM, STX = ID + "company/fame", ID + "company/hyundai-rotem", ID + "company/stx"
HANWHA, EVIL, NAVANTIA = ID + "company/hanwha-aerospace", ID + "company/evil", ID + "company/navantia"
PERU, KOREA, POLAND = ID + "country/peru", ID + "country/south-korea", ID + "country/poland"
POLAND_MND = ID + "governmentbody/poland-mnd"
EVIL_NAME = "<img src=x onerror=alert(1)>"


def insert_data(path: Path = FIXTURE) -> str:
    """SPARQL Update inserting every quad of a TriG file, one GRAPH block per named graph."""
    graphs: dict[str, list[str]] = {}
    with path.open("rb") as f:
        for quad in ox.parse(f, format=ox.RdfFormat.TRIG):
            graphs.setdefault(str(quad.graph_name), []).append(
                f"{quad.subject} {quad.predicate} {quad.object} ."
            )
    blocks = [f"GRAPH {name} {{\n" + "\n".join(lines) + "\n}" for name, lines in graphs.items()]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"


def make_store(directory: Path) -> str:
    """Create an on-disk store holding the fixture; returns its path."""
    path = directory / "store"
    with open_store(str(path), writable=True) as store:
        store.update(insert_data())
    return str(path)


@pytest.fixture(scope="module")
def network_store_path(tmp_path_factory) -> str:
    """Path of an on-disk store holding the fixture graph."""
    return make_store(tmp_path_factory.mktemp("network"))


@pytest.fixture(scope="module")
def network_store(network_store_path):
    """The fixture store, open read-only."""
    with open_store(network_store_path) as store:
        yield store
