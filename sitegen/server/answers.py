"""Finished answers to the site's paths, kept until the next build.

Under a burst (a page and its assets open in several tabs, a link checker, a phone on a slow
network retrying) most requests ask for what was just answered, and each answer costs resolving
the path inside the output folder, reading the file and, for a page, adding the dev markup. The
server keeps each answer it made for the build it was made from, so a repeat costs a dictionary
lookup. A new build, good or failed, has a new generation and starts an empty memory: an answer
is never served from a build other than the one it was made from.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

# Bodies kept per build, in bytes: a site's pages and assets; past it, answers are made each time.
MEMORY_LIMIT = 64 * 1024 * 1024
# A file larger than this is sent from the disk as it is read, and never kept.
LARGEST_KEPT = 4 * 1024 * 1024


@dataclass(frozen=True)
class Answer:
    """What to send: a status, headers (Content-Type and Content-Length among them), a body.

    `stream` names a file too large to keep, whose bytes are read from the disk as they are
    sent (then `body` is empty and the answer is never kept).
    """

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""
    stream: Path | None = None


class AnswerMemory:
    """The answers made from one build, by request target; shared by the request threads."""

    def __init__(self, limit: int = MEMORY_LIMIT) -> None:
        self._lock = threading.Lock()
        self._limit = limit
        self._generation = -1
        self._answers: dict[str, Answer] = {}
        self._size = 0

    def get(self, generation: int, target: str) -> Answer | None:
        """Return the answer kept for `target` from build `generation`, if there is one."""
        with self._lock:
            if generation != self._generation:
                return None
            return self._answers.get(target)

    def put(self, generation: int, target: str, answer: Answer) -> None:
        """Keep an answer made from build `generation` (unless an older one, or too large)."""
        if answer.stream is not None:
            return
        with self._lock:
            if generation < self._generation:
                return  # made by a request that began before the latest build was published
            if generation > self._generation:
                self._generation, self._answers, self._size = generation, {}, 0
            if target in self._answers or self._size + len(answer.body) > self._limit:
                return
            self._answers[target] = answer
            self._size += len(answer.body)
