"""The engine's house: stages as subpackages, imports one way, no cycles, small modules."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sitegen"
MAX_LINES = 400


def _contract_layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return [part.strip() for layer in contract["layers"] for part in layer.split("|")]


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_engine_module_is_over_the_limit() -> None:
    long = {
        str(path.relative_to(ROOT)): count
        for path in _modules()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_contract_names_every_subpackage_and_top_level_module() -> None:
    named = set(_contract_layers())
    present = {
        f"sitegen.{path.stem if path.is_file() else path.name}"
        for path in PACKAGE.iterdir()
        if (path.is_dir() and (path / "__init__.py").exists())
        or (path.suffix == ".py" and path.name != "__init__.py")
    }
    assert present == named


def test_no_module_imports_itself_round_a_circle() -> None:
    graph = grimp.build_graph("sitegen")
    circles = sorted(
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        if graph.chain_exists(importer=imported, imported=module)
    )
    assert circles == []


def test_each_stage_says_what_it_takes_gives_and_must_not_know() -> None:
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        docstring = ast.get_docstring(tree) or ""
        assert len(docstring.splitlines()) >= 3, init
        assert "Must not know" in docstring or "must not know" in docstring, init
        # A stage's face only describes it: the code lives in its modules.
        assert [type(node) for node in tree.body] == [ast.Expr], init


def _lint_imports(package_parent: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
         "lint_imports_command()", "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=package_parent, env=env, capture_output=True, text=True, timeout=120,
    )


def test_the_layers_contract_is_kept() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "backwards"),
    [
        ("read/config.py", "from sitegen.render import views"),
        ("content/words.py", "from sitegen.site import routing"),
        ("output/__init__.py", "from sitegen.render import theme"),
        ("i18n/languages.py", "from sitegen.read import yamlread"),
    ],
)
def test_a_backwards_import_breaks_the_contract(
    tmp_path: Path, module: str, backwards: str
) -> None:
    shutil.copytree(PACKAGE, tmp_path / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "sitegen" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{backwards}\n", encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "1 broken" in result.stdout
    importer = "sitegen." + module.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    assert importer in result.stdout
