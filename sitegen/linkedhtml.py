"""HTML split once around its internal links, so each reader language only fills them in."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from sitegen.markdown import rewrite_links

LINK_MARK = "\x00"  # never in sanitised HTML: source files with NUL are refused


@dataclass(frozen=True)
class LinkedHtml:
    """HTML split once around its internal links, so each language only fills them in.

    `parts` alternates literal HTML (even indexes) and link targets as written (odd indexes).
    """

    parts: tuple[str, ...]

    @classmethod
    def split(cls, markup: str) -> LinkedHtml:
        """Find the internal links of sanitised HTML (one HTML parse, at parse time)."""
        targets: list[str] = []

        def mark(target: str) -> str:
            targets.append(target)
            return f"{LINK_MARK}{len(targets) - 1}{LINK_MARK}"

        pieces = rewrite_links(markup, mark).split(LINK_MARK)
        parts = [piece if n % 2 == 0 else targets[int(piece)] for n, piece in enumerate(pieces)]
        return cls(tuple(parts))

    def fill(self, resolve: Callable[[str], str]) -> str:
        """Return the HTML with each internal link replaced by `resolve(target)`, escaped."""
        out = list(self.parts)
        for n in range(1, len(out), 2):
            out[n] = html.escape(resolve(out[n]), quote=True)
        return "".join(out)
