"""Declarative schemas for front matter, letters and site.yaml, and `validate()` to apply them.

`validate` turns the plain data from `yamlread` into a `Record` of converted values and reports
every problem it finds (unknown keys with a suggestion, missing keys, wrong types) to a `Problems`
collector, each at the line it is about. It never raises for a problem in the content.
"""

from __future__ import annotations

import datetime
import difflib
import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sitegen.errors import Problems, SourceRef
from sitegen.i18n.languages import is_known_language
from sitegen.pickling import reduce_by_fields
from sitegen.read.yamlread import YList, YMap, YStr


class Kind(enum.Enum):
    """What a field's value must be, and what it is converted to."""

    TEXT = "text"
    BOOL = "true or false"
    INT = "a whole number"
    DATE = "a date"
    TEXT_LIST = "a list of text"
    LANG = "a language code"
    LANG_LIST = "a list of language codes"
    TEXT_OR_LANG_MAP = "text, or a mapping of language code to text"
    MAPPING = "a mapping of 'key: value' lines"
    LIST_OF_MAPPINGS = "a list of mappings"
    MAP_OF_MAPPINGS = "a mapping of names to mappings"


@dataclass(frozen=True)
class Field:
    """One key a mapping may have."""

    name: str
    kind: Kind
    required: bool = False
    doc: str = ""
    fields: tuple[Field, ...] = ()  # for MAPPING / LIST_OF_MAPPINGS / MAP_OF_MAPPINGS values
    forbidden: str | None = None  # if set, the key being present is an error with this message
    choices: tuple[str, ...] = ()  # for TEXT: the allowed values


@dataclass(frozen=True)
class Schema:
    """A named set of fields: what one kind of mapping may hold."""

    name: str
    fields: tuple[Field, ...]


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


class _Invalid:
    """Marks a value that failed conversion (already reported)."""


_INVALID = _Invalid()

_INT = re.compile(r"[+-]?[0-9]{1,18}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?"
)


@dataclass(frozen=True)
class _Ctx:
    """Where validation is: the file, the collector and the dotted name of the enclosing key."""

    path: str
    problems: Problems
    prefix: str = ""

    def name(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix else key

    def error(self, line: int | None, message: str) -> None:
        self.problems.error(SourceRef(self.path, line), message)

    def inside(self, prefix: str) -> _Ctx:
        return _Ctx(self.path, self.problems, prefix)


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
    return _validate_mapping(node, fields, _Ctx(path, problems), line)


def _validate_mapping(node: Any, fields: tuple[Field, ...], ctx: _Ctx, line: int | None) -> Record:
    where = line if line is not None else getattr(node, "line", None)
    if node is None:
        node = YMap(where or 1)
    if not isinstance(node, YMap):
        ctx.error(where, f"expected 'key: value' lines here, found {_describe(node)}")
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
            continue
        converted = _convert(value, spec, ctx, key_line)
        if converted is not _INVALID:
            values[key] = converted
            if key_line is not None:
                lines[key] = key_line
    for spec in fields:
        if spec.required and spec.name not in node:
            ctx.error(where, f"missing required key '{ctx.name(spec.name)}'")
    return Record(values, lines, where)


def _unknown_key(ctx: _Ctx, key: str, by_name: dict[str, Field]) -> str:
    allowed = [name for name, spec in by_name.items() if spec.forbidden is None]
    close = difflib.get_close_matches(key, allowed, n=1)
    if close:
        return f"unknown key '{ctx.name(key)}' (did you mean '{ctx.name(close[0])}'?)"
    return f"unknown key '{ctx.name(key)}' (allowed keys: {', '.join(allowed)})"


def _describe(value: Any) -> str:
    """Say what a value is, for messages about a wrong type."""
    if isinstance(value, YMap):
        return "'key: value' lines"
    if isinstance(value, YList):
        return "a list"
    if value is None:
        return "nothing"
    return f"'{value}'"


def _line(value: Any, fallback: int | None) -> int | None:
    return getattr(value, "line", fallback)


def _wrong_type(value: Any, spec: Field, ctx: _Ctx, key_line: int | None) -> None:
    """Report that `value` is not the kind `spec` wants."""
    ctx.error(
        _line(value, key_line),
        f"'{ctx.name(spec.name)}' must be {spec.kind.value}, found {_describe(value)}",
    )


def _convert(value: Any, spec: Field, ctx: _Ctx, key_line: int | None) -> Any:
    converter = _CONVERTERS[spec.kind]
    return converter(value, spec, ctx, key_line)


def _expect_scalar(value: Any, spec: Field, ctx: _Ctx, key_line: int | None) -> YStr | None:
    """Return the value if it is a scalar, else report that `spec` wanted one."""
    if isinstance(value, YStr):
        return value
    _wrong_type(value, spec, ctx, key_line)
    return None


def _to_text(value: Any, spec: Field, ctx: _Ctx, key_line: int | None) -> Any:
    scalar = _expect_scalar(value, spec, ctx, key_line)
    if scalar is None:
        return _INVALID
    if spec.choices and scalar not in spec.choices:
        ctx.error(
            scalar.line,
            f"'{ctx.name(spec.name)}' must be one of: {', '.join(spec.choices)}; found '{scalar}'",
        )
        return _INVALID
    return str(scalar)


def _to_bool(value: Any, spec: Field, ctx: _Ctx, key_line: int | None) -> Any:
    scalar = _expect_scalar(value, spec, ctx, key_line)
    if scalar is None:
        return _INVALID
    if not scalar.quoted and scalar.lower() in ("true", "false"):
        return scalar.lower() == "true"
    found = f'"{scalar}" in quotes' if scalar.quoted else f"'{scalar}'"
    ctx.error(
        scalar.line,
        f"'{ctx.name(spec.name)}' must be true or false, found {found}: write true or false",
    )
    return _INVALID


def _to_int(value: Any, spec: Field, ctx: _Ctx, key_line: int | None) -> Any:
    scalar = _expect_scalar(value, spec, ctx, key_line)
    if scalar is None:
        return _INVALID
    if _INT.fullmatch(scalar) is None:
        ctx.error(
            scalar.line,
            f"'{ctx.name(spec.name)}' must be a whole number such as 10 or -3, found '{scalar}'",
        )
        return _INVALID
    return int(scalar)


def _to_date(value: Any, spec: Field, ctx: _Ctx, key_line: int | None) -> Any:
    scalar = _expect_scalar(value, spec, ctx, key_line)
    if scalar is None:
        return _INVALID
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
        return _INVALID
    ctx.error(
        scalar.line,
        f"'{ctx.name(spec.name)}' must be a date written like 2024-03-01 "
        f"(or 2024-03-01 14:30), found '{text}'",
    )
    return _INVALID


def _to_text_list(value: Any, spec: Field, ctx: _Ctx, key_line: int | None) -> Any:
    items = _list_items(value, spec, ctx, key_line)
    if items is None:
        return _INVALID
    return tuple(str(item) for item in items)


def _list_items(value: Any, spec: Field, ctx: _Ctx, key_line: int | None) -> list[YStr] | None:
    """Return the scalars of a list (a lone scalar is a list of one), reporting bad items."""
    if isinstance(value, YStr):
        return [value]
    if not isinstance(value, YList):
        _wrong_type(value, spec, ctx, key_line)
        return None
    good: list[YStr] = []
    ok = True
    for number, (item, item_line) in enumerate(zip(value, value.item_lines, strict=True), 1):
        if isinstance(item, YStr):
            good.append(item)
            continue
        ok = False
        ctx.error(
            item_line,
            f"item {number} of '{ctx.name(spec.name)}' must be text, found {_describe(item)}",
        )
    return good if ok else None


def _to_lang(value: Any, spec: Field, ctx: _Ctx, key_line: int | None) -> Any:
    scalar = _expect_scalar(value, spec, ctx, key_line)
    if scalar is None:
        return _INVALID
    return str(scalar) if _check_language(scalar, scalar.line, ctx) else _INVALID


def _to_lang_list(value: Any, spec: Field, ctx: _Ctx, key_line: int | None) -> Any:
    items = _list_items(value, spec, ctx, key_line)
    if items is None:
        return _INVALID
    seen: set[str] = set()
    ok = True
    for item in items:
        if not _check_language(item, item.line, ctx):
            ok = False
        elif item in seen:
            ctx.error(item.line, f"language '{item}' is listed twice in '{ctx.name(spec.name)}'")
            ok = False
        seen.add(str(item))
    return tuple(str(item) for item in items) if ok else _INVALID


def _to_text_or_lang_map(value: Any, spec: Field, ctx: _Ctx, key_line: int | None) -> Any:
    if isinstance(value, YStr):
        return str(value)
    if not isinstance(value, YMap):
        _wrong_type(value, spec, ctx, key_line)
        return _INVALID
    result: dict[str, str] = {}
    ok = True
    for code, text in value.items():
        code_line = value.key_lines.get(code, value.line)
        if not _check_language(code, code_line, ctx):
            ok = False
        elif not isinstance(text, YStr):
            ctx.error(
                _line(text, code_line),
                f"'{ctx.name(spec.name)}.{code}' must be text, found {_describe(text)}",
            )
            ok = False
        else:
            result[code] = str(text)
    return result if ok else _INVALID


def _check_language(code: str, line: int | None, ctx: _Ctx) -> bool:
    """Report and return False unless Babel knows the language code."""
    if not is_known_language(code):
        ctx.error(
            line,
            f"unknown language code '{code}': use a standard code such as en, ur, cy or pt-BR",
        )
        return False
    return True


def _to_mapping(value: Any, spec: Field, ctx: _Ctx, key_line: int | None) -> Any:
    if not isinstance(value, YMap):
        _wrong_type(value, spec, ctx, key_line)
        return _INVALID
    return _validate_mapping(value, spec.fields, ctx.inside(ctx.name(spec.name)), None)


def _to_list_of_mappings(value: Any, spec: Field, ctx: _Ctx, key_line: int | None) -> Any:
    if not isinstance(value, YList):
        _wrong_type(value, spec, ctx, key_line)
        return _INVALID
    records = []
    for number, (item, item_line) in enumerate(zip(value, value.item_lines, strict=True), 1):
        inner = ctx.inside(f"{ctx.name(spec.name)}[{number}]")
        records.append(_validate_mapping(item, spec.fields, inner, _line(item, item_line)))
    return tuple(records)


def _to_map_of_mappings(value: Any, spec: Field, ctx: _Ctx, key_line: int | None) -> Any:
    if not isinstance(value, YMap):
        _wrong_type(value, spec, ctx, key_line)
        return _INVALID
    records: dict[str, Record] = {}
    for name, item in value.items():
        name_line = value.key_lines.get(name, value.line)
        inner = ctx.inside(f"{ctx.name(spec.name)}.{name}")
        records[name] = _validate_mapping(item, spec.fields, inner, _line(item, name_line))
    return records


_Converter = Callable[[Any, Field, _Ctx, int | None], Any]
_CONVERTERS: dict[Kind, _Converter] = {
    Kind.TEXT: _to_text,
    Kind.BOOL: _to_bool,
    Kind.INT: _to_int,
    Kind.DATE: _to_date,
    Kind.TEXT_LIST: _to_text_list,
    Kind.LANG: _to_lang,
    Kind.LANG_LIST: _to_lang_list,
    Kind.TEXT_OR_LANG_MAP: _to_text_or_lang_map,
    Kind.MAPPING: _to_mapping,
    Kind.LIST_OF_MAPPINGS: _to_list_of_mappings,
    Kind.MAP_OF_MAPPINGS: _to_map_of_mappings,
}

_TRANSLATION_OF = Field(
    "translation_of",
    Kind.TEXT,
    doc="Reserved for the translation workflow: a fingerprint of the source this translation "
    "was made from, so an outdated translation can be spotted.",
)
_PAGE_TYPES = ("page", "advice", "statement", "alert")
_ALERT_LEVELS = ("info", "warning", "danger")

PAGE_SCHEMA = Schema(
    "page front matter",
    (
        Field("title", Kind.TEXT, required=True, doc="The page title, shown as its heading."),
        Field("summary", Kind.TEXT, doc="One or two sentences shown in lists and link previews."),
        Field("date", Kind.DATE, doc="When the page was published: 2024-03-01 or a date-time."),
        Field("updated", Kind.DATE, doc="When the page was last changed in a way readers need."),
        Field("author", Kind.TEXT, doc="Who wrote or issued the page."),
        Field("type", Kind.TEXT, doc="The kind of page; picks its template.", choices=_PAGE_TYPES),
        Field("audience", Kind.TEXT_LIST, doc="Who the page is for, e.g. parents, shopkeepers."),
        Field("tags", Kind.TEXT_LIST, doc="Topics the page is listed under."),
        Field(
            "contacts",
            Kind.TEXT_LIST,
            doc="Ids of contact directories (content/contacts/<id>.yaml) to show on the page.",
        ),
        Field("draft", Kind.BOOL, doc="true to leave the page out of the built site."),
        Field("weight", Kind.INT, doc="Order in lists: lower numbers come first."),
        Field("starts", Kind.DATE, doc="Alerts: when the alert starts to apply."),
        Field("ends", Kind.DATE, doc="Alerts: when the alert stops applying."),
        Field("level", Kind.TEXT, doc="Alerts: how serious it is.", choices=_ALERT_LEVELS),
        _TRANSLATION_OF,
        Field(
            "source_updated",
            Kind.DATE,
            doc="Reserved for the translation workflow: the source's 'updated' date when this "
            "translation was made.",
        ),
    ),
)

LETTER_SCHEMA = Schema(
    "letter front matter",
    (
        Field("title", Kind.TEXT, doc="The letter's heading, if it has one."),
        Field("from", Kind.TEXT, doc="The name of the person who signed the letter."),
        Field("role", Kind.TEXT, doc="Their role, e.g. Chief Superintendent."),
        Field("organisation", Kind.TEXT, doc="Their organisation, e.g. the police or council."),
        Field("address", Kind.TEXT, doc="The sender's postal address, as it should be shown."),
        Field("to", Kind.TEXT, doc="Who the letter is addressed to."),
        Field("date", Kind.DATE, doc="The date on the letter."),
        _TRANSLATION_OF,
    ),
)

_ORGANISATION = (
    Field("name", Kind.TEXT, doc="The group's name."),
    Field("url", Kind.TEXT, doc="The group's own website."),
    Field("email", Kind.TEXT, doc="An email address readers may write to."),
    Field("phone", Kind.TEXT, doc="A phone number readers may call."),
)

SITE_SCHEMA = Schema(
    "site.yaml",
    (
        Field("title", Kind.TEXT_OR_LANG_MAP, True, "The site's name: one text, or per language."),
        Field("base_url", Kind.TEXT, True, "Where the site is published: https://example.org/."),
        Field("default_language", Kind.LANG, True, "The language pages are first written in."),
        Field("languages", Kind.LANG_LIST, True, "Every language the site offers."),
        Field("region", Kind.TEXT, True, "The country phone numbers are local to, e.g. GB."),
        Field("quick_exit_url", Kind.TEXT, doc="Where 'leave this site quickly' takes the reader."),
        Field("raw_html", Kind.BOOL, doc="true to allow raw HTML in Markdown (still sanitised)."),
        Field(
            "search",
            Kind.BOOL,
            doc="false to publish no search pages and no search index.",
        ),
        Field(
            "leaflets",
            Kind.BOOL,
            doc="false to make no printable PDF leaflets (they need the optional pdf extra).",
        ),
        Field(
            "remote_media",
            Kind.TEXT,
            doc="Images from other sites: drop them, or stop with an error.",
            choices=("drop", "error"),
        ),
        Field("description", Kind.TEXT_OR_LANG_MAP, doc="The site in a sentence, or per language."),
        Field("organisation", Kind.MAPPING, doc="Who publishes the site.", fields=_ORGANISATION),
    ),
)
