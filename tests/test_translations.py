"""The translators' workflow end to end, through the command line: extract, update, status,
new, done, and the outdated notice readers see."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from sitegen.build import check_site
from sitegen.cli import main
from sitegen.translations.edits import set_front_matter_key, set_yaml_key
from tests.sitefixture import NOW, build, page, write_site

SAFE = """
    ---
    title: Staying safe
    date: 2026-10-01
    updated: 2026-11-01
    ---

    Keep your phone charged.
    """

FILES = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/advice/safe.md": SAFE,
    "content/contacts/help.yaml": """
        title: Who to call
        intro: Real services.
        entries:
          - id: emergency
            name: Emergency services
            phone: "999"
            when: Someone is in danger.
        """,
}


def run(site: Path, *args: str) -> int:
    return main(["translations", *args, "--site", str(site)])


def catalog_of(site: Path, lang: str) -> Path:
    return site / "translations" / lang / "LC_MESSAGES" / "messages.po"


def translate(path: Path, lang: str, msgid: str, text: str) -> None:
    """Do what a translator does in a .po editor: fill in one msgstr."""
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=lang)
    catalog[msgid].string = text
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0)
    path.write_bytes(buffer.getvalue())


def status_json(site: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    capsys.readouterr()
    assert run(site, "status", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    return {language["code"]: language for language in data["languages"]}


def file_states(language: dict[str, object]) -> dict[str, str]:
    files = language["files"]
    assert isinstance(files, list)
    return {f["translation"] or f["original"]: f["state"] for f in files}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    files = dict(FILES)
    files["templates/page.html"] = (
        '{%- extends "base.html" %}\n{%- block content %}<p class="local">'
        "{% trans %}Local words{% endtrans %}</p>{{ page.html }}{% endblock %}\n"
    )
    return write_site(tmp_path / "site", files)


def test_extract_collects_the_theme_and_the_sites_templates(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(site, "extract") == 0
    assert capsys.readouterr().out.startswith("Wrote ")
    pot = (site / "translations/messages.pot").read_text(encoding="utf-8")
    assert 'msgctxt "alert level"\nmsgid "Information"' in pot  # pgettext
    assert '#: templates/page.html:2\nmsgid "Local words"' in pot  # {% trans %}, site's own
    assert "theme/templates/base.html" in pot
    assert "theme/templates/page.html" not in pot  # overridden by the site: not shown
    assert "This translation may be out of date: the %(language)s original was" in pot


def test_update_creates_catalogs_with_cldr_plural_forms(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(site, "update") == 1
    assert "run `python build.py translations extract` first" in capsys.readouterr().err
    assert run(site, "extract") == 0
    assert run(site, "update") == 0
    out = capsys.readouterr().out
    assert "Created translations/ur/LC_MESSAGES/messages.po" in out
    assert "Created translations/pl/LC_MESSAGES/messages.po" in out
    assert not catalog_of(site, "en").exists()  # the theme's words are English already
    assert "Plural-Forms: nplurals=3;" in catalog_of(site, "pl").read_text(encoding="utf-8")


def test_translated_string_kept_changed_string_fuzzy(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(site, "extract") == 0 and run(site, "update") == 0
    translate(catalog_of(site, "ur"), "ur", "Local words", "مقامی الفاظ")
    before = status_json(site, capsys)["ur"]["strings"]
    assert isinstance(before, dict) and "Local words" not in before["missing"]

    out, _ = build(site)
    assert page(out, "ur/advice/safe/index.html").select_one("p.local").text == "مقامی الفاظ"

    template = site / "templates/page.html"
    template.write_text(template.read_text().replace("Local words", "Local words here"))
    assert run(site, "extract") == 0 and run(site, "update") == 0
    with catalog_of(site, "ur").open("rb") as stream:
        catalog = read_po(stream, locale="ur")
    changed = catalog["Local words here"]
    assert changed.fuzzy and changed.string == "مقامی الفاظ"
    strings = status_json(site, capsys)["ur"]["strings"]
    assert isinstance(strings, dict) and strings["fuzzy"] == ["Local words here"]
    warnings = [p.format() for p in check_site(site, now=NOW).problems]
    assert any(
        w.startswith(f"translations/ur/LC_MESSAGES/messages.po:{changed.lineno}: warning: 1 ")
        for w in warnings
    )


def test_outdated_page_from_new_to_done(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(site, "new", "content/advice/safe.md", "--lang", "ur") == 0
    translation = site / "content/advice/safe.ur.md"
    original_text = (site / "content/advice/safe.md").read_text(encoding="utf-8")
    started = translation.read_text(encoding="utf-8")
    lines = started.splitlines(keepends=True)
    assert lines[4].startswith("translation_of: ")
    assert lines[5] == (
        "untranslated: true  # readers see the original until you translate this and run "
        "`translations done`\n"
    )
    assert "".join(lines[:4] + lines[6:]) == original_text
    translation.write_text(started.replace("Keep your phone charged.", "فون چارج رکھیں۔"))
    assert file_states(status_json(site, capsys)["ur"])["content/advice/safe.ur.md"] == "started"
    assert run(site, "done", "advice/safe.ur.md") == 0
    assert "untranslated" not in translation.read_text(encoding="utf-8")
    assert file_states(status_json(site, capsys)["ur"])["content/advice/safe.ur.md"] == (
        "translated"
    )

    out, _ = build(site)
    assert page(out, "ur/advice/safe/index.html").select_one(".notice--outdated") is None

    original = site / "content/advice/safe.md"
    original.write_text(original_text.replace("charged.", "charged and with credit."))
    out, _ = build(site)
    notice = page(out, "ur/advice/safe/index.html").select_one(".notice--outdated")
    assert notice is not None
    assert notice.select_one("time")["datetime"] == "2026-11-01"
    assert "یہ ترجمہ پرانا ہو سکتا ہے" in notice.text
    assert page(out, "en/advice/safe/index.html").select_one(".notice--outdated") is None
    ur = status_json(site, capsys)["ur"]
    assert file_states(ur)["content/advice/safe.ur.md"] == "outdated"
    assert run(site, "status") == 0
    text = capsys.readouterr().out
    assert "    content/advice/safe.ur.md (the original changed on 2026-11-01)" in text

    body = translation.read_text(encoding="utf-8")
    assert run(site, "done", str(translation)) == 0
    done = translation.read_text(encoding="utf-8")
    assert done.splitlines()[:4] == body.splitlines()[:4]
    assert done.split("---", 2)[2] == body.split("---", 2)[2]
    assert done.splitlines()[4] != body.splitlines()[4]
    out, _ = build(site)
    assert page(out, "ur/advice/safe/index.html").select_one(".notice--outdated") is None
    assert file_states(status_json(site, capsys)["ur"])["content/advice/safe.ur.md"] == (
        "translated"
    )


def test_editing_only_dates_does_not_outdate(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(site, "new", "content/advice/safe.md", "--lang", "pl") == 0
    assert run(site, "done", "content/advice/safe.pl.md") == 0
    original = site / "content/advice/safe.md"
    original.write_text(original.read_text().replace("2026-11-01", "2026-11-20"))
    assert file_states(status_json(site, capsys)["pl"])["content/advice/safe.pl.md"] == (
        "translated"
    )


def test_status_lists_missing_and_unknown(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "content/index.ur.md").write_text("---\ntitle: گھر\n---\n", encoding="utf-8")
    states = file_states(status_json(site, capsys)["ur"])
    assert states == {
        "content/index.ur.md": "unknown",
        "content/advice/safe.md": "missing",
        "content/contacts/help.yaml": "missing",
    }
    assert run(site, "status") == 0
    text = capsys.readouterr().out
    assert "  pages: 0 translated, 0 started, 0 outdated, 1 unknown, 1 missing" in text
    assert (
        "  contact directories: 0 translated, 0 started, 0 outdated, 0 unknown, 1 missing" in text
    )


def test_contact_directory_translation(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(site, "new", "content/contacts/help.yaml", "--lang", "ur") == 0
    translation = site / "content/contacts/help.ur.yaml"
    skeleton = translation.read_text(encoding="utf-8")
    assert "  emergency:\n    # Emergency services\n    name:\n" in skeleton
    assert "999" not in skeleton
    translation.write_text(
        skeleton.replace("    name:\n", "    name: ایمرجنسی سروسز\n"), encoding="utf-8"
    )
    assert check_site(site, now=NOW).errors == 0
    assert file_states(status_json(site, capsys)["ur"])["content/contacts/help.ur.yaml"] == (
        "translated"
    )

    original = site / "content/contacts/help.yaml"
    original.write_text(original.read_text().replace('"999"', '"112"'))
    assert file_states(status_json(site, capsys)["ur"])["content/contacts/help.ur.yaml"] == (
        "translated"  # a number is not words: the translation has nothing to change
    )
    original.write_text(original.read_text().replace("in danger.", "in danger now."))
    assert file_states(status_json(site, capsys)["ur"])["content/contacts/help.ur.yaml"] == (
        "outdated"
    )
    assert run(site, "done", "content/contacts/help.ur.yaml") == 0
    assert file_states(status_json(site, capsys)["ur"])["content/contacts/help.ur.yaml"] == (
        "translated"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("new", "content/advice/safe.md", "--lang", "fr"),
            "site.yaml: error: cannot translate into 'fr': site.yaml lists the languages to "
            "translate into (ur, pl); add it to languages first",
        ),
        (
            ("new", "content/nothing.md", "--lang", "ur"),
            "content/nothing.md: error: there is no such file (paths are inside the site's "
            "content folder, {content})",
        ),
        (
            ("done", "content/advice/safe.md"),
            "content/advice/safe.md: error: this is an original, not a translation: give the "
            "translated file (with a language code in its name, like staying-safe.ur.md)",
        ),
    ],
)
def test_refusals(
    site: Path, args: tuple[str, ...], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(site, *args) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == message.format(content=site.resolve() / "content")
    assert err[-1].endswith("nothing was changed.")


def test_new_refuses_to_overwrite(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(site, "new", "content/advice/safe.md", "--lang", "ur") == 0
    (site / "content/advice/safe.ur.md").write_text("mine", encoding="utf-8")
    assert run(site, "new", "content/advice/safe.md", "--lang", "ur") == 1
    assert capsys.readouterr().err.startswith(
        "content/advice/safe.ur.md: error: this translation already exists; use --force"
    )
    assert (site / "content/advice/safe.ur.md").read_text(encoding="utf-8") == "mine"
    assert run(site, "new", "content/advice/safe.ur.md", "--lang", "pl") == 1
    assert "this is already a translation (ur)" in capsys.readouterr().err


def test_front_matter_edit_keeps_every_other_byte() -> None:
    text = "\ufeff---\r\ntitle: A\r\ntranslation_of: old\r\n---\r\nBody\r\n"
    assert set_front_matter_key(text, "translation_of", "new") == text.replace("old", "new")
    added = set_front_matter_key("---\ntitle: A\n---\nBody", "translation_of", "x")
    assert added == "---\ntitle: A\ntranslation_of: x\n---\nBody"
    assert set_front_matter_key("Body\n", "translation_of", "x") == (
        "---\ntranslation_of: x\n---\nBody\n"
    )


def test_yaml_edit_keeps_every_other_byte() -> None:
    text = "# words\ntitle: A\nentries:\n  a:\n    translation_of: not-top-level\n"
    assert set_yaml_key(text, "translation_of", "x") == "translation_of: x\n" + text
    again = set_yaml_key("translation_of: x\n" + text, "translation_of", "y")
    assert again == "translation_of: y\n" + text
