"""The editor's HTML: the page list and the page form, escaped, with no inline script or style."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from sitegen.editor.formfields import FormField, form_fields
from sitegen.editor.listfields import LIST_FIELDS
from sitegen.editor.pages import ListedPage, PageText, sections
from sitegen.editor.segments import SideBySide, placeholder


def _document(title: str, main: str, script: bool = False) -> bytes:
    return document(title, main, ("editor.js",) if script else ())


def document(title: str, main: str, scripts: tuple[str, ...] = ()) -> bytes:
    """Return an editor page: its own stylesheet and scripts only, nothing inline."""
    tag = "".join(f'<script src="/_edit/static/{name}" defer></script>' for name in scripts)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<link rel="stylesheet" href="/_edit/static/editor.css">{tag}'
        '<link rel="icon" href="/_edit/static/favicon.svg"></head>'
        f"<body><main>{main}</main></body></html>\n"
    ).encode()


def page_list(pages: list[ListedPage], more: str = "") -> bytes:
    """Return the list of content/'s pages by section, with language and translation state
    (and `more`, the list's further sections, such as the contact directories)."""
    parts = ["<h1>Pages</h1>"]
    for section, listed in sections(pages).items():
        parts.append(f"<h2>{escape(section or 'Top level')}</h2><table><thead><tr>")
        parts.append('<th scope="col">File</th><th scope="col">Language</th>')
        parts.append('<th scope="col">State</th></tr></thead><tbody>')
        for page in listed:
            link = f"/_edit/page?path={quote(page.path)}"
            side = ""
            if page.state != "original":
                segments = f"/_edit/segments?path={quote(page.path)}"
                side = f' <a href="{escape(segments)}">(side by side)</a>'
            parts.append(
                f'<tr><td><a href="{escape(link)}">{escape(page.path)}</a>{side}</td>'
                f"<td>{escape(page.lang)}</td>"
                f'<td class="state-{escape(page.state)}">{escape(page.state)}</td></tr>'
            )
        parts.append("</tbody></table>")
    return document("Pages: sitegen editor", "".join(parts) + more, ("new.js",))


def new_file_form(kinds: dict[str, str]) -> str:
    """Return the form that makes a new page, statement, letter or alert (as `sitegen new`)."""
    options = "".join(
        f'<option value="{escape(kind)}">{escape(label)}</option>' for kind, label in kinds.items()
    )
    return (
        '<section aria-labelledby="new-heading"><h2 id="new-heading">Make a new page</h2>'
        '<p><a href="/_edit/import">Paste a letter or an e-mail thread</a> to make a '
        "statement with its letters.</p>"
        '<form id="new-form"><p><label for="new-kind">What</label>'
        f'<select id="new-kind" name="kind">{options}</select></p>'
        '<p><label for="new-where">Where</label>'
        '<input id="new-where" name="where" type="text" required dir="ltr" '
        'aria-describedby="new-where-hint problems-where">'
        '<span id="new-where-hint" class="help">Lower-case words joined by hyphens, under '
        "content/: statements/after-the-fire, advice/staying-safe, or for a letter the "
        "statement's folder.</span>"
        '<span class="problems" id="problems-where"></span></p>'
        '<p><button type="submit">Make it</button></p>'
        '<div id="new-status" role="status" aria-live="polite"></div></form></section>'
    )


Choices = dict[str, list[tuple[str, str]] | None]  # list field -> (value, label); None: any words


def page_form(
    path: str,
    page: PageText,
    file_hash: str,
    lang: str,
    direction: str,
    choices: Choices | None = None,
    fields: tuple[FormField, ...] | None = None,
) -> bytes:
    """Return the editor for one page: its fields (by default those of its kind), its text, and
    the preview beside them."""
    shown = form_fields(path) if fields is None else fields
    rows = [_form_field(field, page, lang, direction) for field in shown]
    rows += [list_field(name, page, (choices or {}).get(name)) for name in LIST_FIELDS]
    main = (
        '<p><a href="/_edit/">All pages</a></p>'
        f"<h1>Editing <code>{escape(path)}</code></h1>"
        '<div class="editor"><form id="page-form" data-path="'
        f'{escape(path)}" data-hash="{escape(file_hash)}" data-body-line="{page.body_line}">'
        + "".join(rows)
        + '<p><label for="field-body">Text (Markdown)</label>'
        f'<textarea id="field-body" name="body" rows="24" lang="{escape(lang)}" '
        f'dir="{direction}" aria-describedby="problems-body">{escape(page.body)}</textarea>'
        '<span class="problems" id="problems-body"></span></p>'
        '<p><button type="submit" id="save">Save</button></p>'
        '<div id="status" role="status" aria-live="polite"></div>'
        '<div id="conflict" hidden><h2>Changed on disk since you opened it</h2>'
        "<p>Nothing was saved. Copy what you need, then reload the page.</p>"
        '<h3>On disk</h3><pre id="conflict-disk"></pre>'
        '<h3>Yours</h3><pre id="conflict-mine"></pre></div>'
        "</form>"
        '<section aria-labelledby="preview-heading" class="preview">'
        '<h2 id="preview-heading">Preview</h2>'
        f'<div id="preview" lang="{escape(lang)}" dir="{direction}"></div></section></div>'
        '<section aria-labelledby="history-heading"><h2 id="history-heading">Earlier versions</h2>'
        '<ul id="history"></ul></section>'
    )
    return _document(f"{path}: sitegen editor", main, script=True)


def _form_field(field: FormField, page: PageText, lang: str, direction: str) -> str:
    """Return one field of the form: a box for its kind, its help and its problems."""
    name = field.name
    value = page.fields.get(name, "")
    locked = name in page.locked
    described = f'aria-describedby="help-{name} problems-{name}"'
    common = f'id="field-{name}" name="{name}" data-field="{name}" {described}'
    if field.kind == "choice" and not locked:
        options = "".join(
            f'<option value="{escape(choice)}"{" selected" if choice == value else ""}>'
            f"{escape(choice)}</option>"
            for choice in ("", *field.choices)
        )
        box = f"<select {common}>{options}</select>"
    else:
        kind = "date" if field.kind == "date" and not locked else "text"
        lock = " readonly" if locked else ""
        box = (
            f'<input {common} type="{kind}" value="{escape(value)}" lang="{escape(lang)}" '
            f'dir="{direction}"{lock}>'
        )
    return (
        f'<p><label for="field-{name}">{escape(field.label)}</label>{box}'
        f'<span class="help" id="help-{name}">{escape(field.help)}</span>'
        f'<span class="problems" id="problems-{name}"></span></p>'
    )


_LIST_HELP = {
    "audience": "Who the page is for (the audiences of site.yaml).",
    "tags": "What the page is about (the tags of site.yaml).",
    "contacts": "Contact directories shown in full on the page (content/contacts/).",
}


def list_field(name: str, page: PageText, choices: list[tuple[str, str]] | None) -> str:
    """Return a list field: a box per choice, or a line per value where any words will do."""
    found = page.lists.get(name)
    values = list(found.values) if found is not None else []
    label = name.capitalize()
    help_id, problems_id = f"help-{name}", f"problems-{name}"
    help_text = f'<span class="help" id="{help_id}">{escape(_LIST_HELP[name])}</span>'
    problems = f'<span class="problems" id="{problems_id}"></span>'
    if found is not None and not found.editable:
        shown = escape(", ".join(values) or "(written in a way the form cannot change)")
        return (
            f'<p><span class="label">{label}</span> {shown} <span class="help">Change it in the '
            f"file itself.</span>{problems}</p>"
        )
    if choices is None:
        text = escape("\n".join(values))
        return (
            f'<p><label for="list-{name}">{label} (one per line)</label>'
            f'<textarea id="list-{name}" data-list="{name}" rows="3" '
            f'aria-describedby="{help_id} {problems_id}">{text}</textarea>{help_text}{problems}</p>'
        )
    known = [value for value, _ in choices]
    options = choices + [(value, value) for value in values if value not in known]
    boxes = "".join(
        f'<label class="choice"><input type="checkbox" name="{name}" value="{escape(value)}"'
        f"{' checked' if value in values else ''}> {escape(text)}</label>"
        for value, text in options
    )
    return (
        f'<fieldset data-list="{name}" aria-describedby="{help_id} {problems_id}">'
        f"<legend>{label}</legend>{boxes or '<span>(none in this site)</span>'}"
        f"{help_text}{problems}</fieldset>"
    )


def import_page() -> bytes:
    """Return the page that turns a pasted letter or e-mail thread into a statement."""
    main = (
        '<p><a href="/_edit/">All pages</a></p><h1>Paste a letter or an e-mail thread</h1>'
        "<p>Paste it as it came (newest message first is fine). Nothing is written until you "
        "have seen what it makes: the statement's folder, each letter with who sent it and when "
        "as far as it could tell, and what you must fill in.</p>"
        '<form id="import-form"><p><label for="import-text">The letter or thread</label>'
        '<textarea id="import-text" name="text" rows="18" required dir="auto" '
        'aria-describedby="problems-text"></textarea>'
        '<span class="problems" id="problems-text"></span></p>'
        '<p><label for="import-into">Folder (optional)</label>'
        '<input id="import-into" name="into" type="text" dir="ltr" '
        'aria-describedby="import-into-help">'
        '<span class="help" id="import-into-help">statements/NAME; left empty, a name is made '
        "from the title.</span></p>"
        '<p><button type="submit" id="import-preview">Show what it makes</button> '
        '<button type="button" id="import-write" disabled>Write these files</button></p>'
        '<div id="import-status" role="status" aria-live="polite"></div></form>'
        '<section id="import-plan" aria-labelledby="import-plan-heading" hidden>'
        '<h2 id="import-plan-heading">What it makes</h2><div id="import-summary"></div>'
        '<div id="import-files"></div></section>'
    )
    return document("Paste a letter: sitegen editor", main, ("import.js",))


def message_page(title: str, text: str) -> bytes:
    """Return a plain page telling why a request was refused."""
    return _document(title, f"<h1>{escape(title)}</h1><p>{escape(text)}</p>")


def _token_legend(number: int, tokens: tuple[str, ...]) -> str:
    """Say what each placeholder in a segment's box stands for (kept as the original has it)."""
    if not tokens:
        return ""
    items = "".join(
        f'<li><code dir="ltr">{placeholder(index)}</code> <bdi dir="ltr">{escape(text)}</bdi></li>'
        for index, text in enumerate(tokens, start=1)
    )
    return (
        f'<div class="tokens" id="tokens-{number}">Kept as the original has them; move each '
        f"where your language needs it:<ul>{items}</ul></div>"
    )


# What a segment's row says beside its box (text, not colour alone).
_SEGMENT_STATES = {
    "": "",
    "missing": ' <span class="missing">(not translated)</span>',
    "changed": ' <strong class="changed">Changed: the original was changed since this was '
    "translated. Compare them and update the translation.</strong>",
    "untranslated": ' <span class="missing">(still the original\'s words: translate it)</span>',
}


def segments_page(view: SideBySide, file_hash: str, direction: str) -> bytes:
    """Return a translation beside its original, one row per segment, each row editable."""
    rows = []
    for number, pair in enumerate(view.pairs):
        original = "".join(
            f'<mark class="protected">{escape(span.text)}</mark>'
            if span.protected
            else escape(span.text)
            for span in pair.original
        )
        state = _SEGMENT_STATES[pair.state if pair.translated else "missing"]
        legend = _token_legend(number, pair.tokens)
        described = f' aria-describedby="tokens-{number}"' if pair.tokens else ""
        row_class = f' class="segment-{pair.state}"' if pair.state else ""
        rows.append(
            f'<tr{row_class}><th scope="row">{escape(pair.context)}</th>'
            f'<td lang="en" dir="auto">{original}</td><td>'
            f'<label class="visually-hidden" for="segment-{number}">'
            f"Translation of {escape(pair.context)}</label>{state}"
            f'<textarea id="segment-{number}" data-context="{escape(pair.context)}" rows="3" '
            f'lang="{escape(view.lang)}" dir="{direction}"{described}>'
            f"{escape(pair.translation)}</textarea>{legend}"
            f'<button type="button" class="save-segment" data-target="segment-{number}">'
            f"Save {escape(pair.context)}</button></td></tr>"
        )
    main = (
        '<p><a href="/_edit/">All pages</a></p>'
        f"<h1>Translating <code>{escape(view.translation_path)}</code></h1>"
        f"<p>Original: <code>{escape(view.original_path)}</code>. Highlighted parts (links, "
        "addresses, numbers) are kept as the original has them: in each box they are numbered "
        "placeholders (⟦1⟧) to move where your language needs them; a change that loses one "
        "is refused.</p>"
        f'<table id="segments" data-path="{escape(view.translation_path)}" '
        f'data-hash="{escape(file_hash)}"><thead><tr><th scope="col">Segment</th>'
        '<th scope="col">Original</th><th scope="col">Translation</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        '<div id="status" role="status" aria-live="polite"></div>'
    )
    return _document(f"{view.translation_path}: sitegen editor", main, script=True)
