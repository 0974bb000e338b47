"""Running one query through a worker: time limit, row cap, and the answer in the negotiated format."""

from __future__ import annotations

import http.client
import threading
import urllib.parse
from dataclasses import dataclass

import pyoxigraph as ox

from kg.formats import serialize_graph
from kg.serve.config import ServeConfig
from kg.serve.negotiation import GRAPH_TYPES, RESULT_TYPES
from kg.serve.watchdog import Watchdog
from kg.serve.workers import WorkerPool
from kg.sparql import PREFIXES

__all__ = ["Answer", "QueryFailed", "render", "run_on_worker"]

_GRACE = 1.0  # seconds past the limit before a worker is killed: Oxigraph's own timeout goes first


class QueryFailed(Exception):
    """A query the endpoint answers with an error status and message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Answer:
    """A query's answer, capped at ``max_rows``: the backend's TSV or N-Triples, one row a line."""

    form: str
    data: bytes
    truncated: bool


def run_on_worker(pool: WorkerPool, watchdog: Watchdog, config: ServeConfig, sparql: str, form: str,
                   dataset: list[tuple[str, str]]) -> Answer:
    """Run ``sparql`` (prefixed) on an idle worker; a worker past the time limit is killed and replaced."""
    worker = pool.acquire(wait=config.timeout)
    if worker is None:
        raise QueryFailed(503, f"all {config.workers} query workers are busy; try again shortly")
    stopped = threading.Event()
    settled = threading.Lock()  # the watchdog and the finished query must not both dispose of the worker

    def stop() -> None:
        with settled:
            if finished:
                return
            stopped.set()
        pool.replace(worker)

    finished = False

    token = watchdog.arm(config.timeout + _GRACE, stop)
    graph = form in ("CONSTRUCT", "DESCRIBE")
    accept = "application/n-triples" if graph else "text/tab-separated-values"
    body = urllib.parse.urlencode([("query", sparql), *dataset]).encode()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", worker.port, timeout=config.timeout + 2 * _GRACE)
        connection.request("POST", "/query", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                    "Accept": accept})
        response = connection.getresponse()
        if response.status != 200:
            raise QueryFailed(response.status, response.read().decode(errors="replace").strip())
        data, truncated = _first_lines(response, config.max_rows + (0 if graph else 1))  # TSV has a header
        connection.close()  # a cut answer stops the worker writing rows nobody reads
    except (OSError, http.client.HTTPException) as exc:
        if stopped.is_set():
            raise QueryFailed(503, _too_long(config)) from None
        raise QueryFailed(502, f"the Oxigraph worker failed: {exc}") from None
    finally:
        watchdog.disarm(token)
        with settled:
            finished = True
            if not stopped.is_set():
                pool.release(worker)
    if stopped.is_set():
        raise QueryFailed(503, _too_long(config))
    return Answer(form, data, truncated)


def _first_lines(response: http.client.HTTPResponse, limit: int) -> tuple[bytes, bool]:
    """The first ``limit`` lines of ``response`` and whether more followed; read in blocks, not lines.

    >>> import io
    >>> class R(io.BytesIO): read1 = io.BytesIO.read1
    >>> _first_lines(R(b"h\\na\\nb\\n"), 2), _first_lines(R(b"h\\na\\n"), 2)
    ((b'h\\na\\n', True), (b'h\\na\\n', False))
    """
    data = bytearray()
    newlines = 0
    while chunk := response.read1(1 << 16):
        data += chunk
        newlines += chunk.count(b"\n")
        if newlines >= limit:
            end = 0
            for _ in range(limit):
                end = data.index(b"\n", end) + 1
            return bytes(data[:end]), len(data) > end or bool(response.read1(1))
    return bytes(data), False


def _too_long(config: ServeConfig) -> str:
    return (f"query stopped: it ran past the {config.timeout:g} s limit (KG_QUERY_TIMEOUT); "
            "narrow it, add a LIMIT, or raise the limit")


def render(answer: Answer, media_type: str, config: ServeConfig) -> bytes:
    """The answer in the negotiated ``media_type``; an error Oxigraph wrote after the rows becomes QueryFailed."""
    data = answer.data
    try:
        if answer.form in ("CONSTRUCT", "DESCRIBE"):
            triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
            return serialize_graph(triples, GRAPH_TYPES[media_type], PREFIXES)
        results = ox.parse_query_results(data, ox.QueryResultsFormat.TSV)
        return results.serialize(format=RESULT_TYPES[media_type].oxigraph)
    except SyntaxError:
        # Oxigraph reports an error met while streaming as text after the rows it sent.
        tail = data.decode(errors="replace").strip().splitlines()[-1:] or [""]
        if "cancelled" in tail[0] or "timeout" in tail[0].lower():
            raise QueryFailed(503, _too_long(config)) from None
        raise QueryFailed(500, f"the query failed while running: {tail[0][-300:]}") from None
