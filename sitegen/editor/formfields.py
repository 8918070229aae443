"""Which front-matter fields a page's form shows, by the kind of page, with what the schema says
of each: a date is a date box, a field with fixed choices a list to choose from, and every field
carries the schema's own help text.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.read.schema import Kind, Schema
from sitegen.read.schemas import LETTER_SCHEMA, PAGE_SCHEMA

# The one-line fields of each kind the form edits, in the order an editor fills them in; the
# others (lists, blocks, settings such as `weight` or `draft`) stay as written in the file.
PAGE_FIELDS = ("title", "summary", "date", "updated", "reviewed", "review_by")
ALERT_FIELDS = ("title", "summary", "starts", "ends", "level")
LETTER_FIELDS = ("from", "role", "organisation", "address", "to", "date")
ALL_FIELDS = tuple(dict.fromkeys(PAGE_FIELDS + ALERT_FIELDS + LETTER_FIELDS))

_LABELS = {
    "title": "Title",
    "summary": "Summary",
    "date": "Date",
    "updated": "Updated",
    "reviewed": "Last reviewed",
    "review_by": "Next review due",
    "starts": "Starts",
    "ends": "Ends",
    "level": "Level",
    "from": "From (who signed it)",
    "role": "Their role",
    "organisation": "Organisation",
    "address": "Sender's address",
    "to": "To",
}


@dataclass(frozen=True)
class FormField:
    """One field of a page's form: its key, label, kind of box, help and choices."""

    name: str
    label: str
    kind: str  # "text", "date" or "choice"
    help: str
    choices: tuple[str, ...] = ()


def form_fields(relative: str) -> tuple[FormField, ...]:
    """Return the fields of the form for a site-relative content path."""
    parts = relative.split("/")
    if "letters" in parts[2:-1]:
        return _fields(LETTER_FIELDS, LETTER_SCHEMA)
    if len(parts) > 2 and parts[1] == "alerts":
        return _fields(ALERT_FIELDS, PAGE_SCHEMA)
    return _fields(PAGE_FIELDS, PAGE_SCHEMA)


def _fields(names: tuple[str, ...], schema: Schema) -> tuple[FormField, ...]:
    known = {field.name: field for field in schema.fields}
    found = []
    for name in names:
        field = known[name]
        kind = "date" if field.kind is Kind.DATE else "choice" if field.choices else "text"
        found.append(FormField(name, _LABELS[name], kind, field.doc, field.choices))
    return tuple(found)


def date_names() -> frozenset[str]:
    """The fields of any kind whose value is a date."""
    return frozenset(
        field.name
        for schema in (PAGE_SCHEMA, LETTER_SCHEMA)
        for field in schema.fields
        if field.kind is Kind.DATE and field.name in ALL_FIELDS
    )
