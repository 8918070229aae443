"""An editor served on 127.0.0.1 for the editor's tests, and plain-HTTP helpers to talk to it."""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.editor.app import Editor
from sitegen.server.serve import ServeOptions, make_server
from tests.sitefixture import write_site

PAGE = "content/advice/staying-safe.md"
PAGE_TEXT = """\
---
title: Staying safe
summary: What to do if you feel unsafe.
date: 2026-11-10
audience: [parents]
---
Trust your instincts.

## At night

Keep doors locked and call 101 to report.
"""
FILES = {
    PAGE: PAGE_TEXT,
    "content/index.md": "---\ntitle: Riverside\n---\nNeighbours looking out for each other.\n",
    "content/advice/staying-safe.ur.md": "---\ntitle: محفوظ رہنا\n---\nاپنی جبلت پر بھروسہ کریں۔\n",
}


def _fake_build(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "index.html").write_text("<!DOCTYPE html><p>built</p>", encoding="utf-8")


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)


@dataclass(frozen=True)
class Served:
    site: Path
    editor: Editor
    host: str  # 127.0.0.1:PORT

    @property
    def port(self) -> int:
        return self.editor.port

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            sent = {"Host": self.host, **(headers or {})}
            if body is not None:
                sent.setdefault("Content-Length", str(len(body)))
            for name, value in sent.items():
                connection.putheader(name, value)
            connection.endheaders(body)
            response = connection.getresponse()
            got = {name.lower(): value for name, value in response.getheaders()}
            return Answer(response.status, got, response.read())
        finally:
            connection.close()

    def cookie(self) -> str:
        answer = self.request("GET", f"/_edit/?token={self.editor.session.token}")
        assert answer.status == 303, answer
        return answer.headers["set-cookie"].split(";")[0]

    def write_headers(self, cookie: str) -> dict[str, str]:
        return {
            "Cookie": cookie,
            "X-Sitegen-Edit": "1",
            "Content-Type": "application/json",
            "Origin": f"http://{self.host}",
        }

    def post(self, action: str, data: object, headers: dict[str, str]) -> Answer:
        body = json.dumps(data).encode()
        return self.request("POST", f"/_edit/api/{action}", headers=headers, body=body)


@contextmanager
def served_editor(
    root: Path, files: dict[str, str] | None = None, prepare: Callable[[Path], None] | None = None
) -> Iterator[Served]:
    """Serve a small site with the editor on 127.0.0.1 (a port the system picks)."""
    site = write_site(root / "site", FILES if files is None else files)
    if prepare is not None:
        prepare(site)
    options = ServeOptions(site, port=0, out_dir=root / "out", edit=True)
    server = make_server(options, _fake_build, log=lambda message: None)
    server.start()
    try:
        assert server.editor is not None
        yield Served(site, server.editor, f"127.0.0.1:{server.editor.port}")
    finally:
        server.stop()


def address_path(address: str) -> str:
    """Return the path and query of a printed editor address."""
    parts = urlsplit(address)
    return f"{parts.path}?{parts.query}"
