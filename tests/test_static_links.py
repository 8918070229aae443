"""Files of static/ (a signed letter's PDF, an image) linked from Markdown like pages are.

The link is written as a path from the linking file (`../static/letter.pdf`); it is checked
(a missing file is a located error with the file meant), and comes out as the right relative URL
from every page in every language, translations and fallbacks alike.
"""

from __future__ import annotations

from pathlib import Path

from tests.sitefixture import build, build_fails, page, write_site

PDF = b"%PDF-1.4\n% a signed letter\n%%EOF\n"

FILES: dict[str, str | bytes] = {
    "content/index.md": """\
        ---
        title: Home
        ---
        Read [the signed letter](../static/letters/signed-letter.pdf).
        """,
    "content/statements/x/index.md": """\
        ---
        title: After the meeting
        date: 2026-11-12
        ---
        Read [the signed letter](../../../static/letters/signed-letter.pdf) and see
        ![The map of the patrol area](../../../static/map.png).
        """,
    "content/statements/x/index.ur.md": """\
        ---
        title: اجلاس کے بعد
        date: 2026-11-12
        ---
        [دستخط شدہ خط](../../../static/letters/signed-letter.pdf) پڑھیں۔
        """,
    "content/advice/bins.md": """\
        ---
        title: Bins
        ---
        The [council's letter](../../static/letters/signed-letter.pdf).
        """,
    "static/letters/signed-letter.pdf": PDF,
    "static/map.png": b"\x89PNG\r\n\x1a\n",
}


def _hrefs(out: Path, rel: str) -> list[str]:
    return [str(a["href"]) for a in page(out, rel).select("main a[href*='signed-letter']")]


def test_static_files_are_linked_at_the_right_relative_url_in_every_language(
    tmp_path: Path,
) -> None:
    out, _ = build(write_site(tmp_path / "s", FILES))
    assert (out / "letters/signed-letter.pdf").read_bytes() == PDF
    assert _hrefs(out, "en/index.html") == ["../letters/signed-letter.pdf"]
    assert _hrefs(out, "ur/index.html") == ["../letters/signed-letter.pdf"]  # a fallback
    letter = "../../../letters/signed-letter.pdf"
    assert _hrefs(out, "en/statements/x/index.html") == [letter]
    assert _hrefs(out, "ur/statements/x/index.html") == [letter]  # a translation
    assert _hrefs(out, "pl/advice/bins/index.html") == ["../../../letters/signed-letter.pdf"]
    image = page(out, "en/statements/x/index.html").select_one("main img")
    assert image is not None and image["src"] == "../../../map.png"


def test_a_missing_static_file_is_a_located_error_naming_the_file_meant(tmp_path: Path) -> None:
    files = dict(FILES)
    files["content/advice/bins.md"] = """\
        ---
        title: Bins
        ---
        Questions?

        The [council's letter](../../static/letters/signed-leter.pdf).
        """
    errors = [p.format() for p in build_fails(write_site(tmp_path / "s", files)).errors]
    assert errors == [
        "content/advice/bins.md:6: error: link '../../static/letters/signed-leter.pdf' leads "
        "nowhere: there is no file static/letters/signed-leter.pdf (did you mean "
        "static/letters/signed-letter.pdf? link it as '../../static/letters/signed-letter.pdf')"
    ]


def test_a_link_to_another_folder_outside_content_is_still_refused(tmp_path: Path) -> None:
    files = dict(FILES)
    files["content/advice/bins.md"] = """\
        ---
        title: Bins
        ---
        See [the settings](../../site.yaml).
        """
    errors = [p.format() for p in build_fails(write_site(tmp_path / "s", files)).errors]
    assert errors == [
        "content/advice/bins.md:4: error: link '../../site.yaml' leads outside the content folder"
    ]


def test_check_knows_static_files_too(tmp_path: Path) -> None:
    from sitegen.build import check_site
    from tests.sitefixture import NOW

    good = write_site(tmp_path / "good", FILES)
    assert [p.format() for p in check_site(good, now=NOW).problems if p.level == "error"] == []
    files = dict(FILES)
    files["content/index.md"] = "---\ntitle: Home\n---\nRead [it](../static/map.jpg).\n"
    bad = write_site(tmp_path / "bad", files)
    assert [p.format() for p in check_site(bad, now=NOW).problems if p.level == "error"] == [
        "content/index.md:4: error: link '../static/map.jpg' leads nowhere: there is no file "
        "static/map.jpg (did you mean static/map.png? link it as '../static/map.png')"
    ]


def test_a_static_file_name_that_is_not_a_clean_address_is_a_located_error(
    tmp_path: Path,
) -> None:
    files = dict(FILES)
    files["static/Signed Letters/Letter from the Police.pdf"] = PDF
    files["static/Café menu.pdf"] = PDF
    errors = [p.format() for p in build_fails(write_site(tmp_path / "s", files)).errors]
    rule = "(use lower-case letters a-z, digits and hyphens, no spaces or accents)"
    assert errors == [
        f"static/Café menu.pdf: error: the file name 'Café menu.pdf' cannot be part of a web "
        f"address as it is {rule}: rename it 'cafe-menu.pdf'",
        f"static/Signed Letters: error: the folder name 'Signed Letters' cannot be part of a "
        f"web address as it is {rule}: rename it 'signed-letters'",
    ]
