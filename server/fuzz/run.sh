#!/usr/bin/env bash
# Runs the fuzz targets for a set time each: `server/fuzz/run.sh [SECONDS] [TARGET...]`.
# New interesting inputs go to target/fuzz-corpus/TARGET (not committed); the small seed corpus
# in server/fuzz/corpus/TARGET is read. Crashes are written to server/fuzz/artifacts/TARGET.
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`); RUSTC_BOOTSTRAP=1 lets the stable
# toolchain build with the sanitizer-coverage flags it needs. SANITIZER=address for ASan.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(analysis edits lsp_messages incremental_analysis)
export RUSTC_BOOTSTRAP=1
sanitizer=${SANITIZER:-none}
cargo fuzz build --fuzz-dir "$PWD" -O --sanitizer "$sanitizer"
for t in "${targets[@]}"; do
  scratch=../../target/fuzz-corpus/$t
  mkdir -p "$scratch"
  echo "== fuzzing $t for ${seconds}s"
  log=../../target/fuzz-$t.log
  status=0
  cargo fuzz run --fuzz-dir "$PWD" -O --sanitizer "$sanitizer" "$t" "$scratch" "corpus/$t" -- \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 -max_len=8192 -print_final_stats=1 \
    >"$log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log"
    echo "fuzz target $t failed (exit $status); the input is in server/fuzz/artifacts/$t"
    exit 1
  fi
done
