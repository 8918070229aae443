"""Input limits: refuse a body too large or too deeply nested to render in bounded time.

Python-Markdown's block parser recurses (so deep nesting of lists, quotes or brackets can
exhaust the stack) and its link parser backtracks (time quadratic in the links of a paragraph):
these checks run before it and report the first limit exceeded at the line that exceeds it.
`check_limits` first asks a cheap whole-text bound, so ordinary pages skip the line-by-line pass.
"""

from __future__ import annotations

import re

from sitegen.errors import Problems, SourceRef

MAX_LINE_LENGTH = 50_000
MAX_BODY_LENGTH = 300_000
MAX_BLOCK_LENGTH = 100_000
MAX_NESTING = 32
# Python-Markdown takes time quadratic in the links of one paragraph (each `](` looks ahead for
# its closing parenthesis): a real paragraph has a handful, a hostile one thousands.
MAX_LINKS_PER_BLOCK = 1_000

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CONTAINER_PREFIX = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*")


# A line starting with more than MAX_NESTING spaces, quote and list markers (digits included):
# the only lines that could nest too deeply (see `_nesting_problem`).
_LONG_LINE_PREFIX = re.compile(rf"^(?:[^\S\n]|[>*+\-.)]|\d){{{MAX_NESTING + 1}}}", re.MULTILINE)


def check_limits(text: str, ref: SourceRef, problems: Problems) -> bool:
    """Report input too large or too deeply nested to render in bounded time; True if fine."""
    return _clearly_within_limits(text) or _check_limits_by_line(text, ref, problems)


def _check_limits_by_line(text: str, ref: SourceRef, problems: Problems) -> bool:
    """Check the limits line by line, reporting the first one exceeded where it is exceeded."""
    first = ref.line or 1
    fence: str | None = None
    brackets = block_length = block_links = 0
    block_start = first
    for number, line in enumerate(text.split("\n"), start=first):
        if len(line) > MAX_LINE_LENGTH:
            problems.error(
                ref.at(number),
                f"line is {len(line):,} characters long; the limit is {MAX_LINE_LENGTH:,}",
            )
            return False
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            continue
        if fence is not None:
            continue
        block_length = block_length + len(line) + 1 if line.strip() else 0
        block_start = number if block_length == len(line) + 1 else block_start
        if block_length > MAX_BLOCK_LENGTH:
            problems.error(
                ref.at(block_start),
                f"paragraph is more than {MAX_BLOCK_LENGTH:,} characters long "
                "(separate paragraphs with blank lines)",
            )
            return False
        block_links = block_links + line.count("](") if line.strip() else 0
        if block_links > MAX_LINKS_PER_BLOCK:
            problems.error(
                ref.at(block_start),
                f"paragraph has more than {MAX_LINKS_PER_BLOCK:,} links "
                "(separate paragraphs with blank lines)",
            )
            return False
        problem = _nesting_problem(line, brackets)
        if isinstance(problem, str):
            problems.error(ref.at(number), problem)
            return False
        brackets = problem
    if len(text) > MAX_BODY_LENGTH:
        problems.error(
            ref, f"the text is {len(text):,} characters long; the limit is {MAX_BODY_LENGTH:,}"
        )
        return False
    return True


def _clearly_within_limits(text: str) -> bool:
    """Tell, from bounds over the whole text, that `check_limits` finds nothing line by line.

    A line, paragraph or the body is no longer than the text; a paragraph has no more links
    than the text, brackets nest no deeper than there are '['; indent and markers (each tab at
    most four columns) need at least one character each at the start of a line.
    """
    return (
        len(text) < min(MAX_LINE_LENGTH, MAX_BLOCK_LENGTH, MAX_BODY_LENGTH)
        and text.count("](") <= MAX_LINKS_PER_BLOCK
        and text.count("[") <= MAX_NESTING
        and not _LONG_LINE_PREFIX.search(text)
    )


def _nesting_problem(line: str, brackets: int) -> str | int:
    """Return a message if `line` nests too deeply, else the open-bracket depth after it."""
    prefix = _CONTAINER_PREFIX.match(line)
    markers = sum(1 for c in prefix.group(0) if c in ">-*+.)") if prefix else 0
    expanded = line.expandtabs(4) if "\t" in line else line
    indent = len(expanded) - len(expanded.lstrip())
    if markers + indent // 4 > MAX_NESTING:
        return f"lists and quotes are nested more than {MAX_NESTING} levels deep"
    if not line.strip():
        return 0
    if "[" not in line and (not brackets or "]" not in line):
        return brackets  # nothing opens, nothing closes
    escaped = False
    for char in line:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            brackets += 1
            if brackets > MAX_NESTING:
                return f"square brackets are nested more than {MAX_NESTING} levels deep"
        elif char == "]" and brackets:
            brackets -= 1
    return brackets
