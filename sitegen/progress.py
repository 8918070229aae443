"""What a build tells whoever watches it: which stage it is in, and how far through it it is.

The pipeline calls a `Progress` and knows nothing of how (or whether) it is shown: the command
line shows each stage's time with `--verbose` and a progress line on a terminal; the dev server
and the tests pass `NO_PROGRESS`. Calls come from the building process only, never a worker.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Told of a build's stages in order; each `stage` ends the one before, `done` the last."""

    def stage(self, name: str) -> None:
        """Begin a stage, such as "read" or "pages"."""

    def total(self, count: int) -> None:
        """Say how many items the current stage will do (not called for stages without any)."""

    def advance(self, count: int) -> None:
        """Say that `count` more items of the current stage are done."""

    def done(self) -> None:
        """End the last stage (also when the build failed)."""


class Silent:
    """A progress that shows nothing."""

    def stage(self, name: str) -> None:
        pass

    def total(self, count: int) -> None:
        pass

    def advance(self, count: int) -> None:
        pass

    def done(self) -> None:
        pass


NO_PROGRESS: Progress = Silent()
