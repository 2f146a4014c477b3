#!/usr/bin/env bash
# What the browser tests need besides Python packages: Chromium, Java (for the W3C HTML
# checker) and the npm validators (node_modules, installed by `make install`).
# Finds them, installs what is missing where it can (Debian's packages as root, else
# Playwright's own Chromium), and prints the Chromium to use; otherwise stops with one
# line naming what to install.
set -uo pipefail
PY=${PY:-.venv/bin/python}

find_chromium() {
  for candidate in "${CHROMIUM:-}" chromium chromium-browser google-chrome google-chrome-stable; do
    [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && { command -v "$candidate"; return 0; }
  done
  return 1
}

missing=()
find_chromium >/dev/null || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || [ -f node_modules/vnu-jar/build/dist/vnu.jar ] || missing+=(npm)

if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then apt=(apt-get); elif sudo -n true 2>/dev/null; then apt=(sudo apt-get); fi
  if [ -n "${apt:-}" ]; then
    echo "Installing ${missing[*]} (Debian packages) for the browser tests..." >&2
    { "${apt[@]}" update -qq && DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq "${missing[@]}"; } >/dev/null 2>&1
  fi
fi

chromium=$(find_chromium)
if [ -z "$chromium" ]; then
  # Playwright's own build, downloaded once into its cache.
  "$PY" -m playwright install chromium >/dev/null 2>&1 \
    && chromium=$("$PY" -c "from playwright.sync_api import sync_playwright as p; print(p().start().chromium.executable_path)" 2>/dev/null)
fi
if [ -n "$chromium" ] && [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] && command -v npm >/dev/null 2>&1; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

need=()
[ -n "$chromium" ] && [ -x "$chromium" ] || need+=("Chromium (apt-get install chromium, or set CHROMIUM=/path/to/chrome)")
command -v java >/dev/null 2>&1 || need+=("Java (apt-get install default-jre-headless)")
[ -f node_modules/vnu-jar/build/dist/vnu.jar ] || need+=("npm (apt-get install npm)")
if [ ${#need[@]} -gt 0 ]; then
  (IFS=';'; echo "make test needs what it cannot install here: ${need[*]}" | sed 's/;/, /g') >&2
  exit 1
fi
echo "$chromium"
