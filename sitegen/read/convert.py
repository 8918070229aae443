"""Converting one value to the kind its field wants, reporting what is wrong at its line.

One converter per kind of scalar or list value: text (with its allowed choices), true or false,
whole numbers, dates, lists of text, language codes (checked against CLDR). A value that fails is
reported and returned as `INVALID`. `Ctx` says where validation is; `validate` walks mappings
with it and calls these.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from sitegen.errors import Problems, SourceRef
from sitegen.i18n.languages import is_known_language
from sitegen.read.schema import Field
from sitegen.read.textchecks import control_problem, length_problem
from sitegen.read.yamlread import YList, YMap, YStr


class _Invalid:
    """Marks a value that failed conversion (already reported)."""


INVALID = _Invalid()

_INT = re.compile(r"[+-]?[0-9]{1,18}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?"
)


@dataclass(frozen=True)
class Ctx:
    """Where validation is: the file, the collector and the dotted name of the enclosing key."""

    path: str
    problems: Problems
    prefix: str = ""

    def name(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix else key

    def error(self, line: int | None, message: str) -> None:
        self.problems.error(SourceRef(self.path, line), message)

    def inside(self, prefix: str) -> Ctx:
        return Ctx(self.path, self.problems, prefix)


def describe(value: Any) -> str:
    """Say what a value is, for messages about a wrong type."""
    if isinstance(value, YMap):
        return "'key: value' lines"
    if isinstance(value, YList):
        return "a list"
    if value is None:
        return "nothing"
    return f"'{value}'"


def line_of(value: Any, fallback: int | None) -> int | None:
    """Return the line `value` was written on, else `fallback`."""
    return getattr(value, "line", fallback)


def wrong_type(value: Any, spec: Field, ctx: Ctx, key_line: int | None) -> None:
    """Report that `value` is not the kind `spec` wants."""
    ctx.error(
        line_of(value, key_line),
        f"'{ctx.name(spec.name)}' must be {spec.kind.value}, found {describe(value)}",
    )


def _expect_scalar(value: Any, spec: Field, ctx: Ctx, key_line: int | None) -> YStr | None:
    """Return the value if it is a scalar, else report that `spec` wanted one."""
    if isinstance(value, YStr):
        return value
    wrong_type(value, spec, ctx, key_line)
    return None


def checked_text(text: YStr, name: str, spec: Field, ctx: Ctx) -> bool:
    """Report a text value too long for its field or with an unclosed directional control."""
    problem = length_problem(text, name, spec.max_length)
    if problem is None and spec.check_controls:
        problem = control_problem(text, name)
    if problem is not None:
        ctx.error(text.line, problem)
    return problem is None


def to_text(value: Any, spec: Field, ctx: Ctx, key_line: int | None) -> Any:
    scalar = _expect_scalar(value, spec, ctx, key_line)
    if scalar is None or not checked_text(scalar, ctx.name(spec.name), spec, ctx):
        return INVALID
    if spec.choices and scalar not in spec.choices:
        ctx.error(
            scalar.line,
            f"'{ctx.name(spec.name)}' must be one of: {', '.join(spec.choices)}; found '{scalar}'",
        )
        return INVALID
    return str(scalar)


def to_bool(value: Any, spec: Field, ctx: Ctx, key_line: int | None) -> Any:
    scalar = _expect_scalar(value, spec, ctx, key_line)
    if scalar is None:
        return INVALID
    if not scalar.quoted and scalar.lower() in ("true", "false"):
        return scalar.lower() == "true"
    found = f'"{scalar}" in quotes' if scalar.quoted else f"'{scalar}'"
    ctx.error(
        scalar.line,
        f"'{ctx.name(spec.name)}' must be true or false, found {found}: write true or false",
    )
    return INVALID


def to_int(value: Any, spec: Field, ctx: Ctx, key_line: int | None) -> Any:
    scalar = _expect_scalar(value, spec, ctx, key_line)
    if scalar is None:
        return INVALID
    if _INT.fullmatch(scalar) is None:
        ctx.error(
            scalar.line,
            f"'{ctx.name(spec.name)}' must be a whole number such as 10 or -3, found '{scalar}'",
        )
        return INVALID
    return int(scalar)


def to_date(value: Any, spec: Field, ctx: Ctx, key_line: int | None) -> Any:
    scalar = _expect_scalar(value, spec, ctx, key_line)
    if scalar is None:
        return INVALID
    text = str(scalar)
    try:
        if _DATE.fullmatch(text):
            return datetime.date.fromisoformat(text)
        if _DATETIME.fullmatch(text):
            return datetime.datetime.fromisoformat(text)
    except ValueError as exc:
        ctx.error(
            scalar.line,
            f"'{ctx.name(spec.name)}' is not a real date: '{text}' ({exc})",
        )
        return INVALID
    ctx.error(
        scalar.line,
        f"'{ctx.name(spec.name)}' must be a date written like 2024-03-01 "
        f"(or 2024-03-01 14:30), found '{text}'",
    )
    return INVALID


def to_text_list(value: Any, spec: Field, ctx: Ctx, key_line: int | None) -> Any:
    items = _list_items(value, spec, ctx, key_line)
    if items is None:
        return INVALID
    return tuple(str(item) for item in items)


def _list_items(value: Any, spec: Field, ctx: Ctx, key_line: int | None) -> list[YStr] | None:
    """Return the scalars of a list (a lone scalar is a list of one), reporting bad items."""
    if isinstance(value, YStr):
        return [value] if checked_text(value, ctx.name(spec.name), spec, ctx) else None
    if not isinstance(value, YList):
        wrong_type(value, spec, ctx, key_line)
        return None
    good: list[YStr] = []
    ok = True
    for number, (item, item_line) in enumerate(zip(value, value.item_lines, strict=True), 1):
        if isinstance(item, YStr):
            ok = checked_text(item, f"{ctx.name(spec.name)}[{number}]", spec, ctx) and ok
            good.append(item)
            continue
        ok = False
        ctx.error(
            item_line,
            f"item {number} of '{ctx.name(spec.name)}' must be text, found {describe(item)}",
        )
    return good if ok else None


def to_lang(value: Any, spec: Field, ctx: Ctx, key_line: int | None) -> Any:
    scalar = _expect_scalar(value, spec, ctx, key_line)
    if scalar is None:
        return INVALID
    return str(scalar) if _check_language(scalar, scalar.line, ctx) else INVALID


def to_lang_list(value: Any, spec: Field, ctx: Ctx, key_line: int | None) -> Any:
    items = _list_items(value, spec, ctx, key_line)
    if items is None:
        return INVALID
    seen: set[str] = set()
    ok = True
    for item in items:
        if not _check_language(item, item.line, ctx):
            ok = False
        elif item in seen:
            ctx.error(item.line, f"language '{item}' is listed twice in '{ctx.name(spec.name)}'")
            ok = False
        seen.add(str(item))
    return tuple(str(item) for item in items) if ok else INVALID


def to_text_or_lang_map(value: Any, spec: Field, ctx: Ctx, key_line: int | None) -> Any:
    if isinstance(value, YStr):
        return str(value) if checked_text(value, ctx.name(spec.name), spec, ctx) else INVALID
    if not isinstance(value, YMap):
        wrong_type(value, spec, ctx, key_line)
        return INVALID
    result: dict[str, str] = {}
    ok = True
    for code, text in value.items():
        code_line = value.key_lines.get(code, value.line)
        if not _check_language(code, code_line, ctx):
            ok = False
        elif not isinstance(text, YStr):
            ctx.error(
                line_of(text, code_line),
                f"'{ctx.name(spec.name)}.{code}' must be text, found {describe(text)}",
            )
            ok = False
        elif checked_text(text, f"{ctx.name(spec.name)}.{code}", spec, ctx):
            result[code] = str(text)
        else:
            ok = False
    return result if ok else INVALID


def _check_language(code: str, line: int | None, ctx: Ctx) -> bool:
    """Report and return False unless Babel knows the language code."""
    if not is_known_language(code):
        ctx.error(
            line,
            f"unknown language code '{code}': use a standard code such as en, ur, cy or pt-BR",
        )
        return False
    return True
