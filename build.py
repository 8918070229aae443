#!/usr/bin/env python3
"""Build the site in this folder: `python build.py` (see `python build.py --help`)."""

import sys

from sitegen.cli import main

if __name__ == "__main__":
    sys.exit(main())
