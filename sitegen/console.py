"""How the command line speaks: quiet or verbose, in colour on a terminal, with a progress line.

As pip, Hugo and MkDocs do: `-q` shows errors only; `-v` also each stage of a build with its
time; a build that takes more than a moment shows how far it is on a terminal (never in a log,
and never with `-q`); errors and warnings are coloured on a terminal unless `NO_COLOR` is set.
Results go to standard output, problems and everything about the build's progress to standard
error, so `sitegen build > log` keeps the summary and the terminal keeps the rest.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from sitegen.errors import Problem

QUIET, NORMAL, VERBOSE = 0, 1, 2
RED, YELLOW, BOLD, RESET = "\x1b[31m", "\x1b[33m", "\x1b[1m", "\x1b[0m"
CLEAR_LINE = "\r\x1b[K"
# A build quicker than this shows no progress line (it would only flicker).
SHOW_PROGRESS_AFTER = 1.5
REDRAW_EVERY = 0.1


def wants_colour(stream: TextIO, env: Mapping[str, str]) -> bool:
    """Tell whether to colour what goes to `stream`: a terminal, unless NO_COLOR says no.

    NO_COLOR set to anything but the empty string turns colour off (https://no-color.org/);
    so does a terminal that says it is dumb.
    """
    return _is_terminal(stream) and not env.get("NO_COLOR") and env.get("TERM") != "dumb"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


@dataclass
class Console:
    """Where and how the command line prints: results to `out`, the rest to `err`."""

    out: TextIO
    err: TextIO
    verbosity: int = NORMAL
    colour: bool = False
    live: bool = False  # may draw a progress line on `err` (a terminal, not quiet)

    @classmethod
    def for_streams(
        cls, out: TextIO, err: TextIO, verbosity: int, env: Mapping[str, str] | None = None
    ) -> Console:
        """Make the console for these streams, colouring and drawing only on a terminal."""
        env = os.environ if env is None else env
        live = verbosity > QUIET and _is_terminal(err) and env.get("TERM") != "dumb"
        return cls(out, err, verbosity, wants_colour(err, env), live)

    @property
    def quiet(self) -> bool:
        return self.verbosity <= QUIET

    def paint(self, text: str, style: str) -> str:
        """Return `text` in a colour or weight when colouring, else as it is."""
        return f"{style}{text}{RESET}" if self.colour else text

    def problems(self, problems: Sequence[Problem], *, warnings_fail: bool = False) -> None:
        """Print problems one a line as `path:line: level: message` (warnings not when quiet,
        unless they fail the build)."""
        for problem in problems:
            if problem.level == "warning" and self.quiet and not warnings_fail:
                continue
            style = RED if problem.level == "error" or warnings_fail else YELLOW
            level = self.paint(problem.level, BOLD + style)
            print(f"{problem.ref}: {level}: {problem.message}", file=self.err)

    def result(self, text: str) -> None:
        """Print what a command did (not when quiet)."""
        if not self.quiet:
            print(text, file=self.out, flush=True)

    def note(self, text: str) -> None:
        """Print what a command is waiting for, on the error stream (always)."""
        print(text, file=self.err, flush=True)

    def failure(self, text: str) -> None:
        """Print why a command failed (always)."""
        print(self.paint(text, BOLD + RED), file=self.err, flush=True)

    def progress(self, clock: Callable[[], float] = time.perf_counter) -> StageDisplay:
        """Return the progress a build reports to: stage times when verbose, a live line."""
        return StageDisplay(self.err, self.verbosity >= VERBOSE, self.live, clock)


@dataclass
class StageDisplay:
    """A build's `sitegen.progress.Progress` on a console.

    Verbose, each stage is printed as it ends with its time ("pages: 1.20 s (5000)"). Live, once
    the build has run for `SHOW_PROGRESS_AFTER` seconds, one line shows the stage and how many
    of its items are done ("pages 1200/5000"), redrawn in place and cleared when the stage ends.
    """

    stream: TextIO
    verbose: bool
    live: bool
    clock: Callable[[], float]
    started: float = field(init=False)
    _stage: str = field(default="", init=False)
    _stage_started: float = field(default=0.0, init=False)
    _total: int = field(default=0, init=False)
    _done: int = field(default=0, init=False)
    _drawn_at: float | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.started = self.clock()

    def stage(self, name: str) -> None:
        self._end_stage()
        self._stage, self._stage_started, self._total, self._done = name, self.clock(), 0, 0
        self._draw()

    def total(self, count: int) -> None:
        self._total = count
        self._draw()

    def advance(self, count: int) -> None:
        self._done += count
        self._draw()

    def done(self) -> None:
        self._end_stage()
        self._stage = ""

    def _end_stage(self) -> None:
        if not self._stage:
            return
        self._clear()
        if self.verbose:
            seconds = self.clock() - self._stage_started
            items = f" ({self._total})" if self._total else ""
            print(f"{self._stage}: {seconds:.2f} s{items}", file=self.stream, flush=True)

    def _draw(self) -> None:
        now = self.clock()
        if not self.live or now - self.started < SHOW_PROGRESS_AFTER:
            return
        recently = self._drawn_at is not None and now - self._drawn_at < REDRAW_EVERY
        if recently and self._done < self._total:  # the last count is always drawn
            return
        count = f" {self._done}/{self._total}" if self._total else ""
        self.stream.write(f"{CLEAR_LINE}{self._stage}{count}")
        self.stream.flush()
        self._drawn_at = now

    def _clear(self) -> None:
        if self._drawn_at is not None:
            self.stream.write(CLEAR_LINE)
            self.stream.flush()
            self._drawn_at = None
