"""Pasted lists: bullets and numbering as typed, nested by indentation, with wrapped items.

A run of pasted items becomes a Markdown list written the one way Python-Markdown reads
(`- text`, `3. text`, four spaces a level). An item's text wrapped onto the next lines joins
the item, and so does a line after a blank one that carries on the sentence (it starts in
lower case, or is indented) when the item had not ended with a full stop.

Numbering in letters or roman numerals ("a)", "(iv)") cannot be written in Markdown: in a file
it is written as typed (`a) text`, read again the same way), and for the renderer the first
item of every list carries an invisible marker of its kind, style and start, which the pasted
extension's tree pass turns into `<ol type="a" start="2">` (and into a list of its own where
Python-Markdown would have run a list of bullets and a numbered one together).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sitegen.content.pasted_blocks import Item, list_item

OL_MARK = "\u2063"  # invisible separator: it cannot survive `clean_characters`, so it is ours
_MARKS = re.compile(rf"{OL_MARK}(?:ul|ol):[^:{OL_MARK}]*:\d+{OL_MARK}")
_ENDED = re.compile(r"[.!?]['\"’”)]?$")


@dataclass
class _Entry:
    level: int
    item: Item
    parts: list[str] = field(default_factory=list)


def strip_list_marks(html: str) -> str:
    """Remove marks the tree pass did not reach (an item inside raw HTML, as text)."""
    return _MARKS.sub("", html) if OL_MARK in html else html


def list_run(
    lines: list[str], start: int, stops: Callable[[str], bool], for_renderer: bool
) -> tuple[list[str], int]:
    """Read the list that starts at `lines[start]`; return its Markdown lines and where it ends."""
    entries: list[_Entry] = []
    stack: list[tuple[int, str]] = []
    index = start
    while index < len(lines):
        line = lines[index]
        item = _item(line, stack)
        if item is not None:
            entries.append(_Entry(_level(stack, item), item, [item.text.strip()]))
            index += 1
            continue
        if not entries or stops(line):
            break
        if line.strip():
            if not _wraps_on(entries[-1], line):
                break
            entries[-1].parts.append(line.strip())
            index += 1
            continue
        after = _next_written(lines, index)
        if after < len(lines) and _continues_run(_item(lines[after], stack), stack):
            index = after
        elif after < len(lines) and _carries_on(entries[-1], lines[after], stops):
            entries[-1].parts.append(lines[after].strip())
            index = after + 1
        elif (
            after < len(lines)
            and not _ENDED.search(entries[-1].parts[-1])
            and _between_items(lines, after, stack, stops)
        ):
            end = after
            while lines[end].strip() and _item(lines[end], stack) is None:
                entries[-1].parts.append(lines[end].strip())
                end += 1
            index = end
        else:
            break
    return ["", *_written(entries, for_renderer), ""], index


def _item(line: str, stack: list[tuple[int, str]]) -> Item | None:
    roman = bool(stack) and stack[-1][1] in ("ol:i", "ol:I")
    item = list_item(line, roman)
    if item is None or item.kind != "ol" or item.mark not in "iI" or len(item.label) != 1:
        return item
    if stack and stack[-1][1] in ("ol:a", "ol:A") and stack[-1][0] == item.indent:
        # "i)" after "h)": a letter, not a roman numeral
        mark = "a" if item.mark == "i" else "A"
        return Item(item.indent, "ol", mark, ord(item.label.lower()) - 96, item.text, item.label)
    return item


def _continues_run(item: Item | None, stack: list[tuple[int, str]]) -> bool:
    """After a blank line, an item goes on the same list only if it is of a kind already open
    (or deeper): "1)" under a list of bullets starts a list of its own."""
    if item is None:
        return False
    key = f"{item.kind}:{item.mark}"
    return item.indent > stack[-1][0] or any(known == key for _, known in stack)


def _level(stack: list[tuple[int, str]], item: Item) -> int:
    """Place an item among the open levels: deeper when indented more, or when a bullet
    usually meant for a lower level appears at the same indentation ("•" then "◦")."""
    key = f"{item.kind}:{item.mark}"
    while stack and item.indent < stack[-1][0]:
        stack.pop()
    if not stack or item.indent > stack[-1][0]:
        stack.append((item.indent, key))
        return len(stack) - 1
    if stack[-1][1] == key:
        return len(stack) - 1
    for level, (indent, known) in enumerate(stack):
        if known == key and indent == item.indent:
            del stack[level + 1 :]
            return level
    top = stack[-1][1]
    if item.kind == "ul" and top.startswith("ul:") and _rank(item.mark) > _rank(top[3:]):
        stack.append((item.indent, key))
    else:
        stack[-1] = (item.indent, key)
    return len(stack) - 1


_SUB_BULLETS = ("◦○o\uf0a7", "▪▫■□\uf0d8")


def _rank(mark: str) -> int:
    """How deep a bullet is usually meant: "•" and "-" first, "◦" and "o" second, "▪" third."""
    return next((n + 1 for n, marks in enumerate(_SUB_BULLETS) if mark in marks), 0)


def _wraps_on(entry: _Entry, line: str) -> bool:
    """A line straight under an item is its wrapped text, unless the item ended a sentence
    and the line starts a new one at the margin."""
    ended = bool(_ENDED.search(entry.parts[-1]))
    starts_sentence = line[:1].isupper() or line[:1].isdigit()
    return not (ended and starts_sentence)


def _carries_on(entry: _Entry, line: str, stops: Callable[[str], bool]) -> bool:
    """A line after a blank one is the item's text only if it visibly carries the item on."""
    if stops(line):
        return False
    if line[:1] in (" ", "\t"):
        return True
    return line.strip()[:1].islower() and not _ENDED.search(entry.parts[-1])


def _between_items(
    lines: list[str], start: int, stack: list[tuple[int, str]], stops: Callable[[str], bool]
) -> bool:
    """A paragraph with list items straight under it, after an item that had not ended: the
    item's text broken by a page or column break (PDFs do this)."""
    end = start
    while end < len(lines) and lines[end].strip() and _item(lines[end], stack) is None:
        if stops(lines[end]):
            return False
        end += 1
    return end < len(lines) and end > start and _item(lines[end], stack) is not None


def _next_written(lines: list[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def _written(entries: list[_Entry], for_renderer: bool) -> list[str]:
    out = []
    previous: _Entry | None = None
    for entry in entries:
        text = " ".join(part for part in entry.parts if part)
        item = entry.item
        if for_renderer and _starts_list(previous, entry):
            text = f"{OL_MARK}{item.kind}:{item.mark}:{item.number}{OL_MARK}{text}"
        if item.kind == "ul":
            marker = "- "
        elif for_renderer or item.mark == "1":
            marker = f"{item.number}. "
        else:
            marker = f"{item.label}) "
        out.append("    " * entry.level + marker + text)
        previous = entry
    return out


def _starts_list(previous: _Entry | None, entry: _Entry) -> bool:
    if previous is None or previous.level < entry.level:
        return True
    return previous.level == entry.level and previous.item.kind != entry.item.kind
