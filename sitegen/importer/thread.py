"""Split a pasted thread into the group's own words and its letters.

A letter starts at a reply header ("On 3 May 2025, ... wrote:", ">> Reply from ... on ...",
"-----Original Message-----", a "From:/Sent:/To:/Subject:" block, "Begin forwarded message").
What comes before the first one is the group's introduction. A paste with no header at all is
one letter and no introduction. E-mail quoting is removed first (`flatten_quotes`), so quoted
replies and their quoted replies all stand at one level.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.content.pasted_blocks import (
    field_value,
    header_fields,
    is_reply_line,
    is_separator_only,
)
from sitegen.content.pasted_chars import clean_characters
from sitegen.content.pasted_tidy import flatten_quotes


@dataclass(frozen=True)
class Message:
    """One letter of a thread: its header lines as pasted (maybe none) and its text."""

    header: tuple[str, ...]
    body: str
    position: int  # its place in the paste, from the top (0: the first)

    def field(self, name: str) -> str:
        """A header field's value ("From", "Sent", "Date", "Subject"), or ""."""
        return field_value(list(self.header), name)


@dataclass(frozen=True)
class Thread:
    intro: str  # the group's own words, before the first letter ("" if none)
    messages: tuple[Message, ...]  # in the order pasted


def split_thread(text: str) -> Thread:
    """Split pasted text at its reply headers."""
    lines = flatten_quotes(clean_characters(text).replace("\r\n", "\n").split("\n"))
    starts: list[tuple[int, int]] = []  # (first line, header length)
    index = 0
    while index < len(lines):
        length = _header_at(lines, index)
        if length:
            starts.append((index, length))
            index += length
        else:
            index += 1
    if not starts:
        return Thread("", (Message((), _text(lines), 0),) if _text(lines) else ())
    intro = _text(lines[: starts[0][0]])
    messages: list[Message] = []
    for number, (start, length) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        header = tuple(line.strip() for line in lines[start : start + length] if line.strip())
        body = _text(lines[start + length : end])
        if body:
            messages.append(Message(header, body, len(messages)))
    return Thread(intro, tuple(messages))


def _header_at(lines: list[str], index: int) -> int:
    """How many lines from `index` make one header (a separator, then maybe fields)."""
    fields = header_fields(lines, index)
    if fields:
        return fields
    if not is_reply_line(lines[index]):
        return 0
    if is_separator_only(lines[index]):
        after = index + 1
        while after < len(lines) and not lines[after].strip():
            after += 1
        if after < len(lines) and header_fields(lines, after):
            return after - index + header_fields(lines, after)
    return 1


def _text(lines: list[str]) -> str:
    text = "\n".join(lines).strip("\n")
    return text if text.strip() else ""
