"""A contact directory as the editor's form: one set of fields per entry, read from the YAML as
written, and the form's changes written back into the same lines.

Only a value written on its key's own line (`phone: "0800 789 321"`, with or without a comment
after it) is edited, in place: every other line, comment and the order of the file stay as they
were. A value the form cannot show faithfully (a block `>` or `|`, or plain text continued on
the next line) is shown read-only, to be changed in the file itself. An entry's `id` is never
edited here (it is the key of its facts in `contacts.lock` and of its translations).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from sitegen.content.contactfiles import DIRECTORY_SCHEMA
from sitegen.editor.pages import FormError
from sitegen.errors import SiteError
from sitegen.read.schema import Field
from sitegen.read.yamlread import YList, YMap, YStr, load_yaml

FACT_KEYS = ("phone", "url", "email")
_KEY_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[A-Za-z_][A-Za-z0-9_-]*)\s*:(?P<rest>.*)$")
_NOUNS = {"phone": "phone number", "url": "web address", "email": "e-mail address"}


def entry_fields() -> tuple[Field, ...]:
    """Return the fields of a directory entry, from the directory schema, in its order."""
    entries = next(f for f in DIRECTORY_SCHEMA.fields if f.name == "entries")
    return entries.fields


def noun(key: str) -> str:
    """Return what a fact is called in messages: 'phone number', 'web address', 'e-mail address'."""
    return _NOUNS[key]


@dataclass(frozen=True)
class FieldText:
    """One value of an entry as the file has it, and where (None: the entry lacks the key)."""

    key: str
    value: str
    line: int | None
    editable: bool
    comment: str = ""  # what follows the value on its line (` # main line`), kept on a change


@dataclass(frozen=True)
class EntryForm:
    """One entry of a directory: its id and its values by key."""

    index: int
    id: str
    line: int
    fields: dict[str, FieldText]


@dataclass(frozen=True)
class DirectoryForm:
    """A directory's entries as the form shows them."""

    path: str
    title: str
    entries: tuple[EntryForm, ...]


def field_id(index: int, key: str) -> str:
    """Return the form field's id (and the key of its problems) for an entry's value."""
    return f"entry-{index}-{key}"


def read_form(text: str, path: str) -> DirectoryForm:
    """Read a directory's text into the form; raise SiteError if it is not a directory at all."""
    document = load_yaml(text, path)
    if not isinstance(document, YMap):
        raise FormError("directory", "this file is not a contact directory ('key: value' lines)")
    lines = text.split("\n")
    raw_entries = document.get("entries")
    items = list(raw_entries) if isinstance(raw_entries, YList) else []
    entries = tuple(
        _entry(index, item, lines, path)
        for index, item in enumerate(items)
        if isinstance(item, YMap)
    )
    title = document.get("title")
    return DirectoryForm(path, str(title) if isinstance(title, str) else "", entries)


def _entry(index: int, item: YMap, lines: list[str], path: str) -> EntryForm:
    fields = {
        field.name: _field(field.name, item, lines, path)
        for field in entry_fields()
        if field.name != "id"
    }
    entry_id = item.get("id")
    return EntryForm(index, str(entry_id) if isinstance(entry_id, str) else "", item.line, fields)


def _field(key: str, item: YMap, lines: list[str], path: str) -> FieldText:
    if key not in item:
        return FieldText(key, "", None, True)
    value = item[key]
    line = item.key_lines.get(key)
    if line is None or not (value is None or isinstance(value, YStr)):
        return FieldText(key, "" if value is None else str(value), line, False)
    text = "" if value is None else str(value)
    if value is not None and value.line != line:
        return FieldText(key, text, line, False)  # the value starts on a line of its own
    match = _KEY_LINE.match(lines[line - 1].rstrip("\r"))
    split = None if match is None else _value_and_comment(match.group("rest"), text, path)
    if split is None:
        return FieldText(key, text, line, False)
    return FieldText(key, text, line, True, split[1])


def _value_and_comment(rest: str, value: str, path: str) -> tuple[str, str] | None:
    """Split what follows `key:` into the value and a trailing comment, if the line alone holds
    the whole value (a plain value continued on the next line does not)."""
    cuts = [
        index
        for index in range(len(rest))
        if rest[index] == "#" and rest[index - 1 : index] in (" ", "\t")
    ]
    for cut in [*cuts, len(rest)]:
        try:
            alone = load_yaml(f"k: {rest[:cut].strip()}", path)
        except SiteError:
            continue
        read = alone.get("k") if isinstance(alone, YMap) else None
        if (read or "") == value and (read is None or isinstance(read, YStr)):
            return rest[:cut].strip(), rest[cut:].strip()
    return None


# -- writing the form back -------------------------------------------------------------------


def compose(text: str, form: DirectoryForm, values: dict[int, dict[str, str]]) -> str:
    """Return the directory's text with the form's changed values written into their lines."""
    lines = text.split("\n")
    edits: list[tuple[int, int, list[str]]] = []  # (line index, lines replaced, new lines)
    for entry in form.entries:
        for key, new in sorted(values.get(entry.index, {}).items()):
            shown = entry.fields.get(key)
            if shown is None:
                raise FormError(field_id(entry.index, key), f"an entry has no field '{key}'")
            new = new.strip()
            if new == shown.value:
                continue
            _check_one_line(field_id(entry.index, key), new)
            if not shown.editable:
                raise FormError(
                    field_id(entry.index, key),
                    f"'{key}' is written over several lines in {form.path}: change it there",
                )
            edits.append(_edit(lines, entry, shown, new, form.path))
    for start, count, replacement in sorted(edits, reverse=True):
        lines[start : start + count] = replacement
    result = "\n".join(lines)
    _check_read_back(result, form, values)
    return result


def _check_read_back(text: str, form: DirectoryForm, values: dict[int, dict[str, str]]) -> None:
    """Make sure the YAML reads every written value back as the text typed."""
    try:
        again = read_form(text, form.path)
    except SiteError as error:
        raise FormError("directory", f"the change would break the file: {error}") from None
    for entry in again.entries:
        for key, value in values.get(entry.index, {}).items():
            if entry.fields[key].value != value.strip():
                raise FormError(field_id(entry.index, key), "this value cannot be written here")


def _check_one_line(name: str, value: str) -> None:
    for char in value:
        if unicodedata.category(char) == "Cc" or char in "\u2028\u2029":
            raise FormError(name, "this must be one line of text, without control characters")


def _edit(
    lines: list[str], entry: EntryForm, shown: FieldText, new: str, path: str
) -> tuple[int, int, list[str]]:
    quoted = json.dumps(new, ensure_ascii=False)
    comment = f"  {shown.comment}" if shown.comment else ""
    if shown.line is not None:
        original = lines[shown.line - 1]
        ending = "\r" if original.endswith("\r") else ""
        match = _KEY_LINE.match(original.rstrip("\r"))
        assert match is not None  # editable values were found on such a line
        lead = match.group("lead")
        if not new and "-" not in lead:
            return shown.line - 1, 1, []
        return shown.line - 1, 1, [f"{lead}{shown.key}: {quoted}{comment}{ending}"]
    if not new:
        return 0, 0, []
    anchor = _anchor(entry, shown.key)
    if anchor is None:
        raise FormError(
            field_id(entry.index, shown.key),
            f"cannot add '{shown.key}' to this entry here: add it in {path} itself",
        )
    match = _KEY_LINE.match(lines[anchor - 1].rstrip("\r"))
    assert match is not None
    indent = " " * len(match.group("lead"))
    ending = "\r" if lines[anchor - 1].endswith("\r") else ""
    return anchor, 0, [f"{indent}{shown.key}: {quoted}{ending}"]


def _anchor(entry: EntryForm, key: str) -> int | None:
    """Return the line after which a new key goes: the nearest one-line key before it in the
    schema's order, else the entry's first line if it is a one-line `- id: ...`."""
    order = [field.name for field in entry_fields()]
    before = order[: order.index(key)]
    for name in reversed(before):
        field = entry.fields.get(name)
        if field is not None and field.line is not None and field.editable:
            return field.line
    return entry.line if entry.id else None


# -- the facts changed, and their confirmation -----------------------------------------------


@dataclass(frozen=True)
class FactChange:
    """A phone number, web or e-mail address the form changes: in which entry, from what to what."""

    index: int
    entry_id: str
    key: str
    old: str
    new: str


def fact_changes(form: DirectoryForm, values: dict[int, dict[str, str]]) -> tuple[FactChange, ...]:
    """List the facts whose written text the form changes."""
    changes = []
    for entry in form.entries:
        for key in FACT_KEYS:
            new = values.get(entry.index, {}).get(key)
            old = entry.fields[key].value
            if new is not None and new.strip() != old:
                changes.append(FactChange(entry.index, entry.id, key, old, new.strip()))
    return tuple(changes)


def unconfirmed(
    changes: tuple[FactChange, ...], confirmations: dict[int, dict[str, str]]
) -> list[FormError]:
    """Return a problem for each changed fact not typed a second time exactly as the first.

    A new value is confirmed by typing it again; a removed one by typing the value removed.
    """
    problems = []
    for change in changes:
        typed = confirmations.get(change.index, {}).get(change.key)
        name = field_id(change.index, change.key)
        what = noun(change.key)
        expected = change.new or change.old
        if typed is not None and typed.strip() == expected:
            continue
        if not change.new:
            message = f"to remove this {what}, type it ({change.old}) again in the box below"
        elif typed is None or not typed.strip():
            message = f"you changed this {what}: type the new {what} again in the box below"
        else:
            message = f"the two {what}s you typed differ: type the new {what} again, exactly"
        problems.append(FormError(name, message))
    return problems
