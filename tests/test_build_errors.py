"""Every way a site can be wrong ends in a located error, and the previous output survives."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitefixture import build, build_fails, messages, write_site

HOME = {
    "content/index.md": """
        ---
        title: Home
        ---
        Hello.
        """,
}


def test_link_to_missing_file_names_file_and_line(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {
            **HOME,
            "content/advice/a.md": """
                ---
                title: A
                ---
                Intro.

                See [the other page](b.md) today.
                """,
        },
    )
    error = build_fails(site)
    assert messages(error) == [
        "content/advice/a.md:6: error: link 'b.md' leads nowhere: "
        "there is no file content/advice/b.md"
    ]


def test_missing_link_suggests_a_close_name(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {
            **HOME,
            "content/advice/staying-safe.md": "---\ntitle: S\n---\nx\n",
            "content/advice/a.md": "---\ntitle: A\n---\n[x](staying-safe.md) [y](stayng-safe.md)\n",
        },
    )
    (problem,) = build_fails(site).errors
    assert problem.ref.path == "content/advice/a.md"
    assert problem.ref.line == 4
    assert "did you mean content/advice/staying-safe.md?" in problem.message


def test_link_outside_content_is_an_error(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s", {**HOME, "content/a.md": "---\ntitle: A\n---\n[x](../site.yaml)\n"}
    )
    assert messages(build_fails(site)) == [
        "content/a.md:4: error: link '../site.yaml' leads outside the content folder"
    ]


def test_missing_anchor_in_default_language_is_an_error(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {
            **HOME,
            "content/a.md": "---\ntitle: A\n---\n## Here {#here}\n",
            "content/b.md": "---\ntitle: B\n---\n[ok](a.md#here)\n\n[bad](a.md#there)\n",
        },
    )
    (problem,) = build_fails(site).errors
    assert problem.format().startswith(
        "content/b.md:6: error: link 'a.md#there': "
        "the page has no heading or element with id 'there'"
    )


def test_translation_without_original_is_an_error(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {**HOME, "content/a.ur.md": "---\ntitle: A\n---\nx\n"})
    assert messages(build_fails(site)) == [
        "content/a.ur.md:1: error: a translation needs its original in the default language "
        "(en): there is no content/a.md"
    ]


def test_unknown_contact_directory_on_page(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s", {**HOME, "content/a.md": "---\ntitle: A\ncontacts: [nope]\n---\nx\n"}
    )
    assert messages(build_fails(site)) == [
        "content/a.md:3: error: no contact directory 'nope' (directories: none yet)"
    ]


def test_missing_title_names_file(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {**HOME, "content/a.md": "---\nsummary: s\n---\nx\n"})
    (problem,) = build_fails(site).errors
    assert problem.ref.path == "content/a.md"
    assert "title" in problem.message


def test_unquoted_phone_number_kept_as_written(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {
            **HOME,
            "content/contacts/c.yaml": """
                title: C
                entries:
                  - id: office
                    phone: 02071234567
                """,
        },
    )
    out, _ = build(site)
    html = (out / "en/contacts/c/index.html").read_text()
    assert 'href="tel:+442071234567"' in html


def test_invalid_phone_names_file_and_line(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {
            **HOME,
            "content/contacts/c.yaml": "title: C\nentries:\n  - id: x\n    phone: '0800 12'\n",
        },
    )
    (problem,) = build_fails(site).errors
    assert (problem.ref.path, problem.ref.line) == ("content/contacts/c.yaml", 4)


def test_fact_in_directory_translation_is_an_error(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {
            **HOME,
            "content/contacts/c.yaml": "title: C\nentries:\n  - id: x\n    phone: '999'\n",
            "content/contacts/c.ur.yaml": "title: سی\nentries:\n  x:\n    phone: '998'\n",
        },
    )
    (problem,) = build_fails(site).errors
    assert (problem.ref.path, problem.ref.line) == ("content/contacts/c.ur.yaml", 4)
    assert "default-language file" in problem.message


def test_site_yaml_problems_reported_together(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        HOME,
        site_yaml="title: T\nbase_url: nowhere\ndefault_language: en\nlanguages: [en, xx]\n"
        "region: GB\nlangauge: en\n",
    )
    lines = messages(build_fails(site))
    assert any(line.startswith("site.yaml:6: error: unknown key 'langauge'") for line in lines)
    assert any(line.startswith("site.yaml:4: error:") and "'xx'" in line for line in lines)


def test_no_site_yaml(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", HOME, site_yaml=None)
    (problem,) = build_fails(site).errors
    assert problem.ref.path == "site.yaml"
    assert "no site.yaml" in problem.message


def test_non_utf8_file_names_byte_position(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {**HOME, "content/a.md": b"---\ntitle: A\n---\ncaf\xe9\n"})
    (problem,) = build_fails(site).errors
    assert problem.ref.path == "content/a.md"
    assert problem.ref.line == 4
    assert "byte 20" in problem.message


def test_failed_build_leaves_previous_output(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", HOME)
    out, _ = build(site)
    before = (out / "en/index.html").read_bytes()
    (site / "content/index.md").write_text("---\ntitle: Home\n---\n[x](missing.md)\n")
    build_fails(site, out)
    assert (out / "en/index.html").read_bytes() == before


def test_output_folder_cannot_be_site_folder(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", HOME)
    error = build_fails(site, out=site)
    assert "site folder" in str(error)


def test_site_template_overrides_theme_and_template_error_is_located(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {
            **HOME,
            "templates/home.html": (
                "<!DOCTYPE html>\n<p>{{ page.title }}</p>\n<p>{{ nothing.here }}</p>\n"
            ),
        },
    )
    (problem,) = build_fails(site).errors
    assert (problem.ref.path, problem.ref.line) == ("templates/home.html", 3)
    assert "'nothing' is undefined" in problem.message
    assert "while rendering page '(home)'" in problem.message


def test_template_syntax_error_is_located(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {**HOME, "templates/home.html": "<p>\n{% if %}\n"})
    (problem,) = build_fails(site).errors
    assert (problem.ref.path, problem.ref.line) == ("templates/home.html", 2)
    assert problem.message.startswith("template syntax error:")


def test_site_template_override_is_used_and_autoescaped(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {
            "content/index.md": "---\ntitle: <b>Home</b>\n---\nx\n",
            "templates/home.html": "<title>{{ page.title }}</title>\n",
            "templates/page.txt": "unused",
        },
    )
    out, _ = build(site)
    assert (out / "en/index.html").read_text() == "<title>&lt;b&gt;Home&lt;/b&gt;</title>\n"


@pytest.mark.parametrize("code", ["ur", "pl"])
def test_site_catalog_overrides_theme_words(tmp_path: Path, code: str) -> None:
    po = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Skip to main content"\nmsgstr "<b>JUMP</b>"\n'
    )
    site = write_site(tmp_path / "s", {**HOME, f"translations/{code}/LC_MESSAGES/messages.po": po})
    out, _ = build(site)
    html = (out / f"{code}/index.html").read_text()
    assert "&lt;b&gt;JUMP&lt;/b&gt;" in html
    assert "<b>JUMP</b>" not in html
