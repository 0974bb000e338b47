"""A read-only SPARQL 1.1 Protocol endpoint on a store: Oxigraph's own server behind a thin guard.

The guard adds what ``oxigraph serve-read-only`` lacks: updates refused with
403, ``SERVICE`` limited to named endpoints, a row cap, CORS for one named
origin only, predeclared prefixes, an offline query page, a service description,
and a time limit that really stops a query. Oxigraph checks its own
``--timeout-s`` only between steps, so a sort over a cross product can run on
long after it; each query therefore runs in one of a few worker processes, and
a worker still busy past the limit is killed and replaced.

While it runs, the server holds the store's reader lock: ``kg ingest`` into the
same store is refused with a message saying so, instead of writing under
readers that would not see the change.
"""

from __future__ import annotations

import contextlib
import ctypes
import html
import http.client
import json
import logging
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.queries import load_queries, query_form, service_targets
from kg.settings import setting
from kg.sparql import prefixed
from kg.store import EmbeddedStore, open_store
from kg.vocab import PREFIXES

__all__ = [
    "GRAPH_TYPES",
    "RESULT_TYPES",
    "ServeConfig",
    "SparqlServer",
    "local_store_path",
    "make_server",
    "negotiate",
    "run_server",
]

log = logging.getLogger("kg.server")

#: Media types offered for SELECT and ASK results, first is the default.
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
}
#: Media types offered for CONSTRUCT and DESCRIBE results and the service description, first is the default.
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
#: Short names accepted in a ``format`` request parameter.
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_MAX_BODY = 1 << 20
_GRACE = 1.0  # seconds past the limit before a worker is killed: Oxigraph's own timeout goes first
_ERROR_AT = re.compile(r"error at (\d+):(\d+)")


def negotiate(accept: str | None, offered: dict[str, object]) -> str | None:
    """The offered media type the ``Accept`` header prefers; the first offered one if any will do.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES)
    'application/sparql-results+xml'
    >>> negotiate("text/html", RESULT_TYPES) is None
    True
    """
    if not accept or not accept.strip():
        return next(iter(offered))
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in item.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                with contextlib.suppress(ValueError):
                    quality = float(value)
        if quality > 0:
            ranked.append((-quality, position, media.lower()))
    for _, _, media in sorted(ranked):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            family = media.split("/")[0]
            for candidate in offered:
                if media == "*/*" or candidate.startswith(family + "/"):
                    return candidate
    return None


@dataclass
class ServeConfig:
    """What ``kg serve`` serves and how; every field defaults to its setting."""

    store: Path
    host: str = field(default_factory=lambda: setting("serve_host"))
    port: int = field(default_factory=lambda: int(setting("serve_port")))
    workers: int = field(default_factory=lambda: int(setting("serve_workers")))
    timeout: float = field(default_factory=lambda: float(setting("query_timeout")))
    max_rows: int = field(default_factory=lambda: int(setting("max_rows")))
    cors_origin: str = field(default_factory=lambda: setting("cors_origin"))
    service_allow: frozenset[str] = field(default_factory=lambda: frozenset(setting("service_allow").split()))
    oxigraph: str = field(default_factory=lambda: str(Path(sys.executable).with_name("oxigraph")))


# --------------------------------------------------------------------------------------------
# Workers: oxigraph serve-read-only processes on loopback, one query at a time each
# --------------------------------------------------------------------------------------------


def _libc_prctl():
    with contextlib.suppress(OSError, AttributeError):
        return ctypes.CDLL(None).prctl
    return None


_PRCTL = _libc_prctl() if sys.platform == "linux" else None


def _die_with_parent() -> None:
    """In the child before exec: be killed when the server dies, even by SIGKILL (Linux's PR_SET_PDEATHSIG)."""
    _PRCTL(1, signal.SIGKILL)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Worker:
    """One ``oxigraph serve-read-only`` process on a loopback port."""

    def __init__(self, config: ServeConfig):
        self.config = config
        self.port = _free_port()
        args = [
            config.oxigraph, "serve-read-only", "--location", str(config.store),
            "--bind", f"127.0.0.1:{self.port}", "--union-default-graph", "--timeout-s", f"{config.timeout:g}",
        ]
        try:
            self.process = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                # Only a bound C call runs between fork and exec, so the threads of the pool cannot deadlock it.
                preexec_fn=_die_with_parent if _PRCTL else None,  # noqa: PLW1509
            )
        except OSError as exc:
            raise StoreError(f"{config.oxigraph}: cannot start the Oxigraph server ({exc.strerror})") from exc
        self._wait_ready()

    def _wait_ready(self, limit: float = 20.0) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                message = self.process.stderr.read().decode(errors="replace").strip() if self.process.stderr else ""
                raise StoreError(f"{self.config.store}: Oxigraph could not serve the store: {message or 'it exited'}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                connection.request("GET", "/query")
                connection.getresponse().read()
                connection.close()
                return
            except OSError:
                time.sleep(0.02)
        self.kill()
        raise StoreError(f"{self.config.store}: Oxigraph did not start within {limit:g} s")

    def kill(self) -> None:
        """Stop the process now, whatever it is doing."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()


class WorkerPool:
    """Idle workers; a worker that overran its time is killed and replaced in the background.

    Replacements are started by one long-lived thread: Linux delivers PR_SET_PDEATHSIG when
    the *thread* that forked the child ends, so a short-lived thread would take its worker along.
    """

    def __init__(self, config: ServeConfig):
        self.config = config
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._wanted: queue.Queue[bool] = queue.Queue()
        for _ in range(max(1, config.workers)):
            self._add(Worker(config))
        self._spawner = threading.Thread(target=self._spawn_replacements, name="kg-serve-spawner", daemon=True)
        self._spawner.start()

    def _spawn_replacements(self) -> None:
        while self._wanted.get():
            try:
                self._add(Worker(self.config))
            except StoreError as exc:
                log.error("could not replace a worker: %s", exc)

    def _add(self, worker: Worker) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def acquire(self, wait: float) -> Worker | None:
        """An idle worker, or None if none frees up within ``wait`` seconds."""
        try:
            return self._idle.get(timeout=wait)
        except queue.Empty:
            return None

    def release(self, worker: Worker) -> None:
        self._idle.put(worker)

    def replace(self, worker: Worker) -> None:
        """Kill ``worker`` and start a fresh one in its place."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        self._wanted.put(True)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        self._wanted.put(False)
        for worker in workers:
            worker.kill()


# --------------------------------------------------------------------------------------------
# Running one query through a worker
# --------------------------------------------------------------------------------------------


class Watchdog:
    """One thread that calls each armed callback at its deadline unless it is disarmed first.

    A thread per query (``threading.Timer``) would cost more than the loopback hop to the worker.
    """

    def __init__(self) -> None:
        self._armed: dict[int, tuple[float, object]] = {}
        self._next = 0
        self._wake = threading.Condition()
        self._stopped = False
        threading.Thread(target=self._run, name="kg-serve-watchdog", daemon=True).start()

    def close(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify()

    def arm(self, seconds: float, callback) -> int:
        with self._wake:
            self._next += 1
            self._armed[self._next] = (time.monotonic() + seconds, callback)
            self._wake.notify()
            return self._next

    def disarm(self, token: int) -> None:
        with self._wake:
            self._armed.pop(token, None)

    def _run(self) -> None:
        while not self._stopped:
            with self._wake:
                now = time.monotonic()
                due = [t for t, (deadline, _) in self._armed.items() if deadline <= now]
                callbacks = [self._armed.pop(t)[1] for t in due]
                if not callbacks:
                    soonest = min((d for d, _ in self._armed.values()), default=now + 60)
                    self._wake.wait(timeout=max(0.0, soonest - now))
            for callback in callbacks:
                callback()



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


def _run_on_worker(pool: WorkerPool, watchdog: Watchdog, config: ServeConfig, sparql: str, form: str,
                   dataset: list[tuple[str, str]]) -> Answer:
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


def _render(answer: Answer, media_type: str, config: ServeConfig) -> bytes:
    data = answer.data
    try:
        if answer.form in ("CONSTRUCT", "DESCRIBE"):
            triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
            fmt = GRAPH_TYPES[media_type]
            prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
            return ox.serialize(triples, format=fmt, prefixes=prefixes) or b""
        results = ox.parse_query_results(data, ox.QueryResultsFormat.TSV)
        return results.serialize(format=RESULT_TYPES[media_type])
    except SyntaxError:
        # Oxigraph reports an error met while streaming as text after the rows it sent.
        tail = data.decode(errors="replace").strip().splitlines()[-1:] or [""]
        if "cancelled" in tail[0] or "timeout" in tail[0].lower():
            raise QueryFailed(503, _too_long(config)) from None
        raise QueryFailed(500, f"the query failed while running: {tail[0][-300:]}") from None


# --------------------------------------------------------------------------------------------
# HTTP front
# --------------------------------------------------------------------------------------------


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: holds the configuration, the worker pool and the store's reader lock."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, config: ServeConfig):
        self.config = config
        self.store_handle = open_store(str(config.store))
        if not isinstance(self.store_handle, EmbeddedStore) or self.store_handle.path is None:
            self.store_handle.close()
            raise StoreError(f"{config.store}: kg serve serves an on-disk store; a remote store has its own endpoint")
        try:
            self.pool = WorkerPool(config)
        except StoreError:
            self.store_handle.close()
            raise
        self.watchdog = Watchdog()
        try:
            super().__init__((config.host, config.port), SparqlHandler)
        except OSError as exc:
            self.close()
            raise StoreError(f"cannot listen on {config.host}:{config.port}: {exc.strerror}") from exc

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def close(self) -> None:
        """Stop the workers and release the store."""
        self.watchdog.close()
        self.pool.close()
        self.store_handle.close()

    def server_close(self) -> None:
        super().server_close()
        self.close()


def make_server(config: ServeConfig) -> SparqlServer:
    """A ready server on ``config.host:config.port`` (port 0 picks a free one); then ``run_server``."""
    return SparqlServer(config)


def local_store_path(uri: str) -> Path:
    """The on-disk store a store URI names, or a StoreError for stores ``kg serve`` cannot serve.

    >>> local_store_path("oxigraph:kg-store")
    PosixPath('kg-store')
    """
    scheme = uri.partition(":")[0]
    if scheme in ("http", "https"):
        raise StoreError(f"{uri}: a remote store has its own SPARQL endpoint; query it there")
    if scheme == "memory":
        raise StoreError("memory: an in-memory store has nothing to serve; ingest into a path first")
    return Path(uri.removeprefix("oxigraph:"))


def run_server(server: SparqlServer) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM), then stop the workers and release the store."""

    def interrupt(signum, frame) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt) if threading.current_thread() is threading.main_thread() \
        else None
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _format_parameter(params: list[tuple[str, str]], offered: dict[str, object]) -> str | None:
    """The first offered type named by a ``format`` or ``output`` parameter (as SPARQLWrapper sends them)."""
    for key, value in params:
        if key in ("format", "output"):
            media_type = FORMAT_NAMES.get(value.lower(), value.lower())
            if media_type in offered:
                return media_type
    return None


class SparqlHandler(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol: GET and POST on /query (alias /sparql); the page at /."""

    server: SparqlServer
    server_version = "defense-kg"
    protocol_version = "HTTP/1.1"

    # -- plumbing -----------------------------------------------------------------------------

    def log_message(self, format: str, *args) -> None:
        log.info("%s %s", self.address_string(), format % args)

    def _cors_headers(self) -> None:
        origin = self.headers.get("Origin")
        allowed = self.server.config.cors_origin
        if allowed and origin == allowed:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Expose-Headers", "X-KG-Truncated")
            self.send_header("Vary", "Origin")

    def _send(self, status: int, body: bytes, media_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        charset = "; charset=utf-8" if media_type.startswith("text/") or media_type.endswith("json") else ""
        self.send_header("Content-Type", media_type + charset)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self._cors_headers()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message.rstrip() + "\n").encode(), "text/plain")

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            raise QueryFailed(413, f"request body over {_MAX_BODY} bytes")
        return self.rfile.read(length) if length else b""

    # -- methods ------------------------------------------------------------------------------

    def do_GET(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        if parts.path in ("/", "/index.html"):
            self._send(200, query_page(), "text/html")
        elif parts.path in ("/query", "/sparql"):
            if any(k == "update" for k, _ in params):
                self._error(403, "this endpoint is read-only: updates are refused")
            elif any(k == "query" for k, _ in params):
                self._query(params)
            else:
                self._service_description(parts.path)
        elif parts.path in ("/update", "/store"):
            self._error(403, "this endpoint is read-only: updates and the Graph Store Protocol are refused")
        else:
            self._error(404, f"nothing at {parts.path}: the SPARQL endpoint is /query, the query page is /")

    do_HEAD = do_GET

    def do_POST(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        try:
            body = self._body()
        except QueryFailed as failure:
            self.close_connection = True
            self._error(failure.status, failure.message)
            return
        if parts.path not in ("/query", "/sparql"):
            self._refuse_write(parts.path)
            return
        media_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        if media_type == "application/x-www-form-urlencoded":
            params += urllib.parse.parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        elif media_type == "application/sparql-query":
            params.append(("query", body.decode("utf-8", errors="replace")))
        elif media_type == "application/sparql-update":
            self._error(403, "this endpoint is read-only: updates are refused")
            return
        else:
            self._error(415, "send a query as application/sparql-query or an HTML form "
                             "(application/x-www-form-urlencoded)")
            return
        if any(k == "update" for k, _ in params):
            self._error(403, "this endpoint is read-only: updates are refused")
        else:
            self._query(params)

    def _refuse_write(self, path: str) -> None:
        if path in ("/update", "/store", "/query", "/sparql"):
            self._error(403, "this endpoint is read-only: updates and the Graph Store Protocol are refused")
        else:
            self._error(404, f"nothing at {path}")

    def do_PUT(self) -> None:
        self.close_connection = True  # the body is left unread
        self._refuse_write(urllib.parse.urlsplit(self.path).path)

    do_DELETE = do_PATCH = do_PUT

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        origin = self.headers.get("Origin")
        if self.server.config.cors_origin and origin == self.server.config.cors_origin:
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Allow", "GET, HEAD, POST, OPTIONS")
        self.send_header("Content-Length", "0")
        self._cors_headers()
        self.end_headers()

    # -- queries ------------------------------------------------------------------------------

    def _query(self, params: list[tuple[str, str]]) -> None:
        config = self.server.config
        queries = [v for k, v in params if k == "query"]
        if len(queries) != 1:
            self._error(400, "give exactly one query parameter")
            return
        sparql = queries[0]
        form = query_form(sparql)
        if form == "UPDATE":
            self._error(403, "this endpoint is read-only: updates are refused")
            return
        if form is None:
            self._error(400, "not a SPARQL query: expected SELECT, CONSTRUCT, DESCRIBE or ASK")
            return
        refused = [t for t in service_targets(sparql) if t not in config.service_allow]
        if refused:
            target = "a variable" if refused[0] is None else f"<{refused[0]}>"
            self._error(403, f"SERVICE {target} refused: this endpoint calls no outside address "
                             "unless it is listed in KG_SERVICE_ALLOW")
            return
        offered = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
        media_type = _format_parameter(params, offered) or negotiate(self.headers.get("Accept"), offered)
        if media_type is None:
            self._error(406, f"cannot give {form} results as {self.headers.get('Accept')}; "
                             f"available: {', '.join(offered)}")
            return
        dataset = [(k, v) for k, v in params if k in ("default-graph-uri", "named-graph-uri")]
        full = prefixed(sparql)
        added = full.count("\n") - sparql.count("\n")
        started = time.monotonic()
        try:
            answer = _run_on_worker(self.server.pool, self.server.watchdog, config, full, form, dataset)
            body = _render(answer, media_type, config)
        except QueryFailed as failure:
            message = _ERROR_AT.sub(lambda m: f"error at {int(m[1]) - added}:{m[2]}", failure.message)
            self._error(failure.status, message)
            return
        extra = {"X-KG-Elapsed": f"{time.monotonic() - started:.3f}"}
        if answer.truncated:
            extra["X-KG-Truncated"] = f"results cut at {config.max_rows} rows (KG_MAX_ROWS)"
        self._send(200, body, media_type, extra)

    def _service_description(self, path: str) -> None:
        media_type = negotiate(self.headers.get("Accept"), GRAPH_TYPES)
        if media_type is None:
            self._error(406, f"the service description is available as {', '.join(GRAPH_TYPES)}")
            return
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        body = service_description(f"http://{host}{path}", media_type)
        self._send(200, body, media_type)


# --------------------------------------------------------------------------------------------
# Service description and query page
# --------------------------------------------------------------------------------------------

_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = "http://www.w3.org/ns/formats/"


def service_description(endpoint: str, media_type: str = "text/turtle") -> bytes:
    """SPARQL 1.1 Service Description of the endpoint at ``endpoint``.

    >>> b"sd:UnionDefaultGraph" in service_description("http://127.0.0.1:7879/query")
    True
    """
    sd = ox.NamedNode
    service = ox.BlankNode("service")
    rdf_type = sd(PREFIXES["rdf"] + "type")
    triples = [
        ox.Triple(service, rdf_type, sd(_SD + "Service")),
        ox.Triple(service, sd(_SD + "endpoint"), sd(endpoint)),
        ox.Triple(service, sd(_SD + "supportedLanguage"), sd(_SD + "SPARQL11Query")),
        ox.Triple(service, sd(_SD + "feature"), sd(_SD + "UnionDefaultGraph")),
    ]
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        triples.append(ox.Triple(service, sd(_SD + "resultFormat"), sd(_FORMATS + name)))
    prefixes = {"sd": _SD, "formats": _FORMATS}
    fmt = GRAPH_TYPES[media_type]
    return ox.serialize(triples, format=fmt, prefixes=prefixes if fmt is ox.RdfFormat.TURTLE else None) or b""


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>defense-kg SPARQL</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5em;max-width:80em}
textarea{width:100%;height:18em;font:13px monospace}
table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;
vertical-align:top}th{background:#eee}pre{background:#f6f6f6;padding:.5em;overflow:auto}
#status{margin-left:1em;color:#555}.error{color:#a00}
</style></head><body>
<h1>defense-kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 at <code>/query</code>; the prefixes below are predeclared.
Named queries: <select id="named"><option value="">(choose)</option>__OPTIONS__</select></p>
<textarea id="q" spellcheck="false">__QUERY__</textarea>
<p><label>Format <select id="fmt"><option value="application/sparql-results+json">table</option>
<option>text/csv</option><option>text/tab-separated-values</option>
<option>application/sparql-results+xml</option><option>text/turtle</option>
<option>application/n-triples</option><option>application/ld+json</option></select></label>
<button id="run">Run</button><span id="status"></span></p>
<div id="out"></div>
<script id="named-texts" type="application/json">__NAMED__</script>
<script>
const named = JSON.parse(document.getElementById('named-texts').textContent);
const $ = (id) => document.getElementById(id);
$('named').onchange = () => { if (named[$('named').value]) $('q').value = named[$('named').value]; };
function cell(t){ if(!t) return ''; return t.type==='uri' ? '<'+t.value+'>' : t.value; }
$('run').onclick = async () => {
  const q = $('q').value, graph = /^\\s*(construct|describe)/im.test(q.replace(/^\\s*(prefix|base)[^\\n]*$/gim, ''));
  let accept = $('fmt').value;
  if (graph && accept.startsWith('application/sparql')) accept = 'text/turtle';
  $('status').textContent = 'running…'; $('out').textContent = '';
  const started = performance.now();
  const r = await fetch('query', {method:'POST', headers:{'Content-Type':'application/sparql-query', Accept:accept}, body:q});
  const text = await r.text();
  const cut = r.headers.get('X-KG-Truncated');
  $('status').textContent = r.status + ' in ' + Math.round(performance.now() - started) + ' ms' + (cut ? ' — ' + cut : '');
  if (!r.ok) { const p = document.createElement('pre'); p.className='error'; p.textContent=text; $('out').append(p); return; }
  if (accept === 'application/sparql-results+json') {
    const j = JSON.parse(text);
    if ('boolean' in j) { $('out').textContent = String(j.boolean); return; }
    const t = document.createElement('table'), head = t.insertRow();
    j.head.vars.forEach(v => { const th = document.createElement('th'); th.textContent = v; head.append(th); });
    j.results.bindings.forEach(b => { const row = t.insertRow(); j.head.vars.forEach(v => row.insertCell().textContent = cell(b[v])); });
    $('out').append(t, document.createTextNode(j.results.bindings.length + ' rows'));
  } else { const p = document.createElement('pre'); p.textContent = text; $('out').append(p); }
};
</script></body></html>
"""


def query_page() -> bytes:
    """The offline query page: no script or style from elsewhere, named queries built in."""
    prefix_lines = "\n".join(f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items())
    example = f"{prefix_lines}\n\nSELECT ?agreement ?kind ?date WHERE {{\n  ?agreement a dkg:Agreement ; " \
              "dkg:agreementKind ?kind .\n  OPTIONAL { ?agreement dkg:signedOn ?date }\n}\nLIMIT 100\n"
    try:
        queries = load_queries()
    except Exception:  # noqa: BLE001 - a broken query file must not take the page down
        queries = {}
    options = "".join(f'<option value="{html.escape(n)}">{html.escape(n)}: {html.escape(q.description[:80])}'
                      f"</option>" for n, q in queries.items())
    texts = json.dumps({n: q.text for n, q in queries.items()}).replace("</", "<\\/")
    page = _PAGE.replace("__OPTIONS__", options).replace("__QUERY__", html.escape(example))
    return page.replace("__NAMED__", texts).encode()
