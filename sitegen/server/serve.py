"""Development server: serve the last good build, rebuild on change, tell browsers to reload.

Only this server adds the live-reload script and the error overlay to HTML responses; the built
files on disk are never changed. It answers only to its own address (DNS rebinding), never serves
a file from outside the output folder, and keeps running after bad requests and failed builds.

This module is the server object and its start-up: where it builds (a private temp folder unless
told), when it rebuilds (the watcher), and what it logs. Requests are answered in `handler`.
"""

from __future__ import annotations

import errno
import ipaddress
import shutil
import signal
import sys
import threading
import webbrowser
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sitegen.editor.app import Editor
from sitegen.editor.security import Session
from sitegen.server.builder import Builder, InProcessBuilder, WorkerBuilder
from sitegen.server.builds import BuildChannel, BuildFunction, BuildState, Log
from sitegen.server.handler import DevHTTPServer, DevHTTPServer6
from sitegen.server.tempdirs import make_temp_root, remove_stale_temp_roots
from sitegen.server.watch import make_watcher

# A port in use (another preview, another program) moves the server to the next of these.
PORT_TRIES = 20
# SIGTERM (kill, systemd, a closing IDE) and SIGHUP (the terminal closed) stop the server as
# Ctrl+C does: temp folder removed, exit status 0.
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


@dataclass(frozen=True)
class ServeOptions:
    """Where the site is and where to listen; `out_dir=None` builds into a private temp folder."""

    site_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    out_dir: Path | None = None
    open_browser: bool = False
    poll: bool = False
    edit: bool = False  # also serve the browser editor at /_edit/ (loopback only)


EDIT_LOOPBACK_ONLY = (
    "--edit writes files: it listens on this computer only (127.0.0.1). "
    "Leave out --bind, or bind to 127.0.0.1."
)


class EditorNotLocal(ValueError):
    """`--edit` asked for with an address other machines could reach."""


def _log_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- pure helpers (tested directly) ---------------------------------------------------------


def network_warning(host: str) -> str | None:
    """Return a warning if `host` lets other machines read the site, else None."""
    if is_loopback(host):
        return None
    return (
        f"warning: listening on {host or 'all interfaces'}: anyone on your network can read "
        "this site, drafts included. Leave out --bind to keep it on this computer (127.0.0.1)."
    )


def is_loopback(host: str) -> bool:
    """Tell whether `host` is this computer only (localhost or a loopback address)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# --- the server -------------------------------------------------------------------------------


def _display_url(host: str, port: int) -> str:
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


class DevServer:
    """Builds the site, serves the last good build, and rebuilds when sources change."""

    def __init__(self, options: ServeOptions, builder: Builder, log: Log) -> None:
        self._options = options
        self._builder = builder
        self._log = log
        self._channel = BuildChannel()
        self._build_lock = threading.Lock()
        self._serve_thread: threading.Thread | None = None
        self._stopped = False
        self._temp_root: Path | None = None
        if options.edit and not is_loopback(options.host):
            raise EditorNotLocal(EDIT_LOOPBACK_ONLY)
        self.editor = Editor(options.site_dir, Session.new()) if options.edit else None
        try:
            self.out_dir = options.out_dir or self._make_temp_out_dir()
            self._httpd = self._bind()
            port = int(self._httpd.server_address[1])
            if self.editor is not None:
                self.editor.port = port
            if options.port and port != options.port:
                log(f"port {options.port} is in use; serving on {port}")
            self.url = _display_url(options.host, port)
            self._watcher = make_watcher(
                options.site_dir, self.out_dir, self.rebuild, log, poll=options.poll
            )
        except BaseException:  # a port refused, or a stop signal while starting
            self._remove_temp_root()
            raise

    @property
    def build_state(self) -> BuildState:
        """Return the outcome of the latest build."""
        return self._channel.state

    def rebuild(self) -> None:
        """Build now; on failure keep serving the last good build and show the errors."""
        with self._build_lock:
            errors = self._builder.run(self.out_dir)
            self._channel.publish(errors)
        if errors is None:
            self._log("Built the site.")
        else:
            self._log("The site did not build (still serving the last good build):")
            for line in errors:
                self._log(f"  {line}")

    def start(self) -> None:
        """Build, start watching, and serve in a background thread; return once listening."""
        self._begin()
        self._serve_thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="sitegen-serve",
            daemon=True,
        )
        self._serve_thread.start()

    def serve_forever(self) -> None:
        """Build, watch and serve in this thread until Ctrl+C, SIGTERM or SIGHUP, then stop."""
        try:
            with _signals_interrupt():
                self._begin()
                self._log(f"Serving {self.url} (press Ctrl+C to stop)")
                if self.editor is not None:
                    self._log(f"Edit the site: open {self.editor.address()}")
                if self._options.open_browser:
                    self._open_browser()
                self._httpd.serve_forever(poll_interval=0.1)
        except KeyboardInterrupt:
            self._log("Stopping.")
        finally:
            with _signals_ignored():  # a second Ctrl+C must not cut the clean-up short
                self.stop()

    def stop(self) -> None:
        """Stop watching and serving, close reload channels and remove the temp folder."""
        if self._stopped:
            return
        self._stopped = True
        # First: a build under way is cut short, not waited for, and once `close` returns
        # nothing it forked is left running to write into the temp folder removed below.
        self._builder.close()
        self._watcher.stop()
        self._channel.close()
        if self._serve_thread is not None:
            self._httpd.shutdown()
            self._serve_thread.join()
        self._httpd.server_close()
        self._remove_temp_root()

    def _bind(self) -> DevHTTPServer:
        host, first = self._options.host, self._options.port
        server_class = DevHTTPServer6 if ":" in host else DevHTTPServer
        last = min(first + PORT_TRIES - 1, 65535) if first else first
        for port in range(first, last + 1):
            try:
                return server_class(host, port, self.out_dir, self._channel, self._log, self.editor)
            except OSError as error:
                if error.errno != errno.EADDRINUSE or port == last:
                    raise
        raise AssertionError("unreachable: the last port tried raises")

    def _open_browser(self) -> None:
        url = self.editor.address() if self.editor is not None else self.url
        if not webbrowser.open(url):
            self._log(f"Could not start a web browser: open {url} in one.")

    def _make_temp_out_dir(self) -> Path:
        for stale in remove_stale_temp_roots():
            self._log(f"Removed {stale}, left by a server that is no longer running.")
        self._temp_root = make_temp_root()
        return self._temp_root / "site"  # the build creates it, so an atomic swap works

    def _remove_temp_root(self) -> None:
        if self._temp_root is not None:
            shutil.rmtree(self._temp_root, ignore_errors=True)

    def _begin(self) -> None:
        warning = network_warning(self._options.host)
        if warning is not None:
            self._log(warning)
        self._watcher.start()  # before the first build, so edits made during it are seen
        self.rebuild()


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def stop_signals_interrupt() -> AbstractContextManager[None]:
    """Make SIGTERM and SIGHUP stop a server as Ctrl+C does, from before it is made: a signal
    that comes while it starts then still removes its temporary folder."""
    return _signals_interrupt()


@contextmanager
def stop_signals_deferred() -> Iterator[None]:
    """Hold Ctrl+C, SIGTERM and SIGHUP back until the block ends, then let them act.

    For making a server: it creates its temporary folder before it can be stopped, so a stop
    signal must wait until the caller holds the server (and can stop it, removing the folder),
    or the folder would be left without a server. Main thread only, and only while no other
    thread could take the signal instead (before the server starts its threads).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, (signal.SIGINT, *_STOP_SIGNALS))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def _signals_interrupt() -> Iterator[None]:
    """Make SIGTERM and SIGHUP stop the server as Ctrl+C does (main thread only)."""
    with _signal_handlers(_raise_interrupt):
        yield


@contextmanager
def _signals_ignored() -> Iterator[None]:
    with _signal_handlers(signal.SIG_IGN, (signal.SIGINT, *_STOP_SIGNALS)):
        yield


@contextmanager
def _signal_handlers(
    handler: signal.Handlers | object, signals: tuple[signal.Signals, ...] = _STOP_SIGNALS
) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, handler) for number in signals}  # type: ignore[arg-type]
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def make_server(
    options: ServeOptions, build: BuildFunction | WorkerBuilder, *, log: Log = _log_stderr
) -> DevServer:
    """Bind a development server for the site.

    `build(out_dir)` builds or raises SiteError, in this process: only for builds that fork
    nothing, as forking this threaded process is unsafe. A build that forks (the real one) comes
    as a `WorkerBuilder`, which runs it in a spawned worker process.
    """
    builder = build if isinstance(build, WorkerBuilder) else InProcessBuilder(build, log)
    try:
        return DevServer(options, builder, log)
    except BaseException:
        builder.close()
        raise


def serve(
    options: ServeOptions, build: BuildFunction | WorkerBuilder, *, log: Log = _log_stderr
) -> None:
    """Build, serve and watch the site until interrupted."""
    make_server(options, build, log=log).serve_forever()
