"""Phone numbers on sites outside the United Kingdom: the region comes from site.yaml everywhere.

Ireland and Pakistan fixture sites are built whole: their directories, the links in their pages
and the `tel:` check must read numbers as that country writes them, and show them as published.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.build import BuildResult
from sitegen.errors import SiteError
from tests.sitefixture import build, build_fails, messages, page, write_site

IE_SITE = """\
title:
  en: Ballymun Neighbours
base_url: https://example.test/ballymun/
default_language: en
languages: [en]
region: IE
quick_exit_url: https://www.met.ie/
"""

PK_SITE = """\
title:
  en: G-9 Residents
  ur: جی نائن کے رہائشی
base_url: https://example.test/g9/
default_language: en
languages: [en, ur]
region: PK
quick_exit_url: https://www.pmd.gov.pk/
"""

IE_FILES: dict[str, str | bytes] = {
    "content/index.md": """\
        ---
        title: Ballymun Neighbours
        ---
        Ring the Garda station on [+353 1 666 4400](tel:01 666 4400) or the
        confidential line [1800 666 111](tel:+3531800666111).
        """,
    "content/contacts/help.yaml": """\
        title: Who to call
        entries:
          - id: emergency
            name: Emergency services
            phone: "112"
          - id: garda
            name: Ballymun Garda station
            phone: "01 666 4400"
          - id: confidential
            name: Garda confidential line
            phone: "1800 666 111"
          - id: embassy
            name: British Embassy Dublin
            phone: "+353 1 205 3700"
        """,
}

PK_FILES: dict[str, str | bytes] = {
    "content/index.md": """\
        ---
        title: G-9 Residents
        ---
        Call the police helpline [15](tel:15) or the Islamabad office on
        [051 111 222 333](tel:+9251111222333).
        """,
    "content/index.ur.md": """\
        ---
        title: جی نائن کے رہائشی
        ---
        اسلام آباد دفتر: [+92 51 111 222 333](tel:051111222333)
        """,
    "content/contacts/help.yaml": """\
        title: Who to call
        entries:
          - id: rescue
            name: Rescue 1122
            phone: "1122"
          - id: office
            name: Islamabad office
            phone: "051 111 222 333"
        """,
}


def _warnings(result: BuildResult) -> list[str]:
    """Return the build's warnings but the one every fixture without a contacts.lock gets."""
    return [w.format() for w in result.warnings if w.ref.path != "contacts.lock"]


def _errors(error: SiteError) -> list[str]:
    return [m for m in messages(error) if ": error: " in m]


def _phones(out: Path, rel: str) -> list[tuple[str, str]]:
    return [(a.get_text(), str(a["href"])) for a in page(out, rel).select("a.phone")]


def test_an_irish_site_reads_irish_numbers_everywhere(tmp_path: Path) -> None:
    out, result = build(write_site(tmp_path / "site", IE_FILES, IE_SITE))
    assert _warnings(result) == []
    assert _phones(out, "en/contacts/help/index.html") == [
        ("112", "tel:112"),
        ("01 666 4400", "tel:+35316664400"),
        ("1800 666 111", "tel:+3531800666111"),
        ("+353 1 205 3700", "tel:+35312053700"),
    ]
    links = [(a.get_text(), a["href"]) for a in page(out, "en/index.html").select("main a")]
    assert ("+353 1 666 4400", "tel:01 666 4400") in links


def test_a_pakistani_site_reads_pakistani_numbers_everywhere(tmp_path: Path) -> None:
    out, result = build(write_site(tmp_path / "site", PK_FILES, PK_SITE))
    assert _warnings(result) == []
    assert _phones(out, "ur/contacts/help/index.html") == [
        ("1122", "tel:1122"),
        ("051 111 222 333", "tel:+9251111222333"),
    ]


def test_a_uk_number_on_an_irish_site_is_a_located_error(tmp_path: Path) -> None:
    files = dict(IE_FILES)
    files["content/advice/bins.md"] = """\
        ---
        title: Bins
        ---
        Questions about bins?

        Ring [0800 789 321](tel:0800789321).
        """
    error = build_fails(write_site(tmp_path / "site", files, IE_SITE))
    assert _errors(error) == [
        "content/advice/bins.md:6: error: link 'tel:0800789321': phone number '0800789321' "
        "is not a valid number or short code for region IE; write it like '(022) 12345'"
    ]


def test_a_link_showing_another_number_is_deceptive_in_the_sites_region(tmp_path: Path) -> None:
    files = dict(PK_FILES)
    files["content/index.md"] = """\
        ---
        title: G-9 Residents
        ---
        Call the Islamabad office on
        [051 111 222 333](tel:+9251111222334).
        """
    del files["content/index.ur.md"]  # its number would be a second error: a changed fact
    error = build_fails(write_site(tmp_path / "site", files, PK_SITE))
    assert _errors(error) == [
        "content/index.md:5: error: deceptive link: the text shows the phone number "
        "'051 111 222 333' but the link dials '+9251111222334'"
    ]


UK_RELAY: dict[str, str | bytes] = {
    "content/index.md": """\
        ---
        title: Riverside
        ---
        Deaf or hard of hearing? Use text relay: [18001 101](tel:18001101).
        """,
    "content/contacts/help.yaml": """\
        title: Who to call
        entries:
          - id: police-relay
            name: Police by text relay
            phone: "18001 101"
          - id: hotline
            name: Anti-terrorist hotline
            phone: "+44 800 789 321"
        """,
}


def test_text_relay_and_international_numbers_are_shown_as_published(tmp_path: Path) -> None:
    out, result = build(write_site(tmp_path / "site", UK_RELAY))
    assert _warnings(result) == []
    assert _phones(out, "en/contacts/help/index.html") == [
        ("18001 101", "tel:18001101"),
        ("+44 800 789 321", "tel:+44800789321"),
    ]
    links = [(a.get_text(), a["href"]) for a in page(out, "en/index.html").select("main a")]
    assert ("18001 101", "tel:18001101") in links
