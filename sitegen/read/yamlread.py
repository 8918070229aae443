"""Read YAML as plain data that remembers its lines; every scalar stays the text the editor wrote.

PyYAML's `safe_load` turns `02071234567` into an octal number, `no` into False and `9:00` into
540. Here nothing is converted: values come back as `YStr`, `YMap` and `YList` (or None for an
empty value), and the schema decides what each one means. The loader works on the parser's event
stream, never constructs Python objects from tags, refuses anchors and aliases (so an alias bomb is
an error, not gigabytes) and caps nesting, so hostile input costs bounded work.

The events come from libyaml's C parser when PyYAML was built with it (about six times faster),
else from PyYAML's pure-Python parser. The two word their errors differently and disagree on a few
inputs (tabs, a BOM inside the text, '|#', '?' inside brackets), so text libyaml may misread goes
straight to the pure-Python parser, and any text libyaml or the builder refuses is read again by
it: values, lines and error messages are always the pure-Python ones, only faster for the common
valid file. tests/test_yamlread_parsers.py holds the two parsers to that.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NoReturn, Protocol

import yaml

from sitegen.errors import SiteError, SourceRef

# Part of the cache key of everything read from YAML.
LIBRARY = f"PyYAML {yaml.__version__}"

MAX_DEPTH = 100
_NEWLINE = re.compile("\n")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_QUOTED_STYLES = frozenset({"'", '"', "|", ">"})
_SYNTAX_ADVICE = (
    "check the indentation, and put text that contains ': ' or ' #' or starts with a special "
    "character (such as * & ! | > ' \" % @ `) in quotes"
)


class YStr(str):
    """A scalar exactly as written, with its file line and whether it was quoted."""

    line: int
    quoted: bool

    def __new__(cls, value: str, line: int, quoted: bool = False) -> YStr:
        obj = super().__new__(cls, value)
        obj.line = line
        obj.quoted = quoted
        return obj


class YMap(dict[str, Any]):
    """A mapping with the line it starts on and the line of each key."""

    def __init__(self, line: int, key_lines: dict[str, int] | None = None) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = key_lines if key_lines is not None else {}


class YList(list[Any]):
    """A sequence with the line it starts on and the line of each item."""

    def __init__(self, line: int, item_lines: list[int] | None = None) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = item_lines if item_lines is not None else []


def load_yaml(text: str, path: str, first_line: int = 1) -> Any:
    """Parse one YAML document into YStr/YMap/YList/None; `first_line` is where `text` starts."""
    lines = _LineIndex(text, first_line)
    if _C_PARSER is not None and _libyaml_agrees(text):
        try:
            return _build(_libyaml_events(_C_PARSER, text), path, lines)
        except (SiteError, yaml.YAMLError, UnicodeEncodeError, _LibyamlDisagrees):
            pass  # rare: let the pure-Python parser find and word the error, as it always has
    return _load_python(text, path, lines)


def _load_python(text: str, path: str, lines: _LineIndex) -> Any:
    """Parse with PyYAML's pure-Python parser, turning its errors into located SiteErrors."""
    try:
        return _build(yaml.parse(text, Loader=yaml.SafeLoader), path, lines)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, path, lines) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, path, lines) from None


def _build(events: Iterable[yaml.Event], path: str, lines: _LineIndex) -> Any:
    builder = _Builder(path, lines)
    for event in events:
        builder.feed(event)
    return builder.result


class _EventParser(Protocol):
    """libyaml's parser: events one at a time, then None."""

    def get_event(self) -> yaml.Event | None: ...


_EventSource = Callable[[str], _EventParser]


def _find_libyaml() -> _EventSource | None:
    """Return libyaml's parser class, or None when PyYAML was built without it."""
    if not yaml.__with_libyaml__:
        return None
    from yaml._yaml import CParser

    return CParser


_C_PARSER = _find_libyaml()


# libyaml accepts a tab where PyYAML wants a space ('a:\tb'), skips a BOM at the start of any
# line (PyYAML only the first, keeping the others as text) and allows a comment right after a
# block scalar indicator ('a: |#'), which PyYAML refuses.
_LIBYAML_DIFFERS = re.compile(r"[\t\ufeff]|[|>][-+0-9]*#")


class _LibyamlDisagrees(Exception):
    """libyaml read something the pure-Python parser reads differently."""


def _libyaml_agrees(text: str) -> bool:
    """Whether libyaml is known to read `text` as the pure-Python parser does."""
    return _LIBYAML_DIFFERS.search(text) is None


def _libyaml_events(parser_class: _EventSource, text: str) -> Iterator[yaml.Event]:
    """Yield libyaml's events, stopping where the pure-Python parser would read otherwise."""
    parser = parser_class(text)
    flow = 0  # how deep inside '[...]' or '{...}' the parser is
    while (event := parser.get_event()) is not None:
        if flow:
            flow = _inside_flow(event, flow)
        elif isinstance(event, yaml.CollectionStartEvent) and event.flow_style:
            flow = 1
        yield event


def _inside_flow(event: yaml.Event, flow: int) -> int:
    """Return the flow depth after `event`, refusing what libyaml reads differently there."""
    if isinstance(event, yaml.ScalarEvent):
        # Inside brackets PyYAML ends a plain (style-less) scalar at '?', libyaml does not.
        if not event.style and "?" in event.value:
            raise _LibyamlDisagrees
        return flow
    if isinstance(event, yaml.CollectionStartEvent):
        return flow + 1
    if isinstance(event, yaml.CollectionEndEvent):
        return flow - 1
    return flow


class _Mark(Protocol):
    """A parser position; only the character index is trusted (see `_LineIndex`)."""

    @property
    def index(self) -> int: ...


class _LineIndex:
    """Map character positions in `text` to file lines, counting only '\\n' as a break."""

    def __init__(self, text: str, first_line: int) -> None:
        self._breaks = [match.start() for match in _NEWLINE.finditer(text)]
        self._first = first_line

    def line(self, index: int) -> int:
        return self._first + bisect.bisect_left(self._breaks, index)

    def of(self, mark: _Mark | None) -> int:
        return self.line(mark.index) if mark is not None else self._first


@dataclass
class _Open:
    """A mapping or sequence being filled, and the key waiting for its value."""

    node: YMap | YList
    key: YStr | None = None


class _Builder:
    """Turn parser events into plain data, refusing anything that is not plain data."""

    def __init__(self, path: str, lines: _LineIndex) -> None:
        self._path = path
        self._lines = lines
        self._stack: list[_Open] = []
        self._documents = 0
        self.result: Any = None

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self._start_document(event)
        elif isinstance(event, yaml.AliasEvent):
            self._fail(
                event, f"aliases ('*{event.anchor}') are not allowed: write the value out in full"
            )
        elif isinstance(event, yaml.NodeEvent):
            self._check_plain(event)
            if isinstance(event, yaml.ScalarEvent):
                self._scalar(event)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                self._open(event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self._close(event)

    def _start_document(self, event: yaml.Event) -> None:
        self._documents += 1
        if self._documents > 1:
            self._fail(
                event,
                "only one YAML document is allowed here: remove the second '---' line "
                "(and anything after it that is not meant to be part of this file)",
            )

    def _check_plain(self, event: yaml.NodeEvent) -> None:
        if event.anchor is not None:
            self._fail(
                event,
                f"anchors ('&{event.anchor}') are not allowed: write each value out in full",
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            self._fail(event, f"YAML tags ('{_short_tag(tag)}') are not allowed: remove the tag")

    def _open(self, event: yaml.MappingStartEvent | yaml.SequenceStartEvent) -> None:
        line = self._lines.of(event.start_mark)
        if self._stack and self._expecting_key():
            self._fail(event, "a key must be plain text, not a list or a mapping")
        if len(self._stack) >= MAX_DEPTH:
            self._fail(
                event,
                f"the YAML is nested more than {MAX_DEPTH} levels deep: flatten it",
            )
        node: YMap | YList = (
            YMap(line) if isinstance(event, yaml.MappingStartEvent) else YList(line)
        )
        self._add(event, node)
        self._stack.append(_Open(node))

    def _close(self, event: yaml.Event) -> None:
        self._stack.pop()

    def _expecting_key(self) -> bool:
        top = self._stack[-1]
        return isinstance(top.node, YMap) and top.key is None

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        line = self._lines.of(event.start_mark)
        if self._stack and self._expecting_key():
            top = self._stack[-1]
            assert isinstance(top.node, YMap)
            top.key = self._key(
                event, YStr(event.value, line, event.style in _QUOTED_STYLES), top.node
            )
        else:
            self._add(event, _scalar(event, line))

    def _add(self, event: yaml.Event, value: Any) -> None:
        if not self._stack:
            self.result = value
            return
        top = self._stack[-1]
        if isinstance(top.node, YList):
            top.node.append(value)
            top.node.item_lines.append(self._lines.of(event.start_mark))
        else:
            assert top.key is not None
            top.node[str(top.key)] = value
            top.key = None

    def _key(self, event: yaml.Event, key: YStr, mapping: YMap) -> YStr:
        if key == "" and not key.quoted:
            self._fail(event, "a key is missing: write the key before the ':'")
        if key == "<<" and not key.quoted:
            self._fail(event, "merge keys ('<<') are not allowed: write the keys out in full")
        text = str(key)
        if text in mapping.key_lines:
            self._fail(
                event,
                f"duplicate key '{text}' (first at line {mapping.key_lines[text]}): "
                "remove one of them",
            )
        mapping.key_lines[text] = key.line
        return key

    def _fail(self, event: yaml.Event, message: str) -> NoReturn:
        line = self._lines.of(event.start_mark)
        raise SiteError.at(SourceRef(self._path, line), message)


def _scalar(event: yaml.ScalarEvent, line: int) -> YStr | None:
    """Return the scalar as written, or None for an empty or null plain scalar."""
    quoted = event.style in _QUOTED_STYLES
    if not quoted and event.value in _NULLS:
        return None
    return YStr(event.value, line, quoted)


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _syntax_error(exc: yaml.MarkedYAMLError, path: str, lines: _LineIndex) -> SiteError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "cannot read this YAML"
    advice = _SYNTAX_ADVICE
    if "'\\t'" in problem:
        advice = "indent with spaces, not tabs"
    return SiteError.at(SourceRef(path, lines.of(mark)), f"YAML syntax error: {problem}: {advice}")


def _reader_error(exc: yaml.reader.ReaderError, path: str, lines: _LineIndex) -> SiteError:
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return SiteError.at(
        SourceRef(path, lines.line(exc.position)),
        f"the special character U+{ord(char):04X} is not allowed in YAML: delete it",
    )
