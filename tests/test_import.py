"""`sitegen import`: a pasted thread, e-mail, HTML or Word document becomes a statement folder.

Run through the real command (a subprocess), on the fixtures in tests/fixtures/pasted/.
"""

from __future__ import annotations

import email.message
import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
import yaml
from bs4 import Tag

from tests.sitefixture import build, page, write_site

FIXTURES = Path(__file__).parent / "fixtures" / "pasted"
ROOT = Path(__file__).resolve().parents[1]
HOME = {"content/index.md": "---\ntitle: Home\n---\nHello.\n"}


def sitegen(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def front_matter(path: Path) -> tuple[dict[str, object], str]:
    text = path.read_text(encoding="utf-8")
    _, meta, body = text.split("---\n", 2)
    return yaml.safe_load(meta) or {}, body


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", dict(HOME))


# -- an e-mail thread with three messages, newest first -----------------------------------------


def test_thread_becomes_a_statement_with_its_letters_oldest_first(site: Path) -> None:
    done = sitegen("import", FIXTURES / "thread-newest-first.txt", "--site", site)
    assert done.returncode == 0, done.stderr
    folder = site / "content/statements/victoria-road-mosque"
    assert sorted(p.name for p in (folder / "letters").iterdir()) == [
        "01-chair.md",
        "02-chief-constable.md",
        "03-leader-of-the-council.md",
    ]
    meta, body = front_matter(folder / "index.md")
    assert meta == {"title": "Victoria Road mosque", "date": _date(2025, 5, 4), "pasted": True}
    assert body.startswith("Dear all,\n\nWe asked the police")
    assert front_matter(folder / "letters/02-chief-constable.md")[0] == {
        "date": _date(2025, 5, 3),
        "from": "Sarah Whitcombe",
        "role": "Chief Constable",
        "organisation": "Wealdshire Police",
        "to": "Ms Rahman",
    }
    assert front_matter(folder / "letters/03-leader-of-the-council.md")[0] == {
        "date": _date(2025, 5, 4),
        "from": "Cllr Imran Siddiqui",
        "role": "Leader of the Council",
        "organisation": "Northfield Borough Council",
        "address": "Town Hall, Market Square, Northfield NF1 1AA",
        "to": "Amina",
    }
    assert "Letter 3 of 3: letters/03-leader-of-the-council.md\n  date: 2025-05-04\n" in done.stdout
    # the result builds at once, with nothing to warn about
    out, result = build(site)
    assert result.warnings == ()
    soup = page(out, "en/statements/victoria-road-mosque/index.html")
    articles = soup.select("article[id]")
    assert [a["id"] for a in articles] == [
        "01-chair",
        "02-chief-constable",
        "03-leader-of-the-council",
    ]
    assert soup.find("blockquote") is None
    police = articles[1]
    assert [li.get_text(strip=True) for li in police.select("ul li")] == [
        "more officers on foot patrol around places of worship",
        "a drop-in at Northfield Library on Saturday 10 May",
    ]
    council = [a["href"] for a in articles[2].find_all("a") if "northfield.gov" in a["href"]]
    assert council == ["http://www.northfield.gov.uk/report"]


def _date(year: int, month: int, day: int) -> object:
    import datetime as dt

    return dt.date(year, month, day)


def test_import_refuses_to_overwrite_and_force_replaces(site: Path) -> None:
    assert sitegen("import", FIXTURES / "thread-newest-first.txt", "--site", site).returncode == 0
    letter = site / "content/statements/victoria-road-mosque/letters/02-chief-constable.md"
    letter.write_text(letter.read_text(encoding="utf-8") + "\nEdited by hand.\n", "utf-8")
    before = tree(site)
    again = sitegen("import", FIXTURES / "thread-newest-first.txt", "--site", site)
    assert again.returncode == 1
    assert (
        "content/statements/victoria-road-mosque/letters/02-chief-constable.md: error: "
        "the file exists\n" in again.stderr
    )
    assert again.stderr.endswith(
        "Nothing was written: import into another folder (--into statements/NAME), "
        "or use --force to replace these files.\n"
    )
    assert tree(site) == before
    forced = sitegen("import", FIXTURES / "thread-newest-first.txt", "--site", site, "--force")
    assert forced.returncode == 0, forced.stderr
    assert "Edited by hand." not in letter.read_text(encoding="utf-8")


def test_dry_run_prints_the_files_and_writes_nothing(site: Path) -> None:
    before = tree(site)
    done = sitegen(
        "import", FIXTURES / "council-reply-no-signature.txt", "--site", site, "--dry-run"
    )
    assert done.returncode == 0, done.stderr
    assert tree(site) == before
    assert done.stdout.endswith(
        "Dry run: nothing was written. It would write:\n"
        "  content/statements/street-lighting-on-victoria-road/index.md\n"
        "  content/statements/street-lighting-on-victoria-road/letters/"
        "01-northfield-borough-council.md\n"
    )


# -- a council reply without a signature -------------------------------------------------------


def test_a_letter_without_a_signature_says_what_to_fill_in(site: Path) -> None:
    done = sitegen(
        "import",
        FIXTURES / "council-reply-no-signature.txt",
        "--site",
        site,
        "--into",
        "statements/lighting",
    )
    assert done.returncode == 0, done.stderr
    assert (
        "Letter 1 of 1: letters/01-northfield-borough-council.md\n"
        "  date: 2018-03-17\n"
        "  to: Ms Rahman\n"
        "  fill in from: (no signature found; the e-mail came from Northfield Borough Council)\n"
        "  fill in role: (no signature found)\n"
        "  fill in organisation: (no signature found)\n"
    ) in done.stdout
    assert "no words of the group's own before the first letter" in done.stdout
    path = site / "content/statements/lighting/letters/01-northfield-borough-council.md"
    text = path.read_text(encoding="utf-8")
    assert "# from:   (fill in: not found in the paste)\n" in text
    assert front_matter(path)[0] == {"date": _date(2018, 3, 17), "to": "Ms Rahman"}
    out, result = build(site)
    # it builds at once, with a warning only for what is missing
    assert [p.format() for p in result.warnings] == [
        "content/statements/lighting/letters/01-northfield-borough-council.md:1: warning: "
        "this letter does not say who sent it: add 'from:' to its front matter, with the name "
        "of whoever signed it (until then it is shown without a sender)"
    ]
    article = page(out, "en/statements/lighting/index.html").select_one("article[id]")
    assert isinstance(article, Tag)
    links = [a["href"] for a in article.find_all("a") if "lights" in a["href"]]
    assert links == ["https://www.northfield.gov.uk/lights"]


# -- a police letter copied from a PDF ------------------------------------------------------


def test_a_letter_from_a_pdf_gets_its_letterhead_date_and_signature(site: Path) -> None:
    done = sitegen("import", FIXTURES / "police-letter-from-pdf.txt", "--site", site)
    assert done.returncode == 0, done.stderr
    path = site / "content/statements/letter-from-wealdshire-police/letters/01-chief-constable.md"
    meta, body = front_matter(path)
    assert meta == {
        "date": _date(2018, 3, 17),
        "from": "Sarah Whitcombe",
        "role": "Chief Constable",
        "organisation": "Wealdshire Police",
        "address": "Police Headquarters, Castle Way, Wealdbury WB1 4PQ",
        "to": "Ms Rahman",
    }
    assert "offer reassurance\nto everyone" in body
    assert "\n1. Report every incident" in body and "\ni) In an emergency" in body
    assert "\u00ad" not in body and "It’s never" in body


# -- a Word document, an e-mail message, HTML from a mail client ----------------------------


def test_a_word_document_is_imported(site: Path, tmp_path: Path) -> None:
    document = docx.Document()
    for text in ("Northfield Borough Council", "17th March 2018", "Dear Ms Rahman,"):
        document.add_paragraph(text)
    document.add_paragraph("The council will:")
    document.add_paragraph("repair the window at no cost", style="List Bullet")
    document.add_paragraph("clean the graffiti this week", style="List Bullet")
    document.add_paragraph("Kind regards,")
    signature = document.add_paragraph("Imran Siddiqui")
    for line in ("Leader of the Council", "Northfield Borough Council"):
        signature.runs[-1].add_break()
        signature.add_run(line)
    saved = io.BytesIO()
    document.save(saved)
    path = tmp_path / "reply.docx"
    path.write_bytes(saved.getvalue())
    done = sitegen("import", path, "--site", site, "--into", "statements/reply")
    assert done.returncode == 0, done.stderr
    letter = site / "content/statements/reply/letters/01-leader-of-the-council.md"
    assert front_matter(letter)[0] == {
        "date": _date(2018, 3, 17),
        "from": "Imran Siddiqui",
        "role": "Leader of the Council",
        "organisation": "Northfield Borough Council",
        "to": "Ms Rahman",
    }
    out, _ = build(site)
    article = page(out, "en/statements/reply/index.html").select_one("article[id]")
    assert isinstance(article, Tag)
    assert [li.get_text(strip=True) for li in article.select("ul li")] == [
        "repair the window at no cost",
        "clean the graffiti this week",
    ]
    signed = next(p for p in article.find_all("p") if "Imran Siddiqui" in p.get_text())
    assert len(signed.find_all("br")) == 2


def test_an_eml_message_gives_its_own_date_and_sender(site: Path, tmp_path: Path) -> None:
    message = email.message.EmailMessage()
    message["From"] = "Sarah Whitcombe <chief@wealdshire.police.example>"
    message["To"] = "Amina Rahman <amina@northfield-safety.example>"
    message["Date"] = "Sat, 03 May 2025 10:12:00 +0100"
    message["Subject"] = "RE: Victoria Road mosque"
    message.set_content("Dear Ms Rahman,\n\nWe are with you.\n")
    path = tmp_path / "reply.eml"
    path.write_bytes(bytes(message))
    done = sitegen("import", path, "--site", site)
    assert done.returncode == 0, done.stderr
    letter = site / "content/statements/victoria-road-mosque/letters/01-sarah-whitcombe.md"
    assert front_matter(letter)[0] == {"date": _date(2025, 5, 3), "to": "Ms Rahman"}
    assert "fill in from: (no signature found; the e-mail came from Sarah Whitcombe)" in (
        done.stdout
    )


def test_an_eml_with_only_html_is_read_as_its_text(site: Path, tmp_path: Path) -> None:
    message = email.message.EmailMessage()
    message["From"] = "Northfield Borough Council <enquiries@northfield.gov.example>"
    message["Date"] = "Mon, 17 Mar 2018 09:05:00 +0000"
    message["Subject"] = "Street lighting"
    message.set_content(
        "<html><body><p>Dear Ms Rahman,</p><ul><li>lights inspected this week</li>"
        "<li>repairs by the end of the month</li></ul><p>Kind regards,</p>"
        "<p>Jo Bloggs<br>Street Lighting Officer</p></body></html>",
        subtype="html",
    )
    path = tmp_path / "lights.eml"
    path.write_bytes(bytes(message))
    done = sitegen("import", path, "--site", site)
    assert done.returncode == 0, done.stderr
    letter = site / "content/statements/street-lighting/letters/01-street-lighting-officer.md"
    meta, body = front_matter(letter)
    assert meta == {
        "date": _date(2018, 3, 17),
        "from": "Jo Bloggs",
        "role": "Street Lighting Officer",
        "to": "Ms Rahman",
    }
    assert "- lights inspected this week\n- repairs by the end of the month\n" in body


def test_html_from_a_mail_client_is_read_with_its_quotes_and_links(
    site: Path, tmp_path: Path
) -> None:
    path = tmp_path / "thread.html"
    path.write_text(
        "<html><head><style>p {margin:0}</style></head><body>"
        "<p>Our thoughts are with the mosque.</p>"
        "<p>On 3 May 2025, at 10:12, Sarah Whitcombe wrote:</p>"
        "<blockquote type=cite><p>Dear Ms Rahman,</p>"
        "<p>Report at <a href='https://www.police.uk/report'>police.uk</a>.</p>"
        "<p>Yours sincerely,</p><p>Sarah Whitcombe<br>Chief Constable</p></blockquote>"
        "</body></html>",
        encoding="utf-8",
    )
    done = sitegen("import", path, "--site", site, "--into", "statements/html")
    assert done.returncode == 0, done.stderr
    folder = site / "content/statements/html"
    assert front_matter(folder / "index.md")[1] == "Our thoughts are with the mosque.\n"
    letter = folder / "letters/01-chief-constable.md"
    meta, body = front_matter(letter)
    assert meta["from"] == "Sarah Whitcombe" and meta["date"] == _date(2025, 5, 3)
    assert "Report at [police.uk](https://www.police.uk/report)." in body
    assert ">" not in body


# -- files that are not text, and bad options ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("letter.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF"),
        ("scan.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        ("scan.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
    ],
)
def test_a_file_that_is_not_text_gets_a_clear_error(
    site: Path, tmp_path: Path, name: str, data: bytes, what: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    before = tree(site)
    done = sitegen("import", path, "--site", site)
    assert done.returncode == 1
    assert done.stderr == (
        f"{path}: error: this is {what}, not text: sitegen import reads text or Markdown, an "
        "e-mail saved as .eml, HTML saved from a mail client or Word, or a Word .docx: copy "
        "the text into a .txt file (or save as .docx) and import that\nNothing was written.\n"
    )
    assert tree(site) == before


def test_a_file_that_is_not_utf8_text_is_located(site: Path, tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(b"Dear all,\n\nIt\x92s fine.\n")
    done = sitegen("import", path, "--site", site)
    assert done.returncode == 1
    assert done.stderr.startswith(f"{path}:3: error: not valid UTF-8 at byte 13 (line 3)")


def test_into_must_name_a_statement_folder(site: Path) -> None:
    done = sitegen("import", FIXTURES / "thread-newest-first.txt", "--site", site, "--into", "../x")
    assert done.returncode == 1
    assert done.stderr == "../x: error: --into must be statements/NAME\nNothing was written.\n"


def test_lang_must_be_one_of_the_sites_and_names_the_files(site: Path) -> None:
    wrong = sitegen("import", FIXTURES / "thread-newest-first.txt", "--site", site, "--lang", "fr")
    assert wrong.returncode == 1
    assert wrong.stderr == (
        "site.yaml: error: --lang fr: the site's languages are en, ur, pl\nNothing was written.\n"
    )
    done = sitegen(
        "import",
        FIXTURES / "council-reply-no-signature.txt",
        "--site",
        site,
        "--lang",
        "pl",
        "--into",
        "statements/oswietlenie",
    )
    assert done.returncode == 0, done.stderr
    folder = site / "content/statements/oswietlenie"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md")) == [
        "index.pl.md",
        "letters/01-northfield-borough-council.pl.md",
    ]
