"""Faults during a build (issue 24): a write that fails names the page it was writing."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pytest

from sitegen.output.files import OutputFile
from tests.sitefixture import SITE_YAML, build, build_fails, messages, write_site

YAML = SITE_YAML.replace("[en, ur, pl]", "[en, ar]")
FILES = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/index.ar.md": "---\ntitle: الرئيسية\n---\nأهلا.\n",
    "content/help.md": "---\ntitle: Getting help\n---\nCall the helpline.\n",
    "content/help.ar.md": "---\ntitle: طلب المساعدة\n---\nاتصل بخط المساعدة.\n",
}


def test_a_failed_in_place_write_names_the_page_of_that_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = write_site(tmp_path / "site", FILES, YAML)
    out, _ = build(site)
    (site / "content/help.md").write_text("---\ntitle: Getting help\n---\nCall us.\n")
    real = OutputFile.write_to

    def full_disk(self: OutputFile, stream: BinaryIO) -> None:
        if self.path == "en/help/index.html":
            raise OSError(28, "No space left on device")
        real(self, stream)

    monkeypatch.setattr(OutputFile, "write_to", full_disk)
    error = build_fails(site, out)
    assert messages(error) == [
        "content/help.md: error: cannot write en/help/index.html in the output folder: "
        "No space left on device"
    ]
    assert "Call the helpline." in (out / "en/help/index.html").read_text(encoding="utf-8")
