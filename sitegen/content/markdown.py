"""Markdown -> sanitised HTML, with links (and their lines), heading ids and located problems.

The stages of `render_markdown`, each a plain function of the previous one's output:

1. `check_limits` (markdown_limits): refuse pathological input (deep nesting, huge lines) with a
   located error before Python-Markdown, whose block parser recurses and whose link parser
   backtracks.
2. `convert` (markdown_converter): Python-Markdown with tables, footnotes, attribute lists,
   definition lists, abbreviations, fenced code, plus small rules for text pasted from e-mail
   (markdown_pasted: bare URLs and addresses become links; a list straight under a paragraph
   line is a list; no indented code blocks). Letters and `pasted: true` pages are rewritten
   first as their writer meant them (pasted_tidy: lists, signatures, reply headers, links).
3. `audit_html` + `clean_html` (sanitize): warn about, then remove, everything unsafe.
4. `finish_html` (finish): heading ids, `rel` on external links, remote media dropped,
   Latin-script runs isolated on right-to-left pages.
5. Collect links, ids and headings from the final HTML and check links that deceive (deceptive).

Python-Markdown does not track source lines, so a problem or link is given the line of the first
not-yet-used occurrence of its text (a URL, a tag name, the link text) in the body: exact for
ordinary content, and the body's first line when nothing can be found (markdown_lines).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import markdown as pymarkdown

from sitegen.content.deceptive import deceptions
from sitegen.content.finish import finish_html
from sitegen.content.htmltokens import HtmlRewriter, start_tag
from sitegen.content.markdown_converter import convert
from sitegen.content.markdown_limits import check_limits
from sitegen.content.markdown_lines import Locator
from sitegen.content.markdown_types import Link, MarkdownOptions
from sitegen.content.pasted_chars import LIBRARY as PASTED_CHARS
from sitegen.content.pasted_hyphens import lexicon_fingerprint
from sitegen.content.sanitize import LIBRARY as SANITIZER
from sitegen.content.sanitize import audit_html, clean_html, is_internal
from sitegen.errors import Problems, SourceRef

# Part of the cache key of every parsed page: what turns Markdown into the HTML kept.
# The word lists and hyphenation dictionaries decide how pasted words split by hyphens rejoin.
LIBRARIES = (
    f"Python-Markdown {pymarkdown.__version__}, {SANITIZER}, {PASTED_CHARS}, "
    f"{lexicon_fingerprint()}"
)


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
    if not check_limits(text, ref.at(first_line), problems):
        return EMPTY_RESULT
    try:
        raw = convert(text, options)
    except RecursionError:
        problems.error(ref.at(first_line), "the text is nested too deeply to render")
        return EMPTY_RESULT
    locator = Locator(text, first_line)
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
        for message in deceptions(link, options.region):
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


__all__ = [
    "Link",
    "MarkdownOptions",
    "MarkdownResult",
    "render_markdown",
    "rewrite_links",
]
