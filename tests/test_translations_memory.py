"""Translation memory and the glossary (translations/glossary.yaml)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from sitegen.errors import SiteError
from sitegen.translations.export import export_catalog
from sitegen.translations.import_po import import_catalog
from tests.translationsite import write_translation_site

PAGE = "advice/staying-safe.md"
GLOSSARY = """\
keep:
  - True Vision
terms:
  hate:
    ur: نفرت
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_translation_site(tmp_path / "site")


def export(site: Path, tmp: Path) -> tuple[Path, polib.POFile]:
    path = tmp / "ur.po"
    path.write_bytes(export_catalog(site, "ur"))
    return path, polib.pofile(str(path))


def test_words_translated_elsewhere_are_offered_fuzzy(site: Path, tmp_path: Path) -> None:
    path, catalog = export(site, tmp_path)
    title = catalog.find("contacts/reporting.yaml:title", by="msgctxt")
    assert title is not None and title.msgid == "Who to call"
    title.msgstr = "کس کو کال کریں"
    catalog.save(str(path))
    import_catalog(site, path)
    _, catalog = export(site, tmp_path)
    offered = catalog.find(f"{PAGE}#reporting/t1/r1c2", by="msgctxt")
    assert offered is not None
    assert offered.msgstr == "کس کو کال کریں" and "fuzzy" in offered.flags
    note = " ".join(offered.comment.split())
    assert "translation memory: as translated in contacts/reporting.yaml:title" in note
    untouched = catalog.find(f"{PAGE}#reporting/t1/r1c1", by="msgctxt")
    assert untouched is not None and untouched.msgstr == "" and "fuzzy" not in untouched.flags


def test_the_glossary_is_noted_and_a_breach_warned_with_its_line(
    site: Path, tmp_path: Path
) -> None:
    (site / "translations").mkdir(exist_ok=True)
    (site / "translations/glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    path, catalog = export(site, tmp_path)
    link = catalog.find(f"{PAGE}#reporting/li2", by="msgctxt")
    quote = catalog.find(f"{PAGE}#reporting/q1", by="msgctxt")
    assert link is not None and quote is not None
    assert "glossary: keep 'True Vision' as it is" in link.comment
    assert "glossary: 'hate' is 'نفرت'" in quote.comment
    link.msgstr = "[سچا وژن]({{https://www.report-it.org.uk}}) پر آن لائن رپورٹ کریں۔"
    quote.msgstr = "کسی کو بھی نفرت کا اکیلے سامنا نہیں کرنا چاہیے۔"
    catalog.save(str(path))
    result = import_catalog(site, path)
    assert result.rejected == ()
    (warning,) = result.warnings
    lines = path.read_text(encoding="utf-8").split("\n")
    context = lines.index(f'msgctxt "{PAGE}#reporting/li2"')
    assert warning.ref.path == path.as_posix()
    assert warning.ref.line == max(n for n in range(context) if not lines[n]) + 2
    assert (
        warning.message == f"{PAGE}#reporting/li2: glossary: 'True Vision' is to be kept as it is"
    )
    assert "سچا وژن" in (site / "content/advice/staying-safe.ur.md").read_text(encoding="utf-8")


def test_a_glossary_that_is_not_one_is_a_located_error(site: Path, tmp_path: Path) -> None:
    (site / "translations").mkdir(exist_ok=True)
    (site / "translations/glossary.yaml").write_text(
        "keep: [True Vision]\nterms:\n  hate: نفرت\n", encoding="utf-8"
    )
    with pytest.raises(SiteError) as caught:
        export_catalog(site, "ur")
    assert [p.format() for p in caught.value.problems] == [
        "translations/glossary.yaml:3: error: the term 'hate' must map language codes to its "
        "translation, e.g. 'ur: ...'"
    ]
