"""A file that is not saved as UTF-8 (a page saved as Windows-1252 by an old editor) is refused
by the editor with a message naming it, never shown with its bytes replaced, and never written."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from sitegen.site.lock import accept_contacts
from tests.editorkit import PAGE, served_editor
from tests.test_editor_contacts import DIRECTORY, FILES, TRANSLATION

# "Café" and a curly apostrophe as Windows-1252 writes them: 0xe9 and 0x92 are not UTF-8.
WINDOWS_1252 = "---\ntitle: Caf\u00e9 meeting\n---\nWe\u2019ll be there.\n".encode("cp1252")


def _message(body: bytes) -> str:
    return " ".join(BeautifulSoup(body, "html.parser").get_text().split())


def test_a_page_not_saved_as_utf8_is_refused_naming_it(tmp_path: Path) -> None:
    with served_editor(tmp_path) as served:
        (served.site / PAGE).write_bytes(WINDOWS_1252)
        cookie = served.cookie()
        answer = served.request("GET", f"/_edit/page?path={PAGE}", headers={"Cookie": cookie})
        assert answer.status == 422
        assert (
            f"{PAGE} is not saved as UTF-8 (line 2 cannot be read), so the editor cannot show "
            "it without changing it" in _message(answer.body)
        )
        sent = {"path": PAGE, "hash": "", "fields": {"title": "Cafe"}, "body": "Hello."}
        saved = served.post("save", sent, served.write_headers(cookie))
        assert saved.status == 422
        problems = saved.json()["problems"]  # type: ignore[index]
        assert problems[0]["field"] == "text"
        assert problems[0]["message"].startswith(f"{PAGE} is not saved as UTF-8")
        assert (served.site / PAGE).read_bytes() == WINDOWS_1252


def test_a_translation_whose_original_is_not_utf8_is_refused(tmp_path: Path) -> None:
    original = "content/advice/staying-safe.md"
    with served_editor(tmp_path) as served:
        (served.site / original).write_bytes(WINDOWS_1252)
        translation = "content/advice/staying-safe.ur.md"
        before = (served.site / translation).read_bytes()
        cookie = served.cookie()
        answer = served.request(
            "GET", f"/_edit/segments?path={translation}", headers={"Cookie": cookie}
        )
        assert answer.status == 422
        assert f"{original} is not saved as UTF-8" in _message(answer.body)
        sent = {"path": translation, "hash": "", "context": "x", "text": "y"}
        saved = served.post("segment", sent, served.write_headers(cookie))
        assert saved.status == 422
        problems = saved.json()["problems"]  # type: ignore[index]
        assert problems[0]["message"].startswith(f"{original} is not saved as UTF-8")
        assert (served.site / translation).read_bytes() == before


def test_a_directory_translation_whose_original_is_not_utf8_is_refused(tmp_path: Path) -> None:
    with served_editor(tmp_path, FILES, prepare=accept_contacts) as served:
        before = (served.site / TRANSLATION).read_bytes()
        original = (served.site / DIRECTORY).read_text(encoding="utf-8")
        cookie = served.cookie()
        page = served.request(
            "GET", f"/_edit/contacts?path={TRANSLATION}", headers={"Cookie": cookie}
        )
        assert page.status == 200, page.body
        form = BeautifulSoup(page.body, "html.parser").find(id="contacts-form")
        broken = original.replace("title:", "title: Caf\u00e9", 1).encode("cp1252")
        (served.site / DIRECTORY).write_bytes(broken)
        sent = {"path": TRANSLATION, "hash": form["data-hash"], "entries": {}}
        saved = served.post("contacts", sent, served.write_headers(cookie))
        assert saved.status == 422, saved.body
        problems = saved.json()["problems"]  # type: ignore[index]
        assert problems[0]["field"] == "text"
        assert problems[0]["message"].startswith(f"{DIRECTORY} is not saved as UTF-8")
        assert (served.site / TRANSLATION).read_bytes() == before
        again = served.request(
            "GET", f"/_edit/contacts?path={TRANSLATION}", headers={"Cookie": cookie}
        )
        assert again.status == 422
        assert f"{DIRECTORY} is not saved as UTF-8" in _message(again.body)
