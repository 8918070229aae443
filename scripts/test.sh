#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run the whole suite.
# Usage: bash scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

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
python3 -m pytest -q "$@"
