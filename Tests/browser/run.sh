#!/usr/bin/env bash
# Browser tests for a built convwalk site (headless Chromium through Selenium).
#
#   Tests/browser/run.sh [SITE_DIR]          check a built site (default: output/)
#   Tests/browser/run.sh --sample [SITE_DIR] first build the course without demos with
#                                            scripts/sample-site.sh (default: .build/sample-site)
#                                            and check that
#   Tests/browser/run.sh --hostile           build Tests/HardeningTests/Inputs/hostile/lessons
#                                            with .build/debug/convwalk into .build/hostile-site
#                                            and check that no hostile string runs (hostile_check.py)
#
# Screenshots go to .build/screenshots/. The last line is "N passed, M failed"; the exit
# status is non-zero when a check fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$repo/scripts/selenium-venv.sh"
if [ "${1:-}" = "--hostile" ]; then
    site="$repo/.build/hostile-site"
    "$repo/.build/debug/convwalk" build --no-demos --lessons "$repo/Tests/HardeningTests/Inputs/hostile/lessons" --output "$site" >/dev/null
    cd "$here"
    exec "$venv/bin/python" "$here/hostile_check.py" "$site"
fi

sample=0
if [ "${1:-}" = "--sample" ]; then
    sample=1
    shift
fi

if [ "$sample" = 1 ]; then
    site=$(realpath -m "${1:-$repo/.build/sample-site}")
    "$repo/scripts/sample-site.sh" "$site" >/dev/null
else
    site=$(realpath -m "${1:-$repo/output}")
fi

if [ ! -f "$site/index.html" ]; then
    echo "no site at $site (build one, or use --sample)"
    echo "0 passed, 1 failed"
    exit 1
fi

export SE_OFFLINE=true
exec "$venv/bin/python" "$here/check_site.py" "$site" --screenshots "$repo/.build/screenshots"
