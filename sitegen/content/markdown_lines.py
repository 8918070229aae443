"""Source lines for what Python-Markdown reports without them: problems, links, ids.

Python-Markdown does not track source lines, so `Locator` gives a piece of text (a URL, a tag
name, the link text) the line of its first not-yet-used occurrence in the body: exact for
ordinary content, and the body's first line when nothing can be found.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Sequence

from sitegen.content.sanitize import normalize_url


class Locator:
    """Find the line of a piece of text in the body: the first occurrence not already used."""

    def __init__(self, body: str, first_line: int) -> None:
        self._body = body
        self._first_line = first_line
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", body)]
        self._next: dict[tuple[str, str], int] = {}
        self._last: dict[str, int] = {}  # where the previous find of a purpose was: try after it
        self._normalized: list[str] | None = None
        self._absent: set[str] = set()
        self._folded: str | None = None  # the body lowercased, made on the first need

    def find(self, purpose: str, needles: Sequence[str], url: str = "") -> int:
        """Return the line of the first unused occurrence of the first needle found."""
        for needle in needles:
            if not needle:
                continue
            position = self._search(purpose, needle)
            if position is not None:
                return self._line_of(position)
        if url:
            line = self._find_normalized(purpose, normalize_url(url))
            if line is not None:
                return line
        return self._first_line

    def _search(self, purpose: str, needle: str) -> int | None:
        if needle in self._absent:
            return None
        key = (purpose, needle)
        unused = self._next.get(key, 0)
        position = -1
        for start in dict.fromkeys((max(unused, self._last.get(purpose, 0)), unused, 0)):
            position = self._find_from(needle, start)
            if position >= 0:
                break
        if position < 0:
            self._absent.add(needle)
            return None
        self._next[key] = position + 1
        self._last[purpose] = position
        return position

    def _find_from(self, needle: str, start: int) -> int:
        position = self._body.find(needle, start)
        if position < 0:
            if self._folded is None:
                self._folded = self._body.lower()
            # Case-insensitive search only where lowercasing keeps every character's position.
            if len(self._folded) == len(self._body):
                position = self._folded.find(needle.lower(), start)
        return position

    def _find_normalized(self, purpose: str, needle: str) -> int | None:
        if self._normalized is None:
            self._normalized = [
                normalize_url(html.unescape(line)) for line in self._body.split("\n")
            ]
        key = (purpose + ":normalized", needle)
        start = self._next.get(key, 0)
        order = [*range(start, len(self._normalized)), *range(start)]
        lines = self._normalized
        found: int | None = next((i for i in order if needle in lines[i]), None)
        if found is None:
            return None
        self._next[key] = found + 1
        return self._first_line + found

    def _line_of(self, position: int) -> int:
        return self._first_line + bisect.bisect_right(self._line_starts, position) - 1
