"""Removing an entry from a contact directory: confirmed by typing the entry's id again, and
refused while a translation still holds words under that id (the build stops on a translation
of an entry that is gone), naming the files to change first."""

from __future__ import annotations

from pathlib import Path

from sitegen.editor.contactpaths import translations_of
from sitegen.editor.contacts import FACT_KEYS, DirectoryForm, field_id, noun
from sitegen.editor.pages import FormError
from sitegen.errors import SiteError
from sitegen.read.yamlread import YMap, load_yaml
from sitegen.textfile import read_text


def removal_problems(
    site_dir: Path, relative: str, form: DirectoryForm, index: int, typed: str
) -> list[FormError]:
    """Check that the entry exists, is not translated, and that its id was typed again."""
    if not 0 <= index < len(form.entries):
        return [FormError("directory", f"there is no entry {index} here: reload the page")]
    entry = form.entries[index]
    name = field_id(index, "remove")
    translated = _translated_in(site_dir, relative, entry.id)
    if translated:
        return [
            FormError(
                name,
                f"the entry '{entry.id}' is translated in {', '.join(translated)}: take "
                f"'{entry.id}:' and its words out of that file first (a build stops on the "
                "translation of an entry that is gone), then remove the entry here",
            )
        ]
    if typed.strip() == entry.id:
        return []
    facts = [noun(key) for key in FACT_KEYS if entry.fields[key].value]
    also = f" and take its {', '.join(facts)} out of contacts.lock" if facts else ""
    if typed.strip():
        message = f"what you typed is not this entry's id: type {entry.id} to remove it{also}"
    else:
        message = f"to remove the entry '{entry.id}'{also}, type its id, {entry.id}, in the box"
    return [FormError(name, message)]


def _translated_in(site_dir: Path, relative: str, entry_id: str) -> list[str]:
    """Return the translation files that hold words under the entry's id."""
    found = []
    for path in translations_of(site_dir, relative).values():
        try:
            document = load_yaml(read_text(site_dir / path, path), path)
        except SiteError:
            found.append(path)  # unreadable: let the person look at it before removing
            continue
        entries = document.get("entries") if isinstance(document, YMap) else None
        if isinstance(entries, YMap) and entry_id in entries:
            found.append(path)
    return found
