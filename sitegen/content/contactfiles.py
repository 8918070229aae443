"""Read and check a contact directory's files: the default-language one and its translations.

A directory is `content/contacts/<id>.yaml` in the default language. It holds the facts (phone
numbers, web and e-mail addresses) once; a translation `content/contacts/<id>.<lang>.yaml`
holds only words, keyed by entry id, so a translator can never change a number.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from sitegen.content.addresses import check_email, check_url
from sitegen.content.contacts import ContactEntry, Directory, DirectoryTranslation, EntryWords
from sitegen.errors import Problems, SiteError, SourceRef
from sitegen.i18n.phones import Phone, parse_phone
from sitegen.read.schema import (
    NAME_LIMIT,
    SUMMARY_LIMIT,
    TEXT_LIMIT,
    TITLE_LIMIT,
    Field,
    Kind,
    Schema,
)
from sitegen.read.validate import Record, validate
from sitegen.read.yamlread import YList, YMap, load_yaml
from sitegen.textfile import read_text

_WORDS = ("name", "when", "hours", "address")
TRANSLATED_WORDS = _WORDS  # what a translation may hold for each entry
_FACTS = ("phone", "url", "email")

_ENTRY_FIELDS = (
    Field("id", Kind.TEXT, required=True, doc="A short name for the entry, such as police."),
    Field("name", Kind.TEXT, doc="Who this is, as readers know them.", max_length=NAME_LIMIT),
    Field(
        "phone",
        Kind.TEXT,
        doc="The number to call, written as the service publishes it.",
        check_controls=False,
    ),
    Field("url", Kind.TEXT, doc="Their web address, starting with https://."),
    Field("email", Kind.TEXT, doc="Their e-mail address."),
    Field("address", Kind.TEXT, doc="Where to find them."),
    Field("when", Kind.TEXT, doc="When to contact them, e.g. 'In an emergency'."),
    Field("hours", Kind.TEXT, doc="When they are open or answer the phone."),
)

DIRECTORY_SCHEMA = Schema(
    "contact directory",
    (
        Field(
            "title",
            Kind.TEXT,
            required=True,
            doc="The directory's heading.",
            max_length=TITLE_LIMIT,
        ),
        Field(
            "intro",
            Kind.TEXT,
            doc="A sentence or two shown before the entries.",
            max_length=SUMMARY_LIMIT,
        ),
        Field(
            "reviewed",
            Kind.DATE,
            doc="When every number was last checked with the services: shown as 'Numbers "
            "checked on ...'.",
        ),
        Field(
            "review_by",
            Kind.DATE,
            doc="When the numbers are next due a check (otherwise 'reviewed' plus the site's "
            "review_every).",
        ),
        Field(
            "entries",
            Kind.LIST_OF_MAPPINGS,
            doc="The contacts, in the order readers see them.",
            fields=_ENTRY_FIELDS,
        ),
    ),
)

_ENTRY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


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
    try:
        text = read_text(default_file, path)
    except SiteError as error:
        problems.extend(error.problems)
        return None
    directory = directory_from_text(text, path, _directory_id(default_file), region, problems)
    if directory is None:
        return None
    translations = {}
    for lang, file in sorted(translation_files.items()):
        translation = _load_translation(file, lang, site_root, path, directory.entries, problems)
        if translation is not None and has_words(translation):
            translations[lang] = translation  # a skeleton with no words yet is not shown
    return replace(directory, translations=translations)


def directory_from_text(
    text: str, path: str, directory_id: str, region: str, problems: Problems
) -> Directory | None:
    """Check a default-language directory's text (site-relative `path`), without translations.

    Return None if the text is not a YAML mapping (after reporting why).
    """
    document = _parse_mapping(text, path, problems)
    if document is None:
        return None
    record = validate(document, DIRECTORY_SCHEMA, path, problems)
    raw_entries = document.get("entries")
    entries = _entries(record.get("entries", ()), raw_entries, path, region, problems)
    if raw_entries is None or (isinstance(raw_entries, YList) and not raw_entries):
        problems.warning(
            SourceRef(path, document.key_lines.get("entries", 1)),
            'this directory lists no services: readers would see an empty list ("0 services"); '
            "add its entries, or delete the file",
        )
    return Directory(
        id=directory_id,
        title=record.get("title", ""),
        intro=record.get("intro", ""),
        entries=entries,
        ref=SourceRef(path, 1),
        translations={},
        reviewed=record.get("reviewed"),
        review_by=record.get("review_by"),
        review_lines={k: v for k, v in record.lines.items() if k in ("reviewed", "review_by")},
    )


# -- the default-language file ---------------------------------------------------------------


def has_words(translation: DirectoryTranslation) -> bool:
    """Tell whether a directory translation has any words yet (a new skeleton has none)."""
    entries = translation.entries.values()
    words = (w for e in entries for w in (e.name, e.when, e.hours, e.address))
    return bool(translation.title or translation.intro or any(words))


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
    if url and not check_url(url, ref("url"), problems):
        url = ""
    email = record.get("email", "")
    if email and not check_email(email, ref("email"), problems):
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


# -- translations ----------------------------------------------------------------------------


def _translation_schema(default_path: str) -> Schema:
    facts_here = (
        "phone numbers, web addresses and e-mail addresses are written once, in the "
        f"default-language file {default_path}"
    )
    entry_fields = tuple(
        Field(
            word,
            Kind.TEXT,
            doc=f"The entry's {word} in this language.",
            max_length=NAME_LIMIT if word == "name" else TEXT_LIMIT,
        )
        for word in _WORDS
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
            Field(
                "title",
                Kind.TEXT,
                doc="The directory's heading in this language.",
                max_length=TITLE_LIMIT,
            ),
            Field(
                "intro",
                Kind.TEXT,
                doc="The introduction in this language.",
                max_length=SUMMARY_LIMIT,
            ),
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
    try:
        text = read_text(file, path)
    except SiteError as error:
        problems.extend(error.problems)
        return None
    return translation_from_text(text, path, lang, default_path, entries, problems)


def translation_from_text(
    text: str,
    path: str,
    lang: str,
    default_path: str,
    entries: tuple[ContactEntry, ...],
    problems: Problems,
) -> DirectoryTranslation | None:
    """Check a directory translation's text against its original's entries."""
    document = _parse_mapping(text, path, problems)
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


def _parse_mapping(text: str, path: str, problems: Problems) -> YMap | None:
    """Return the text's top-level mapping, or None after reporting why there is none."""
    try:
        document = load_yaml(text, path)
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
