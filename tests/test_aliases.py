"""Moved pages keep their old addresses: `aliases:` becomes a redirect in the host's format, a
redirect page where the host reads no rules, and `check` reports aliases that clash."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from sitegen.build import check_site
from tests.sitefixture import NOW, SITE_YAML, build, build_fails, messages, write_site
from tests.test_serve_site import get

REPO = Path(__file__).resolve().parent.parent
MOVED = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/advice/index.md": "---\ntitle: Advice\n---\nGuides.\n",
    "content/advice/at-home.md": """\
        ---
        title: Safe at home
        aliases:
          - en/advice/staying-safe/
          - /group/old-site/safety.html
        ---
        Lock the door.
        """,
    "content/advice/at-home.ur.md": """\
        ---
        title: گھر میں محفوظ
        aliases: [ur/advice/staying-safe/]
        ---
        دروازہ بند کریں۔
        """,
}
BASE = "/group/"


def moved_site(tmp_path: Path, host: str = "") -> Path:
    return write_site(tmp_path / "site", MOVED, SITE_YAML + (f"host: {host}\n" if host else ""))


def test_netlify_redirects_each_alias_with_and_without_its_slash(tmp_path: Path) -> None:
    out, _ = build(moved_site(tmp_path, "netlify"))
    rules = [
        tuple(line.split())
        for line in (out / "_redirects").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert sorted(rules) == [
        ("/group/en/advice/staying-safe", "/group/en/advice/at-home/", "301"),
        ("/group/en/advice/staying-safe/", "/group/en/advice/at-home/", "301"),
        ("/group/old-site/safety.html", "/group/en/advice/at-home/", "301"),
        ("/group/ur/advice/staying-safe", "/group/ur/advice/at-home/", "301"),
        ("/group/ur/advice/staying-safe/", "/group/ur/advice/at-home/", "301"),
    ]
    assert not (out / "en/advice/staying-safe/index.html").exists()  # the host redirects


def test_apache_and_nginx_redirect_in_their_own_formats(tmp_path: Path) -> None:
    out, _ = build(moved_site(tmp_path / "a", "apache"))
    htaccess = (out / ".htaccess").read_text("utf-8")
    apache = re.findall(r"^RedirectMatch 301 \^(\S+)/\?\$ (\S+)$", htaccess, re.M)
    assert ("/group/en/advice/staying-safe", "/group/en/advice/at-home/") in apache
    assert ("/group/old-site/safety\\.html", "/group/en/advice/at-home/") in apache
    out, _ = build(moved_site(tmp_path / "n", "nginx"))
    nginx = (out / "nginx-sitegen.conf").read_text("utf-8")
    found = re.findall(r"^location ~ \^(\S+)/\?\$ \{ return 301 (\S+); \}$", nginx, re.M)
    assert ("/group/en/advice/staying-safe", "/group/en/advice/at-home/") in found
    assert ("/group/old-site/safety\\.html", "/group/en/advice/at-home/") in found


@pytest.mark.parametrize("host", ["github", "gitlab", "usb"])
def test_hosts_without_rules_get_a_redirect_page(tmp_path: Path, host: str) -> None:
    out, _ = build(moved_site(tmp_path, host))
    for old, lang, title in (
        ("en/advice/staying-safe/index.html", "en", "Safe at home"),
        ("ur/advice/staying-safe/index.html", "ur", "گھر میں محفوظ"),
        ("old-site/safety.html", "en", "Safe at home"),
    ):
        soup = BeautifulSoup((out / old).read_text("utf-8"), "html.parser")
        assert soup.html is not None and soup.html["lang"] == lang
        refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
        assert refresh is not None
        target = str(refresh["content"]).split("url=", 1)[1]
        link = soup.find("a")
        assert link is not None and link["href"] == target and link.get_text() == title
        new = (out / old).parent / target
        assert new.resolve() == (out / lang / "advice/at-home/index.html").resolve()
        canonical = soup.find("link", rel="canonical")
        assert canonical is not None
        assert canonical["href"] == f"https://example.test/group/{lang}/advice/at-home/"
        referrer = soup.find("meta", attrs={"name": "referrer"})
        assert referrer is not None and referrer["content"] == "no-referrer"


CLASHING = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/about.md": "---\ntitle: About\n---\nUs.\n",
    "content/first.md": "---\ntitle: First\naliases: [en/old/]\n---\nOne.\n",
    "content/second.md": """\
        ---
        title: Second
        summary: Two.
        aliases:
          - en/old
          - en/about/
          - ../outside
        ---
        Two.
        """,
}
CLASH_MESSAGES = [
    "content/second.md:4: error: alias '../outside' is not an old address of this site: write "
    "its path from the site's root, e.g. en/advice/old-name/ (letters, digits, - _ . ~ and /)",
    "content/second.md:4: error: alias 'en/about/' is the address of a page that exists "
    "(en/about/index.html): an alias must be an address no page has any more",
    "content/second.md:4: error: alias 'en/old/' is claimed by two pages: this one and "
    "content/first.md:3",
]


def test_build_and_check_report_clashing_aliases_with_both_files(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", CLASHING)
    assert sorted(messages(build_fails(site))) == CLASH_MESSAGES
    assert sorted(p.format() for p in check_site(site, now=NOW).problems) == CLASH_MESSAGES


@pytest.fixture
def served_moved(tmp_path: Path) -> Iterator[str]:
    # Published on Netlify, whose rules the built-in server does not read: it still redirects.
    files = {k: v for k, v in MOVED.items() if ".ur." not in k}
    site = write_site(tmp_path / "site", files, SITE_YAML + "host: netlify\n")
    process = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "build.py"),
            "serve",
            "--site",
            str(site),
            "--port",
            "0",
            "--now",
            "2026-11-22",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = ""
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not url:
        found = re.search(r"Serving (http://\S+/)", process.stdout.readline())
        url = found.group(1) if found else ""
    try:
        assert url.startswith("http://127.0.0.1:")
        yield url
    finally:
        process.terminate()
        process.communicate(timeout=20)


def test_an_alias_resolves_on_the_built_in_server(served_moved: str) -> None:
    status, body = get(served_moved, "/en/advice/staying-safe/")
    assert status == 200
    refresh = BeautifulSoup(body, "html.parser").find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None
    target = urljoin(served_moved + "en/advice/staying-safe/", str(refresh["content"])[7:])
    status, page = get(served_moved, urlsplit(target).path)
    assert status == 200
    heading = BeautifulSoup(page, "html.parser").find("h1")
    assert heading is not None and heading.get_text(strip=True) == "Safe at home"
