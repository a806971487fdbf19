"""Start Vawlrathh: the API on API_PORT (7860), then, once it is ready, the UI on UI_PORT (7861).

    python app.py

Both servers run in this process (the API under uvicorn in a thread, the UI under Gradio's
own server), so SIGINT/SIGTERM stop both and nothing is left behind. With API_WORKERS > 1 the
API runs as ``python -m api --workers N`` in child processes instead (one per core serves the
most chats), started, watched and stopped by this one. Ports that are taken are
reported and left alone: this program never touches a process it did not start.
Exit codes: 0 after a clean stop, 1 when a port is taken or the API never becomes ready.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import httpx

# Before Gradio is imported: no telemetry calls from a machine that may have no network.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from agent.settings import Settings

logger = logging.getLogger("vawlrathh")

READY_TIMEOUT_S = 60.0
SHUTDOWN_TIMEOUT_S = 20.0


class StartupError(Exception):
    """Start-up cannot go on; the message says what happened and what to do."""


@dataclass(frozen=True)
class Endpoints:
    """Where the servers listen and where this machine reaches them."""

    host: str
    api_port: int
    ui_port: int

    @property
    def connect_host(self) -> str:
        """A wildcard bind address is reachable on loopback; anything else as given."""
        if self.host in ("0.0.0.0", ""):
            return "127.0.0.1"
        if self.host == "::":
            return "::1"
        return self.host

    def url(self, port: int) -> str:
        host = self.connect_host
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def browser_url(self, port: int) -> str:
        host = "localhost" if self.host in ("0.0.0.0", "", "::", "127.0.0.1", "::1") else self.host
        return f"http://{host}:{port}"


def bind_port(host: str, port: int, env_name: str) -> socket.socket:
    """Bind (not yet listen) ``host:port`` the way uvicorn would, or say who holds it."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise StartupError(f"HOST={host!r} cannot be resolved: {exc.strerror}.") from exc
    family, socktype, proto, _, address = infos[0]
    sock = socket.socket(family, socktype, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise StartupError(
            f"Port {port} ({env_name}) on {host or '*'} is already in use ({exc.strerror}). "
            f"Stop whatever is listening there or choose another port with {env_name}=..."
        ) from exc
    return sock


def check_ports(endpoints: Endpoints) -> socket.socket:
    """Check both ports before doing any work; keep the API's socket bound for uvicorn."""
    if endpoints.api_port == endpoints.ui_port:
        raise StartupError(f"API_PORT and UI_PORT are both {endpoints.api_port}; they must differ.")
    api_sock = bind_port(endpoints.host, endpoints.api_port, "API_PORT")
    try:
        bind_port(endpoints.host, endpoints.ui_port, "UI_PORT").close()
    except StartupError:
        api_sock.close()
        raise
    return api_sock


def prepare_catalog(settings: Settings) -> None:
    """Build the card catalog on first start, with a progress bar, before the API's clock starts."""
    from arena.catalog import Catalog
    from arena.errors import ArenaError
    from arena.paths import CATALOG_FILENAME

    folder = settings.data_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / CATALOG_FILENAME).exists():
            print(f"Building the card catalog in {folder} (first start only)…", flush=True)
        started = time.monotonic()
        catalog = Catalog.open(folder, progress=True)
    except (ArenaError, OSError) as exc:
        raise StartupError(f"The card catalog in {folder} (VAWLRATHH_DATA_DIR) cannot be opened: {exc}") from exc
    try:
        info = catalog.info()
        logger.info("Card catalog: %s cards from %s (%.1f s)", f"{info.card_count:,}", info.source,
                    time.monotonic() - started)
    finally:
        catalog.close()


def wait_until_ready(url: str, *, timeout_s: float, stop: threading.Event,
                     alive: Callable[[], bool] | None = None, interval_s: float = 0.25) -> None:
    """Poll ``url/health/ready`` until it answers 200; raise ``StartupError`` with the last reason."""
    deadline = time.monotonic() + timeout_s
    last = "no answer yet"
    next_note = time.monotonic() + 5.0
    with httpx.Client(timeout=2.0, trust_env=False) as client:
        while time.monotonic() < deadline:
            if stop.is_set():
                raise StartupError("Stopped before the API was ready.")
            if alive is not None and not alive():
                raise StartupError("The API stopped while starting; its error is in the log above.")
            try:
                response = client.get(f"{url}/health/ready")
                if response.status_code == 200:
                    return
                last = f"HTTP {response.status_code}: {response.text[:300]}"
            except httpx.HTTPError as exc:
                last = f"{type(exc).__name__}: {exc}"
            if time.monotonic() >= next_note:
                print(f"Waiting for the API at {url} to be ready… ({last})", flush=True)
                next_note += 5.0
            stop.wait(interval_s)
    raise StartupError(f"The API at {url} was not ready within {timeout_s:g} s. Last answer: {last}")


class ApiServer:
    """The FastAPI app under uvicorn in a background thread, on a socket bound beforehand."""

    def __init__(self, settings: Settings, sock: socket.socket) -> None:
        import uvicorn

        from api.main import create_app
        from api.serve import server_options

        self.sock = sock
        config = uvicorn.Config(create_app(settings), log_level=settings.log_level.lower(), **server_options(settings))
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self._run, name="vawlrathh-api", daemon=True)

    def _run(self) -> None:
        try:
            self.server.run(sockets=[self.sock])
        except SystemExit:
            pass  # uvicorn exits the thread on a failed start-up; wait_until_ready reports it
        except Exception:
            logger.exception("The API server crashed")

    def start(self) -> None:
        self.thread.start()

    def is_alive(self) -> bool:
        return self.thread.is_alive()

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(SHUTDOWN_TIMEOUT_S)
        if self.thread.is_alive():
            logger.warning("The API did not stop within %s s; forcing it", SHUTDOWN_TIMEOUT_S)
            self.server.force_exit = True
            self.thread.join(5)
        self.sock.close()


class ApiWorkers:
    """The API as ``python -m api --workers N``: N processes sharing the port (API_WORKERS > 1).

    One process runs Python on one core; a machine with two cores serves twice the chats with
    two workers. The port was checked free a moment ago; the child binds it itself.
    """

    def __init__(self, settings: Settings, sock: socket.socket) -> None:
        self.settings = settings
        sock.close()  # released for the child, which binds the same address
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        s = self.settings
        # Same working folder (and so the same .env) as this process; the code from beside app.py.
        launch = f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parent)!r}); from api.serve import main; sys.exit(main())"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", launch, "--host", s.host, "--port", str(s.api_port), "--workers", str(s.api_workers)],
        )

    def is_alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()  # uvicorn's supervisor stops its workers gracefully
        try:
            self.proc.wait(SHUTDOWN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            logger.warning("The API workers did not stop within %s s; killing them", SHUTDOWN_TIMEOUT_S)
            self.proc.kill()
            self.proc.wait(5)


def install_signal_handlers(stop: threading.Event) -> None:
    """First SIGINT/SIGTERM: stop cleanly. A second one: leave at once."""

    def handle(signum: int, _frame: FrameType | None) -> None:
        if stop.is_set():
            print("Second signal: exiting now.", file=sys.stderr, flush=True)
            os._exit(1)
        print(f"\n{signal.Signals(signum).name} received: stopping Vawlrathh…", flush=True)
        stop.set()

    signal.signal(signal.SIGINT, handle)
    signal.signal(signal.SIGTERM, handle)


def run(settings: Settings, stop: threading.Event) -> int:
    """Start both servers, serve until ``stop`` is set, then stop both; return the exit code."""
    endpoints = Endpoints(settings.host, settings.api_port, settings.ui_port)
    api_sock = check_ports(endpoints)
    api: ApiServer | ApiWorkers | None = None
    demo = None
    try:
        prepare_catalog(settings)
        api = ApiWorkers(settings, api_sock) if settings.api_workers > 1 else ApiServer(settings, api_sock)
        api.start()
        api_url = endpoints.url(endpoints.api_port)
        print(f"Starting the API on {endpoints.host}:{endpoints.api_port}…", flush=True)

        # Build the UI while the API opens its resources: both take seconds, neither needs the other.
        from ui.app import create_ui, launch_ui

        ui_settings = settings if settings.api_url else settings.model_copy(update={"api_url": api_url})
        demo = create_ui(ui_settings)
        wait_until_ready(api_url, timeout_s=READY_TIMEOUT_S, stop=stop, alive=api.is_alive)

        try:
            launch_ui(demo, ui_settings, block=False)
        except OSError as exc:
            raise StartupError(f"Port {endpoints.ui_port} (UI_PORT) could not be opened: {exc}") from exc
        print(f"Vawlrathh is ready: {endpoints.browser_url(endpoints.ui_port)} "
              f"(API: {endpoints.browser_url(endpoints.api_port)}/docs). Ctrl+C stops.", flush=True)
        # Serve until told to stop; an API that dies under us takes the app down with a message,
        # rather than leaving a UI that can only say "can't reach the API".
        while not stop.wait(1.0):
            if not api.is_alive():
                print("The API stopped unexpectedly (see the log above); stopping the UI too.",
                      file=sys.stderr, flush=True)
                return 1
        return 0
    finally:
        started = time.monotonic()
        if demo is not None and demo.is_running:
            logger.info("Stopping the UI…")
            with contextlib.suppress(Exception):
                demo.close()
        if api is not None:
            logger.info("Stopping the API…")
            api.stop()
        else:
            api_sock.close()  # closing twice is harmless
        print(f"Vawlrathh stopped ({time.monotonic() - started:.1f} s to shut down).", flush=True)


def main() -> int:
    settings = Settings()
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # One line per health poll and per Gradio self-check drowns the log; keep their warnings.
    logging.getLogger("httpx").setLevel(max(logging.WARNING, logging.getLogger().level))
    stop = threading.Event()
    install_signal_handlers(stop)
    try:
        return run(settings, stop)
    except StartupError as exc:
        if stop.is_set():
            return 0  # asked to stop while starting: not a failure
        print(f"Vawlrathh cannot start: {exc}", file=sys.stderr, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
