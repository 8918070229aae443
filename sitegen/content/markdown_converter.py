"""Python-Markdown set up for sitegen: its extensions, one reused converter per process and thread.

`convert` is stage 2 of `render_markdown`: Markdown in, unsanitised HTML out (text in the
pasted scope rewritten first by `pasted_tidy`). The converter
carries sitegen's extension list (as objects, see `_plain_converter`) and the speed-ups of
markdown_speedups; building one costs as much as a short page, so it is cached and reset.
"""

from __future__ import annotations

import functools
import threading

import markdown as pymarkdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.tables import TableExtension

from sitegen.content.markdown_pasted import PastedTextExtension
from sitegen.content.markdown_speedups import (
    BlockLevel,
    BlockSnapshot,
    NeedleBlocks,
    NeedleInlineProcessor,
)
from sitegen.content.markdown_types import MarkdownOptions
from sitegen.content.pasted_lists import strip_list_marks
from sitegen.content.pasted_tidy import tidy_pasted


def convert(text: str, options: MarkdownOptions) -> str:
    """Return Python-Markdown's HTML for `text`, not yet sanitised, from this thread's converter."""
    converter = _converter(options.raw_html, threading.get_ident())
    if options.pasted:
        text = tidy_pasted(text, options.lang, for_renderer=True)
    try:
        html = converter.convert(text)
        return strip_list_marks(html) if options.pasted else html
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
    converter.treeprocessors.register(NeedleInlineProcessor(converter), "inline", 20)
    blocks = NeedleBlocks(converter.parser.blockprocessors)
    converter.parser.parseBlocks = blocks  # type: ignore[method-assign]
    converter.preprocessors.register(BlockSnapshot(converter, blocks), "block_snapshot", 0)
    converter.is_block_level = BlockLevel(converter.block_level_elements)  # type: ignore[method-assign]
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
        PastedTextExtension(),
    ]
    if raw_html:
        extensions.append(MarkdownInHtmlExtension())
    converter = pymarkdown.Markdown(extensions=extensions, output_format="html")
    if not raw_html:
        converter.preprocessors.deregister("html_block")
        converter.inlinePatterns.deregister("html")
    return converter
