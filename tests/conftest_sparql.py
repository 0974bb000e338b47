"""Test helpers for the SPARQL tests: a small two-article graph, free ports, and real server processes.

The graph is built from extraction records by ``kg.build`` (the one writer of
triples), so it has exactly the shape ingest gives the sample corpus.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from kg.build import build_graph
from kg.iris import entity_iri, entity_key
from kg.network.scores import write_scores
from kg.records import Agreement, Article, Entity, Extraction, Position, Relation, Sentence
from kg.store import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OXIGRAPH = BIN / "oxigraph"
KG = BIN / "kg"


def _entity(type_: str, label: str, sentences: set[int], *alt: str) -> Entity:
    return Entity(entity_key(type_, label), type_, label, set(alt), sentences)


def _sentences(parts: tuple[str, ...], hedged: set[int] = frozenset()) -> list[Sentence]:
    result, start = [], 0
    for index, part in enumerate(parts):
        result.append(Sentence(index, start, start + len(part), part, "hedged" if index in hedged else "asserted"))
        start += len(part) + 1
    return result


def _key(type_: str, label: str) -> str:
    return entity_key(type_, label)


FAME, STX, ROTEM, HANWHA = (_key("Company", n) for n in ("FAME", "STX Corporation", "Hyundai Rotem", "Hanwha Aerospace"))
PERU, KOREA, POLAND = (_key("Country", n) for n in ("Peru", "South Korea", "Poland"))
ALVAREZ, LEE = _key("Person", "Cesar Alvarez"), _key("Person", "Lee Yong-bae")
PLANT, CHOSICA, LIMA = _key("Site", "FAME plant"), _key("Place", "Lurigancho-Chosica"), _key("Place", "Lima")
K2, K9 = _key("Product", "K2"), _key("Product", "K9")
AGENCY = _key("GovernmentBody", "Polish Armament Agency")

PERU_SENTENCES = (
    "Peru's FAME, STX Corporation and Hyundai Rotem signed a framework agreement on 14 November 2024 at the FAME plant.",
    "The FAME plant is in Lurigancho-Chosica, Lima.",
    "Cesar Alvarez, general manager of FAME, and Lee Yong-bae, CEO of Hyundai Rotem, signed it.",
    "The agreement covers the K2 tank made by Hyundai Rotem of South Korea.",
    "Peru could buy more K2 tanks from Hyundai Rotem.",
)
POLAND_SENTENCES = (
    "The Polish Armament Agency signed a contract worth 2.4 billion dollars with Hanwha Aerospace on 26 August 2022.",
    "The contract covers K9 howitzers made by Hanwha Aerospace, a South Korean firm.",
    "Poland also agreed to export terms with Hyundai Rotem for K2 tanks.",
)


def sample_extractions() -> list[Extraction]:
    """Two articles: a Peruvian framework agreement and Polish contracts with Korean firms."""
    peru = Extraction(
        Article("001-peru-k2", "\n".join(PERU_SENTENCES), title="FAME signs with Hyundai Rotem", published="2024-11-14"),
        sentences=_sentences(PERU_SENTENCES, hedged={4}),
        entities=[
            _entity("Company", "FAME", {0, 1, 2}, "Fábrica de Armas y Municiones del Ejército"),
            _entity("Company", "STX Corporation", {0}, "STX"),
            _entity("Company", "Hyundai Rotem", {0, 2, 3, 4}),
            _entity("Country", "Peru", {0, 4}),
            _entity("Country", "South Korea", {3}, "Republic of Korea"),
            _entity("Person", "Cesar Alvarez", {2}),
            _entity("Person", "Lee Yong-bae", {2}),
            _entity("Site", "FAME plant", {0, 1}),
            _entity("Place", "Lurigancho-Chosica", {1}),
            _entity("Place", "Lima", {1}),
            _entity("Product", "K2", {3, 4}),
        ],
        agreements=[
            Agreement("framework", "signed", [FAME, STX, ROTEM], [ALVAREZ, LEE], "2024-11-14", PLANT, [K2], None, None,
                      [0, 2]),
            Agreement("export", "negotiating", [PERU, ROTEM], concerns=[K2], sentences=[4]),
        ],
        positions=[Position(ALVAREZ, FAME, "General Manager", 2, "test.fixture"), Position(LEE, ROTEM, "CEO", 2, "test.fixture")],
        relations=[
            Relation(PLANT, "locatedIn", CHOSICA, 1, "test.fixture"),
            Relation(CHOSICA, "locatedIn", LIMA, 1, "test.fixture"),
            Relation(K2, "manufacturer", ROTEM, 3, "test.fixture"),
            Relation(ROTEM, "country", KOREA, 3, "test.fixture"),
            Relation(FAME, "country", PERU, 0, "test.fixture"),
        ],
    )
    poland = Extraction(
        Article("002-poland-k9", "\n".join(POLAND_SENTENCES), title="Poland buys K9", published="2022-08-26"),
        sentences=_sentences(POLAND_SENTENCES),
        entities=[
            _entity("GovernmentBody", "Polish Armament Agency", {0}),
            _entity("Company", "Hanwha Aerospace", {0, 1}),
            _entity("Company", "Hyundai Rotem", {2}),
            _entity("Country", "Poland", {2}),
            _entity("Country", "South Korea", {1}),
            _entity("Product", "K9", {1}),
            _entity("Product", "K2", {2}),
        ],
        agreements=[
            Agreement("contract", "signed", [AGENCY, HANWHA], [], "2022-08-26", None, [K9], "2400000000", "USD", [0, 1]),
            Agreement("export", "signed", [POLAND, ROTEM], concerns=[K2], sentences=[2]),
        ],
        relations=[
            Relation(K9, "manufacturer", HANWHA, 1, "test.fixture"),
            Relation(HANWHA, "country", KOREA, 1, "test.fixture"),
            Relation(AGENCY, "country", POLAND, 0, "test.fixture"),
        ],
    )
    return [peru, poland]


def load_sample(store: Store) -> None:
    """Write the sample articles' graphs into ``store`` the way ingest does, and two PageRank scores."""
    for extraction in sample_extractions():
        store.replace_graph(*build_graph(extraction))
    ranks = {entity_iri(ROTEM): 0.4, entity_iri(FAME): 0.2}
    write_scores(store, {"pagerank": ranks}, "partners")


def sample_store_on_disk(folder: Path) -> Path:
    """An embedded store in ``folder`` holding the sample graphs; its path."""
    path = folder / "store"
    with open_store(str(path), writable=True) as store:
        load_sample(store)
    return path


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 20.0) -> None:
    """Poll ``url`` until it answers; fail with the process's output if it dies or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"server exited with {process.returncode}: {out}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


@contextmanager
def running(args: list[str], ready_url: str, env: dict[str, str] | None = None):
    """Run a server process until the block ends; it is always killed, its whole process group."""
    process = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, **(env or {})},
    )
    try:
        wait_until_up(ready_url, process)
        yield process
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(timeout=5)
        if process.stdout:
            process.stdout.close()


@contextmanager
def oxigraph_server(location: Path | None = None):
    """A real read-write ``oxigraph serve`` on a free loopback port; yields its base URL."""
    port = free_port()
    args = [str(OXIGRAPH), "serve", "--bind", f"127.0.0.1:{port}"]
    if location is not None:
        args += ["--location", str(location)]
    base = f"http://127.0.0.1:{port}"
    with running(args, f"{base}/query"):
        yield base
