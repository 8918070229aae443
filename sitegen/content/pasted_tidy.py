"""Pasted text rewritten as the Markdown its writer meant: the pasted scope's one entry point.

`tidy_pasted` runs, in order:

1. `clean_characters`: invisible characters dropped, odd spaces made plain, mojibake repaired;
2. e-mail quoting flattened: in a thread (a reply header, or quotes inside quotes) every `>` is
   the mail client's, so none becomes a block quote; a single plain quote is left alone;
3. `join_pasted_links`: `text<URL>` and an address broken over lines become one link;
4. words split by a line-break hyphen rejoined (`pasted_hyphens` decides which);
5. blocks: a reply header becomes a separator line (and a small heading, or its fields one a
   line); bullets and numbering become lists (`pasted_lists`); a sign-off and the lines under
   it, and any block of short lines (an address), keep their line breaks.

Everything else is left to Markdown, which already flows hard-wrapped lines into paragraphs.
Fenced code, headings, tables and Python-Markdown's placeholders are passed through as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sitegen.content.pasted_blocks import (
    header_fields,
    is_reply_line,
    is_separator_only,
    list_item,
    sign_off,
    split_fields,
)
from sitegen.content.pasted_chars import clean_characters
from sitegen.content.pasted_hyphens import document_words, is_line_break_hyphen, lexicon
from sitegen.content.pasted_links import join_pasted_links
from sitegen.content.pasted_lists import list_run

SEPARATOR = "* * *"
_QUOTE = re.compile(r"^(?:[ \t]{0,3}>[ \t]?)+")
_BROKEN_WORD = re.compile(r"(?<![\w-])(?P<head>\w+)-$")
_NEXT_WORD = re.compile(r"^\s*(?P<tail>\w+)(?P<rest>.*)$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
# Headings, tables, raw HTML, Python-Markdown's placeholders, footnotes: as written.
_PASS_THROUGH = re.compile(r"^\s{0,3}(?:#|\||<[a-zA-Z/!])|\x02|^\s*\[\^")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_SHORT_LINE = 40
_ENDS_SENTENCE = re.compile(r"[.!?]['\"’”)]?$")


def tidy_pasted(text: str, lang: str = "en", for_renderer: bool = False) -> str:
    """Rewrite pasted text (an e-mail, a letter from a PDF or Word) as the Markdown meant.

    `for_renderer`: numbered lists in letters or roman numerals carry the renderer's markers;
    without it they are written as typed, for a file (read again the same way).
    """
    lines = clean_characters(text).split("\n")
    lines = flatten_quotes(lines)
    lines = join_pasted_links("\n".join(lines)).split("\n")
    lines = rejoin_hyphens(lines, lang)
    return "\n".join(_one_blank_line(_blocks(lines, for_renderer)))


def _one_blank_line(lines: Iterator[str]) -> Iterator[str]:
    """Blank lines between blocks, one at a time (in fenced code as written)."""
    previous_blank = True
    fence: str | None = None
    for line in lines:
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif fence is None and not line.strip():
            if previous_blank:
                continue
            previous_blank = True
            yield ""
            continue
        previous_blank = False
        yield line


def quote_depth(line: str) -> tuple[int, str]:
    """Return how many `>` a line is quoted with, and the line without them."""
    match = _QUOTE.match(line)
    if match is None:
        return 0, line
    return match.group(0).count(">"), line[match.end() :]


def flatten_quotes(lines: list[str]) -> list[str]:
    """Drop e-mail quoting from a thread; leave a lone block quote (one level, no header)."""
    read = [quote_depth(line) for line in lines]
    thread = any(depth > 1 for depth, _ in read) or any(
        depth and (is_reply_line(body) or header_fields([body], 0)) for depth, body in read
    )
    if not thread and not any(is_reply_line(line) for line in lines):
        return lines
    return [body if depth else line for (depth, body), line in zip(read, lines, strict=True)]


def rejoin_hyphens(lines: list[str], lang: str) -> list[str]:
    """Join a word broken by a hyphen at a line's end; keep a real hyphen, without the break."""
    if not any(line.endswith("-") for line in lines):
        return lines
    seen = document_words("\n".join(lines))
    known = lexicon(lang)
    out = list(lines)
    index = 0
    while index < len(out) - 1:
        broken = _BROKEN_WORD.search(out[index])
        following = _NEXT_WORD.match(out[index + 1]) if broken else None
        if broken and following and list_item(out[index + 1]) is None:
            head, tail = broken.group("head"), following.group("tail")
            joint = "" if is_line_break_hyphen(head, tail, seen, known) else "-"
            out[index] = out[index][:-1] + joint + tail
            rest = following.group("rest").lstrip()
            if rest:
                out[index + 1] = rest
            else:
                del out[index + 1]
                continue  # the joined line may end in another broken word
        index += 1
    return out


def _blocks(lines: list[str], for_renderer: bool) -> Iterator[str]:
    index = 0
    fence: str | None = None
    while index < len(lines):
        line = lines[index]
        opened = _FENCE.match(line)
        if fence is not None or opened:
            if fence is None and opened:
                fence = opened.group(1)
            elif fence is not None and line.strip().startswith(fence):
                fence = None
            yield line
            index += 1
            continue
        if not line.strip() or _PASS_THROUGH.search(line):
            yield line
            index += 1
            continue
        written, index = _block(lines, index, for_renderer)
        yield from written


def _block(lines: list[str], index: int, for_renderer: bool) -> tuple[list[str], int]:
    """Rewrite the block that starts at `lines[index]`; return it and where the next starts."""
    line = lines[index]
    fields = header_fields(lines, index)
    rule = [] if _after_rule(lines, index) else ["", SEPARATOR, ""]
    if fields:
        shown = [part for raw in lines[index : index + fields] for part in split_fields(raw)]
        return [*rule, *_with_breaks(shown), ""], index + fields
    if is_separator_only(line) and _fields_follow(lines, index + 1):
        return [], index + 1  # the header fields under it make the separator
    if is_reply_line(line):
        heading = [] if is_separator_only(line) else [f"#### {_plain(line.strip())}", ""]
        return [*rule, *heading], index + 1
    if list_item(line) is not None:
        return list_run(lines, index, _ends_list, for_renderer)
    opens, rest = sign_off(line)
    if opens and not rest:
        return _signature(lines, index)
    end = index
    while end < len(lines) and lines[end].strip() and not _ends_paragraph(lines, end, index):
        end += 1
    block = lines[index:end]
    return (_with_breaks(block) if _is_short_lines(block) else block), end


def _after_rule(lines: list[str], index: int) -> bool:
    """Say whether a separator line is already above (a file this module wrote, read again)."""
    index -= 1
    while index >= 0 and not lines[index].strip():
        index -= 1
    return index >= 0 and bool(_RULE.match(lines[index]))


def _fields_follow(lines: list[str], index: int) -> bool:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index < len(lines) and bool(header_fields(lines, index))


def _signature(lines: list[str], index: int) -> tuple[list[str], int]:
    """The sign-off, and the name, role and address under it (after one blank line at most)."""
    out = [lines[index].strip()]
    end = index + 1
    if end < len(lines) and not lines[end].strip():
        end += 1
        out.append("")
    start = end
    while end < len(lines) and lines[end].strip() and not _ends_list(lines[end]):
        end += 1
    under = [line.strip() for line in lines[start:end]]
    if not under:
        return out, end
    if out[-1] == "":
        return [out[0], "", *_with_breaks(under)], end
    return _with_breaks([out[0], *under]), end


def _ends_list(line: str) -> bool:
    return (
        is_reply_line(line)
        or bool(header_fields([line], 0))
        or (sign_off(line) == (True, ""))
        or bool(_PASS_THROUGH.search(line))
        or bool(_FENCE.match(line))
    )


def _ends_paragraph(lines: list[str], end: int, start: int) -> bool:
    line = lines[end]
    if end == start:
        return False
    return _ends_list(line) or list_item(line) is not None or bool(header_fields(lines, end))


def _is_short_lines(block: list[str]) -> bool:
    """An address or a letterhead: two or more short lines, no sentence ending before the last."""
    if len(block) < 2 or any(len(line.strip()) > _SHORT_LINE for line in block):
        return False
    return not any(_ENDS_SENTENCE.search(line.strip()) for line in block[:-1])


def _with_breaks(block: list[str]) -> list[str]:
    """Keep each line a line: Markdown's hard break (two spaces) on all but the last."""
    stripped = [line.strip() for line in block]
    return [*(line + "  " for line in stripped[:-1]), stripped[-1]] if stripped else []


def _plain(text: str) -> str:
    """A header as heading text: an address in angle brackets shown, not read as a tag."""
    return re.sub(r"<([^<>\s]+@[^<>\s]+)>", r"(\1)", text).rstrip(":").strip()
