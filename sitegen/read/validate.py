"""`validate()`: check a mapping against a schema and return its converted values as a `Record`.

`validate` turns the plain data from `yamlread` into a `Record` of converted values and reports
every problem it finds (unknown keys with a suggestion, missing keys, wrong types) to a `Problems`
collector, each at the line it is about. It never raises for a problem in the content. Nested
mappings are validated here; each other value is converted as `convert` does for its kind.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sitegen.errors import Problems
from sitegen.pickling import reduce_by_fields
from sitegen.read.convert import (
    INVALID,
    Ctx,
    describe,
    line_of,
    to_bool,
    to_date,
    to_int,
    to_lang,
    to_lang_list,
    to_text,
    to_text_list,
    to_text_or_lang_map,
    wrong_type,
)
from sitegen.read.schema import Field, Kind, Schema
from sitegen.read.yamlread import YList, YMap


@dataclass(frozen=True, slots=True)
class Record:
    """The converted values of a mapping that passed validation, with the line of each key."""

    values: dict[str, Any]
    lines: dict[str, int]
    line: int | None

    __reduce__ = reduce_by_fields

    def get(self, name: str, default: Any = None) -> Any:
        """Return the converted value of `name`, or `default` if the key was absent or invalid."""
        return self.values.get(name, default)

    def __contains__(self, name: object) -> bool:
        return name in self.values


def validate(
    node: Any,
    schema: Schema | tuple[Field, ...],
    path: str,
    problems: Problems,
    *,
    line: int | None = None,
) -> Record:
    """Check a mapping against `schema`, report every problem to `problems`, return the values.

    `line` is where to report problems about the mapping as a whole (a missing key); it defaults
    to the mapping's own line.
    """
    fields = schema.fields if isinstance(schema, Schema) else schema
    return _validate_mapping(node, fields, Ctx(path, problems), line)


def _validate_mapping(node: Any, fields: tuple[Field, ...], ctx: Ctx, line: int | None) -> Record:
    where = line if line is not None else getattr(node, "line", None)
    if node is None:
        node = YMap(where or 1)
    if not isinstance(node, YMap):
        ctx.error(where, f"expected 'key: value' lines here, found {describe(node)}")
        return Record({}, {}, where)
    by_name = {f.name: f for f in fields}
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key, value in node.items():
        key_line = node.key_lines.get(key, where)
        spec = by_name.get(key)
        if spec is None:
            ctx.error(key_line, _unknown_key(ctx, key, by_name))
            continue
        if spec.forbidden is not None:
            ctx.error(key_line, spec.forbidden)
            continue
        if value is None:
            if spec.required:
                ctx.error(key_line, f"'{ctx.name(key)}' has no value: write it after '{key}:'")
            elif spec.kind is Kind.DATE:  # else an alert's empty `ends:` would show it forever
                ctx.error(
                    key_line,
                    f"'{ctx.name(key)}' has no date: write one after '{key}:' like 2026-03-01, "
                    "or delete the line",
                )
            continue
        converted = _convert(value, spec, ctx, key_line)
        if converted is not INVALID:
            values[key] = converted
            if key_line is not None:
                lines[key] = key_line
    for spec in fields:
        if spec.required and spec.name not in node:
            ctx.error(where, f"missing required key '{ctx.name(spec.name)}'")
    return Record(values, lines, where)


def _unknown_key(ctx: Ctx, key: str, by_name: dict[str, Field]) -> str:
    allowed = [name for name, spec in by_name.items() if spec.forbidden is None]
    close = difflib.get_close_matches(key, allowed, n=1)
    if close:
        return f"unknown key '{ctx.name(key)}' (did you mean '{ctx.name(close[0])}'?)"
    return f"unknown key '{ctx.name(key)}' (allowed keys: {', '.join(allowed)})"


def _convert(value: Any, spec: Field, ctx: Ctx, key_line: int | None) -> Any:
    converter = _CONVERTERS[spec.kind]
    return converter(value, spec, ctx, key_line)


def _to_mapping(value: Any, spec: Field, ctx: Ctx, key_line: int | None) -> Any:
    if not isinstance(value, YMap):
        wrong_type(value, spec, ctx, key_line)
        return INVALID
    return _validate_mapping(value, spec.fields, ctx.inside(ctx.name(spec.name)), None)


def _to_list_of_mappings(value: Any, spec: Field, ctx: Ctx, key_line: int | None) -> Any:
    if not isinstance(value, YList):
        wrong_type(value, spec, ctx, key_line)
        return INVALID
    records = []
    for number, (item, item_line) in enumerate(zip(value, value.item_lines, strict=True), 1):
        inner = ctx.inside(f"{ctx.name(spec.name)}[{number}]")
        records.append(_validate_mapping(item, spec.fields, inner, line_of(item, item_line)))
    return tuple(records)


def _to_map_of_mappings(value: Any, spec: Field, ctx: Ctx, key_line: int | None) -> Any:
    if not isinstance(value, YMap):
        wrong_type(value, spec, ctx, key_line)
        return INVALID
    records: dict[str, Record] = {}
    for name, item in value.items():
        name_line = value.key_lines.get(name, value.line)
        inner = ctx.inside(f"{ctx.name(spec.name)}.{name}")
        records[name] = _validate_mapping(item, spec.fields, inner, line_of(item, name_line))
    return records


def _to_labels(value: Any, spec: Field, ctx: Ctx, key_line: int | None) -> Any:
    """Check a mapping of ids to labels; return a `Record` of them with each id's line."""
    if not isinstance(value, YMap):
        wrong_type(value, spec, ctx, key_line)
        return INVALID
    labels: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for name, label in value.items():
        name_line = value.key_lines.get(name, value.line)
        inner = Field(f"{spec.name}.{name}", Kind.TEXT_OR_LANG_MAP)
        converted = to_text_or_lang_map(label, inner, ctx, name_line) if label is not None else None
        if converted is None:
            ctx.error(name_line, f"'{ctx.name(spec.name)}.{name}' has no label: write it after ':'")
        elif converted is not INVALID:
            labels[name] = converted
            if name_line is not None:
                lines[name] = name_line
    return Record(labels, lines, value.line)


_Converter = Callable[[Any, Field, Ctx, int | None], Any]
_CONVERTERS: dict[Kind, _Converter] = {
    Kind.TEXT: to_text,
    Kind.BOOL: to_bool,
    Kind.INT: to_int,
    Kind.DATE: to_date,
    Kind.TEXT_LIST: to_text_list,
    Kind.LANG: to_lang,
    Kind.LANG_LIST: to_lang_list,
    Kind.TEXT_OR_LANG_MAP: to_text_or_lang_map,
    Kind.MAPPING: _to_mapping,
    Kind.LIST_OF_MAPPINGS: _to_list_of_mappings,
    Kind.MAP_OF_MAPPINGS: _to_map_of_mappings,
    Kind.LABELS: _to_labels,
}
