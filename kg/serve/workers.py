"""Worker processes: ``oxigraph serve-read-only`` on loopback ports, one query at a time each."""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import logging
import queue
import signal
import socket
import subprocess
import sys
import threading
import time

from kg.errors import StoreError
from kg.serve.config import ServeConfig

__all__ = ["Worker", "WorkerPool"]

log = logging.getLogger("kg.serve")


def _libc_prctl():
    with contextlib.suppress(OSError, AttributeError):
        return ctypes.CDLL(None).prctl
    return None


_PRCTL = _libc_prctl() if sys.platform == "linux" else None


def _die_with_parent() -> None:
    """In the child before exec: be killed when the server dies, even by SIGKILL (Linux's PR_SET_PDEATHSIG)."""
    _PRCTL(1, signal.SIGKILL)


def _free_port() -> int:
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

