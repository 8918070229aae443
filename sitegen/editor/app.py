"""The editor's requests: read-only pages for GET, JSON writes for POST, each checked first.

`Editor.answer` takes what the server read off the socket and returns a `Response`; the server
only sends it. Every response carries the editor's CSP (no inline script, no framing) and no
CORS header, so no other site can read or drive it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from sitegen.content.markdown import render_markdown
from sitegen.content.markdown_types import MarkdownOptions
from sitegen.editor import views
from sitegen.editor.checks import site_problems
from sitegen.editor.contactpaths import list_directories
from sitegen.editor.contactroutes import contacts_page, contacts_save
from sitegen.editor.contactviews import directory_list
from sitegen.editor.newfile import KINDS as NEW_KINDS
from sitegen.editor.newfile import make_new_file
from sitegen.editor.pages import (
    FormError,
    compose,
    decoded,
    field_at,
    list_choices,
    list_pages,
    split_page,
)
from sitegen.editor.pasteimport import preview_import, write_import
from sitegen.editor.security import (
    CSP,
    Headers,
    Refused,
    Session,
    check_host,
    check_read,
    check_write,
    writable_path,
)
from sitegen.editor.segments import SegmentRefused, side_by_side, with_segment
from sitegen.editor.store import Conflict, history, kept_version, save, text_hash
from sitegen.errors import Problem, Problems, SourceRef
from sitegen.i18n.languages import language_view
from sitegen.read.config import load_config
from sitegen.read.discover import split_language

PREFIX = "/_edit/"
_STATIC = {
    "editor.js": "text/javascript; charset=utf-8",
    "new.js": "text/javascript; charset=utf-8",
    "import.js": "text/javascript; charset=utf-8",
    "contacts.js": "text/javascript; charset=utf-8",
    "editor.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml; charset=utf-8",
}
_HTML = "text/html; charset=utf-8"
_JSON = "application/json; charset=utf-8"


@dataclass(frozen=True)
class Response:
    """What to send back: status, headers and body."""

    status: int
    body: bytes = b""
    content_type: str = _HTML
    headers: tuple[tuple[str, str], ...] = field(default=())

    def all_headers(self) -> list[tuple[str, str]]:
        return [
            ("Content-Type", self.content_type),
            ("Content-Security-Policy", CSP),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "no-referrer"),
            *self.headers,
        ]


def _json(status: int, data: object) -> Response:
    return Response(status, json.dumps(data, ensure_ascii=False).encode(), _JSON)


class Editor:
    """The editor of one site, for one server run (one session)."""

    def __init__(
        self, site_dir: Path, session: Session, now: Callable[[], dt.datetime] | None = None
    ) -> None:
        self.site_dir = site_dir.resolve()
        self.session = session
        self.port = 0  # set once the server is bound
        self._now = now or (lambda: dt.datetime.now(dt.UTC))

    def address(self) -> str:
        """Return the address to open: it holds the token, exchanged for a cookie on first use."""
        return f"http://127.0.0.1:{self.port}{PREFIX}?token={self.session.token}"

    def answer(self, method: str, path: str, headers: Headers, body: bytes) -> Response:
        """Check and answer one request to /_edit/."""
        try:
            if method == "POST":
                return self._post(path, headers, body)
            return self._get(path, headers)
        except Refused as refused:
            return Response(refused.status, views.message_page("Refused", refused.reason))

    def body_length(self, headers: Headers) -> int:
        """Check a write's headers before its body is read; return how much to read."""
        return check_write(headers, self.session, self.port)

    def _get(self, target: str, headers: Headers) -> Response:
        path, _, query = target.partition("?")
        params = {key: values[0] for key, values in parse_qs(query).items()}
        if path == PREFIX and "token" in params:
            return self._exchange(params["token"], headers)
        check_read(headers, self.session, self.port)
        if path == PREFIX:
            more = views.new_file_form(NEW_KINDS) + directory_list(self.site_dir)
            return Response(200, views.page_list(list_pages(self.site_dir), more))
        if path == PREFIX + "import":
            return Response(200, views.import_page())
        if path == PREFIX + "page":
            return self._page(params.get("path", ""))
        if path == PREFIX + "contacts":
            return Response(*contacts_page(self.site_dir, params.get("path", "")))
        if path == PREFIX + "segments":
            return self._segments(params.get("path", ""))
        if path == PREFIX + "api/history":
            relative = params.get("path", "")
            writable_path(self.site_dir, relative)
            entries = history(self.site_dir, relative)
            return _json(200, [{"name": e.name, "saved_at": e.saved_at} for e in entries])
        name = path.removeprefix(PREFIX + "static/")
        if name in _STATIC:
            data = files("sitegen.editor").joinpath("static", name).read_bytes()
            return Response(200, data, _STATIC[name])
        return Response(404, views.message_page("Not found", "The editor has no such page."))

    def _exchange(self, token: str, headers: Headers) -> Response:
        check_host(headers, self.port)
        if not self.session.token_matches(token):
            raise Refused(403, "this token is not the one `sitegen serve --edit` printed")
        # 303 to the bare address: the token leaves the address bar (and the history).
        cookie = ("Set-Cookie", self.session.cookie_header())
        return Response(303, b"", _HTML, (("Location", PREFIX), cookie))

    def _page(self, relative: str) -> Response:
        path = writable_path(self.site_dir, relative, ("content",))
        if not path.is_file():
            return Response(404, views.message_page("Not found", "There is no such page."))
        data = path.read_bytes()
        lang = self._language(path)
        try:
            page = split_page(decoded(data, relative))
        except FormError as error:
            return Response(422, views.message_page("Cannot edit this page here", str(error)))
        direction = language_view(lang).dir
        choices = list_choices(self.site_dir, list_directories(self.site_dir))
        form = views.page_form(relative, page, text_hash(data), lang, direction, choices)
        return Response(200, form)

    def _segments(self, relative: str) -> Response:
        path = writable_path(self.site_dir, relative, ("content",))
        if not path.is_file():
            return Response(404, views.message_page("Not found", "There is no such page."))
        try:
            view = side_by_side(self.site_dir, relative)
        except SegmentRefused as error:
            return Response(404, views.message_page("Not a translation", str(error)))
        except FormError as error:
            return Response(422, views.message_page("Cannot edit this page here", str(error)))
        data = path.read_bytes()
        return Response(
            200, views.segments_page(view, text_hash(data), language_view(view.lang).dir)
        )

    def _segment(self, data: dict[str, Any]) -> Response:
        """Change one segment of a translation, if it keeps the original's protected spans."""
        relative = data["path"]
        path = writable_path(self.site_dir, relative, ("content",))
        if not path.is_file():
            raise Refused(404, "there is no such page")
        try:
            text = with_segment(
                self.site_dir, relative, str(data.get("context", "")), str(data.get("text", ""))
            )
        except (SegmentRefused, FormError) as error:
            return _json(422, {"problems": [{"field": "segment", "message": str(error)}]})
        outcome = save(self.site_dir, relative, path, text, str(data.get("hash", "")), self._now())
        if isinstance(outcome, Conflict):
            return _json(409, {"on_disk": outcome.on_disk, "mine": outcome.mine})
        return _json(200, {"hash": outcome.hash, "history_entry": outcome.history_entry})

    def _language(self, path: Path) -> str:
        config = load_config(self.site_dir)
        return split_language(path.stem, config.languages)[1] or config.default_language

    def _post(self, path: str, headers: Headers, body: bytes) -> Response:
        check_write(headers, self.session, self.port)
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise Refused(400, "the body is not JSON") from None
        if not isinstance(data, dict) or not isinstance(data.get("path"), str):
            raise Refused(400, "the body must be a JSON object with a path")
        handlers = {
            "preview": self._preview,
            "save": self._save,
            "restore": self._restore,
            "segment": self._segment,
            "contacts": self._save_contacts,
            "new": self._new_file,
            "import-preview": self._preview_import,
            "import": self._write_import,
        }
        handler = handlers.get(path.removeprefix(PREFIX + "api/"))
        if handler is None:
            return Response(404, views.message_page("Not found", "The editor has no such action."))
        return handler(data)

    def _preview_import(self, data: dict[str, Any]) -> Response:
        return _json(*preview_import(self.site_dir, data))

    def _write_import(self, data: dict[str, Any]) -> Response:
        return _json(*write_import(self.site_dir, data))

    def _new_file(self, data: dict[str, Any]) -> Response:
        return _json(*make_new_file(self.site_dir, data, self._now()))

    def _save_contacts(self, data: dict[str, Any]) -> Response:
        return _json(*contacts_save(self.site_dir, data, self._now()))

    def _preview(self, data: dict[str, Any]) -> Response:
        """Render the body as the build does (sanitised), with the problems at body lines."""
        relative = data["path"]
        path = writable_path(self.site_dir, relative, ("content",))
        config = load_config(self.site_dir)
        lang = self._language(path)
        options = MarkdownOptions(
            raw_html=config.raw_html,
            remote_media=config.remote_media,
            isolate_ltr=language_view(lang).dir == "rtl",
            lang=lang,
            region=config.region,
        )
        problems = Problems()
        body_line = int(data.get("body_line") or 1)
        ref = SourceRef(relative, body_line)
        result = render_markdown(str(data.get("body", "")), ref, problems, options)
        shown = [_problem(p, body_line) for p in problems.items]
        return _json(200, {"html": result.html, "problems": shown})

    def _save(self, data: dict[str, Any]) -> Response:
        relative = data["path"]
        path = writable_path(self.site_dir, relative, ("content",))
        if not path.is_file():
            raise Refused(404, "there is no such page")
        values = {k: str(v) for k, v in dict(data.get("fields") or {}).items()}
        lists = {
            str(name): [str(item) for item in items]
            for name, items in dict(data.get("lists") or {}).items()
            if isinstance(items, list)
        }
        try:
            page = split_page(decoded(path.read_bytes(), relative))
            text = compose(page, values, str(data.get("body", "")), lists)
        except FormError as error:
            return _json(422, {"problems": [{"field": error.field, "message": str(error)}]})
        outcome = save(self.site_dir, relative, path, text, str(data.get("hash", "")), self._now())
        if isinstance(outcome, Conflict):
            return _json(409, {"on_disk": outcome.on_disk, "mine": outcome.mine})
        problems = self._problems_of(relative, text)
        return _json(
            200,
            {
                "hash": outcome.hash,
                "history_entry": outcome.history_entry,
                "problems": problems,
                "body_line": split_page(text).body_line,
            },
        )

    def _problems_of(self, relative: str, text: str) -> list[dict[str, object]]:
        """Run the site's checks; return this file's problems at their fields and lines."""
        found: list[dict[str, object]] = []
        for problem in site_problems(self.site_dir):
            if problem.ref.path == relative:
                name, body_line = field_at(text, problem.ref.line)
                found.append(
                    {
                        "field": name,
                        "line": problem.ref.line,
                        "body_line": body_line,
                        "level": problem.level,
                        "message": problem.message,
                    }
                )
        return found

    def _restore(self, data: dict[str, Any]) -> Response:
        relative = data["path"]
        path = writable_path(self.site_dir, relative, ("content",))
        kept = kept_version(self.site_dir, relative, str(data.get("entry", "")))
        if kept is None:
            raise Refused(404, "the history has no such version")
        outcome = save(
            self.site_dir,
            relative,
            path,
            kept.decode("utf-8"),
            str(data.get("hash", "")),
            self._now(),
        )
        if isinstance(outcome, Conflict):
            return _json(409, {"on_disk": outcome.on_disk, "mine": outcome.mine})
        return _json(200, {"hash": outcome.hash, "history_entry": outcome.history_entry})


def _problem(problem: Problem, body_line: int) -> dict[str, object]:
    line = problem.ref.line
    shown = None if line is None else line - body_line + 1
    return {
        "field": "body",
        "line": line,
        "body_line": shown,
        "level": problem.level,
        "message": problem.message,
    }
