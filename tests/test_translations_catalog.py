"""translations export / import: the site's words as a PO or XLIFF catalog and back."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from sitegen.errors import SiteError
from sitegen.translations.export import export_catalog
from sitegen.translations.import_po import import_catalog
from tests.sitefixture import build, page
from tests.translationsite import PREFIX, translate, write_translation_site

PAGE = "advice/staying-safe.md"


def export_to(site: Path, lang: str, tmp: Path, fmt: str = "po") -> Path:
    path = tmp / f"{lang}.{'po' if fmt == 'po' else 'xlf'}"
    path.write_bytes(export_catalog(site, lang, fmt))
    return path


def translated_catalog(site: Path, lang: str, tmp: Path) -> Path:
    path = export_to(site, lang, tmp)
    catalog = polib.pofile(str(path))
    translate(catalog, lang)
    catalog.save(str(path))
    return path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_translation_site(tmp_path / "site")


def test_export_gives_one_entry_per_block_named_by_page_and_section(
    site: Path, tmp_path: Path
) -> None:
    catalog = polib.pofile(str(export_to(site, "ur", tmp_path)))
    contexts = [entry.msgctxt for entry in catalog if entry.msgctxt.startswith(PAGE)]
    assert contexts == [
        f"{PAGE}:title",
        f"{PAGE}:summary",
        f"{PAGE}#p1",
        f"{PAGE}#reporting/h",
        f"{PAGE}#reporting/p1",
        f"{PAGE}#reporting/p2",
        f"{PAGE}#reporting/li1",
        f"{PAGE}#reporting/li2",
        f"{PAGE}#reporting/q1",
        f"{PAGE}#reporting/t1/r1c1",
        f"{PAGE}#reporting/t1/r1c2",
        f"{PAGE}#reporting/t1/r2c1",
        f"{PAGE}#reporting/t1/r2c2",
        f"{PAGE}#reporting/img1",
        f"{PAGE}#online/h",
        f"{PAGE}#online/p1",
    ]
    directory = [e.msgctxt for e in catalog if e.msgctxt.startswith("contacts/")]
    assert "contacts/reporting.yaml#crimestoppers/hours" in directory
    entry = catalog.find(f"{PAGE}#reporting/p1", by="msgctxt")
    assert entry is not None and entry.msgid == "Reporting matters, even when it seems small."
    assert entry.occurrences == [("content/advice/staying-safe.md", "12")]
    assert any(line.startswith("hash ") for line in entry.comment.split("\n"))


def test_catalog_header_is_complete_and_msgfmt_accepts_it(site: Path, tmp_path: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed: scripts/setup-browser-tests.sh")
    path = export_to(site, "ar", tmp_path)
    catalog = polib.pofile(str(path))
    assert catalog.metadata["Language"] == "ar"
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert catalog.metadata["Plural-Forms"].startswith("nplurals=6;")
    checked = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def test_numbers_addresses_links_and_contact_names_are_placeholders(
    site: Path, tmp_path: Path
) -> None:
    catalog = polib.pofile(str(export_to(site, "ur", tmp_path)))
    msgid = {entry.msgctxt: entry.msgid for entry in catalog}
    assert msgid[f"{PAGE}#reporting/p2"] == (
        "Call {{Crimestoppers}} on {{0800 555 111}} to report without giving your name."
    )
    assert msgid[f"{PAGE}#reporting/li2"] == (
        "Report online at [True Vision]({{https://www.report-it.org.uk}})."
    )
    assert msgid[f"{PAGE}#reporting/li1"] == "Save {{999}} and 101 in your phone."
    assert msgid[f"{PAGE}#online/p1"] == "Take screenshots, then write to {{help@example.org}}."
    # a contact's own name, in its directory, is words to translate
    assert msgid["contacts/reporting.yaml#crimestoppers/name"] == "Crimestoppers"


def test_three_languages_exported_translated_imported_and_built(site: Path, tmp_path: Path) -> None:
    for lang in ("ur", "ar"):
        result = import_catalog(site, translated_catalog(site, lang, tmp_path))
        assert result.rejected == () and result.warnings == ()
    written = (site / "content/advice/staying-safe.ur.md").read_text(encoding="utf-8")
    assert "weight: 2" in written and "contacts: [reporting]" in written  # not words: kept
    assert "## اردو Reporting {#reporting}" in written
    assert "## اردو Online {#online}" in written  # the id the original's heading had, pinned
    assert "| اردو Someone is in danger | اردو 999 |" in written
    out, _ = build(site)
    for lang, direction in (("ur", "rtl"), ("ar", "rtl")):
        html = page(out, f"{lang}/advice/staying-safe/index.html")
        assert html.html["lang"] == lang and html.html["dir"] == direction
        assert html.h1 is not None and html.h1.get_text() == PREFIX[lang] + "Staying safe"
        assert html.select_one("h2#reporting") is not None
        link = html.select_one(".prose a[href^='https://www.report-it']")
        assert link is not None and link.get_text() == "True Vision"
        assert (
            html.select_one("img")["alt"]
            == PREFIX[lang] + "A police officer talking to a shopkeeper"
        )
        assert not html.select(".notice--outdated")
        contacts = page(out, f"{lang}/contacts/reporting/index.html")
        assert PREFIX[lang] + "Every day, all day" in contacts.get_text()
    english = page(out, "en/advice/staying-safe/index.html")
    assert english.h1 is not None and english.h1.get_text() == "Staying safe"


def test_a_changed_hotline_number_is_refused_with_its_line_and_nothing_written(
    site: Path, tmp_path: Path
) -> None:
    path = translated_catalog(site, "ur", tmp_path)
    catalog = polib.pofile(str(path))
    entry = catalog.find(f"{PAGE}#reporting/p2", by="msgctxt")
    assert entry is not None
    entry.msgstr = "اردو {{Crimestoppers}} کو {{0800 555 999}} پر کال کریں۔"
    catalog.save(str(path))
    lines = path.read_text(encoding="utf-8").split("\n")
    context = lines.index(f'msgctxt "{PAGE}#reporting/p2"')
    line = max(n for n in range(context) if not lines[n]) + 2  # the entry's first line
    with pytest.raises(SiteError) as caught:
        import_catalog(site, path)
    (problem,) = caught.value.problems
    assert problem.ref.path == path.as_posix() and problem.ref.line == line
    assert problem.message == (
        f"{PAGE}#reporting/p2: refused: {{{{0800 555 111}}}} is missing; "
        "{{0800 555 999}} is not in the original. "
        "Original: 'Call {{Crimestoppers}} on {{0800 555 111}} to report without giving your "
        "name.'. Translation: 'اردو {{Crimestoppers}} کو {{0800 555 999}} پر کال کریں۔'"
    )
    assert not (site / "content/advice/staying-safe.ur.md").exists()
    assert not (site / "content/index.ur.md").exists()
    partial = import_catalog(site, path, partial=True)
    assert len(partial.rejected) == 1
    written = (site / "content/advice/staying-safe.ur.md").read_text(encoding="utf-8")
    assert "Call Crimestoppers on 0800 555 111" in written  # the refused one: the original's


@pytest.mark.parametrize(
    ("translation", "fault"),
    [
        ("اردو {{Crimestoppers}} {{0800 555 111}} {{0800 555 111}}", "is not in the original"),
        ("اردو Crimestoppers {{0800 555 111}}", "{{Crimestoppers}} is missing"),
        (
            "اردو {{Crimestoppers}} {{0800 555 111}} 0800 555 222",
            "the number 0800 is not in the original",
        ),
    ],
)
def test_placeholders_must_each_come_back_once(
    site: Path, tmp_path: Path, translation: str, fault: str
) -> None:
    path = translated_catalog(site, "ur", tmp_path)
    catalog = polib.pofile(str(path))
    entry = catalog.find(f"{PAGE}#reporting/p2", by="msgctxt")
    assert entry is not None
    entry.msgstr = translation
    catalog.save(str(path))
    with pytest.raises(SiteError) as caught:
        import_catalog(site, path)
    assert fault in caught.value.problems[0].message


def test_other_numbers_and_heading_ids_cannot_change(site: Path, tmp_path: Path) -> None:
    path = translated_catalog(site, "ur", tmp_path)
    catalog = polib.pofile(str(path))
    li1 = catalog.find(f"{PAGE}#reporting/li1", by="msgctxt")
    heading = catalog.find(f"{PAGE}#online/h", by="msgctxt")
    assert li1 is not None and heading is not None
    li1.msgstr = "{{999}} اور ١٠٢ محفوظ کریں"  # 102 in Urdu digits, not 101
    heading.msgstr = "آن لائن {#elsewhere}"
    catalog.save(str(path))
    with pytest.raises(SiteError) as caught:
        import_catalog(site, path)
    messages = [p.message for p in caught.value.problems]
    assert "the number 101 is missing; the number 102 is not in the original" in messages[0]
    assert "heading ids and attributes ({#...}) are kept by sitegen" in messages[1]


def test_arabic_indic_digits_are_the_same_number(site: Path, tmp_path: Path) -> None:
    path = translated_catalog(site, "ur", tmp_path)
    catalog = polib.pofile(str(path))
    li1 = catalog.find(f"{PAGE}#reporting/li1", by="msgctxt")
    assert li1 is not None
    li1.msgstr = "{{999}} اور ١٠١ اپنے فون میں محفوظ کریں۔"
    catalog.save(str(path))
    assert import_catalog(site, path).rejected == ()


def test_a_catalog_saved_the_poedit_way_imports(site: Path, tmp_path: Path) -> None:
    """Wrapped lines, entries in another order, obsolete `#~` entries: as Poedit and msgmerge
    leave a catalog."""
    path = translated_catalog(site, "ur", tmp_path)
    catalog = polib.pofile(str(path))
    entries = sorted(catalog, key=lambda entry: entry.msgid)
    saved = polib.POFile(wrapwidth=30)
    saved.metadata = dict(catalog.metadata) | {"Language": "ur_PK", "X-Generator": "Poedit 3.4"}
    for entry in entries:
        saved.append(entry)
    saved.append(
        polib.POEntry(msgctxt="gone.md#p1", msgid="Old words", msgstr="پرانے", obsolete=True)
    )
    saved.save(str(path))
    text = path.read_text(encoding="utf-8")
    assert '#~ msgctxt "gone.md#p1"' in text and '"Call {{Crimestoppers}} on "' in text
    result = import_catalog(site, path)
    assert result.rejected == () and result.warnings == ()
    written = (site / "content/advice/staying-safe.ur.md").read_text(encoding="utf-8")
    assert "اردو Call Crimestoppers on 0800 555 111 to report without giving your name." in written


def test_fuzzy_entries_are_not_applied(site: Path, tmp_path: Path) -> None:
    path = translated_catalog(site, "ur", tmp_path)
    catalog = polib.pofile(str(path))
    entry = catalog.find(f"{PAGE}#reporting/p1", by="msgctxt")
    assert entry is not None
    entry.flags.append("fuzzy")
    catalog.save(str(path))
    import_catalog(site, path)
    written = (site / "content/advice/staying-safe.ur.md").read_text(encoding="utf-8")
    assert "\nReporting matters, even when it seems small.\n" in written
    assert "  #reporting/p1 -b2891164\n" in written  # recorded as the original's words


def test_xliff_round_trip(site: Path, tmp_path: Path) -> None:
    path = export_to(site, "ar", tmp_path, fmt="xliff")
    text = path.read_text(encoding="utf-8")
    assert 'srcLang="en" trgLang="ar"' in text and f'name="{PAGE}#reporting/p2"' in text
    translated = text.replace(
        "<source>Reporting</source>", "<source>Reporting</source>\n<target>الإبلاغ</target>"
    )
    translated = translated.replace(
        '<segment state="initial">\n        <source>Reporting</source>',
        '<segment state="translated">\n        <source>Reporting</source>',
    )
    path.write_text(translated, encoding="utf-8")
    result = import_catalog(site, path)
    assert result.rejected == ()
    written = (site / "content/advice/staying-safe.ar.md").read_text(encoding="utf-8")
    assert "## الإبلاغ {#reporting}" in written


def test_cli_export_and_a_refused_import(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli.po"
    command = [sys.executable, "-m", "sitegen", "translations"]
    done = subprocess.run(
        [*command, "export", "--lang", "ur", "--site", str(site), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    catalog = polib.pofile(str(out))
    entry = catalog.find(f"{PAGE}#reporting/t1/r2c2", by="msgctxt")
    assert entry is not None
    entry.msgstr = "{{112}}"
    catalog.save(str(out))
    refused = subprocess.run(
        [*command, "import", str(out), "--site", str(site)], capture_output=True, text=True
    )
    assert refused.returncode == 1
    assert f"{out.as_posix()}:" in refused.stderr and "{{999}} is missing" in refused.stderr
    assert "translations import: nothing was changed." in refused.stderr


def test_a_catalog_brought_up_to_date_by_msgmerge_imports(site: Path, tmp_path: Path) -> None:
    if shutil.which("msgmerge") is None:
        pytest.skip("msgmerge (GNU gettext) is not installed: scripts/setup-browser-tests.sh")
    old = translated_catalog(site, "ur", tmp_path)
    original = site / "content" / PAGE
    original.write_text(
        original.read_text(encoding="utf-8").replace("## Online\n\nTake", "## Online\n\nNow take"),
        encoding="utf-8",
    )
    template = tmp_path / "new.pot"
    template.write_bytes(export_catalog(site, "ur"))
    merged = tmp_path / "merged.po"
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-o", str(merged), str(old), str(template)],
        check=True,
    )
    text = merged.read_text(encoding="utf-8")
    assert "#, fuzzy" in text and "#| msgid" in text
    result = import_catalog(site, merged)
    assert result.rejected == () and result.warnings == ()
    written = (site / "content/advice/staying-safe.ur.md").read_text(encoding="utf-8")
    assert "اردو Reporting matters" in written
    assert "\nNow take screenshots, then write to help@example.org.\n" in written  # fuzzy: not used
