#!/usr/bin/env bash
# Installs what tests/browser.rs needs on a Debian machine: Chromium, chromedriver, and axe-core
# (npm) in $HOME/.cache/debrief-ci/npm. Idempotent: does nothing that is already done.
set -euo pipefail

AXE_VERSION="4.14.1"   # pinned: a new axe-core release can add rules; bump on purpose
NPM_DIR="${DEBRIEF_NPM_CACHE:-$HOME/.cache/debrief-ci/npm}"
AXE_JS="$NPM_DIR/node_modules/axe-core/axe.min.js"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
{ [ -x /usr/lib/chromium/chromium ] || command -v chromium >/dev/null 2>&1; } || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# A known font, so that layout (and the 375 px overflow check) matches the developers' machines.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)

if [ "${#missing[@]}" -gt 0 ]; then
    echo "browser-deps: installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends \
        chromium chromium-driver fonts-dejavu-core npm >/dev/null
fi

installed=""
if [ -f "$NPM_DIR/node_modules/axe-core/package.json" ]; then
    installed=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$NPM_DIR/node_modules/axe-core/package.json")
fi
if [ ! -f "$AXE_JS" ] || [ "$installed" != "$AXE_VERSION" ]; then
    echo "browser-deps: installing axe-core $AXE_VERSION into $NPM_DIR"
    mkdir -p "$NPM_DIR"
    [ -f "$NPM_DIR/package.json" ] || echo '{ "private": true }' >"$NPM_DIR/package.json"
    npm install --prefix "$NPM_DIR" --no-audit --no-fund --silent "axe-core@$AXE_VERSION"
fi

echo "browser-deps: $(chromedriver --version 2>/dev/null | cut -d' ' -f1-2), axe-core $AXE_VERSION ($AXE_JS)"
