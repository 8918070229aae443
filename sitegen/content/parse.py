"""Read every Markdown source into a `Doc`, on every core, through the parse index.

A file whose stamp the index remembers is not even read; the others are read, fingerprinted
and, if their fingerprint is new, parsed, each by the worker that reads it, which packs the
bodies it made into one cache file. One file on its own is parsed in `parsefile`; a `Doc` and
the store its body is read back from are in `doc`; what the index keeps is in `parseindex`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

from sitegen.content.doc import BodyStore, Doc
from sitegen.content.linkedhtml import LinkedHtml
from sitegen.content.parsefile import PARSED_FORMAT, parse_context, parse_file, parse_key, read_raw
from sitegen.content.parseindex import FileStamp, Outcome, ParseIndex
from sitegen.errors import Problems, SiteError
from sitegen.incremental.cache import Cache, Place, fingerprint, is_settled
from sitegen.incremental.parallel import parallel_batches
from sitegen.progress import NO_PROGRESS, Progress
from sitegen.read.config import SiteConfig
from sitegen.read.discover import SourceFile
from sitegen.textfile import read_regular


@dataclass(frozen=True)
class ParseState:
    """What every parse needs; shared read-only with worker processes."""

    config: SiteConfig
    cache: Cache
    bodies: BodyStore
    index: ParseIndex

    @classmethod
    def create(cls, config: SiteConfig, cache: Cache) -> ParseState:
        index = ParseIndex.load(cache)
        return cls(config, cache, BodyStore(cache, config, places=index.places), index)


def parse_docs(
    sources: list[SourceFile],
    state: ParseState,
    problems: Problems,
    progress: Progress = NO_PROGRESS,
) -> list[Doc | None]:
    """Parse many sources on every core (cached); problems are reported in source order.

    `progress` is told how many files must be read, and each batch read (a progress line).

    A file whose stamp is remembered is not read; the others are read, fingerprinted and, if
    their fingerprint is new, parsed, all by the worker that reads them (reading and hashing
    thousands of files is work too).
    """
    index = state.index
    taken_ns = time.time_ns()  # before any stamp: a stamp is remembered only if settled by then
    known = [_remembered_key(source, state) for source in sources]
    todo = [
        (position, source, key)
        for position, (source, key) in enumerate(zip(sources, known, strict=True))
        if key is None or key not in index.outcomes
    ]
    keys = list(known)
    progress.total(len(todo))
    found = parallel_batches(
        _read_batch, state, [(source, key) for _, source, key in todo], on_done=progress.advance
    )
    for (position, source, _), (key, stamp, outcome, body, place) in zip(todo, found, strict=True):
        keys[position] = key
        if (
            stamp is not None
            and is_settled(stamp[1], stamp[2], taken_ns)
            and index.stamps.get(_stamp_path(source, state)) != (stamp, key)
        ):
            index.restamp(_stamp_path(source, state), stamp, key)
        if outcome is not None and key not in index.outcomes:
            index.add(key, outcome)
        if place is not None:
            index.place(key, place)
        elif body is not None:
            state.bodies.memory[key] = body
    docs = []
    for source, maybe_key in zip(sources, keys, strict=True):
        assert maybe_key is not None  # every file not known by its stamp was read above
        key = maybe_key
        parsed, seen = index.outcomes[key]
        index.used.add(key)
        problems.extend(seen)
        docs.append(
            None
            if parsed is None
            else Doc(
                source, parsed.meta, parsed.body, parsed.words, parsed.shown, key, state.bodies
            )
        )
    return docs


def _stamp_path(source: SourceFile, state: ParseState) -> str:
    """The name a file's stamp is remembered under: its path and how it is read.

    A key is remembered for the file as read in one way (its place, role, language and the
    Markdown options), so a changed setting reads the file again.
    """
    return f"{source.file}\n{parse_context(source, state.config)}"


def _remembered_key(source: SourceFile, state: ParseState) -> str | None:
    """Return a source's key if its stamp is the one remembered (None: it must be read).

    A body gone from the cache is made again when it is needed.
    """
    remembered = state.index.stamps.get(_stamp_path(source, state))
    if remembered is None:
        return None
    stamp = _stamp(source.file)
    return remembered[1] if stamp is not None and remembered[0] == stamp else None


# What reading one file gives: its key, its stamp (taken before reading), the parse outcome if
# its key was not known, and its body (when parsed) or where the body was packed.
ReadOutcome = tuple[str, FileStamp | None, Outcome | None, LinkedHtml | None, Place | None]


def _read_batch(
    state: ParseState, items: Sequence[tuple[SourceFile, str | None]]
) -> list[ReadOutcome]:
    """Read a batch of files (in a worker), and pack the bodies parsed into one cache file.

    The bodies travel back to the parent only when they could not be stored.
    """
    read = [_read_one(state, item) for item in items]
    bodies = {n: outcome[3] for n, outcome in enumerate(read) if outcome[3] is not None}
    places = state.cache.put_pack([body.parts for body in bodies.values()]) if bodies else None
    if places is None:
        return read
    for n, place in zip(bodies, places, strict=True):
        key, stamp, outcome, _, _ = read[n]
        read[n] = (key, stamp, outcome, None, place)
    return read


def _read_one(state: ParseState, item: tuple[SourceFile, str | None]) -> ReadOutcome:
    """Read one file: fingerprint it, and parse it if its key is not known."""
    source, key = item
    stamp = _stamp(source.file)
    raw = read_raw(source)
    if raw is None:
        unreadable = fingerprint(PARSED_FORMAT, "unreadable", _stamp_path(source, state))
        outcome, _ = _parse_one(state, source, None)
        return unreadable, None, outcome, None, None
    key = parse_key(source, raw, state.config)
    if key in state.index.outcomes:
        return key, stamp, None, None, None
    outcome, body = _parse_one(state, source, raw)
    return key, stamp, outcome, body, None


def _stamp(path: str) -> FileStamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _parse_one(
    state: ParseState, source: SourceFile, raw: bytes | None
) -> tuple[Outcome, LinkedHtml | None]:
    """Parse one file (`raw` None: it could not be read); return the outcome and the body."""
    try:
        raw = read_regular(source.file, source.ref.path) if raw is None else raw
    except SiteError as exc:
        return (None, exc.problems), None
    problems = Problems()
    parsed = parse_file(source, state.config, problems, raw)
    if parsed is None:
        return (None, tuple(problems.items)), None
    return (parsed[0], tuple(problems.items)), parsed[1]
