"""Where a file states its facts: every phone number, web and e-mail address, with the line it
is first written on, found once when the file is parsed.

A translation must keep its original's facts (`site.translationfacts` compares them). Finding
them needs the file's lines, which the parse has and keeps nothing of afterwards; so they are
found here, in the parse (in parallel, and kept in the parse index with the rest), not by
reading every file again on every build.
"""

from __future__ import annotations

import re

from sitegen.content.words import WORD_KEYS
from sitegen.i18n.facts import facts, may_hold_a_fact
from sitegen.read.validate import Record

# fact key ("number:08005550123") -> (line, as written), the first place it is found
Spots = dict[str, tuple[int, str]]

# What is not a fact although it may hold digits: a heading's `{#id}` and where an internal
# link leads (`](advice/area-0010.md#part-2)`); a link to another site, `tel:` or `mailto:` is.
_NOT_FACTS = re.compile(r"\{[#.:][^}]*\}|\]\((?![A-Za-z][A-Za-z0-9+.-]*:)[^)\s]*")


def spots(texts: list[tuple[int, str]]) -> Spots:
    """Find the facts of some (line, text) pairs, each at the first line it is written on."""
    found: Spots = {}
    for line, text in texts:
        if not may_hold_a_fact(text):
            continue
        for key, written in facts(_NOT_FACTS.sub("]", text)).items():
            found.setdefault(key, (line, written))
    return found


def file_spots(meta: Record, text: str, body_line: int) -> Spots:
    """The facts of a page or letter: the words of its front matter, then its body, by line."""
    texts = []
    for key in WORD_KEYS:
        value = meta.values.get(key)
        if value is not None and str(value):
            texts.append((meta.lines.get(key, meta.line) or 1, str(value)))
    lines = text.split("\n")  # as the front matter is split, so `body_line` counts the same
    texts += [(number + 1, lines[number]) for number in range(body_line - 1, len(lines))]
    return spots(texts)
