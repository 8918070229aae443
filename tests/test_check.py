"""`python build.py check`: every problem of every file, located; the build reports the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitegen.build import check_site
from sitegen.cli import main
from tests.sitefixture import NOW, build, build_fails, messages, write_site

HOME = """
    ---
    title: Home
    ---

    Call [the helpline](tel:0800-12) or see [help](https://help-.example.org/x).

    ![](map.png)

    See [missing](nowhere.md) and [anchor](about.md#nope).
    """

BROKEN = {
    "content/index.md": HOME,
    "content/map.png": b"png",
    "content/about.md": """
        ---
        titel: About
        date: 2026-13-01
        ---
        Hello.
        """,
    "content/about.ur.md": """
        ---
        title: تعارف
        ---
        [gone](gone.md)
        """,
    "content/about.cy.md": "---\ntitle: Amdan\n---\n",
    "content/contacts/help.yaml": """
        title: Help
        entries:
          - id: a
            phone: "0800 12"
            url: https://bad-.example.org
          - id: a
            name: Twice
        """,
    "content/contacts/help.ur.yaml": """
        title: مدد
        entries:
          a:
            phone: "999"
        """,
    "translations/ur/LC_MESSAGES/messages.po": """
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=utf-8\\n"

        #, python-format
        msgid "Updated %(date)s"
        msgstr "Zm"

        #, fuzzy
        msgid "Menu"
        msgstr "Men"

        #, fuzzy
        msgid "Languages"
        msgstr "Lang"

        #~ msgid "Old"
        #~ msgstr "Stare"
        """,
    "translations/pl/LC_MESSAGES/messages.po": 'msgid "x"\nmsgstr "y\n',
}


@pytest.fixture(scope="module")
def report_lines(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    site = write_site(tmp_path_factory.mktemp("broken") / "site", BROKEN)
    return [p.format() for p in check_site(site, now=NOW).problems]


@pytest.mark.parametrize(
    "expected",
    [
        # front matter, checked against its schema
        "content/about.md:2: error: unknown key 'titel' (did you mean 'title'?)",
        "content/about.md:2: error: missing required key 'title'",
        "content/about.md:3: error: 'date' is not a real date: '2026-13-01' "
        "(month must be in 1..12)",
        # a translation into a language site.yaml does not list
        "content/about.cy.md: warning: this looks like a translation into 'cy', a language "
        "site.yaml does not list: add it to languages or rename the file",
        # contact directories
        "content/contacts/help.yaml:4: error: phone number '0800 12' is not a valid number or "
        "short code for region GB; write it like '0121 234 5678'",
        "content/contacts/help.yaml:5: error: web address 'https://bad-.example.org' has an "
        "invalid site name 'bad-.example.org': write it like 'https://www.example.org/help'",
        "content/contacts/help.yaml:6: error: entry id 'a' is used twice, at lines 3 and 6: "
        "give each entry its own id",
        # Markdown links: numbers and web addresses that cannot work
        "content/index.md:5: error: link 'tel:0800-12': phone number '0800-12' is not a valid "
        "number or short code for region GB; write it like '0121 234 5678'",
        "content/index.md:5: error: web address 'https://help-.example.org/x' has an invalid "
        "site name 'help-.example.org': write it like 'https://www.example.org/help'",
        # images need alternative text
        "content/index.md:7: warning: image without alternative text: describe what it shows "
        "between the square brackets, like ![Map of the road closure](map.png), for people who "
        "cannot see it",
        # internal links and anchors, in every language
        "content/index.md:9: error: link 'nowhere.md' leads nowhere: there is no file "
        "content/nowhere.md",
        "content/index.md:9: error: link 'about.md#nope': the page has no heading or element "
        "with id 'nope' in English (give the heading an id: ## Heading {#nope})",
        "content/about.ur.md:4: error: link 'gone.md' leads nowhere: there is no file "
        "content/gone.md",
        # gettext catalogs
        "translations/ur/LC_MESSAGES/messages.po:7: error: translation of 'Updated %(date)s' "
        "leaves out the placeholders 'date': keep each one",
        "translations/ur/LC_MESSAGES/messages.po:10: warning: 2 translations marked fuzzy (the "
        "first here): readers see the English until a translator checks each one and deletes "
        "its '#, fuzzy' line",
        "translations/ur/LC_MESSAGES/messages.po:17: warning: 1 old translation no longer used "
        "(lines starting '#~', the first here): delete them when nobody needs them for "
        "reference",
    ],
)
def test_check_reports(report_lines: list[str], expected: str) -> None:
    assert expected in report_lines


def test_check_reports_a_fact_in_a_directory_translation(report_lines: list[str]) -> None:
    fact = [line for line in report_lines if line.startswith("content/contacts/help.ur.yaml:4:")]
    assert fact and "'phone' does not belong in a translation" in fact[0]


def test_check_reports_a_catalog_syntax_error(report_lines: list[str]) -> None:
    syntax = [line for line in report_lines if line.startswith("translations/pl/")]
    assert syntax and syntax[0].startswith("translations/pl/LC_MESSAGES/messages.po:2: error:")


def test_check_lists_each_problem_once_in_file_order(report_lines: list[str]) -> None:
    assert len(report_lines) == len(set(report_lines))
    paths = [line.split(":", 1)[0] for line in report_lines]
    assert paths == sorted(paths)


def test_check_cli_exit_status_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = write_site(tmp_path / "site", {"content/index.md": HOME, "content/map.png": b"png"})
    assert main(["check", "--site", str(site), "--now", "2026-11-22", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 4 and data["warnings"] == 1
    assert {
        "path": "content/index.md",
        "line": 7,
        "level": "warning",
        "message": "image without alternative text: describe what it shows between the square "
        "brackets, like ![Map of the road closure](map.png), for people who cannot see it",
    } in data["problems"]


def test_check_cli_text_and_clean_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = write_site(tmp_path / "site", {"content/index.md": "---\ntitle: Home\n---\nHi.\n"})
    assert main(["check", "--site", str(site)]) == 0
    assert capsys.readouterr().out == "No problems found.\n"
    (site / "content/about.md").write_text("---\ntitle: About\n---\n![](x.png)\n")
    (site / "content/x.png").write_bytes(b"png")
    assert main(["check", "--site", str(site)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("content/about.md:4: warning: image without alternative text")
    assert out[-1] == "0 errors, 1 warning."


def test_check_writes_nothing(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/index.md": "---\ntitle: Home\n---\n"})
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert check_site(site, now=NOW).problems == ()
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_build_stops_on_a_tel_link_check_finds(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/index.md": HOME, "content/map.png": b"png"})
    error = build_fails(site)
    assert (
        "content/index.md:5: error: link 'tel:0800-12': phone number '0800-12' is not a valid "
        "number or short code for region GB; write it like '0121 234 5678'"
    ) in messages(error)


def test_build_prints_the_warnings_check_finds(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/index.md": "---\ntitle: Home\n---\n![](map.png)\n",
            "content/map.png": b"png",
            "translations/ur/LC_MESSAGES/messages.po": '#, fuzzy\nmsgid "Menu"\nmsgstr "M"\n',
        },
    )
    _, result = build(site)
    warnings = [w.format() for w in result.warnings]
    assert any(w.startswith("content/index.md:4: warning: image without") for w in warnings)
    assert any(
        w.startswith("translations/ur/LC_MESSAGES/messages.po:2: warning: 1 translation marked")
        for w in warnings
    )
