"""Running one build and handing its outcome to the request threads.

`run_build` turns whatever a build raises into the error lines to show, so a failed build (or a
bug in a build stage) never stops the server. `BuildChannel` holds the latest `BuildState` and
wakes the live-reload requests waiting for a newer build.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import SiteError

BuildFunction = Callable[[Path], None]
Log = Callable[[str], None]


@dataclass(frozen=True)
class BuildState:
    """The outcome of the latest build: a counter, whether a good build exists, the errors."""

    generation: int = 0
    has_good_build: bool = False
    errors: tuple[str, ...] = ()


def run_build(build: BuildFunction, out_dir: Path, log: Log) -> tuple[str, ...] | None:
    """Run one build; return None on success or the error lines to show."""
    try:
        build(out_dir)
    except SiteError as error:
        problems = error.errors or error.problems
        return tuple(p.format() for p in problems) or ("error: the build failed",)
    except Exception as error:  # a bug in a build stage must not stop the server
        log("".join(traceback.format_exception(error)).rstrip())
        return (f"error: internal error: {type(error).__name__}: {error}",)
    return None


class BuildChannel:
    """Holds the latest BuildState and wakes reload listeners when it changes."""

    def __init__(self) -> None:
        self._state = BuildState()
        self._changed = threading.Condition()
        self._closed = False

    @property
    def state(self) -> BuildState:
        with self._changed:
            return self._state

    def publish(self, errors: tuple[str, ...] | None) -> BuildState:
        with self._changed:
            old = self._state
            self._state = BuildState(
                generation=old.generation + 1,
                has_good_build=old.has_good_build or errors is None,
                errors=errors or (),
            )
            self._changed.notify_all()
            return self._state

    def wait_for_newer(self, generation: int, timeout: float) -> BuildState | None:
        """Wait until a build newer than `generation` or the timeout; None once closed."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._closed or self._state.generation != generation, timeout
            )
            return None if self._closed else self._state

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
