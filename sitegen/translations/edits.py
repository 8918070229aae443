"""Edits to a translator's files that keep every other byte as it was.

Setting a key changes one line of the front matter (or of the YAML), or adds one, so that a
translator's layout, comments and line endings survive; a file is replaced all at once, so
that a crash never leaves half of it.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from sitegen.errors import SiteError, SourceRef


def write_atomically(path: Path, data: bytes) -> None:
    """Replace a file's bytes all at once (a crash never leaves half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# -- line-level edits ------------------------------------------------------------------------

_DELIMITERS = ("---", "...")


def set_front_matter_key(text: str, key: str, value: str, path: str = "") -> str:
    """Set a top-level key of a Markdown file's front matter, changing no other line."""
    bom, lines, newline = _split_lines(text)
    entry = f"{key}: {value}{newline}"
    if not lines or _bare(lines[0]) != "---":
        return bom + "---" + newline + entry + "---" + newline + "".join(lines)
    close = next((i for i in range(1, len(lines)) if _bare(lines[i]) in _DELIMITERS), None)
    if close is None:
        raise SiteError.at(
            SourceRef(path, 1),
            "the front matter is never closed: add a line '---' after it",
        )
    return bom + "".join(_set_key(lines, key, entry, 1, close, close))


def remove_front_matter_key(text: str, key: str) -> str:
    """Remove a top-level key's line from a Markdown file's front matter, if it is there."""
    bom, lines, _ = _split_lines(text)
    if not lines or _bare(lines[0]) != "---":
        return text
    close = next((i for i in range(1, len(lines)) if _bare(lines[i]) in _DELIMITERS), None)
    pattern = re.compile(rf"{re.escape(key)}\s*:")
    for index in range(1, close or 1):
        if pattern.match(lines[index]):
            return bom + "".join([*lines[:index], *lines[index + 1 :]])
    return text


def set_yaml_key(text: str, key: str, value: str) -> str:
    """Set a top-level key of a YAML file, changing no other line."""
    bom, lines, newline = _split_lines(text)
    start = 1 if lines and _bare(lines[0]) == "---" else 0
    entry = f"{key}: {value}{newline}"
    return bom + "".join(_set_key(lines, key, entry, start, len(lines), start))


def _split_lines(text: str) -> tuple[str, list[str], str]:
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = text[len(bom) :].splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    return bom, lines, newline


def _set_key(
    lines: list[str], key: str, entry: str, start: int, stop: int, insert_at: int
) -> list[str]:
    pattern = re.compile(rf"{re.escape(key)}\s*:")
    for index in range(start, stop):
        if pattern.match(lines[index]):
            ending = lines[index][len(lines[index].rstrip("\r\n")) :] or entry[-1]
            return [*lines[:index], entry.rstrip("\r\n") + ending, *lines[index + 1 :]]
    return [*lines[:insert_at], entry, *lines[insert_at:]]


def _bare(line: str) -> str:
    return line.rstrip("\r\n").rstrip(" \t")
