"""Editing a contact directory through the editor over HTTP: the list, the form per entry, a
changed number refused until it is typed twice, and only then the file and contacts.lock
written (as `sitegen contacts accept` writes it), with history; words alone never touch the lock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.editor import contactsave
from sitegen.editor.contactroutes import contacts_page
from sitegen.editor.contacts import read_form
from sitegen.editor.contactsave import NotSaved, Submitted, save_directory
from sitegen.editor.contactwrite import compose
from sitegen.editor.pages import FormError
from sitegen.editor.store import history, text_hash
from sitegen.errors import SiteError, SourceRef
from sitegen.site.lock import AcceptResult, accept_contacts, format_lock, site_facts
from tests.editorkit import Answer, Served, served_editor
from tests.sitefixture import NOW, SITE_YAML, write_site

DIRECTORY = "content/contacts/help.yaml"
DIRECTORY_TEXT = """\
# Who to call. Check every number with the service before changing it.
title: Who to call
intro: >
  Real services that are there for you.
entries:
  - id: emergency
    name: Emergency services
    phone: "999"
    hours: 24 hours, every day
  - id: hotline
    name: Anti-Terrorist Hotline
    phone: "0800 789 321"  # from act.campaign.gov.uk
    url: https://act.campaign.gov.uk
    when: >
      If you see or hear something
      that could be linked to terrorism.
  - id: drop-in
    name: Drop-in centre
    email: hello@example.org
"""
TRANSLATION = "content/contacts/help.ur.yaml"
TRANSLATION_TEXT = "entries:\n  hotline:\n    name: انسداد دہشت گردی ہاٹ لائن\n"
FILES = {
    "content/index.md": "---\ntitle: Riverside\n---\nSee [who to call](contacts/help.yaml).\n",
    DIRECTORY: DIRECTORY_TEXT,
    "content/contacts/help.ur.yaml": TRANSLATION_TEXT,
}
LOCK_BEFORE = [
    "help/drop-in email hello@example.org",
    "help/emergency phone tel:999",
    "help/hotline phone tel:+44800789321",
    "help/hotline url https://act.campaign.gov.uk",
]


def _lock(site: Path) -> None:
    accept_contacts(site)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with served_editor(tmp_path, FILES, prepare=_lock) as served:
        yield served


@pytest.fixture
def cookie(served: Served) -> str:
    return served.cookie()


def _lock_lines(site: Path) -> list[str]:
    text = (site / "contacts.lock").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def _form(served: Served, cookie: str) -> BeautifulSoup:
    answer = served.request("GET", f"/_edit/contacts?path={DIRECTORY}", headers={"Cookie": cookie})
    assert answer.status == 200, answer.body
    return BeautifulSoup(answer.body, "html.parser")


def _save(served: Served, cookie: str, entries: object, confirm: object = None) -> Answer:
    form = _form(served, cookie).find(id="contacts-form")
    data = {"path": DIRECTORY, "hash": form["data-hash"], "entries": entries, "confirm": confirm}
    return served.post("contacts", data, served.write_headers(cookie))


def _problems(answer: Answer) -> dict[str, str]:
    data = answer.json()
    assert isinstance(data, dict)
    return {p["field"]: p["message"] for p in data["problems"]}


# -- the list and the form -------------------------------------------------------------------


def test_the_page_list_shows_directories_with_their_translations(
    served: Served, cookie: str
) -> None:
    answer = served.request("GET", "/_edit/", headers={"Cookie": cookie})
    soup = BeautifulSoup(answer.body, "html.parser")
    links = [a["href"] for a in soup.find_all("a") if "/_edit/contacts" in a["href"]]
    assert links == [
        f"/_edit/contacts?path={DIRECTORY}",
        f"/_edit/contacts?path={TRANSLATION}",
    ]
    item = soup.find("a", href=f"/_edit/contacts?path={TRANSLATION}").find_parent("li")
    assert item.find_parent("li").a.get_text() == DIRECTORY  # under its directory
    assert item.get_text(" ", strip=True) == f"{TRANSLATION} : Urdu ( اردو )"
    assert (item.span["lang"], item.span["dir"]) == ("ur", "rtl")


def test_the_form_has_a_fieldset_per_entry_with_the_schema_fields(
    served: Served, cookie: str
) -> None:
    soup = _form(served, cookie)
    legends = [
        legend.get_text(" ", strip=True)
        for legend in soup.find_all("legend")
        if not legend.find_parent("template")
    ]
    assert legends == [
        "Emergency services emergency",
        "Anti-Terrorist Hotline hotline",
        "Drop-in centre drop-in",
    ]
    phone = soup.find(id="entry-1-phone")
    assert (phone["type"], phone["value"], phone["dir"]) == ("tel", "0800 789 321", "ltr")
    assert soup.find(id="entry-1-url")["type"] == "url"
    assert soup.find(id="entry-2-email")["value"] == "hello@example.org"
    assert (
        soup.find(id="entry-0-name")["dir"] == "ltr"
        and soup.find(id="entry-0-name")["lang"] == "en"
    )
    assert soup.find(id="entry-1-when").has_attr("readonly")  # a folded block: edit the file
    assert not soup.find(id="entry-1-phone").has_attr("readonly")
    assert soup.find(id="confirm-entry-1-phone").has_attr("hidden")
    assert soup.find(id="entry-0-name").find_parent("p").find(class_="help").get_text() == (
        "Who this is, as readers know them."
    )
    assert soup.find("script")["src"] == "/_edit/static/contacts.js"


def test_the_form_needs_the_cookie_and_a_directory(served: Served, cookie: str) -> None:
    assert served.request("GET", f"/_edit/contacts?path={DIRECTORY}").status == 403
    for path in ("content/index.md", "content/contacts/help.fr.yaml", "content/contacts/no.yaml"):
        answer = served.request("GET", f"/_edit/contacts?path={path}", headers={"Cookie": cookie})
        assert answer.status == 404, path
    answer = served.request(
        "GET", "/_edit/contacts?path=content/../site.yaml", headers={"Cookie": cookie}
    )
    assert answer.status == 403


def test_the_save_needs_the_write_checks(served: Served, cookie: str) -> None:
    headers = {**served.write_headers(cookie), "Origin": "http://evil.example"}
    answer = served.post("contacts", {"path": DIRECTORY, "entries": {}}, headers)
    assert answer.status == 403
    assert (served.site / DIRECTORY).read_text(encoding="utf-8") == DIRECTORY_TEXT


# -- words: no confirmation, no lock ---------------------------------------------------------


def test_a_changed_name_is_saved_in_its_line_and_leaves_the_lock(
    served: Served, cookie: str
) -> None:
    lock_before = (served.site / "contacts.lock").read_bytes()
    answer = _save(served, cookie, {"0": {"name": "Police, fire and ambulance"}})
    assert answer.status == 200, answer.body
    assert answer.json()["lock"] == ""  # type: ignore[index]
    saved = (served.site / DIRECTORY).read_text(encoding="utf-8")
    assert saved == DIRECTORY_TEXT.replace(
        "name: Emergency services", 'name: "Police, fire and ambulance"'
    )
    assert (served.site / "contacts.lock").read_bytes() == lock_before
    assert len(history(served.site, DIRECTORY)) == 1
    assert history(served.site, "contacts.lock") == []


# -- facts: typed twice ----------------------------------------------------------------------


def test_a_changed_number_without_confirmation_is_refused_at_its_field(
    served: Served, cookie: str
) -> None:
    answer = _save(served, cookie, {"1": {"phone": "0800 555 111"}})
    assert answer.status == 422
    assert _problems(answer) == {
        "entry-1-phone": "you changed this phone number: type the new phone number again in "
        "the box below"
    }
    assert answer.json()["confirm"] == ["entry-1-phone"]  # type: ignore[index]
    assert (served.site / DIRECTORY).read_text(encoding="utf-8") == DIRECTORY_TEXT
    assert _lock_lines(served.site) == LOCK_BEFORE


def test_a_mismatching_confirmation_is_refused(served: Served, cookie: str) -> None:
    answer = _save(
        served, cookie, {"1": {"phone": "0800 555 111"}}, {"1": {"phone": "0800 555 11"}}
    )
    assert answer.status == 422
    assert _problems(answer) == {
        "entry-1-phone": "the two phone numbers you typed differ: type the new phone number "
        "again, exactly"
    }
    assert (served.site / DIRECTORY).read_text(encoding="utf-8") == DIRECTORY_TEXT


def test_a_confirmed_number_is_written_and_accepted_into_the_lock(
    served: Served, cookie: str
) -> None:
    answer = _save(
        served, cookie, {"1": {"phone": "0800 555 111"}}, {"1": {"phone": "0800 555 111"}}
    )
    assert answer.status == 200, answer.body
    saved = (served.site / DIRECTORY).read_text(encoding="utf-8")
    assert saved == DIRECTORY_TEXT.replace(
        'phone: "0800 789 321"  # from', 'phone: "0800 555 111"  # from'
    )  # the comment after the value and every other line kept
    assert _lock_lines(served.site) == [
        "help/drop-in email hello@example.org",
        "help/emergency phone tel:999",
        "help/hotline phone tel:+44800555111",
        "help/hotline url https://act.campaign.gov.uk",
    ]
    # exactly the text `sitegen contacts accept` writes
    lock = (served.site / "contacts.lock").read_text(encoding="utf-8")
    assert lock == format_lock(site_facts(served.site))
    data = answer.json()
    assert isinstance(data, dict)
    assert data["lock"].splitlines()[1].strip() == (
        "~ help/hotline phone tel:+44800789321 -> tel:+44800555111  (content/contacts/help.yaml:10)"
    )
    kept = history(served.site, "contacts.lock")
    assert [entry.name for entry in kept] == [data["lock_history_entry"]]


def test_a_new_email_is_added_after_the_entry_s_lines(served: Served, cookie: str) -> None:
    value = "help@example.org"
    answer = _save(served, cookie, {"0": {"email": value}}, {"0": {"email": value}})
    assert answer.status == 200, answer.body
    saved = (served.site / DIRECTORY).read_text(encoding="utf-8")
    assert 'phone: "999"\n    email: "help@example.org"\n    hours:' in saved
    assert "help/emergency email help@example.org" in _lock_lines(served.site)


def test_removing_a_url_is_confirmed_by_typing_the_old_one(served: Served, cookie: str) -> None:
    answer = _save(served, cookie, {"1": {"url": ""}}, {"1": {"url": ""}})
    assert _problems(answer) == {
        "entry-1-url": "to remove this web address, type it (https://act.campaign.gov.uk) "
        "again in the box below"
    }
    old = "https://act.campaign.gov.uk"
    answer = _save(served, cookie, {"1": {"url": ""}}, {"1": {"url": old}})
    assert answer.status == 200, answer.body
    assert "url:" not in (served.site / DIRECTORY).read_text(encoding="utf-8")
    assert "help/hotline url https://act.campaign.gov.uk" not in _lock_lines(served.site)


def test_an_invalid_number_is_refused_at_its_field_even_when_confirmed(
    served: Served, cookie: str
) -> None:
    answer = _save(served, cookie, {"1": {"phone": "12"}}, {"1": {"phone": "12"}})
    assert answer.status == 422
    problems = _problems(answer)
    assert list(problems) == ["entry-1-phone"]
    assert "12" in problems["entry-1-phone"]
    assert (served.site / DIRECTORY).read_text(encoding="utf-8") == DIRECTORY_TEXT
    assert _lock_lines(served.site) == LOCK_BEFORE


def test_a_lock_that_already_differs_is_not_accepted_from_the_editor(
    served: Served, cookie: str
) -> None:
    # someone changed the emergency number in the file and never accepted it
    path = served.site / DIRECTORY
    path.write_text(DIRECTORY_TEXT.replace('"999"', '"112"'), encoding="utf-8")
    answer = _save(
        served, cookie, {"2": {"email": "a@example.org"}}, {"2": {"email": "a@example.org"}}
    )
    assert answer.status == 422
    assert _problems(answer) == {
        "directory": "contacts.lock already differs from the contact files (changes not made "
        "here): ~ help/emergency phone tel:999 -> tel:112  (content/contacts/help.yaml:6). "
        "Check them, run `python build.py contacts accept`, then save again"
    }
    assert "hello@example.org" in path.read_text(encoding="utf-8")
    assert _lock_lines(served.site) == LOCK_BEFORE


def test_a_site_without_a_lock_is_told_to_accept_first(tmp_path: Path) -> None:
    with served_editor(tmp_path, FILES) as served:
        cookie = served.cookie()
        answer = _save(served, cookie, {"0": {"phone": "112"}}, {"0": {"phone": "112"}})
        assert _problems(answer) == {
            "directory": "this site has no contacts.lock yet: run `python build.py contacts "
            "accept` once to record its facts, then save again"
        }
        assert not (served.site / "contacts.lock").exists()
        assert (served.site / DIRECTORY).read_text(encoding="utf-8") == DIRECTORY_TEXT


def test_a_conflict_writes_nothing(served: Served, cookie: str) -> None:
    data = {"path": DIRECTORY, "hash": "0" * 64, "entries": {"0": {"name": "X"}}}
    answer = served.post("contacts", data, served.write_headers(cookie))
    assert answer.status == 409
    assert (served.site / DIRECTORY).read_text(encoding="utf-8") == DIRECTORY_TEXT


def test_a_block_value_cannot_be_changed_here(served: Served, cookie: str) -> None:
    answer = _save(served, cookie, {"1": {"when": "Any time."}})
    assert _problems(answer) == {
        "entry-1-when": "'when' is written over several lines in content/contacts/help.yaml: "
        "change it there"
    }


@pytest.mark.parametrize(
    ("entries", "reason"),
    [
        ([], b"entries must be a JSON object of entry numbers"),
        ({"first": {}}, b"entries must be keyed by entry number"),
        ({"0": {"phone": 999}}, b"each entry&#x27;s values must be text"),
    ],
)
def test_malformed_entries_are_refused(
    served: Served, cookie: str, entries: object, reason: bytes
) -> None:
    data = {"path": DIRECTORY, "hash": "", "entries": entries}
    answer = served.post("contacts", data, served.write_headers(cookie))
    assert answer.status == 400
    assert reason in answer.body


# -- writing in place, without a server ------------------------------------------------------


def test_values_are_quoted_so_the_yaml_reads_them_back() -> None:
    form = read_form(DIRECTORY_TEXT, DIRECTORY)
    text = compose(DIRECTORY_TEXT, form, {2: {"name": 'Drop-in: "open" # door', "hours": "no"}})
    again = read_form(text, DIRECTORY).entries[2].fields
    assert again["name"].value == 'Drop-in: "open" # door'
    assert again["hours"].value == "no"  # text, not False


def test_a_line_break_in_a_value_is_refused() -> None:
    form = read_form(DIRECTORY_TEXT, DIRECTORY)
    with pytest.raises(FormError) as caught:
        compose(DIRECTORY_TEXT, form, {0: {"name": "One\nphone: 112"}})
    assert (caught.value.field, str(caught.value)) == (
        "entry-0-name",
        "this must be one line of text, without control characters",
    )


def test_a_site_with_errors_elsewhere_cannot_accept_a_fact(tmp_path: Path) -> None:
    def broken(site: Path) -> None:
        accept_contacts(site)
        (site / "content/index.md").write_text("---\ntitel: Riverside\n---\nHi.\n", "utf-8")

    with served_editor(tmp_path, FILES, prepare=broken) as served:
        cookie = served.cookie()
        answer = _save(served, cookie, {"0": {"phone": "112"}}, {"0": {"phone": "112"}})
        message = _problems(answer)["directory"]
        assert message == (
            "the site has errors, so contacts.lock cannot be updated; fix them first "
            "(`sitegen check`): content/index.md:2: missing required key 'title'"
        )
        assert (served.site / DIRECTORY).read_text(encoding="utf-8") == DIRECTORY_TEXT
        assert _lock_lines(served.site) == LOCK_BEFORE


def _submitted(site: Path, values: dict[int, dict[str, str]]) -> Submitted:
    data = (site / DIRECTORY).read_bytes()
    return Submitted(text_hash(data), values, values)


def test_accepting_more_than_was_typed_twice_puts_both_files_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = write_site(tmp_path / "site", FILES)
    accept_contacts(site)
    lock_before = (site / "contacts.lock").read_bytes()

    def meanwhile(site_dir: Path, **kwargs: object) -> AcceptResult:
        # another program changes the emergency number between the save and the accept
        path = site_dir / DIRECTORY
        path.write_text(path.read_text("utf-8").replace('"999"', '"112"'), "utf-8")
        return accept_contacts(site_dir)

    monkeypatch.setattr(contactsave, "accept_contacts", meanwhile)
    values = {1: {"phone": "0800 555 111"}}
    outcome = save_directory(site, DIRECTORY, site / DIRECTORY, _submitted(site, values), NOW)
    assert isinstance(outcome, NotSaved)
    assert [str(p) for p in outcome.problems] == [
        "other contact facts changed while saving; nothing was kept. Check the contact files "
        "and `contacts.lock`, then try again"
    ]
    assert (site / DIRECTORY).read_text(encoding="utf-8") == DIRECTORY_TEXT
    assert (site / "contacts.lock").read_bytes() == lock_before


def test_a_failed_accept_puts_the_directory_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = write_site(tmp_path / "site", FILES)
    accept_contacts(site)
    lock_before = (site / "contacts.lock").read_bytes()

    def fails(site_dir: Path, **kwargs: object) -> AcceptResult:
        raise SiteError.at(SourceRef("content/index.md", 1), "broken meanwhile")

    monkeypatch.setattr(contactsave, "accept_contacts", fails)
    values = {1: {"phone": "0800 555 111"}}
    outcome = save_directory(site, DIRECTORY, site / DIRECTORY, _submitted(site, values), NOW)
    assert isinstance(outcome, NotSaved)
    assert [str(p) for p in outcome.problems] == [
        "not saved: content/index.md:1: error: broken meanwhile"
    ]
    assert (site / DIRECTORY).read_text(encoding="utf-8") == DIRECTORY_TEXT
    assert (site / "contacts.lock").read_bytes() == lock_before


def test_words_take_the_default_language_s_direction_and_facts_stay_ltr(tmp_path: Path) -> None:
    site_yaml = SITE_YAML.replace("default_language: en", "default_language: ur")
    site = write_site(tmp_path / "site", {DIRECTORY: DIRECTORY_TEXT}, site_yaml)
    status, body = contacts_page(site, DIRECTORY)
    assert status == 200
    soup = BeautifulSoup(body, "html.parser")
    name = soup.find(id="entry-0-name")
    assert (name["lang"], name["dir"]) == ("ur", "rtl")
    assert soup.find(id="entry-0-phone")["dir"] == "ltr"
    assert soup.find(id="entry-0-phone-confirm")["dir"] == "ltr"


class _Unquoted:
    """A `json` that writes text unquoted: what a quoting slip would write."""

    @staticmethod
    def dumps(value: str, ensure_ascii: bool = True) -> str:
        return value


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        ("open # door", "entry-0-name", "this value cannot be written here"),
        ("a: b", "directory", "the change would break the file: "),
    ],
)
def test_a_value_the_yaml_would_read_otherwise_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str, field: str, message: str
) -> None:
    from sitegen.editor import contactwrite

    monkeypatch.setattr(contactwrite, "json", _Unquoted)
    form = read_form(DIRECTORY_TEXT, DIRECTORY)
    with pytest.raises(FormError) as caught:
        compose(DIRECTORY_TEXT, form, {0: {"name": value}})
    assert caught.value.field == field
    assert str(caught.value).startswith(message)
