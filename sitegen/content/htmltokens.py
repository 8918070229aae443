"""HTML as html.parser's tokens, read fast, and a token-by-token rewriter.

Every pass over content HTML (the audit, link rewriting, the finishing pass) reads it as
html.parser's tokens. Markup written the way serialisers write it (nh3's output,
Python-Markdown's, most pasted HTML) is split into them by one regex (`read_tokens`), exactly as
html.parser would split it but several times faster; anything else goes to html.parser
(`feed_html`). `HtmlRewriter` re-serialises a document token by token for passes that change a
few tags, and `start_tag` writes a tag back with its attribute values escaped.

This module knows HTML syntax only, nothing about what is allowed in a page (`content.sanitize`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser

# Elements that have no end tag and no content.
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr"}
)

# A start tag as serialisers write it: lowercase-able name, attributes each after ASCII
# whitespace, values only in double quotes (html.parser reads these the same way), optional '/'.
_WS = "[ \t\n\r\f]"
_ATTR_NAME = "[a-zA-Z_:][-a-zA-Z0-9_:.]*"
SIMPLE_TAG = re.compile(
    rf'<(?:([a-zA-Z][a-zA-Z0-9]*)((?:{_WS}+{_ATTR_NAME}(?:="[^"]*")?)*){_WS}*(/?)'
    r"|/([a-zA-Z][a-zA-Z0-9]*))>"
)
SIMPLE_ATTR = re.compile(rf'({_ATTR_NAME})(?:="([^"]*)")?')
# html.parser reads the content of these as raw text (or a newer Python may): leave them to it.
_RAW_TEXT_TAGS = frozenset(
    {*HTMLParser.CDATA_CONTENT_ELEMENTS, "textarea", "title", "xmp", "iframe", "noembed"}
    | {"noframes", "noscript", "plaintext"}
)

START, STARTEND, END, DATA = range(4)
Token = tuple[int, str, list[tuple[str, str | None]]]  # (kind, tag or text, attributes)


def read_tokens(markup: str) -> list[Token] | None:
    """Split simply written HTML into html.parser's tokens; None if it needs html.parser itself.

    "Simply written": every '<' opens a tag matched by `SIMPLE_TAG` (no comments, doctypes,
    unquoted values or stray '<'), and no element whose content html.parser reads as raw text.
    """
    tokens: list[Token] = []
    unescape = html.unescape
    # split() gives the text before each tag, then the tag's four groups, ..., the text after.
    parts = SIMPLE_TAG.split(markup)
    texts, names, attr_texts, slashes, end_names = (parts[n:-1:5] for n in range(5))
    tags = zip(texts, names, attr_texts, slashes, end_names, strict=True)
    for text, name, attr_text, slash, end_name in tags:
        if text:
            if "<" in text:
                return None
            tokens.append((DATA, unescape(text) if "&" in text else text, []))
        if end_name is not None:
            tokens.append((END, end_name.lower(), []))
            continue
        tag = name.lower()
        if tag in _RAW_TEXT_TAGS:
            return None
        attrs: list[tuple[str, str | None]] = (
            [
                (attr.group(1).lower(), unescape(value) if value else value)
                for attr in SIMPLE_ATTR.finditer(attr_text)
                for value in (attr.group(2),)
            ]
            if attr_text
            else []
        )
        tokens.append((STARTEND if slash else START, tag, attrs))
    text = parts[-1]
    if text:
        if "<" in text:
            return None
        tokens.append((DATA, unescape(text) if "&" in text else text, []))
    return tokens


def feed_html(parser: HTMLParser, markup: str, tokens: list[Token] | None = None) -> None:
    """Give `parser` every token of `markup` and close it: the same calls html.parser makes."""
    if tokens is None:
        tokens = read_tokens(markup)
    if tokens is None:
        parser.feed(markup)
        parser.close()
        return
    for kind, value, attrs in tokens:
        if kind == DATA:
            parser.handle_data(value)
        elif kind == START:
            parser.handle_starttag(value, attrs)
        elif kind == END:
            parser.handle_endtag(value)
        else:
            parser.handle_startendtag(value, attrs)


class HtmlRewriter(HTMLParser):
    """Re-serialise HTML token by token; subclasses override `start`, `end` and `text`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open_tags: list[str] = []
        self._open_counts: dict[str, int] = {}  # tag -> how many are open: O(1) `inside`

    def run(self, markup: str, tokens: list[Token] | None = None) -> str:
        """Feed the whole document (read already as `tokens`) and return the rewritten HTML."""
        feed_html(self, markup, tokens)
        return "".join(self.out)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID_TAGS:
            self.open_tags.append(tag)
            self._open_counts[tag] = self._open_counts.get(tag, 0) + 1
        self.start(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        self.end(tag)
        if self._open_counts.get(tag):
            closed = None
            while closed != tag:
                closed = self.open_tags.pop()
                self._open_counts[closed] -= 1

    def handle_data(self, data: str) -> None:
        self.text(data)

    def inside(self, tags: frozenset[str]) -> bool:
        """Tell whether any currently open element is one of `tags`."""
        return any(self._open_counts.get(tag) for tag in tags)

    def start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Handle a start tag (default: copy it)."""
        self.out.append(start_tag(tag, attrs))

    def end(self, tag: str) -> None:
        """Handle an end tag (default: copy it)."""
        self.out.append(f"</{tag}>")

    def text(self, data: str) -> None:
        """Handle text (default: copy it, escaped)."""
        self.out.append(html.escape(data, quote=False))


def start_tag(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    """Serialise a start tag with escaped attribute values."""
    parts = [tag]
    for name, value in attrs:
        parts.append(name if value is None else f'{name}="{html.escape(value, quote=True)}"')
    return "<" + " ".join(parts) + ">"


def iter_attrs(attrs: list[tuple[str, str | None]]) -> Iterator[tuple[str, str]]:
    """Yield attributes with boolean ones given an empty value."""
    for name, value in attrs:
        yield name, value or ""
