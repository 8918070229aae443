"""A translation side by side with its original in the editor, and one segment changed."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitegen.editor.store import history, text_hash
from tests.editorkit import Served, served_editor

ORIGINAL = "content/help.md"
TRANSLATION = "content/help.ur.md"
FILES = {
    ORIGINAL: """\
---
title: Getting help
---
Call 0800 555 0199 or see [Victim Support](https://www.victimsupport.org.uk/).

## At night

Keep doors locked.
""",
    TRANSLATION: """\
---
title: مدد حاصل کرنا
translated_from: 2026-11-01
---
0800 555 0199 پر کال کریں یا [وکٹم سپورٹ](https://www.victimsupport.org.uk/) دیکھیں۔

## رات کو

دروازے بند رکھیں۔
""",
}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with served_editor(tmp_path, FILES) as served:
        yield served


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.marked: list[str] = []
        self.boxes: dict[str, str] = {}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "mark":
            self._in = "mark"
        elif tag == "textarea":
            self._in = str(found["data-context"])
            self.boxes[self._in] = ""
            assert found["dir"] == "rtl"

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "mark":
            self.marked.append(data)
        elif self._in is not None:
            self.boxes[self._in] += data


def _hash() -> str:
    return text_hash(FILES[TRANSLATION].encode())


def test_the_segments_are_side_by_side_with_the_protected_spans_marked(served: Served) -> None:
    answer = served.request(
        "GET", f"/_edit/segments?path={TRANSLATION}", headers={"Cookie": served.cookie()}
    )
    assert answer.status == 200
    rows = _Rows()
    rows.feed(answer.body.decode())
    assert rows.marked == ["0800 555 0199", "https://www.victimsupport.org.uk/"]
    assert rows.boxes["at-night/h"] == "رات کو"
    assert rows.boxes["at-night/p1"] == "دروازے بند رکھیں۔"


def test_changing_a_segment_writes_only_that_segment_and_keeps_history(served: Served) -> None:
    data = {
        "path": TRANSLATION,
        "context": "at-night/p1",
        "text": "رات کو دروازے بند رکھیں۔",
        "hash": _hash(),
    }
    answer = served.post("segment", data, served.write_headers(served.cookie()))
    assert answer.status == 200, answer.body
    saved = (served.site / TRANSLATION).read_text(encoding="utf-8")
    assert saved == FILES[TRANSLATION].replace("\nدروازے بند", "\nرات کو دروازے بند")
    assert len(history(served.site, TRANSLATION)) == 1


def test_a_segment_that_loses_the_phone_number_is_refused(served: Served) -> None:
    data = {
        "path": TRANSLATION,
        "context": "p1",
        "text": "کال کریں یا [وکٹم سپورٹ](https://www.victimsupport.org.uk/) دیکھیں۔",
        "hash": _hash(),
    }
    answer = served.post("segment", data, served.write_headers(served.cookie()))
    assert answer.status == 422
    assert answer.json() == {
        "problems": [
            {
                "field": "segment",
                "message": "segment p1: {{0800 555 0199}} is missing",
            }
        ]
    }
    assert (served.site / TRANSLATION).read_text(encoding="utf-8") == FILES[TRANSLATION]


def test_an_original_has_no_side_by_side_view(served: Served) -> None:
    answer = served.request(
        "GET", f"/_edit/segments?path={ORIGINAL}", headers={"Cookie": served.cookie()}
    )
    assert answer.status == 404
    assert b"is not a translation" in answer.body


def test_protected_spans_are_placeholders_in_the_box_listed_with_what_they_stand_for(
    served: Served,
) -> None:
    answer = served.request(
        "GET", f"/_edit/segments?path={TRANSLATION}", headers={"Cookie": served.cookie()}
    )
    rows = _Rows()
    rows.feed(answer.body.decode())
    assert rows.boxes["p1"] == "⟦1⟧ پر کال کریں یا [وکٹم سپورٹ](⟦2⟧) دیکھیں۔"
    page = answer.body.decode()
    assert 'aria-describedby="tokens-0"' in page
    assert (
        '<li><code dir="ltr">⟦1⟧</code> <bdi dir="ltr">0800 555 0199</bdi></li>'
        '<li><code dir="ltr">⟦2⟧</code> <bdi dir="ltr">https://www.victimsupport.org.uk/</bdi>'
    ) in page
    assert "0800 555 0199" not in rows.boxes["p1"]  # the number itself is not in the box


def test_a_moved_placeholder_is_saved_as_the_originals_own_text(served: Served) -> None:
    data = {
        "path": TRANSLATION,
        "context": "p1",
        "text": "[وکٹم سپورٹ](⟦2⟧) دیکھیں یا ⟦1⟧ پر کال کریں۔",
        "hash": _hash(),
    }
    answer = served.post("segment", data, served.write_headers(served.cookie()))
    assert answer.status == 200, answer.body
    saved = (served.site / TRANSLATION).read_text(encoding="utf-8")
    assert (
        "\n[وکٹم سپورٹ](https://www.victimsupport.org.uk/) دیکھیں یا 0800 555 0199 پر کال کریں۔\n"
        in saved
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("⟦1⟧ پر کال کریں یا ⟦3⟧ دیکھیں۔", "segment p1: ⟦3⟧ is not one of its own"),
        ("⟦1⟧ پر کال کریں۔", "segment p1: {{https://www.victimsupport.org.uk/}} is missing"),
        (
            "⟦1⟧ یا 0800 555 0100 پر کال کریں، [وکٹم سپورٹ](⟦2⟧)",
            "segment p1: {{0800 555 0100}} is not in the original",
        ),
    ],
)
def test_a_lost_unknown_or_typed_in_number_is_refused(
    served: Served, text: str, message: str
) -> None:
    data = {"path": TRANSLATION, "context": "p1", "text": text, "hash": _hash()}
    answer = served.post("segment", data, served.write_headers(served.cookie()))
    assert answer.status == 422
    assert answer.json() == {"problems": [{"field": "segment", "message": message}]}
    assert (served.site / TRANSLATION).read_text(encoding="utf-8") == FILES[TRANSLATION]
