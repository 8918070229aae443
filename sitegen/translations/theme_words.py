"""`extract` and `update`: the theme's words, from the templates into every language's catalog.

- `extract`: collect the theme's words (`_()`, `ngettext`, `pgettext`, `{% trans %}` in the
  templates) into `translations/messages.pot`;
- `update`: merge that template into every language's `messages.po`, keeping translators' work
  and marking changed words fuzzy (a new language in site.yaml gets a new catalog).

Also how many of the template's words a language's catalogs translate (`count_strings`), which
`update` reports and `status` shows.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from sitegen import __version__
from sitegen.errors import Problems, SiteError, SourceRef
from sitegen.i18n.languages import parse_locale
from sitegen.i18n.pofiles import CATALOG_NAME, CatalogSource
from sitegen.i18n.pofiles import read_catalog as read_po_file
from sitegen.read.config import load_config
from sitegen.read.discover import CONTACTS_DIR, CONTENT_DIR, discover
from sitegen.render.theme import theme_for
from sitegen.render.viewfacts import FOLDER_NAME_CONTEXT
from sitegen.site.model import Page
from sitegen.translations.edits import write_atomically

TRANSLATIONS_DIR = "translations"
TEMPLATE_NAME = "messages.pot"
TEMPLATES_DIR = "templates"
COMMENT_TAGS = ("Translators:",)
_METHOD_MAP = [("**.html", "jinja2.ext:babel_extract")]
_OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n", "encoding": "utf-8"}}
_POT_WIDTH = 76  # as `pybabel extract` writes it
_PO_WIDTH = 0  # catalogs unwrapped: one line a message is easiest to edit by hand


# -- extract and update ----------------------------------------------------------------------


def extract(site_dir: Path, theme_root: Path | None = None) -> tuple[Path, int]:
    """Write `translations/messages.pot` from the templates; return its path and message count."""
    load_config(site_dir)  # a folder that is not a site gets no translations/ folder
    theme = theme_for(site_dir, theme_root)
    catalog = Catalog(
        project="sitegen",
        version=__version__,
        copyright_holder="sitegen contributors",
        charset="utf-8",
        creation_date=_clock(),
    )
    seen_files: set[str] = set()
    for folder, label in theme.template_dirs:  # the site's own templates first
        for filename, lineno, message, comments, context in extract_from_dir(
            folder,
            _METHOD_MAP,
            _OPTIONS,
            keywords=DEFAULT_KEYWORDS,
            comment_tags=COMMENT_TAGS,
        ):
            name = Path(filename).as_posix()
            if label != TEMPLATES_DIR and name in seen_files:
                continue  # the site overrides this template: its words are not shown
            catalog.add(
                message,
                None,
                [(f"{label}/{name}", lineno)],
                auto_comments=comments,
                context=context,
            )
        if label == TEMPLATES_DIR:
            seen_files |= {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}
    for key in _folders_without_index(site_dir):
        catalog.add(
            Page(key, "section", "section").folder_title,
            None,
            [(f"{CONTENT_DIR}/{key}/", None)],  # type: ignore[list-item]
            auto_comments=[_FOLDER_COMMENT],
            context=FOLDER_NAME_CONTEXT,
        )
    target = site_dir / TRANSLATIONS_DIR / TEMPLATE_NAME
    _write_catalog(target, catalog, sort_by_file=True, width=_POT_WIDTH)
    return target, sum(1 for message in catalog if message.id)


_FOLDER_COMMENT = "The title of a folder of pages that has no index.md, shown in menus and lists."


def _folders_without_index(site_dir: Path) -> list[str]:
    """Return the site's folders that get a generated listing (their titles are catalog words)."""
    config = load_config(site_dir)
    keys = set()
    for source in discover(site_dir, config.languages, Problems()):
        if source.lang != config.default_language:
            continue
        if source.role == "page":
            keys.add(source.key)
        elif source.role == "directory":
            keys.add(f"{CONTACTS_DIR}/{source.name}")
    folders = set()
    for key in keys:
        parent = key.rpartition("/")[0]
        while parent:
            folders.add(parent)
            parent = parent.rpartition("/")[0]
    return sorted(folders - keys)


@dataclass(frozen=True)
class CatalogUpdate:
    """What `update` did to one language's catalog."""

    lang: str
    path: str  # site-relative
    created: bool
    counts: StringCounts


def update(site_dir: Path) -> list[CatalogUpdate]:
    """Merge `translations/messages.pot` into every language's catalog (creating missing ones)."""
    config = load_config(site_dir)
    template_path = site_dir / TRANSLATIONS_DIR / TEMPLATE_NAME
    if not template_path.is_file():
        raise SiteError.at(
            SourceRef(f"{TRANSLATIONS_DIR}/{TEMPLATE_NAME}"),
            "there is no template yet: run `python build.py translations extract` first",
        )
    template = read_template(template_path)
    results = []
    for lang in _catalog_languages(site_dir, config.languages):
        path = _catalog_path(site_dir, lang)
        rel = path.relative_to(site_dir).as_posix()
        if path.is_file():
            catalog = read_po_file(CatalogSource(path, rel), lang)
            catalog.update(template, update_header_comment=False)
            created = False
        elif is_english(lang):
            continue  # the theme's words are written in English: nothing to translate
        else:
            catalog = _new_catalog(template_path, lang)
            created = True
        _write_catalog(path, catalog, sort_by_file=False, width=_PO_WIDTH)
        results.append(CatalogUpdate(lang, rel, created, count_strings(template, [catalog])))
    return results


def _catalog_languages(site_dir: Path, listed: tuple[str, ...]) -> list[str]:
    """Return the site's languages, then any other language that already has a catalog."""
    folder = site_dir / TRANSLATIONS_DIR
    existing = sorted(p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{CATALOG_NAME}"))
    return list(dict.fromkeys([*listed, *existing]))


def read_template(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, charset="utf-8")


def _new_catalog(template_path: Path, lang: str) -> Catalog:
    """Start a language's catalog from the template, with its plural rules from CLDR."""
    with template_path.open("rb") as stream:
        catalog = read_po(stream, locale=parse_locale(lang), charset="utf-8")
    catalog.locale = parse_locale(lang)
    catalog.revision_date = _clock()
    catalog.fuzzy = False
    return catalog


def _catalog_path(site_dir: Path, lang: str) -> Path:
    return site_dir / TRANSLATIONS_DIR / lang / "LC_MESSAGES" / CATALOG_NAME


def is_english(lang: str) -> bool:
    return lang == "en" or lang.startswith("en-")


def _write_catalog(path: Path, catalog: Catalog, *, sort_by_file: bool, width: int) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=width, sort_by_file=sort_by_file)
    write_atomically(path, buffer.getvalue())


def _clock() -> dt.datetime:
    from sitegen.clock import build_clock

    return build_clock(None)


# -- how much is translated ------------------------------------------------------------------


@dataclass(frozen=True)
class StringCounts:
    """The theme's words in one language."""

    translated: int
    fuzzy: tuple[str, ...]
    missing: tuple[str, ...]


def count_strings(template: Catalog, catalogs: list[Catalog]) -> StringCounts:
    """Count the template's messages translated, fuzzy or missing (later catalogs win)."""
    translated = 0
    fuzzy: list[str] = []
    missing: list[str] = []
    for message in template:
        if not message.id:
            continue
        found = [c.get(message.id, message.context) for c in catalogs]
        entries = [m for m in found if m is not None and _has_string(m)]
        label = _message_label(message)
        if any(not m.fuzzy for m in entries):
            translated += 1
        elif entries:
            fuzzy.append(label)
        else:
            missing.append(label)
    return StringCounts(translated, tuple(fuzzy), tuple(missing))


def _has_string(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(strings) and all(strings)


def _message_label(message: Message) -> str:
    text = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{message.context}|{text}" if message.context else str(text)
