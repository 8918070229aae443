"""The parse index: every parse outcome of earlier builds, kept in the cache between builds.

A build whose sources are unchanged reads one index file instead of parsing anything; one that
parsed a few files writes only those.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from sitegen.content.parsefile import PARSED_FORMAT, Parsed
from sitegen.errors import Problem
from sitegen.incremental.cache import Cache, Place

INDEX_NAME = "parsed-index"
INDEX_CHANGES_NAME = "parsed-index-changes"

# What parsing a file gives: the parsed file (None if unusable) and the problems found.
Outcome = tuple[Parsed | None, tuple[Problem, ...]]
# The file's identity on disk when it was read: (size, mtime_ns, ctime_ns, inode).
FileStamp = tuple[int, int, int, int]


@dataclass
class ParseIndex:
    """Every parse outcome of the previous builds by key, each file's key by its stamp, and
    where each key's body is packed.

    Read once per build: a file whose stamp is unchanged is not even read, and a file whose key
    is known is not parsed. Kept as a base file plus a small file of what changed since, so a
    build that parsed a few files writes only those (the base is rewritten, dropping outcomes no
    longer used and the packs that hold none of their bodies, once the changes grow past a
    fraction of it).
    """

    outcomes: dict[str, Outcome] = field(default_factory=dict)
    stamps: dict[str, tuple[FileStamp, str]] = field(default_factory=dict)  # by path and context
    places: dict[str, Place] = field(default_factory=dict)  # bodies by key
    used: set[str] = field(default_factory=set)
    base: str = ""  # names the base file the changes apply to ("" when there is none)
    added: dict[str, Outcome] = field(default_factory=dict)  # outcomes not in the base
    restamped: dict[str, tuple[FileStamp, str]] = field(default_factory=dict)  # not in the base
    placed: dict[str, Place] = field(default_factory=dict)  # places not in the base
    dirty: bool = False  # something was added, restamped or placed by this build

    @classmethod
    def load(cls, cache: Cache) -> ParseIndex:
        """Read the index from the cache (an empty one when absent or unreadable).

        In a warm process (see `build.WarmState`) the cache hands back the dicts it read or
        wrote last time, and this build adds to them. That is safe: they only ever gain entries,
        and each entry is a fact about a fingerprint or a file stamp, true whoever reads it.
        """
        base = cache.get(INDEX_NAME, remember=True)
        if not _is_index_file(base):
            return cls()
        index = cls(outcomes=base[2], stamps=base[3], places=base[4], base=base[1])
        changes = cache.get(INDEX_CHANGES_NAME, remember=True)
        if _is_index_file(changes) and changes[1] == base[1]:
            index.added, index.restamped, index.placed = changes[2], changes[3], changes[4]
            index.outcomes.update(index.added)
            index.stamps.update(index.restamped)
            index.places.update(index.placed)
        return index

    def add(self, key: str, outcome: Outcome) -> None:
        """Remember a new parse outcome."""
        self.outcomes[key] = self.added[key] = outcome
        self.dirty = True

    def restamp(self, path: str, stamp: FileStamp, key: str) -> None:
        """Remember a file's stamp and key."""
        self.stamps[path] = self.restamped[path] = (stamp, key)
        self.dirty = True

    def place(self, key: str, place: Place) -> None:
        """Remember where a key's body is packed."""
        self.places[key] = self.placed[key] = place
        self.dirty = True

    def save(self, cache: Cache) -> None:
        """Write what changed: the changes file, or a new base once changes are many."""
        if not self.dirty:
            return
        changes = len(self.added) + len(self.restamped) + len(self.placed)
        if self.base and changes <= max(64, len(self.outcomes) // 20):
            cache.put(
                INDEX_CHANGES_NAME,
                (PARSED_FORMAT, self.base, self.added, self.restamped, self.placed),
                remember=True,
            )
            return
        outcomes = {key: self.outcomes[key] for key in sorted(self.used) if key in self.outcomes}
        stamps = {path: entry for path, entry in self.stamps.items() if entry[1] in outcomes}
        places = {key: self.places[key] for key in outcomes if key in self.places}
        base = secrets.token_hex(8)
        if cache.put(INDEX_NAME, (PARSED_FORMAT, base, outcomes, stamps, places), remember=True):
            cache.put(INDEX_CHANGES_NAME, (PARSED_FORMAT, base, {}, {}, {}), remember=True)
            cache.prune_packs({place[0] for place in places.values()})


def _is_index_file(
    value: Any,
) -> TypeGuard[tuple[str, str, dict[str, Any], dict[str, Any], dict[str, Any]]]:
    """Whether a value read from the cache has the shape of an index base or changes file."""
    return (
        isinstance(value, tuple)
        and len(value) == 5
        and value[0] == PARSED_FORMAT
        and isinstance(value[1], str)
        and all(isinstance(part, dict) for part in value[2:])
    )
