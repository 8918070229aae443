"""The files a host needs beside the site: headers, redirects and cache rules in its own format.

- Netlify and Cloudflare Pages: `_headers` and `_redirects` (kept within their limits);
- Apache: `.htaccess` (and one in each hashed folder, for its long cache);
- nginx: `nginx-sitegen.conf`, a snippet to `include` in the site's `server` block;
- GitHub and GitLab Pages, which cannot set headers: `.nojekyll` (the pages already carry their
  policy and referrer rule as `<meta>`), and a redirect page at each old address.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from sitegen.errors import SiteError, SourceRef
from sitegen.output.files import OutputFile
from sitegen.render.hostpolicy import (
    HASHED_FOLDERS,
    LONG_CACHE,
    SECURITY_HEADERS,
    SHORT_CACHE,
)
from sitegen.site.aliases import Redirect

# Cloudflare Pages reads at most 100 header rules and 2,000 static redirects (Netlify's limits
# are wider); a line may be at most 2,000 characters.
CLOUDFLARE_REDIRECTS = 2000
MAX_LINE = 2000
NGINX_SNIPPET = "nginx-sitegen.conf"


def host_files(
    host: str, base_path: str, redirects: Sequence[Redirect], paths: Collection[str]
) -> list[OutputFile]:
    """Return the host's own files for a site published at `base_path` ("/" or "/group/"),
    whose output holds `paths`."""
    has_404 = "404.html" in paths
    hashed = [f for f in HASHED_FOLDERS if any(path.startswith(f) for path in paths)]
    if host in ("netlify", "cloudflare"):
        rules = netlify_redirects(base_path, redirects)
        count = sum(1 for line in rules.splitlines() if not line.startswith("#"))
        if host == "cloudflare" and count > CLOUDFLARE_REDIRECTS:
            raise SiteError.at(
                SourceRef("site.yaml"),
                f"{len(redirects)} aliases make {count} redirect rules: Cloudflare Pages "
                f"follows at most {CLOUDFLARE_REDIRECTS}; remove old aliases no one uses any more",
            )
        return [_file("_headers", netlify_headers(base_path, hashed)), _file("_redirects", rules)]
    if host == "apache":
        files = [_file(".htaccess", htaccess(base_path, redirects, has_404))]
        files += [_file(f"{folder}.htaccess", _apache_long_cache()) for folder in hashed]
        return files
    if host == "nginx":
        return [_file(NGINX_SNIPPET, nginx_snippet(base_path, redirects, has_404, hashed))]
    if host == "gitlab":
        return [
            _file(".nojekyll", ""),
            _file("_redirects", netlify_redirects(base_path, redirects)),
        ]
    if host == "github":
        return [_file(".nojekyll", "")]
    return []


def _file(path: str, text: str) -> OutputFile:
    return OutputFile(path, text.encode("utf-8"), None)


def netlify_headers(base_path: str, hashed: Sequence[str] = HASHED_FOLDERS) -> str:
    """Return `_headers` (Netlify's and Cloudflare's format): security for every path, a long
    cache for the hashed folders. Pages keep the hosts' default cache, which revalidates every
    time (a second rule for `/*` would be joined to this one, not replace it)."""
    lines = [f"{base_path}*"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS]
    for folder in hashed:
        lines += [f"{base_path}{folder}*", f"  Cache-Control: {LONG_CACHE}"]
    _check_lines(lines, "_headers")
    return "\n".join(lines) + "\n"


def netlify_redirects(base_path: str, redirects: Iterable[Redirect]) -> str:
    """Return `_redirects`: one permanent redirect a line, the old address with and without
    its closing slash."""
    lines = ["# Old addresses of moved pages (aliases: in their front matter)."]
    for redirect in redirects:
        old, new = f"{base_path}{redirect.old}", f"{base_path}{redirect.new}"
        lines.append(f"{old} {new} 301")
        if old.endswith("/"):
            lines.append(f"{old.rstrip('/')} {new} 301")
    _check_lines(lines, "_redirects")
    return "\n".join(lines) + "\n"


def htaccess(base_path: str, redirects: Iterable[Redirect], has_404: bool) -> str:
    """Return the site's `.htaccess` for Apache (mod_headers; mod_alias for redirects)."""
    lines = ["# Written by sitegen for Apache: security headers, cache rules, old addresses."]
    lines.append("AddDefaultCharset utf-8")
    if has_404:
        lines.append(f"ErrorDocument 404 {base_path}404.html")
    lines.append("<IfModule mod_headers.c>")
    lines += [f'  Header always set {name} "{value}"' for name, value in SECURITY_HEADERS]
    lines.append(f'  Header set Cache-Control "{SHORT_CACHE}"')
    lines.append("</IfModule>")
    for redirect in redirects:  # the old address exactly, with or without its closing slash
        old = _regex(f"{base_path}{redirect.old}".rstrip("/"))
        lines.append(f"RedirectMatch 301 ^{old}/?$ {base_path}{redirect.new}")
    return "\n".join(lines) + "\n"


def _apache_long_cache() -> str:
    return f'<IfModule mod_headers.c>\n  Header set Cache-Control "{LONG_CACHE}"\n</IfModule>\n'


def nginx_snippet(
    base_path: str,
    redirects: Iterable[Redirect],
    has_404: bool,
    hashed: Sequence[str] = HASHED_FOLDERS,
) -> str:
    """Return a snippet for nginx's `server` block. nginx drops a block's `add_header` lines in
    any `location` that has its own, so each location repeats the security headers."""
    security = [f'add_header {name} "{value}" always;' for name, value in SECURITY_HEADERS]
    lines = [
        "# Written by sitegen. In the site's server { } block, after `root`:",
        f"#   include {NGINX_SNIPPET};  (with the path to this file)",
        "charset utf-8;",
        *security,
        f'add_header Cache-Control "{SHORT_CACHE}" always;',
    ]
    if has_404:
        lines.append(f"error_page 404 {base_path}404.html;")
    for folder in hashed:
        lines.append(f"location ^~ {base_path}{folder} {{")
        lines += [f"    {line}" for line in security]
        lines.append(f'    add_header Cache-Control "{LONG_CACHE}" always;')
        lines.append("}")
    for redirect in redirects:
        old = f"{base_path}{redirect.old}".rstrip("/")
        lines.append(f"location ~ ^{_regex(old)}/?$ {{ return 301 {base_path}{redirect.new}; }}")
    return "\n".join(lines) + "\n"


def _regex(path: str) -> str:
    """Escape a path for a regular expression (Apache's and nginx's are both PCRE)."""
    return "".join(f"\\{char}" if char in ".+*?()[]{}|^$\\" else char for char in path)


def _check_lines(lines: Sequence[str], name: str) -> None:
    long = [line for line in lines if len(line) > MAX_LINE]
    if long:
        raise SiteError.at(
            SourceRef("site.yaml"),
            f"{name}: a line is longer than the {MAX_LINE} characters hosts read: {long[0][:60]}",
        )
