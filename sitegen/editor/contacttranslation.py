"""A directory translation (`content/contacts/NAME.LANG.yaml`) as the editor's form: for each
entry of the original, the original's words beside the translation's, written back in place.

A translation holds only words (`translation_of:`, `title:`, `intro:` and, under `entries:`, each
entry id with its name, when, hours and address): the facts are shown from the original and can
never be changed here, and saving a translation never reads or writes `contacts.lock`. The same
rules as for the original apply: a one-line value is changed in its line, a title or intro over
several lines is rewritten whole, an entry's word over several lines is changed in the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.content.contactfiles import TRANSLATED_WORDS
from sitegen.editor.contacts import (
    KEY_LINE,
    DirectoryForm,
    EntryForm,
    FieldText,
    field_text,
    top_fields,
)
from sitegen.editor.contactwrite import (
    Edit,
    apply,
    check_one_line,
    insert,
    normalized,
    replace_line,
    top_edits,
)
from sitegen.editor.pages import FormError
from sitegen.errors import SiteError
from sitegen.read.yamlread import YMap, load_yaml


@dataclass(frozen=True)
class TranslatedEntry:
    """One entry of the original, and its words in the translation (line None: none yet)."""

    original: EntryForm
    fields: dict[str, FieldText]
    line: int | None  # the line of `id:` under the translation's `entries:`
    open: bool  # words can be added under its line (none yet, or not written as `{...}`)


@dataclass(frozen=True)
class TranslationForm:
    """A translation's words as the form shows them, with its original."""

    path: str
    lang: str
    original: DirectoryForm
    top: dict[str, FieldText]
    entries: tuple[TranslatedEntry, ...]
    entries_line: int | None
    first: int  # the line after which a missing title goes (`translation_of:`, or the top)


def words_id(entry_id: str, key: str) -> str:
    """Return the form field's id of an entry's translated word."""
    return f"entry-{entry_id}-{key}"


def read_translation(text: str, path: str, lang: str, original: DirectoryForm) -> TranslationForm:
    """Read a translation's text into the form; raise FormError if it is not one."""
    document = load_yaml(text, path)
    if document is None:
        document = YMap(1)
    if not isinstance(document, YMap):
        raise FormError("directory", "this file is not a directory translation ('key: value')")
    lines = text.split("\n")
    raw = document.get("entries")
    words = raw if isinstance(raw, YMap) else YMap(0)
    entries = tuple(_entry(entry, words, lines, path) for entry in original.entries)
    return TranslationForm(
        path,
        lang,
        original,
        top_fields(document, lines, path),
        entries,
        document.key_lines.get("entries"),
        document.key_lines.get("translation_of", 0),
    )


def _entry(entry: EntryForm, words: YMap, lines: list[str], path: str) -> TranslatedEntry:
    line = words.key_lines.get(entry.id)
    item = words.get(entry.id)
    found = item if isinstance(item, YMap) else YMap(0)
    fields = {key: field_text(key, found, lines, path) for key in TRANSLATED_WORDS}
    return TranslatedEntry(entry, fields, line, line is None or not _rest(lines[line - 1]))


def _rest(line: str) -> str:
    """Return what follows `key:` on a line, without a comment ('' for a block below it)."""
    match = KEY_LINE.match(line.rstrip("\r"))
    return "" if match is None else match.group("rest").split(" #")[0].strip()


def compose_translation(
    text: str, form: TranslationForm, top: dict[str, str], words: dict[str, dict[str, str]]
) -> str:
    """Return the translation's text with the form's changed words written into it."""
    lines = text.split("\n")
    edits = top_edits(lines, form.top, top, form.first)
    known = {entry.original.id: entry for entry in form.entries}
    for entry_id, values in sorted(words.items()):
        entry = known.get(entry_id)
        if entry is None:
            raise FormError("directory", f"the original has no entry '{entry_id}'")
        edits += _word_edits(lines, form, entry, values)
    result = apply(lines, edits)
    _check_read_back(result, form, top, words)
    return result


def _word_edits(
    lines: list[str], form: TranslationForm, entry: TranslatedEntry, values: dict[str, str]
) -> list[Edit]:
    entry_id = entry.original.id
    edits: list[Edit] = []
    new_words: list[tuple[str, str]] = []
    for key, typed in sorted(values.items(), key=lambda kv: _order(kv[0])):
        name = words_id(entry_id, key)
        if key not in entry.fields:
            raise FormError(name, f"a translation has no field '{key}'")
        new = typed.strip()
        check_one_line(name, new)
        shown = entry.fields[key]
        if new == shown.value:
            continue
        if not shown.editable:
            raise FormError(
                name, f"'{key}' is written over several lines in {form.path}: change it there"
            )
        if shown.line is not None:
            edits.append(replace_line(lines, shown, new))
        elif new:
            new_words.append((key, new))
    if new_words:
        edits.append(_new_words(lines, form, entry, new_words))
    return edits


def _order(key: str) -> int:
    return TRANSLATED_WORDS.index(key) if key in TRANSLATED_WORDS else len(TRANSLATED_WORDS)


def _new_words(
    lines: list[str], form: TranslationForm, entry: TranslatedEntry, new: list[tuple[str, str]]
) -> Edit:
    """Add words the entry lacks: under its id, or a new `id:` after the translation's entries."""
    entry_id = entry.original.id
    if not entry.open:
        raise FormError(
            words_id(entry_id, new[0][0]),
            f"the words of '{entry_id}' are written as '{{...}}' in {form.path}: change them there",
        )
    if entry.line is not None:
        indent = _words_indent(lines, entry)
        anchor = _words_anchor(entry, new[0][0])
        added = [insert(lines, anchor, indent, key, value)[2][0] for key, value in new]
        return anchor, 0, added
    key_indent = _ids_indent(lines, form)
    block = [f"{key_indent}{entry_id}:"]
    block += [insert(lines, 0, key_indent + "  ", key, value)[2][0] for key, value in new]
    if form.entries_line is None:
        end = len(lines) - 1 if lines[-1] == "" else len(lines)
        return end, 0, ["entries:", *block]
    rest = _rest(lines[form.entries_line - 1])
    if rest == "{}":
        return form.entries_line - 1, 1, ["entries:", *block]
    if rest:
        raise FormError("directory", f"add the words of '{entry_id}' in {form.path} itself")
    ends = [_entry_last(lines, e) for e in form.entries if e.line is not None]
    return max([form.entries_line, *ends]), 0, block


def _words_anchor(entry: TranslatedEntry, key: str) -> int:
    assert entry.line is not None
    before = TRANSLATED_WORDS[: _order(key)]
    for name in reversed(before):
        field = entry.fields[name]
        if field.line is not None and field.editable:
            return field.line
    return entry.line


def _words_indent(lines: list[str], entry: TranslatedEntry) -> str:
    for field in entry.fields.values():
        if field.line is not None:
            return " " * _indent(lines[field.line - 1])
    assert entry.line is not None
    return " " * (_indent(lines[entry.line - 1]) + 2)


def _ids_indent(lines: list[str], form: TranslationForm) -> str:
    for entry in form.entries:
        if entry.line is not None:
            return " " * _indent(lines[entry.line - 1])
    return "  "


def _entry_last(lines: list[str], entry: TranslatedEntry) -> int:
    assert entry.line is not None
    indent = _indent(lines[entry.line - 1])
    last = entry.line
    for number in range(entry.line + 1, len(lines) + 1):
        line = lines[number - 1]
        if line.strip() and _indent(line) <= indent:
            break
        if line.strip():
            last = number
    return last


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _check_read_back(
    text: str, form: TranslationForm, top: dict[str, str], words: dict[str, dict[str, str]]
) -> None:
    try:
        again = read_translation(text, form.path, form.lang, form.original)
    except SiteError as error:
        raise FormError("directory", f"the change would break the file: {error}") from None
    for key, typed in top.items():
        if again.top[key].value != normalized(typed, key == "intro", f"directory-{key}"):
            raise FormError(f"directory-{key}", "this value cannot be written here")
    by_id = {entry.original.id: entry for entry in again.entries}
    for entry_id, values in words.items():
        for key, value in values.items():
            if by_id[entry_id].fields[key].value != value.strip():
                raise FormError(words_id(entry_id, key), "this value cannot be written here")
