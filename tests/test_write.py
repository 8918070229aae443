"""Tests for the write stage: refused output folders, unsafe paths, atomic swap, reuse."""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

import pytest

from sitegen.errors import SiteError, SourceRef
from sitegen.output import inplace, staging
from sitegen.output.checks import check_output_dir, check_output_paths
from sitegen.output.files import MARKER_NAME, MARKER_TEXT, OutputFile, WriteStats
from sitegen.output.write import write_site

ADVICE = "choose a new or empty folder such as `public` inside the site folder"


def out_file(path: str, data: bytes = b"x", source: str | None = "content/a.md") -> OutputFile:
    return OutputFile(path, data, SourceRef(source, 1) if source else None)


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Map every entry below `folder` to its bytes (files) or link target (symbolic links)."""
    found: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in filenames + dirnames:
            path = Path(dirpath, name)
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[rel] = "-> " + os.readlink(path)
            elif path.is_file():
                found[rel] = path.read_bytes()
    return found


def siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    folder = tmp_path / "site"
    (folder / "content").mkdir(parents=True)
    return folder


def refusal(out_dir: Path, site_dir: Path) -> tuple[str, str]:
    with pytest.raises(SiteError) as info:
        check_output_dir(out_dir, site_dir)
    (problem,) = info.value.problems
    return problem.ref.path, problem.message


# --- check_output_dir ---------------------------------------------------------------------


def test_refuses_the_site_folder(site: Path) -> None:
    assert refusal(site, site) == (
        site.resolve().as_posix(),
        f"the output folder is the site folder itself; {ADVICE}",
    )


def test_refuses_a_parent_of_the_site_folder(site: Path) -> None:
    assert refusal(site.parent, site) == (
        site.parent.resolve().as_posix(),
        "the output folder contains the site folder, and sitegen replaces the output folder "
        f"on every build; {ADVICE}",
    )


def test_refuses_the_home_folder(site: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert refusal(home, site) == (
        home.resolve().as_posix(),
        f"the output folder is your home folder; {ADVICE}",
    )


def test_refuses_a_folder_containing_the_home_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "users" / "amina"))
    site = tmp_path / "elsewhere" / "site"
    site.mkdir(parents=True)
    path, message = refusal(tmp_path / "users", site)
    assert path == (tmp_path / "users").resolve().as_posix()
    assert message == f"the output folder contains your home folder; {ADVICE}"


def test_refuses_the_filesystem_root(site: Path) -> None:
    assert refusal(Path("/"), site) == ("/", f"the output folder is the filesystem root; {ADVICE}")


def test_refuses_a_foreign_non_empty_folder(site: Path) -> None:
    (site / "public").mkdir()
    (site / "public" / "notes.txt").write_text("mine")
    assert refusal(site / "public", site) == (
        "public",
        "the output folder already exists, is not empty and was not made by sitegen "
        "(it has no .sitegen-output file); choose an empty folder or delete it yourself",
    )


def test_refuses_a_file(site: Path) -> None:
    (site / "public").write_text("not a folder")
    assert refusal(site / "public", site) == (
        "public",
        "the output folder is a file, not a folder; choose another name or delete the file",
    )


def test_refuses_a_symbolic_link(site: Path, tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (site / "public").symlink_to(tmp_path / "real")
    path, message = refusal(site / "public", site)
    assert path == (tmp_path / "real").resolve().as_posix()
    assert message == (
        "the output folder is a symbolic link; sitegen replaces the output folder on every "
        "build, so give the real folder instead of the link"
    )


def test_names_where_the_output_folder_was_set(site: Path) -> None:
    with pytest.raises(SiteError) as info:
        check_output_dir(site, site, origin=SourceRef("site.yaml", 4))
    assert str(info.value) == (
        f"site.yaml:4: error: the output folder is the site folder itself; {ADVICE}"
    )


def test_accepts_new_empty_and_own_folders(site: Path, tmp_path: Path) -> None:
    check_output_dir(site / "public", site)
    (site / "empty").mkdir()
    check_output_dir(site / "empty", site)
    (tmp_path / "built").mkdir()
    (tmp_path / "built" / MARKER_NAME).write_text("made by sitegen")
    (tmp_path / "built" / "index.html").write_text("<p>old</p>")
    check_output_dir(tmp_path / "built", site)


# --- check_output_paths -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("", "is empty"),
        ("/etc/passwd", "is absolute; output paths are relative to the output folder"),
        ("../x.html", "contains a `.` or `..` segment, which could lead outside the output folder"),
        ("a/../../x.html", "contains a `.` or `..` segment, which could lead outside"),
        ("./a.html", "contains a `.` or `..` segment"),
        ("a/./b.html", "contains a `.` or `..` segment"),
        ("a\\..\\b.html", "contains a backslash; output paths use / between folders"),
        ("a\x00b.html", "contains a NUL character"),
        ("a\nb.html", "contains a control character"),
        ("a//b.html", "has an empty segment (`//` or a trailing `/`)"),
        ("a/", "has an empty segment"),
        ("%2e%2e/x.html", "contains a percent-encoded `.`, `..`, `/` or `\\`"),
        ("%2E%2E/x.html", "contains a percent-encoded"),
        ("..%2fx.html", "contains a percent-encoded"),
        ("a%2F..%2Fb.html", "contains a percent-encoded"),
        ("a%5c..%5cb.html", "contains a percent-encoded"),
        ("%252e%252e/x.html", "contains a percent-encoded"),
        ("C:/Windows/x.html", "starts with a Windows drive letter"),
        ("c:x.html", "starts with a Windows drive letter"),
        (".SITEGEN-output", "is reserved for sitegen's marker file"),
    ],
)
def test_refuses_unsafe_paths(path: str, reason: str) -> None:
    with pytest.raises(SiteError) as info:
        check_output_paths([out_file(path)])
    (problem,) = info.value.problems
    assert str(problem.ref) == "content/a.md:1"
    shown = path.replace("\x00", "\\x00").replace("\n", "\\n")
    assert problem.message.startswith(f"output path {shown} {reason}")


def test_lists_every_bad_path(site: Path) -> None:
    files = [out_file("ok/index.html"), out_file("../up", source="content/b.md")]
    files.append(out_file("/abs", source=None))
    with pytest.raises(SiteError) as info:
        check_output_paths(files)
    assert str(info.value).splitlines() == [
        "content/b.md:1: error: output path ../up contains a `.` or `..` segment, "
        "which could lead outside the output folder",
        "/abs: error: output path /abs is absolute; output paths are relative to the output folder",
    ]


def test_accepts_safe_paths() -> None:
    check_output_paths(
        [
            out_file("index.html"),
            out_file("ur/مشورہ/index.html"),
            out_file("a%20b/index.html"),
            out_file(".well-known/security.txt"),
            out_file("file..name.txt"),
        ]
    )


def collision(files: list[OutputFile]) -> str:
    with pytest.raises(SiteError) as info:
        check_output_paths(files)
    return str(info.value)


def test_refuses_paths_differing_only_in_case() -> None:
    message = collision([out_file("A/index.html", source="content/A.md"), out_file("a/index.html")])
    assert message == (
        "content/A.md:1: error: content/A.md:1 and content/a.md:1 would both write A/index.html "
        "(also spelled a/index.html; the same file on Windows and macOS)"
    )


def test_refuses_nfc_and_nfd_spellings_of_one_path() -> None:
    nfc = unicodedata.normalize("NFC", "café/index.html")
    nfd = unicodedata.normalize("NFD", "café/index.html")
    assert nfc != nfd
    message = collision(
        [out_file(nfd, source="content/cafe-nfd.md"), out_file(nfc, source="content/cafe.md")]
    )
    assert message == (
        "content/cafe-nfd.md:1: error: content/cafe-nfd.md:1 and content/cafe.md:1 "
        f"would both write {nfc}"
    )


def test_refuses_a_file_where_another_needs_a_folder() -> None:
    message = collision(
        [out_file("news", source="content/news.md"), out_file("news/a.html", source=None)]
    )
    assert message == (
        "content/news.md:1: error: content/news.md:1 writes the file news but "
        "a generated file (news/a.html) needs a folder of that name for news/a.html"
    )


# --- write_site -----------------------------------------------------------------------------

FILES = [
    out_file("index.html", b"<p>home</p>", "content/index.md"),
    out_file("ur/advice/staying-safe/index.html", "<p>محفوظ</p>".encode(), "content/s.ur.md"),
    out_file("en/advice/staying-safe/index.html", b"<p>safe</p>", "content/s.md"),
]


def test_writes_files_and_marker(site: Path) -> None:
    out = site / "public"
    assert write_site(FILES, out, site) == WriteStats(written=3, unchanged=0, removed=0)
    assert snapshot(out) == {
        MARKER_NAME: MARKER_TEXT,
        "index.html": b"<p>home</p>",
        "ur/advice/staying-safe/index.html": "<p>محفوظ</p>".encode(),
        "en/advice/staying-safe/index.html": b"<p>safe</p>",
    }
    assert siblings(out) == ["content"]


def test_output_folder_has_ordinary_permissions(site: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    write_site(FILES, site / "public", site)
    assert stat.S_IMODE((site / "public").stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)


def test_creates_missing_parent_folders(site: Path, tmp_path: Path) -> None:
    write_site(FILES, tmp_path / "deploy" / "www", site)
    assert (tmp_path / "deploy" / "www" / "index.html").read_bytes() == b"<p>home</p>"


def test_same_input_gives_identical_trees(site: Path, tmp_path: Path) -> None:
    write_site(FILES, tmp_path / "one", site)
    write_site(list(reversed(FILES)), tmp_path / "two", site)
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_writes_paths_nfc_normalised(site: Path) -> None:
    nfd = unicodedata.normalize("NFD", "café.html")
    write_site([out_file(nfd)], site / "public", site)
    names = os.listdir(site / "public")
    assert unicodedata.normalize("NFC", "café.html") in names
    assert nfd not in names


def set_old_mtime(out: Path, seconds: int = 1_000_000_000) -> None:
    for path in out.rglob("*"):
        if path.is_file():
            os.utime(path, (seconds, seconds))


def test_rebuild_keeps_unchanged_files_and_their_mtime(site: Path) -> None:
    out = site / "public"
    write_site(FILES, out, site)
    set_old_mtime(out)
    changed = [*FILES[:2], out_file("en/advice/staying-safe/index.html", b"<p>new</p>")]
    stats = write_site(changed, out, site)
    assert stats == WriteStats(written=1, unchanged=2, removed=0)
    assert (out / "index.html").stat().st_mtime == 1_000_000_000
    assert (out / "ur/advice/staying-safe/index.html").stat().st_mtime == 1_000_000_000
    assert (out / "en/advice/staying-safe/index.html").stat().st_mtime != 1_000_000_000
    assert (out / "en/advice/staying-safe/index.html").read_bytes() == b"<p>new</p>"
    assert siblings(out) == ["content"]


def test_copies_unchanged_files_when_hard_links_fail(site: Path, monkeypatch) -> None:
    out = site / "public"
    write_site(FILES, out, site)
    set_old_mtime(out)

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(staging.os, "link", no_links)
    monkeypatch.setattr(inplace, "SMALL_CHANGE", 0)  # a new folder is built and swapped in
    changed = [*FILES, out_file("new.html")]
    assert write_site(changed, out, site) == WriteStats(written=1, unchanged=3, removed=0)
    assert (out / "index.html").stat().st_mtime == 1_000_000_000
    assert (out / "index.html").stat().st_nlink == 1
    assert (out / "index.html").read_bytes() == b"<p>home</p>"


def test_counts_removed_files(site: Path) -> None:
    out = site / "public"
    write_site(FILES, out, site)
    assert write_site(FILES[:1], out, site) == WriteStats(written=0, unchanged=1, removed=2)
    assert snapshot(out) == {MARKER_NAME: MARKER_TEXT, "index.html": b"<p>home</p>"}


def test_nothing_changed_touches_nothing(site: Path) -> None:
    out = site / "public"
    write_site(FILES, out, site)
    set_old_mtime(out)
    inodes = {p: p.stat().st_ino for p in out.rglob("*")}
    folder_mtime = out.stat().st_mtime_ns
    assert write_site(FILES, out, site) == WriteStats(written=0, unchanged=3, removed=0)
    assert {p: p.stat().st_ino for p in out.rglob("*")} == inodes
    assert out.stat().st_mtime_ns == folder_mtime
    assert siblings(out) == ["content"]


def test_small_change_is_made_in_place(site: Path) -> None:
    out = site / "public"
    write_site(FILES, out, site)
    set_old_mtime(out)
    home_inode = (out / "index.html").stat().st_ino
    out_inode = out.stat().st_ino
    changed = [FILES[0], out_file("en/advice/staying-safe/index.html", b"<p>new</p>")]
    changed.append(out_file("pl/new/index.html", b"<p>nowy</p>"))
    stats = write_site(changed, out, site)
    assert stats == WriteStats(written=2, unchanged=1, removed=1)
    assert out.stat().st_ino == out_inode  # the same folder, not a new one swapped in
    assert (out / "index.html").stat().st_ino == home_inode
    assert (out / "index.html").stat().st_mtime == 1_000_000_000
    assert snapshot(out) == {
        MARKER_NAME: MARKER_TEXT,
        "index.html": b"<p>home</p>",
        "en/advice/staying-safe/index.html": b"<p>new</p>",
        "pl/new/index.html": b"<p>nowy</p>",
    }
    assert not (out / "ur").exists()  # the folder of the removed page went with it
    assert siblings(out) == ["content"]


def test_a_change_to_a_small_share_of_a_large_site_is_made_in_place(site: Path) -> None:
    out = site / "public"
    files = [out_file(f"p{n}/index.html", b"old") for n in range(400)]
    write_site(files, out, site)
    out_inode = out.stat().st_ino
    kept_inode = (out / "p399/index.html").stat().st_ino
    changes = 400 // inplace.SMALL_SHARE  # more than SMALL_CHANGE files, an eighth of the site
    assert changes > inplace.SMALL_CHANGE
    files[:changes] = [out_file(f"p{n}/index.html", b"new") for n in range(changes)]
    stats = write_site(files, out, site)
    assert stats.written == changes
    assert out.stat().st_ino == out_inode  # the same folder, not a new one swapped in
    assert (out / "p399/index.html").stat().st_ino == kept_inode
    assert (out / "p0/index.html").read_bytes() == b"new"
    files[: changes + 1] = [out_file(f"p{n}/index.html", b"newer") for n in range(changes + 1)]
    write_site(files, out, site)
    assert out.stat().st_ino != out_inode  # one more: a new folder, swapped in
    assert (out / f"p{changes}/index.html").read_bytes() == b"newer"
    assert siblings(out) == ["content"]


def test_failed_in_place_update_puts_every_old_file_back(site: Path, monkeypatch) -> None:
    out = site / "public"
    write_site(FILES, out, site)
    before = snapshot(out)
    real_replace = os.replace
    replaced: list[str] = []

    def replace(src: object, dst: object) -> None:
        if str(dst).endswith("public/index.html"):  # the last file, in path order
            raise OSError(5, "Input/output error")
        real_replace(src, dst)  # type: ignore[arg-type]
        replaced.append(str(dst))

    monkeypatch.setattr(inplace.os, "replace", replace)
    changed = [
        out_file("index.html", b"<p>new home</p>"),
        out_file("en/advice/staying-safe/index.html", b"<p>new</p>"),
        out_file("fr/index.html", b"<p>nouveau</p>"),
    ]
    with pytest.raises(SiteError) as info:
        write_site(changed, out, site)
    assert str(info.value) == "public: error: cannot update the output folder: Input/output error"
    assert any(path.endswith("fr/index.html") for path in replaced)  # it got that far
    monkeypatch.undo()
    assert snapshot(out) == before
    assert not (out / "fr").exists()
    assert siblings(out) == ["content"]


def test_many_changes_build_a_new_folder(site: Path) -> None:
    out = site / "public"
    write_site(FILES, out, site)
    out_inode = out.stat().st_ino
    many = [out_file(f"p{n}.html") for n in range(inplace.SMALL_CHANGE + 1)]
    stats = write_site([*FILES, *many], out, site)
    assert stats == WriteStats(written=inplace.SMALL_CHANGE + 1, unchanged=3, removed=0)
    assert out.stat().st_ino != out_inode
    assert len(snapshot(out)) == len(FILES) + len(many) + 1
    assert siblings(out) == ["content"]


def test_failure_midway_leaves_old_output_and_no_temp_folder(site: Path) -> None:
    out = site / "public"
    write_site(FILES, out, site)
    before = snapshot(out)
    broken = OutputFile("zz/broken.html", "not bytes", None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        write_site([out_file("new.html"), broken], out, site)
    assert snapshot(out) == before
    assert siblings(out) == ["content"]


def test_write_error_names_the_source_and_cleans_up(site: Path, monkeypatch) -> None:
    out = site / "public"
    write_site(FILES, out, site)
    before = snapshot(out)
    real_open = open

    def full_disk(path: object, mode: str = "r", *args: object, **kwargs: object):
        if "x" in mode and str(path).endswith("b.html"):
            raise OSError(28, "No space left on device")
        return real_open(path, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", full_disk)
    with pytest.raises(SiteError) as info:
        write_site([out_file("a.html"), out_file("b.html", source="content/b.md")], out, site)
    assert str(info.value) == (
        "content/b.md:1: error: cannot write b.html in the output folder: No space left on device"
    )
    monkeypatch.undo()
    assert snapshot(out) == before
    assert siblings(out) == ["content"]


def test_failed_swap_restores_old_output(site: Path, monkeypatch) -> None:
    out = site / "public"
    write_site(FILES, out, site)
    before = snapshot(out)
    monkeypatch.setattr(inplace, "SMALL_CHANGE", 0)  # a big change: a new folder swapped in
    real_rename = os.rename

    def rename(src: object, dst: object) -> None:
        if ".sitegen-tmp-" in str(src):
            raise OSError(16, "Device or resource busy")
        real_rename(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(staging.os, "rename", rename)
    with pytest.raises(SiteError) as info:
        write_site([out_file("new.html")], out, site)
    assert str(info.value) == (
        "public: error: cannot replace the output folder: Device or resource busy"
    )
    monkeypatch.undo()
    assert snapshot(out) == before
    assert siblings(out) == ["content"]


def test_refused_paths_change_nothing(site: Path) -> None:
    out = site / "public"
    write_site(FILES, out, site)
    before = snapshot(out)
    with pytest.raises(SiteError):
        write_site([*FILES, out_file("../escape.html")], out, site)
    assert snapshot(out) == before
    assert not (site / "escape.html").exists()
    assert siblings(out) == ["content"]


def test_refused_folder_is_not_touched(site: Path) -> None:
    out = site / "public"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(SiteError):
        write_site(FILES, out, site)
    assert snapshot(out) == {"notes.txt": b"mine"}


def test_replaces_an_empty_foreign_folder(site: Path) -> None:
    (site / "public").mkdir()
    assert write_site(FILES, site / "public", site).written == 3


def test_cleans_up_after_a_killed_build(site: Path) -> None:
    out = site / "public"
    write_site(FILES, out, site)
    for name in (".public.sitegen-tmp-0123abcd", ".public.sitegen-old-89abcdef"):
        (site / name / "half").mkdir(parents=True)
        (site / name / MARKER_NAME).write_bytes(MARKER_TEXT)
        (site / name / "half" / "index.html").write_text("partial")
    (site / ".public.sitegen-tmp-00000000").mkdir()  # killed before the marker was written
    (site / ".public.sitegen-tmp-11111111").mkdir()  # not ours: no marker, not empty
    (site / ".public.sitegen-tmp-11111111" / "keep.txt").write_text("someone else's")
    write_site(FILES, out, site)
    assert siblings(out) == [".public.sitegen-tmp-11111111", "content"]


def test_never_follows_symbolic_links_in_old_output(site: Path, tmp_path: Path) -> None:
    out = site / "public"
    write_site(FILES, out, site)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_bytes(b"<p>home</p>")
    (out / "linked-folder").symlink_to(outside)
    (out / "index.html").unlink()
    (out / "index.html").symlink_to(outside / "precious.txt")
    stats = write_site(FILES, out, site)
    assert stats == WriteStats(written=1, unchanged=2, removed=1)
    assert not (out / "index.html").is_symlink()
    assert (out / "index.html").stat().st_ino != (outside / "precious.txt").stat().st_ino
    assert (outside / "precious.txt").read_bytes() == b"<p>home</p>"
    assert not (out / "linked-folder").exists()


def test_no_room_beside_the_output_folder_is_an_error(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(out: Path, kind: str) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(staging, "make_sibling", refuse)
    with pytest.raises(SiteError) as info:
        staging.open_staging(site / "public")
    assert str(info.value) == (
        f"{site / 'public'}: error: cannot make a folder beside the output folder: "
        "Permission denied"
    )
    assert siblings(site / "public") == ["content"]
