"""A Markdown body as translation segments: one per heading, paragraph, list item, table cell,
quoted paragraph, image alt text and footnote, and the skeleton around them.

The skeleton is everything a translator must not change: list markers and indentation, table
pipes and the separator row, `>` of quotes, heading marks and `{#id}` attribute lists, fenced
code, link reference definitions, blank lines. `SegmentedBody.rebuild` puts texts back into the
skeleton: given the segments' own texts it returns the body unchanged.

A segment is named by the section it is in (the id of the heading above it) and its kind and
number within that section (`reporting/p2`, `reporting/li3`, `t1/r2c1`, `img1`): adding a
paragraph to one section does not rename the segments of any other.

Only the lines are read, not Python-Markdown's tree: the translated file must keep the very
shape of the original, which a rendered tree no longer shows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sitegen.content.headingids import slugify


@dataclass(frozen=True)
class Segment:
    """One piece of text a translator translates."""

    context: str  # "reporting/p2"; "p1" before the first heading
    text: str  # as written in the source (inline Markdown), lines joined by "\n"
    line: int  # 1-based line of the body where it starts
    kind: str  # heading, paragraph, item, cell, quote, alt, footnote


@dataclass(frozen=True)
class Slot:
    """Where segment `index` goes; later lines of its text get `prefix` (indent, "> ")."""

    index: int
    prefix: str = ""


@dataclass(frozen=True)
class IdPin:
    """A heading's id, written out as ` {#id}` in a translation if the original left it implicit
    (the translated words would otherwise give the heading another id, and links would break)."""

    id: str


@dataclass(frozen=True)
class HeadingAttrs:
    """A heading's own attribute list (`{#reporting}`), which a marked heading extends."""

    text: str


Piece = str | Slot | IdPin | HeadingAttrs


@dataclass(frozen=True)
class SegmentedBody:
    """A body split into its segments and the skeleton around them."""

    pieces: tuple[Piece, ...]
    segments: tuple[Segment, ...]

    def rebuild(
        self, texts: Sequence[str], pin_ids: bool = False, marks: Mapping[int, str] | None = None
    ) -> str:
        """Put `texts` (one per segment) into the skeleton.

        `marks` gives attributes for some segments' blocks (`lang="en" dir="ltr"`), written as
        attribute lists; an image's alt text cannot take them and is left unmarked.
        """
        marks = marks or {}
        out: list[str] = []
        mark = ""
        for piece in self.pieces:
            if isinstance(piece, str):
                out.append(piece)
            elif isinstance(piece, IdPin):
                shown = pin_ids or bool(mark)
                out.append(f" {{#{piece.id}{' ' + mark if mark else ''}}}" if shown else "")
            elif isinstance(piece, HeadingAttrs):
                attrs = piece.text
                out.append(attrs.rstrip()[:-1].rstrip() + f" {mark}}}" if mark else attrs)
            else:
                mark = marks.get(piece.index, "")
                kind = self.segments[piece.index].kind
                text = texts[piece.index]
                if mark and kind == "cell":
                    text += f" {{ {mark} }}"
                elif mark and kind not in ("heading", "alt"):
                    text += f"\n{{: {mark} }}"
                lines = text.split("\n")
                out.append("\n".join([lines[0], *(piece.prefix + rest for rest in lines[1:])]))
                if kind != "heading":
                    mark = ""
        return "".join(out)

    def by_context(self) -> dict[str, Segment]:
        return {segment.context: segment for segment in self.segments}


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^(\s{0,3}#{1,6}[ \t]+)(.*?)([ \t]*\{[^{}]*\})?([ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^\s{0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"^(\s{0,3}>[ \t]?)(.*)$")
_ITEM = re.compile(r"^(\s*(?:[-*+]|\d{1,9}[.)])[ \t]+)(\S.*)$")
_FOOTNOTE = re.compile(r"^(\[\^[^\]]+\]:[ \t]*)(.*)$")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]^][^\]]*\]:\s*\S")
_ABBREVIATION = re.compile(r"^\s{0,3}\*\[[^\]]+\]:")
_ATTRS_LINE = re.compile(r"^\s*\{:?[^{}]*\}\s*$")
_IMAGE = re.compile(r"^(\s{0,3}!\[)([^\]]*)(\]\([^)]*\)(?:\{[^{}]*\})?[ \t]*)$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_EXPLICIT_ID = re.compile(r"#([^\s}#.]+)")
_INDENTED = re.compile(r"^(\s+)(\S.*)$")


@dataclass
class _Builder:
    """The pieces and segments found so far, and the counters of the current section."""

    heading_ids: list[str]
    pieces: list[Piece] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    section: str = ""
    counts: Counter[str] = field(default_factory=Counter)
    headings: int = 0

    def text(self, text: str) -> None:
        self.pieces.append(text)

    def slot(self, context: str, text: str, line: int, kind: str, prefix: str = "") -> None:
        full = f"{self.section}/{context}" if self.section else context
        self.pieces.append(Slot(len(self.segments), prefix))
        self.segments.append(Segment(full, text, line, kind))

    def number(self, kind: str) -> int:
        self.counts[kind] += 1
        return self.counts[kind]

    def heading(self, text: str, attrs: str, line: int) -> None:
        explicit = _EXPLICIT_ID.search(attrs or "")
        if explicit:
            section = explicit.group(1)
        elif self.headings < len(self.heading_ids):
            section = self.heading_ids[self.headings]
        else:
            section = slugify(text)
        self.headings += 1
        self.section, self.counts = section, Counter()
        self.slot("h", text, line, "heading")
        if not explicit:
            self.pieces.append(IdPin(section))


def segment_body(body: str, heading_ids: Sequence[str] = ()) -> SegmentedBody:
    """Split a Markdown body into segments; `heading_ids` are its headings' ids, in order."""
    lines = body.splitlines(keepends=True)
    builder = _Builder(list(heading_ids))
    index = 0
    while index < len(lines):
        index = _block(lines, index, builder)
    return SegmentedBody(tuple(builder.pieces), tuple(builder.segments))


def _bare(line: str) -> str:
    return line.rstrip("\r\n")


def _ending(line: str) -> str:
    return line[len(_bare(line)) :]


def _block(lines: list[str], index: int, builder: _Builder) -> int:
    """Read the block starting at `index`; return the index after it."""
    line = _bare(lines[index])
    if not line.strip() or _RULE.match(line) or _REFERENCE.match(line):
        builder.text(lines[index])
        return index + 1
    if _ABBREVIATION.match(line) or _ATTRS_LINE.match(line):
        builder.text(lines[index])
        return index + 1
    if _FENCE.match(line):
        return _fenced(lines, index, builder)
    heading = _ATX.match(line)
    if heading:
        builder.text(heading.group(1))
        builder.heading(heading.group(2), heading.group(3) or "", index + 1)
        if heading.group(3):
            builder.pieces.append(HeadingAttrs(heading.group(3)))
        builder.text((heading.group(4) or "") + _ending(lines[index]))
        return index + 1
    if index + 1 < len(lines) and "|" in line and _TABLE_RULE.match(_bare(lines[index + 1])):
        return _table(lines, index, builder)
    if _QUOTE.match(line):
        return _quote(lines, index, builder)
    if _ITEM.match(line):
        return _list(lines, index, builder)
    footnote = _FOOTNOTE.match(line)
    if footnote:
        builder.text(footnote.group(1))
        label = footnote.group(1).split("]", 1)[0][2:]
        builder.slot(f"fn-{label}", footnote.group(2), index + 1, "footnote")
        builder.text(_ending(lines[index]))
        return index + 1
    image = _IMAGE.match(line)
    if image:
        builder.text(image.group(1))
        builder.slot(f"img{builder.number('img')}", image.group(2), index + 1, "alt")
        builder.text(image.group(3) + _ending(lines[index]))
        return index + 1
    return _paragraph(lines, index, builder)


def _starts_block(line: str) -> bool:
    return bool(
        not line.strip()
        or _FENCE.match(line)
        or _ATX.match(line)
        or _QUOTE.match(line)
        or _ITEM.match(line)
        or _RULE.match(line)
        or _ATTRS_LINE.match(line)
        or _FOOTNOTE.match(line)
    )


def _fenced(lines: list[str], index: int, builder: _Builder) -> int:
    fence = _FENCE.match(_bare(lines[index]))
    assert fence is not None
    mark = fence.group(1)
    end = index + 1
    while end < len(lines) and not _bare(lines[end]).strip().startswith(mark):
        end += 1
    end = min(end + 1, len(lines))
    builder.text("".join(lines[index:end]))
    return end


def _paragraph(lines: list[str], index: int, builder: _Builder) -> int:
    end = index + 1
    while end < len(lines) and not _starts_block(_bare(lines[end])):
        if _SETEXT.match(_bare(lines[end])):
            break
        end += 1
    if end < len(lines) and end == index + 1 and _SETEXT.match(_bare(lines[end])):
        builder.heading(_bare(lines[index]).strip(), "", index + 1)
        builder.text(_ending(lines[index]) + lines[end])
        return end + 1
    first = _bare(lines[index])
    lead = first[: len(first) - len(first.lstrip())]
    builder.text(lead)
    texts = [
        _bare(line).strip() if i else first.lstrip() for i, line in enumerate(lines[index:end])
    ]
    builder.slot(f"p{builder.number('p')}", "\n".join(texts), index + 1, "paragraph", lead)
    builder.text(_ending(lines[end - 1]))
    return end


def _quote(lines: list[str], index: int, builder: _Builder) -> int:
    end = index
    while end < len(lines) and _QUOTE.match(_bare(lines[end])):
        end += 1
    position = index
    while position < end:
        match = _QUOTE.match(_bare(lines[position]))
        assert match is not None
        if not match.group(2).strip():
            builder.text(lines[position])
            position += 1
            continue
        stop = position
        texts: list[str] = []
        while stop < end and _quoted(lines[stop]):
            texts.append(_quoted(lines[stop]))
            stop += 1
        prefix = match.group(1)
        builder.text(prefix)
        builder.slot(f"q{builder.number('q')}", "\n".join(texts), position + 1, "quote", prefix)
        builder.text(_ending(lines[stop - 1]))
        position = stop
    return end


def _quoted(line: str) -> str:
    """Return the text of a quoted line without its `>` ("" for a line that is only `>`)."""
    match = _QUOTE.match(_bare(line))
    return match.group(2).strip() if match else ""


def _list(lines: list[str], index: int, builder: _Builder) -> int:
    """Read a list: each item (and each indented paragraph of one) is a segment."""
    position = index
    while position < len(lines):
        line = _bare(lines[position])
        item = _ITEM.match(line)
        indented = _INDENTED.match(line)
        if item:
            start = item.group(1)
            first = item.group(2)
        elif indented and position > index and not _FENCE.match(line):
            start = indented.group(1)
            first = indented.group(2)
        elif not line.strip() and _list_goes_on(lines, position):
            builder.text(lines[position])
            position += 1
            continue
        else:
            break
        stop = position + 1
        while stop < len(lines):
            following = _bare(lines[stop])
            if not following.strip() or _ITEM.match(following) or _starts_block(following.strip()):
                break
            stop += 1
        rest = [_bare(line) for line in lines[position + 1 : stop]]
        prefix = rest[0][: len(rest[0]) - len(rest[0].lstrip())] if rest else " " * len(start)
        texts = [first, *(line.strip() for line in rest)]
        builder.text(start)
        builder.slot(f"li{builder.number('li')}", "\n".join(texts), position + 1, "item", prefix)
        builder.text(_ending(lines[stop - 1]))
        position = stop
    return position


def _list_goes_on(lines: list[str], blank: int) -> bool:
    """Tell whether the list continues after the blank line at `blank`."""
    after = blank + 1
    while after < len(lines) and not _bare(lines[after]).strip():
        after += 1
    if after >= len(lines):
        return False
    line = _bare(lines[after])
    return bool(_ITEM.match(line) or (line[:1] in (" ", "\t") and not _FENCE.match(line)))


def _table(lines: list[str], index: int, builder: _Builder) -> int:
    table = builder.number("t")
    end = index
    row = 0
    while end < len(lines) and "|" in lines[end] and _bare(lines[end]).strip():
        line = _bare(lines[end])
        if end == index + 1:
            builder.text(lines[end])
            end += 1
            continue
        row += 1
        for column, (before, cell, after) in enumerate(_cells(line), start=1):
            builder.text(before)
            if cell:
                builder.slot(f"t{table}/r{row}c{column}", cell, end + 1, "cell")
            builder.text(after)
        builder.text(_ending(lines[end]))
        end += 1
    return end


def _cells(line: str) -> list[tuple[str, str, str]]:
    """Split a table row into (skeleton before, cell text, skeleton after) per cell."""
    parts = re.split(r"(?<!\\)(\|)", line)
    cells: list[tuple[str, str, str]] = []
    pending = ""
    for part in parts:
        if part == "|":
            pending += part
            continue
        stripped = part.strip()
        if not stripped:
            pending += part
            continue
        lead = part[: len(part) - len(part.lstrip())]
        trail = part[len(part.rstrip()) :]
        cells.append((pending + lead, stripped, trail))
        pending = ""
    if cells:
        before, text, after = cells[-1]
        cells[-1] = (before, text, after + pending)
    elif pending:
        cells.append((pending, "", ""))
    return cells
