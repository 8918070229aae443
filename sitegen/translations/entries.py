"""A catalog entry, whatever the catalog's format (PO or XLIFF)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One segment as a catalog entry, whatever the catalog's format."""

    context: str
    source: str  # marked
    target: str  # marked; "" when untranslated
    fuzzy: bool
    previous: str  # marked previous original; "" when unknown or unchanged
    notes: tuple[str, ...]
    occurrence: tuple[str, int]  # site-relative file, line
