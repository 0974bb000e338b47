"""One thread that stops queries at their deadline."""

from __future__ import annotations

import threading
import time

__all__ = ["Watchdog"]


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
