"""The pasted-text extension: Markdown read as people write it in e-mail and letters.

In all site content: bare `https://...`, `www....` and e-mail addresses become links, a list
written straight under a paragraph line (no blank line between, as in e-mail) is read as a
list, and text indented by four spaces or a tab is not a code block (nobody writing safety
advice means one; fenced code still works).

The pasted scope (letters, and pages with `pasted: true`) rewrites the text first
(`pasted_tidy`); the tree pass here finishes its lists: the style and start of numbering in
letters or roman numerals, and a list of its own where a numbered list follows bullets.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown as pymarkdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from sitegen.content.pasted_lists import OL_MARK

_BARE_LINK = (
    r"(?<![\w@/.:+\-])(?:(?P<url>(?:https?://|www\.)[^\s<>\"\x02\x03]+)"
    r"|(?P<email>[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+))"
)
_TRAILING = ".,;:!?'\"*_~"


class _BareLinkProcessor(InlineProcessor):
    """Make links of bare `https://...`, `www....` and e-mail addresses (text from e-mail)."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        if m.group("email"):
            address = m.group("email").rstrip(".-")
            element = etree.Element("a", {"href": f"mailto:{address}"})
            element.text = AtomicString(address)
            return element, m.start(), m.start() + len(address)
        url = _trim_url(m.group("url"))
        if len(url) <= len("www.") or url.lower() in ("http://", "https://"):
            return None, None, None
        href = f"https://{url}" if url.lower().startswith("www.") else url
        element = etree.Element("a", {"href": href})
        element.text = AtomicString(url)
        return element, m.start(), m.start() + len(url)


def _trim_url(url: str) -> str:
    """Drop punctuation that ends the sentence rather than the URL (and unbalanced ')')."""
    while url:
        if url[-1] in _TRAILING or (url[-1] == ")" and url.count(")") > url.count("(")):
            url = url[:-1]
        else:
            break
    return url


_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+\S")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_QUOTE_PREFIX = re.compile(r"^(?:\s{0,3}>\s?)*")


class _ListAfterParagraph(Preprocessor):
    """Insert the blank line Python-Markdown needs between a paragraph and a list under it."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        run_has_item = False
        run_is_code = False
        previous_blank = True
        for line in lines:
            quote, body = _split_quote(line)
            blank = not body.strip()
            is_item = bool(_LIST_ITEM.match(body)) and not _RULE.match(body)
            if is_item and not previous_blank and not run_has_item and not run_is_code:
                out.append(quote.rstrip())
            if blank:
                run_has_item = run_is_code = False
            else:
                if previous_blank:
                    run_is_code = body.startswith(("    ", "\t")) or body.startswith("[^")
                run_has_item = run_has_item or is_item
            previous_blank = blank
            out.append(line)
        return out


def _split_quote(line: str) -> tuple[str, str]:
    """Split a line into its block-quote markers ('> > ') and the rest."""
    if ">" not in line:
        return "", line  # most lines: no regex needed
    prefix = _QUOTE_PREFIX.match(line)
    quote = prefix.group(0) if prefix else ""
    return quote, line[len(quote) :]


_LIST_MARK = re.compile(rf"^{OL_MARK}(ul|ol):([^:]*):(\d+){OL_MARK}")


class _PastedLists(Treeprocessor):
    """Give pasted lists their kind, style and start from the marks `pasted_lists` left."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            if parent.tag in ("ul", "ol") and OL_MARK in "".join(parent.itertext()):
                self._split(root, parent)

    def _split(self, root: etree.Element, lst: etree.Element) -> None:
        holder = next((node for node in root.iter() if lst in list(node)), None)
        current = lst
        for li in list(lst):
            _tighten(li)
            match = _LIST_MARK.match(li.text or "")
            if match is not None:
                li.text = (li.text or "")[match.end() :]
                kind, style, start = match.group(1), match.group(2), int(match.group(3))
                if li is not lst[0] and holder is not None:
                    following = etree.Element(kind)
                    holder.insert(list(holder).index(current) + 1, following)
                    current = following
                current.tag = kind
                if kind == "ol" and style not in ("1", ""):
                    current.set("type", style)
                if kind == "ol" and start != 1:
                    current.set("start", str(start))
            if current is not lst:
                lst.remove(li)
                current.append(li)


def _tighten(li: etree.Element) -> None:
    """Unwrap an item's only paragraph: pasted items are one line each, and Python-Markdown
    makes a list loose only because two pasted lists stood a blank line apart."""
    if (li.text or "").strip() or len(li) == 0 or li[0].tag != "p":
        return
    paragraph = li[0]
    if any(child.tag == "p" for child in list(li)[1:]):
        return
    li.remove(paragraph)
    li.text = paragraph.text
    for n, child in enumerate(list(paragraph)):
        li.insert(n, child)


class PastedTextExtension(Extension):
    """Read text pasted from e-mail and letters as its writer meant it."""

    def extendMarkdown(self, md: pymarkdown.Markdown) -> None:
        # After raw HTML and fences are set aside (20, 25); before the block parser.
        md.preprocessors.register(_ListAfterParagraph(md), "list_after_paragraph", 15)
        # After links, autolinks and raw HTML tags (90), before entities and emphasis.
        md.inlinePatterns.register(_BareLinkProcessor(_BARE_LINK, md), "bare_link", 85)
        # Before the inline pass (20): the marks are plain text at the start of an item.
        md.treeprocessors.register(_PastedLists(md), "pasted_lists", 25)
        md.parser.blockprocessors.deregister("code")
