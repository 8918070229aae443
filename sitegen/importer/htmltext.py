"""HTML from a mail client, Word or mammoth as the plain text a volunteer would have pasted.

Paragraphs, headings and line breaks become lines; list items become "• " or "1) " lines,
indented by their depth; a link becomes `text<URL>`, as Outlook writes it in plain text (the
pasted scope reads that as one link); a block quote (how mail clients quote a reply) becomes
"> " lines. Scripts, styles and the document's head are left out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_BLOCKS = _names(
    "p div h1 h2 h3 h4 h5 h6 tr table section article header footer address pre hr li ul ol "
    "blockquote dl dt dd figure figcaption"
)
_SPACED = _names("p h1 h2 h3 h4 h5 h6 blockquote table ul ol pre")
_SKIPPED = _names("script style head title template")
_SPACES = re.compile(r"[ \t\r\n\f]+")


class _TextMaker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []  # (quote depth, text)
        self._line = ""
        self._quote = 0
        self._skip = 0
        self._pre = 0
        self._lists: list[list[int]] = []  # per open list: [ordered, next number]
        self._link: tuple[str, int] | None = None  # href, where its text starts in the line

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip += 1
        elif tag == "br":
            self._end_line()
        elif tag in _BLOCKS:
            self._block(tag, opening=True)
            if tag in ("ul", "ol"):
                self._lists.append([tag == "ol", 1])
            elif tag == "li":
                self._line = self._bullet()
            elif tag == "blockquote":
                self._quote += 1
            elif tag == "pre":
                self._pre += 1
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if href.lower().startswith(("http://", "https://", "mailto:")):
                self._link = (href, len(self._line))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif tag == "a" and self._link is not None:
            href, start = self._link
            shown = self._line[start:].strip()
            bare = re.sub(r"^(?:https?://|mailto:)", "", href).rstrip("/")
            if shown and shown.rstrip("/") not in (href.rstrip("/"), bare):
                self._line += f"<{href}>"
            elif not shown:
                self._line += href
            self._link = None
        elif tag in _BLOCKS:
            if tag in ("ul", "ol") and self._lists:
                self._lists.pop()
            elif tag == "blockquote":
                self._end_line()
                self._quote = max(0, self._quote - 1)
            elif tag == "pre":
                self._pre = max(0, self._pre - 1)
            self._block(tag, opening=False)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._pre:
            for n, part in enumerate(data.split("\n")):
                if n:
                    self._end_line()
                self._line += part
            return
        text = _SPACES.sub(" ", data)
        if not self._line.strip():
            text = text.lstrip()
        self._line += text

    def _bullet(self) -> str:
        if not self._lists:
            return "• "
        indent = "    " * (len(self._lists) - 1)
        ordered, number = self._lists[-1]
        if ordered:
            self._lists[-1][1] += 1
            return f"{indent}{number}) "
        return f"{indent}• "

    def _block(self, tag: str, opening: bool) -> None:
        self._end_line()
        nested = tag in ("ul", "ol") and len(self._lists) > (0 if opening else 1)
        if tag in _SPACED and not nested:
            self.lines.append((self._quote, ""))

    def _end_line(self) -> None:
        if self._line.strip():
            self.lines.append((self._quote, self._line.rstrip()))
        self._line = ""

    def text(self) -> str:
        self._end_line()
        out: list[str] = []
        blank = True
        for depth, line in self.lines:
            if not line and blank:
                continue
            blank = not line
            out.append(("> " * depth + line).rstrip())
        return "\n".join(out).strip("\n") + "\n"


def html_to_text(html: str) -> str:
    """Return the text of an HTML document, one line per paragraph, line or list item."""
    maker = _TextMaker()
    maker.feed(html)
    maker.close()
    return maker.text()
