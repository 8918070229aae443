"""`contacts.lock`: the committed record of every phone number, web and e-mail address published.

A hotline number changed by a slip or by an attacker is the worst thing sitegen can publish, so
the facts of the contact directories are compared with a record a person accepted. A build
never writes the record: only `python build.py contacts accept` does, and it says what changed.

The file is plain text, one fact a line, sorted, so a change shows clearly in a review:

    reporting/anti-terrorist-hotline phone tel:+44800789321
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.content.contacts import ContactEntry, Directory
from sitegen.errors import Problems, SiteError, SourceRef
from sitegen.read.config import load_config
from sitegen.read.discover import discover
from sitegen.site.model import build_model
from sitegen.textfile import read_text

LOCK_NAME = "contacts.lock"
ACCEPT_COMMAND = "python build.py contacts accept"
KINDS = ("phone", "url", "email")
_HEADER = (
    "# contacts.lock: every phone number, web address and e-mail address this site publishes.",
    f"# Written by `{ACCEPT_COMMAND}`. A build stops when the contact files differ from it.",
    "# Review a change to this file as carefully as a change to the numbers themselves.",
)
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9_-]*")
_VALUE = re.compile(r"\S+")


@dataclass(frozen=True, order=True)
class Fact:
    """One published fact: `reporting/hotline phone tel:+44800789321`, and where it is written."""

    key: str  # "<directory id>/<entry id>"
    kind: str  # "phone", "url" or "email"
    value: str  # the tel: link, the web address or the e-mail address
    ref: SourceRef = field(compare=False)

    def line(self) -> str:
        """Return the fact as its line in `contacts.lock`."""
        return f"{self.key} {self.kind} {self.value}"


@dataclass(frozen=True)
class LockDiff:
    """How the site's facts differ from the record: (old, new) pairs for changed facts."""

    added: tuple[Fact, ...]
    removed: tuple[Fact, ...]
    changed: tuple[tuple[Fact, Fact], ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def lines(self) -> list[str]:
        """Describe the difference one fact a line: `+ added`, `- removed`, `~ old -> new`."""
        shown = [(f.key, f.kind, f"+ {f.line()}  ({f.ref})") for f in self.added]
        shown += [(f.key, f.kind, f"- {f.line()}") for f in self.removed]
        shown += [
            (new.key, new.kind, f"~ {new.key} {new.kind} {old.value} -> {new.value}  ({new.ref})")
            for old, new in self.changed
        ]
        return [text for *_, text in sorted(shown)]


@dataclass(frozen=True)
class AcceptResult:
    """What `contacts accept` recorded."""

    path: Path
    facts: tuple[Fact, ...]
    diff: LockDiff
    created: bool

    def report(self) -> str:
        """Return the lines printed by `contacts accept`."""
        if self.diff.empty:
            return f"{LOCK_NAME} already records these {len(self.facts)} facts; nothing changed."
        verb = "Created" if self.created else "Updated"
        counts = (
            f"{len(self.diff.added)} added, {len(self.diff.removed)} removed, "
            f"{len(self.diff.changed)} changed"
        )
        head = f"{verb} {LOCK_NAME} with {len(self.facts)} contact facts ({counts}):"
        return "\n".join([head, *("  " + line for line in self.diff.lines())])


# -- the site's facts ------------------------------------------------------------------------


def contact_facts(directories: Mapping[str, Directory]) -> tuple[Fact, ...]:
    """List every phone number, web address and e-mail address of the directories, sorted."""
    facts = [
        fact
        for directory in directories.values()
        for entry in directory.entries
        for fact in _entry_facts(directory.id, entry)
    ]
    return tuple(sorted(facts))


def _entry_facts(directory_id: str, entry: ContactEntry) -> list[Fact]:
    key = f"{directory_id}/{entry.id}"
    values = (entry.phone.tel if entry.phone else "", entry.url, entry.email)
    # The entry's first line: ContactEntry keeps no line per field.
    pairs = zip(KINDS, values, strict=True)
    return [Fact(key, kind, value, entry.ref) for kind, value in pairs if value]


# -- the record ------------------------------------------------------------------------------


def format_lock(facts: Iterable[Fact]) -> str:
    """Return the text of `contacts.lock` for these facts: a header, then one sorted line each."""
    lines = sorted({fact.line() for fact in facts})
    return "\n".join([*_HEADER, *lines]) + "\n"


def read_lock(site_dir: Path) -> tuple[Fact, ...] | None:
    """Read `contacts.lock` (None if there is none); raise SiteError naming each bad line."""
    path = site_dir / LOCK_NAME
    if not path.exists():
        return None
    text = read_text(path, LOCK_NAME)
    problems = Problems()
    facts: dict[tuple[str, str], Fact] = {}
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fact = _parse_line(line, SourceRef(LOCK_NAME, number), problems)
        if fact is None:
            continue
        first = facts.setdefault((fact.key, fact.kind), fact)
        if first is not fact:
            problems.error(
                fact.ref,
                f"the {fact.kind} of '{fact.key}' is recorded twice, at lines {first.ref.line} "
                f"and {number}: run `{ACCEPT_COMMAND}` to rewrite the file",
            )
    problems.raise_if_errors()
    return tuple(sorted(facts.values()))


def _parse_line(line: str, ref: SourceRef, problems: Problems) -> Fact | None:
    parts = line.split()
    if len(parts) == 3 and _KEY.fullmatch(parts[0]) and parts[1] in KINDS:
        return Fact(parts[0], parts[1], parts[2], ref)
    problems.error(
        ref,
        f"cannot read this line of {LOCK_NAME}: {line[:80]!r}; each line is "
        "'<directory>/<entry> phone|url|email <value>'. Do not edit the file by hand: "
        f"run `{ACCEPT_COMMAND}` to rewrite it",
    )
    return None


def compare(recorded: Iterable[Fact], current: Iterable[Fact]) -> LockDiff:
    """Return how `current` facts differ from the `recorded` ones."""
    old = {(f.key, f.kind): f for f in recorded}
    new = {(f.key, f.kind): f for f in current}
    return LockDiff(
        added=tuple(new[k] for k in sorted(new.keys() - old.keys())),
        removed=tuple(old[k] for k in sorted(old.keys() - new.keys())),
        changed=tuple(
            (old[k], new[k])
            for k in sorted(old.keys() & new.keys())
            if old[k].value != new[k].value
        ),
    )


# -- the build's check -----------------------------------------------------------------------


def check_contact_lock(
    site_dir: Path, directories: Mapping[str, Directory], problems: Problems
) -> None:
    """Report every difference between the directories and `contacts.lock` as an error.

    With no lock file, warn (once there are facts to lock) and go on. If earlier stages found
    errors the facts are incomplete, so the comparison waits until those are fixed.
    """
    if problems.errors:
        return
    facts = contact_facts(directories)
    try:
        recorded = read_lock(site_dir)
    except SiteError as error:
        problems.extend(error.problems)
        return
    if recorded is None:
        if facts:
            problems.warning(
                SourceRef(LOCK_NAME),
                f"{LOCK_NAME} missing: run `{ACCEPT_COMMAND}` to lock {len(facts)} facts "
                "(phone numbers, web and e-mail addresses), so a changed number stops the build",
            )
        return
    diff = compare(recorded, facts)
    for fact in diff.added:
        problems.error(fact.ref, f"{_what(fact)} is new: {LOCK_NAME} does not record it. {_ADVICE}")
    for old, new in diff.changed:
        problems.error(
            new.ref,
            f"{_what(new)} changed: {LOCK_NAME}:{old.ref.line} records {old.value}. {_ADVICE}",
        )
    for fact in diff.removed:
        problems.error(
            _removed_ref(fact, directories),
            f"{_what(fact)}, recorded at {LOCK_NAME}:{fact.ref.line}, is no longer in the "
            f"contact files. {_ADVICE}",
        )


_ADVICE = (
    "If the contact file is wrong, correct it; if the change is intended, check it against the "
    f"service's own website, then run `{ACCEPT_COMMAND}`"
)


def _what(fact: Fact) -> str:
    directory, entry = fact.key.split("/", 1)
    noun = {"phone": "phone number", "url": "web address", "email": "e-mail address"}[fact.kind]
    return f"the {noun} {fact.value} of entry '{entry}' in directory '{directory}'"


def _removed_ref(fact: Fact, directories: Mapping[str, Directory]) -> SourceRef:
    """Point at the entry (or its directory) that lost the fact, else at the lock's line."""
    directory_id, entry_id = fact.key.split("/", 1)
    directory = directories.get(directory_id)
    if directory is None:
        return fact.ref
    for entry in directory.entries:
        if entry.id == entry_id:
            return entry.ref
    return directory.ref


# -- accepting -------------------------------------------------------------------------------


def site_facts(site_dir: Path, *, now: dt.datetime | None = None) -> tuple[Fact, ...]:
    """Return the facts the site's directories publish; raise SiteError if the site has errors."""
    problems = Problems()
    config = load_config(site_dir)
    sources = discover(site_dir, config.languages, problems)
    site = build_model(config, sources, problems, now or dt.datetime.now(tz=dt.UTC))
    problems.raise_if_errors()
    return contact_facts(site.directories)


def accept_contacts(site_dir: Path, *, now: dt.datetime | None = None) -> AcceptResult:
    """Record the site's facts in `contacts.lock`; raise SiteError if the site has errors."""
    facts = site_facts(site_dir, now=now)
    try:
        recorded = read_lock(site_dir)
    except SiteError:
        recorded = None  # an unreadable record is replaced whole; every fact is shown as added
    diff = compare(recorded or (), facts)
    path = site_dir / LOCK_NAME
    if not diff.empty or recorded is None:
        _write_atomic(path, format_lock(facts).encode("utf-8"))
    return AcceptResult(path, facts, diff, created=recorded is None)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write `path` through a temporary file beside it, so a crash leaves the old record whole."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temporary, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
