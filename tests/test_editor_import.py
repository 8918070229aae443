"""Pasting a thread into the editor: what it makes is shown before anything is written, then
written as `sitegen import` writes it; refused pastes and existing files write nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.editorkit import Served, served_editor

THREAD = (Path(__file__).parent / "fixtures" / "pasted" / "thread-newest-first.txt").read_text(
    encoding="utf-8"
)
FOLDER = "content/statements/victoria-road-mosque"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with served_editor(tmp_path) as served:
        yield served


@pytest.fixture
def headers(served: Served) -> dict[str, str]:
    return served.write_headers(served.cookie())


def tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def paste(text: str = THREAD, into: str = "") -> dict[str, str]:
    return {"path": "content/statements", "text": text, "into": into}


def test_the_preview_shows_the_folder_letters_and_guesses_and_writes_nothing(
    served: Served, headers: dict[str, str]
) -> None:
    before = tree(served.site)
    answer = served.post("import-preview", paste(), headers)
    assert answer.status == 200, answer
    plan = answer.json()
    assert isinstance(plan, dict)
    assert plan["folder"] == FOLDER
    assert plan["title"] == "Victoria Road mosque"
    assert [letter["file"] for letter in plan["letters"]] == [
        "letters/01-chair.md",
        "letters/02-chief-constable.md",
        "letters/03-leader-of-the-council.md",
    ]
    chief = plan["letters"][1]["guessed"]
    assert "from: Sarah Whitcombe" in chief and "role: Chief Constable" in chief
    paths = [file["path"] for file in plan["files"]]
    assert paths[0] == f"{FOLDER}/index.md"
    assert f"{FOLDER}/letters/02-chief-constable.md" in paths
    assert not any(file["exists"] for file in plan["files"])
    assert tree(served.site) == before


def test_writing_makes_the_files_the_preview_showed(
    served: Served, headers: dict[str, str]
) -> None:
    shown = served.post("import-preview", paste(), headers).json()
    assert isinstance(shown, dict)
    answer = served.post("import", paste(), headers)
    assert answer.status == 200, answer
    assert answer.json() == {
        "folder": FOLDER,
        "address": f"/_edit/page?path={FOLDER}/index.md",
    }
    for file in shown["files"]:
        assert (served.site / file["path"]).read_text(encoding="utf-8") == file["text"]
    opened = served.request(
        "GET", f"/_edit/page?path={FOLDER}/index.md", headers={"Cookie": headers["Cookie"]}
    )
    assert opened.status == 200


def test_a_second_write_of_the_same_thread_is_refused_and_changes_nothing(
    served: Served, headers: dict[str, str]
) -> None:
    assert served.post("import", paste(), headers).status == 200
    letter = served.site / FOLDER / "letters/02-chief-constable.md"
    letter.write_text(letter.read_text(encoding="utf-8") + "\nEdited by hand.\n", "utf-8")
    before = tree(served.site)
    shown = served.post("import-preview", paste(), headers).json()
    assert isinstance(shown, dict) and all(file["exists"] for file in shown["files"])
    again = served.post("import", paste(), headers)
    assert again.status == 409
    (problem,) = again.json()["problems"]  # type: ignore[index]
    assert problem["message"].startswith("nothing was written: ")
    assert f"{FOLDER}/letters/02-chief-constable.md" in problem["message"]
    assert tree(served.site) == before
    other = served.post("import", paste(into="statements/mosque-replies"), headers)
    assert other.status == 200  # into another folder, as the command's --into
    assert (served.site / "content/statements/mosque-replies/index.md").is_file()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (paste(text="   \n\n"), "there is no text to import"),
        (paste(into="advice/mosque"), "--into must be statements/NAME"),
        (paste(into="statements/.."), "--into must be statements/NAME"),
    ],
)
def test_what_cannot_be_imported_says_why_and_writes_nothing(
    served: Served, headers: dict[str, str], data: dict[str, str], message: str
) -> None:
    before = tree(served.site)
    for action in ("import-preview", "import"):
        answer = served.post(action, data, headers)
        assert answer.status == 422
        (problem,) = answer.json()["problems"]  # type: ignore[index]
        assert problem == {"field": "text", "message": message}
    assert tree(served.site) == before


def test_a_statements_folder_leading_out_of_the_site_is_refused(
    served: Served, headers: dict[str, str], tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (served.site / "content" / "statements").symlink_to(outside)
    assert served.post("import", paste(), headers).status == 403
    assert list(outside.iterdir()) == []


def test_the_paste_page_and_its_script_need_the_cookie(served: Served) -> None:
    assert served.request("GET", "/_edit/import").status == 403
    cookie = served.cookie()
    page = served.request("GET", "/_edit/import", headers={"Cookie": cookie})
    assert page.status == 200
    assert b'<textarea id="import-text"' in page.body
    assert b'src="/_edit/static/import.js"' in page.body
    listed = served.request("GET", "/_edit/", headers={"Cookie": cookie})
    assert b'href="/_edit/import"' in listed.body
    assert served.post("import", paste(), {"Content-Type": "application/json"}).status == 403
