"""Markdown -> sanitised HTML, with links (and their lines), heading ids and located problems.

The stages of `render_markdown`, each a plain function of the previous one's output:

1. `_check_limits`: refuse pathological input (deep nesting, huge lines) with a located error
   before Python-Markdown, whose block parser recurses and whose link parser backtracks.
2. `_convert`: Python-Markdown with tables, footnotes, attribute lists, definition lists,
   abbreviations, fenced code, plus two small extensions for text pasted from e-mail (bare URLs
   and addresses become links; a list straight under a paragraph line is a list).
3. `audit_html` + `clean_html` (sanitize): warn about, then remove, everything unsafe.
4. `finish_html` (finish): heading ids, `rel` on external links, remote media dropped,
   Latin-script runs isolated on right-to-left pages.
5. Collect links, ids and headings from the final HTML and check links that deceive.

Python-Markdown does not track source lines, so a problem or link is given the line of the first
not-yet-used occurrence of its text (a URL, a tag name, the link text) in the body: exact for
ordinary content, and the body's first line when nothing can be found.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import markdown as pymarkdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.tables import TableExtension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor as InlineTreeprocessor
from markdown.util import AtomicString, Registry

from sitegen.content.finish import finish_html
from sitegen.content.htmltokens import HtmlRewriter, start_tag
from sitegen.content.sanitize import LIBRARY as SANITIZER
from sitegen.content.sanitize import (
    audit_html,
    clean_html,
    is_internal,
    normalize_url,
    url_host,
    url_scheme,
)
from sitegen.errors import Problems, SourceRef
from sitegen.pickling import reduce_by_fields

# Part of the cache key of every parsed page: what turns Markdown into the HTML kept.
LIBRARIES = f"Python-Markdown {pymarkdown.__version__}, {SANITIZER}"

MAX_LINE_LENGTH = 50_000
MAX_BODY_LENGTH = 300_000
MAX_BLOCK_LENGTH = 100_000
MAX_NESTING = 32
# Python-Markdown takes time quadratic in the links of one paragraph (each `](` looks ahead for
# its closing parenthesis): a real paragraph has a handful, a hostile one thousands.
MAX_LINKS_PER_BLOCK = 1_000


@dataclass(frozen=True, slots=True)
class Link:
    """A link or embedded image found in a page, with the line it was written on."""

    target: str  # href/src as written (entities decoded)
    text: str  # visible text; alt text for images ("" once in the parse index)
    line: int
    kind: str  # "link" or "image"
    internal: bool  # no scheme, not '//host', not only '#fragment'

    __reduce__ = reduce_by_fields


@dataclass(frozen=True)
class MarkdownOptions:
    """How one page's Markdown is rendered."""

    raw_html: bool = True  # False: raw HTML is shown as text, never run
    remote_media: str = "drop"  # media from another host: "drop" with a warning, or "error"
    isolate_ltr: bool = False  # right-to-left pages: wrap Latin-script runs, URLs, numbers in <bdi>


@dataclass(frozen=True)
class MarkdownResult:
    """Sanitised HTML of one page body and what later stages need to know about it."""

    html: str
    links: tuple[Link, ...]
    ids: frozenset[str]
    headings: tuple[tuple[int, str, str], ...]  # (level, text, id)
    images_without_alt: tuple[int, ...]  # lines


EMPTY_RESULT = MarkdownResult("", (), frozenset(), (), ())


def render_markdown(
    text: str, ref: SourceRef, problems: Problems, options: MarkdownOptions = MarkdownOptions()
) -> MarkdownResult:
    """Render an untrusted Markdown body to safe HTML, reporting problems at real file lines."""
    first_line = ref.line or 1
    if not _check_limits(text, ref.at(first_line), problems):
        return EMPTY_RESULT
    try:
        raw = _convert(text, options)
    except RecursionError:
        problems.error(ref.at(first_line), "the text is nested too deeply to render")
        return EMPTY_RESULT
    locator = _Locator(text, first_line)
    for removal in audit_html(raw):
        line = locator.find("removal", removal.needles, url=removal.url)
        problems.warning(ref.at(line), removal.message)
    finished = finish_html(clean_html(raw), isolate_ltr=options.isolate_ltr)
    for media in finished.dropped_media:
        line = locator.find("media", (media.src,), url=media.src)
        message = f"removed <{media.tag}> from another site '{media.src}' (readers' privacy)"
        if options.remote_media == "error":
            problems.error(ref.at(line), message)
        else:
            problems.warning(ref.at(line), message)
    links = tuple(
        Link(
            found.target,
            found.text,
            locator.find("link", found.needles),
            found.kind,
            is_internal(found.target),
        )
        for found in finished.links
    )
    for link in links:
        for message in _deceptions(link):
            problems.error(ref.at(link.line), message)
    for duplicate in _repeated(finished.ids):
        needles = (f'id="{duplicate}"', f"#{duplicate}", duplicate)
        locator.find("id", needles)  # the first use is fine: report the second
        line = locator.find("id", needles)
        problems.warning(ref.at(line), f"the id '{duplicate}' is used more than once")
    return MarkdownResult(
        html=finished.html,
        links=links,
        ids=frozenset(finished.ids),
        headings=tuple(finished.headings),
        images_without_alt=tuple(locator.find("alt", (src,)) for src in finished.no_alt),
    )


def _repeated(values: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    repeated: dict[str, None] = {}
    for value in values:
        if value in seen:
            repeated[value] = None
        seen.add(value)
    return list(repeated)


def rewrite_links(markup: str, resolve: Callable[[str], str]) -> str:
    """Replace every internal href/src in sanitised HTML with `resolve(target)`."""
    return _LinkRewriter(resolve).run(markup)


class _LinkRewriter(HtmlRewriter):
    def __init__(self, resolve: Callable[[str], str]) -> None:
        super().__init__()
        self._resolve = resolve

    def start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        link_attr = "href" if tag == "a" else "src"
        self.out.append(
            start_tag(
                tag,
                [
                    (name, self._resolve(value))
                    if name == link_attr and value is not None and is_internal(value)
                    else (name, value)
                    for name, value in attrs
                ],
            )
        )


# --- 1. limits --------------------------------------------------------------------------------

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CONTAINER_PREFIX = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*")


# A line starting with more than MAX_NESTING spaces, quote and list markers (digits included):
# the only lines that could nest too deeply (see `_nesting_problem`).
_LONG_LINE_PREFIX = re.compile(rf"^(?:[^\S\n]|[>*+\-.)]|\d){{{MAX_NESTING + 1}}}", re.MULTILINE)


def _check_limits(text: str, ref: SourceRef, problems: Problems) -> bool:
    """Report input too large or too deeply nested to render in bounded time; True if fine."""
    return _clearly_within_limits(text) or _check_limits_by_line(text, ref, problems)


def _check_limits_by_line(text: str, ref: SourceRef, problems: Problems) -> bool:
    """Check the limits line by line, reporting the first one exceeded where it is exceeded."""
    first = ref.line or 1
    fence: str | None = None
    brackets = block_length = block_links = 0
    block_start = first
    for number, line in enumerate(text.split("\n"), start=first):
        if len(line) > MAX_LINE_LENGTH:
            problems.error(
                ref.at(number),
                f"line is {len(line):,} characters long; the limit is {MAX_LINE_LENGTH:,}",
            )
            return False
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            continue
        if fence is not None:
            continue
        block_length = block_length + len(line) + 1 if line.strip() else 0
        block_start = number if block_length == len(line) + 1 else block_start
        if block_length > MAX_BLOCK_LENGTH:
            problems.error(
                ref.at(block_start),
                f"paragraph is more than {MAX_BLOCK_LENGTH:,} characters long "
                "(separate paragraphs with blank lines)",
            )
            return False
        block_links = block_links + line.count("](") if line.strip() else 0
        if block_links > MAX_LINKS_PER_BLOCK:
            problems.error(
                ref.at(block_start),
                f"paragraph has more than {MAX_LINKS_PER_BLOCK:,} links "
                "(separate paragraphs with blank lines)",
            )
            return False
        problem = _nesting_problem(line, brackets)
        if isinstance(problem, str):
            problems.error(ref.at(number), problem)
            return False
        brackets = problem
    if len(text) > MAX_BODY_LENGTH:
        problems.error(
            ref, f"the text is {len(text):,} characters long; the limit is {MAX_BODY_LENGTH:,}"
        )
        return False
    return True


def _clearly_within_limits(text: str) -> bool:
    """Tell, from bounds over the whole text, that `_check_limits` finds nothing line by line.

    A line, paragraph or the body is no longer than the text; a paragraph has no more links
    than the text, brackets nest no deeper than there are '['; indent and markers (each tab at
    most four columns) need at least one character each at the start of a line.
    """
    return (
        len(text) < min(MAX_LINE_LENGTH, MAX_BLOCK_LENGTH, MAX_BODY_LENGTH)
        and text.count("](") <= MAX_LINKS_PER_BLOCK
        and text.count("[") <= MAX_NESTING
        and not _LONG_LINE_PREFIX.search(text)
    )


def _nesting_problem(line: str, brackets: int) -> str | int:
    """Return a message if `line` nests too deeply, else the open-bracket depth after it."""
    prefix = _CONTAINER_PREFIX.match(line)
    markers = sum(1 for c in prefix.group(0) if c in ">-*+.)") if prefix else 0
    expanded = line.expandtabs(4) if "\t" in line else line
    indent = len(expanded) - len(expanded.lstrip())
    if markers + indent // 4 > MAX_NESTING:
        return f"lists and quotes are nested more than {MAX_NESTING} levels deep"
    if not line.strip():
        return 0
    if "[" not in line and (not brackets or "]" not in line):
        return brackets  # nothing opens, nothing closes
    escaped = False
    for char in line:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            brackets += 1
            if brackets > MAX_NESTING:
                return f"square brackets are nested more than {MAX_NESTING} levels deep"
        elif char == "]" and brackets:
            brackets -= 1
    return brackets


# --- 2. Markdown ------------------------------------------------------------------------------


def _convert(text: str, options: MarkdownOptions) -> str:
    converter = _converter(options.raw_html, threading.get_ident())
    try:
        return converter.convert(text)
    except BaseException:
        _converter.cache_clear()  # an interrupted parse (RecursionError) may leave parser state
        raise
    finally:
        converter.reset()  # drop this page's footnotes, references and abbreviations


# Building a converter costs as much as converting a short page, so each process keeps one per
# (raw HTML allowed, thread): `reset` clears all per-document state, and a converter is never
# shared between threads. The cache is bounded and holds nothing from any page.
@functools.lru_cache(maxsize=16)
def _converter(raw_html: bool, thread: int) -> pymarkdown.Markdown:
    """Return a new Python-Markdown converter with sitegen's extensions, sped up."""
    converter = _plain_converter(raw_html)
    converter.treeprocessors.register(_NeedleInlineProcessor(converter), "inline", 20)
    blocks = _NeedleBlocks(converter.parser.blockprocessors)
    converter.parser.parseBlocks = blocks  # type: ignore[method-assign]
    converter.preprocessors.register(_BlockSnapshot(converter, blocks), "block_snapshot", 0)
    converter.is_block_level = _BlockLevel(converter.block_level_elements)  # type: ignore[method-assign]
    return converter


def _plain_converter(raw_html: bool) -> pymarkdown.Markdown:
    """Return Python-Markdown with sitegen's extensions, as Python-Markdown runs them.

    The extensions are given as objects, not by name: finding a name among the installed
    packages' entry points costs each process 50 ms, fifty times what the rest does.
    """
    extensions: list[Extension] = [
        TableExtension(use_align_attribute=True),
        FootnoteExtension(),
        AttrListExtension(),
        DefListExtension(),
        AbbrExtension(),
        FencedCodeExtension(),
        _PastedTextExtension(),
    ]
    if raw_html:
        extensions.append(MarkdownInHtmlExtension())
    converter = pymarkdown.Markdown(extensions=extensions, output_format="html")
    if not raw_html:
        converter.preprocessors.deregister("html_block")
        converter.inlinePatterns.deregister("html")
    return converter


# Substrings without which an inline pattern cannot match (every match of its regex holds one),
# by the name Python-Markdown or sitegen registers it under and the class it is expected to be.
_PATTERN_NEEDLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "backtick": ("BacktickInlineProcessor", ("`",)),
    "escape": ("EscapeInlineProcessor", ("\\",)),
    "footnote": ("FootnoteInlineProcessor", ("[^",)),
    "reference": ("ReferenceInlineProcessor", ("[",)),
    "link": ("LinkInlineProcessor", ("[",)),
    "image_link": ("ImageInlineProcessor", ("![",)),
    "image_reference": ("ImageReferenceInlineProcessor", ("![",)),
    "short_reference": ("ShortReferenceInlineProcessor", ("[",)),
    "short_image_ref": ("ShortImageReferenceInlineProcessor", ("![",)),
    "autolink": ("AutolinkInlineProcessor", ("<",)),
    "automail": ("AutomailInlineProcessor", ("<",)),
    "linebreak": ("SubstituteTagInlineProcessor", ("  \n",)),
    "html": ("HtmlInlineProcessor", ("<",)),
    "bare_link": ("_BareLinkProcessor", ("://", "www.", "@")),
    "entity": ("HtmlInlineProcessor", ("&",)),
    "em_strong": ("DelimiterProcessor", ("*", "_")),
    "em_strong2": ("UnderscoreProcessor", ("_",)),
}


# The same for block processors: a block without any of these cannot pass the processor's test.
_BLOCK_NEEDLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "table": ("TableProcessor", ("|",)),
    "hashheader": ("HashHeaderProcessor", ("#",)),
    "setextheader": ("SetextHeaderProcessor", ("\n=", "\n-")),
    "hr": ("HRProcessor", ("-", "_", "*")),
    "deflist": ("DefListProcessor", (":",)),
    "quote": ("BlockQuoteProcessor", (">",)),
    "footnote": ("FootnoteBlockProcessor", ("[^",)),
    "abbr": ("AbbrBlockprocessor", ("*[",)),
    "reference": ("ReferenceProcessor", ("]:",)),
}


class _NeedleBlocks:
    """Python-Markdown's `BlockParser.parseBlocks`, skipping tests whose needles are not there.

    The stock loop asks every block processor's test about every block, in order, and lists
    the processors anew from the registry for each block; most tests cannot pass for most
    blocks. Processors are taken once per conversion (by `_BlockSnapshot`, after every
    preprocessor, so one an extension adds while reading a page is included).
    """

    def __init__(self, registry: Registry[BlockProcessor]) -> None:
        self._registry = registry
        self._steps: list[tuple[BlockProcessor, tuple[str, ...] | None]] = []

    def snapshot(self) -> None:
        registry = self._registry
        known = {
            id(registry[name]): needles
            for name, (kind, needles) in _BLOCK_NEEDLES.items()
            if name in registry and type(registry[name]).__name__ == kind
        }
        self._steps = [(processor, known.get(id(processor))) for processor in registry]

    def __call__(self, parent: etree.Element, blocks: list[str]) -> None:
        steps = self._steps
        while blocks:
            for processor, needles in steps:
                block = blocks[0]
                if needles is not None:
                    for needle in needles:
                        if needle in block:
                            break
                    else:  # none is in the block: the test cannot pass
                        continue
                if processor.test(parent, block) and processor.run(parent, blocks) is not False:
                    break


class _BlockSnapshot(Preprocessor):
    """Take the block processors for `_NeedleBlocks` just before the block parser runs."""

    def __init__(self, md: pymarkdown.Markdown, blocks: _NeedleBlocks) -> None:
        super().__init__(md)
        self._blocks = blocks

    def run(self, lines: list[str]) -> list[str]:
        self._blocks.snapshot()
        return lines


class _NeedleInlineProcessor(InlineTreeprocessor):
    """Python-Markdown's inline pass, skipping patterns whose needles are not in the text.

    The stock pass tries every inline pattern on every piece of text, in order (about 900
    tries a page, most of the time of the pass); most pieces hold nothing for most patterns,
    and a substring test is far cheaper than a try. Patterns are also handed over as a plain
    list taken when the pass starts (so one an extension adds while reading a page is
    included): looking each up on Python-Markdown's registry re-checks its sort order.
    """

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        registry = self.md.inlinePatterns
        self.inlinePatterns = list(registry)  # type: ignore[assignment]
        known = {
            id(registry[name]): needles
            for name, (kind, needles) in _PATTERN_NEEDLES.items()
            if name in registry and type(registry[name]).__name__ == kind
        }
        self._needles = [known.get(id(pattern)) for pattern in self.inlinePatterns]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """Apply the patterns from `patternIndex` on as the stock pass does, minus hopeless tries.

        Replaces the stock pass's private method of this name, which is also what it calls for
        the text inside a match.
        """
        if isinstance(data, AtomicString):
            return data
        patterns = self.inlinePatterns
        needles = self._needles
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        start = 0
        index = patternIndex
        while index < len(patterns):
            wanted = needles[index]
            if wanted is not None:
                for needle in wanted:
                    if needle in data:
                        break
                else:  # none is in the text: the pattern cannot match
                    index += 1
                    start = 0
                    continue
            data, matched, start = apply(patterns[index], data, index, start)
            if not matched:
                index += 1
        return data


class _BlockLevel:
    """`Markdown.is_block_level`, remembered per tag name (asked about a million times a site)."""

    def __init__(self, names: list[str]) -> None:
        self._names = names  # Python-Markdown's list, as extensions left it
        self._known: dict[str, bool] = {}

    def __call__(self, tag: object) -> bool:
        if not isinstance(tag, str):
            return False
        known = self._known.get(tag)
        if known is None:
            known = self._known[tag] = tag.lower().rstrip("/") in self._names
        return known


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


class _PastedTextExtension(Extension):
    """Read text pasted from e-mail and letters as its writer meant it."""

    def extendMarkdown(self, md: pymarkdown.Markdown) -> None:
        # After raw HTML and fences are set aside (20, 25); before the block parser.
        md.preprocessors.register(_ListAfterParagraph(md), "list_after_paragraph", 15)
        # After links, autolinks and raw HTML tags (90), before entities and emphasis.
        md.inlinePatterns.register(_BareLinkProcessor(_BARE_LINK, md), "bare_link", 85)


# --- 3. lines ---------------------------------------------------------------------------------


class _Locator:
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


# --- 5. deceptive links -----------------------------------------------------------------------

_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
_SHOWN_ADDRESS = re.compile(
    rf"(?P<prefix>https?://|www\.)?(?P<host>(?:{_LABEL}\.)+[a-z]{{2,63}})\.?(?::\d+)?(?:[/?#]\S*)?",
    re.IGNORECASE,
)
_ADDRESS_IN_TEXT = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_PHONE_IN_TEXT = re.compile(r"(?<![\w+])\+?(?:\(\d+\)|\d)[\d ().\-\u00a0]*\d(?!\w)")
_SHORT_NUMBER = re.compile(
    r"(?:call|phone|telephone|tel|ring|dial|text|sms)\b[\s:.]*(\+?\d[\d \-]{1,6}\d)\s*$",
    re.IGNORECASE,
)
_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$|^\d{1,2}[.\-]\d{1,2}[.\-]\d{2,4}$")


def _deceptions(link: Link) -> list[str]:
    """Return an error for each way a link's text misstates where the link goes."""
    if link.kind != "link":
        return []
    return [*_address_deceptions(link), *_phone_deceptions(link)]


def _address_deceptions(link: Link) -> list[str]:
    text = link.text.strip()
    shown_addresses: list[tuple[str, bool]] = []  # (address as shown, explicitly a web address)
    whole = _SHOWN_ADDRESS.fullmatch(text.rstrip("/"))
    if whole:
        shown_addresses.append((whole.group(0), bool(whole.group("prefix"))))
    for match in _ADDRESS_IN_TEXT.finditer(text):
        if not whole:
            shown_addresses.append((match.group(0).rstrip(".,;:!?)"), True))
    actual = url_host(link.target)
    messages = []
    for address, explicit in shown_addresses:
        host_match = _SHOWN_ADDRESS.match(address)
        if host_match is None:
            continue
        shown_host = _bare_host(host_match.group("host"))
        if actual is None and not explicit:
            continue
        if actual is not None and (
            _bare_host(actual) == shown_host or actual.endswith("." + shown_host)
        ):
            continue
        messages.append(
            f"deceptive link: the text shows the web address '{address}' "
            f"but the link goes to '{actual or link.target}'"
        )
    return messages


def _bare_host(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _phone_deceptions(link: Link) -> list[str]:
    numbers = _shown_phone_numbers(link.text)
    if not numbers:
        return []
    if url_scheme(link.target) != "tel":
        return [
            f"deceptive link: the text shows the phone number '{numbers[0]}' "
            f"but the link goes to '{link.target}', not a tel: link"
        ]
    dialled = link.target.strip()[len("tel:") :].split(";")[0]
    if any(_phone_key(number) == _phone_key(dialled) for number in numbers):
        return []
    return [
        f"deceptive link: the text shows the phone number '{numbers[0]}' "
        f"but the link dials '{html.unescape(dialled)}'"
    ]


def _shown_phone_numbers(text: str) -> list[str]:
    """Return the phone numbers a reader would see in link text."""
    numbers = []
    for match in _PHONE_IN_TEXT.finditer(text):
        number = match.group(0).strip()
        digits = re.sub(r"[^0-9]", "", number)
        if 7 <= len(digits) <= 15 and not _DATE.match(number):
            numbers.append(number)
    short = _SHORT_NUMBER.search(text.strip())
    if not numbers and short:
        numbers.append(short.group(1))
    return numbers


def _phone_key(number: str) -> str:
    """Return a number's digits with +44 / 0044 written as the national prefix 0."""
    number = number.replace("(0)", "").strip()
    digits = re.sub(r"[^0-9]", "", number)
    if number.startswith("+"):
        digits = "+" + digits
    elif digits.startswith("00"):
        digits = "+" + digits[2:]
    return "0" + digits[3:] if digits.startswith("+44") else digits


__all__ = [
    "Link",
    "MarkdownOptions",
    "MarkdownResult",
    "render_markdown",
    "rewrite_links",
]
