#!/usr/bin/env bash
# Writes a sample site for the browser tests: the course in lessons/ built without the demo
# pages (no training), into SITE_DIR (default: .build/sample-site). Replaces the skipped
# SampleSiteTests.testWriteSampleSiteWhenRequested, which was a tool filed as a test.
#
#   scripts/sample-site.sh [SITE_DIR]
#
# Uses .build/release/convwalk when present, else .build/debug/convwalk (run `swift build` first).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
site=$(realpath -m "${1:-$repo/.build/sample-site}")
convwalk="$repo/.build/release/convwalk"
[ -x "$convwalk" ] || convwalk="$repo/.build/debug/convwalk"
if [ ! -x "$convwalk" ]; then
    echo "no convwalk binary in .build (run swift build)" >&2
    exit 1
fi
"$convwalk" build --no-demos --lessons "$repo/lessons" --output "$site"
