#!/usr/bin/env bash
# Install what the browser tests (tests/browser/) need: headless Chromium and its driver, fonts
# for every script the sites use, Java for the Nu Html Checker, selenium, axe-core and vnu-jar.
# Idempotent and non-interactive; skips whatever is already there, so a second run is fast.
# Usage: bash scripts/setup-browser-tests.sh
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
APT_PACKAGES=(
    chromium chromium-driver fonts-noto-core default-jre-headless poppler-utils
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
    gettext  # msgfmt --check, for the content catalogs' tests
)

missing=()
for package in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if ((${#missing[@]})); then
    echo "== apt: installing ${missing[*]}"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Debian's Noto Nastaliq Urdu Bold file says it is regular weight, so fontconfig may pick it for
# all Urdu text. Reject that file; Chromium then synthesises bold from the regular face.
FONTCONFIG_RULE=/etc/fonts/conf.d/99-sitegen-no-nastaliq-bold.conf
if [ ! -f "$FONTCONFIG_RULE" ] && [ -w /etc/fonts/conf.d ]; then
    cat >"$FONTCONFIG_RULE" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <selectfont>
    <rejectfont>
      <glob>*/NotoNastaliqUrdu-Bold.ttf</glob>
    </rejectfont>
  </selectfont>
</fontconfig>
EOF
    fc-cache -f >/dev/null 2>&1 || true
fi

# selenium 4.52.0 needs a certifi the registry lacks; pin the one known to work.
if ! python3 -c 'import selenium, sys; sys.exit(selenium.__version__ != "4.51.0")' 2>/dev/null; then
    echo "== pip: selenium"
    python3 -m pip install --quiet --disable-pip-version-check "selenium==4.51.0"
fi

# One npm call for both packages; exact versions recorded in .qa/node/package.json.
if [ ! -f .qa/node/node_modules/axe-core/axe.min.js ] \
    || [ ! -f .qa/node/node_modules/vnu-jar/build/dist/vnu.jar ]; then
    echo "== npm: axe-core, vnu-jar"
    mkdir -p .qa/node
    npm install --prefix .qa/node --save-exact --no-audit --no-fund axe-core vnu-jar
fi
