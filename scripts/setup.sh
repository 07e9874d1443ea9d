#!/usr/bin/env bash
# The main job on a fresh Debian machine: install what convwalk needs, build it in
# release mode, and build the course site into output/ from lessons/ and data/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product convwalk
.build/release/convwalk build "$@"
echo "setup: the course is in output/index.html"
