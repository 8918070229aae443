"""The editor's HTML for contact directories: their list (translations under their directory),
and a form with the title and introduction, a set of fields per entry (each phone number, web
and e-mail address with a hidden box to type a change again, and a box to remove the entry),
and a template the page copies to add an entry."""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import quote

from sitegen.editor.contactpaths import list_directories, translations_of
from sitegen.editor.contacts import (
    FACT_KEYS,
    DirectoryForm,
    EntryForm,
    FieldText,
    entry_fields,
    field_id,
    top_field_id,
)
from sitegen.editor.contacttranslation import TranslatedEntry, TranslationForm, words_id
from sitegen.editor.views import document
from sitegen.i18n.languages import language_view

_LABELS = {
    "id": "Id (a short name used in links and contacts.lock, such as police)",
    "name": "Name",
    "phone": "Phone number",
    "url": "Web address",
    "email": "E-mail address",
    "address": "Address",
    "when": "When to contact them",
    "hours": "Hours",
}
_TYPES = {"phone": "tel", "url": "url", "email": "email"}
_TOP_LABELS = {"title": "Title", "intro": "Introduction"}
_TOP_DOCS = {
    "title": "The directory's heading.",
    "intro": "A sentence or two shown before the entries.",
}


# The end of both forms: the save button, the status line, and what a conflict says.
_FORM_END = (
    '<p><button type="submit" id="save">Save</button></p>'
    '<div id="status" role="status" aria-live="polite"></div>'
    '<div id="conflict" hidden><h2>Changed on disk since you opened it</h2>'
    "<p>Nothing was saved. Reload the page to see the file as it is now.</p></div>"
    "</form>"
)


def directory_list(site_dir: Path) -> str:
    """Return the page list's section of contact directories, each with its translations."""
    paths = list_directories(site_dir)
    if not paths:
        return ""
    items = "".join(
        f"<li>{_link(path)}{_translations(translations_of(site_dir, path))}</li>" for path in paths
    )
    return f"<h2>Contact directories</h2><ul>{items}</ul>"


def _link(path: str) -> str:
    return f'<a href="/_edit/contacts?path={escape(quote(path))}">{escape(path)}</a>'


def _translations(found: dict[str, str]) -> str:
    if not found:
        return ""
    items = []
    for lang, path in found.items():
        view = language_view(lang)
        items.append(
            f"<li>{_link(path)}: {escape(view.english_name)} "
            f'(<span lang="{escape(lang)}" dir="{view.dir}">{escape(view.name)}</span>)</li>'
        )
    return f"<ul>{''.join(items)}</ul>"


def directory_form(form: DirectoryForm, file_hash: str, lang: str, direction: str) -> bytes:
    """Return the editor of one directory: its own fields, then a fieldset per entry."""
    words = f' lang="{escape(lang)}" dir="{direction}"'
    top = "".join(top_row(key, shown, words) for key, shown in form.top.items())
    sets = "".join(_entry(entry, words) for entry in form.entries)
    main = (
        '<p><a href="/_edit/">All pages</a></p>'
        f"<h1>Contacts: <code>{escape(form.path)}</code></h1>"
        "<p>A changed phone number, web or e-mail address must be typed twice. It is then "
        "recorded in <code>contacts.lock</code>, as <code>sitegen contacts accept</code> does. "
        "Check a new number against the service's own website before you save it.</p>"
        f'<form id="contacts-form" novalidate data-path="{escape(form.path)}" '
        f'data-hash="{escape(file_hash)}" data-next="{len(form.entries)}">'
        '<span class="problems" id="problems-directory"></span>'
        f"{top}{sets}"
        '<div id="new-entries"></div>'
        '<p><button type="button" id="add-entry">Add an entry</button></p>'
        f'<template id="new-entry">{_new_entry(words)}</template>'
        f"{_FORM_END}"
    )
    return document(f"{form.path}: sitegen editor", main, scripts=("contacts.js",))


def top_row(key: str, shown: FieldText, words: str) -> str:
    """Return the row of the directory's title or introduction (a text area for the latter)."""
    name = top_field_id(key)
    lock = "" if shown.rewritable else " readonly"
    common = (
        f'id="{name}" data-top="{key}" data-original="{escape(shown.value)}"{words}{lock} '
        f'aria-describedby="help-{name} problems-{name}"'
    )
    if key == "intro":
        box = f'<textarea {common} rows="3">{escape(shown.value)}</textarea>'
    else:
        box = f'<input {common} type="text" value="{escape(shown.value)}">'
    return (
        f'<p><label for="{name}">{_TOP_LABELS[key]}</label>{box}'
        f'<span class="help" id="help-{name}">{escape(_TOP_DOCS[key])}</span>'
        f'<span class="problems" id="problems-{name}"></span></p>'
    )


def _entry(entry: EntryForm, words: str) -> str:
    rows = [
        _row(entry.index, key, shown.value, words, shown.editable, "")
        for key, shown in entry.fields.items()
    ]
    legend = escape(entry.fields["name"].value or entry.id)
    return (
        f'<fieldset id="entry-{entry.index}"><legend>{legend} '
        f"<code>{escape(entry.id)}</code></legend>{''.join(rows)}"
        f"{_remove_box(entry)}</fieldset>"
    )


def _new_entry(words: str) -> str:
    """Return the fields of a new entry, numbered __N__ (the page puts the entry's number)."""
    rows = "".join(
        _row("__N__", field.name, "", words, True, " data-new") for field in entry_fields()
    )
    return (
        '<fieldset id="entry-__N__" class="new-entry"><legend>New entry</legend>'
        f'<span class="problems" id="problems-entry-__N__"></span>{rows}</fieldset>'
    )


def _row(index: int | str, key: str, value: str, words: str, editable: bool, new: str) -> str:
    docs = {field.name: field.doc for field in entry_fields()}
    name = field_id(index, key)
    fact = key in FACT_KEYS
    where = ' dir="ltr"' if fact or key == "id" else words
    lock = "" if editable else " readonly"
    row = (
        f'<p><label for="{name}">{_LABELS[key]}</label>'
        f'<input id="{name}" type="{_TYPES.get(key, "text")}" data-entry="{index}" '
        f'data-key="{key}" value="{escape(value)}" data-original="{escape(value)}"{where}'
        f'{lock}{new} aria-describedby="help-{name} problems-{name}">'
        f'<span class="help" id="help-{name}">{escape(docs[key])}</span>'
        f'<span class="problems" id="problems-{name}"></span></p>'
    )
    return row + (_confirm_box(name, key) if fact else "")


def _remove_box(entry: EntryForm) -> str:
    name = field_id(entry.index, "remove")
    facts = (
        " and its facts from contacts.lock"
        if any(entry.fields[key].value for key in FACT_KEYS)
        else ""
    )
    return (
        f'<p><button type="button" class="remove" data-remove="{entry.index}">'
        f"Remove this entry…</button></p>"
        f'<p class="confirm" id="confirm-{name}" hidden>'
        f'<label for="{name}">To remove this entry{facts}, type its id '
        f"({escape(entry.id)}) here, then press Remove entry</label>"
        f'<input id="{name}" type="text" dir="ltr" autocomplete="off" '
        f'aria-describedby="problems-{name}">'
        f'<button type="button" class="remove-now" data-entry="{entry.index}">'
        "Remove entry</button>"
        f'<span class="problems" id="problems-{name}"></span></p>'
    )


def _confirm_box(name: str, key: str) -> str:
    what = _LABELS[key].lower()
    return (
        f'<p class="confirm" id="confirm-{name}" hidden>'
        f'<label for="{name}-confirm">Type the new {what} again to confirm it '
        "(to remove it, type the old one)</label>"
        f'<input id="{name}-confirm" type="{_TYPES[key]}" dir="ltr" autocomplete="off" '
        f'data-confirms="{name}" aria-describedby="problems-{name}"></p>'
    )


def translation_form(form: TranslationForm, file_hash: str, lang: str, original_lang: str) -> bytes:
    """Return the editor of a translation: the original's words beside the translation's."""
    view = language_view(lang)
    words = f' lang="{escape(lang)}" dir="{view.dir}"'
    source = f' lang="{escape(original_lang)}" dir="{language_view(original_lang).dir}"'
    top = "".join(top_row(key, shown, words) for key, shown in form.top.items())
    sets = "".join(_translated(entry, words, source) for entry in form.entries)
    original = form.original.path
    main = (
        '<p><a href="/_edit/">All pages</a></p>'
        f"<h1>Contacts in {escape(view.english_name)}: <code>{escape(form.path)}</code></h1>"
        f"<p>The words of <code>{escape(original)}</code> in {escape(view.english_name)}. "
        "Phone numbers, web and e-mail addresses are the original's and are changed there "
        "only: saving a translation never changes <code>contacts.lock</code>.</p>"
        f'<form id="contacts-form" novalidate data-path="{escape(form.path)}" '
        f'data-hash="{escape(file_hash)}">'
        '<span class="problems" id="problems-directory"></span>'
        f"{top}{sets}"
        f"{_FORM_END}"
    )
    return document(f"{form.path}: sitegen editor", main, scripts=("contacts.js",))


def _translated(entry: TranslatedEntry, words: str, source: str) -> str:
    original = entry.original
    rows = []
    for key, shown in entry.fields.items():
        name = words_id(original.id, key)
        lock = "" if shown.editable else " readonly"
        rows.append(
            f'<p><label for="{name}">{_LABELS[key]}</label>'
            f'<span class="original" id="original-{name}"{source}>'
            f"Original: {escape(original.fields[key].value) or '(none)'}</span>"
            f'<input id="{name}" type="text" data-entry="{escape(original.id)}" '
            f'data-key="{key}" value="{escape(shown.value)}" '
            f'data-original="{escape(shown.value)}"{words}{lock} '
            f'aria-describedby="original-{name} problems-{name}">'
            f'<span class="problems" id="problems-{name}"></span></p>'
        )
    for key in FACT_KEYS:
        value = original.fields[key].value
        if value:
            rows.append(
                f'<p class="fact">{_LABELS[key]} (from the original, not translated): '
                f'<span dir="ltr" id="fact-{escape(original.id)}-{key}">{escape(value)}</span></p>'
            )
    legend = escape(original.fields["name"].value or original.id)
    return (
        f'<fieldset id="entry-{escape(original.id)}"><legend>{legend} '
        f"<code>{escape(original.id)}</code></legend>{''.join(rows)}</fieldset>"
    )
