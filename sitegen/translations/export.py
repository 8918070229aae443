"""`translations export`: the site's words for one language as a catalog (PO or XLIFF 2.0).

One entry per segment: its context names the page and the block
(`advice/staying-safe.md#reporting/p2`), its msgid is the original with protected tokens as
`{{...}}` placeholders, an extracted comment gives the hash of the original. The translation's
words fill msgstr; where the original has changed since they were translated the entry is fuzzy
and keeps the previous original (`#| msgid`) when `translations/originals.json` knows it. A
segment not yet translated whose very words are translated elsewhere on the site is offered
from there, fuzzy (translation memory).
"""

from __future__ import annotations

from pathlib import Path

import polib

from sitegen import __version__
from sitegen.clock import build_clock
from sitegen.i18n.languages import language_view, plural_forms
from sitegen.translations.entries import Entry
from sitegen.translations.glossary import Glossary, read_glossary
from sitegen.translations.originals import read_originals
from sitegen.translations.protect import PLACEHOLDER, WEBLATE_FLAG
from sitegen.translations.units import SiteUnits, Unit, site_units

HASH_NOTE = "hash "
MEMORY_NOTE = "translation memory: as translated in "
_KIND_NOTES = {
    "heading": "a heading",
    "paragraph": "a paragraph",
    "item": "an item of a list",
    "cell": "a table cell",
    "quote": "a quoted paragraph",
    "alt": "the text that describes an image to people who cannot see it",
    "footnote": "a footnote",
    "field": "",
}


def export_catalog(
    site_dir: Path, lang: str, fmt: str = "po", paths: tuple[Path, ...] = ()
) -> bytes:
    """Return the catalog of the site's words (or of the files named) for `lang`."""
    units = site_units(site_dir, lang, paths)
    entries = catalog_entries(units, read_originals(site_dir), read_glossary(site_dir))
    if fmt == "xliff":
        from sitegen.translations.xliff import xliff_bytes

        return xliff_bytes(entries, units.config.default_language, lang)
    return po_bytes(entries, units)


def catalog_entries(units: SiteUnits, originals: dict[str, str], glossary: Glossary) -> list[Entry]:
    """Turn units into entries: translations filled in, changed ones fuzzy, memory offered."""
    memory = {unit.source: unit for unit in units.units() if unit.state == "translated"}
    entries = []
    for unit in units.units():
        protector = units.protector_of(unit)
        source = protector.mark(unit.source)
        target, fuzzy, previous = "", False, ""
        notes = [HASH_NOTE + unit.hash]
        if _KIND_NOTES.get(unit.kind):
            notes.append(_KIND_NOTES[unit.kind])
        notes += glossary.notes(unit.source, units.lang)
        if unit.state != "missing":
            target = protector.mark(unit.translation)
            fuzzy = unit.state == "changed"
            old = originals.get(unit.recorded, "") if fuzzy else ""
            previous = protector.mark(old) if old and old != unit.source else ""
        elif unit.source in memory and memory[unit.source] is not unit:
            found = memory[unit.source]
            target, fuzzy = protector.mark(found.translation), True
            notes.append(MEMORY_NOTE + found.context)
        entries.append(
            Entry(
                unit.context,
                source,
                target,
                fuzzy,
                previous,
                tuple(notes),
                (_site_rel(units, unit), unit.line),
            )
        )
    return entries


def _site_rel(units: SiteUnits, unit: Unit) -> str:
    return f"content/{unit.file}"


def po_bytes(entries: list[Entry], units: SiteUnits) -> bytes:
    """Write entries as a UTF-8 PO file with a full header."""
    lang = units.lang
    view = language_view(lang)
    catalog = polib.POFile(wrapwidth=78)
    title = units.config.title_for(units.config.default_language)
    catalog.header = (
        f"{title}: the site's pages, letters and contact directories in {view.english_name}.\n"
        "Made by `sitegen translations export`; send it back translated and it is imported\n"
        "with `sitegen translations import`. Text in {{...}} is kept exactly as it is."
    )
    now = build_clock(None).strftime("%Y-%m-%d %H:%M+0000")
    catalog.metadata = {
        "Project-Id-Version": f"{title} content",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": "",
        "Language-Team": view.english_name,
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
        "X-Generator": f"sitegen {__version__}",
        "X-Source-Language": units.config.default_language,
    }
    for entry in entries:
        flags = ["fuzzy"] if entry.fuzzy else []
        if PLACEHOLDER.search(entry.source):
            flags.append(WEBLATE_FLAG)
        catalog.append(
            polib.POEntry(
                msgctxt=entry.context,
                msgid=entry.source,
                msgstr=entry.target,
                comment="\n".join(entry.notes),
                occurrences=[(entry.occurrence[0], str(entry.occurrence[1]))],
                flags=flags,
                previous_msgid=entry.previous or None,
                previous_msgctxt=entry.context if entry.previous else None,
            )
        )
    return (str(catalog) + "\n").encode("utf-8")
