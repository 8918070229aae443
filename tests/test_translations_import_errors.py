"""translations export / import: every way a catalog or a request can be wrong."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from sitegen.errors import SiteError
from sitegen.translations.export import export_catalog
from sitegen.translations.import_po import import_catalog
from tests.translationsite import translate, write_translation_site

PAGE = "advice/staying-safe.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_translation_site(tmp_path / "site")


def catalog_for(site: Path, tmp: Path, lang: str = "ur") -> tuple[Path, polib.POFile]:
    path = tmp / f"{lang}.po"
    path.write_bytes(export_catalog(site, lang))
    catalog = polib.pofile(str(path))
    translate(catalog, lang)
    return path, catalog


def entry_line(path: Path, context: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index(f'msgctxt "{context}"')
    return max(n for n in range(at) if not lines[n]) + 2


def formatted(error: SiteError) -> list[str]:
    return [problem.format() for problem in error.problems]


def test_export_into_a_language_the_site_does_not_have(site: Path) -> None:
    with pytest.raises(SiteError) as caught:
        export_catalog(site, "pl")
    assert formatted(caught.value) == [
        "site.yaml: error: 'pl' is not a language to translate into: site.yaml lists ur, ar"
    ]


def test_export_of_a_file_that_is_not_an_original(site: Path) -> None:
    with pytest.raises(SiteError) as caught:
        export_catalog(site, "ur", paths=(site / "content/advice/missing.md",))
    assert formatted(caught.value) == [
        "content/advice/missing.md: error: this is not an original page, letter or contact "
        "directory of the site"
    ]


def test_a_catalog_in_another_language(site: Path, tmp_path: Path) -> None:
    path, catalog = catalog_for(site, tmp_path)
    catalog.metadata["Language"] = "pl"
    catalog.save(str(path))
    with pytest.raises(SiteError) as caught:
        import_catalog(site, path)
    assert formatted(caught.value) == [
        f"{path.as_posix()}:1: error: the catalog's language is 'pl', not one the site translates "
        "into (ur, ar): set it in the catalog's header (Language:)"
    ]


def test_a_file_that_is_not_a_catalog(site: Path, tmp_path: Path) -> None:
    path = tmp_path / "broken.po"
    path.write_text('msgid ""\nmsgstr ""\n\nthis is not a po line\n', encoding="utf-8")
    with pytest.raises(SiteError) as caught:
        import_catalog(site, path)
    assert formatted(caught.value) == [
        f"{path.as_posix()}:4: error: this is not a catalog sitegen can read: a PO syntax error"
    ]


def test_a_broken_xliff_file(site: Path, tmp_path: Path) -> None:
    path = tmp_path / "ur.xlf"
    path.write_text('<?xml version="1.0"?>\n<xliff version="2.0">\n<file>\n', encoding="utf-8")
    with pytest.raises(SiteError) as caught:
        import_catalog(site, path)
    (message,) = formatted(caught.value)
    assert message.startswith(f"{path.as_posix()}:1: error: not well-formed XML")


def test_entries_for_text_gone_or_changed_are_left_out_with_a_warning(
    site: Path, tmp_path: Path
) -> None:
    path, catalog = catalog_for(site, tmp_path)
    catalog.append(polib.POEntry(msgctxt="gone.md#p1", msgid="Old words", msgstr="پرانے الفاظ"))
    catalog.save(str(path))
    original = site / "content" / PAGE
    original.write_text(
        original.read_text(encoding="utf-8").replace("seems small", "seems tiny"), encoding="utf-8"
    )
    result = import_catalog(site, path)
    assert [p.format() for p in result.warnings] == [
        f"{path.as_posix()}:{entry_line(path, f'{PAGE}#reporting/p1')}: warning: "
        f"{PAGE}#reporting/p1: the original has changed since this catalog was made; left out "
        "(export again)",
        f"{path.as_posix()}:{entry_line(path, 'gone.md#p1')}: warning: gone.md#p1: there is no "
        "such text in the site any more; left out",
    ]
    written = (site / "content/advice/staying-safe.ur.md").read_text(encoding="utf-8")
    assert "\nReporting matters, even when it seems tiny.\n" in written


def test_a_folded_summary_is_replaced_whole(site: Path, tmp_path: Path) -> None:
    original = site / "content" / PAGE
    original.write_text(
        original.read_text(encoding="utf-8").replace(
            "summary: Simple steps, and who to call when.",
            "summary: >\n  Simple steps, and\n  who to call when.",
        ),
        encoding="utf-8",
    )
    path, catalog = catalog_for(site, tmp_path)
    catalog.save(str(path))
    import_catalog(site, path)
    written = (site / "content/advice/staying-safe.ur.md").read_text(encoding="utf-8")
    assert 'summary: "اردو Simple steps, and who to call when."\ndate: 2026-10-01' in written
