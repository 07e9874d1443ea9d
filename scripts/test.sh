#!/usr/bin/env bash
# Runs every test: the Swift unit and lesson tests, then the browser tests against a
# freshly built site. Installs missing Debian packages first (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build
swift test 2>&1 | tee .build/swift-test.log
if [ -d Tests/browser ]; then
  bash Tests/browser/run.sh
fi
