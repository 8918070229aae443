"""Located problems: every message a user sees names the file and line it is about."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from sitegen.pickling import reduce_by_fields

Level = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class SourceRef:
    """Where a value came from: a site-relative POSIX path and a 1-based line (if known)."""

    path: str
    line: int | None = None

    __reduce__ = reduce_by_fields

    def at(self, line: int | None) -> SourceRef:
        """Return a reference to another line of the same file."""
        return SourceRef(self.path, line)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


@dataclass(frozen=True, slots=True)
class Problem:
    """One error or warning about one place in the site."""

    ref: SourceRef
    message: str
    level: Level = "error"

    __reduce__ = reduce_by_fields

    def format(self) -> str:
        """Return the problem as `path:line: level: message`."""
        return f"{self.ref}: {self.level}: {self.message}"

    def __str__(self) -> str:
        return self.format()


class SiteError(Exception):
    """The site cannot be built; carries every error found (and the warnings seen so far)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(p.format() for p in self.errors))

    @classmethod
    def at(cls, ref: SourceRef, message: str) -> SiteError:
        """Make an error about one place."""
        return cls([Problem(ref, message)])

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level == "error")


@dataclass
class Problems:
    """A collector passed down the pipeline so a stage can report every problem, not the first."""

    items: list[Problem] = field(default_factory=list)
    _seen: set[Problem] = field(default_factory=set, repr=False, compare=False)

    def error(self, ref: SourceRef, message: str) -> None:
        self.add(Problem(ref, message, "error"))

    def warning(self, ref: SourceRef, message: str) -> None:
        self.add(Problem(ref, message, "warning"))

    def add(self, problem: Problem) -> None:
        """Record a problem once, however many stages come across it."""
        if problem not in self._seen:
            self._seen.add(problem)
            self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.level == "warning"]

    def raise_if_errors(self) -> None:
        """Stop the build if any error was reported."""
        if self.errors:
            raise SiteError(sorted(self.items, key=_problem_order))


def _problem_order(problem: Problem) -> tuple[str, int, str]:
    return (problem.ref.path, problem.ref.line or 0, problem.message)
