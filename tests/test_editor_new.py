"""Making a new page, statement, letter or alert from the editor's page list, over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.editorkit import Served, served_editor

STATEMENT = "content/statements/after-the-fire/index.md"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with served_editor(tmp_path) as served:
        yield served


@pytest.fixture
def headers(served: Served) -> dict[str, str]:
    return served.write_headers(served.cookie())


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    loaded = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(loaded, dict)
    return loaded


class _Form(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, dict[str, str | None]] = {}
        self.options: list[str | None] = []
        self.scripts: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "id" in found:
            self.ids[str(found["id"])] = found
        if tag == "option":
            self.options.append(found.get("value"))
        if tag == "script":
            self.scripts.append(found.get("src"))


def test_the_page_list_offers_each_kind_with_labelled_fields(served: Served) -> None:
    answer = served.request("GET", "/_edit/", headers={"Cookie": served.cookie()})
    form = _Form()
    form.feed(answer.body.decode())
    assert form.options == ["statement", "letter", "advice", "page", "alert"]
    assert {"new-form", "new-kind", "new-where", "new-status"} <= set(form.ids)
    assert form.ids["new-where"]["aria-describedby"] == "new-where-hint problems-where"
    assert form.scripts == ["/_edit/static/new.js"]
    script = served.request("GET", "/_edit/static/new.js", headers={"Cookie": served.cookie()})
    assert (script.status, script.headers["content-type"]) == (
        200,
        "text/javascript; charset=utf-8",
    )


def test_a_new_statement_then_a_letter_in_it(served: Served, headers: dict[str, str]) -> None:
    answer = served.post("new", {"kind": "statement", "path": "after-the-fire"}, headers)
    assert answer.status == 200, answer
    assert answer.json() == {
        "path": STATEMENT,
        "address": "/_edit/page?path=content/statements/after-the-fire/index.md",
    }
    made = front_matter(served.site / STATEMENT)
    assert made["title"] == "After the fire"
    assert "date" in made and "summary" in made
    opened = served.request(
        "GET", str(answer.json()["address"]), headers={"Cookie": headers["Cookie"]}
    )  # type: ignore[index]
    assert opened.status == 200 and b'value="After the fire"' in opened.body

    letter = served.post("new", {"kind": "letter", "path": "statements/after-the-fire"}, headers)
    assert letter.status == 200, letter
    assert letter.json()["path"] == "content/statements/after-the-fire/letters/01-letter.md"  # type: ignore[index]
    assert set(front_matter(served.site / letter.json()["path"])) >= {"from", "role", "date"}  # type: ignore[index]


def test_an_alert_gets_its_dates(served: Served, headers: dict[str, str]) -> None:
    answer = served.post("new", {"kind": "alert", "path": "road-closed"}, headers)
    assert answer.status == 200, answer
    made = front_matter(served.site / "content/alerts/road-closed.md")
    assert {"starts", "ends", "level"} <= set(made)


@pytest.mark.parametrize(
    ("data", "status", "field", "message"),
    [
        ({"kind": "directory", "path": "contacts/help"}, 422, "kind", "choose what to make"),
        ({"kind": "page", "path": "Staying Safe"}, 422, "where", "lower-case words"),
        ({"kind": "letter", "path": "statements/none"}, 422, "where", "no statement here"),
        ({"kind": "advice", "path": "staying-safe"}, 409, "where", "exists already"),
    ],
)
def test_what_cannot_be_made_says_why_and_writes_nothing(
    served: Served,
    headers: dict[str, str],
    data: dict[str, str],
    status: int,
    field: str,
    message: str,
) -> None:
    before = sorted(p.relative_to(served.site) for p in served.site.rglob("*"))
    original = (served.site / "content/advice/staying-safe.md").read_bytes()
    answer = served.post("new", data, headers)
    assert answer.status == status
    (problem,) = answer.json()["problems"]  # type: ignore[index]
    assert problem["field"] == field
    assert message in problem["message"]
    assert sorted(p.relative_to(served.site) for p in served.site.rglob("*")) == before
    assert (served.site / "content/advice/staying-safe.md").read_bytes() == original


def test_a_folder_that_leads_out_of_the_site_is_refused(
    served: Served, headers: dict[str, str], tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (served.site / "content" / "alerts").symlink_to(outside)
    answer = served.post("new", {"kind": "alert", "path": "road-closed"}, headers)
    assert answer.status == 403
    assert list(outside.iterdir()) == []


def test_making_a_page_needs_the_editors_cookie_and_headers(served: Served) -> None:
    answer = served.post(
        "new", {"kind": "page", "path": "about"}, {"Content-Type": "application/json"}
    )
    assert answer.status == 403
    assert not (served.site / "content" / "about.md").exists()
