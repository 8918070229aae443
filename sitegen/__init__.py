"""sitegen: a static site generator for community groups, in many languages."""

__version__ = "0.1.0"
