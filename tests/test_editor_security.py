"""The editor's defences, over plain HTTP to a real server on 127.0.0.1: the token and cookie,
Host (DNS rebinding), Origin, the write header and JSON body, and paths that lead out."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitegen.editor.security import MAX_BODY_BYTES, Refused, writable_path
from sitegen.editor.store import text_hash
from tests.editorkit import PAGE, PAGE_TEXT, Served, address_path, served_editor


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    def prepare(site: Path) -> None:
        outside = site.parent / "outside"
        outside.mkdir()
        (outside / "target.md").write_text("outside the site\n", encoding="utf-8")
        (site / "content" / "leak").symlink_to(outside, target_is_directory=True)

    with served_editor(tmp_path_factory.mktemp("editor"), prepare=prepare) as served:
        yield served


@pytest.fixture(scope="module")
def cookie(served: Served) -> str:
    return served.cookie()


def _save(page: str = PAGE, body: str = "Changed.\n") -> dict[str, object]:
    opened = text_hash(PAGE_TEXT.encode())
    return {"path": page, "fields": {"title": "Hacked"}, "body": body, "hash": opened}


def _page_untouched(served: Served) -> None:
    assert (served.site / PAGE).read_text(encoding="utf-8") == PAGE_TEXT
    assert not (served.site / ".sitegen").exists()


def test_the_printed_address_holds_a_long_random_token(served: Served) -> None:
    address = served.editor.address()
    assert re.fullmatch(rf"http://127\.0\.0\.1:{served.port}/_edit/\?token=[\w-]{{43}}", address)


def test_the_token_is_exchanged_for_a_strict_http_only_cookie_and_leaves_the_address(
    served: Served,
) -> None:
    answer = served.request("GET", address_path(served.editor.address()))
    assert answer.status == 303
    assert answer.headers["location"] == "/_edit/"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie.split("; ")
    assert "SameSite=Strict" in cookie.split("; ")
    assert served.editor.session.token not in cookie


def test_a_wrong_token_gets_no_cookie(served: Served) -> None:
    answer = served.request("GET", "/_edit/?token=guessed")
    assert answer.status == 403
    assert "set-cookie" not in answer.headers


@pytest.mark.parametrize(
    "path",
    [
        "/_edit/",
        "/_edit/page?path=content/index.md",
        "/_edit/static/editor.js",
        f"/_edit/api/history?path={PAGE}",
    ],
)
def test_every_editor_page_without_the_cookie_is_refused(served: Served, path: str) -> None:
    assert served.request("GET", path).status == 403
    assert served.request("GET", path, headers={"Cookie": "sitegen_edit=forged"}).status == 403


def test_with_the_cookie_the_page_list_is_served_with_a_strict_csp_and_no_cors(
    served: Served, cookie: str
) -> None:
    answer = served.request("GET", "/_edit/", headers={"Cookie": cookie})
    assert answer.status == 200
    csp = answer.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert not [name for name in answer.headers if name.startswith("access-control-")]


@pytest.mark.parametrize("host", ["evil.example:{port}", "127.0.0.1:1", "192.168.1.5:{port}", ""])
def test_a_foreign_host_is_refused_even_with_the_cookie(
    served: Served, cookie: str, host: str
) -> None:
    headers = {"Cookie": cookie, "Host": host.format(port=served.port)}
    assert served.request("GET", "/_edit/", headers=headers).status in (400, 403)
    post_headers = {**served.write_headers(cookie), "Host": host.format(port=served.port)}
    assert served.post("save", _save(), post_headers).status in (400, 403)
    _page_untouched(served)


def test_localhost_is_the_editor_too(served: Served, cookie: str) -> None:
    headers = {"Cookie": cookie, "Host": f"localhost:{served.port}"}
    assert served.request("GET", "/_edit/", headers=headers).status == 200


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"Origin": "http://evil.example"}, 403),
        ({"Origin": "null"}, 403),
        ({"Origin": ""}, 403),
        ({"X-Sitegen-Edit": ""}, 403),
        ({"Content-Type": "text/plain"}, 415),
        ({"Content-Type": "application/x-www-form-urlencoded"}, 415),
        ({"Cookie": ""}, 403),
    ],
)
def test_a_write_without_every_mark_of_the_editor_is_refused(
    served: Served, cookie: str, change: dict[str, str], status: int
) -> None:
    headers = {**served.write_headers(cookie), **change}
    headers = {name: value for name, value in headers.items() if value}
    assert served.post("save", _save(), headers).status == status
    _page_untouched(served)


def test_a_write_over_the_size_limit_is_refused_unread(served: Served, cookie: str) -> None:
    headers = {**served.write_headers(cookie), "Content-Length": str(MAX_BODY_BYTES + 1)}
    answer = served.request("POST", "/_edit/api/save", headers=headers, body=b"{}")
    assert answer.status == 413
    _page_untouched(served)


@pytest.mark.parametrize(
    "target",
    [
        "content/../site.yaml",
        "content/../../outside/target.md",
        "/etc/passwd",
        "content\\advice\\staying-safe.md",
        "content/leak/target.md",
        "site.yaml",
        "templates/page.html",
        "content",
    ],
)
def test_a_write_aimed_outside_content_is_refused(served: Served, cookie: str, target: str) -> None:
    answer = served.post("save", _save(target), served.write_headers(cookie))
    assert answer.status == 403
    assert (served.site.parent / "outside" / "target.md").read_text() == "outside the site\n"
    _page_untouched(served)


def test_the_live_reload_channel_refuses_a_foreign_origin(served: Served) -> None:
    headers = {"Origin": "http://evil.example"}
    assert served.request("GET", "/__sitegen__/wait.js?since=0", headers=headers).status == 403


def test_other_paths_accept_no_writes(served: Served, cookie: str) -> None:
    answer = served.request("POST", "/index.html", headers=served.write_headers(cookie), body=b"{}")
    assert answer.status == 501


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []
        self.sources: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._in_script = True
            source = dict(attrs).get("src")
            if source:
                self.sources.append(source)
        if any(name.startswith("on") for name, _ in attrs) or tag == "style":
            self.inline.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline.append(data)


def test_the_page_editor_has_no_inline_script_and_loads_only_its_own(
    served: Served, cookie: str
) -> None:
    answer = served.request("GET", f"/_edit/page?path={PAGE}", headers={"Cookie": cookie})
    assert answer.status == 200
    parser = _Scripts()
    parser.feed(answer.body.decode())
    assert parser.inline == []
    assert parser.sources == ["/_edit/static/editor.js"]


def test_writable_path_refuses_a_symlinked_writable_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", site / "content")
    with pytest.raises(Refused, match="content leads out of the site folder"):
        writable_path(site, "content/page.md")


def test_writable_path_allows_contacts_lock_and_translations(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "translations").mkdir(parents=True)
    assert writable_path(site, "contacts.lock") == (site / "contacts.lock").resolve()
    assert writable_path(site, "translations/ur/LC_MESSAGES/messages.po").name == "messages.po"
