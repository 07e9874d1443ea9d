#!/usr/bin/env bash
# Weighs a built site: total size, and per page the bytes transferred and the time until the
# page is interactive on a slow-4G link (Chromium's network emulation, served on 127.0.0.1).
#
#   scripts/site-weight.sh [SITE_DIR] [--page en/convolution.html ...] [--all] [--json FILE]
#
# SITE_DIR defaults to output/. See scripts/site_weight.py for what is measured.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
. "$repo/scripts/selenium-venv.sh"

site="$repo/output"
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
    site=$1
    shift
fi
exec "$venv/bin/python" "$here/site_weight.py" "$site" "$@"
