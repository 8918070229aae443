#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian or Ubuntu machine, then run the whole suite.
# Usage: bash scripts/test.sh [pytest arguments]
#
# Everything Python runs from .venv (made here): Debian's and Ubuntu's own Python refuses
# `pip install` outside a virtual environment (it is "externally managed", PEP 668).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    rm -rf "$VENV"
    if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
        # Debian and Ubuntu ship venv's pip bootstrap (ensurepip) apart, in python3-venv.
        rm -rf "$VENV"
        echo "== apt: installing python3-venv"
        export DEBIAN_FRONTEND=noninteractive
        $SUDO apt-get update -qq
        $SUDO apt-get install -y -q --no-install-recommends python3-venv
        python3 -m venv "$VENV"
    fi
fi
export VIRTUAL_ENV="$PWD/$VENV"
export PATH="$VIRTUAL_ENV/bin:$PATH"  # from here on, python3, pip and lint-imports are the venv's

python3 -m pip install --quiet --disable-pip-version-check -e ".[test,pdf,search]"
# Chromium, fonts, Java, selenium, axe-core and the Nu Html Checker for tests/browser/
bash scripts/setup-browser-tests.sh
# With this set, a missing browser tool fails the browser tests instead of skipping them.
export SITEGEN_REQUIRE_BROWSER=1

echo "== ruff"
python3 -m ruff check sitegen tests build.py
echo "== mypy"
python3 -m mypy sitegen
echo "== import layers"
lint-imports
echo "== pytest"
if [ "$#" -gt 0 ]; then
    python3 -m pytest -q "$@"
else
    # The tests without a browser on two processes (CI has two cores), then the browser tests
    # one at a time: two Chromiums at once would make their waits a race on a small machine.
    python3 -m pytest -q -n 2 --ignore=tests/browser
    python3 -m pytest -q tests/browser
fi
