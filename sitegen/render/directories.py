"""Contact directories as the template sees them: on their own page, and listed in other pages.

A directory's words come in the reader's language where it has a translation, and in the
default language otherwise; each entry says which, so its text is marked up in the right one.
A directory's entries are the same on every page that lists it, so they are built once per
language (and per kind of page: anchors differ on the directory's own page).
"""

from __future__ import annotations

from sitegen.content.contacts import Directory, LocalisedDirectory, localise
from sitegen.content.doc import Doc
from sitegen.errors import Problem
from sitegen.i18n.languages import iso_date
from sitegen.render.context import ContactEntryView, DirectoryView, PhoneView
from sitegen.render.viewfacts import ViewFacts
from sitegen.site.routing import page_link


def page_directories(views: ViewFacts, doc: Doc, lang: str, here: str) -> tuple[DirectoryView, ...]:
    shown = []
    for directory_id in doc.meta.get("contacts", ()):
        directory = views.site.directories.get(directory_id)
        if directory is None and directory_id in views.site.unreadable_directories:
            continue  # its file could not be read: that error says why
        if directory is None:
            known = ", ".join(sorted(views.site.directories)) or "none yet"
            views.reporter.report(
                Problem(
                    doc.source.ref.at(doc.line_of("contacts")),
                    f"no contact directory {directory_id!r} (directories: {known})",
                )
            )
            continue
        view = directory_view(views, directory, lang, here, own_page=False)
        if view is not None:
            shown.append(view)
    return tuple(shown)


def directory_view(
    views: ViewFacts, directory: Directory | None, lang: str, here: str, *, own_page: bool
) -> DirectoryView | None:
    if directory is None:
        return None
    local = localised(views, directory, lang)
    words_lang = lang if local.translated or lang == views.default else views.default
    if lang != views.default and lang not in directory.translations:
        words_lang = views.default
    return DirectoryView(
        id=directory.id,
        title=local.title,
        intro=local.intro,
        entries=entry_views(views, local, lang, own_page),
        url=page_link(here, f"contacts/{directory.id}", lang),
        lang=words_lang,
        dir=views.languages[words_lang].dir,
        checked=views.format_date(directory.reviewed, lang),
        checked_iso=iso_date(directory.reviewed),
    )


def localised(views: ViewFacts, directory: Directory, lang: str) -> LocalisedDirectory:
    """Return a directory's words for `lang` readers (see `contacts.localise`)."""
    key = (directory.id, lang)
    local = views.memo.localised.get(key)
    if local is None:
        local = views.memo.localised[key] = localise(directory, lang)
    return local


def entry_views(
    views: ViewFacts, local: LocalisedDirectory, lang: str, own_page: bool
) -> tuple[ContactEntryView, ...]:
    key = (local.directory.id, lang, own_page)
    found = views.memo.entries.get(key)
    if found is None:
        found = views.memo.entries[key] = _entry_views(views, local, lang, own_page)
    return found


def _entry_views(
    views: ViewFacts, local: LocalisedDirectory, lang: str, own_page: bool
) -> tuple[ContactEntryView, ...]:
    entries = []
    has_translation = lang == views.default or lang in local.directory.translations
    for item in local.entries:
        entry = item.entry
        words_lang = lang if item.translated and has_translation else views.default
        phone = entry.phone
        entries.append(
            ContactEntryView(
                id=entry.id,
                anchor=entry.id if own_page else f"{local.directory.id}-{entry.id}",
                name=item.name,
                when=item.when,
                hours=item.hours,
                address=item.address,
                phone=PhoneView(phone.display, phone.tel) if phone else None,
                url=entry.url,
                url_display=_url_display(entry.url),
                email=entry.email,
                lang=words_lang,
                dir=views.languages[words_lang].dir,
            )
        )
    return tuple(entries)


def _url_display(url: str) -> str:
    if not url:
        return ""
    shown = url.split("://", 1)[-1]
    return shown[:-1] if shown.endswith("/") and shown.count("/") == 1 else shown
