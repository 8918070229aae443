"""A contact directory's own title and introduction, and adding entries, through the editor over
HTTP: each change written in place, a new entry's id checked and its facts typed twice and
recorded in contacts.lock (removing entries: test_editor_contacts_removal.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.content.contactfiles import directory_from_text
from sitegen.editor.store import history
from sitegen.errors import Problems
from sitegen.site.lock import accept_contacts, format_lock, site_facts
from tests.contactkit import contacts_form, lock_lines, problems_of, save_contacts
from tests.editorkit import Answer, Served, served_editor
from tests.sitefixture import build
from tests.test_editor_contacts import DIRECTORY, DIRECTORY_TEXT, FILES, LOCK_BEFORE


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with served_editor(tmp_path, FILES, prepare=accept_contacts) as served:
        yield served


@pytest.fixture
def cookie(served: Served) -> str:
    return served.cookie()


NEW_ENTRY = {"id": "police", "name": "Police (not an emergency)", "phone": "101"}


def _form(served: Served, cookie: str, path: str = DIRECTORY) -> BeautifulSoup:
    return contacts_form(served, cookie, path)


def _save(served: Served, cookie: str, **sent: object) -> Answer:
    return save_contacts(served, cookie, DIRECTORY, **sent)


def _text(served: Served) -> str:
    return (served.site / DIRECTORY).read_text(encoding="utf-8")


def _intro(text: str) -> str:
    directory = directory_from_text(text, DIRECTORY, "help", "GB", Problems())
    assert directory is not None
    return directory.intro


# -- the title and the introduction ----------------------------------------------------------


def test_the_form_shows_the_title_and_the_introduction(served: Served, cookie: str) -> None:
    soup = _form(served, cookie)
    title = soup.find(id="directory-title")
    assert (title.name, title["value"], title["lang"]) == ("input", "Who to call", "en")
    intro = soup.find(id="directory-intro")
    assert intro.name == "textarea" and not intro.has_attr("readonly")  # a block, rewritable
    assert intro.get_text() == "Real services that are there for you."


def test_a_changed_title_is_written_in_its_line(served: Served, cookie: str) -> None:
    lock_before = (served.site / "contacts.lock").read_bytes()
    answer = _save(served, cookie, top={"title": "Who to call: help now"})
    assert answer.status == 200, answer.body
    assert _text(served) == DIRECTORY_TEXT.replace(
        "title: Who to call\n", 'title: "Who to call: help now"\n'
    )
    assert (served.site / "contacts.lock").read_bytes() == lock_before


def test_an_intro_over_several_lines_is_rewritten_as_a_block(served: Served, cookie: str) -> None:
    typed = "Real services that are there for you.\r\n\r\n  Call them: they listen."
    answer = _save(served, cookie, top={"intro": typed})
    assert answer.status == 200, answer.body
    saved = _text(served)
    assert saved == DIRECTORY_TEXT.replace(
        "intro: >\n  Real services that are there for you.\n",
        "intro: |-\n  Real services that are there for you.\n\n    Call them: they listen.\n",
    )
    assert _intro(saved) == "Real services that are there for you.\n\n  Call them: they listen."


def test_an_intro_of_one_line_replaces_the_block(served: Served, cookie: str) -> None:
    answer = _save(served, cookie, top={"intro": "Services that listen."})
    assert answer.status == 200, answer.body
    assert _text(served) == DIRECTORY_TEXT.replace(
        "intro: >\n  Real services that are there for you.\n", 'intro: "Services that listen."\n'
    )


def test_an_emptied_intro_is_taken_out(served: Served, cookie: str) -> None:
    answer = _save(served, cookie, top={"intro": ""})
    assert answer.status == 200, answer.body
    assert _text(served) == DIRECTORY_TEXT.replace(
        "intro: >\n  Real services that are there for you.\n", ""
    )


def test_a_one_line_intro_given_line_breaks_becomes_a_block(tmp_path: Path) -> None:
    text = DIRECTORY_TEXT.replace(
        "intro: >\n  Real services that are there for you.\n", "intro: Real services.\n"
    )
    with served_editor(tmp_path, {**FILES, DIRECTORY: text}, prepare=accept_contacts) as served:
        answer = _save(served, served.cookie(), top={"intro": "Real services.\nFor you."})
        assert answer.status == 200, answer.body
        assert _text(served) == text.replace(
            "intro: Real services.\n", "intro: |-\n  Real services.\n  For you.\n"
        )


def test_a_missing_intro_goes_after_the_title(tmp_path: Path) -> None:
    text = DIRECTORY_TEXT.replace("intro: >\n  Real services that are there for you.\n", "")
    with served_editor(tmp_path, {**FILES, DIRECTORY: text}, prepare=accept_contacts) as served:
        answer = _save(served, served.cookie(), top={"intro": "Call them."})
        assert answer.status == 200, answer.body
        assert 'title: Who to call\nintro: "Call them."\nentries:' in _text(served)


@pytest.mark.parametrize(
    ("top", "field", "message"),
    [
        (
            {"title": "Who\nto call"},
            "directory-title",
            "this must be one line of text, without control characters",
        ),
        ({"title": "x" * 301}, "directory-title", "'title' is 301 characters long"),
        ({"title": " "}, "directory-title", "a directory needs a title: it is its heading"),
        ({"intro": "one\x07two"}, "directory-intro", "this must be one line of text"),
        ({"summary": "x"}, "directory-summary", "a directory has no field 'summary'"),
    ],
)
def test_a_title_or_intro_the_build_would_refuse_is_refused_at_its_field(
    served: Served, cookie: str, top: dict[str, str], field: str, message: str
) -> None:
    answer = _save(served, cookie, top=top)
    assert answer.status == 422
    problems = problems_of(answer)
    assert list(problems) == [field]
    assert problems[field].startswith(message), problems
    assert _text(served) == DIRECTORY_TEXT


# -- adding an entry -------------------------------------------------------------------------


def test_the_form_has_an_add_button_and_a_new_entry_template(served: Served, cookie: str) -> None:
    soup = _form(served, cookie)
    assert soup.find(id="contacts-form")["data-next"] == "3"
    template = BeautifulSoup(soup.find(id="new-entry").decode_contents(), "html.parser")
    assert template.find(id="entry-__N__-id").has_attr("data-new")
    assert template.find(id="confirm-entry-__N__-phone").has_attr("hidden")
    assert soup.find(id="add-entry").get_text() == "Add an entry"


def test_a_new_entry_s_number_must_be_typed_twice(served: Served, cookie: str) -> None:
    answer = _save(served, cookie, add={"3": NEW_ENTRY})
    assert answer.status == 422
    assert problems_of(answer) == {
        "entry-3-phone": "you changed this phone number: type the new phone number again in "
        "the box below"
    }
    assert answer.json()["confirm"] == ["entry-3-phone"]  # type: ignore[index]
    assert _text(served) == DIRECTORY_TEXT
    assert lock_lines(served.site) == LOCK_BEFORE


def test_a_confirmed_new_entry_is_added_and_its_number_recorded(
    served: Served, cookie: str
) -> None:
    answer = _save(served, cookie, add={"3": NEW_ENTRY}, confirm={"3": {"phone": "101"}})
    assert answer.status == 200, answer.body
    assert _text(served) == DIRECTORY_TEXT + (
        '  - id: "police"\n    name: "Police (not an emergency)"\n    phone: "101"\n'
    )
    assert "help/police phone tel:101" in lock_lines(served.site)
    lock = (served.site / "contacts.lock").read_text(encoding="utf-8")
    assert lock == format_lock(site_facts(served.site))
    assert "+ help/police phone tel:101" in answer.json()["lock"]  # type: ignore[index]
    assert len(history(served.site, "contacts.lock")) == 1


def test_a_new_entry_of_words_only_leaves_the_lock(served: Served, cookie: str) -> None:
    lock_before = (served.site / "contacts.lock").read_bytes()
    answer = _save(served, cookie, add={"3": {"id": "neighbours", "name": "Neighbours"}})
    assert answer.status == 200, answer.body
    assert _text(served).endswith('  - id: "neighbours"\n    name: "Neighbours"\n')
    assert (served.site / "contacts.lock").read_bytes() == lock_before


@pytest.mark.parametrize(
    ("ident", "message"),
    [
        ("", "a new entry needs an id: a short name such as 'police' or 'victim-support'"),
        (
            "Police Line",
            "'Police Line' cannot be an entry id: use lowercase letters, digits and single "
            "'-' between words, like 'police' or 'victim-support'",
        ),
        ("hotline", "this directory already has an entry 'hotline': choose another id"),
    ],
)
def test_a_new_entry_s_id_is_checked(served: Served, cookie: str, ident: str, message: str) -> None:
    answer = _save(served, cookie, add={"3": {"id": ident, "name": "Police"}})
    assert answer.status == 422
    assert problems_of(answer) == {"entry-3-id": message}
    assert _text(served) == DIRECTORY_TEXT


def test_two_new_entries_cannot_share_an_id(served: Served, cookie: str) -> None:
    entries = {"3": {"id": "police", "name": "A"}, "4": {"id": "police", "name": "B"}}
    answer = _save(served, cookie, add=entries)
    assert problems_of(answer) == {
        "entry-4-id": "this directory already has an entry 'police': choose another id"
    }


def test_a_new_entry_s_invalid_number_is_refused_at_its_field(served: Served, cookie: str) -> None:
    entry = {"id": "police", "phone": "12"}
    answer = _save(served, cookie, add={"3": entry}, confirm={"3": {"phone": "12"}})
    assert answer.status == 422
    assert list(problems_of(answer)) == ["entry-3-phone"]
    assert _text(served) == DIRECTORY_TEXT


def test_the_first_entry_of_a_new_directory_replaces_its_empty_list(tmp_path: Path) -> None:
    text = "title: Support\nentries: []\n#  - id: support-line\n"
    files = {"content/index.md": FILES["content/index.md"], DIRECTORY: text}
    with served_editor(tmp_path, files, prepare=accept_contacts) as served:
        answer = _save(served, served.cookie(), add={"0": {"id": "support", "name": "Support"}})
        assert answer.status == 200, answer.body
        assert _text(served) == (
            'title: Support\nentries:\n  - id: "support"\n    name: "Support"\n'
            "#  - id: support-line\n"
        )


@pytest.mark.parametrize(
    ("sent", "reason"),
    [
        ({"remove": "2"}, b"remove must be an entry number"),
        ({"top": {"title": 3}}, b"top must be a JSON object of texts"),
        ({"add": ["police"]}, b"entries must be a JSON object of entry numbers"),
    ],
)
def test_malformed_additions_and_removals_are_refused(
    served: Served, cookie: str, sent: dict[str, object], reason: bytes
) -> None:
    data = {"path": DIRECTORY, "hash": "", **sent}
    answer = served.post("contacts", data, served.write_headers(cookie))
    assert answer.status == 400
    assert reason in answer.body


def test_the_site_still_builds_after_adding_and_removing(served: Served, cookie: str) -> None:
    answer = _save(served, cookie, add={"3": NEW_ENTRY}, confirm={"3": {"phone": "101"}})
    assert answer.status == 200, answer.body
    answer = _save(served, cookie, remove=2, remove_confirm="drop-in")
    assert answer.status == 200, answer.body
    answer = _save(served, cookie, top={"intro": "One.\nTwo."})
    assert answer.status == 200, answer.body
    out, _ = build(served.site, served.site.parent / "built")
    html = (out / "en/contacts/help/index.html").read_text(encoding="utf-8")
    assert "Police (not an emergency)" in html and "Drop-in centre" not in html


def test_entries_written_at_the_key_s_own_indentation_are_added_and_removed(
    tmp_path: Path,
) -> None:
    text = (
        "title: Help\nentries:\n- id: one\n  name: One\n# the second\n- id: two\n  name: Two\n"
        "# end\n"
    )
    files = {"content/index.md": FILES["content/index.md"], DIRECTORY: text}
    with served_editor(tmp_path, files, prepare=accept_contacts) as served:
        cookie = served.cookie()
        answer = _save(served, cookie, add={"2": {"id": "three", "name": "Three"}})
        assert answer.status == 200, answer.body
        assert _text(served) == text.replace("# end\n", '- id: "three"\n  name: "Three"\n# end\n')
        answer = _save(served, cookie, remove=0, remove_confirm="one")
        assert answer.status == 200, answer.body
        assert _text(served).startswith("title: Help\nentries:\n# the second\n- id: two\n")


def test_a_new_entry_s_words_the_build_refuses_are_refused_at_their_field(
    served: Served, cookie: str
) -> None:
    answer = _save(served, cookie, add={"3": {"id": "police", "name": "x" * 201}})
    assert answer.status == 422
    problems = problems_of(answer)
    assert list(problems) == ["entry-3-name"]
    assert problems["entry-3-name"].startswith("'entries[4].name' is 201 characters long")
    assert _text(served) == DIRECTORY_TEXT


def test_a_new_entry_must_come_after_the_others(served: Served, cookie: str) -> None:
    answer = _save(served, cookie, add={"1": {"id": "police"}})
    assert problems_of(answer) == {
        "directory": "a new entry must come after the directory's entries"
    }


def test_entries_the_form_cannot_extend_are_left_to_the_file(tmp_path: Path) -> None:
    files = {"content/index.md": FILES["content/index.md"], DIRECTORY: "title: Help\nentries: {}\n"}
    with served_editor(tmp_path, files) as served:
        answer = _save(served, served.cookie(), add={"0": {"id": "police", "name": "Police"}})
        assert problems_of(answer) == {
            "directory": "add the first entry in content/contacts/help.yaml itself"
        }
