"""Contact directories: parsing real YAML files, word-by-word fallback, and every error."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.content.contactfiles import load_directory
from sitegen.content.contacts import Directory, EntryWords, localise
from sitegen.errors import Problems, SourceRef
from sitegen.i18n.phones import Phone

HELP = """\
title: Who to call
intro: Numbers you can ring for help.
entries:
  - id: police-emergency
    name: Police (emergency)
    phone: 999
    when: When someone is in danger now
  - id: police
    name: Police (non-emergency)
    phone: 101
    url: https://www.police.uk/
    hours: Open all day, every day
  - id: council
    name: City council
    phone: 02071234567
    email: help@council.example.org
    address: 1 High Street
    when: Damage to property
"""

HELP_UR = """\
title: کس کو فون کریں
entries:
  police-emergency:
    name: پولیس (ایمرجنسی)
    when: جب کوئی ابھی خطرے میں ہو
  police:
    name: پولیس
"""

DEFAULT_PATH = "content/contacts/help.yaml"
URDU_PATH = "content/contacts/help.ur.yaml"


def _write(site: Path, name: str, text: str) -> Path:
    path = site / "content" / "contacts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _load(
    site: Path, default: str, translations: dict[str, str] | None = None
) -> tuple[Directory | None, Problems]:
    problems = Problems()
    default_file = _write(site, "help.yaml", default)
    files = {
        lang: _write(site, f"help.{lang}.yaml", text) for lang, text in (translations or {}).items()
    }
    return load_directory(default_file, files, site, "GB", problems), problems


def _errors(problems: Problems) -> list[tuple[str, str]]:
    return [(str(p.ref), p.message) for p in problems.errors]


def test_directory_is_read_with_facts_as_written(tmp_path: Path) -> None:
    directory, problems = _load(tmp_path, HELP, {"ur": HELP_UR})
    assert problems.items == []
    assert directory is not None
    assert (directory.id, directory.title, directory.ref) == (
        "help",
        "Who to call",
        SourceRef(DEFAULT_PATH, 1),
    )
    assert directory.intro == "Numbers you can ring for help."
    emergency, police, council = directory.entries
    assert emergency.phone == Phone("999", "999", "tel:999", short=True)
    assert emergency.ref == SourceRef(DEFAULT_PATH, 4)
    assert (police.id, police.url, police.hours) == (
        "police",
        "https://www.police.uk/",
        "Open all day, every day",
    )
    assert police.phone == Phone("101", "101", "tel:101", short=True)
    assert council.phone == Phone("02071234567", "020 7123 4567", "tel:+442071234567", short=False)
    assert (council.email, council.address, council.when) == (
        "help@council.example.org",
        "1 High Street",
        "Damage to property",
    )
    urdu = directory.translations["ur"]
    assert (urdu.lang, urdu.title, urdu.intro, urdu.ref) == (
        "ur",
        "کس کو فون کریں",
        "",
        SourceRef(URDU_PATH, 1),
    )
    assert urdu.entries["police"] == EntryWords("پولیس", "", "", "")


def test_localise_falls_back_word_by_word(tmp_path: Path) -> None:
    directory, _ = _load(tmp_path, HELP, {"ur": HELP_UR})
    assert directory is not None
    urdu = localise(directory, "ur")
    assert urdu.title == "کس کو فون کریں"
    assert urdu.intro == "Numbers you can ring for help."  # not translated: fell back
    assert urdu.translated is False
    emergency, police, council = urdu.entries
    assert (emergency.name, emergency.when, emergency.translated) == (
        "پولیس (ایمرجنسی)",
        "جب کوئی ابھی خطرے میں ہو",
        True,
    )
    assert (police.name, police.hours, police.translated) == (
        "پولیس",
        "Open all day, every day",
        False,
    )
    assert (council.name, council.address, council.translated) == (
        "City council",
        "1 High Street",
        False,
    )
    assert council.entry is directory.entries[2]


def test_fully_translated_directory_is_marked_translated(tmp_path: Path) -> None:
    default = (
        "title: Help\nintro: Ring us.\nentries:\n  - id: police\n    name: Police\n    phone: 101\n"
    )
    welsh = "title: Help (cy)\nintro: Ffoniwch ni.\nentries:\n  police:\n    name: Heddlu\n"
    directory, problems = _load(tmp_path, default, {"cy": welsh})
    assert problems.items == []
    assert directory is not None
    result = localise(directory, "cy")
    assert (result.title, result.intro, result.entries[0].name) == (
        "Help (cy)",
        "Ffoniwch ni.",
        "Heddlu",
    )
    assert result.translated is True
    assert result.entries[0].translated is True


def test_language_without_translation_shows_default_words(tmp_path: Path) -> None:
    directory, _ = _load(tmp_path, HELP)
    assert directory is not None
    polish = localise(directory, "pl")
    assert (polish.lang, polish.title, polish.translated) == ("pl", "Who to call", False)
    assert [e.name for e in polish.entries] == [e.name for e in directory.entries]


def test_phone_number_in_translation_is_refused(tmp_path: Path) -> None:
    translation = (
        "entries:\n  police:\n    name: Policja\n    phone: 112\n    url: https://x.example.org/\n"
    )
    directory, problems = _load(tmp_path, HELP, {"pl": translation})
    facts = (
        "does not belong in a translation: phone numbers, web addresses and e-mail addresses "
        f"are written once, in the default-language file {DEFAULT_PATH}"
    )
    assert _errors(problems) == [
        ("content/contacts/help.pl.yaml:4", f"'phone' {facts}"),
        ("content/contacts/help.pl.yaml:5", f"'url' {facts}"),
    ]
    assert directory is not None
    assert directory.translations["pl"].entries["police"] == EntryWords("Policja", "", "", "")


def test_email_in_translation_is_refused(tmp_path: Path) -> None:
    translation = "entries:\n  council:\n    email: x@example.org\n"
    _, problems = _load(tmp_path, HELP, {"pl": translation})
    assert [(ref, message.split(":")[0]) for ref, message in _errors(problems)] == [
        ("content/contacts/help.pl.yaml:3", "'email' does not belong in a translation")
    ]


def test_unknown_entry_id_in_translation_is_refused(tmp_path: Path) -> None:
    translation = "title: Pomoc\nentries:\n  polise:\n    name: Policja\n  fire:\n    name: Straż\n"
    directory, problems = _load(tmp_path, HELP, {"pl": translation})
    assert _errors(problems) == [
        (
            "content/contacts/help.pl.yaml:3",
            f"entry 'polise' is not in {DEFAULT_PATH} (did you mean 'police'?)",
        ),
        (
            "content/contacts/help.pl.yaml:5",
            f"entry 'fire' is not in {DEFAULT_PATH} "
            "(its entries are: police-emergency, police, council)",
        ),
    ]
    assert directory is not None
    assert directory.translations["pl"].entries == {}


def test_translation_entries_written_as_a_list_are_explained(tmp_path: Path) -> None:
    translation = "title: Pomoc\nentries:\n  - id: police\n    name: Policja\n"
    directory, problems = _load(tmp_path, HELP, {"pl": translation})
    assert _errors(problems) == [
        (
            "content/contacts/help.pl.yaml:2",
            "in a translation, 'entries' holds each entry id followed by its translated words "
            "('police:' then 'name: ...' indented under it), not a list",
        )
    ]
    assert directory is not None
    assert "pl" not in directory.translations


def test_duplicate_entry_ids_name_both_lines(tmp_path: Path) -> None:
    default = (
        "title: Help\nentries:\n  - id: police\n    phone: 101\n  - id: police\n    phone: 999\n"
    )
    directory, problems = _load(tmp_path, default)
    assert _errors(problems) == [
        (
            f"{DEFAULT_PATH}:5",
            "entry id 'police' is used twice, at lines 3 and 5: give each entry its own id",
        )
    ]
    assert directory is not None
    assert [e.phone.display for e in directory.entries if e.phone] == ["101"]


def test_entry_id_must_be_usable_in_links(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, "title: Help\nentries:\n  - id: the police\n")
    assert _errors(problems) == [
        (
            f"{DEFAULT_PATH}:3",
            "entry id 'the police' may use only ASCII letters, digits, '-' and '_' "
            "(it is used in links): write it like 'police' or 'victim-support'",
        )
    ]


def test_missing_entry_id_is_reported(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, "title: Help\nentries:\n  - name: Police\n    phone: 101\n")
    assert _errors(problems) == [(f"{DEFAULT_PATH}:3", "missing required key 'entries[1].id'")]


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        (
            "0800 789 32l",
            "phone number '0800 789 32l' contains the letter 'l' (write numbers with digits "
            "only); write it like '0121 234 5678'",
        ),
        ("12", "phone number '12' is too short; write it like '0121 234 5678'"),
        (
            '"+44 101"',
            "phone number '+44 101' is a short code: write it without the country code, "
            "as '101'; write it like '0121 234 5678'",
        ),
    ],
)
def test_bad_phone_is_reported_at_its_line(tmp_path: Path, phone: str, message: str) -> None:
    default = f"title: Help\nentries:\n  - id: council\n    name: Council\n    phone: {phone}\n"
    directory, problems = _load(tmp_path, default)
    assert _errors(problems) == [(f"{DEFAULT_PATH}:5", message)]
    assert directory is not None
    assert directory.entries[0].phone is None


def test_phone_on_its_own_line_is_located_at_the_value(tmp_path: Path) -> None:
    default = "title: Help\nentries:\n  - id: council\n    phone:\n      0800 789 32l\n"
    _, problems = _load(tmp_path, default)
    (error,) = problems.errors
    assert error.ref == SourceRef(DEFAULT_PATH, 5)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("www.police.uk", "must start with https:// (or http://)"),
        ("javascript:alert(1)", "must start with https:// (or http://)"),
        ("ftp://files.example.org/", "must start with https:// (or http://)"),
        ("https://police .uk/", "contains a space or an invisible character"),
        ("https://-police.uk/", "has an invalid site name '-police.uk'"),
        ("https://police-.uk/", "has an invalid site name 'police-.uk'"),
        ("https://police/", "has an invalid site name 'police'"),
        ("https://", "has an invalid site name ''"),
        ("https://police..uk/", "has an invalid site name 'police..uk'"),
        ("https://police.uk@evil.example/", "must not contain '@' before the site name"),
        ("https://police.uk:99999/", "is not a valid web address"),
    ],
)
def test_bad_url_is_reported_at_its_line(tmp_path: Path, url: str, reason: str) -> None:
    default = f"title: Help\nentries:\n  - id: police\n    name: Police\n    url: '{url}'\n"
    directory, problems = _load(tmp_path, default)
    assert _errors(problems) == [
        (
            f"{DEFAULT_PATH}:5",
            f"web address '{url}' {reason}: write it like 'https://www.example.org/help'",
        )
    ]
    assert directory is not None
    assert directory.entries[0].url == ""


@pytest.mark.parametrize(
    "url", ["https://www.police.uk/", "http://example.org:8080/a?b=c#d", "https://bücher.example/"]
)
def test_good_urls_are_accepted(tmp_path: Path, url: str) -> None:
    directory, problems = _load(tmp_path, f"title: Help\nentries:\n  - id: a\n    url: '{url}'\n")
    assert problems.items == []
    assert directory is not None
    assert directory.entries[0].url == url


@pytest.mark.parametrize(
    "email",
    [
        "help",
        "help@",
        "@council.example.org",
        "help@council",
        "he lp@council.example.org",
        "help@@council.example.org",
        "help.@council.example.org",
        "help@-council.example.org",
        "mailto:help@council.example.org",
    ],
)
def test_bad_email_is_reported_at_its_line(tmp_path: Path, email: str) -> None:
    default = f"title: Help\nentries:\n  - id: council\n    email: '{email}'\n"
    directory, problems = _load(tmp_path, default)
    assert _errors(problems) == [
        (
            f"{DEFAULT_PATH}:4",
            f"e-mail address '{email}' is not valid: write it like 'help@example.org'",
        )
    ]
    assert directory is not None
    assert directory.entries[0].email == ""


@pytest.mark.parametrize("email", ["help@council.example.org", "first.last+tag@example.co.uk"])
def test_good_emails_are_accepted(tmp_path: Path, email: str) -> None:
    _, problems = _load(tmp_path, f"title: Help\nentries:\n  - id: a\n    email: {email}\n")
    assert problems.items == []


def test_unknown_keys_get_a_suggestion(tmp_path: Path) -> None:
    default = "title: Help\nintor: Hi\nentries:\n  - id: police\n    phnoe: 101\n"
    translation = "title: Pomoc\nentries:\n  police:\n    hour: 24/7\n"
    _, problems = _load(tmp_path, default, {"pl": translation})
    assert _errors(problems) == [
        (f"{DEFAULT_PATH}:2", "unknown key 'intor' (did you mean 'intro'?)"),
        (f"{DEFAULT_PATH}:5", "unknown key 'entries[1].phnoe' (did you mean 'entries[1].phone'?)"),
        (
            "content/contacts/help.pl.yaml:4",
            "unknown key 'entries.police.hour' (did you mean 'entries.police.hours'?)",
        ),
    ]


def test_missing_title_is_reported(tmp_path: Path) -> None:
    directory, problems = _load(tmp_path, "intro: Hi\nentries:\n  - id: police\n    phone: 101\n")
    assert _errors(problems) == [(f"{DEFAULT_PATH}:1", "missing required key 'title'")]
    assert directory is not None
    assert directory.title == ""


@pytest.mark.parametrize(
    ("text", "line"),
    [("", 1), ("- just\n- a list\n", 1), ("\n\njust text\n", 3)],
)
def test_default_file_that_is_not_a_mapping_is_unusable(
    tmp_path: Path, text: str, line: int
) -> None:
    directory, problems = _load(tmp_path, text)
    assert directory is None
    assert _errors(problems) == [
        (
            f"{DEFAULT_PATH}:{line}",
            "a contact directory must be 'key: value' lines, starting with 'title:'",
        )
    ]


def test_yaml_syntax_error_makes_default_file_unusable(tmp_path: Path) -> None:
    directory, problems = _load(tmp_path, "title: Help\nentries: [\n")
    assert directory is None
    (error,) = problems.errors
    assert error.ref.path == DEFAULT_PATH
    assert error.message.startswith("YAML syntax error")


def test_unreadable_translation_is_reported_and_skipped(tmp_path: Path) -> None:
    problems = Problems()
    default_file = _write(tmp_path, "help.yaml", HELP)
    broken = tmp_path / "content" / "contacts" / "help.ar.yaml"
    broken.write_bytes(b"title: \xff\n")
    directory = load_directory(default_file, {"ar": broken}, tmp_path, "GB", problems)
    assert directory is not None
    assert directory.translations == {}
    assert [str(p.ref) for p in problems.errors] == ["content/contacts/help.ar.yaml:1"]
