"""The pasted-text extension: Markdown read as people write it in e-mail and letters.

Bare `https://...`, `www....` and e-mail addresses become links, and a list written straight
under a paragraph line (no blank line between, as in e-mail) is read as a list.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown as pymarkdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.util import AtomicString

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


class PastedTextExtension(Extension):
    """Read text pasted from e-mail and letters as its writer meant it."""

    def extendMarkdown(self, md: pymarkdown.Markdown) -> None:
        # After raw HTML and fences are set aside (20, 25); before the block parser.
        md.preprocessors.register(_ListAfterParagraph(md), "list_after_paragraph", 15)
        # After links, autolinks and raw HTML tags (90), before entities and emphasis.
        md.inlinePatterns.register(_BareLinkProcessor(_BARE_LINK, md), "bare_link", 85)
