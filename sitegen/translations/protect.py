"""Protected tokens: what a translator sees in a segment but must keep exactly as it is.

Phone numbers, web and e-mail addresses, link targets, footnote marks and the names of the
contacts in `contacts.lock` are written in a catalog as `{{...}}` placeholders around the very
text of the original (`Call {{0800 555 111}}`): the translator reads the number, and can move
it where the language needs it. Each must come back exactly as often as the original has it;
a translation whose placeholders, numbers, addresses or heading ids differ is refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sitegen.i18n.phones import find_numbers

OPEN, CLOSE = "{{", "}}"
PLACEHOLDER = re.compile(r"\{\{(.+?)\}\}", re.DOTALL)
# For Weblate's placeholders check (a flag on every entry): the same pattern, as it reads it.
WEBLATE_FLAG = 'placeholders:r"\\{\\{.+?\\}\\}"'

_LINK_TARGET = re.compile(r"\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?)\)")
_REFERENCE_LABEL = re.compile(r"\]\[([^\]]+)\]")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+|[^>\s@]+@[^>\s@]+)>")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]{}\"']+[^\s<>()\[\]{}\"'.,;:!?]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_FOOTNOTE_MARK = re.compile(r"\[\^[^\]]+\]")
_ATTRIBUTES = re.compile(r"\{[:#][^{}]*\}")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Token:
    """One protected span of an original segment."""

    kind: str  # link, reference, autolink, url, email, footnote, phone, name
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Protector:
    """Finds the protected tokens of a site's segments."""

    region: str
    literals: tuple[str, ...] = ()  # contact names and the directories' own numbers

    def tokens(self, text: str) -> list[Token]:
        """Return the protected spans of `text`, left to right, none overlapping."""
        found: list[Token] = []
        for kind, pattern, group in _PATTERNS:
            found += [
                Token(kind, m.group(group), m.start(group), m.end(group))
                for m in pattern.finditer(text)
            ]
        for literal in sorted(self.literals, key=len, reverse=True):
            pattern = re.compile(rf"(?<![\w]){re.escape(literal)}(?![\w])")
            found += [Token("name", m.group(), m.start(), m.end()) for m in pattern.finditer(text)]
        found += [Token("phone", text[a:b], a, b) for a, b in find_numbers(text, self.region)]
        return _without_overlaps(found)

    def mark(self, text: str) -> str:
        """Return `text` with each protected token written as a `{{...}}` placeholder."""
        out: list[str] = []
        position = 0
        for token in self.tokens(text):
            out += [text[position : token.start], OPEN, token.text, CLOSE]
            position = token.end
        out.append(text[position:])
        return "".join(out)

    def check(self, marked_original: str, marked_translation: str) -> list[str]:
        """Say what a translation changed that must not change ([] when nothing)."""
        problems: list[str] = []
        wanted = Counter(PLACEHOLDER.findall(marked_original))
        given = Counter(PLACEHOLDER.findall(marked_translation))
        problems += [f"{{{{{text}}}}} is missing" for text in _missing(wanted, given)]
        problems += [f"{{{{{text}}}}} is not in the original" for text in _missing(given, wanted)]
        if problems:
            return problems
        original, translation = unmark(marked_original), unmark(marked_translation)
        kinds = Counter((t.kind, t.text) for t in self.tokens(original))
        found = Counter((t.kind, t.text) for t in self.tokens(translation))
        for kind, text in _missing(kinds, found):
            problems.append(f"{text} is no longer {_KIND_NAMES[kind]}")
        for kind, text in _missing(found, kinds):
            problems.append(f"{_KIND_NAMES[kind]} {text} is not in the original")
        numbers_before = Counter(_numbers(_outside(original, self.tokens(original))))
        numbers_after = Counter(_numbers(_outside(translation, self.tokens(translation))))
        problems += [f"the number {n} is missing" for n in _missing(numbers_before, numbers_after)]
        problems += [
            f"the number {n} is not in the original"
            for n in _missing(numbers_after, numbers_before)
        ]
        if Counter(_ATTRIBUTES.findall(original)) != Counter(_ATTRIBUTES.findall(translation)):
            problems.append("heading ids and attributes ({#...}) are kept by sitegen: remove them")
        if "\n\n" in translation.strip() and "\n\n" not in original.strip():
            problems.append("an empty line would split the text into two blocks")
        return problems


_PATTERNS: tuple[tuple[str, re.Pattern[str], int], ...] = (
    ("link", _LINK_TARGET, 1),
    ("reference", _REFERENCE_LABEL, 1),
    ("autolink", _AUTOLINK, 0),
    ("footnote", _FOOTNOTE_MARK, 0),
    ("url", _URL, 0),
    ("email", _EMAIL, 0),
)
_KIND_NAMES = {
    "link": "a link target",
    "reference": "a link reference",
    "autolink": "a link",
    "footnote": "a footnote mark",
    "url": "a web address",
    "email": "an e-mail address",
    "phone": "a phone number",
    "name": "a contact's name",
}


def unmark(text: str) -> str:
    """Return a marked text with its placeholders written as plain text again."""
    return PLACEHOLDER.sub(lambda match: match.group(1), text)


def _without_overlaps(tokens: list[Token]) -> list[Token]:
    """Keep the earliest-found of overlapping tokens (the patterns are in order of priority)."""
    kept: list[Token] = []
    for token in tokens:
        if all(token.end <= other.start or token.start >= other.end for other in kept):
            kept.append(token)
    return sorted(kept, key=lambda token: token.start)


T = TypeVar("T")


def _missing(wanted: Counter[T], given: Counter[T]) -> list[T]:
    return sorted((wanted - given).elements(), key=str)


def _outside(text: str, tokens: Sequence[Token]) -> str:
    out: list[str] = []
    position = 0
    for token in tokens:
        out.append(text[position : token.start] + " ")
        position = token.end
    out.append(text[position:])
    return "".join(out)


def _numbers(text: str) -> Iterable[str]:
    """The numbers in a text, in ASCII digits (an Arabic-Indic ٢٤ is the number 24)."""
    for match in _DIGITS.finditer(text):
        yield "".join(str(unicodedata.digit(char)) for char in match.group())
