"""The editor's two requests for contact directories: the form (GET) and its save (POST).

Both take the same path checks as every other page (`security.writable_path`), and only a
default-language directory listed under `content/contacts/` is served. The write's own checks
(cookie, header, Origin, JSON) are done by `app` before a save reaches here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sitegen.editor import views
from sitegen.editor.contacts import read_form
from sitegen.editor.contactsave import DirectorySaved, NotSaved, Submitted, save_directory
from sitegen.editor.contactviews import directory_form, list_directories
from sitegen.editor.pages import FormError
from sitegen.editor.security import Refused, writable_path
from sitegen.editor.store import text_hash
from sitegen.errors import SiteError
from sitegen.i18n.languages import language_view
from sitegen.read.config import load_config


def _directory_path(site_dir: Path, relative: str) -> Path:
    path = writable_path(site_dir, relative, ("content",))
    if relative not in list_directories(site_dir):
        raise Refused(404, "there is no such contact directory (content/contacts/NAME.yaml)")
    return path


def contacts_page(site_dir: Path, relative: str) -> tuple[int, bytes]:
    """Return the status and HTML of a directory's form."""
    path = _directory_path(site_dir, relative)
    data = path.read_bytes()
    try:
        form = read_form(data.decode("utf-8"), relative)
    except (FormError, SiteError, UnicodeDecodeError) as error:
        return 422, views.message_page("Cannot edit this directory here", str(error))
    lang = load_config(site_dir).default_language
    return 200, directory_form(form, text_hash(data), lang, language_view(lang).dir)


def contacts_save(
    site_dir: Path, data: dict[str, Any], now: dt.datetime
) -> tuple[int, dict[str, object]]:
    """Save a directory's form; return the status and the JSON answer."""
    relative = data["path"]
    path = _directory_path(site_dir, relative)
    submitted = Submitted(
        str(data.get("hash", "")), _by_entry(data.get("entries")), _by_entry(data.get("confirm"))
    )
    outcome = save_directory(site_dir, relative, path, submitted, now)
    if isinstance(outcome, NotSaved):
        problems = [{"field": p.field, "message": str(p)} for p in outcome.problems]
        return 422, {"problems": problems, "confirm": list(outcome.confirm)}
    if not isinstance(outcome, DirectorySaved):
        return 409, {"on_disk": outcome.on_disk, "mine": outcome.mine}
    lock = outcome.lock
    return 200, {
        "hash": outcome.hash,
        "history_entry": outcome.history_entry,
        "lock": "" if lock is None else lock.report(),
        "lock_history_entry": outcome.lock_entry,
    }


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
