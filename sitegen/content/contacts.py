"""Contact directories ("who to call"): what a directory holds, and its words in a language.

A directory holds the facts (phone numbers, web and e-mail addresses) once, in the default
language; a translation holds only words, keyed by entry id, so a translator can never change a
number. `localise` gives every word in one language, each untranslated word falling back to the
default language's. The files are read and checked in `contactfiles`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sitegen.errors import SourceRef
from sitegen.i18n.phones import Phone


@dataclass(frozen=True)
class ContactEntry:
    """One organisation or service in a directory, in the default language."""

    id: str
    name: str
    phone: Phone | None
    url: str
    email: str
    address: str
    when: str
    hours: str
    ref: SourceRef


@dataclass(frozen=True)
class EntryWords:
    """The translated words of one entry (empty = not translated)."""

    name: str
    when: str
    hours: str
    address: str


@dataclass(frozen=True)
class DirectoryTranslation:
    """The words of a directory in one other language."""

    lang: str
    title: str
    intro: str
    entries: dict[str, EntryWords]
    ref: SourceRef
    translation_of: str = ""  # fingerprint of the original's words it was made from


@dataclass(frozen=True)
class Directory:
    """A directory as written in the default language, with its translations by language."""

    id: str
    title: str
    intro: str
    entries: tuple[ContactEntry, ...]
    ref: SourceRef
    translations: dict[str, DirectoryTranslation]
    reviewed: dt.date | None = None  # when its numbers were last checked
    review_by: dt.date | None = None
    review_lines: dict[str, int] = field(default_factory=dict)  # where those two are written


@dataclass(frozen=True)
class LocalisedEntry:
    """An entry's words in one language; `translated` is False if any word fell back."""

    entry: ContactEntry
    name: str
    when: str
    hours: str
    address: str
    translated: bool


@dataclass(frozen=True)
class LocalisedDirectory:
    """A directory's words in one language; `translated` is False if any word fell back."""

    directory: Directory
    lang: str
    title: str
    intro: str
    entries: tuple[LocalisedEntry, ...]
    translated: bool


def localise(directory: Directory, lang: str) -> LocalisedDirectory:
    """Return the directory's words in `lang`, each untranslated word falling back to the default.

    With no translation for `lang` (as for the default language itself) every word is the
    default-language word and `translated` is False.
    """
    translation = directory.translations.get(lang)
    if translation is None:
        translation = DirectoryTranslation(lang, "", "", {}, directory.ref)
    title, title_done = _pick(translation.title, directory.title)
    intro, intro_done = _pick(translation.intro, directory.intro)
    entries = tuple(
        _localise_entry(entry, translation.entries.get(entry.id)) for entry in directory.entries
    )
    done = title_done and intro_done and all(entry.translated for entry in entries)
    return LocalisedDirectory(directory, lang, title, intro, entries, done)


def _localise_entry(entry: ContactEntry, words: EntryWords | None) -> LocalisedEntry:
    words = words or EntryWords("", "", "", "")
    name, name_done = _pick(words.name, entry.name)
    when, when_done = _pick(words.when, entry.when)
    hours, hours_done = _pick(words.hours, entry.hours)
    address, address_done = _pick(words.address, entry.address)
    done = name_done and when_done and hours_done and address_done
    return LocalisedEntry(entry, name, when, hours, address, done)


def _pick(translated: str, default: str) -> tuple[str, bool]:
    """Return the word to show and whether it needed no fallback."""
    if translated or not default:
        return translated, True
    return default, False
