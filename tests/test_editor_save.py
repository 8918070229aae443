"""Editing a page through the editor over HTTP: the list, the form, the preview, saving with
history and restore, problems at their field and line, and a conflict when the file changed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitegen.editor.pages import FormError, compose, field_at, split_page
from sitegen.editor.store import history, text_hash
from tests.editorkit import PAGE, PAGE_TEXT, Served, served_editor


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with served_editor(tmp_path) as served:
        yield served


class _Tree(HTMLParser):
    """The elements of a page with their attributes, and the text inside each id."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def by_id(self, name: str) -> dict[str, str | None]:
        return next(attrs for _, attrs in self.elements if attrs.get("id") == name)


def _parse(body: bytes) -> _Tree:
    tree = _Tree()
    tree.feed(body.decode())
    return tree


def _opened(served: Served, cookie: str, page: str = PAGE) -> _Tree:
    answer = served.request("GET", f"/_edit/page?path={page}", headers={"Cookie": cookie})
    assert answer.status == 200
    return _parse(answer.body)


def test_the_page_list_shows_each_page_by_section_with_language_and_state(served: Served) -> None:
    answer = served.request("GET", "/_edit/", headers={"Cookie": served.cookie()})
    text = " ".join(" ".join(_parse(answer.body).text).split())
    header = "File Language State"
    assert f"Top level {header} content/index.md en original advice {header}" in text
    assert "content/advice/staying-safe.md en original" in text
    assert "content/advice/staying-safe.ur.md (side by side) ur unknown" in text


def test_the_form_shows_the_fields_dates_as_date_inputs_and_the_body(served: Served) -> None:
    tree = _opened(served, served.cookie())
    assert tree.by_id("field-title")["value"] == "Staying safe"
    assert tree.by_id("field-date") == {
        **tree.by_id("field-date"),
        "type": "date",
        "value": "2026-11-10",
    }
    assert tree.by_id("field-body")["dir"] == "ltr"
    assert tree.by_id("page-form")["data-hash"] == text_hash(PAGE_TEXT.encode())
    assert "Keep doors locked and call 101 to report." in "".join(tree.text)


def test_a_right_to_left_page_gets_its_direction_in_the_text_box(served: Served) -> None:
    tree = _opened(served, served.cookie(), "content/advice/staying-safe.ur.md")
    assert tree.by_id("field-body")["dir"] == "rtl"
    assert tree.by_id("field-body")["lang"] == "ur"


def test_the_preview_is_the_builds_sanitised_html(served: Served) -> None:
    cookie = served.cookie()
    body = "New *words*.\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n"
    answer = served.post(
        "preview", {"path": PAGE, "body": body, "body_line": 7}, served.write_headers(cookie)
    )
    assert answer.status == 200
    data = answer.json()
    assert isinstance(data, dict)
    assert "<em>words</em>" in data["html"]
    assert "<script" not in data["html"] and "javascript:" not in data["html"]
    lines = {problem["body_line"] for problem in data["problems"]}
    assert 3 in lines  # the script, at its line of the text box


def test_save_writes_the_fields_keeps_other_keys_and_the_old_version(served: Served) -> None:
    cookie = served.cookie()
    data = {
        "path": PAGE,
        "fields": {"title": 'Staying "safe": at home', "summary": "", "date": "2026-11-12"},
        "body": "Trust yourself.\n",
        "hash": text_hash(PAGE_TEXT.encode()),
    }
    answer = served.post("save", data, served.write_headers(cookie))
    assert answer.status == 200, answer.body
    saved = (served.site / PAGE).read_text(encoding="utf-8")
    assert saved == (
        "---\n"
        'title: "Staying \\"safe\\": at home"\n'
        "date: 2026-11-12\n"
        "audience: [parents]\n"
        "---\n"
        "Trust yourself.\n"
    )
    result = answer.json()
    assert isinstance(result, dict)
    assert result["hash"] == text_hash(saved.encode())
    entries = history(served.site, PAGE)
    assert [entry.name for entry in entries] == [result["history_entry"]]
    kept = served.site / ".sitegen" / "history" / PAGE / entries[0].name
    assert kept.read_text(encoding="utf-8") == PAGE_TEXT
    listed = served.request("GET", f"/_edit/api/history?path={PAGE}", headers={"Cookie": cookie})
    assert [entry["name"] for entry in json.loads(listed.body)] == [entries[0].name]


def test_a_version_from_the_history_can_be_restored(served: Served) -> None:
    cookie = served.cookie()
    headers = served.write_headers(cookie)
    first = served.post(
        "save",
        {"path": PAGE, "fields": {}, "body": "Short.\n", "hash": text_hash(PAGE_TEXT.encode())},
        headers,
    ).json()
    assert isinstance(first, dict)
    restored = served.post(
        "restore", {"path": PAGE, "entry": first["history_entry"], "hash": first["hash"]}, headers
    )
    assert restored.status == 200
    assert (served.site / PAGE).read_text(encoding="utf-8") == PAGE_TEXT
    assert len(history(served.site, PAGE)) == 2  # the restore kept what it replaced


def test_restoring_an_entry_not_in_the_history_is_refused(served: Served) -> None:
    answer = served.post(
        "restore",
        {"path": PAGE, "entry": "../../site.yaml", "hash": text_hash(PAGE_TEXT.encode())},
        served.write_headers(served.cookie()),
    )
    assert answer.status == 404
    assert (served.site / PAGE).read_text(encoding="utf-8") == PAGE_TEXT


def test_a_file_changed_on_disk_since_opened_is_not_overwritten(served: Served) -> None:
    cookie = served.cookie()
    opened = text_hash(PAGE_TEXT.encode())
    theirs = PAGE_TEXT.replace("101", "0800 555 0199")
    (served.site / PAGE).write_text(theirs, encoding="utf-8")
    data = {"path": PAGE, "fields": {"title": "Mine"}, "body": "My words.\n", "hash": opened}
    answer = served.post("save", data, served.write_headers(cookie))
    assert answer.status == 409
    both = answer.json()
    assert isinstance(both, dict)
    assert both["on_disk"] == theirs
    assert 'title: "Mine"' in both["mine"] and "My words." in both["mine"]
    assert (served.site / PAGE).read_text(encoding="utf-8") == theirs
    assert history(served.site, PAGE) == []


def test_the_sites_problems_come_back_at_their_field_and_line(served: Served) -> None:
    cookie = served.cookie()
    body = "Fine.\n\nSee [the missing page](nowhere.md).\n"
    data = {"path": PAGE, "fields": {}, "body": body, "hash": text_hash(PAGE_TEXT.encode())}
    answer = served.post("save", data, served.write_headers(cookie))
    assert answer.status == 200
    result = answer.json()
    assert isinstance(result, dict)
    problems = [(p["field"], p["body_line"], p["level"]) for p in result["problems"]]
    assert ("body", 3, "error") in problems
    messages = " ".join(p["message"] for p in result["problems"])
    assert "nowhere.md" in messages


def test_a_date_that_is_no_date_is_refused_at_its_field(served: Served) -> None:
    data = {
        "path": PAGE,
        "fields": {"date": "12/11/2026"},
        "body": "x\n",
        "hash": text_hash(PAGE_TEXT.encode()),
    }
    answer = served.post("save", data, served.write_headers(served.cookie()))
    assert answer.status == 422
    assert answer.json() == {
        "problems": [
            {"field": "date", "message": "date must be a date written YYYY-MM-DD, not '12/11/2026'"}
        ]
    }
    assert (served.site / PAGE).read_text(encoding="utf-8") == PAGE_TEXT


def test_a_block_value_is_shown_but_not_rewritten() -> None:
    text = "---\ntitle: >\n  Folded\n  title\nsummary: 'it''s'\n---\nBody\n"
    page = split_page(text)
    assert page.locked == frozenset({"title"})
    assert page.fields["summary"] == "it's"
    assert compose(page, {"title": "New", "summary": "Plain"}, "Body\n") == (
        '---\ntitle: >\n  Folded\n  title\nsummary: "Plain"\n---\nBody\n'
    )


def test_a_page_without_front_matter_gets_one_when_a_field_is_set() -> None:
    page = split_page("Just text.\n")
    assert compose(page, {"title": "Hello"}, "Just text.\n") == (
        '---\ntitle: "Hello"\n---\nJust text.\n'
    )
    with pytest.raises(FormError, match="updated must be a date"):
        compose(page, {"updated": "2026-02-30"}, "x")


def test_field_at_maps_file_lines_to_the_form() -> None:
    assert field_at(PAGE_TEXT, 2) == ("title", None)
    assert field_at(PAGE_TEXT, 5) == ("audience", None)  # a list the form edits
    assert field_at("---\ntitle: T\nweight: 3\n---\nText\n", 3) == ("front", None)
    assert field_at(PAGE_TEXT, 9) == ("body", 3)
