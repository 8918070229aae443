"""A copy `translations new` makes is still the original's words: until a translator has
translated it and run `translations done`, readers get the original (with its own `lang` and
`dir`, and the notice that the page is not translated yet) and `status` says "started"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitegen.cli import main
from tests.sitefixture import build, page, write_site

FILES = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/advice/safe.md": """
        ---
        title: Staying safe
        ---

        Keep your phone charged.
        """,
    "content/statements/calm/index.md": "---\ntitle: Stay calm\n---\nWe are with you.\n",
    "content/statements/calm/letters/01-police.md": """
        ---
        from: A. Officer
        ---

        We are patrolling.
        """,
    "content/contacts/help.yaml": """
        title: Who to call
        entries:
          - id: emergency
            name: Emergency services
            phone: "999"
        """,
}


def run(site: Path, *args: str) -> int:
    return main(["translations", *args, "--site", str(site)])


def states(site: Path, capsys: pytest.CaptureFixture[str], lang: str) -> dict[str, str]:
    capsys.readouterr()
    assert run(site, "status", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    language = next(entry for entry in data["languages"] if entry["code"] == lang)
    return {f["translation"] or f["original"]: f["state"] for f in language["files"]}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", dict(FILES))


def test_a_new_copy_is_shown_as_the_original_until_done(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(site, "new", "advice/safe.md", "--lang", "ur") == 0
    translation = site / "content/advice/safe.ur.md"
    assert "untranslated: true" in translation.read_text(encoding="utf-8")
    assert states(site, capsys, "ur")["content/advice/safe.ur.md"] == "started"
    assert run(site, "status") == 0
    text = capsys.readouterr().out
    assert "  pages: 0 translated, 1 started, 0 outdated, 0 unknown, 3 missing" in text
    assert (
        "  started (readers see the original until each is translated; then run "
        "`python build.py translations done FILE`):\n    content/advice/safe.ur.md\n"
    ) in text

    out, _ = build(site)
    html = page(out, "ur/advice/safe/index.html")
    assert html.html["lang"] == "ur"  # the reader's language, for the theme's words
    content = html.select_one(".content")
    assert (content["lang"], content["dir"]) == ("en", "ltr")
    assert content.select_one("p").text == "Keep your phone charged."
    assert html.select_one(".notice--fallback") is not None
    hreflangs = {link["hreflang"] for link in html.select("link[hreflang]")}
    assert hreflangs == {"en", "x-default"}

    # Half translated, the line still there: still the original for readers.
    translation.write_text(
        translation.read_text(encoding="utf-8").replace(
            "Keep your phone charged.", "اپنا فون چارج رکھیں۔"
        ),
        encoding="utf-8",
    )
    out, _ = build(site)
    assert page(out, "ur/advice/safe/index.html").select_one(".content")["lang"] == "en"

    assert run(site, "done", "content/advice/safe.ur.md") == 0
    assert "untranslated" not in translation.read_text(encoding="utf-8")
    assert states(site, capsys, "ur")["content/advice/safe.ur.md"] == "translated"
    out, _ = build(site)
    html = page(out, "ur/advice/safe/index.html")
    content = html.select_one(".content")
    assert (content["lang"], content["dir"]) == ("ur", "rtl")
    assert content.select_one("p").text == "اپنا فون چارج رکھیں۔"
    assert html.select_one(".notice--fallback") is None
    assert "ur" in {link["hreflang"] for link in html.select("link[hreflang]")}


def test_a_new_letter_copy_is_shown_as_the_original(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(site, "new", "statements/calm/index.md", "--lang", "ur") == 0
    assert run(site, "done", "statements/calm/index.ur.md") == 0
    assert run(site, "new", "statements/calm/letters/01-police.md", "--lang", "ur") == 0
    started = "content/statements/calm/letters/01-police.ur.md"
    assert states(site, capsys, "ur")[started] == "started"

    out, _ = build(site)
    html = page(out, "ur/statements/calm/index.html")
    assert html.select_one(".content")["lang"] == "ur"
    letter = html.select_one("article.letter")
    assert (letter["lang"], letter["dir"]) == ("en", "ltr")
    assert letter.select_one(".notice--fallback") is not None

    assert run(site, "done", started) == 0
    out, _ = build(site)
    letter = page(out, "ur/statements/calm/index.html").select_one("article.letter")
    assert (letter["lang"], letter["dir"]) == ("ur", "rtl")
    assert letter.select_one(".notice--fallback") is None


def test_a_new_directory_skeleton_is_started_until_it_has_words(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(site, "new", "contacts/help.yaml", "--lang", "ur") == 0
    skeleton = site / "content/contacts/help.ur.yaml"
    assert states(site, capsys, "ur")["content/contacts/help.ur.yaml"] == "started"
    out, _ = build(site)
    html = page(out, "ur/contacts/help/index.html")
    assert html.select_one(".notice--fallback") is not None
    assert html.select_one("li.entry")["lang"] == "en"

    skeleton.write_text(
        skeleton.read_text(encoding="utf-8").replace("    name:\n", "    name: ایمرجنسی\n"),
        encoding="utf-8",
    )
    assert states(site, capsys, "ur")["content/contacts/help.ur.yaml"] == "translated"
    out, _ = build(site)
    html = page(out, "ur/contacts/help/index.html")
    assert html.select_one(".notice--fallback") is None
    entry = html.select_one("li.entry")
    assert (entry["lang"], entry["dir"]) == ("ur", "rtl")
