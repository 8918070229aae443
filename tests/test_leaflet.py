"""Printable A4 leaflets (PDF) of advice pages and directories, when WeasyPrint is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import sitegen.render.leaflet
from sitegen.output.files import OutputFile
from sitegen.render.leaflet import SiteFiles, html_to_pdf, leaflets_available
from tests.sitefixture import SITE_YAML, build, write_site

needs_pdf = pytest.mark.skipif(
    not leaflets_available() or shutil.which("pdftoppm") is None,
    reason="needs WeasyPrint, segno (pip install '.[pdf]') and poppler-utils",
)

FILES = {
    "content/index.md": "---\ntitle: Home\n---\nHi.\n",
    "content/advice/safe.md": "---\ntitle: Staying safe\nsummary: Simple steps.\n---\nLock up.\n",
    "content/advice/safe.ur.md": (
        "---\ntitle: محفوظ رہنا\nsummary: آسان اقدامات۔\n---\nرات کو دروازہ بند کریں۔\n"
    ),
    "content/advice/safe.ar.md": "---\ntitle: ابق آمنا\n---\nأغلق الباب ليلا.\n",
    "content/about.md": "---\ntitle: About\n---\nUs.\n",
}
# Arabic added: pdftotext reads Naskh text back, but not Nastaliq (its glyphs do not map back).
SITE = SITE_YAML.replace("languages: [en, ur, pl]", "languages: [en, ur, ar, pl]")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("leaflet") / "site", FILES, SITE)
    built, _ = build(site)
    return built


@needs_pdf
def test_leaflets_for_advice_in_each_real_translation_only(out: Path) -> None:
    assert (out / "en/advice/safe/leaflet.pdf").read_bytes().startswith(b"%PDF-")
    assert (out / "ur/advice/safe/leaflet.pdf").is_file()
    assert (out / "ar/advice/safe/leaflet.pdf").is_file()
    assert not (out / "pl/advice/safe/leaflet.pdf").exists()  # pl readers get the English text
    assert not (out / "en/about/leaflet.pdf").exists()


def pdftotext(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@needs_pdf
def test_urdu_leaflet_is_a4_and_renders_ink(out: Path, tmp_path: Path) -> None:
    pdf = out / "ur/advice/safe/leaflet.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "595.276 x 841.89 pts (A4)" in info.stdout
    assert "https://example.test/group/ur/advice/safe/" in pdftotext(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    png = next(tmp_path.glob("p*.png")).read_bytes()
    assert len(png) > 2000  # a blank page compresses to a few hundred bytes


@needs_pdf
def test_arabic_leaflet_text_reads_back_in_arabic(out: Path) -> None:
    text = pdftotext(out / "ar/advice/safe/leaflet.pdf")
    assert "ابق آمنا" in text
    assert "أغلق الباب ليلا" in text


@needs_pdf
def test_leaflets_are_byte_identical_across_builds(out: Path, tmp_path: Path) -> None:
    again, _ = build(write_site(tmp_path / "again", FILES, SITE))
    pdf = "ur/advice/safe/leaflet.pdf"
    assert (again / pdf).read_bytes() == (out / pdf).read_bytes()


@needs_pdf
def test_the_fetcher_refuses_anything_outside_the_site() -> None:
    html = (
        b'<html><head><link rel="stylesheet" href="https://evil.example/x.css">'
        b'<link rel="stylesheet" href="assets/missing.css"></head>'
        b'<body><img src="assets/dot.png"><p>Hi</p></body></html>'
    )
    dot = OutputFile("en/assets/dot.png", b"not really a png", None)
    files = SiteFiles("https://example.test/group/", {dot.path: dot})
    pdf, refused = html_to_pdf(html, "https://example.test/group/en/", files)
    assert pdf.startswith(b"%PDF-")
    assert refused == [
        "https://evil.example/x.css",
        "https://example.test/group/en/assets/missing.css",
    ]


def test_without_weasyprint_the_build_makes_no_leaflets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sitegen.render.leaflet, "leaflets_available", lambda: False)
    built, result = build(write_site(tmp_path / "s", FILES, SITE))
    assert not list(built.rglob("*.pdf"))
    assert result.warnings == ()
