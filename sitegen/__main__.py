"""`python -m sitegen`: the same commands as `sitegen` and `python build.py`."""

from sitegen.cli import run

if __name__ == "__main__":
    run()
