"""The editor's HTML for contact directories: their list, and a form with a set of fields per
entry, each phone number, web and e-mail address with a hidden box to type a change again."""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import quote

from sitegen.editor.contacts import FACT_KEYS, DirectoryForm, EntryForm, entry_fields, field_id
from sitegen.editor.views import document
from sitegen.read.config import load_config
from sitegen.read.discover import split_language

_LABELS = {
    "name": "Name",
    "phone": "Phone number",
    "url": "Web address",
    "email": "E-mail address",
    "address": "Address",
    "when": "When to contact them",
    "hours": "Hours",
}
_TYPES = {"phone": "tel", "url": "url", "email": "email"}


def list_directories(site_dir: Path) -> list[str]:
    """List the default-language directory files (content/contacts/*.yaml), site-relative."""
    folder = site_dir / "content" / "contacts"
    if not folder.is_dir():
        return []
    languages = load_config(site_dir).languages
    return [
        file.relative_to(site_dir).as_posix()
        for file in sorted(folder.glob("*.yaml"))
        if file.is_file()
        and not file.is_symlink()
        and split_language(file.stem, languages)[1] is None
    ]


def directory_list(paths: list[str]) -> str:
    """Return the page list's section of contact directories."""
    if not paths:
        return ""
    items = "".join(
        f'<li><a href="/_edit/contacts?path={escape(quote(path))}">{escape(path)}</a></li>'
        for path in paths
    )
    return f"<h2>Contact directories</h2><ul>{items}</ul>"


def directory_form(form: DirectoryForm, file_hash: str, lang: str, direction: str) -> bytes:
    """Return the editor of one directory: a fieldset per entry."""
    sets = "".join(_entry(entry, lang, direction) for entry in form.entries)
    main = (
        '<p><a href="/_edit/">All pages</a></p>'
        f"<h1>Contacts: <code>{escape(form.path)}</code></h1>"
        "<p>A changed phone number, web or e-mail address must be typed twice. It is then "
        "recorded in <code>contacts.lock</code>, as <code>sitegen contacts accept</code> does. "
        "Check a new number against the service's own website before you save it.</p>"
        f'<form id="contacts-form" novalidate data-path="{escape(form.path)}" '
        f'data-hash="{escape(file_hash)}">'
        '<span class="problems" id="problems-directory"></span>'
        f"{sets}"
        '<p><button type="submit" id="save">Save</button></p>'
        '<div id="status" role="status" aria-live="polite"></div>'
        '<div id="conflict" hidden><h2>Changed on disk since you opened it</h2>'
        "<p>Nothing was saved. Reload the page to see the file as it is now.</p></div>"
        "</form>"
    )
    return document(f"{form.path}: sitegen editor", main, scripts=("contacts.js",))


def _entry(entry: EntryForm, lang: str, direction: str) -> str:
    rows = []
    docs = {field.name: field.doc for field in entry_fields()}
    for key, shown in entry.fields.items():
        name = field_id(entry.index, key)
        fact = key in FACT_KEYS
        kind = _TYPES.get(key, "text")
        where = ' dir="ltr"' if fact else f' lang="{escape(lang)}" dir="{direction}"'
        lock = " readonly" if not shown.editable else ""
        rows.append(
            f'<p><label for="{name}">{_LABELS[key]}</label>'
            f'<input id="{name}" type="{kind}" data-entry="{entry.index}" data-key="{key}" '
            f'value="{escape(shown.value)}" data-original="{escape(shown.value)}"{where}{lock} '
            f'aria-describedby="help-{name} problems-{name}">'
            f'<span class="help" id="help-{name}">{escape(docs[key])}</span>'
            f'<span class="problems" id="problems-{name}"></span></p>'
        )
        if fact:
            rows.append(_confirm_box(name, key))
    legend = escape(entry.fields["name"].value or entry.id)
    return (
        f'<fieldset id="entry-{entry.index}"><legend>{legend} '
        f"<code>{escape(entry.id)}</code></legend>{''.join(rows)}</fieldset>"
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
