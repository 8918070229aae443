"""Removing an entry from a contact directory through the editor over HTTP: confirmed by typing
the entry's id again, its lines taken out and its facts out of contacts.lock, and refused while a
translation still holds words for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.site.lock import accept_contacts
from tests.contactkit import lock_lines, problems_of, save_contacts
from tests.editorkit import Answer, Served, served_editor
from tests.test_editor_contacts import DIRECTORY, DIRECTORY_TEXT, FILES, LOCK_BEFORE


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with served_editor(tmp_path, FILES, prepare=accept_contacts) as served:
        yield served


@pytest.fixture
def cookie(served: Served) -> str:
    return served.cookie()


def _save(served: Served, cookie: str, **sent: object) -> Answer:
    return save_contacts(served, cookie, DIRECTORY, **sent)


def _text(served: Served) -> str:
    return (served.site / DIRECTORY).read_text(encoding="utf-8")


def test_removing_an_entry_needs_its_id_typed_again(served: Served, cookie: str) -> None:
    answer = _save(served, cookie, remove=2)
    assert problems_of(answer) == {
        "entry-2-remove": "to remove the entry 'drop-in' and take its e-mail address out of "
        "contacts.lock, type its id, drop-in, in the box"
    }
    answer = _save(served, cookie, remove=2, remove_confirm="drop")
    assert problems_of(answer) == {
        "entry-2-remove": "what you typed is not this entry's id: type drop-in to remove it and "
        "take its e-mail address out of contacts.lock"
    }
    assert _text(served) == DIRECTORY_TEXT


def test_a_confirmed_removal_takes_out_its_lines_and_its_facts(served: Served, cookie: str) -> None:
    answer = _save(served, cookie, remove=2, remove_confirm="drop-in")
    assert answer.status == 200, answer.body
    assert _text(served) == DIRECTORY_TEXT.replace(
        "  - id: drop-in\n    name: Drop-in centre\n    email: hello@example.org\n", ""
    )
    assert lock_lines(served.site) == LOCK_BEFORE[1:]
    assert "- help/drop-in email hello@example.org" in answer.json()["lock"]  # type: ignore[index]


def test_an_entry_in_the_middle_is_removed_with_its_block_lines(
    served: Served, cookie: str
) -> None:
    (served.site / "content/contacts/help.ur.yaml").write_text("title: مدد\n", "utf-8")
    answer = _save(served, cookie, remove=1, remove_confirm="hotline")
    assert answer.status == 200, answer.body
    start = DIRECTORY_TEXT.index("  - id: hotline")
    end = DIRECTORY_TEXT.index("  - id: drop-in")
    assert _text(served) == DIRECTORY_TEXT[:start] + DIRECTORY_TEXT[end:]
    assert [line for line in lock_lines(served.site) if "hotline" in line] == []


def test_a_translated_entry_cannot_be_removed(served: Served, cookie: str) -> None:
    answer = _save(served, cookie, remove=1, remove_confirm="hotline")
    assert answer.status == 422
    assert problems_of(answer) == {
        "entry-1-remove": "the entry 'hotline' is translated in content/contacts/help.ur.yaml: "
        "take 'hotline:' and its words out of that file first (a build stops on the "
        "translation of an entry that is gone), then remove the entry here"
    }
    assert _text(served) == DIRECTORY_TEXT


def test_a_removal_comes_on_its_own(served: Served, cookie: str) -> None:
    answer = _save(
        served, cookie, remove=2, remove_confirm="drop-in", entries={"0": {"name": "Police"}}
    )
    assert problems_of(answer) == {
        "directory": "remove an entry on its own: save or undo your other changes first"
    }
    answer = _save(served, cookie, remove=7, remove_confirm="x")
    assert problems_of(answer) == {"directory": "there is no entry 7 here: reload the page"}
    assert _text(served) == DIRECTORY_TEXT


def test_an_entry_without_facts_is_removed_by_its_id_alone(tmp_path: Path) -> None:
    text = "title: Help\nentries:\n  - id: one\n    name: One\n  - id: two\n    name: Two\n"
    files = {"content/index.md": FILES["content/index.md"], DIRECTORY: text}
    with served_editor(tmp_path, files) as served:  # no contacts.lock needed: no facts
        cookie = served.cookie()
        answer = _save(served, cookie, remove=1)
        assert problems_of(answer) == {
            "entry-1-remove": "to remove the entry 'two', type its id, two, in the box"
        }
        answer = _save(served, cookie, remove=1, remove_confirm=" two ")
        assert answer.status == 200, answer.body
        assert _text(served) == "title: Help\nentries:\n  - id: one\n    name: One\n"
        assert not (served.site / "contacts.lock").exists()


def test_removing_facts_without_a_lock_is_refused(tmp_path: Path) -> None:
    files = {"content/index.md": FILES["content/index.md"], DIRECTORY: DIRECTORY_TEXT}
    with served_editor(tmp_path, files) as served:
        answer = _save(served, served.cookie(), remove=2, remove_confirm="drop-in")
        assert problems_of(answer) == {
            "directory": "this site has no contacts.lock yet: run `python build.py contacts "
            "accept` once to record its facts, then save again"
        }
        assert _text(served) == DIRECTORY_TEXT
