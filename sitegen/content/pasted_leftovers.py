"""Warn about what pasting leaves behind that cannot be put right safely.

Each warning names the line. In the pasted scope (letters, `pasted: true` pages) bullets and
quoted replies are already put right, so only what stays ambiguous is reported there.
"""

from __future__ import annotations

import re

from sitegen.content.pasted_blocks import sign_off
from sitegen.errors import Problems, SourceRef

_GLYPH_BULLET = re.compile(r"^\s*([•◦▪▫‣⁃○●■□➢➤►·\uf0b7\uf0a7\uf0d8])")
_SPLIT_WORD = re.compile(r"(?<![\w-])([a-z]{2,})- ([a-z]{2,})\b")
_SUSPENDED = frozenset({"and", "or", "nor", "to", "as", "than"})  # "pre- and post-war"
_STRAY_URL = re.compile(r"<https?:", re.IGNORECASE)
_NESTED_QUOTE = re.compile(r"^\s{0,3}>\s?>")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CLOSE_WITHIN = 4  # lines a broken <http...> may run over and still be joined (pasted scope)


def warn_leftovers(body: str, ref: SourceRef, problems: Problems, pasted: bool) -> None:
    """Warn about paste leftovers in a Markdown body, at their lines."""
    lines = body.split("\n")
    first = ref.line or 1
    for number, line in _outside_fences(lines):
        for message in _line_leftovers(lines, number, line, pasted):
            problems.warning(ref.at(first + number), message)


def _outside_fences(lines: list[str]) -> list[tuple[int, str]]:
    found = []
    fence: str | None = None
    for number, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
        else:
            found.append((number, line))
    return found


def _line_leftovers(lines: list[str], number: int, line: str, pasted: bool) -> list[str]:
    found = []
    glyph = _GLYPH_BULLET.match(line)
    if glyph and not pasted:
        found.append(
            f"the bullet '{glyph.group(1)}' starts a line outside a list: "
            "write '- ' for a list item (or add 'pasted: true' to the front matter)"
        )
    for match in _SPLIT_WORD.finditer(line):
        if match.group(2) not in _SUSPENDED:
            found.append(
                f"'{match.group(0)}' looks like a word split by a hyphen: "
                f"write '{match.group(1)}{match.group(2)}', or '{match.group(1)}-"
                f"{match.group(2)}' if the hyphen is meant"
            )
    if _NESTED_QUOTE.match(line) and not pasted:
        found.append(
            "a '>>' line is a reply quoted inside a reply: remove the '>' marks "
            "(or add 'pasted: true' to the front matter)"
        )
    for match in _STRAY_URL.finditer(line):
        if not _closed(lines, number, match.end(), pasted):
            found.append(
                "a stray '<http' with no closing '>': write the web address whole, on one line"
            )
    opens, rest = sign_off(line)
    if opens and not rest:
        under = _lines_under(lines, number)
        if len(under) == 1 and _runs_together(under[0]):
            found.append(
                f"the lines under the sign-off '{line.strip().rstrip(',.!')}' run together: "
                f"'{under[0].strip()}': put the name, role and organisation on lines of "
                "their own"
            )
    if opens and len(rest.split()) >= 2:
        signed = line.strip()[: len(line.strip()) - len(rest)].strip().rstrip(",.!")
        found.append(
            f"the sign-off '{signed}' runs into '{rest}': put the name, role and "
            "organisation on lines of their own"
        )
    return found


def _lines_under(lines: list[str], number: int) -> list[str]:
    """The block under a sign-off (after one blank line at most)."""
    start = number + 1
    if start < len(lines) and not lines[start].strip():
        start += 1
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    return lines[start:end]


def _runs_together(line: str) -> bool:
    """A name, a role and an organisation on one line: four or more words, nearly all with
    capitals, and no sentence in it."""
    words = line.split()
    capitals = sum(1 for word in words if word[:1].isupper())
    return len(words) >= 4 and capitals >= 0.75 * len(words) and line.rstrip()[-1:] not in ".!?"


def _closed(lines: list[str], number: int, start: int, pasted: bool) -> bool:
    if ">" in lines[number][start:]:
        return True
    if not pasted:
        return False
    return any(">" in later for later in lines[number + 1 : number + _CLOSE_WITHIN])
