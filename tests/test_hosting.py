"""Publishing targets: for each `host:`, the build writes that host's headers, redirects and
cache rules in its own format, and they say the site's policy. Parsed, not compared as text."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.errors import SiteError, SourceRef
from sitegen.render.hosting import host_files
from sitegen.site.aliases import Redirect
from tests.sitefixture import SITE_YAML, build, build_fails, messages, write_site

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "content/index.md": "---\ntitle: Home\n---\nWelcome. See [advice](advice/index.md).\n",
    "content/advice/index.md": "---\ntitle: Advice\n---\nGuides.\n",
    "content/advice/staying-safe.md": "---\ntitle: Staying safe\n---\nLock the door.\n",
}
BASE = "/group/"  # SITE_YAML's base_url is https://example.test/group/


def site_for(tmp_path: Path, host: str) -> Path:
    return write_site(tmp_path / "site", PAGES, SITE_YAML + f"host: {host}\n")


def directives(policy: str) -> dict[str, set[str]]:
    """Split a Content-Security-Policy into its directives and their sources."""
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {words[0]: set(words[1:]) for words in parts}


def assert_site_policy(headers: dict[str, str]) -> None:
    policy = directives(headers["Content-Security-Policy"])
    assert policy["default-src"] == {"'none'"}
    assert policy["frame-ancestors"] == {"'none'"}
    assert policy["base-uri"] == {"'none'"} and policy["form-action"] == {"'none'"}
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    permissions = dict(item.strip().split("=") for item in headers["Permissions-Policy"].split(","))
    assert permissions["camera"] == permissions["microphone"] == permissions["geolocation"] == "()"


def html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def meta_policies(out: Path) -> list[dict[str, set[str]]]:
    found = []
    for path in html_pages(out):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None, path
        found.append(directives(str(meta["content"])))
    return found


def parse_netlify_headers(text: str) -> dict[str, dict[str, str]]:
    rules: dict[str, dict[str, str]] = {}
    pattern = ""
    for line in text.splitlines():
        if line and not line.startswith(" "):
            pattern = line
            assert pattern not in rules, f"{pattern} twice: the host would join the two"
            rules[pattern] = {}
        elif line.strip():
            name, value = line.strip().split(": ", 1)
            rules[pattern][name] = value
    return rules


@pytest.mark.parametrize("host", ["netlify", "cloudflare"])
def test_netlify_and_cloudflare_get_headers_files(tmp_path: Path, host: str) -> None:
    out, result = build(site_for(tmp_path, host))
    assert result.warnings == ()
    rules = parse_netlify_headers((out / "_headers").read_text("utf-8"))
    assert_site_policy(rules[f"{BASE}*"])
    assert "Cache-Control" not in rules[f"{BASE}*"]  # pages keep the hosts' revalidating default
    assert rules[f"{BASE}pagefind/fragment/*"] == {
        "Cache-Control": "public, max-age=31536000, immutable"
    }
    lines = (out / "_headers").read_text("utf-8").splitlines()
    assert len(rules) <= 100 and all(len(line) <= 2000 for line in lines)
    assert (out / "_redirects").is_file()


def test_the_header_policy_allows_everything_a_page_allows(tmp_path: Path) -> None:
    """Header and meta policies are both enforced: the header must not forbid what a page's
    own policy (the search page's WebAssembly, every page's stylesheet) needs."""
    out, _ = build(site_for(tmp_path, "netlify"))
    header = directives(
        parse_netlify_headers((out / "_headers").read_text("utf-8"))[f"{BASE}*"][
            "Content-Security-Policy"
        ]
    )
    policies = meta_policies(out)
    assert any("'wasm-unsafe-eval'" in p.get("script-src", set()) for p in policies)
    for policy in policies:
        for name, sources in policy.items():
            assert sources - {"file:"} <= header[name], (name, sources, header[name])


def test_apache_gets_htaccess_files(tmp_path: Path) -> None:
    out, _ = build(site_for(tmp_path, "apache"))
    text = (out / ".htaccess").read_text("utf-8")
    headers = dict(re.findall(r'^\s*Header always set (\S+) "(.*)"$', text, re.MULTILINE))
    assert_site_policy(headers)
    assert re.search(r'^\s*Header set Cache-Control "public, max-age=300', text, re.MULTILINE)
    assert f"ErrorDocument 404 {BASE}404.html" in text.splitlines()
    hashed = (out / "pagefind/fragment/.htaccess").read_text("utf-8")
    assert 'Header set Cache-Control "public, max-age=31536000, immutable"' in hashed
    assert not (out / "_headers").exists()


def test_nginx_gets_a_snippet_whose_every_location_keeps_the_headers(tmp_path: Path) -> None:
    out, _ = build(site_for(tmp_path, "nginx"))
    text = (out / "nginx-sitegen.conf").read_text("utf-8")
    top, *locations = re.split(r"^location ", text, flags=re.MULTILINE)
    assert_site_policy(dict(re.findall(r'^add_header (\S+) "(.*)" always;$', top, re.MULTILINE)))
    assert f"error_page 404 {BASE}404.html;" in top.splitlines()
    assert locations and locations[0].startswith(f"^~ {BASE}pagefind/fragment/ {{")
    for block in locations:
        found = dict(re.findall(r'^\s+add_header (\S+) "(.*)" always;$', block, re.MULTILINE))
        assert_site_policy(found)  # nginx drops the outer add_header lines in such a block
        assert found["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("host", ["github", "gitlab"])
def test_pages_hosts_get_the_policy_in_every_page(tmp_path: Path, host: str) -> None:
    out, _ = build(site_for(tmp_path, host))
    assert (out / ".nojekyll").is_file()
    assert not (out / "_headers").exists() and not (out / ".htaccess").exists()
    for path in html_pages(out):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        referrer = soup.find("meta", attrs={"name": "referrer"})
        assert referrer is not None and referrer["content"] == "no-referrer", path
    for policy in meta_policies(out):
        assert policy["default-src"] == {"'none'"} and policy["base-uri"] == {"'none'"}


def test_no_host_writes_no_host_files_and_a_change_of_host_removes_the_old_ones(
    tmp_path: Path,
) -> None:
    site = site_for(tmp_path, "netlify")
    out, _ = build(site)
    assert (out / "_headers").is_file()
    (site / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    build(site)
    assert not any((out / name).exists() for name in ("_headers", "_redirects", ".nojekyll"))


def test_an_unknown_host_is_a_located_error(tmp_path: Path) -> None:
    error = build_fails(site_for(tmp_path, "heroku"))
    assert messages(error) == [
        "site.yaml:9: error: 'host' must be one of: netlify, cloudflare, github, gitlab, "
        "apache, nginx, usb; found 'heroku'"
    ]


def test_build_host_option_overrides_site_yaml(tmp_path: Path) -> None:
    site = site_for(tmp_path, "netlify")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "sitegen",
            "build",
            "--site",
            site,
            "--out",
            out,
            "--host",
            "apache",
            "--now",
            "2026-11-22",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert (out / ".htaccess").is_file() and not (out / "_headers").exists()


def test_a_usb_copy_has_an_index_it_can_load_from_disk_and_no_pagefind(tmp_path: Path) -> None:
    out, result = build(site_for(tmp_path, "usb"))
    assert result.warnings == ()
    assert not (out / "pagefind").exists()
    script = (out / "assets/search-index.en.js").read_text("utf-8")
    prefix = "window.sitegenSearchIndex = "
    assert script.startswith(prefix)
    entries = json.loads(script[len(prefix) :].rstrip().rstrip(";"))
    assert {"t": "Staying safe", "u": "../advice/staying-safe/index.html"}.items() <= next(
        e for e in entries if e["t"] == "Staying safe"
    ).items()
    assert "Lock the door." in next(e["x"] for e in entries if e["t"] == "Staying safe")
    assert all(e["u"] != "index.html" for e in entries)  # not the search page itself
    search = BeautifulSoup((out / "en/search/index.html").read_text("utf-8"), "html.parser")
    scripts = [s["src"] for s in search.find_all("script")]
    assert "../../assets/search-index.en.js" in scripts
    assert (out / "assets/offline-search.js").is_file()
    policy = meta_policies(out)
    assert all("file:" in p["script-src"] for p in policy)  # 'self' matches nothing on disk


def test_cloudflare_refuses_more_redirects_than_it_follows() -> None:
    ref = SourceRef("content/a.md", 3)
    many = [Redirect(f"en/old-{n}/", "en/a/", "a", "en", ref) for n in range(1001)]
    with pytest.raises(SiteError) as caught:
        host_files("cloudflare", "/", many, set())
    assert [p.format() for p in caught.value.problems] == [
        "site.yaml: error: 1001 aliases make 2002 redirect rules: Cloudflare Pages follows at "
        "most 2000; remove old aliases no one uses any more"
    ]
    assert len(host_files("netlify", "/", many, set())) == 2  # Netlify has no such limit


def test_a_rule_longer_than_hosts_read_is_an_error() -> None:
    ref = SourceRef("content/a.md", 3)
    long = [Redirect("en/" + "x" * 2000 + "/", "en/a/", "a", "en", ref)]
    with pytest.raises(SiteError) as caught:
        host_files("netlify", "/", long, set())
    (problem,) = caught.value.problems
    assert problem.format().startswith(
        "site.yaml: error: _redirects: a line is longer than the 2000 characters hosts read: "
        "/en/xxxx"
    )
