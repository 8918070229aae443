"""Paragraph-level freshness: a changed paragraph alone falls back to the original."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest

from sitegen.translations.export import export_catalog
from sitegen.translations.import_po import import_catalog
from tests.sitefixture import build, page
from tests.translationsite import translate, write_translation_site

PAGE = "advice/staying-safe.md"
OLD = "Reporting matters, even when it seems small."
NEW = "Reporting matters, even when it seems very small."


def import_translated(site: Path, lang: str, tmp: Path) -> Path:
    path = tmp / f"{lang}.po"
    path.write_bytes(export_catalog(site, lang))
    catalog = polib.pofile(str(path))
    translate(catalog, lang)
    catalog.save(str(path))
    assert import_catalog(site, path).rejected == ()
    return path


def edit_original(site: Path, old: str, new: str) -> None:
    path = site / "content" / PAGE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = write_translation_site(tmp_path / "site")
    import_translated(site, "ur", tmp_path)
    import_translated(site, "ar", tmp_path)
    return site


def test_one_changed_paragraph_is_one_fuzzy_entry_with_the_previous_words(
    site: Path, tmp_path: Path
) -> None:
    edit_original(site, OLD, NEW)
    path = tmp_path / "again.po"
    path.write_bytes(export_catalog(site, "ur"))
    catalog = polib.pofile(str(path))
    fuzzy = [entry for entry in catalog if "fuzzy" in entry.flags]
    assert [(e.msgctxt, e.previous_msgid, e.msgid, e.msgstr) for e in fuzzy] == [
        (f"{PAGE}#reporting/p1", OLD, NEW, "اردو " + OLD)
    ]
    assert '#| msgid "Reporting matters, even when it seems small."' in path.read_text(
        encoding="utf-8"
    )
    assert all(entry.msgstr for entry in catalog)  # every other one still translated


def test_the_changed_paragraph_alone_falls_back_with_lang_dir_and_a_counted_notice(
    site: Path,
) -> None:
    edit_original(site, OLD, NEW)
    out, _ = build(site)
    html = page(out, "ur/advice/staying-safe/index.html")
    paragraphs = html.select(".prose > p")
    fallen = [p for p in paragraphs if p.get("lang")]
    assert len(fallen) == 1
    assert fallen[0]["lang"] == "en" and fallen[0]["dir"] == "ltr"
    assert fallen[0].get_text() == NEW
    assert all(p.get_text().startswith("اردو") for p in paragraphs if p not in fallen and not p.img)
    notice = html.select_one(".notice--behind")
    assert notice is not None
    assert " ".join(notice.get_text().split()) == (
        "14 میں سے 1 پیراگراف کا ابھی ترجمہ نہیں ہوا: یہ English میں دکھایا گیا ہے۔"
    )
    assert not html.select(".notice--outdated")  # not the whole-page notice


def test_the_notice_uses_the_readers_plural_forms(site: Path) -> None:
    edit_original(site, OLD, NEW)
    edit_original(site, "Nobody should face hate alone.", "Nobody should face hate on their own.")
    out, _ = build(site)
    notice = page(out, "ar/advice/staying-safe/index.html").select_one(".notice--behind")
    assert notice is not None
    assert " ".join(notice.get_text().split()) == (
        "لم تُترجم فقرتان (2) من أصل 14 فقرة بعد: تظهران باللغة English."
    )
    quote = page(out, "ar/advice/staying-safe/index.html").select_one("blockquote p")
    assert quote is not None and quote["lang"] == "en"


def test_a_translation_edited_by_hand_keeps_working(site: Path) -> None:
    translation = site / "content/advice/staying-safe.ur.md"
    text = translation.read_text(encoding="utf-8")
    improved = text.replace("اردو " + OLD, "رپورٹ کرنا اہم ہے، چاہے بات چھوٹی لگے۔")
    translation.write_text(improved, encoding="utf-8")
    out, _ = build(site)
    html = page(out, "ur/advice/staying-safe/index.html")
    assert "رپورٹ کرنا اہم ہے" in html.get_text()
    assert not html.select(".notice--behind") and not html.select(".notice--outdated")
    # a paragraph added by hand: the translation no longer has the original's shape, and is
    # judged as a whole, as before
    translation.write_text(improved + "\nایک اور پیراگراف۔\n", encoding="utf-8")
    edit_original(site, OLD, NEW)
    out, _ = build(site)
    html = page(out, "ur/advice/staying-safe/index.html")
    assert "ایک اور پیراگراف" in html.get_text()
    assert not html.select(".notice--behind")
    assert html.select(".notice--outdated")


def test_status_counts_segments_and_words(site: Path) -> None:
    edit_original(site, OLD, NEW)
    done = subprocess.run(
        [sys.executable, "-m", "sitegen", "translations", "status", "--site", str(site)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (
        f"  ur {PAGE}: 15 translated, 1 changed since, 0 missing, 8 words to translate"
        in done.stdout.split("\n")
    )


LETTER = "statements/after-the-fire/letters/01-police.md"


def test_a_letters_changed_paragraph_alone_falls_back(tmp_path: Path) -> None:
    site = write_translation_site(tmp_path / "site")
    (site / "content/statements/after-the-fire").mkdir(parents=True)
    (site / "content/statements/after-the-fire/index.md").write_text(
        "---\ntitle: After the fire\ntype: statement\n---\nOur statement.\n", encoding="utf-8"
    )
    letter = site / "content" / LETTER
    letter.parent.mkdir()
    letter.write_text(
        "---\nfrom: Sarah Whitcombe\nrole: Chief Constable\norganisation: Wealdshire Police\n"
        "to: The people of Northfield\ndate: 2026-11-02\n---\n"
        "Dear residents,\n\nWe are patrolling more.\n\nPlease report anything.\n",
        encoding="utf-8",
    )
    import_translated(site, "ur", tmp_path)
    translated = (site / "content/statements/after-the-fire/letters/01-police.ur.md").read_text(
        encoding="utf-8"
    )
    assert 'role: "اردو Chief Constable"' in translated
    assert "from: Sarah Whitcombe" in translated  # a name: not words to translate
    letter.write_text(
        letter.read_text(encoding="utf-8").replace("patrolling more", "patrolling every night"),
        encoding="utf-8",
    )
    out, _ = build(site)
    html = page(out, "ur/statements/after-the-fire/index.html")
    body = html.select_one(".letter__body")
    assert body is not None
    fallen = [p for p in body.find_all("p") if p.get("lang")]
    assert [(p["lang"], p["dir"], p.get_text()) for p in fallen] == [
        ("en", "ltr", "We are patrolling every night.")
    ]
    notice = html.select_one(".letter .notice--behind")
    assert notice is not None
    assert " ".join(notice.get_text().split()) == (
        "3 میں سے 1 پیراگراف کا ابھی ترجمہ نہیں ہوا: یہ English میں دکھایا گیا ہے۔"
    )
    assert not html.select(".letter .notice--outdated")


def test_a_paragraph_left_untranslated_and_then_translated_by_hand(tmp_path: Path) -> None:
    site = write_translation_site(tmp_path / "site")
    path = tmp_path / "ur.po"
    path.write_bytes(export_catalog(site, "ur"))
    catalog = polib.pofile(str(path))
    translate(catalog, "ur")
    entry = catalog.find(f"{PAGE}#reporting/p1", by="msgctxt")
    assert entry is not None
    entry.msgstr = ""  # not translated yet
    catalog.save(str(path))
    import_catalog(site, path)
    out, _ = build(site)
    html = page(out, "ur/advice/staying-safe/index.html")
    fallen = [p.get_text() for p in html.select(".prose > p") if p.get("lang") == "en"]
    assert fallen == [OLD]  # shown in the original's words, marked English
    notice = html.select_one(".notice--behind")
    assert notice is not None and notice.get_text().split()[:4] == ["14", "میں", "سے", "1"]
    # the original changes it: still untranslated, the new words are shown
    edit_original(site, OLD, NEW)
    out, _ = build(site)
    html = page(out, "ur/advice/staying-safe/index.html")
    assert [p.get_text() for p in html.select(".prose > p") if p.get("lang") == "en"] == [NEW]
    # a translator with git translates it by hand, touching nothing else
    translation = site / "content/advice/staying-safe.ur.md"
    text = translation.read_text(encoding="utf-8")
    text = text.replace("\n" + OLD + "\n", "\nرپورٹ کرنا اہم ہے۔\n")
    translation.write_text(text, encoding="utf-8")
    out, _ = build(site)
    html = page(out, "ur/advice/staying-safe/index.html")
    assert not [p for p in html.select(".prose > p") if p.get("lang")]
    assert "رپورٹ کرنا اہم ہے۔" in html.get_text()
    assert not html.select(".notice--behind")
