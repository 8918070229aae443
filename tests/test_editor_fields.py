"""The page form's fields follow the kind of page and the schema: a letter's sender, an alert's
dates and level, a page's review dates; each with the schema's help."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from sitegen.editor.formfields import form_fields
from sitegen.editor.pages import split_page
from sitegen.editor.store import text_hash
from sitegen.read.schemas import LETTER_SCHEMA
from tests.editorkit import Served, served_editor

LETTER = "content/statements/fire/letters/01-letter.md"
ALERT = "content/alerts/road-closed.md"
FILES = {
    "content/index.md": "---\ntitle: Home\n---\nHi.\n",
    "content/statements/fire/index.md": (
        "---\ntitle: After the fire\ndate: 2026-11-20\n---\nOurs.\n"
    ),
    LETTER: "---\n# from:  fill in\nrole: ''\ndate: 2026-11-21\n---\nWe are patrolling.\n",
    ALERT: (
        "---\ntitle: Road closed\nsummary: Use the side entrance.\nstarts: 2026-11-20\n"
        "ends: 2026-11-27\nlevel: info\n---\nThe main road is closed.\n"
    ),
}


class _Form(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.boxes: dict[str, dict[str, str | None]] = {}
        self.tags: dict[str, str] = {}
        self.options: dict[str, list[str | None]] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        name = found.get("data-field")
        if name:
            self.boxes[name], self.tags[name] = found, tag
            if tag == "select":
                self._select = name
                self.options[name] = []
        if tag == "option" and self._select:
            self.options[self._select].append(found.get("value"))
            if "selected" in found:
                self.boxes[self._select]["value"] = found.get("value")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with served_editor(tmp_path, FILES) as served:
        yield served


def opened(served: Served, path: str) -> _Form:
    answer = served.request("GET", f"/_edit/page?path={path}", headers={"Cookie": served.cookie()})
    assert answer.status == 200
    form = _Form()
    form.feed(answer.body.decode())
    return form


def test_a_letter_shows_who_sent_it_with_the_schemas_help(served: Served) -> None:
    form = opened(served, LETTER)
    assert list(form.boxes) == ["from", "role", "organisation", "address", "to", "date"]
    assert form.boxes["date"]["type"] == "date"
    assert form.boxes["date"]["value"] == "2026-11-21"
    assert form.boxes["from"]["value"] == ""
    role_help = next(f.doc for f in LETTER_SCHEMA.fields if f.name == "role")
    answer = served.request(
        "GET", f"/_edit/page?path={LETTER}", headers={"Cookie": served.cookie()}
    )
    assert f'<span class="help" id="help-role">{role_help}</span>' in answer.body.decode()


def test_filling_in_a_letters_sender_writes_those_keys_and_keeps_the_rest(served: Served) -> None:
    data = (served.site / LETTER).read_bytes()
    answer = served.post(
        "save",
        {
            "path": LETTER,
            "hash": text_hash(data),
            "fields": {"from": "Sarah Whitcombe", "role": "Chief Constable", "date": "2026-11-21"},
            "body": split_page(data.decode()).body,
        },
        served.write_headers(served.cookie()),
    )
    assert answer.status == 200, answer
    text = (served.site / LETTER).read_text(encoding="utf-8")
    assert "# from:  fill in" in text  # the import's reminder stays until removed by hand
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta == {
        "from": "Sarah Whitcombe",
        "role": "Chief Constable",
        "date": dt.date(2026, 11, 21),
    }


def test_an_alert_has_its_dates_and_a_level_to_choose(served: Served) -> None:
    form = opened(served, ALERT)
    assert list(form.boxes) == ["title", "summary", "starts", "ends", "level"]
    assert form.boxes["starts"]["type"] == form.boxes["ends"]["type"] == "date"
    assert form.tags["level"] == "select"
    assert form.boxes["level"]["value"] == "info"
    assert form.options["level"][0] == ""
    assert "info" in form.options["level"]


def test_a_page_has_its_review_dates() -> None:
    names = [field.name for field in form_fields("content/advice/safe.md")]
    assert names == ["title", "summary", "date", "updated", "reviewed", "review_by"]
    kinds = {field.name: field.kind for field in form_fields("content/advice/safe.md")}
    assert kinds["reviewed"] == kinds["review_by"] == "date"
