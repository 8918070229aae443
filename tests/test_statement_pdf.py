"""A statement's printable PDF: its letters headed by who wrote them, one a page, and a QR code."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import segno
from bs4 import BeautifulSoup

import sitegen.render.leaflet
from sitegen.render.leaflet import leaflets_available
from tests.sitefixture import SITE_YAML, build, page, write_site

needs_pdf = pytest.mark.skipif(
    not leaflets_available() or shutil.which("pdftotext") is None,
    reason="needs WeasyPrint, segno (pip install '.[pdf]') and poppler-utils",
)

FILES: dict[str, str | bytes] = {
    "content/index.md": "---\ntitle: Home\n---\nHi.\n",
    "content/statements/meeting/index.md": """\
        ---
        title: After the public meeting
        summary: Letters from the police and the council.
        date: 2026-11-12
        ---
        Two letters followed the meeting on 11 November.
        """,
    "content/statements/meeting/index.ur.md": """\
        ---
        title: عوامی اجلاس کے بعد
        date: 2026-11-12
        ---
        11 نومبر کے اجلاس کے بعد دو خطوط آئے۔
        """,
    "content/statements/meeting/letters/01-police.md": """\
        ---
        from: Sam Patel
        role: Inspector
        organisation: Riverside Police
        to: Residents of Riverside
        date: 2026-11-12
        ---
        Dear residents,

        Thank you for coming. Report crime at [the police website](https://www.police.uk/).
        """,
    "content/statements/meeting/letters/02-council.md": """\
        ---
        from: Alex Morgan
        role: Council Leader
        organisation: Riverside Council
        date: 2026-11-13
        ---
        Dear neighbours,

        The council will repair the street lights this month.
        """,
}
STATEMENT = "statements/meeting"
ADDRESS = "https://example.test/group/en/statements/meeting/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """Build the site once, keeping the HTML each PDF was made from (by its language)."""
    site = write_site(tmp_path_factory.mktemp("statement-pdf") / "site", FILES, SITE_YAML)
    made = sitegen.render.leaflet.leaflet_html
    html: dict[str, str] = {}

    def recording(*args: object) -> bytes:
        data = made(*args)  # type: ignore[arg-type]
        html[str(args[4])] = data.decode("utf-8")
        return data

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sitegen.render.leaflet, "leaflet_html", recording)
        out, _ = build(site)
    yield out, html


def pdftotext(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@needs_pdf
def test_a_pdf_of_the_statement_in_each_real_translation(
    built: tuple[Path, dict[str, str]],
) -> None:
    out, _ = built
    assert (out / f"en/{STATEMENT}/leaflet.pdf").read_bytes().startswith(b"%PDF-")
    assert (out / f"ur/{STATEMENT}/leaflet.pdf").is_file()
    assert not (out / f"pl/{STATEMENT}/leaflet.pdf").exists()  # pl readers get the English


@needs_pdf
def test_each_letter_is_headed_by_its_sender_and_starts_a_new_page(
    built: tuple[Path, dict[str, str]],
) -> None:
    out, _ = built
    pages = pdftotext(out / f"en/{STATEMENT}/leaflet.pdf").split("\f")
    # The first letter follows the introduction; the second starts the next page.
    first = " ".join(pages[0].split())
    assert "Two letters followed the meeting" in first
    head = "Sam Patel Inspector Riverside Police To Residents of Riverside Date 12 November 2026"
    assert head in first.replace(":", "")
    assert "Alex Morgan" not in first
    second = " ".join(pages[1].split()).replace(":", "")
    assert second.startswith("Alex Morgan Council Leader Riverside Council Date 13 November 2026")
    assert "street lights" in second


@needs_pdf
def test_a_link_prints_its_address_after_its_text(built: tuple[Path, dict[str, str]]) -> None:
    out, _ = built
    text = " ".join(pdftotext(out / f"en/{STATEMENT}/leaflet.pdf").split())
    assert "the police website (https://www.police.uk/)" in text


def qr_matrix(svg: str) -> list[list[bool]]:
    """Read back the modules of a segno inline SVG (one stroked path of horizontal runs)."""
    soup = BeautifulSoup(svg, "html.parser")
    light, lines = soup.select_one("path[fill]"), soup.select_one("path.qrline")
    assert light is not None and lines is not None, svg
    size = int(str(light["d"]).split("h")[1].split("v")[0])  # the light square, border included
    dark = [[False] * size for _ in range(size)]
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", str(lines["d"])):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x + float(a))):
                dark[int(y)][column] = True
            x += float(a)
    return dark


@needs_pdf
def test_the_pdf_carries_a_qr_code_of_the_pages_address(
    built: tuple[Path, dict[str, str]],
) -> None:
    out, html = built
    svg = str(BeautifulSoup(html["en"], "html.parser").select_one(".qr svg"))
    expected = segno.make_qr(ADDRESS, error="m")
    border = 2
    matrix = qr_matrix(svg)
    inner = [row[border:-border] for row in matrix[border:-border]]
    assert inner == [[bool(cell) for cell in row] for row in expected.matrix]
    assert expected.designator.endswith("-M") and not expected.is_micro
    assert ADDRESS in pdftotext(out / f"en/{STATEMENT}/leaflet.pdf")
    ur = "https://example.test/group/ur/statements/meeting/"
    assert ur in html["ur"] and ADDRESS not in html["ur"]


@needs_pdf
def test_the_statement_page_links_its_pdf_and_share_does_not_repeat_it(
    built: tuple[Path, dict[str, str]],
) -> None:
    out, _ = built
    links = page(out, f"en/{STATEMENT}/index.html").select('a[type="application/pdf"]')
    assert [
        (a["href"], a.get_text(), a.find_parent(class_="statement__pdf") is not None) for a in links
    ] == [("leaflet.pdf", "Download this statement and its letters as a PDF", True)]
    ur = page(out, f"ur/{STATEMENT}/index.html").select_one(".statement__pdf a")
    assert ur is not None
    assert ur.get_text() == "یہ بیان اور اس کے خطوط PDF کی صورت میں ڈاؤن لوڈ کریں"
    pl = page(out, f"pl/{STATEMENT}/index.html").select_one(".statement__pdf a")
    assert pl is not None and pl["href"] == "../../../en/statements/meeting/leaflet.pdf"
    assert pl.get_text() == "Pobierz to oświadczenie wraz z listami jako PDF"


@needs_pdf
def test_statement_pdfs_are_byte_identical_across_builds(
    built: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    out, _ = built
    again, _ = build(write_site(tmp_path / "again", FILES, SITE_YAML))
    pdf = f"en/{STATEMENT}/leaflet.pdf"
    assert (again / pdf).read_bytes() == (out / pdf).read_bytes()


def test_without_weasyprint_a_statement_has_no_pdf_and_no_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sitegen.render.leaflet, "leaflets_available", lambda: False)
    monkeypatch.setattr("sitegen.build.leaflets_available", lambda: False)
    out, result = build(write_site(tmp_path / "s", FILES, SITE_YAML))
    assert not list(out.rglob("*.pdf"))
    html = page(out, f"en/{STATEMENT}/index.html")
    assert html.select(".statement__pdf, a[type='application/pdf']") == []
    assert result.warnings == ()
