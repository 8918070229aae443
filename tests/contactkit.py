"""The editor's contact directory forms over HTTP, for the contact tests: the form of a
directory (or a translation), a save from it, and what came back."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from tests.editorkit import Answer, Served


def contacts_form(served: Served, cookie: str, path: str) -> BeautifulSoup:
    """GET the form of a directory or translation, which must be there."""
    answer = served.request("GET", f"/_edit/contacts?path={path}", headers={"Cookie": cookie})
    assert answer.status == 200, answer.body
    return BeautifulSoup(answer.body, "html.parser")


def save_contacts(served: Served, cookie: str, path: str, **sent: object) -> Answer:
    """POST a save of the form as just opened (its hash), with `sent` beside."""
    form = contacts_form(served, cookie, path).find(id="contacts-form")
    data = {"path": path, "hash": form["data-hash"], **sent}
    return served.post("contacts", data, served.write_headers(cookie))


def problems_of(answer: Answer) -> dict[str, str]:
    """The problems of a refused save, by field."""
    data = answer.json()
    assert isinstance(data, dict), data
    return {p["field"]: p["message"] for p in data["problems"]}


def lock_lines(site: Path) -> list[str]:
    """The records of contacts.lock, without its comments."""
    text = (site / "contacts.lock").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]
