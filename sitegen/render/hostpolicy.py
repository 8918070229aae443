"""What every host is asked to send with the site: the security headers and the cache rules.

The pages carry their own Content-Security-Policy as a `<meta>` (templates/base.html, and
search.html, which needs WebAssembly and `fetch` for its index). A header policy and a meta
policy are both enforced, so the header one is the union of the theme's page policies: it never
forbids what a page allows, and each page's meta keeps it as tight as that page needs. The header
adds what only a header can say: `frame-ancestors` (no one may frame the site).
"""

from __future__ import annotations

from sitegen.read.schemas import HOSTS

HEADER_HOSTS = ("netlify", "cloudflare", "apache", "nginx")
__all__ = ["HEADER_HOSTS", "HOSTS"]

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
    "connect-src 'self'; worker-src 'self'; img-src 'self' data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),  # frame-ancestors for browsers too old to read it
    (
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    ),
)

# Search index files are named by a hash of their content: a new index has new names, so they
# may be kept for a year. Everything else keeps its name when it changes: a few minutes only.
HASHED_FOLDERS = ("pagefind/fragment/", "pagefind/index/")
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300, must-revalidate"
