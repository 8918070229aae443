"""Python-Markdown, faster: its inline and block loops, skipping tries that cannot succeed.

Python-Markdown tries every inline pattern on every piece of text and every block processor's
test on every block. Each pattern and test here is given the substrings any match must hold,
and is skipped when none is there; the block-level check is remembered per tag name. The
output is byte-identical to stock Python-Markdown's (the property tests compare them).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown as pymarkdown
from markdown.blockprocessors import BlockProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor as InlineTreeprocessor
from markdown.util import AtomicString, Registry

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


class NeedleBlocks:
    """Python-Markdown's `BlockParser.parseBlocks`, skipping tests whose needles are not there.

    The stock loop asks every block processor's test about every block, in order, and lists
    the processors anew from the registry for each block; most tests cannot pass for most
    blocks. Processors are taken once per conversion (by `BlockSnapshot`, after every
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


class BlockSnapshot(Preprocessor):
    """Take the block processors for `NeedleBlocks` just before the block parser runs."""

    def __init__(self, md: pymarkdown.Markdown, blocks: NeedleBlocks) -> None:
        super().__init__(md)
        self._blocks = blocks

    def run(self, lines: list[str]) -> list[str]:
        self._blocks.snapshot()
        return lines


class NeedleInlineProcessor(InlineTreeprocessor):
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


class BlockLevel:
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
