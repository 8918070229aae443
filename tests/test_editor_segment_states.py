"""Side by side, a segment whose original changed since it was translated is marked changed."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from sitegen.editor.segments import side_by_side
from sitegen.editor.views import segments_page
from tests.test_translations_paragraphs import NEW, OLD, PAGE, edit_original, import_translated
from tests.translationsite import write_translation_site

TRANSLATION = "content/advice/staying-safe.ur.md"


class _Rows(HTMLParser):
    """Each table row's class and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append((dict(attrs).get("class") or "", []))

    def handle_data(self, data: str) -> None:
        if self.rows and data.strip():
            self.rows[-1][1].append(data.strip())


def test_only_the_changed_paragraph_is_marked_changed(tmp_path: Path) -> None:
    site = write_translation_site(tmp_path / "site")
    import_translated(site, "ur", tmp_path)
    assert {pair.state for pair in side_by_side(site, TRANSLATION).pairs} == {""}

    edit_original(site, OLD, NEW)
    view = side_by_side(site, TRANSLATION)
    changed = [pair for pair in view.pairs if pair.state]
    assert [(pair.context, pair.state) for pair in changed] == [("reporting/p1", "changed")]
    assert "".join(span.text for span in changed[0].original) == NEW
    assert changed[0].translation == "اردو " + OLD  # the translator's words, to update

    rows = _Rows()
    rows.feed(segments_page(view, "hash", "rtl").decode())
    marked = [(cls, text) for cls, text in rows.rows if cls]
    assert len(marked) == 1
    cls, text = marked[0]
    assert cls == "segment-changed"
    assert text[0] == "reporting/p1"
    assert any(t.startswith("Changed: the original was changed") for t in text)


def test_a_translation_written_by_hand_is_trusted(tmp_path: Path) -> None:
    site = write_translation_site(tmp_path / "site")
    by_hand = (site / "content" / PAGE).read_text(encoding="utf-8").replace(OLD, "اردو " + OLD)
    (site / TRANSLATION).write_text(by_hand, encoding="utf-8")
    edit_original(site, OLD, NEW)
    view = side_by_side(site, TRANSLATION)
    assert {pair.state for pair in view.pairs} == {""}  # no record: nothing to compare with
