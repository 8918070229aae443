"""The page form's lists (audience, tags, contacts): read as written, written back in place."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from sitegen.editor.listfields import read_lists, write_lists
from sitegen.editor.pages import compose, field_at, split_page
from sitegen.editor.store import text_hash
from tests.editorkit import Served, served_editor
from tests.sitefixture import SITE_YAML

PAGE = "content/advice/night.md"
TEXT = """\
---
title: Walking home at night
# who it is for
audience:
  - parents
  - 'faith-groups'
tags: [safety]
contacts: help
summary: Plan the route.
---
Walk with a friend.
"""
DIRECTORY = "title: Who to call\nentries:\n  - id: police\n    name: Police\n    phone: '101'\n"
DECLARED = SITE_YAML + """\
audiences:
  parents: {en: Parents and carers, ur: والدین}
  faith-groups: Places of worship
  young-people: Young people
tags:
  safety: Staying safe
  housing: Housing
"""


def test_lists_are_read_as_written() -> None:
    page = split_page(TEXT)
    assert {name: f.values for name, f in page.lists.items()} == {
        "audience": ("parents", "faith-groups"),
        "tags": ("safety",),
        "contacts": ("help",),
    }
    assert all(f.editable for f in page.lists.values())


@pytest.mark.parametrize(
    "line",
    [
        "tags: [safety, {nested: 1}]",
        "tags: [safety] # a comment",
        "tags: &shared [safety]",
        'tags: ["unclosed]',
    ],
)
def test_a_list_the_form_cannot_show_faithfully_is_left_alone(line: str) -> None:
    front = ["title: T", line]
    (found,) = read_lists(front).values()
    assert not found.editable
    assert write_lists(front, read_lists(front), {"tags": ["housing"]}) == front


def test_a_changed_list_is_one_json_line_in_its_place_and_the_rest_is_kept() -> None:
    page = split_page(TEXT)
    text = compose(
        page, {}, page.body, {"audience": ["parents", "young-people"], "tags": ["safety"]}
    )
    assert text == (
        "---\ntitle: Walking home at night\n# who it is for\n"
        'audience: ["parents", "young-people"]\ntags: [safety]\ncontacts: help\n'
        "summary: Plan the route.\n---\nWalk with a friend.\n"
    )
    assert yaml.safe_load(text.split("---\n")[1])["audience"] == ["parents", "young-people"]


def test_emptied_lists_go_and_new_ones_are_added() -> None:
    page = split_page("---\ntitle: T\ntags: [safety]\n---\nBody\n")
    text = compose(page, {"title": "T"}, page.body, {"tags": [], "contacts": ["help"]})
    assert text == '---\ntitle: "T"\ncontacts: ["help"]\n---\nBody\n'


def test_a_problem_on_a_list_line_belongs_to_that_list() -> None:
    assert field_at(TEXT, 5) == ("audience", None)  # the second item of the block
    assert field_at(TEXT, 7) == ("tags", None)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    files = {
        PAGE: TEXT,
        "content/index.md": "---\ntitle: Home\n---\nHi.\n",
        "content/contacts/help.yaml": DIRECTORY,
    }
    with served_editor(tmp_path, files, lambda site: _declare(site)) as served:
        yield served


def _declare(site: Path) -> None:
    (site / "site.yaml").write_text(DECLARED, encoding="utf-8")


class _Boxes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.boxes: list[tuple[str | None, str | None, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("type") == "checkbox":
            self.boxes.append((found.get("name"), found.get("value"), "checked" in found))


def test_the_form_offers_the_declared_audiences_tags_and_directories(served: Served) -> None:
    cookie = served.cookie()
    answer = served.request("GET", f"/_edit/page?path={PAGE}", headers={"Cookie": cookie})
    assert answer.status == 200
    boxes = _Boxes()
    boxes.feed(answer.body.decode())
    assert boxes.boxes == [
        ("audience", "parents", True),
        ("audience", "faith-groups", True),
        ("audience", "young-people", False),
        ("tags", "safety", True),
        ("tags", "housing", False),
        ("contacts", "help", True),
    ]
    assert "Parents and carers" in answer.body.decode()


def test_saving_ticked_boxes_writes_the_lists_and_the_site_checks_them(served: Served) -> None:
    cookie = served.cookie()
    data = (served.site / PAGE).read_bytes()
    answer = served.post(
        "save",
        {
            "path": PAGE,
            "hash": text_hash(data),
            "fields": {"title": "Walking home at night"},
            "lists": {"audience": ["young-people"], "tags": ["safety", "nightlife"]},
            "body": split_page(data.decode()).body,
        },
        served.write_headers(cookie),
    )
    assert answer.status == 200, answer
    saved = yaml.safe_load((served.site / PAGE).read_text(encoding="utf-8").split("---\n")[1])
    assert saved["audience"] == ["young-people"]
    assert saved["tags"] == ["safety", "nightlife"]
    assert saved["contacts"] == "help"  # not sent: left as written
    problems = answer.json()["problems"]  # type: ignore[index]
    assert [p["field"] for p in problems] == ["tags"]
    assert "nightlife" in problems[0]["message"]
