"""What a pasted line is: a bullet, a numbered item, a sign-off, or part of a reply header.

Shared by the renderer's pasted scope (`pasted_tidy`), the leftovers check (`pasted_leftovers`)
and `sitegen import`, so that all three read a letter the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Bullets people type or Word pastes: "•", "◦", "▪", "–", "-", "*", "·", "o" + tab, Wingdings.
BULLETS = "•◦▪▫‣⁃○●■□➢➤►–—·*-+\uf0b7\uf0a7\uf0d8"
_BULLET = re.compile(
    rf"^(?P<indent>[ \t]*)(?P<mark>[{re.escape(BULLETS)}]|o(?=\t))[ \t]*(?P<text>\S.*)$"
)
# "1)", "1.", "(1)", "a)", "(a)", "(iv)", "iv)"; a letter with "." only before a tab.
_NUMBERED = re.compile(
    r"^(?P<indent>[ \t]*)(?:\((?P<paren>\d{1,3}|[a-zA-Z]|[ivxlcdmIVXLCDM]{1,6})\)"
    r"|(?P<close>\d{1,3}|[a-zA-Z]|[ivxlcdmIVXLCDM]{1,6})\)"
    r"|(?P<dot>\d{1,3})\.|(?P<tabbed>[a-zA-Z]|[ivxlcdmIVXLCDM]{1,6})\.(?=\t))"
    r"[ \t]+(?P<text>\S.*)$"
)
_ROMAN = re.compile(r"^[ivxlcdm]+$", re.IGNORECASE)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}

# Sign-offs in the site's languages: Polish, Welsh, Urdu, Arabic, Bengali, Somali.
_SIGN_OFFS_ELSEWHERE = (
    "z poważaniem|z wyrazami szacunku|pozdrawiam|z pozdrowieniami"
    "|yn gywir|yn ddiffuant|cofion(?:\\s+gorau)?"
    "|نیک تمناؤں کے ساتھ|مخلص|والسلام|خیر اندیش"
    "|مع خالص التحية|مع أطيب التحيات|مع التحية|وتفضلوا بقبول فائق الاحترام"
    "|বিনীত|শুভেচ্ছান্তে|ধন্যবাদান্তে"
    "|si daacad ah|mahadsanid"
)
SIGN_OFF = re.compile(
    r"^\s*(?:yours\s+(?:sincerely|faithfully|truly|ever)|sincerely|faithfully"
    r"|(?:with\s+)?(?:(?:kind|best|warm|warmest|kindest|many)\s+)?(?:regards|wishes)"
    r"|(?:many\s+)?thanks(?:\s+again)?|thank\s+you|best|respectfully|in\s+solidarity"
    rf"|{_SIGN_OFFS_ELSEWHERE})"
    r"(?:\s*[,.!،]\s*(?P<rest>.*)|\s*)$",
    re.IGNORECASE,
)
# Header fields of a quoted or forwarded message.
_FIELD = re.compile(r"^\s*(?P<name>From|Sent|Date|To|Cc|Subject):\s*(?P<value>.*)$")
_FIELDS_IN_LINE = re.compile(r"\s+(?=(?:Sent|Date|To|Cc|Subject):\s)")
_MARKER = re.compile(
    r"^\s*(?:-{2,}\s*(?:Original Message|Forwarded message)\s*-{2,}"
    r"|Begin forwarded message:?|_{5,})\s*$",
    re.IGNORECASE,
)
_WROTE = re.compile(r"^\s*On\s.{6,200}\bwrote:\s*$", re.IGNORECASE)
_REPLY_FROM = re.compile(
    r"^\s*(?:Reply|Response|Message|Letter|E-?mail|Update)\s+from\s+\S.{2,150}$", re.IGNORECASE
)


@dataclass(frozen=True)
class Item:
    """A list item as pasted: its indentation, its kind ("ul" or "ol") and its label."""

    indent: int  # columns, a tab counted as four
    kind: str  # "ul" or "ol"
    mark: str  # the bullet, or the number's style: "1", "a", "A", "i", "I"
    number: int  # an ordered item's number (1 for bullets)
    text: str
    label: str  # as written: "•", "1", "a", "iv"


def bullet_item(line: str) -> Item | None:
    """Read a bulleted line ("• text", "\t- text", "o\ttext"), or None."""
    match = _BULLET.match(line)
    if match is None or _is_rule(line):
        return None
    mark = match.group("mark")
    if mark in "*-+" and not line[match.end("mark") : match.end("mark") + 1].isspace():
        return None  # "-5 degrees", "*emphasis*": not a bullet
    return Item(_width(match.group("indent")), "ul", mark, 1, match.group("text"), mark)


def numbered_item(line: str, roman: bool = False) -> Item | None:
    """Read a numbered line ("1)\ttext", "(a) text", "iv) text"), or None.

    `roman`: a run already numbered in roman numerals ("i" is roman, and so is "v" after "iv").
    """
    match = _NUMBERED.match(line)
    if match is None:
        return None
    label = next(match.group(g) for g in ("paren", "close", "dot", "tabbed") if match.group(g))
    style, number = _style(label, roman)
    if style == "":
        return None
    indent = _width(match.group("indent"))
    return Item(indent, "ol", style, number, match.group("text"), label)


def _style(label: str, roman: bool) -> tuple[str, int]:
    if label.isdigit():
        return "1", int(label)
    if _ROMAN.match(label) and (roman or label.lower() == "i" or len(label) > 1):
        return ("I" if label.isupper() else "i"), _roman_value(label.lower())
    if len(label) == 1:
        return ("A" if label.isupper() else "a"), ord(label.lower()) - ord("a") + 1
    return "", 0


def _roman_value(label: str) -> int:
    total = 0
    for char, following in zip(label, [*label[1:], ""], strict=True):
        value = _ROMAN_VALUES[char]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total


def list_item(line: str, roman: bool = False) -> Item | None:
    """Read a bulleted or numbered line, or None."""
    return numbered_item(line, roman) or bullet_item(line)


def _is_rule(line: str) -> bool:
    return bool(re.match(r"^\s*([-*_–—])(?:\s*\1){2,}\s*$", line))


def _width(indent: str) -> int:
    return len(indent.expandtabs(4))


def sign_off(line: str) -> tuple[bool, str]:
    """Say whether a line opens a signature, and what follows the sign-off on the same line."""
    match = SIGN_OFF.match(line)
    if match is None:
        return False, ""
    return True, (match.group("rest") or "").strip()


def is_reply_line(line: str) -> bool:
    """Say whether a line alone is a reply or forward header ("On ... wrote:", "Reply from")."""
    return bool(_MARKER.match(line) or _WROTE.match(line) or _reply_from(line))


def _reply_from(line: str) -> bool:
    return bool(_REPLY_FROM.match(line)) and not line.rstrip().endswith((".", ",", ";"))


def is_separator_only(line: str) -> bool:
    """Say whether a reply header line says nothing but "a message starts here"."""
    return bool(_MARKER.match(line))


def header_fields(lines: list[str], start: int) -> int:
    """Return how many lines from `start` are a "From:/Sent:/To:/Subject:" header (0: none).

    A header is a "From:" line followed by at least one other field, or one line holding
    them all, as Outlook's plain-text replies write it.
    """
    first = _FIELD.match(lines[start])
    if first is None or first.group("name") != "From":
        return 0
    if _FIELDS_IN_LINE.search(first.group("value")):
        return 1
    end = start + 1
    while end < len(lines) and _FIELD.match(lines[end]):
        end += 1
    return end - start if end - start >= 2 else 0


def split_fields(line: str) -> list[str]:
    """Split "From: A Sent: B To: C" into one line a field."""
    return [part.strip() for part in _FIELDS_IN_LINE.split(line.strip())]


def field_value(lines: list[str], name: str) -> str:
    """Return a header field's value from the lines of a header ("" if it is not there)."""
    for line in lines:
        for part in split_fields(line):
            match = _FIELD.match(part)
            if match and match.group("name").lower() == name.lower():
                return match.group("value").strip()
    return ""
