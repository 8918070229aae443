"""A contact directory as the editor's form: its title and introduction, one set of fields per
entry, read from the YAML as written, and what the form's changes mean for the facts.

Only a value written on its key's own line (`phone: "0800 789 321"`, with or without a comment
after it) is edited in place (see `contactwrite`). An entry's value written over several lines
(a block `>` or `|`, or plain text continued on the next line) is shown read-only, to be changed
in the file itself; the directory's `title` and `intro` are the exception: such a value is
rewritten whole, as a block the YAML reads back as typed. An entry's `id` is never edited here
(it is the key of its facts in `contacts.lock` and of its translations); a new entry gets one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sitegen.content.contactfiles import DIRECTORY_SCHEMA
from sitegen.editor.pages import FormError
from sitegen.errors import SiteError
from sitegen.read.schema import Field
from sitegen.read.yamlread import YList, YMap, YStr, load_yaml

FACT_KEYS = ("phone", "url", "email")
TOP_KEYS = ("title", "intro")
NEW_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
KEY_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[A-Za-z_][A-Za-z0-9_-]*)\s*:(?P<rest>.*)$")
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
    last_line: int | None = None  # a title or intro over several lines: its last line, to rewrite

    @property
    def rewritable(self) -> bool:
        """Tell whether the value can be changed: in its line, or rewritten as a whole block."""
        return self.editable or self.last_line is not None


@dataclass(frozen=True)
class EntryForm:
    """One entry of a directory: its id and its values by key."""

    index: int
    id: str
    line: int
    fields: dict[str, FieldText]
    lines: tuple[int, int] = (0, 0)  # the first and last line of the entry, to remove it


@dataclass(frozen=True)
class DirectoryForm:
    """A directory's entries as the form shows them."""

    path: str
    title: str
    entries: tuple[EntryForm, ...]
    top: dict[str, FieldText]
    entries_line: int | None  # the line of `entries:`, None when the file has none
    item_lead: str  # how an entry's first line starts, like "  - "


def top_field_id(key: str) -> str:
    """Return the form field's id for the directory's own title or introduction."""
    return f"directory-{key}"


def top_field_at(top: dict[str, FieldText], line: int | None) -> str | None:
    """Return the id of the title or introduction written on `line`, if either is."""
    for key, shown in top.items():
        if shown.line is not None and shown.line <= (line or 0) <= (shown.last_line or shown.line):
            return top_field_id(key)
    return None


def field_id(index: int | str, key: str) -> str:
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
    starts = [_item_start(lines, item.line) for item in items if isinstance(item, YMap)]
    end = _block_end(lines, document.key_lines["entries"]) if "entries" in document else 0
    entries = tuple(
        _entry(index, item, lines, path, (starts[index], _entry_end(lines, starts, index, end)))
        for index, item in enumerate(i for i in items if isinstance(i, YMap))
    )
    title = document.get("title")
    lead = _lead(lines, starts[0]) if starts else "  - "
    return DirectoryForm(
        path,
        str(title) if isinstance(title, str) else "",
        entries,
        top_fields(document, lines, path),
        document.key_lines.get("entries"),
        lead,
    )


def top_fields(document: YMap, lines: list[str], path: str) -> dict[str, FieldText]:
    """Read the title and introduction; one written over several lines can be rewritten whole."""
    found = {}
    for key in TOP_KEYS:
        shown = field_text(key, document, lines, path)
        if not shown.editable and shown.line is not None and isinstance(document[key], YStr):
            value = str(document[key]).strip()
            shown = replace(shown, value=value, last_line=_block_end(lines, shown.line))
        found[key] = shown
    return found


def _block_end(lines: list[str], key_line: int) -> int:
    """Return the last line of a key's value: the lines after it indented deeper (or a list's
    `- ` items at the key's own indentation), passing over blank lines and comments."""
    indent = _indent(lines[key_line - 1])
    last = key_line
    for number in range(key_line + 1, len(lines) + 1):
        line = lines[number - 1].rstrip("\r")
        if not line.strip():
            continue
        if _indent(line) <= indent and line.lstrip().startswith("#"):
            continue
        if _indent(line) < indent or (_indent(line) == indent and line.lstrip()[:1] != "-"):
            break
        last = number
    return last


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _item_start(lines: list[str], line: int) -> int:
    """Return the line of an entry's `-` (its first key may be on the next line)."""
    number = line
    while number > 1 and "-" not in _lead(lines, number):
        number -= 1
        if lines[number - 1].strip() == "-":
            return number
    return line


def _lead(lines: list[str], number: int) -> str:
    match = KEY_LINE.match(lines[number - 1].rstrip("\r"))
    return "" if match is None else match.group("lead")


def _entry_end(lines: list[str], starts: list[int], index: int, end: int) -> int:
    """Return an entry's last line, leaving out blank lines and the next entry's own comments."""
    last = starts[index + 1] - 1 if index + 1 < len(starts) else end
    dash = _indent(lines[starts[index] - 1])
    while last > starts[index]:
        line = lines[last - 1].rstrip("\r")
        if line.strip() and not (line.lstrip().startswith("#") and _indent(line) <= dash):
            break
        last -= 1
    return last


def _entry(index: int, item: YMap, lines: list[str], path: str, span: tuple[int, int]) -> EntryForm:
    fields = {
        field.name: field_text(field.name, item, lines, path)
        for field in entry_fields()
        if field.name != "id"
    }
    entry_id = item.get("id")
    ident = str(entry_id) if isinstance(entry_id, str) else ""
    return EntryForm(index, ident, item.line, fields, span)


def field_text(key: str, item: YMap, lines: list[str], path: str) -> FieldText:
    """Read one value of a mapping as the form shows it, editable when its line holds it all."""
    if key not in item:
        return FieldText(key, "", None, True)
    value = item[key]
    line = item.key_lines.get(key)
    if line is None or not (value is None or isinstance(value, YStr)):
        return FieldText(key, "" if value is None else str(value), line, False)
    text = "" if value is None else str(value)
    if value is not None and value.line != line:
        return FieldText(key, text, line, False)  # the value starts on a line of its own
    match = KEY_LINE.match(lines[line - 1].rstrip("\r"))
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


# -- the facts changed, and their confirmation -----------------------------------------------


@dataclass(frozen=True)
class FactChange:
    """A phone number, web or e-mail address the form changes: in which entry, from what to what."""

    index: int
    entry_id: str
    key: str
    old: str
    new: str


def fact_changes(
    form: DirectoryForm,
    values: dict[int, dict[str, str]],
    added: dict[int, dict[str, str]] | None = None,
) -> tuple[FactChange, ...]:
    """List the facts whose written text the form changes, and those of the entries it adds."""
    changes = []
    for entry in form.entries:
        for key in FACT_KEYS:
            new = values.get(entry.index, {}).get(key)
            old = entry.fields[key].value
            if new is not None and new.strip() != old:
                changes.append(FactChange(entry.index, entry.id, key, old, new.strip()))
    for index, new_values in sorted((added or {}).items()):
        ident = new_values.get("id", "").strip()
        for key in FACT_KEYS:
            if new_values.get(key, "").strip():
                changes.append(FactChange(index, ident, key, "", new_values[key].strip()))
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
