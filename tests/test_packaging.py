"""sitegen as a user installs it: the wheel, in a virtual environment of its own.

The default theme (`templates/`, `translations/` at the top of the repository) is mapped into
the package when the wheel is built; a wheel without it builds nothing ("template not found").
"""

from __future__ import annotations

import filecmp
import os
import shutil
import site
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# What the wheel is built from: what pyproject.toml names, nothing else of the checkout.
SOURCES = ("pyproject.toml", "README.md", "sitegen", "templates", "translations")
# The example site's own files (the repository root is also the default theme: not copied).
EXAMPLE_SITE = ("site.yaml", "content", "contacts.lock", "static")
NOW = "2026-11-22"


def _clean_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a user's shell: no PYTHONPATH into the checkout, a cache of its own."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    env.pop("NO_COLOR", None)
    return env


def _copy(names: tuple[str, ...], source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in names:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=ignore)
        elif path.is_file():
            shutil.copy2(path, target / name)


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def _venv_with_dependencies(venv: Path, env: dict[str, str]) -> Path:
    """Make a virtual environment that sees this interpreter's packages but not the checkout.

    The dependencies come from the packages this test runs with (a `.pth` file naming their
    folders: nothing is downloaded); sitegen itself only from the wheel.
    """
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], venv.parent, env)
    python = venv / "bin" / "python"
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        venv.parent,
        env,
    ).stdout.strip()
    folders = [*site.getsitepackages(), site.getusersitepackages()]
    Path(purelib, "outer-packages.pth").write_text("\n".join(folders) + "\n", encoding="utf-8")
    return python


def test_pyproject_names_every_subpackage() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "sitegen").rglob("__init__.py")
    }
    theme = {"sitegen._theme.templates", "sitegen._theme.translations"}
    assert listed - theme == on_disk
    assert config["tool"]["setuptools"]["package-dir"] == {
        "sitegen._theme.templates": "templates",
        "sitegen._theme.translations": "translations",
    }


def test_installed_wheel_builds_the_example_site_outside_the_repository(tmp_path: Path) -> None:
    env = _clean_env(tmp_path)
    _copy(SOURCES, REPO, tmp_path / "src")
    dist = tmp_path / "dist"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(dist),
            str(tmp_path / "src"),
        ],
        tmp_path,
        env,
    )
    (wheel,) = dist.glob("sitegen-*.whl")
    python = _venv_with_dependencies(tmp_path / "venv", env)
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-index",
            # The dependencies are this interpreter's; a sitegen installed beside them (such as
            # scripts/test.sh's editable one) is not this venv's and must not stop the install.
            "--no-deps",
            "--force-reinstall",
            str(wheel),
        ],
        tmp_path,
        env,
    )
    shutil.rmtree(tmp_path / "src")  # nothing may be read from where it was built
    site_dir = tmp_path / "example"
    _copy(EXAMPLE_SITE, REPO, site_dir)
    assert not (site_dir / "templates").exists()

    where = _run(
        [str(python), "-c", "import sitegen.render.theme as t; print(t.default_theme_dir())"],
        site_dir,
        env,
    ).stdout.strip()
    assert Path(where).is_relative_to(tmp_path / "venv"), where
    built = _run([str(tmp_path / "venv/bin/sitegen"), "build", "--now", NOW], site_dir, env)
    assert built.stdout.startswith("Built "), built.stdout
    assert (site_dir / "public/index.html").is_file()
    shipped = _run(
        [
            str(python),
            "-c",
            "from importlib.resources import files; e = files('sitegen.editor') / 'static'; "
            "print(sorted(p.name for p in e.iterdir()))",
        ],
        site_dir,
        env,
    ).stdout.strip()
    # `serve --edit` needs them
    assert shipped == (
        "['contacts.js', 'editor.css', 'editor.js', 'favicon.svg', 'import.js', 'new.js']"
    )
    usage = subprocess.run(
        [str(tmp_path / "venv/bin/sitegen"), "--bogus"], env=env, capture_output=True, text=True
    )
    assert usage.returncode == 2
    assert usage.stderr.splitlines()[-1] == "sitegen: error: unrecognized arguments: --bogus"

    # The same bytes as sitegen run from the checkout makes of the same folder.
    from_checkout = {**env, "PYTHONPATH": str(REPO)}
    out = tmp_path / "from-checkout"
    _run(
        [sys.executable, "-m", "sitegen", "build", "--now", NOW, "--out", str(out)],
        site_dir,
        from_checkout,
    )
    compared = filecmp.dircmp(site_dir / "public", out)
    assert _differences(compared) == []


def _differences(compared: filecmp.dircmp[str]) -> list[str]:
    """Every file that is only on one side or differs, in any folder of a comparison."""
    found = [*compared.left_only, *compared.right_only]
    _, mismatch, errors = filecmp.cmpfiles(
        compared.left, compared.right, compared.common_files, shallow=False
    )
    found += mismatch + errors
    for sub in compared.subdirs.values():
        found += _differences(sub)
    return found


def test_editable_install_uses_the_checkouts_own_theme(tmp_path: Path) -> None:
    env = _clean_env(tmp_path)
    checkout = tmp_path / "checkout"
    _copy(SOURCES, REPO, checkout)
    python = _venv_with_dependencies(tmp_path / "venv", env)
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "-e",
            str(checkout),
        ],
        tmp_path,
        env,
    )
    site_dir = tmp_path / "example"
    _copy(EXAMPLE_SITE, REPO, site_dir)
    where = _run(
        [str(python), "-c", "import sitegen.render.theme as t; print(t.default_theme_dir())"],
        site_dir,
        env,
    ).stdout.strip()
    assert Path(where) == checkout  # an edit to the checkout's templates shows at once
    built = _run([str(tmp_path / "venv/bin/sitegen"), "build", "--now", NOW], site_dir, env)
    assert built.stdout.startswith("Built "), built.stdout
