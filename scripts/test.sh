#!/usr/bin/env bash
# Runs every test: the Swift unit tests (kernels, lessons — every example in lessons/ is
# checked —, rendering, site, training), then builds the course site with a release build
# and runs the browser tests against it in headless Chromium.
# Installs missing Debian packages first (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

echo "== swift test"
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/swift-test.log | grep -E "error|failed|passed after|Executed [0-9]+ tests" | tail -n 40
if grep -qE "with [1-9][0-9]* failures?|: error: |Fatal error|Test run with .* failed" .build/swift-test.log; then
  echo "swift test: FAILED (see .build/swift-test.log)"
  exit 1
fi

echo "== convwalk check and build (release)"
swift build -c release --product convwalk
.build/release/convwalk check --quiet lessons
rm -rf .build/test-site .build/test-runs
.build/release/convwalk build --output .build/test-site --runs .build/test-runs \
  --demo-epochs 1 --demo-limit 1000 --demo-test-limit 1000 ${CONVWALK_TEST_BUILD_FLAGS:-}

echo "== browser tests"
bash Tests/browser/run.sh .build/test-site

echo "== browser tests: a hostile lesson (no script may run)"
bash Tests/browser/run.sh --hostile
