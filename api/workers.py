"""N API worker processes on one port, each with its own listening socket (SO_REUSEPORT).

Why not ``uvicorn --workers``: its workers share one listening socket and race to accept,
and the race is lopsided — under a burst one worker took 71-75 of 100 chats while the other
idled, and the busy one set everyone's latency. With one ``SO_REUSEPORT`` socket per worker
the kernel spreads new connections by a hash of their addresses, evenly whatever each worker
is doing.

The sockets are made here, in the supervisor, and stay open while a worker restarts, so
connections waiting in a socket's queue are not lost. SIGINT/SIGTERM stop every worker
gracefully; a worker that dies is restarted, unless workers keep dying (then everything
stops with exit code 1 rather than crash-looping).
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import threading
import time
from collections import deque
from multiprocessing.process import BaseProcess
from types import FrameType

logger = logging.getLogger("vawlrathh.workers")

STOP_TIMEOUT_S = 15.0
MAX_RESTARTS = 5  # within RESTART_WINDOW_S
RESTART_WINDOW_S = 60.0


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def reuseport_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` that other sockets of this user may share."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(2048)
        sock.set_inheritable(True)
    except OSError:
        sock.close()
        raise
    return sock


def listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """``count`` sockets on one port (port 0: the port the first one was given).

    Raises ``OSError`` when anything already listens there: SO_REUSEPORT alone would let a
    second server (an old run of this one) share the port without a word.
    """
    if port != 0:
        probe = socket.socket(_family(host), socket.SOCK_STREAM)
        try:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))  # no SO_REUSEPORT: fails if anyone holds the port
        finally:
            probe.close()
    first = reuseport_socket(host, port)
    actual = int(first.getsockname()[1])
    socks = [first]
    try:
        socks += [reuseport_socket(host, actual) for _ in range(count - 1)]
    except OSError:
        for sock in socks:
            sock.close()
        raise
    return socks


def _serve_one(sock: socket.socket, log_level: str) -> None:
    """A worker process: the app under uvicorn on the socket it was handed."""
    import uvicorn

    from agent.settings import Settings
    from api.serve import server_options

    options = server_options(Settings())
    uvicorn.Server(uvicorn.Config("api.main:app", log_level=log_level, **options)).run(sockets=[sock])


class Workers:
    """Start, watch and stop the worker processes."""

    def __init__(self, socks: list[socket.socket], log_level: str):
        self.socks = socks
        self.log_level = log_level
        self.context = multiprocessing.get_context("spawn")  # a clean interpreter, no inherited loop
        self.procs: list[BaseProcess] = []
        self.stop = threading.Event()
        self.restarts: deque[float] = deque()

    def _start(self, index: int) -> BaseProcess:
        proc = self.context.Process(
            target=_serve_one, args=(self.socks[index], self.log_level), name=f"vawlrathh-api-{index + 1}"
        )
        proc.start()
        return proc

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        logger.info("%s received: stopping %d API workers", signal.Signals(signum).name, len(self.procs))
        self.stop.set()

    def run(self) -> int:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._on_signal)
        self.procs = [self._start(i) for i in range(len(self.socks))]
        port = self.socks[0].getsockname()[1]
        logger.info("%d API workers on port %s: pids %s", len(self.procs), port, [p.pid for p in self.procs])
        code = 0
        while not self.stop.wait(0.5):
            for index, proc in enumerate(self.procs):
                if proc.is_alive():
                    continue
                now = time.monotonic()
                while self.restarts and now - self.restarts[0] > RESTART_WINDOW_S:
                    self.restarts.popleft()
                if len(self.restarts) >= MAX_RESTARTS:
                    logger.error("API workers died %d times in %.0f s; stopping", MAX_RESTARTS + 1, RESTART_WINDOW_S)
                    code = 1
                    self.stop.set()
                    break
                logger.error("API worker %s (pid %s) exited with code %s; starting a new one",
                             proc.name, proc.pid, proc.exitcode)
                _forget_metrics_of(proc.pid)
                self.restarts.append(now)
                self.procs[index] = self._start(index)
        self._stop_all()
        return code

    def _stop_all(self) -> None:
        for proc in self.procs:
            if proc.is_alive():
                proc.terminate()  # SIGTERM: uvicorn finishes its requests and runs the lifespan's close
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for proc in self.procs:
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                logger.warning("API worker %s (pid %s) did not stop in %.0f s; killing it", proc.name, proc.pid, STOP_TIMEOUT_S)
                proc.kill()
                proc.join(5)
        for sock in self.socks:
            sock.close()


def _forget_metrics_of(pid: int | None) -> None:
    """A dead worker's open-connection count must stop adding to /metrics' total."""
    from api.metrics import multiprocess_mode

    if pid is not None and multiprocess_mode():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)
