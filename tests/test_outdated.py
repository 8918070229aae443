"""Letters and contact directories say when their translation is older than the original."""

from __future__ import annotations

from pathlib import Path

from sitegen.cli import main
from tests.sitefixture import build, page, write_site

FILES: dict[str, str | bytes] = {
    "content/index.md": "---\ntitle: Home\n---\nHello.\n",
    "content/statements/s/index.md": "---\ntitle: Statement\ndate: 2026-01-02\n---\nText.\n",
    "content/statements/s/letters/01-chief.md": "---\nfrom: Jane Roe\n---\nDear all.\n",
    "content/statements/s/letters/01-chief.ur.md": (
        "---\nfrom: جین رو\ntranslation_of: 000000000000\n---\nپیارے سب۔\n"
    ),
    "content/contacts/help.yaml": (
        "title: Help\nentries:\n  - id: police\n    name: Police\n    phone: '101'\n"
    ),
    "content/contacts/help.ur.yaml": (
        "title: مدد\ntranslation_of: 000000000000\nentries:\n  police:\n    name: پولیس\n"
    ),
}


def outdated_notices(out: Path, rel: str) -> int:
    return len(page(out, rel).select(".notice--outdated"))


def test_outdated_letter_and_directory_show_a_notice(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    out, _ = build(site)
    letter = page(out, "ur/statements/s/index.html").select_one('article[id="01-chief"]')
    assert letter is not None
    assert letter.select_one(".notice--outdated") is not None
    assert outdated_notices(out, "ur/contacts/help/index.html") == 1
    assert outdated_notices(out, "en/contacts/help/index.html") == 0


def test_brought_up_to_date_the_notices_go(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    for rel in ("content/statements/s/letters/01-chief.ur.md", "content/contacts/help.ur.yaml"):
        assert main(["translations", "done", "--site", str(site), rel]) == 0
    out, _ = build(site)
    assert outdated_notices(out, "ur/statements/s/index.html") == 0
    assert outdated_notices(out, "ur/contacts/help/index.html") == 0
