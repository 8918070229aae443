"""`check` and `build` report exactly the same problems: they run one code path
(`build.render_outputs`), `check` carrying on past errors and writing nothing (issue 16, point 16).
"""

from __future__ import annotations

from pathlib import Path

from sitegen.build import check_site
from tests.sitefixture import NOW, SITE_YAML, build, build_fails, messages, write_site

# One site with every kind of warning a build gives, each at a known place.
WARNINGS: dict[str, str | bytes] = {
    "content/index.md": """
        ---
        title: Home
        ---
        ![](map.png)

        <marquee>Moving</marquee>

        ![Police](https://tracker.example.com/pixel.png)

        ## Twice {#same}

        ## Again {#same}
        """,
    "content/map.png": b"png",
    "content/about.md": "---\ntitle: About\n---\n## Help {#help}\n\nText.\n",
    "content/about.ur.md": "---\ntitle: تعارف\n---\nمتن۔\n",
    "content/advice.md": "---\ntitle: Advice\n---\nSee [help](about.md#help).\n",
    "content/advice.ur.md": "---\ntitle: مشورہ\n---\n[مدد](about.md#help)\n",
    "content/notes.cy.md": "---\ntitle: Nodiadau\n---\nWelsh, not listed.\n",
    "content/stray.yaml": "title: not a directory\n",
    "content/statements/undated/index.md": "---\ntitle: Undated statement\n---\nText.\n",
    "content/statements/undated/letters/01-unsigned.md": "Pasted letter.\n",
    "content/contacts/help.yaml": """
        title: Help
        entries:
          - id: line
            name: Helpline
            phone: "0800 1111"
        """,
    "content/contacts/soon.yaml": "title: Coming soon\n",
    "translations/ur/LC_MESSAGES/messages.po": """
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=UTF-8\\n"

        #, fuzzy
        msgid "Menu"
        msgstr "مینو"

        msgid "Search"
        msgstr "<b>تلاش</b>"

        #~ msgid "Old"
        #~ msgstr "پرانا"
        """,
}


def test_check_reports_exactly_the_warnings_build_gives(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", WARNINGS)
    (site / "content" / "gone.md").symlink_to(site / "content" / "nowhere.md")
    (tmp_path / "elsewhere.md").write_text("---\ntitle: Elsewhere\n---\nOutside.\n")
    (site / "content" / "outside.md").symlink_to(tmp_path / "elsewhere.md")
    (site / "content" / "folder.md").symlink_to(site / "content" / "statements")
    checked = [p.format() for p in check_site(site, now=NOW).problems]
    _, result = build(site)
    built = sorted(p.format() for p in result.warnings)
    assert sorted(checked) == built
    assert all(": warning: " in line for line in checked)
    # Each kind is there (the list is not equal by being empty or short).
    places = {line.split(": warning: ")[0] for line in checked}
    assert places >= {
        "content/index.md:4",  # image without alternative text
        "content/index.md:6",  # removed HTML
        "content/index.md:8",  # media from another site
        "content/index.md:12",  # an id used twice
        "content/advice.ur.md:4",  # an anchor the translation does not have
        "content/notes.cy.md",  # a translation into a language site.yaml does not list
        "content/stray.yaml",  # YAML outside content/contacts/
        "content/gone.md",  # a broken symbolic link
        "content/outside.md",  # a symbolic link out of the site folder
        "content/folder.md",  # a symbolic link to a folder
        "content/statements/undated/index.md:2",  # left out of the feeds: no date
        "content/statements/undated/letters/01-unsigned.md:1",  # a letter without a sender
        "contacts.lock",  # no lock file for the directory's numbers
        "content/contacts/soon.yaml:1",  # a directory without entries
        "translations/ur/LC_MESSAGES/messages.po:6",  # fuzzy
        "translations/ur/LC_MESSAGES/messages.po:10",  # markup in a translation
        "translations/ur/LC_MESSAGES/messages.po:12",  # obsolete
    }
    assert (
        "content/statements/undated/index.md:2: warning: this statement is left out of the "
        "feeds: give it a date (date: 2026-03-01)"
    ) in checked


def test_check_reports_every_error_a_build_stops_at_and_the_warnings(tmp_path: Path) -> None:
    files = {
        **WARNINGS,
        "content/broken.md": "---\ntitle: Broken\ndate: 2026-02-30\n---\nCall [us](tel:0800-12).\n",
    }
    site = write_site(tmp_path / "site", files, SITE_YAML)
    checked = [p.format() for p in check_site(site, now=NOW).problems]
    error = build_fails(site)
    assert sorted(messages(error)) == sorted(checked)
    assert [line for line in checked if ": error: " in line] == [
        "content/broken.md:3: error: 'date' is not a real date: '2026-02-30' (day is out of "
        "range for month)",
        "content/broken.md:5: error: link 'tel:0800-12': phone number '0800-12' is not a valid "
        "number or short code for region GB; write it like '0121 234 5678'",
    ]
    # The build went on past the first stage's error: the feeds' warning is there too.
    assert (
        "content/statements/undated/index.md:2: warning: this statement is left out of the "
        "feeds: give it a date (date: 2026-03-01)"
    ) in messages(error)


def test_a_file_that_cannot_be_read_is_reported_once_not_again_by_what_leads_to_it(
    tmp_path: Path,
) -> None:
    # The build goes on past the first stage's errors: a link to a page that could not be read
    # is not a second error (and never "which is a draft"); nor is a page listing a directory
    # whose file could not be read.
    files = {
        "content/index.md": "---\ntitle: Home\ncontacts: [help]\n---\nSee [about](about.md).\n",
        "content/about.md": "---\ntitle: About\ntags: [\n---\nHi.\n",
        "content/contacts/help.yaml": "title: [\n",
    }
    site = write_site(tmp_path / "site", files)
    expected = [
        "content/about.md:4: error: YAML syntax error: expected the node content, but found "
        "'<stream end>': check the indentation, and put text that contains ': ' or ' #' or "
        "starts with a special character (such as * & ! | > ' \" % @ `) in quotes",
        "content/contacts/help.yaml:2: error: YAML syntax error: expected the node content, but "
        "found '<stream end>': check the indentation, and put text that contains ': ' or ' #' "
        "or starts with a special character (such as * & ! | > ' \" % @ `) in quotes",
    ]
    assert messages(build_fails(site)) == expected
    assert [p.format() for p in check_site(site, now=NOW).problems] == expected
