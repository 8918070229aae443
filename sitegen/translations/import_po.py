"""`translations import FILE`: a translated catalog (PO or XLIFF) back into the site's files.

The translated Markdown and YAML files stay the source of truth: import writes them as a
translator with git would, from the original's structure (its front matter fields that are not
words, heading ids, link targets, list and table shape) with the translated words put in. A
segment not translated keeps the translation's words if it had some, else the original's (shown
in the original's language until it is translated). The translation's front matter records, per
segment, the hash of the original it was translated from (see `content.segmentrecord`).

Fuzzy entries are not applied. An entry whose placeholders, numbers, addresses or heading ids
differ from the original's is refused with the catalog's `FILE:LINE` and both texts, and nothing
is written unless every entry passes (`partial` writes the files anyway, without those entries).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import polib

from sitegen.content.segmentrecord import BODY, FRONT, RECORD_KEY, UNTRANSLATED, format_record
from sitegen.content.words import FINGERPRINT_KEY
from sitegen.errors import Level, Problem, SiteError, SourceRef
from sitegen.read.frontmatter import split_front_matter
from sitegen.textfile import read_text
from sitegen.translations.edits import set_front_matter_key, write_atomically
from sitegen.translations.glossary import Glossary, read_glossary
from sitegen.translations.originals import remember_originals
from sitegen.translations.protect import unmark
from sitegen.translations.units import UNKNOWN, FileUnits, SiteUnits, Unit, site_units
from sitegen.translations.xliff import read_xliff

XLIFF_SUFFIXES = (".xlf", ".xliff")


@dataclass(frozen=True)
class CatalogEntry:
    """One translated entry as read from a catalog."""

    context: str
    source: str
    target: str
    line: int


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote, warned about and refused."""

    written: tuple[Path, ...]
    warnings: tuple[Problem, ...]
    rejected: tuple[Problem, ...]


def import_catalog(site_dir: Path, file: Path, partial: bool = False) -> ImportResult:
    """Write a translated catalog's entries into the site's translation files."""
    ref = file.as_posix()
    lang, entries = read_entries(file, ref)
    units = site_units(site_dir, _site_language(site_dir, lang, ref))
    glossary = read_glossary(site_dir)
    accepted, warnings, rejected = _judge(entries, units, glossary, ref)
    if rejected and not partial:
        raise SiteError(tuple(rejected))
    written: list[Path] = []
    new_files = []
    for file_units in units.files:
        mine = {u.where: accepted[u.context] for u in file_units.units if u.context in accepted}
        if mine:
            new_files.append((file_units.translation, _translated_file(file_units, mine, units)))
    for path, data in new_files:
        if not path.is_file() or path.read_bytes() != data:
            write_atomically(path, data)
            written.append(path)
    remember_originals(
        site_dir, (unit.source for unit in units.units() if unit.context in accepted)
    )
    return ImportResult(tuple(written), tuple(warnings), tuple(rejected))


def read_entries(file: Path, ref: str) -> tuple[str, list[CatalogEntry]]:
    """Read a catalog's language and its translated, not fuzzy, entries."""
    if file.suffix.lower() in XLIFF_SUFFIXES:
        import xml.etree.ElementTree as ET

        data = file.read_bytes()
        try:
            units = read_xliff(data, ref)
        except ValueError as exc:
            raise SiteError.at(SourceRef(ref, 1), str(exc).split(": ", 1)[-1]) from None
        root = ET.fromstring(data)
        entries = [
            CatalogEntry(u.context, u.source, u.target, u.line)
            for u in units
            if u.done and u.target
        ]
        return root.get("trgLang", ""), entries
    try:
        catalog = polib.pofile(str(file), encoding="utf-8")
    except (OSError, ValueError) as exc:
        found = re.search(r"\(line (\d+)\)", str(exc))
        line = int(found.group(1)) if found else 1
        raise SiteError.at(
            SourceRef(ref, line), "this is not a catalog sitegen can read: a PO syntax error"
        ) from None
    entries = [
        CatalogEntry(entry.msgctxt or "", entry.msgid, entry.msgstr, entry.linenum or 1)
        for entry in catalog
        if not entry.obsolete and "fuzzy" not in entry.flags and entry.msgstr and entry.msgid
    ]
    return catalog.metadata.get("Language", ""), entries


def _site_language(site_dir: Path, lang: str, ref: str) -> str:
    """The site's language a catalog is in (Poedit may write `ur_PK` for `ur`)."""
    from sitegen.read.config import load_config

    languages = load_config(site_dir).languages[1:]
    for candidate in (lang, lang.replace("_", "-"), lang.split("_")[0].split("-")[0]):
        if candidate in languages:
            return candidate
    raise SiteError.at(
        SourceRef(ref, 1),
        f"the catalog's language is {lang or 'not given'!r}, not one the site translates into "
        f"({', '.join(languages)}): set it in the catalog's header (Language:)",
    )


def _judge(
    entries: list[CatalogEntry], units: SiteUnits, glossary: Glossary, ref: str
) -> tuple[dict[str, str], list[Problem], list[Problem]]:
    """Sort entries into accepted (context -> words), warnings and refusals."""
    by_context = {unit.context: unit for unit in units.units()}
    accepted: dict[str, str] = {}
    warnings: list[Problem] = []
    rejected: list[Problem] = []
    for entry in entries:
        where = SourceRef(ref, entry.line)
        unit = by_context.get(entry.context)
        if unit is None:
            warnings.append(
                _problem(
                    where,
                    "warning",
                    f"{entry.context}: there is no such text in the site any more; left out",
                )
            )
            continue
        protector = units.protector_of(unit)
        if protector.mark(unit.source) != entry.source:
            warnings.append(
                _problem(
                    where,
                    "warning",
                    f"{entry.context}: the original has changed since this catalog was made; "
                    "left out (export again)",
                )
            )
            continue
        faults = protector.check(entry.source, entry.target)
        if faults:
            rejected.append(_refusal(where, entry, faults))
            continue
        words = unmark(entry.target)
        for breach in glossary.breaches(unit.source, words, units.lang):
            warnings.append(_problem(where, "warning", f"{entry.context}: glossary: {breach}"))
        accepted[entry.context] = words
    return accepted, warnings, rejected


def _problem(ref: SourceRef, level: Level, message: str) -> Problem:
    return Problem(ref, message, level)


def _refusal(ref: SourceRef, entry: CatalogEntry, faults: list[str]) -> Problem:
    return _problem(
        ref,
        "error",
        f"{entry.context}: refused: {'; '.join(faults)}. Original: {entry.source!r}. "
        f"Translation: {entry.target!r}",
    )


def _translated_file(file: FileUnits, accepted: dict[str, str], units: SiteUnits) -> bytes:
    if file.kind == "contacts":
        return _directory_yaml(file, accepted, units)
    return _markdown(file, accepted)


def _words(unit: Unit, accepted: dict[str, str]) -> tuple[str, str]:
    """The words a segment gets and what to record: the hash of the original they were
    translated from, UNTRANSLATED for the original's own words, "" when nobody knows (words
    a translator wrote by hand: kept, and not judged)."""
    if unit.where in accepted:
        return accepted[unit.where], unit.hash
    if unit.state == "translated":
        return unit.translation, unit.hash
    if unit.state == "changed":
        trusted = unit.recorded == UNKNOWN or unit.recorded.startswith(UNTRANSLATED)
        return unit.translation, "" if trusted else unit.recorded
    return unit.source, UNTRANSLATED + unit.hash


def _markdown(file: FileUnits, accepted: dict[str, str]) -> bytes:
    assert file.body is not None and file.front is not None
    original = read_text(file.original, file.original.name)
    record: dict[str, str] = {}
    fields: dict[str, str] = {}
    texts: dict[str, str] = {}
    for unit in file.units:
        words, recorded = _words(unit, accepted)
        if recorded:
            record[unit.where] = recorded
        if unit.where.startswith(FRONT):
            fields[unit.where[1:]] = words
        else:
            texts[unit.where[1:]] = words
    body = file.body.rebuild([texts[s.context] for s in file.body.segments], pin_ids=True)
    head = "\n".join(original.split("\n")[: file.front.body_line - 1]) + "\n"
    text = head + body
    for key, words in fields.items():
        text = _set_field(text, key, json.dumps(words, ensure_ascii=False))
    complete = all(record.get(u.where) == u.hash for u in file.units)
    if complete:
        text = set_front_matter_key(text, FINGERPRINT_KEY, file.words)
    text = set_front_matter_key(text, RECORD_KEY, format_record(record))
    split_front_matter(text, file.translation.name)  # the YAML written must read back
    return text.encode("utf-8")


def _set_field(text: str, key: str, value: str) -> str:
    """Set a front matter field, replacing all the lines of its value (a folded `>` value too)."""
    lines = text.split("\n")
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), 0)
    pattern = re.compile(rf"{re.escape(key)}\s*:")
    for index in range(1, close):
        if pattern.match(lines[index]):
            end = index + 1
            while end < close and lines[end][:1] in (" ", "\t"):  # the value's further lines
                end += 1
            lines[index:end] = [f"{key}: {value}"]
            return "\n".join(lines)
    return set_front_matter_key(text, key, value)


def _directory_yaml(file: FileUnits, accepted: dict[str, str], units: SiteUnits) -> bytes:
    directory = next(
        d for d in units.site.directories.values() if d.ref.path == f"content/{file.rel}"
    )
    words = {unit.where: _words(unit, accepted) for unit in file.units}
    lines = [
        f"# {file.rel}, translated: written by `sitegen translations import`.",
        "# Phone numbers, web and e-mail addresses come from the original file.",
    ]
    # a directory is judged as a whole: its words are those of the original as it is now
    lines.append(f"{FINGERPRINT_KEY}: {file.words}")
    for key in ("title", "intro"):
        text, recorded = words.get(FRONT + key, ("", UNTRANSLATED))
        if not recorded.startswith(UNTRANSLATED):
            lines.append(f"{key}: {json.dumps(text, ensure_ascii=False)}")
    lines.append("entries:")
    for entry in directory.entries:
        fields = [
            (key, words.get(f"{BODY}{entry.id}/{key}", ("", UNTRANSLATED))) for key in _ENTRY_KEYS
        ]
        kept = [
            (key, text) for key, (text, recorded) in fields if not recorded.startswith(UNTRANSLATED)
        ]
        if kept:
            lines.append(f"  {entry.id}:")
            lines += [f"    {key}: {json.dumps(text, ensure_ascii=False)}" for key, text in kept]
    if lines[-1] == "entries:":
        lines.pop()
    return ("\n".join(lines) + "\n").encode("utf-8")


_ENTRY_KEYS = ("name", "when", "hours", "address")
