"""The `audiences:` and `tags:` settings of site.yaml: who pages are for, and their topics.

Each is a closed list when declared: an id (lower case, words joined by hyphens, never
translated: it is the page's address) and its label, one text or one per language:

    audiences:
      parents:
        en: Parents and carers
        ur: والدین اور سرپرست

A page's `audience:` and `tags:` then name ids, and an id that is not declared is an error. A
site that declares no list may write any words there: each is then its own label, in the
site's main language, and its address is made from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitegen.errors import Problems, SourceRef
from sitegen.read.organisation import in_language, language_map
from sitegen.read.validate import Record

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Vocabulary:
    """The audiences or the tags of a site: declared with labels, or free words."""

    declared: bool
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> language -> label

    def has(self, value: str) -> bool:
        """Tell whether a page may name `value` (any word, when nothing is declared)."""
        return not self.declared or value in self.labels

    def slug(self, value: str) -> str:
        """Return the address part of a value: its id, or the words' letters and digits ("" for
        words with none)."""
        if self.declared:
            return value
        return "-".join(re.findall(r"\w+", value.casefold()))

    def label(self, value: str, lang: str, default: str) -> tuple[str, str]:
        """Return a value's label for `lang` readers, and the language it is written in."""
        labels = self.labels.get(value, {})
        if lang in labels:
            return labels[lang], lang
        return in_language(labels, lang, default) or value, default


def read_vocabulary(record: object, what: str, path: str, problems: Problems) -> Vocabulary:
    """Turn a validated `audiences:` or `tags:` mapping into a `Vocabulary`, checking its ids."""
    if not isinstance(record, Record):
        return Vocabulary(declared=False)
    labels = {}
    lines = record.lines
    for name, label in record.values.items():
        if not _ID.fullmatch(name):
            problems.error(
                SourceRef(path, lines.get(name)),
                f"{what} id {name!r} must be lower case letters and digits joined by hyphens, "
                "e.g. places-of-worship",
            )
        labels[name] = language_map(label)
    return Vocabulary(declared=True, labels=labels)
