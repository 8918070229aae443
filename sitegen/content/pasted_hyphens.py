"""Words split across lines by a hyphen: rejoin a line-break hyphen, keep a real one.

A PDF or a hard-wrapped e-mail splits "reassurance" into "reassu-" and "rance"; it splits
"Anti-Social" into "Anti-" and "Social" the same way. Which is which is decided from evidence,
never guessed, in this order:

1. the second part starts with a capital or a digit ("Anti-" / "Social", "COVID-" / "19"): a
   line-break hyphen never capitalises what follows it, so the hyphen is real;
2. the same document: the hyphenated form written elsewhere keeps the hyphen; the joined word
   written elsewhere joins;
3. a system word list (Debian's wbritish or wamerican, read if present): a joined word it lists
   joins, anything else keeps its hyphen;
4. without a word list, the hyphenation dictionary of the page's language (pyphen's, from
   LibreOffice): the split is rejoined only where the dictionary would break the joined word.

When nothing decides, the hyphen is kept (without the space a plain join would put there).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyphen

# Looked for in this order; the first found for the language is used.
WORD_LISTS: dict[str, tuple[str, ...]] = {
    "en": (
        "/usr/share/dict/british-english",
        "/usr/share/dict/american-english",
        "/usr/share/dict/words",
    ),
}
_WORD = re.compile(r"\w+(?:[-‐]\w+)*")


@dataclass(frozen=True)
class Lexicon:
    """What is known about one language's words: a word list and a hyphenation dictionary."""

    words: frozenset[str]  # lowercase; empty when no list is installed
    hyphenator: pyphen.Pyphen | None


def word_list_path(lang: str, candidates: dict[str, tuple[str, ...]] = WORD_LISTS) -> str | None:
    """Return the word list read for a language, if one is installed."""
    for path in candidates.get(lang.split("-")[0].lower(), ()):
        if os.path.isfile(path):
            return path
    return None


def lexicon_fingerprint() -> str:
    """Name the word lists and dictionaries in use (part of every parsed page's cache key)."""
    found = []
    for lang in sorted(WORD_LISTS):
        path = word_list_path(lang)
        if path is not None:
            found.append(f"{path}:{os.path.getsize(path)}")
    return f"pyphen {pyphen.__version__}; " + ", ".join(found)


@functools.lru_cache(maxsize=8)
def lexicon(lang: str) -> Lexicon:
    """Return the lexicon of a language, read once per process."""
    path = word_list_path(lang)
    return Lexicon(read_word_list(path) if path else frozenset(), _hyphenator(lang))


def read_word_list(path: str) -> frozenset[str]:
    """Read a word list, one word a line (possessives such as "council's" left out)."""
    with open(path, encoding="utf-8", errors="replace") as file:
        return frozenset(word.strip().lower() for word in file if word.strip() and "'" not in word)


def _hyphenator(lang: str) -> pyphen.Pyphen | None:
    base = lang.split("-")[0].lower()
    for name in ({"en": "en_GB"}.get(base, base), base):
        if name in pyphen.LANGUAGES:
            return pyphen.Pyphen(lang=name)
    return None


def document_words(text: str) -> frozenset[str]:
    """Return every word and hyphenated compound written in a text, lowercased."""
    return frozenset(word.lower() for word in _WORD.findall(text))


def is_line_break_hyphen(head: str, tail: str, seen: Iterable[str], known: Lexicon) -> bool:
    """Say whether "head-" at a line's end and "tail" on the next are one word split in two."""
    if not head or not tail or not tail[0].islower() or not head[-1].isalpha():
        return False
    if any(char.isdigit() for char in head + tail):
        return False
    joined = (head + tail).lower()
    hyphenated = f"{head}-{tail}".lower()
    seen = seen if isinstance(seen, frozenset) else frozenset(seen)
    if hyphenated in seen:
        return False
    if joined in seen:
        return True
    if known.words:
        return joined in known.words and hyphenated not in known.words
    if known.hyphenator is not None:
        return len(head) in known.hyphenator.positions(head + tail)
    return False
