"""Pickling for the slotted frozen dataclasses that the parse index holds by the ten thousand.

Unpickled by default, a frozen dataclass with slots has each field set through a Python-level
`__setstate__` (two to three times slower than calling the class); the parse index holds about
five objects per page, and a build reads it whole.
"""

from __future__ import annotations

from typing import Any


def reduce_by_fields(self: Any) -> tuple[type, tuple[Any, ...]]:
    """`__reduce__` for a slotted dataclass whose fields are all its constructor's arguments."""
    return type(self), tuple([getattr(self, name) for name in self.__slots__])
