"""The README's first commands work on a machine whose Python refuses `pip install` (Debian,
Ubuntu: "externally managed"): everything is installed into a virtual environment."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from sitegen.arguments import make_parser

REPO = Path(__file__).resolve().parent.parent
VENV = ".venv"


def first_code_block() -> list[str]:
    """The commands of the README's first code block, comments taken off."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```bash\n(.*?)```", text, re.DOTALL)
    assert found, "the README starts with no bash block"
    return [line.split("  #", 1)[0].strip() for line in found.group(1).splitlines()]


def steps(command: str) -> list[list[str]]:
    return [shlex.split(step) for step in command.split("&&")]


def test_the_first_command_makes_and_uses_a_virtual_environment() -> None:
    setup, _ = first_code_block()
    make, install, serve = steps(setup)
    assert make == ["python3", "-m", "venv", VENV]
    assert install[0] == f"{VENV}/bin/pip" and install[1:] == ["install", "-e", "."]
    assert serve[0] == f"{VENV}/bin/sitegen"
    commands = make_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert serve[1] in commands


def test_no_command_installs_into_the_systems_python() -> None:
    for line in first_code_block():
        for step in steps(line):
            assert not (step[0] in ("pip", "pip3") or step[1:3] == ["-m", "pip"]), step


def test_the_test_command_runs_everything_from_the_venv() -> None:
    _, test = first_code_block()
    assert steps(test) == [["bash", "scripts/test.sh"]]
    assert "exec bash scripts/test.sh" in (REPO / ".ci/run").read_text(encoding="utf-8")
    script = (REPO / "scripts/test.sh").read_text(encoding="utf-8").splitlines()
    assert f"VENV={VENV}" in script
    made = script.index('    if ! python3 -m venv "$VENV" >/dev/null 2>&1; then')
    assert "python3-venv" in " ".join(script[made : made + 8])  # Debian's ensurepip
    switched = script.index(
        'export PATH="$VIRTUAL_ENV/bin:$PATH"  # from here on, python3, pip '
        "and lint-imports are the venv's"
    )
    python_lines = [
        i for i, line in enumerate(script) if re.match(r"(python3|lint-imports) ", line)
    ]
    assert python_lines and all(i > switched for i in python_lines)
