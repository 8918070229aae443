"""The cache and the worker processes change how fast a build is, never what it makes."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

import sitegen.incremental.cache
from sitegen.build import WarmState, build_site
from sitegen.errors import SiteError, SourceRef
from sitegen.incremental.cache import default_cache_dir
from tests.sitefixture import NOW, SITE_YAML, page, write_site


def many_pages(count: int) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"content/index.md": "---\ntitle: Home\n---\n[first](p0.md)\n"}
    for n in range(count):
        files[f"content/p{n}.md"] = (
            f"---\ntitle: Page {n}\n---\n## Part {n}\n\nText with a [link](p{(n + 1) % count}.md)."
            "\n\n<script>alert(1)</script>\n"
        )
        if n % 3 == 0:
            files[f"content/p{n}.ur.md"] = f"---\ntitle: صفحہ {n}\n---\nمتن، اردو میں\n"
    return files


def tree(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


def cold_tree(site: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a build without the cache makes of the site as it is now."""
    cold = tmp_path / "cold"
    build_site(site, cold, now=NOW, use_cache=False)
    return tree(cold)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", many_pages(80))


@pytest.fixture(autouse=True)
def _settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust a file's stamp however recently it changed: these fixtures are written just before
    their builds, and what is remembered is the point here (the margin has a test of its own:
    `test_a_file_changed_twice_in_one_tick_of_the_clock_is_not_taken_for_unchanged`)."""
    monkeypatch.setattr(sitegen.incremental.cache, "SETTLED_NS", 0)


def test_cached_build_gives_the_same_bytes_as_a_cold_build(site: Path, tmp_path: Path) -> None:
    cold = tmp_path / "cold"
    build_site(site, cold, now=NOW, use_cache=False)
    warm = tmp_path / "warm"
    first = build_site(site, warm, now=NOW)
    second = build_site(site, warm, now=NOW)
    assert tree(warm) == tree(cold)
    assert first.warnings == second.warnings  # problems found while parsing are kept too
    assert first.warnings  # the <script> removals
    assert default_cache_dir(site, warm).is_dir()
    assert not default_cache_dir(site, cold).exists()


def test_corrupt_cache_is_ignored(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    expected = tree(out)
    entries = [p for p in default_cache_dir(site, out).rglob("*") if p.is_file()]
    assert entries
    for number, entry in enumerate(entries):
        entry.write_bytes(b"" if number % 2 else b"\x80\x04garbage")
    build_site(site, out, now=NOW)
    assert tree(out) == expected


def test_an_edit_is_never_hidden_by_the_cache(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    (site / "content/p5.md").write_text("---\ntitle: Page five, edited\n---\nNew words.\n")
    build_site(site, out, now=NOW)
    html = (out / "en/p5/index.html").read_text()
    assert "New words." in html and "Page five, edited" in html


def test_worker_processes_give_the_same_bytes_as_one(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITEGEN_WORKERS", "1")
    build_site(site, tmp_path / "one", now=NOW, use_cache=False)
    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    build_site(site, tmp_path / "two", now=NOW, use_cache=False)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert os.environ["SITEGEN_WORKERS"] == "2"


def count_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each page template render (in this process: one worker)."""
    import sitegen.render.pages

    rendered: list[str] = []
    real = sitegen.render.pages.render_template

    def counting(env, name, context, theme, page, lang):  # type: ignore[no-untyped-def]
        rendered.append(f"{lang}:{page}")
        return real(env, name, context, theme, page, lang)

    monkeypatch.setattr(sitegen.render.pages, "render_template", counting)
    monkeypatch.setenv("SITEGEN_WORKERS", "1")
    return rendered


def test_a_one_page_edit_renders_only_that_page_again(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    rendered = count_renders(monkeypatch)
    build_site(site, out, now=NOW)
    assert sorted(rendered) == ["en:404.html", "en:index.html"]  # the chooser and the 404 page

    rendered.clear()
    (site / "content/p5.md").write_text(
        "---\ntitle: Page 5\n---\n## Part 5\n\nNew text with a [link](p6.md).\n"
    )
    build_site(site, out, now=NOW)
    assert sorted(rendered) == ["en:404.html", "en:index.html", "en:p5", "pl:p5", "ur:p5"]

    rendered.clear()
    (site / "content/p5.md").write_text("---\ntitle: A new title\n---\nText.\n")
    build_site(site, out, now=NOW)  # a title shows in lists and menus: every page again
    assert len(rendered) == 2 + 3 * (80 + 1)
    assert tree(out) == cold_tree(site, tmp_path)


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each Markdown file parsed (in this process: one worker)."""
    import sitegen.content.doc
    import sitegen.content.parse
    import sitegen.content.parsefile

    parsed: list[str] = []
    real = sitegen.content.parsefile.parse_file

    def counting(source, config, problems, raw=None):  # type: ignore[no-untyped-def]
        parsed.append(source.rel)
        return real(source, config, problems, raw)

    # Called through the index (parse) and when a stored body is gone or a file stands alone (doc).
    monkeypatch.setattr(sitegen.content.parse, "parse_file", counting)
    monkeypatch.setattr(sitegen.content.doc, "parse_file", counting)
    monkeypatch.setenv("SITEGEN_WORKERS", "1")
    return parsed


def test_unchanged_files_are_not_parsed_again(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    parsed = count_parses(monkeypatch)
    build_site(site, out, now=NOW)
    assert parsed == []
    (site / "content/p7.md").write_text("---\ntitle: Page 7\n---\nOther words.\n")
    build_site(site, out, now=NOW)
    assert parsed == ["p7.md"]


def test_an_edit_keeping_size_and_time_is_still_seen(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    page = site / "content/p3.md"
    before = page.stat()
    page.write_text(page.read_text().replace("Part 3", "Trap 3"))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert page.stat().st_size == before.st_size
    build_site(site, out, now=NOW)
    assert "Trap 3" in (out / "en/p3/index.html").read_text()


def test_bodies_lost_from_the_cache_are_made_again(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    expected = tree(out)
    packs = list(default_cache_dir(site, out).rglob("pack-*"))
    assert packs
    for pack in packs:
        pack.unlink()
    (site / "content/p2.md").write_text("---\ntitle: Page 2\n---\nChanged, so pages render.\n")
    build_site(site, out, now=NOW)
    (site / "content/p2.md").write_text(many_pages(80)["content/p2.md"])  # type: ignore[arg-type]
    build_site(site, out, now=NOW)
    assert tree(out) == expected


def test_a_body_changed_inside_its_pack_is_made_again(site: Path, tmp_path: Path) -> None:
    """A pack whose bytes changed but still unpickle (a flipped letter) is not trusted."""
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    expected = tree(out)
    changed = 0
    for pack in default_cache_dir(site, out).rglob("pack-*"):
        data = pack.read_bytes()
        changed += data.count(b"Part 3")
        pack.write_bytes(data.replace(b"Part 3", b"Trap 3"))
    assert changed
    shutil.rmtree(out)  # so every page is rendered from the bodies in the packs
    build_site(site, out, now=NOW)
    assert tree(out) == expected


def test_a_cold_build_packs_many_bodies_into_each_cache_file(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    packs = list(default_cache_dir(site, out).rglob("pack-*"))
    assert 0 < len(packs) <= len(many_pages(80)) // 4


def test_packs_holding_no_body_in_use_are_deleted(tmp_path: Path) -> None:
    pages = {name: text for name, text in many_pages(80).items() if ".ur." not in name}
    site = write_site(tmp_path / "site", pages)
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    cache = default_cache_dir(site, out)
    first = {p.name for p in cache.rglob("pack-*")}
    for name in pages:  # every page changed: no body of the first build is used any more
        (site / name).write_text(f"---\ntitle: {name}\n---\nChanged {name}.\n")
    build_site(site, out, now=NOW)
    second = {p.name for p in cache.rglob("pack-*")}
    assert first and second and not first & second
    shutil.rmtree(out)  # what is left serves a build that renders every page again
    build_site(site, out, now=NOW)
    assert "Changed content/p7.md." in (out / "en/p7/index.html").read_text()


def test_an_output_file_changed_by_hand_is_written_again(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    expected = tree(out)
    (out / "en/p4/index.html").write_bytes(b"edited by hand")
    (out / "ur/p3/index.html").unlink()
    build_site(site, out, now=NOW)
    assert tree(out) == expected


def record_calls(
    monkeypatch: pytest.MonkeyPatch, calls: list[Any], *places: tuple[object, str]
) -> None:
    """Make a function, under each of its names, record its first argument before its work."""
    module, name = places[0]
    real = getattr(module, name)

    def recording(first: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(first)
        return real(first, *args, **kwargs)

    for module, name in places:
        monkeypatch.setattr(module, name, recording)


def test_the_sitemap_is_made_again_only_when_what_it_lists_changes(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitegen.render.seo

    made: list[object] = []
    record_calls(monkeypatch, made, (sitegen.render.seo, "sitemap_xml"))
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    assert len(made) == 1
    (site / "content/p5.md").write_text("---\ntitle: Page 5\n---\n## Part 5\n\nOther words.\n")
    build_site(site, out, now=NOW)
    assert len(made) == 1  # a page's words: the sitemap is kept
    (site / "content/p5.md").write_text("---\ntitle: Page 5\nupdated: 2026-10-02\n---\nWords.\n")
    build_site(site, out, now=NOW)
    assert len(made) == 2
    assert "<lastmod>2026-10-02</lastmod>" in (out / "sitemap.xml").read_text()
    (site / "content/p6.pl.md").write_text("---\ntitle: Strona 6\n---\nTekst.\n")
    build_site(site, out, now=NOW)
    assert len(made) == 3  # a new translation: a new entry
    (out / "sitemap.xml").write_text("edited by hand")
    build_site(site, out, now=NOW)
    assert len(made) == 4
    assert tree(out) == cold_tree(site, tmp_path)


def test_a_build_lists_the_output_folder_once_and_stamps_only_what_it_wrote(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitegen.build
    import sitegen.output.files
    import sitegen.output.write

    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    listed: list[Path] = []
    stamped: list[Path] = []
    record_calls(
        monkeypatch, listed, (sitegen.build, "list_output"), (sitegen.output.write, "list_output")
    )
    record_calls(monkeypatch, stamped, (sitegen.output.files, "_file_stamp"))
    (site / "content/p5.md").write_text("---\ntitle: Page 5\n---\n## Part 5\n\nOther words.\n")
    build_site(site, out, now=NOW)
    assert listed == [out]
    assert sorted(p.relative_to(out).as_posix() for p in stamped) == [
        "en/p5/index.html",
        "pl/p5/index.html",
        "ur/p5/index.html",
    ]
    assert tree(out) == cold_tree(site, tmp_path)


def file_identities(out: Path) -> dict[str, tuple[bytes, int, int]]:
    return {
        path: (data, (out / path).stat().st_ino, (out / path).stat().st_mtime_ns)
        for path, data in tree(out).items()
    }


def test_pages_made_again_with_the_same_bytes_keep_their_files(site: Path, tmp_path: Path) -> None:
    """Pages are written as they are rendered; one the same as before still keeps its file.

    The new files are attachments, which no page lists: a new page would change every page's
    menu (and only the PDF leaflets, with the optional pdf extra, would stay the same).
    """
    out = tmp_path / "out"
    build_site(site, out, now=NOW, use_cache=False)
    before = file_identities(out)
    pages = [path for path in before if path.endswith(".html")]
    assert len(pages) > 200
    (site / "content/files").mkdir()
    for n in range(60):  # more new files than are ever changed in place (see fits_in_place)
        (site / "content/files" / f"notice-{n}.txt").write_text(f"Notice {n}\n")
    build_site(site, out, now=NOW, use_cache=False)  # every page rendered again
    after = file_identities(out)
    same = [path for path, (data, _, _) in before.items() if after.get(path, (b"",))[0] == data]
    assert set(pages) <= set(same)
    assert all(after[path] == before[path] for path in same)  # same inode, same time
    assert "files/notice-59.txt" in after
    assert siblings_of(out) == []


def siblings_of(out: Path) -> list[str]:
    """What sitegen left beside `out` but its lock file, which stays (see `output.lock`)."""
    names = (p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))
    return sorted(name for name in names if name != f".{out.name}.sitegen-lock")


def test_a_page_failing_after_others_were_written_leaves_the_old_output(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitegen.render.pages

    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    before = file_identities(out)
    (site / "templates").mkdir()
    (site / "templates" / "base.html").write_text(
        (Path(__file__).parent.parent / "templates" / "base.html").read_text(encoding="utf-8")
        + "\n"
    )  # every page changes
    real = sitegen.render.pages.render_template

    def failing(env, name, context, theme, page, lang):  # type: ignore[no-untyped-def]
        if page == "p40":
            raise SiteError.at(SourceRef("templates/page.html", 3), "broken for this page")
        return real(env, name, context, theme, page, lang)

    monkeypatch.setattr(sitegen.render.pages, "render_template", failing)
    monkeypatch.setenv("SITEGEN_WORKERS", "1")
    with pytest.raises(SiteError) as info:
        build_site(site, out, now=NOW)
    # Once for the place, however many languages of the page failed there.
    assert str(info.value) == "templates/page.html:3: error: broken for this page, and 2 more times"
    assert file_identities(out) == before
    assert siblings_of(out) == []


def test_a_page_that_cannot_be_written_is_named(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitegen.render.pages

    real = sitegen.render.pages.stage_file

    def full_disk(staging: Path, path: str, data: bytes) -> Path:
        if path == "ur/p6/index.html":
            raise OSError(28, "No space left on device")
        return real(staging, path, data)

    monkeypatch.setattr(sitegen.render.pages, "stage_file", full_disk)
    monkeypatch.setenv("SITEGEN_WORKERS", "1")
    out = tmp_path / "out"
    with pytest.raises(SiteError) as info:
        build_site(site, out, now=NOW)
    assert str(info.value) == (
        "content/p6.ur.md: error: cannot write ur/p6/index.html in the output folder: "
        "No space left on device"
    )
    assert not out.exists()
    assert siblings_of(out) == []


def test_a_template_edit_renders_again_only_the_pages_that_use_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = many_pages(6)
    files["content/statements/calm/index.md"] = "---\ntitle: Calm\ndate: 2026-11-01\n---\nWe.\n"
    site = write_site(tmp_path / "site", files)
    theme_statement = Path(__file__).parent.parent / "templates" / "statement.html"
    override = site / "templates" / "statement.html"
    override.parent.mkdir()
    override.write_text(theme_statement.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    rendered = count_renders(monkeypatch)
    override.write_text(override.read_text(encoding="utf-8") + "{# edited #}\n", encoding="utf-8")
    build_site(site, out, now=NOW)
    pages = sorted(r for r in rendered if not r.endswith(".html"))
    assert pages == ["en:statements/calm", "pl:statements/calm", "ur:statements/calm"]

    rendered.clear()
    base = site / "templates" / "base.html"
    base.write_text((theme_statement.parent / "base.html").read_text(encoding="utf-8") + "\n")
    build_site(site, out, now=NOW)  # every page template extends base.html
    assert len([r for r in rendered if not r.endswith(".html")]) == 3 * (6 + 1 + 2)
    assert tree(out) == cold_tree(site, tmp_path)


def test_a_small_change_writes_only_the_index_changes(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitegen.content.parseindex import INDEX_CHANGES_NAME, INDEX_NAME
    from sitegen.incremental.cache import Cache

    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    cache = Cache(default_cache_dir(site, out))
    base = cache.path_of(INDEX_NAME).stat()
    (site / "content/p7.md").write_text("---\ntitle: Page 7\n---\nOther words.\n")
    build_site(site, out, now=NOW)
    assert cache.path_of(INDEX_NAME).stat().st_mtime_ns == base.st_mtime_ns
    assert cache.path_of(INDEX_CHANGES_NAME).is_file()
    parsed = count_parses(monkeypatch)
    build_site(site, out, now=NOW)
    assert parsed == []  # the base and its changes together know every file
    for n in range(40):  # many changes: a new base, without the outcomes no longer used
        (site / f"content/p{n}.md").write_text(f"---\ntitle: Page {n}\n---\nChanged {n}.\n")
    build_site(site, out, now=NOW)
    assert cache.path_of(INDEX_NAME).stat().st_mtime_ns != base.st_mtime_ns
    parsed.clear()
    build_site(site, out, now=NOW)
    assert parsed == []


def test_a_changed_setting_parses_unchanged_files_again(tmp_path: Path) -> None:
    files = many_pages(3)
    files["content/raw.md"] = "---\ntitle: Raw\n---\nSome <b>bold</b> words.\n"
    site = write_site(tmp_path / "site", files)
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    assert "<b>bold</b>" in (out / "en/raw/index.html").read_text()
    settings = site / "site.yaml"
    settings.write_text(settings.read_text() + "raw_html: false\n")
    build_site(site, out, now=NOW)
    assert "&lt;b&gt;bold&lt;/b&gt;" in (out / "en/raw/index.html").read_text()


def cache_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the name of each cache file read from disk from now on."""
    import sitegen.incremental.cache

    reads: list[str] = []
    real_read = sitegen.incremental.cache.read_record

    def counting_read(path, *args):  # type: ignore[no-untyped-def]
        reads.append(Path(path).name)
        return real_read(path, *args)

    monkeypatch.setattr(sitegen.incremental.cache, "read_record", counting_read)
    return reads


def test_a_warm_process_makes_the_same_bytes_as_cold_builds(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the dev server builds: one process, one WarmState, edit after edit."""
    warm = WarmState()
    out = tmp_path / "out"
    build_site(site, out, now=NOW, warm=warm)
    reads = cache_reads(monkeypatch)
    base = Path(__file__).parent.parent / "templates" / "base.html"
    edits = [
        lambda: (site / "content/p3.md").write_text("---\ntitle: Page 3\n---\nNew words.\n"),
        lambda: (site / "content/p90.md").write_text("---\ntitle: New\n---\n[back](p3.md)\n"),
        lambda: (site / "content/p5.md").unlink(),  # p4 links to it: this build fails
        lambda: (site / "content/p4.md").write_text("---\ntitle: Four\n---\nNo link.\n"),
        lambda: (site / "content/p7.ur.md").write_text("---\ntitle: نیا\n---\nنیا متن\n"),
        lambda: (site / "templates").mkdir(),
        lambda: (site / "templates/base.html").write_text(base.read_text() + "<!-- x -->\n"),
    ]
    for number, edit in enumerate(edits):
        edit()
        if number == 2:
            with pytest.raises(SiteError):
                build_site(site, out, now=NOW, warm=warm)
            continue
        build_site(site, out, now=NOW, warm=warm)
        cold = tmp_path / f"cold{number}"
        build_site(site, cold, now=NOW, use_cache=False)
        assert tree(out) == tree(cold), number
    # The parse index and the output record were never read again: they were remembered.
    assert not [name for name in reads if name.startswith(("parsed-index", "output-record"))]
    assert siblings_of(out) == []


def test_a_warm_process_notices_its_files_changed_by_others(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warm = WarmState()
    out = tmp_path / "out"
    build_site(site, out, now=NOW, warm=warm)
    expected = tree(out)
    shutil.rmtree(out)  # the output folder, gone
    build_site(site, out, now=NOW, warm=warm)
    assert tree(out) == expected

    # Another process rewrote the cache with an older state of one page.
    (site / "content/p2.md").write_text("---\ntitle: Two\n---\nOld.\n")
    other = tmp_path / "other"
    build_site(site, out, now=NOW)  # not the warm process: its own reading of the cache
    (site / "content/p2.md").write_text("---\ntitle: Two\n---\nNew.\n")
    reads = cache_reads(monkeypatch)
    build_site(site, out, now=NOW, warm=warm)
    assert "parsed-index-changes" in reads  # what the other process wrote is read, not assumed
    monkeypatch.undo()
    build_site(site, other, now=NOW, use_cache=False)
    assert tree(out) == tree(other)
    shutil.rmtree(default_cache_dir(site, out))  # the cache, gone
    (site / "content/p2.md").write_text("---\ntitle: Two\n---\nNewer.\n")
    build_site(site, out, now=NOW, warm=warm)
    build_site(site, other, now=NOW, use_cache=False)
    assert tree(out) == tree(other)


def test_names_many_pages_repeat_are_kept_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Front matter keys, ids and link targets are shared objects in the index (memory)."""
    from sitegen.content.parseindex import ParseIndex
    from sitegen.incremental.cache import Cache

    monkeypatch.setenv("SITEGEN_WORKERS", "1")  # one process: every page parsed in this one
    page = "---\ntitle: Page {n}\nsummary: About {n}\n---\n## Notes\n\nSee [help](help.md).\n"
    files: dict[str, str | bytes] = {f"content/p{n}.md": page.format(n=n) for n in range(5)}
    files["content/help.md"] = "---\ntitle: Help\n---\nHelp.\n"
    site = write_site(tmp_path / "site", files)
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    index = ParseIndex.load(Cache(default_cache_dir(site, out)))
    parsed = [found for found, _ in index.outcomes.values() if found and found.body.links]
    assert len(parsed) == 5
    assert len({id(key) for p in parsed for key in [*p.meta.values, *p.meta.lines]}) == 2
    assert len({id(link.target) for p in parsed for link in p.body.links}) == 1
    assert len({id(name) for p in parsed for name in p.body.ids}) == 1
    assert len({id(heading[2]) for p in parsed for heading in p.body.headings}) == 1


DIRECTORY = """\
title: Who to call
entries:
  - id: police
    name: Police
    phone: "101"
    when: Report a crime
  - id: helpline
    name: Helpline
    phone: "0800 1111"
    when: Talk to someone
"""
ORGANISATION = "organisation:\n  name: Test Group\n"


def test_a_directory_edit_renders_again_only_the_pages_showing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = many_pages(6)
    files["content/contacts/help.yaml"] = DIRECTORY
    files["content/contacts/other.yaml"] = DIRECTORY.replace("Who to call", "Other")
    files["content/p2.md"] = "---\ntitle: Page 2\ncontacts: [help]\n---\nCall them.\n"
    files["content/p3.md"] = "---\ntitle: Page 3\ncontacts: [other]\n---\nOr them.\n"
    site = write_site(tmp_path / "site", files, SITE_YAML + ORGANISATION)
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    home = page(out, "en/index.html")
    # The organisation's JSON-LD is its own details, not the services in the directories.
    assert "Report a crime" not in home.select_one('script[type="application/ld+json"]').text
    assert not page(out, "en/p1/index.html").select('script[type="application/ld+json"]')
    rendered = count_renders(monkeypatch)
    directory = site / "content/contacts/help.yaml"
    directory.write_text(DIRECTORY.replace("Report a crime", "Report a crime or incident"))
    build_site(site, out, now=NOW)
    pages = {r.split(":")[1] for r in rendered if not r.endswith(".html")}
    assert pages == {"contacts/help", "p2"}
    assert "or incident" in (out / "ur/p2/index.html").read_text()

    rendered.clear()
    directory.write_text(DIRECTORY.replace("Who to call", "Numbers to call"))
    build_site(site, out, now=NOW)  # a title shows in lists and menus: every page again
    pages = {r.split(":")[1] for r in rendered if not r.endswith(".html")}
    assert pages == {"", "contacts", "contacts/help", "contacts/other"} | {
        f"p{n}" for n in range(6)
    }
    assert tree(out) == cold_tree(site, tmp_path)


def test_a_cache_that_cannot_be_written_only_costs_time(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the cache folder cannot be made (a file stands in its way), builds still succeed."""
    expected = cold_tree(site, tmp_path)
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "sitegen").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    build_site(site, out, now=NOW)
    assert tree(out) == expected
    assert (blocked / "sitegen").read_text() == "not a folder"


def test_a_new_index_sweeps_away_what_the_cache_no_longer_uses(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    cache = default_cache_dir(site, out)
    old_body = cache / "ab" / ("ab" + "0" * 62 + "-body")  # what sitegen 0.1 kept per page
    old_entry = cache / "cd" / ("cd" + "1" * 62)  # a directory as it was three edits ago
    leftover = cache / "ab" / ".tmp-999-1"  # a write that was killed
    for path in (old_body, old_entry, leftover):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"stale")
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    fresh = cache / "ef" / ("ef" + "2" * 62)  # written a moment ago: maybe another build's
    fresh.parent.mkdir(exist_ok=True)
    fresh.write_bytes(b"new")
    (site / "content/p1.md").write_text("---\ntitle: Page 1\n---\nA small change.\n")
    build_site(site, out, now=NOW)  # a few changes: the index's base stays, nothing is swept
    assert old_body.exists()
    for path in cache.rglob("*"):  # as if every entry were old: what is used must stay
        if path.is_file() and path != fresh:
            os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    for n in range(40):  # many changes: a new base, and a sweep
        (site / f"content/p{n}.md").write_text(f"---\ntitle: Page {n}\n---\nChanged {n}.\n")
    reads = cache_reads(monkeypatch)
    os.utime(fresh)  # "a moment ago" as the sweeping build starts, however slow the machine
    build_site(site, out, now=NOW)
    assert reads and all(list(cache.rglob(name)) for name in reads)  # what it read is kept
    assert not old_body.exists() and not old_entry.exists() and not leftover.exists()
    assert fresh.exists()
    assert (cache / "jinja").is_dir() and any((cache / "jinja").iterdir())
    parsed = count_parses(monkeypatch)
    rendered = count_renders(monkeypatch)
    build_site(site, out, now=NOW)  # what the build uses was kept
    assert parsed == []
    assert sorted(rendered) == ["en:404.html", "en:index.html"]


def test_an_upgraded_library_reads_and_renders_again_what_it_shapes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache's keys name the versions of Python-Markdown, nh3, PyYAML, phonenumbers and
    Jinja2: another version may read the same bytes differently (a number's shape, a cleaned
    tag), and what the old one made must not be kept."""
    import sitegen.content.parsefile
    import sitegen.render.pages
    import sitegen.site.directoryfiles

    files = many_pages(4)
    files["content/contacts/help.yaml"] = DIRECTORY
    site = write_site(tmp_path / "site", files, SITE_YAML + ORGANISATION)
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    parsed = count_parses(monkeypatch)
    directories: list[object] = []
    record_calls(monkeypatch, directories, (sitegen.site.directoryfiles, "load_directory"))
    rendered = count_renders(monkeypatch)
    build_site(site, out, now=NOW)
    assert (parsed, directories) == ([], [])
    assert sorted(rendered) == ["en:404.html", "en:index.html"]

    libraries = "Python-Markdown 99.0, nh3 99.0, PyYAML 9"
    monkeypatch.setattr(sitegen.content.parsefile, "_LIBRARIES", libraries)
    build_site(site, out, now=NOW)
    assert sorted(parsed) == sorted(p.removeprefix("content/") for p in files if p.endswith(".md"))
    assert directories == []

    directory_libraries = "phonenumbers 99.0, PyYAML 9"
    monkeypatch.setattr(sitegen.site.directoryfiles, "DIRECTORY_LIBRARIES", directory_libraries)
    build_site(site, out, now=NOW)
    assert len(directories) == 1

    rendered.clear()
    monkeypatch.setattr(sitegen.render.pages, "RENDER_LIBRARIES", "Jinja2 99.0, phonenumbers 99.0")
    build_site(site, out, now=NOW)
    assert {r.split(":")[1] for r in rendered if not r.endswith(".html")} == {
        "",
        "contacts",
        "contacts/help",
        "p0",
        "p1",
        "p2",
        "p3",
    }
    assert tree(out) == cold_tree(site, tmp_path)


def test_a_file_changed_twice_in_one_tick_of_the_clock_is_not_taken_for_unchanged(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system whose clock ticks once a second (HFS+, ext3; FAT: two), a file saved
    twice in one tick, at the same size, keeps its stamp: a stamp that recent is not kept."""
    import sitegen.content.parse

    ticking = time.time_ns() + 60_000_000_000  # this file system's clock: stuck, in the future

    def coarse_stamp(path: str) -> tuple[int, int, int, int] | None:
        info = os.stat(path)
        return (info.st_size, ticking, ticking, info.st_ino)

    monkeypatch.setattr(sitegen.content.parse, "_stamp", coarse_stamp)
    monkeypatch.setattr(sitegen.incremental.cache, "SETTLED_NS", 2_000_000_000)
    out = tmp_path / "out"
    build_site(site, out, now=NOW)
    page_file = site / "content/p5.md"
    for number in ("0800 789 321", "0800 789 322"):  # the same size
        page_file.write_text(f"---\ntitle: Page 5\n---\nCall {number}.\n")
        build_site(site, out, now=NOW)
        assert number in (out / "en/p5/index.html").read_text()
    assert tree(out) == cold_tree(site, tmp_path)
