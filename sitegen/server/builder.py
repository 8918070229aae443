"""Where the dev server's builds run: here, or in a worker process of their own.

The server has threads (requests, the watcher) and a build forks workers (`incremental.parallel`);
forking a threaded process can deadlock the child on a lock another thread held, which Python
3.12 warns about. So the real build runs in one long-lived worker started with "spawn" (a fresh
interpreter, no threads), which keeps the warm state between builds and forks its own workers
safely. Only the output folder's path goes in and the error lines come back.

The worker runs in a session of its own, so Ctrl+C and a closed terminal reach only the server,
which decides; and so the worker and every process its build forked are one process group. It
ends when told, or when the server's end of the pipe closes (the server was killed). If the
server stops in the middle of a build, the whole group is killed and the server waits until none
of it runs: a forked job left running would go on writing into the output folder (and so bring
back the temporary folder the server removes next), and would never end, as nobody reads it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Protocol

from sitegen.server.builds import BuildFunction, Log, run_build

# Called once in the worker to make the build function (so it can hold the warm state); it
# crosses to the worker pickled, so it must be a module-level class or function.
BuildRecipe = Callable[[], BuildFunction]

STOP_SECONDS = 10.0
GROUP_POLL_SECONDS = 0.02


class Builder(Protocol):
    def run(self, out_dir: Path) -> tuple[str, ...] | None: ...
    def close(self) -> None: ...


class InProcessBuilder:
    """Run the build in the server's own process: for builds that fork nothing."""

    def __init__(self, build: BuildFunction, log: Log) -> None:
        self._build = build
        self._log = log

    def run(self, out_dir: Path) -> tuple[str, ...] | None:
        return run_build(self._build, out_dir, self._log)

    def close(self) -> None:
        pass


class WorkerBuilder:
    """Run builds in one spawned worker process, started at the first build."""

    def __init__(self, recipe: BuildRecipe) -> None:
        self._recipe = recipe
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None
        self._busy = False
        self._closed = False

    @property
    def pid(self) -> int | None:
        """The worker's process id, once started."""
        return None if self._process is None else self._process.pid

    def run(self, out_dir: Path) -> tuple[str, ...] | None:
        """Build in the worker; None on success, else the error lines."""
        with self._lock:
            if self._closed:
                return ("error: the server is stopping",)
            connection = self._start()
            self._busy = True
        try:
            connection.send(str(out_dir))
            result: tuple[str, ...] | None = connection.recv()
        except (EOFError, OSError):
            self._busy = False
            return self._ended()
        # Not on an interrupt (a stop signal while waiting): the worker is still building then,
        # and `close` must end it rather than wait for a build nobody wants.
        self._busy = False
        return result

    def close(self) -> None:
        """End the worker: at once if it is building (its output is being thrown away), with
        all it forked. Once this returns, none of them runs."""
        with self._lock:
            self._closed = True
            process, connection = self._process, self._connection
        if process is None or connection is None or process.pid is None:
            return
        if self._busy:
            _kill_group(process.pid)
        else:
            with contextlib.suppress(OSError):  # already gone
                connection.send(None)
        process.join(STOP_SECONDS)
        if process.is_alive():
            _kill_group(process.pid)
            process.join()
        _wait_for_group(process.pid, STOP_SECONDS)
        connection.close()

    def _start(self) -> Connection:
        if self._process is not None and self._connection is not None:
            return self._connection
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_serve_builds, args=(self._recipe, theirs), name="sitegen-build"
        )
        process.start()
        theirs.close()
        self._process, self._connection = process, ours
        return ours

    def _ended(self) -> tuple[str, ...]:
        """The worker died mid-build (out of memory, killed): report it, start afresh next time."""
        with self._lock:
            process, self._process = self._process, None
            if self._connection is not None:
                self._connection.close()
                self._connection = None
        code = None
        if process is not None:
            process.join(STOP_SECONDS)
            code = process.exitcode
        return (f"error: internal error: the build process ended unexpectedly (exit code {code})",)


def _serve_builds(recipe: BuildRecipe, connection: Connection) -> None:
    """The worker's loop: build into each folder named, until told to stop or orphaned."""
    os.setsid()  # its own session and process group (see the module's docstring)
    build = recipe()
    while True:
        try:
            message = connection.recv()
        except EOFError:  # the server is gone
            return
        if message is None:
            return
        result = run_build(build, Path(message), _log_stderr)
        sys.stdout.flush()
        connection.send(result)


def _kill_group(pid: int) -> None:
    """Kill the worker `pid`, then the rest of its process group (the jobs its build forked).

    The worker first: once it is dead it forks nothing more. Its group keeps its number while a
    member lives, and that number is not reused while the worker is not yet reaped (joined). A
    worker killed before it made its group has forked nothing, and there is no group to kill.
    """
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def _wait_for_group(pgid: int, seconds: float) -> None:
    """Wait until process group `pgid` has no member left, for at most `seconds`.

    Killed members the worker forked are reaped by the system (they are not our children), so
    this polls. A member still listed after `seconds` has been killed: it can only be a process
    that the system has not reaped yet (a zombie), which writes nothing.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(GROUP_POLL_SECONDS)


def _log_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
