"""Letters of a statement translated into a language that sorts before the default one."""

from __future__ import annotations

from pathlib import Path

from tests.sitefixture import SITE_YAML, build, page, write_site

# Arabic ("ar") sorts before English ("en"): `index.ar.md` is read before `index.md`.
SITE = SITE_YAML.replace("languages: [en, ur, pl]", "languages: [en, ar]")

FILES: dict[str, str | bytes] = {
    "content/index.md": "---\ntitle: Home\n---\nHello.\n",
    "content/statements/meeting/index.md": "---\ntitle: After the meeting\n---\nTwo letters.\n",
    "content/statements/meeting/index.ar.md": "---\ntitle: بعد الاجتماع\n---\nرسالتان.\n",
    "content/statements/meeting/letters/01-police.md": (
        "---\nfrom: Sam Patel\norganisation: Riverside Police\n---\nDear residents.\n"
    ),
    "content/statements/meeting/letters/01-police.ar.md": (
        "---\nfrom: سام باتيل\norganisation: شرطة ريفرسايد\n---\nأعزاءنا السكان.\n"
    ),
    "content/statements/meeting/letters/02-council.md": (
        "---\nfrom: Alex Morgan\norganisation: Riverside Council\n---\nDear neighbours.\n"
    ),
}


def test_an_arabic_statement_keeps_its_letters_and_their_originals(tmp_path: Path) -> None:
    out, _ = build(write_site(tmp_path / "s", FILES, SITE))
    arabic = page(out, "ar/statements/meeting/index.html")
    entries = [(li.a["lang"], " ".join(li.get_text().split())) for li in arabic.select(".toc li")]
    assert entries == [
        ("ar", "سام باتيل (شرطة ريفرسايد)"),
        ("en", "Alex Morgan (Riverside Council)"),
    ]
    english = page(out, "en/statements/meeting/index.html")
    assert [" ".join(li.get_text().split()) for li in english.select(".toc li")] == [
        "Sam Patel (Riverside Police)",
        "Alex Morgan (Riverside Council)",
    ]
