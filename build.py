#!/usr/bin/env python3
"""Build the site in this folder: `python build.py` (see `python build.py --help`)."""

from sitegen.cli import run

if __name__ == "__main__":
    run()
