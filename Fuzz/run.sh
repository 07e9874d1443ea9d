#!/usr/bin/env bash
# Runs one fuzzer for SECONDS (default 240) on its working corpus (see seed.sh):
#   Fuzz/run.sh lesson 240
# Findings go to Fuzz/work/crashes-<parser>/; the log to Fuzz/work/<parser>.log.
# FUZZ_RUNS=1000000 stops after that many inputs instead (SECONDS is then an upper bound);
# FUZZ_MAX_LEN changes the largest input (default 16384); FUZZ_TIMEOUT the seconds one input may
# take before it counts as a hang (default 10; raise it on a loaded machine, where a niced
# fuzzer can be descheduled for longer than that).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
parser=$1
seconds=${2:-240}
bin=${FUZZ_BIN:-$here/.build/release}
name="Fuzz$(echo "${parser:0:1}" | tr a-z A-Z)${parser:1}"
mkdir -p "$here/work/crashes-$parser"
exec "$bin/$name" "$here/work/$parser" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 \
    -max_len="${FUZZ_MAX_LEN:-16384}" ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} -print_final_stats=1 -artifact_prefix="$here/work/crashes-$parser/" \
    >"$here/work/$parser.log" 2>&1
