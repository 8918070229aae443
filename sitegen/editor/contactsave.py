"""Saving a contact directory from the editor, and recording changed facts in `contacts.lock`.

A changed phone number, web or e-mail address is written only once it was typed twice, and
then `contacts.lock` is brought up to date by `sitegen contacts accept`'s own code
(`site.lock.accept_contacts`). So that accepting records nothing but what was typed twice, the
editor refuses a changed fact while the lock already differs from the contact files, and puts
both files back if accepting records anything else. A change of words only never reads or
writes the lock. A new entry's facts count as changed facts (typed twice); removing an entry
is confirmed by typing its id and takes its facts out of the lock by the same path.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.content.contactfiles import directory_from_text
from sitegen.editor.contactremove import removal_problems
from sitegen.editor.contacts import (
    DirectoryForm,
    FactChange,
    fact_changes,
    field_id,
    read_form,
    top_field_at,
    unconfirmed,
)
from sitegen.editor.contactwrite import compose, new_entry_problems
from sitegen.editor.pages import FormError, decoded
from sitegen.editor.store import Conflict, atomic_write, keep_version, save, text_hash
from sitegen.errors import Problems, SiteError
from sitegen.read.config import load_config
from sitegen.site.lock import (
    ACCEPT_COMMAND,
    LOCK_NAME,
    AcceptResult,
    LockDiff,
    accept_contacts,
    compare,
    contact_facts,
    read_lock,
    site_facts,
)


@dataclass(frozen=True)
class Submitted:
    """What the directory form sent: the version opened, its values and the typed-again facts."""

    hash: str
    values: dict[int, dict[str, str]]
    confirmations: dict[int, dict[str, str]]
    top: dict[str, str] = field(default_factory=dict)  # the title and introduction
    added: dict[int, dict[str, str]] = field(default_factory=dict)  # new entries, by number
    removed: int | None = None  # the entry to remove, confirmed by its id typed again
    removal_typed: str = ""


@dataclass(frozen=True)
class NotSaved:
    """Nothing was written: every problem at its field ("directory" for the file as a whole)."""

    problems: tuple[FormError, ...]
    confirm: tuple[str, ...]  # the fields that must be typed again


@dataclass(frozen=True)
class DirectorySaved:
    """The directory written, and what `contacts.lock` now records (None: not touched)."""

    hash: str
    history_entry: str
    lock: AcceptResult | None
    lock_entry: str


def save_directory(
    site_dir: Path, relative: str, path: Path, submitted: Submitted, now: dt.datetime
) -> DirectorySaved | NotSaved | Conflict:
    """Check the form's changes, write the directory and, for changed facts, the lock."""
    old = path.read_bytes()
    if text_hash(old) != submitted.hash:
        mine = json.dumps(submitted.values, ensure_ascii=False, indent=1)
        return Conflict(on_disk=old.decode("utf-8", "replace"), mine=mine)
    try:
        text = decoded(old, relative)
        form = read_form(text, relative)
        problems = _form_problems(site_dir, relative, form, submitted)
        if problems:
            return NotSaved(tuple(problems), ())
        new_text = compose(
            text,
            form,
            submitted.values,
            top=submitted.top,
            added=submitted.added,
            removed=submitted.removed,
        )
    except FormError as error:
        return NotSaved((error,), ())
    except SiteError as error:
        return NotSaved((FormError("directory", str(error)),), ())
    changes = fact_changes(form, submitted.values, submitted.added)
    problems = _file_problems(site_dir, relative, new_text)
    problems += unconfirmed(changes, submitted.confirmations)
    removes_facts = submitted.removed is not None and _has_facts(form, submitted.removed)
    if not problems and (changes or removes_facts):
        problems += _lock_refusals(site_dir)
    if problems:
        return NotSaved(tuple(problems), tuple(field_id(c.index, c.key) for c in changes))
    outcome = save(site_dir, relative, path, new_text, submitted.hash, now)
    if isinstance(outcome, Conflict) or not (changes or removes_facts):
        return (
            outcome
            if isinstance(outcome, Conflict)
            else _saved(outcome.hash, outcome.history_entry)
        )
    return _record(site_dir, relative, path, (old, new_text), changes, outcome.history_entry, now)


def _form_problems(
    site_dir: Path, relative: str, form: DirectoryForm, submitted: Submitted
) -> list[FormError]:
    """Check what the form asks beyond values: new entries' ids, and a removal."""
    problems = new_entry_problems(form, submitted.added)
    if submitted.removed is None:
        return problems
    if submitted.values or submitted.top or submitted.added:
        return [
            FormError(
                "directory", "remove an entry on its own: save or undo your other changes first"
            )
        ]
    return removal_problems(site_dir, relative, form, submitted.removed, submitted.removal_typed)


def _has_facts(form: DirectoryForm, index: int) -> bool:
    entry = form.entries[index]
    return any(entry.fields[key].value for key in ("phone", "url", "email"))


def _saved(hash_: str, entry: str) -> DirectorySaved:
    return DirectorySaved(hash_, entry, None, "")


def _file_problems(site_dir: Path, relative: str, text: str) -> list[FormError]:
    """Check the new text as the build checks a directory; return its errors at their fields."""
    problems = Problems()
    region = load_config(site_dir).region
    directory_from_text(text, relative, Path(relative).stem, region, problems)
    form = read_form(text, relative)
    return [FormError(_field_at(form, error.ref.line), error.message) for error in problems.errors]


def _field_at(form: DirectoryForm, line: int | None) -> str:
    if (top := top_field_at(form.top, line)) is not None:
        return top
    for entry in form.entries:
        for shown in entry.fields.values():
            if shown.line is not None and shown.line == line:
                return field_id(entry.index, shown.key)
    for entry in form.entries:
        if entry.line == line:
            return field_id(entry.index, "id")
    return "directory"


def _lock_refusals(site_dir: Path) -> list[FormError]:
    """Refuse to accept while the lock and the contact files already differ (or cannot be read):
    accepting then would record changes nobody typed twice."""
    try:
        recorded = read_lock(site_dir)
        current = site_facts(site_dir)
    except SiteError as error:
        first = error.errors[0] if error.errors else None
        shown = f"{first.ref}: {first.message}" if first else str(error)
        return [
            FormError(
                "directory",
                f"the site has errors, so {LOCK_NAME} cannot be "
                f"updated; fix them first (`sitegen check`): {shown}",
            )
        ]
    if recorded is None:
        return [
            FormError(
                "directory",
                f"this site has no {LOCK_NAME} yet: run "
                f"`{ACCEPT_COMMAND}` once to record its facts, then save again",
            )
        ]
    pending = compare(recorded, current)
    if pending.empty:
        return []
    return [
        FormError(
            "directory",
            f"{LOCK_NAME} already differs from the contact files "
            "(changes not made here): "
            + "; ".join(pending.lines())
            + f". Check them, run `{ACCEPT_COMMAND}`, then save again",
        )
    ]


def _record(
    site_dir: Path,
    relative: str,
    path: Path,
    texts: tuple[bytes, str],
    changes: tuple[FactChange, ...],
    entry: str,
    now: dt.datetime,
) -> DirectorySaved | NotSaved:
    """Accept the new facts as `contacts accept` does; undo both files if that records more."""
    lock_path = site_dir / LOCK_NAME
    lock_before = lock_path.read_bytes()
    expected = _expected(site_dir, relative, texts)
    lock_entry = keep_version(site_dir, LOCK_NAME, lock_path, now)
    try:
        result = accept_contacts(site_dir, now=now)
    except SiteError as error:
        atomic_write(path, texts[0])
        return NotSaved((FormError("directory", f"not saved: {error}"),), ())
    if _changed(result) != expected:
        atomic_write(path, texts[0])
        atomic_write(lock_path, lock_before)
        return NotSaved(
            (
                FormError(
                    "directory",
                    "other contact facts changed while saving; nothing was "
                    f"kept. Check the contact files and `{LOCK_NAME}`, then try again",
                ),
            ),
            tuple(field_id(c.index, c.key) for c in changes),
        )
    return DirectorySaved(text_hash(texts[1].encode("utf-8")), entry, result, lock_entry)


def _expected(site_dir: Path, relative: str, texts: tuple[bytes, str]) -> set[tuple[str, ...]]:
    """Return how the lock should change: this directory's facts before and after."""
    region = load_config(site_dir).region
    ident = Path(relative).stem
    before = directory_from_text(texts[0].decode("utf-8"), relative, ident, region, Problems())
    after = directory_from_text(texts[1], relative, ident, region, Problems())
    old = contact_facts({ident: before} if before else {})
    new = contact_facts({ident: after} if after else {})
    return _changed_facts(compare(old, new))


def _changed(result: AcceptResult) -> set[tuple[str, ...]]:
    return _changed_facts(result.diff)


def _changed_facts(diff: LockDiff) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = {("+", f.key, f.kind, f.value) for f in diff.added}
    found |= {("-", f.key, f.kind, f.value) for f in diff.removed}
    found |= {("~", new.key, new.kind, old.value, new.value) for old, new in diff.changed}
    return found
