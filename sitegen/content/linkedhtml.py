"""HTML split once around its internal links, so each reader language only fills them in."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from sitegen.content.sanitize import is_internal

LINK_MARK = "\x00"  # never in sanitised HTML: source files with NUL are refused

# In HTML serialised by `htmltokens.start_tag` (what `render_markdown` returns) attribute
# values are escaped with quote=True, so no '"', '<' or '>' occurs inside one, and text has no '<'
# that does not open a tag: these two patterns read its tags and attributes exactly.
_TAG_WITH_ATTRIBUTES = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)([ \t\n\r\f][^>]*)>")
_ATTRIBUTE = re.compile(r'([^\s"=>]+)(?:="([^"]*)")?')


@dataclass(frozen=True)
class LinkedHtml:
    """HTML split once around its internal links, so each language only fills them in.

    `parts` alternates literal HTML (even indexes) and link targets as written (odd indexes).
    """

    parts: tuple[str, ...]

    @classmethod
    def split(cls, markup: str) -> LinkedHtml:
        """Split HTML from `render_markdown` around each internal `<a href>` and other `src`."""
        parts: list[str] = []
        done = 0
        for tag in _TAG_WITH_ATTRIBUTES.finditer(markup):
            link_attribute = "href" if tag.group(1).lower() == "a" else "src"
            for attribute in _ATTRIBUTE.finditer(markup, tag.start(2), tag.end(2)):
                value = attribute.group(2)
                if attribute.group(1).lower() != link_attribute or value is None:
                    continue
                target = html.unescape(value)
                if is_internal(target):
                    parts.append(markup[done : attribute.start(2)])
                    parts.append(target)
                    done = attribute.end(2)
        parts.append(markup[done:])
        return cls(tuple(parts))

    def fill(self, resolve: Callable[[str], str]) -> str:
        """Return the HTML with each internal link replaced by `resolve(target)`, escaped."""
        out = list(self.parts)
        for n in range(1, len(out), 2):
            out[n] = html.escape(resolve(out[n]), quote=True)
        return "".join(out)
