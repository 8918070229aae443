"""Write a contact directory form's changes back into the directory's text, in place.

A changed one-line value replaces its own line (`key: "value"`, quoted so the YAML reads it as
the text typed, a comment after it kept); a title or introduction written over several lines is
rewritten whole, as a `|-` block when it holds line breaks; a new entry goes after the last one,
with the indentation of the others; a removed entry's lines are taken out. Every other line,
comment and the order of the file stay as they were, and the result is read back to make sure
it says exactly what was typed.
"""

from __future__ import annotations

import json
import unicodedata

from sitegen.editor.contacts import (
    KEY_LINE,
    NEW_ID,
    DirectoryForm,
    EntryForm,
    FieldText,
    entry_fields,
    field_id,
    read_form,
    top_field_id,
)
from sitegen.editor.pages import FormError
from sitegen.errors import SiteError

Edit = tuple[int, int, list[str]]  # (line index, lines replaced, new lines)
MULTILINE_KEYS = ("intro",)


def compose(
    text: str,
    form: DirectoryForm,
    values: dict[int, dict[str, str]],
    *,
    top: dict[str, str] | None = None,
    added: dict[int, dict[str, str]] | None = None,
    removed: int | None = None,
) -> str:
    """Return the directory's text with the form's changes written into it."""
    if top and "title" in top and not top["title"].strip():
        raise FormError(top_field_id("title"), "a directory needs a title: it is its heading")
    lines = text.split("\n")
    edits = top_edits(lines, form.top, top or {}, 0)
    edits += _value_edits(lines, form, values)
    if added:
        edits.append(_added(lines, form, added))
    if removed is not None:
        first, last = form.entries[removed].lines
        edits.append((first - 1, last - first + 1, []))
    result = apply(lines, edits)
    _check_read_back(result, form, values, top or {}, added or {})
    return result


def apply(lines: list[str], edits: list[Edit]) -> str:
    """Return the text of `lines` with the edits made, from the last line up."""
    changed = list(lines)
    for start, count, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        changed[start : start + count] = replacement
    return "\n".join(changed)


def top_edits(
    lines: list[str], shown: dict[str, FieldText], new: dict[str, str], first: int
) -> list[Edit]:
    """Write a changed title or introduction; a missing one goes after the title (or `first`)."""
    edits = []
    for key, typed in sorted(new.items()):
        if key not in shown:
            raise FormError(top_field_id(key), f"a directory has no field '{key}'")
        value = normalized(typed, key in MULTILINE_KEYS, top_field_id(key))
        field = shown[key]
        if value == field.value:
            continue
        if field.line is None:
            title = shown.get("title")
            anchor = first if title is None or title.line is None else _last(title)
            edits.append(insert(lines, anchor, "", key, value) if value else (0, 0, []))
        elif field.last_line is not None:
            replaced = field.last_line - field.line + 1
            lead = _lead(lines[field.line - 1])
            kept = block(lead, key, value, _ending(lines[field.line - 1])) if value else []
            edits.append((field.line - 1, replaced, kept))
        elif "\n" in value:  # a one-line value given line breaks becomes a block
            line = lines[field.line - 1]
            edits.append((field.line - 1, 1, block(_lead(line), key, value, _ending(line))))
        else:
            edits.append(replace_line(lines, field, value))
    return edits


def normalized(typed: str, multiline: bool, name: str) -> str:
    """Return the text as it is written: stripped, line breaks as `\\n`; refuse control chars."""
    value = typed.replace("\r\n", "\n").strip()
    if not multiline:
        check_one_line(name, value)
        return value
    for line in value.split("\n"):
        check_one_line(name, line.rstrip())
    return "\n".join(line.rstrip() for line in value.split("\n"))


def block(lead: str, key: str, value: str, ending: str) -> list[str]:
    """Return the lines of `key: value`: one quoted line, or a `|-` block for several lines."""
    if "\n" not in value:
        return [f"{lead}{key}: {json.dumps(value, ensure_ascii=False)}{ending}"]
    indent = " " * (len(lead) + 2)
    header = f"{lead}{key}: |2-" if value[:1] == " " else f"{lead}{key}: |-"
    body = [f"{indent}{line}{ending}" if line else ending for line in value.split("\n")]
    return [f"{header}{ending}", *body]


def _value_edits(
    lines: list[str], form: DirectoryForm, values: dict[int, dict[str, str]]
) -> list[Edit]:
    edits = []
    for entry in form.entries:
        for key, new in sorted(values.get(entry.index, {}).items()):
            shown = entry.fields.get(key)
            if shown is None:
                raise FormError(field_id(entry.index, key), f"an entry has no field '{key}'")
            new = new.strip()
            if new == shown.value:
                continue
            check_one_line(field_id(entry.index, key), new)
            if not shown.editable:
                raise FormError(
                    field_id(entry.index, key),
                    f"'{key}' is written over several lines in {form.path}: change it there",
                )
            if shown.line is not None:
                edits.append(replace_line(lines, shown, new))
            elif new:
                edits.append(_new_value(lines, entry, shown.key, new, form.path))
    return edits


def _check_read_back(
    text: str,
    form: DirectoryForm,
    values: dict[int, dict[str, str]],
    top: dict[str, str],
    added: dict[int, dict[str, str]],
) -> None:
    """Make sure the YAML reads every written value back as the text typed."""
    try:
        again = read_form(text, form.path)
    except SiteError as error:
        raise FormError("directory", f"the change would break the file: {error}") from None
    for key, typed in top.items():
        if again.top[key].value != normalized(typed, key in MULTILINE_KEYS, top_field_id(key)):
            raise FormError(top_field_id(key), "this value cannot be written here")
    by_index = {entry.index: entry for entry in again.entries}
    for index, typed_values in [*values.items(), *added.items()]:
        entry = by_index.get(index)
        for key, value in typed_values.items():
            read = None if entry is None else (entry.id if key == "id" else entry.fields[key].value)
            if read != value.strip():
                raise FormError(field_id(index, key), "this value cannot be written here")


def new_entry_problems(form: DirectoryForm, added: dict[int, dict[str, str]]) -> list[FormError]:
    """Check the new entries' numbers and ids: a clean slug each, not used in the directory."""
    problems = []
    taken = {entry.id for entry in form.entries}
    for index, values in sorted(added.items()):
        name = field_id(index, "id")
        ident = values.get("id", "").strip()
        if index < len(form.entries):
            raise FormError("directory", "a new entry must come after the directory's entries")
        unknown = sorted(set(values) - {field.name for field in entry_fields()})
        if unknown:
            raise FormError(field_id(index, unknown[0]), f"an entry has no field '{unknown[0]}'")
        if not ident:
            message = "a new entry needs an id: a short name such as 'police' or 'victim-support'"
        elif not NEW_ID.fullmatch(ident):
            message = (
                f"'{ident}' cannot be an entry id: use lowercase letters, digits and single "
                "'-' between words, like 'police' or 'victim-support'"
            )
        elif ident in taken:
            message = f"this directory already has an entry '{ident}': choose another id"
        else:
            taken.add(ident)
            continue
        problems.append(FormError(name, message))
    return problems


def check_one_line(name: str, value: str) -> None:
    """Refuse a value with a line break or another control character, at its field."""
    for char in value:
        if unicodedata.category(char) == "Cc" or char in "\u2028\u2029":
            raise FormError(name, "this must be one line of text, without control characters")


def replace_line(lines: list[str], shown: FieldText, new: str) -> Edit:
    """Write a new value into the line of a one-line value (an empty one removes the line)."""
    assert shown.line is not None
    original = lines[shown.line - 1]
    comment = f"  {shown.comment}" if shown.comment else ""
    lead = _lead(original)
    if not new and "-" not in lead:
        return shown.line - 1, 1, []
    quoted = json.dumps(new, ensure_ascii=False)
    return shown.line - 1, 1, [f"{lead}{shown.key}: {quoted}{comment}{_ending(original)}"]


def insert(lines: list[str], anchor: int, indent: str, key: str, new: str) -> Edit:
    """Add `key: "new"` after line `anchor` (0: at the top), with the given indentation."""
    ending = _ending(lines[anchor - 1]) if anchor else _ending(lines[0])
    return anchor, 0, [f"{indent}{key}: {json.dumps(new, ensure_ascii=False)}{ending}"]


def _new_value(lines: list[str], entry: EntryForm, key: str, new: str, path: str) -> Edit:
    anchor = _anchor(entry, key)
    if anchor is None:
        raise FormError(
            field_id(entry.index, key),
            f"cannot add '{key}' to this entry here: add it in {path} itself",
        )
    return insert(lines, anchor, " " * len(_lead(lines[anchor - 1])), key, new)


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


def _added(lines: list[str], form: DirectoryForm, added: dict[int, dict[str, str]]) -> Edit:
    """Return the lines of the new entries, after the last entry (or under `entries:`)."""
    dash = form.item_lead
    keys = " " * len(dash)
    ending = _ending(lines[0])
    new: list[str] = []
    for _, values in sorted(added.items()):
        for field in entry_fields():
            value = values.get(field.name, "").strip()
            if value:
                lead = dash if field.name == "id" else keys
                new.append(f"{lead}{field.name}: {json.dumps(value, ensure_ascii=False)}{ending}")
    if form.entries:
        return form.entries[-1].lines[1], 0, new
    if form.entries_line is None:
        end = len(lines) - 1 if lines[-1] == "" else len(lines)
        return end, 0, [f"entries:{ending}", *new]
    line = lines[form.entries_line - 1]
    match = KEY_LINE.match(line.rstrip("\r"))
    rest = "" if match is None else match.group("rest").split(" #")[0].strip()
    if rest == "[]":
        return form.entries_line - 1, 1, [f"entries:{ending}", *new]
    if rest:
        raise FormError("directory", f"add the first entry in {form.path} itself")
    return form.entries_line, 0, new


def _last(field: FieldText) -> int:
    assert field.line is not None
    return field.last_line or field.line


def _lead(line: str) -> str:
    match = KEY_LINE.match(line.rstrip("\r"))
    assert match is not None  # editable values were found on such a line
    return match.group("lead")


def _ending(line: str) -> str:
    return "\r" if line.endswith("\r") else ""
