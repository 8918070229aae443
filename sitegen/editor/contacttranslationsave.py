"""Saving a directory translation from the editor: its words only, checked as the build checks
a translation against its original, written in place; `contacts.lock` is never read or written
(a translation holds no facts)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sitegen.content.contactfiles import directory_from_text, translation_from_text
from sitegen.editor.contacts import read_form, top_field_at
from sitegen.editor.contactsave import NotSaved
from sitegen.editor.contacttranslation import (
    TranslationForm,
    compose_translation,
    read_translation,
    words_id,
)
from sitegen.editor.pages import FormError, decoded, read_utf8
from sitegen.editor.store import Conflict, Saved, save, text_hash
from sitegen.errors import Problems, SiteError
from sitegen.read.config import load_config


@dataclass(frozen=True)
class Translated:
    """What a translation's form sent: the version opened, and its words by entry id."""

    hash: str
    top: dict[str, str]
    words: dict[str, dict[str, str]]


@dataclass(frozen=True)
class Files:
    """The translation (site-relative and on disk), its language and its original."""

    relative: str
    path: Path
    lang: str
    original: str


def open_translation(site_dir: Path, files: Files, text: str) -> TranslationForm:
    """Read a translation and its original into the form."""
    original = read_form(read_utf8(site_dir, files.original), files.original)
    return read_translation(text, files.relative, files.lang, original)


def save_translation(
    site_dir: Path, files: Files, submitted: Translated, now: dt.datetime
) -> Saved | NotSaved | Conflict:
    """Check the form's words, and write them into the translation."""
    old = files.path.read_bytes()
    if text_hash(old) != submitted.hash:
        mine = json.dumps(submitted.words, ensure_ascii=False, indent=1)
        return Conflict(on_disk=old.decode("utf-8", "replace"), mine=mine)
    try:
        text = decoded(old, files.relative)
        form = open_translation(site_dir, files, text)
        new_text = compose_translation(text, form, submitted.top, submitted.words)
    except FormError as error:
        return NotSaved((error,), ())
    except SiteError as error:
        return NotSaved((FormError("directory", str(error)),), ())
    problems = _file_problems(site_dir, files, form, new_text)
    if problems:
        return NotSaved(tuple(problems), ())
    return save(site_dir, files.relative, files.path, new_text, submitted.hash, now)


def _file_problems(
    site_dir: Path, files: Files, form: TranslationForm, text: str
) -> list[FormError]:
    """Check the new text as the build checks a translation; return its errors at their fields."""
    problems = Problems()
    region = load_config(site_dir).region
    original_text = read_utf8(site_dir, files.original)
    original = directory_from_text(
        original_text, files.original, Path(files.original).stem, region, Problems()
    )
    entries = () if original is None else original.entries
    translation_from_text(text, files.relative, files.lang, files.original, entries, problems)
    again = read_translation(text, files.relative, files.lang, form.original)
    return [FormError(_field_at(again, e.ref.line), e.message) for e in problems.errors]


def _field_at(form: TranslationForm, line: int | None) -> str:
    if (top := top_field_at(form.top, line)) is not None:
        return top
    for entry in form.entries:
        for shown in entry.fields.values():
            if shown.line is not None and shown.line == line:
                return words_id(entry.original.id, shown.key)
    return "directory"
