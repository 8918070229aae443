"""Tests for reading source files as strict UTF-8."""

from __future__ import annotations

import pathlib

import pytest

from sitegen.errors import SiteError, SourceRef
from sitegen.textfile import _check_characters, read_text


def _write(tmp_path: pathlib.Path, data: bytes) -> pathlib.Path:
    path = tmp_path / "a.md"
    path.write_bytes(data)
    return path


def _error(path: pathlib.Path) -> tuple[SourceRef, str]:
    with pytest.raises(SiteError) as info:
        read_text(path, "content/a.md")
    (problem,) = info.value.problems
    return problem.ref, problem.message


def test_reads_utf8_text_in_many_scripts(tmp_path: pathlib.Path) -> None:
    text = "Salaam / سلام / আসসালামু আলাইকুম / Dzień dobry\n"
    assert read_text(_write(tmp_path, text.encode()), "content/a.md") == text


def test_drops_a_leading_bom(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path, b"\xef\xbb\xbftitle\n")
    assert read_text(path, "content/a.md") == "title\n"


def test_keeps_a_bom_that_is_not_leading(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path, b"a\xef\xbb\xbfb")
    assert read_text(path, "content/a.md") == "a\ufeffb"


def test_turns_crlf_and_lone_cr_into_lf(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path, b"one\r\ntwo\rthree\n\r\nfour")
    assert read_text(path, "content/a.md") == "one\ntwo\nthree\n\nfour"


def test_does_not_normalise_unicode(tmp_path: pathlib.Path) -> None:
    decomposed = "e\u0301"  # NFC would make this one character
    path = _write(tmp_path, decomposed.encode())
    assert read_text(path, "content/a.md") == decomposed


def test_invalid_utf8_names_byte_and_line(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path, b"one\ntwo\nthr\xe9e\n")
    ref, message = _error(path)
    assert ref == SourceRef("content/a.md", 3)
    assert message == "not valid UTF-8 at byte 11 (line 3): save the file as UTF-8"
    assert str(SiteError.at(ref, message)) == (
        "content/a.md:3: error: not valid UTF-8 at byte 11 (line 3): save the file as UTF-8"
    )


def test_invalid_utf8_line_counts_crlf_and_cr_once(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path, b"a\r\nb\rc\n\xff")
    ref, message = _error(path)
    assert ref.line == 4
    assert message == "not valid UTF-8 at byte 7 (line 4): save the file as UTF-8"


def test_invalid_utf8_byte_position_counts_the_bom(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path, b"\xef\xbb\xbfab\xc3")
    ref, message = _error(path)
    assert ref == SourceRef("content/a.md", 1)
    assert message == "not valid UTF-8 at byte 5 (line 1): save the file as UTF-8"


def test_utf16_file_is_named_as_such(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path, "title\n".encode("utf-16"))
    ref, message = _error(path)
    assert ref == SourceRef("content/a.md", 1)
    assert message == "the file is saved as UTF-16, not UTF-8: save the file as UTF-8"


def test_nul_byte_names_byte_and_line(tmp_path: pathlib.Path) -> None:
    path = _write(tmp_path, "ا\nb\x00".encode())
    ref, message = _error(path)
    assert ref == SourceRef("content/a.md", 2)
    assert message == (
        "a NUL character (byte 0) at byte 4 (line 2): remove it; is this really a text file?"
    )


def test_lone_surrogate_in_decoded_text_is_refused() -> None:
    # Strict decoding never yields one; the check guards against text from elsewhere.
    with pytest.raises(SiteError) as info:
        _check_characters("ok\nx\ud800", "content/a.md", 3)
    (problem,) = info.value.problems
    assert problem.ref == SourceRef("content/a.md", 2)
    assert problem.message == ("a lone surrogate U+D800 at byte 7 (line 2): save the file as UTF-8")


def test_missing_file_is_a_located_error(tmp_path: pathlib.Path) -> None:
    ref, message = _error(tmp_path / "missing.md")
    assert ref == SourceRef("content/a.md")
    assert message.startswith("cannot read the file: ")
