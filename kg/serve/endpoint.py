"""The HTTP front: SPARQL 1.1 Protocol on /query, the query page at /, writes refused."""

from __future__ import annotations

import logging
import signal
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kg.errors import StoreError
from kg.serve.config import ServeConfig
from kg.serve.execution import QueryFailed, render, run_on_worker
from kg.serve.negotiation import GRAPH_TYPES, RESULT_TYPES, format_parameter, negotiate
from kg.serve.page import query_page, service_description
from kg.serve.watchdog import Watchdog
from kg.serve.workers import WorkerPool
from kg.sparql import added_lines, prefixed, query_form, service_targets, shift_positions
from kg.store import EmbeddedStore, open_store

__all__ = ["SparqlHandler", "SparqlServer", "make_server", "run_server"]

log = logging.getLogger("kg.serve")
_MAX_BODY = 1 << 20


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
        media_type = format_parameter(params, offered) or negotiate(self.headers.get("Accept"), offered)
        if media_type is None:
            self._error(406, f"cannot give {form} results as {self.headers.get('Accept')}; "
                             f"available: {', '.join(offered)}")
            return
        dataset = [(k, v) for k, v in params if k in ("default-graph-uri", "named-graph-uri")]
        full = prefixed(sparql)
        started = time.monotonic()
        try:
            answer = run_on_worker(self.server.pool, self.server.watchdog, config, full, form, dataset)
            body = render(answer, media_type, config)
        except QueryFailed as failure:
            self._error(failure.status, shift_positions(failure.message, added_lines(sparql)))
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
