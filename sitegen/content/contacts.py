"""Contact directories ("who to call") and their translations, with word-by-word fallback.

A directory is `content/contacts/<id>.yaml` in the default language. It holds the facts (phone
numbers, web and e-mail addresses) once; a translation `content/contacts/<id>.<lang>.yaml`
holds only words, keyed by entry id, so a translator can never change a number.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sitegen.errors import Problems, SiteError, SourceRef
from sitegen.i18n.phones import Phone, parse_phone
from sitegen.read.schema import Field, Kind, Record, Schema, validate
from sitegen.read.yamlread import YList, YMap, load_yaml
from sitegen.textfile import read_text

_WORDS = ("name", "when", "hours", "address")
_FACTS = ("phone", "url", "email")

_ENTRY_FIELDS = (
    Field("id", Kind.TEXT, required=True, doc="A short name for the entry, such as police."),
    Field("name", Kind.TEXT, doc="Who this is, as readers know them."),
    Field("phone", Kind.TEXT, doc="The number to call, written as the service publishes it."),
    Field("url", Kind.TEXT, doc="Their web address, starting with https://."),
    Field("email", Kind.TEXT, doc="Their e-mail address."),
    Field("address", Kind.TEXT, doc="Where to find them."),
    Field("when", Kind.TEXT, doc="When to contact them, e.g. 'In an emergency'."),
    Field("hours", Kind.TEXT, doc="When they are open or answer the phone."),
)

DIRECTORY_SCHEMA = Schema(
    "contact directory",
    (
        Field("title", Kind.TEXT, required=True, doc="The directory's heading."),
        Field("intro", Kind.TEXT, doc="A sentence or two shown before the entries."),
        Field(
            "entries",
            Kind.LIST_OF_MAPPINGS,
            doc="The contacts, in the order readers see them.",
            fields=_ENTRY_FIELDS,
        ),
    ),
)

_ENTRY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_HOST_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")


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


def load_directory(
    default_file: Path,
    translation_files: Mapping[str, Path],
    site_root: Path,
    region: str,
    problems: Problems,
) -> Directory | None:
    """Read a directory and its translations, reporting every problem to `problems`.

    Return None if the default-language file cannot be read or is not a mapping.
    """
    path = _site_path(default_file, site_root)
    document = _read_mapping(default_file, path, problems)
    if document is None:
        return None
    record = validate(document, DIRECTORY_SCHEMA, path, problems)
    raw_entries = document.get("entries")
    entries = _entries(record.get("entries", ()), raw_entries, path, region, problems)
    translations = {}
    for lang, file in sorted(translation_files.items()):
        translation = _load_translation(file, lang, site_root, path, entries, problems)
        if translation is not None:
            translations[lang] = translation
    return Directory(
        id=_directory_id(default_file),
        title=record.get("title", ""),
        intro=record.get("intro", ""),
        entries=entries,
        ref=SourceRef(path, 1),
        translations=translations,
    )


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


# -- the default-language file ---------------------------------------------------------------


def _entries(
    records: tuple[Record, ...],
    raw_entries: Any,
    path: str,
    region: str,
    problems: Problems,
) -> tuple[ContactEntry, ...]:
    """Build the entries, checking ids, phone numbers and addresses."""
    raw_items = list(raw_entries) if isinstance(raw_entries, YList) else []
    entries: list[ContactEntry] = []
    first_line: dict[str, int | None] = {}
    for record, raw in zip(records, raw_items, strict=True):
        entry_id = record.get("id", "")
        id_line = record.lines.get("id", record.line)
        if not entry_id or not _check_id(entry_id, SourceRef(path, id_line), problems):
            continue
        if entry_id in first_line:
            problems.error(
                SourceRef(path, id_line),
                f"entry id '{entry_id}' is used twice, at lines {first_line[entry_id]} and "
                f"{id_line}: give each entry its own id",
            )
            continue
        first_line[entry_id] = id_line
        entries.append(_entry(record, raw, path, region, problems))
    return tuple(entries)


def _check_id(entry_id: str, ref: SourceRef, problems: Problems) -> bool:
    if _ENTRY_ID.fullmatch(entry_id):
        return True
    problems.error(
        ref,
        f"entry id '{entry_id}' may use only ASCII letters, digits, '-' and '_' "
        "(it is used in links): write it like 'police' or 'victim-support'",
    )
    return False


def _entry(record: Record, raw: Any, path: str, region: str, problems: Problems) -> ContactEntry:
    def ref(key: str) -> SourceRef:
        value = raw.get(key) if isinstance(raw, YMap) else None
        return SourceRef(path, getattr(value, "line", record.lines.get(key, record.line)))

    phone = _phone(record.get("phone", ""), region, ref("phone"), problems)
    url = record.get("url", "")
    if url and not _check_url(url, ref("url"), problems):
        url = ""
    email = record.get("email", "")
    if email and not _check_email(email, ref("email"), problems):
        email = ""
    return ContactEntry(
        id=record.get("id"),
        name=record.get("name", ""),
        phone=phone,
        url=url,
        email=email,
        address=record.get("address", ""),
        when=record.get("when", ""),
        hours=record.get("hours", ""),
        ref=SourceRef(path, record.line),
    )


def _phone(text: str, region: str, ref: SourceRef, problems: Problems) -> Phone | None:
    if not text:
        return None
    try:
        return parse_phone(text, region, ref)
    except SiteError as error:
        problems.extend(error.problems)
        return None


def _check_url(url: str, ref: SourceRef, problems: Problems) -> bool:
    """Report and return False unless `url` is an http(s) address with a plausible host."""
    reason = url_problem(url)
    if reason is None:
        return True
    problems.error(
        ref, f"web address '{url}' {reason}: write it like 'https://www.example.org/help'"
    )
    return False


def url_problem(url: str) -> str | None:
    if any(char.isspace() or not char.isprintable() for char in url):
        return "contains a space or an invisible character"
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return "is not a valid web address"
    if parts.scheme.lower() not in ("http", "https"):
        return "must start with https:// (or http://)"
    if "@" in parts.netloc:
        # "https://police.uk@example.com" goes to example.com: a known trick.
        return "must not contain '@' before the site name"
    if not port_ok:
        return "has an invalid port"
    host = parts.hostname or ""
    return None if _plausible_host(host) else f"has an invalid site name '{host}'"


def _check_email(email: str, ref: SourceRef, problems: Problems) -> bool:
    """Report and return False unless `email` looks like a deliverable address."""
    local, at, domain = email.rpartition("@")
    if at and _EMAIL_LOCAL.fullmatch(local) and _plausible_host(domain):
        return True
    problems.error(ref, f"e-mail address '{email}' is not valid: write it like 'help@example.org'")
    return False


def _plausible_host(host: str) -> bool:
    """Return True for a dotted host name whose labels do not start or end with '-'."""
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_host.split(".")
    if len(labels) < 2 or len(ascii_host) > 253:
        return False
    return all(len(label) <= 63 and _HOST_LABEL.fullmatch(label) for label in labels)


# -- translations ----------------------------------------------------------------------------


def _translation_schema(default_path: str) -> Schema:
    facts_here = (
        "phone numbers, web addresses and e-mail addresses are written once, in the "
        f"default-language file {default_path}"
    )
    entry_fields = tuple(
        Field(word, Kind.TEXT, doc=f"The entry's {word} in this language.") for word in _WORDS
    ) + tuple(
        Field(fact, Kind.TEXT, forbidden=f"'{fact}' does not belong in a translation: {facts_here}")
        for fact in _FACTS
    )
    return Schema(
        "contact directory translation",
        (
            Field(
                "translation_of",
                Kind.TEXT,
                doc="The fingerprint of the original's words this translation was made from.",
            ),
            Field("title", Kind.TEXT, doc="The directory's heading in this language."),
            Field("intro", Kind.TEXT, doc="The introduction in this language."),
            Field(
                "entries",
                Kind.MAP_OF_MAPPINGS,
                doc="The translated words of each entry, under the entry's id.",
                fields=entry_fields,
            ),
        ),
    )


def _load_translation(
    file: Path,
    lang: str,
    site_root: Path,
    default_path: str,
    entries: tuple[ContactEntry, ...],
    problems: Problems,
) -> DirectoryTranslation | None:
    path = _site_path(file, site_root)
    document = _read_mapping(file, path, problems)
    if document is None:
        return None
    if isinstance(document.get("entries"), YList):
        problems.error(
            SourceRef(path, document.key_lines["entries"]),
            "in a translation, 'entries' holds each entry id followed by its translated words "
            "('police:' then 'name: ...' indented under it), not a list",
        )
        return None
    record = validate(document, _translation_schema(default_path), path, problems)
    words: dict[str, EntryWords] = {}
    known = [entry.id for entry in entries]
    raw_entries = document.get("entries")
    for entry_id, entry_record in record.get("entries", {}).items():
        if entry_id not in known:
            line = raw_entries.key_lines.get(entry_id) if isinstance(raw_entries, YMap) else None
            problems.error(SourceRef(path, line), _unknown_entry(entry_id, known, default_path))
            continue
        words[entry_id] = EntryWords(*(entry_record.get(word, "") for word in _WORDS))
    return DirectoryTranslation(
        lang=lang,
        title=record.get("title", ""),
        intro=record.get("intro", ""),
        entries=words,
        ref=SourceRef(path, 1),
        translation_of=record.get("translation_of", ""),
    )


def _unknown_entry(entry_id: str, known: list[str], default_path: str) -> str:
    message = f"entry '{entry_id}' is not in {default_path}"
    close = difflib.get_close_matches(entry_id, known, n=1)
    if close:
        return f"{message} (did you mean '{close[0]}'?)"
    if known:
        return f"{message} (its entries are: {', '.join(known)})"
    return f"{message}, which has no entries"


# -- files -----------------------------------------------------------------------------------


def _read_mapping(file: Path, path: str, problems: Problems) -> YMap | None:
    """Return the file's top-level mapping, or None after reporting why there is none."""
    try:
        document = load_yaml(read_text(file, path), path)
    except SiteError as error:
        problems.extend(error.problems)
        return None
    if isinstance(document, YMap):
        return document
    problems.error(
        SourceRef(path, getattr(document, "line", 1)),
        "a contact directory must be 'key: value' lines, starting with 'title:'",
    )
    return None


def _site_path(file: Path, site_root: Path) -> str:
    try:
        return file.relative_to(site_root).as_posix()
    except ValueError:
        return file.as_posix()


def _directory_id(default_file: Path) -> str:
    return default_file.name.removesuffix(".yaml")
