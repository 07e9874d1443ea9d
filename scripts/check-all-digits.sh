#!/usr/bin/env bash
# Runs every test digit each demo page carries through the page's WebAssembly network in
# headless Chromium and compares with the build's predictions (Tests/browser/all_digits.py).
#
#   bash scripts/check-all-digits.sh [SITE_DIR [PAGE_PREFIX]]      (default output/; PAGE_PREFIX
#   demo- or compare- checks only those pages)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
. "$repo/scripts/selenium-venv.sh"
site=${1:-$repo/output}
cd "$repo/Tests/browser"
SE_OFFLINE=true exec "$venv/bin/python" all_digits.py "$site" "${2:-}"
