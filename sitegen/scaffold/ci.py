"""Ready CI recipes for a new site: check strictly, build, publish to GitHub or GitLab Pages.

sitegen is installed from SITEGEN_SOURCE, which the group sets once (a pip requirement such as
a git URL at a tag): never `pip install sitegen`, since on PyPI that name is another, unrelated
project. Until it is set, the run stops at once and says so. Both keep sitegen's cache of
parsed pages (~/.cache/sitegen, keyed by the site and output folders, which are the same on
every run) between runs, so builds stay warm.
"""

from __future__ import annotations

GITHUB_PATH = ".github/workflows/publish.yml"
GITLAB_PATH = ".gitlab-ci.yml"
_UNSET = "Set the SITEGEN_SOURCE variable first (see the top of this file)."


def github_workflow(version: str) -> str:
    """Return a GitHub Actions workflow: check with --strict, build, deploy to GitHub Pages."""
    return f"""\
# Check, build and publish the site to GitHub Pages on every push to main.
# In the repository's Settings > Pages, set "Source" to "GitHub Actions" once.
name: Publish
on:
  push:
    branches: [main]
  pull_request:
  workflow_dispatch:
# Where to install sitegen {version} from (a pip requirement, e.g. a git URL at its tag), set as
# a repository variable in Settings > Secrets and variables > Actions > Variables. NOT "sitegen"
# alone: on PyPI that name is another, unrelated project.
env:
  SITEGEN_SOURCE: ${{{{ vars.SITEGEN_SOURCE }}}}
permissions:
  contents: read
  pages: write
  id-token: write
concurrency:
  group: pages
  cancel-in-progress: false
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
          cache: pip
      - run: test -n "$SITEGEN_SOURCE" || {{ echo "{_UNSET}"; exit 1; }}
      - run: python -m pip install "$SITEGEN_SOURCE"
      # The cache of parsed pages: kept between runs so a build only redoes what changed.
      - uses: actions/cache@v4
        with:
          path: ~/.cache/sitegen
          key: sitegen-${{{{ github.ref_name }}}}-${{{{ github.sha }}}}
          restore-keys: sitegen-${{{{ github.ref_name }}}}-
      # Any warning (a broken link, an outdated number) stops the publish.
      - run: sitegen check --strict
      - run: sitegen build --strict --host github --out public
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public
  deploy:
    if: github.event_name != 'pull_request' && github.ref == 'refs/heads/main'
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""


def gitlab_ci(version: str) -> str:
    """Return a GitLab CI pipeline: check with --strict, build, publish to GitLab Pages."""
    return f"""\
# Check and build the site on every push; publish it to GitLab Pages from the default branch.
image: python:3.12-slim
# SITEGEN_SOURCE: where to install sitegen {version} from (a pip requirement, e.g. a git URL at
# its tag), set in Settings > CI/CD > Variables. NOT "sitegen" alone: on PyPI that name is
# another, unrelated project.
variables:
  XDG_CACHE_HOME: "$CI_PROJECT_DIR/.cache"
  PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"
# The cache of parsed pages (and pip's downloads), kept between runs so builds stay warm.
cache:
  key: sitegen-$CI_COMMIT_REF_SLUG
  paths:
    - .cache/
before_script:
  - test -n "$SITEGEN_SOURCE" || {{ echo "{_UNSET}"; exit 1; }}
  - python -m pip install "$SITEGEN_SOURCE"
check:
  stage: test
  script:
    - sitegen check --strict
pages:
  stage: deploy
  script:
    - sitegen build --strict --host gitlab --out public
  artifacts:
    paths:
      - public
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"""
