"""The editor's two requests for contact directories: the form (GET) and its save (POST).

Both take the same path checks as every other page (`security.writable_path`), and only a
directory listed under `content/contacts/` (default language) or one of its translations
(`NAME.LANG.yaml`, for a language of the site) is served. The write's own checks
(cookie, header, Origin, JSON) are done by `app` before a save reaches here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sitegen.editor import views
from sitegen.editor.contactpaths import list_directories, original_of
from sitegen.editor.contacts import read_form
from sitegen.editor.contactsave import DirectorySaved, NotSaved, Submitted, save_directory
from sitegen.editor.contacttranslationsave import (
    Files,
    Translated,
    open_translation,
    save_translation,
)
from sitegen.editor.contactviews import directory_form, translation_form
from sitegen.editor.pages import FormError, decoded
from sitegen.editor.security import Refused, writable_path
from sitegen.editor.store import Conflict, Saved, text_hash
from sitegen.errors import SiteError
from sitegen.i18n.languages import language_view
from sitegen.read.config import load_config


def _directory_path(site_dir: Path, relative: str) -> tuple[Path, Files | None]:
    """Return the file on disk and, for a translation, its language and original."""
    path = writable_path(site_dir, relative, ("content",))
    if relative in list_directories(site_dir):
        return path, None
    found = original_of(site_dir, relative)
    if found is None:
        raise Refused(
            404,
            "there is no such contact directory "
            "(content/contacts/NAME.yaml, or a translation NAME.LANG.yaml)",
        )
    return path, Files(relative, path, found[1], found[0])


def contacts_page(site_dir: Path, relative: str) -> tuple[int, bytes]:
    """Return the status and HTML of a directory's (or a translation's) form."""
    path, files = _directory_path(site_dir, relative)
    data = path.read_bytes()
    lang = load_config(site_dir).default_language
    try:
        text = decoded(data, relative)
        if files is not None:
            translated = open_translation(site_dir, files, text)
            return 200, translation_form(translated, text_hash(data), files.lang, lang)
        form = read_form(text, relative)
    except (FormError, SiteError, UnicodeDecodeError) as error:
        return 422, views.message_page("Cannot edit this directory here", str(error))
    return 200, directory_form(form, text_hash(data), lang, language_view(lang).dir)


def contacts_save(
    site_dir: Path, data: dict[str, Any], now: dt.datetime
) -> tuple[int, dict[str, object]]:
    """Save a directory's (or a translation's) form; return the status and the JSON answer."""
    relative = data["path"]
    path, files = _directory_path(site_dir, relative)
    top = _texts(data.get("top"), "top")
    if files is not None:
        translated = Translated(str(data.get("hash", "")), top, _by_id(data.get("entries")))
        return _answer(save_translation(site_dir, files, translated, now))
    submitted = Submitted(
        str(data.get("hash", "")),
        _by_entry(data.get("entries")),
        _by_entry(data.get("confirm")),
        top,
        _by_entry(data.get("add")),
        _removed(data.get("remove")),
        str(data.get("remove_confirm", "")),
    )
    return _answer(save_directory(site_dir, relative, path, submitted, now))


def _answer(
    outcome: DirectorySaved | Saved | NotSaved | Conflict,
) -> tuple[int, dict[str, object]]:
    if isinstance(outcome, NotSaved):
        problems = [{"field": p.field, "message": str(p)} for p in outcome.problems]
        return 422, {"problems": problems, "confirm": list(outcome.confirm)}
    if isinstance(outcome, Conflict):
        return 409, {"on_disk": outcome.on_disk, "mine": outcome.mine}
    if isinstance(outcome, Saved):
        return 200, {"hash": outcome.hash, "history_entry": outcome.history_entry, "lock": ""}
    lock = outcome.lock
    return 200, {
        "hash": outcome.hash,
        "history_entry": outcome.history_entry,
        "lock": "" if lock is None else lock.report(),
        "lock_history_entry": outcome.lock_entry,
    }


def _texts(raw: object, what: str) -> dict[str, str]:
    """Read `{"title": "..."}`; refuse anything but text by name."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        raise Refused(400, f"{what} must be a JSON object of texts")
    return dict(raw)


def _removed(raw: object) -> int | None:
    if raw is None:
        return None
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
        raise Refused(400, "remove must be an entry number")
    return raw


def _by_id(raw: object) -> dict[str, dict[str, str]]:
    """Read a translation's `{"hotline": {"name": "..."}}` (entry id to words)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise Refused(400, "entries must be a JSON object of entry ids")
    return {str(key): _texts(values, "each entry's words") for key, values in raw.items()}


def _by_entry(raw: object) -> dict[int, dict[str, str]]:
    """Read `{"0": {"phone": "..."}}` (entry index to values); refuse anything else."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise Refused(400, "entries must be a JSON object of entry numbers")
    found: dict[int, dict[str, str]] = {}
    for index, values in raw.items():
        if not (isinstance(index, str) and index.isascii() and index.isdigit()):
            raise Refused(400, "entries must be keyed by entry number")
        if not isinstance(values, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in values.items()
        ):
            raise Refused(400, "each entry's values must be text")
        found[int(index)] = dict(values)
    return found
