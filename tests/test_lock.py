"""contacts.lock: a changed number stops the build until a person accepts it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.errors import SiteError
from sitegen.site.lock import LOCK_NAME, accept_contacts, format_lock, read_lock
from tests.sitefixture import NOW, build, build_fails, messages, page, write_site

REPO = Path(__file__).resolve().parent.parent
HOME = {"content/index.md": "---\ntitle: Home\n---\nHello.\n"}
HELP = """\
title: Who to call
entries:
  - id: emergency
    name: Emergency
    phone: "999"
  - id: hotline
    name: Hotline
    phone: "0800 789 321"
    url: https://act.campaign.gov.uk
  - id: drop-in
    name: Drop-in
    email: hello@example.org
"""
LOCKED_LINES = [
    "help/drop-in email hello@example.org",
    "help/emergency phone tel:999",
    "help/hotline phone tel:+44800789321",
    "help/hotline url https://act.campaign.gov.uk",
]
ADVICE = "run `python build.py contacts accept`"


def _site(tmp_path: Path, help_yaml: str = HELP) -> Path:
    return write_site(tmp_path / "s", {**HOME, "content/contacts/help.yaml": help_yaml})


def _locked_site(tmp_path: Path) -> Path:
    site = _site(tmp_path)
    accept_contacts(site, now=NOW)
    return site


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_no_lock_warns_and_builds_without_writing_into_the_site(tmp_path: Path) -> None:
    site = _site(tmp_path)
    before = _tree(site)
    _, result = build(site)
    assert [p.format() for p in result.warnings] == [
        "contacts.lock: warning: contacts.lock missing: run `python build.py contacts accept` "
        "to lock 4 facts (phone numbers, web and e-mail addresses), so a changed number stops "
        "the build"
    ]
    assert _tree(site) == before


def test_no_lock_and_no_contacts_is_quiet(tmp_path: Path) -> None:
    _, result = build(write_site(tmp_path / "s", HOME))
    assert result.warnings == ()


def test_accept_writes_a_sorted_readable_record(tmp_path: Path) -> None:
    site = _site(tmp_path)
    result = accept_contacts(site, now=NOW)
    text = (site / LOCK_NAME).read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if not line.startswith("#")] == LOCKED_LINES
    assert text == format_lock(result.facts)
    report = result.report().splitlines()
    assert report[0] == f"Created {LOCK_NAME} with 4 contact facts (4 added, 0 removed, 0 changed):"
    assert report[1:] == [
        "  + help/drop-in email hello@example.org  (content/contacts/help.yaml:10)",
        "  + help/emergency phone tel:999  (content/contacts/help.yaml:3)",
        "  + help/hotline phone tel:+44800789321  (content/contacts/help.yaml:6)",
        "  + help/hotline url https://act.campaign.gov.uk  (content/contacts/help.yaml:6)",
    ]
    _, built = build(site)
    assert built.warnings == ()


def test_accept_again_changes_nothing(tmp_path: Path) -> None:
    site = _locked_site(tmp_path)
    before = (site / LOCK_NAME).stat().st_mtime_ns
    result = accept_contacts(site, now=NOW)
    assert result.report() == f"{LOCK_NAME} already records these 4 facts; nothing changed."
    assert (site / LOCK_NAME).stat().st_mtime_ns == before


def test_changed_number_stops_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    site = _locked_site(tmp_path)
    out, _ = build(site)
    before = _tree(out)
    (site / "content/contacts/help.yaml").write_text(
        HELP.replace("0800 789 321", "0800 555 0199"), encoding="utf-8"
    )
    error = build_fails(site, out)
    assert messages(error) == [
        "content/contacts/help.yaml:6: error: the phone number tel:+448005550199 of entry "
        "'hotline' in directory 'help' changed: contacts.lock:6 records tel:+44800789321. "
        "If the contact file is wrong, correct it; if the change is intended, check it against "
        f"the service's own website, then {ADVICE}"
    ]
    assert _tree(out) == before


def test_added_and_removed_facts_are_each_reported(tmp_path: Path) -> None:
    site = _locked_site(tmp_path)
    changed = HELP.replace("    email: hello@example.org\n", "    url: https://example.org\n")
    (site / "content/contacts/help.yaml").write_text(changed, encoding="utf-8")
    found = messages(build_fails(site))
    assert len(found) == 2
    assert found[1].startswith(
        "content/contacts/help.yaml:10: error: the web address https://example.org of entry "
        "'drop-in' in directory 'help' is new: contacts.lock does not record it."
    )
    assert found[0].startswith(
        "content/contacts/help.yaml:10: error: the e-mail address hello@example.org of entry "
        "'drop-in' in directory 'help', recorded at contacts.lock:4, is no longer in the "
        "contact files."
    )
    assert all(message.endswith(ADVICE) for message in found)


def test_removed_directory_points_at_the_lock_line(tmp_path: Path) -> None:
    site = _locked_site(tmp_path)
    (site / "content/contacts/help.yaml").unlink()
    found = messages(build_fails(site))
    assert [m.split(": error: ")[0] for m in found] == [f"{LOCK_NAME}:{n}" for n in (4, 5, 6, 7)]
    assert "the phone number tel:999 of entry 'emergency'" in found[1]


def test_lock_errors_wait_for_contact_file_errors(tmp_path: Path) -> None:
    site = _locked_site(tmp_path)
    (site / "content/contacts/help.yaml").write_text(
        HELP.replace('"999"', '"99x"'), encoding="utf-8"
    )
    found = messages(build_fails(site))
    assert len(found) == 1
    assert found[0].startswith("content/contacts/help.yaml:5: error: phone number '99x'")


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("help/hotline phone", "cannot read this line of contacts.lock: 'help/hotline phone'"),
        ("help/hotline fax 0800", "cannot read this line"),
        ("../x phone tel:999", "cannot read this line"),
        ("help/emergency phone tel:998", "recorded twice, at lines 5 and 8"),
    ],
)
def test_bad_lock_line_is_located(tmp_path: Path, line: str, fragment: str) -> None:
    site = _locked_site(tmp_path)
    with (site / LOCK_NAME).open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    (problem,) = build_fails(site).errors
    assert str(problem.ref) == f"{LOCK_NAME}:8"
    assert fragment in problem.message
    assert ADVICE in problem.message


def test_lock_with_bom_and_crlf_reads(tmp_path: Path) -> None:
    site = _locked_site(tmp_path)
    text = (site / LOCK_NAME).read_text(encoding="utf-8")
    (site / LOCK_NAME).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    facts = read_lock(site)
    assert facts is not None
    assert [fact.line() for fact in facts] == LOCKED_LINES
    build(site)


def test_accept_refuses_a_site_with_errors_and_keeps_the_record(tmp_path: Path) -> None:
    site = _locked_site(tmp_path)
    before = (site / LOCK_NAME).read_bytes()
    (site / "content/contacts/help.yaml").write_text(
        HELP.replace("https://act.campaign.gov.uk", "javascript:alert(1)"), encoding="utf-8"
    )
    with pytest.raises(SiteError) as caught:
        accept_contacts(site, now=NOW)
    assert str(caught.value).startswith("content/contacts/help.yaml:9: error: web address")
    assert (site / LOCK_NAME).read_bytes() == before


def test_accepting_a_change_reports_it_and_the_build_passes(tmp_path: Path) -> None:
    site = _locked_site(tmp_path)
    (site / "content/contacts/help.yaml").write_text(
        HELP.replace("0800 789 321", "0800 555 0199"), encoding="utf-8"
    )
    result = accept_contacts(site, now=NOW)
    assert result.report().splitlines() == [
        f"Updated {LOCK_NAME} with 4 contact facts (0 added, 0 removed, 1 changed):",
        "  ~ help/hotline phone tel:+44800789321 -> tel:+448005550199  "
        "(content/contacts/help.yaml:6)",
    ]
    build(site)


def test_cli_accept_prints_what_it_accepted(tmp_path: Path) -> None:
    site = _site(tmp_path)
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "contacts", "accept", "--site", str(site)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(f"Created {LOCK_NAME} with 4 contact facts")
    assert "+ help/hotline phone tel:+44800789321" in result.stdout
    assert (site / LOCK_NAME).is_file()


def test_example_site_lock_is_current() -> None:
    facts = read_lock(REPO)
    assert facts is not None
    assert (REPO / LOCK_NAME).read_text(encoding="utf-8") == format_lock(facts)


# -- tel: links hold only ASCII digits and '+', whatever the editor pasted ---------------------

PASTED = {
    "zero-width and bidi marks": "\u200e0800\u200b 789\u200f 321\u2069",
    "Arabic-Indic digits": "\u0660\u0668\u0660\u0660 \u0667\u0668\u0669 \u0663\u0662\u0661",
    "Urdu digits": "\u06f0\u06f8\u06f0\u06f0 \u06f7\u06f8\u06f9 \u06f3\u06f2\u06f1",
    "full-width digits and plus": "\uff0b\uff14\uff14 800 789 321",
    "Bengali digits": "\u09e6\u09ee\u09e6\u09e6 \u09ed\u09ee\u09ef \u09e9\u09e8\u09e7",
    "non-breaking spaces and dashes": "0800\u00a0789\u2011321",
}


@pytest.mark.parametrize("written", PASTED.values(), ids=PASTED.keys())
def test_pasted_numbers_become_ascii_tel_links(tmp_path: Path, written: str) -> None:
    site = _site(tmp_path, HELP.replace('"0800 789 321"', f'"{written}"'))
    out, _ = build(site)
    html = page(out, "en/contacts/help/index.html")
    tels = [a["href"] for a in html.select("a[href^='tel:']")]
    assert "tel:+44800789321" in tels
    assert all(re.fullmatch(r"tel:\+?[0-9]+", tel) for tel in tels)
    assert accept_contacts(site, now=NOW).facts == accept_contacts(_site(tmp_path / "b")).facts
