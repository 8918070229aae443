"""A directory translation (NAME.LANG.yaml) in the editor over HTTP: the original's words beside
the translation's, facts shown read-only from the original, words written in place, and
contacts.lock never read or written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.editor.store import history
from sitegen.site.lock import accept_contacts
from tests.contactkit import contacts_form, problems_of, save_contacts
from tests.editorkit import Answer, Served, served_editor
from tests.test_editor_contacts import FILES, TRANSLATION, TRANSLATION_TEXT


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with served_editor(tmp_path, FILES, prepare=accept_contacts) as served:
        yield served


@pytest.fixture
def cookie(served: Served) -> str:
    return served.cookie()


HOTLINE_UR = "انسداد دہشت گردی ہاٹ لائن"


def _form(served: Served, cookie: str) -> BeautifulSoup:
    return contacts_form(served, cookie, TRANSLATION)


def _save(served: Served, cookie: str, **sent: object) -> Answer:
    return save_contacts(served, cookie, TRANSLATION, **sent)


def _text(served: Served) -> str:
    return (served.site / TRANSLATION).read_text(encoding="utf-8")


def test_the_translation_shows_the_original_beside_its_words(served: Served, cookie: str) -> None:
    soup = _form(served, cookie)
    name = soup.find(id="entry-hotline-name")
    assert (name["value"], name["lang"], name["dir"]) == (HOTLINE_UR, "ur", "rtl")
    original = soup.find(id="original-entry-hotline-name")
    assert original.get_text() == "Original: Anti-Terrorist Hotline"
    assert (original["lang"], original["dir"]) == ("en", "ltr")
    assert soup.find(id="entry-emergency-name")["value"] == ""  # not translated yet
    assert soup.find(id="fact-hotline-phone").get_text() == "0800 789 321"
    assert soup.find(id="entry-hotline-phone") is None  # no box for a fact
    assert soup.find(id="entry-hotline-when") is not None
    assert soup.find(id="directory-title")["value"] == ""


def test_a_changed_word_is_written_in_place_and_the_lock_is_left(
    served: Served, cookie: str
) -> None:
    lock_before = (served.site / "contacts.lock").read_bytes()
    answer = _save(served, cookie, entries={"hotline": {"name": "ہاٹ لائن"}})
    assert answer.status == 200, answer.body
    assert _text(served) == 'entries:\n  hotline:\n    name: "ہاٹ لائن"\n'
    assert (served.site / "contacts.lock").read_bytes() == lock_before
    assert history(served.site, "contacts.lock") == []
    assert len(history(served.site, TRANSLATION)) == 1


def test_new_words_go_under_their_entry_or_a_new_one(served: Served, cookie: str) -> None:
    answer = _save(
        served,
        cookie,
        top={"title": "کس کو کال کریں"},
        entries={"hotline": {"hours": "ہر وقت"}, "emergency": {"name": "ہنگامی خدمات"}},
    )
    assert answer.status == 200, answer.body
    assert _text(served) == (
        'title: "کس کو کال کریں"\n'
        f"entries:\n  hotline:\n    name: {HOTLINE_UR}\n"
        '    hours: "ہر وقت"\n'
        '  emergency:\n    name: "ہنگامی خدمات"\n'
    )


def test_a_translation_without_entries_gets_them(tmp_path: Path) -> None:
    files = {**FILES, TRANSLATION: "title: مدد\n"}
    with served_editor(tmp_path, files, prepare=accept_contacts) as served:
        answer = _save(served, served.cookie(), entries={"drop-in": {"name": "مرکز"}})
        assert answer.status == 200, answer.body
        assert _text(served) == 'title: مدد\nentries:\n  drop-in:\n    name: "مرکز"\n'


@pytest.mark.parametrize(
    ("entries", "field", "message"),
    [
        (
            {"hotline": {"phone": "0800 555 111"}},
            "entry-hotline-phone",
            "a translation has no field 'phone'",
        ),
        ({"police": {"name": "پولیس"}}, "directory", "the original has no entry 'police'"),
        ({"hotline": {"name": "x" * 201}}, "entry-hotline-name", "'entries.hotline.name' is 201"),
        (
            {"hotline": {"name": "one\ntwo"}},
            "entry-hotline-name",
            "this must be one line of text, without control characters",
        ),
    ],
)
def test_what_a_translation_cannot_hold_is_refused_at_its_field(
    served: Served, cookie: str, entries: object, field: str, message: str
) -> None:
    answer = _save(served, cookie, entries=entries)
    assert answer.status == 422
    problems = problems_of(answer)
    assert list(problems) == [field], problems
    assert problems[field].startswith(message), problems
    assert _text(served) == TRANSLATION_TEXT


def test_a_translation_conflict_writes_nothing(served: Served, cookie: str) -> None:
    data = {"path": TRANSLATION, "hash": "0" * 64, "entries": {"hotline": {"name": "x"}}}
    answer = served.post("contacts", data, served.write_headers(cookie))
    assert answer.status == 409
    assert _text(served) == TRANSLATION_TEXT


def test_a_translation_s_entries_must_be_keyed_by_id(served: Served, cookie: str) -> None:
    data = {"path": TRANSLATION, "hash": "", "entries": ["hotline"]}
    answer = served.post("contacts", data, served.write_headers(cookie))
    assert answer.status == 400
    assert b"entries must be a JSON object of entry ids" in answer.body


def test_a_translation_without_its_original_is_not_served(served: Served, cookie: str) -> None:
    (served.site / "content/contacts/gone.ur.yaml").write_text("title: مدد\n", "utf-8")
    answer = served.request(
        "GET", "/_edit/contacts?path=content/contacts/gone.ur.yaml", headers={"Cookie": cookie}
    )
    assert answer.status == 404
    assert b"there is no such contact directory" in answer.body


@pytest.mark.parametrize(
    ("text", "entries", "field", "message"),
    [
        (
            "entries:\n  hotline: {name: x}\n",
            {"hotline": {"hours": "y"}},
            "entry-hotline-hours",
            "the words of 'hotline' are written as '{...}' in content/contacts/help.ur.yaml: "
            "change them there",
        ),
        (
            "entries: {hotline: {name: x}}\n",
            {"emergency": {"name": "y"}},
            "directory",
            "add the words of 'emergency' in content/contacts/help.ur.yaml itself",
        ),
        (
            "entries:\n  hotline:\n    name: >\n      two\n      lines\n",
            {"hotline": {"name": "one"}},
            "entry-hotline-name",
            "'name' is written over several lines in content/contacts/help.ur.yaml: "
            "change it there",
        ),
    ],
)
def test_words_the_form_cannot_write_in_place_are_left_to_the_file(
    tmp_path: Path, text: str, entries: object, field: str, message: str
) -> None:
    with served_editor(tmp_path, {**FILES, TRANSLATION: text}, prepare=accept_contacts) as served:
        answer = _save(served, served.cookie(), entries=entries)
        assert problems_of(answer) == {field: message}
        assert _text(served) == text


def test_a_translation_s_words_must_be_text(served: Served, cookie: str) -> None:
    data = {"path": TRANSLATION, "hash": "", "entries": {"hotline": {"name": 3}}}
    answer = served.post("contacts", data, served.write_headers(cookie))
    assert answer.status == 400
    assert b"each entry&#x27;s words must be a JSON object of texts" in answer.body


def test_a_translation_s_intro_over_several_lines_is_rewritten(tmp_path: Path) -> None:
    text = "translation_of: abc\nintro: >\n  پرانا\n  متن\nentries: {}\n"
    with served_editor(tmp_path, {**FILES, TRANSLATION: text}, prepare=accept_contacts) as served:
        answer = _save(served, served.cookie(), top={"intro": "نیا\nمتن", "title": "مدد"})
        assert answer.status == 200, answer.body
        assert _text(served) == (
            'translation_of: abc\ntitle: "مدد"\nintro: |-\n  نیا\n  متن\nentries: {}\n'
        )
