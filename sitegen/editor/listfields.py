"""The front matter's lists the page form edits: `audience`, `tags` and `contacts`.

A list is read from its lines as written (`tags: [housing, safety]`, a block of `- item`
lines, or one word) and, when changed, written back as one line of JSON (which YAML reads as
the same list), in the place of the lines it had: every other line stays as it was. A list the
form cannot read faithfully (a comment in it, nested values, an anchor) is shown, not changed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

LIST_FIELDS = ("audience", "tags", "contacts")
_KEY_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:(.*)$")
_ITEM_LINE = re.compile(r"^\s+-\s+(.*)$")
_PLAIN = re.compile(r"[^\[\]{}#&*!|>'\",]+")


@dataclass(frozen=True)
class ListField:
    """A list of the front matter: its values and the lines it takes (front's indexes)."""

    values: tuple[str, ...]
    start: int
    end: int  # after its last line
    editable: bool


def read_lists(front: list[str]) -> dict[str, ListField]:
    """Find the list fields among the front matter's lines."""
    found: dict[str, ListField] = {}
    for index, line in enumerate(front):
        match = _KEY_LINE.match(line)
        if match is None or match.group(1) not in LIST_FIELDS:
            continue
        end = index + 1
        while end < len(front) and front[end][:1] in (" ", "\t"):
            end += 1
        values = _values(match.group(2).strip(), front[index + 1 : end])
        found[match.group(1)] = ListField(
            tuple(values or ()), index, end, editable=values is not None
        )
    return found


def _values(rest: str, block: list[str]) -> list[str] | None:
    """The list's items, or None if the form cannot show them faithfully."""
    if rest.startswith("[") and rest.endswith("]") and not block:
        inner = rest[1:-1].strip()
        items = [item.strip() for item in inner.split(",")] if inner else []
        return _scalars(items)
    if rest == "":
        matches = [_ITEM_LINE.match(line) for line in block]
        if not all(matches):
            return None
        return _scalars([m.group(1).strip() for m in matches if m])
    return _scalars([rest]) if not block else None


def _scalars(items: list[str]) -> list[str] | None:
    values = []
    for item in items:
        if len(item) >= 2 and item[0] == item[-1] == '"':
            try:
                value = json.loads(item)
            except ValueError:
                return None
            if not isinstance(value, str):
                return None
            values.append(value)
        elif len(item) >= 2 and item[0] == item[-1] == "'" and "'" not in item[1:-1]:
            values.append(item[1:-1])
        elif _PLAIN.fullmatch(item):
            values.append(item.strip())
        else:
            return None
    return values


def write_lists(
    front: list[str], found: dict[str, ListField], values: dict[str, list[str]]
) -> list[str]:
    """Return the front matter's lines with the lists in `values` written in their places."""
    lines = list(front)
    for name, field in sorted(found.items(), key=lambda item: -item[1].start):
        if name in values and field.editable and list(field.values) != values[name]:
            lines[field.start : field.end] = _line(name, values[name])
    for name in LIST_FIELDS:
        if name in values and name not in found and values[name]:
            lines += _line(name, values[name])
    return lines


def _line(name: str, values: list[str]) -> list[str]:
    return [f"{name}: {json.dumps(values, ensure_ascii=False)}"] if values else []
