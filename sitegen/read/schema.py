"""How a schema is declared: the kinds of value a key may hold, its fields, and named schemas.

A schema is data, not code: `validate.validate` applies one to a mapping and returns a `Record`,
converting each value as `convert` does for its kind. The schemas of sitegen's own files (front
matter, site.yaml) are in `schemas`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


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
    LABELS = "a mapping of ids to a label: text, or a mapping of language code to text"


# How long a text value may be, in characters: front matter is shown whole on every list, home
# and search page of every language, so a pasted document there multiplies the whole site.
TITLE_LIMIT = 300
SUMMARY_LIMIT = 1_000
NAME_LIMIT = 200  # a person, their role, an organisation
TEXT_LIMIT = 2_000  # any other text: an address, opening hours, a web address


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
    max_length: int = TEXT_LIMIT  # for text, each list item and each language's text
    # False for a phone number: `i18n.phones` removes invisible characters before reading it, so
    # a stray directional mark pasted with one cannot reorder anything (`read.textchecks`).
    check_controls: bool = True


@dataclass(frozen=True)
class Schema:
    """A named set of fields: what one kind of mapping may hold."""

    name: str
    fields: tuple[Field, ...]
