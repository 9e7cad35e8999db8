#!/usr/bin/env bash
# Runs every test of tamis, installing first what the tests need on a fresh machine.
# Usage: bash tests/run.sh            (everything)
#        TAMIS_SKIP_EDITORS=1 bash tests/run.sh   (no real editors)
#        TAMIS_SKIP_FUZZ=1 bash tests/run.sh      (no fuzzing smoke run)
#        TAMIS_FUZZ_SECONDS=N                     (seconds per fuzz target, default 15)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if [ ! -d ../shared/corpus/iom-fr ]; then
  echo "tests/run.sh: ../shared (the reference corpus and test suites) must sit beside the checkout" >&2
  exit 2
fi

echo "== Python test dependencies"
python3 -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt

echo "== Rust: format, lints, unit and integration tests"
cargo fmt --all -- --check
cargo clippy --all-targets --quiet -- -D warnings
cargo build --release --quiet
cargo test --quiet --release

if [ -d tests/lsp ]; then
  echo "== Language server through pytest-lsp"
  TAMIS_BIN="$root/target/release/tamis" python3 -m pytest -q tests/lsp \
    -W error::pytest_lsp.LspSpecificationWarning
fi

echo "== Annotation tools: a real Label Studio server (its own virtualenv), brat files read by bratly"
# Label Studio pins its own Django stack: kept apart from the other tests' packages. Chromium
# (Debian's) shows its editor to the test through Playwright.
if ! command -v chromium >/dev/null; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
if [ ! -x target/annotation-venv/bin/python ]; then
  python3 -m venv target/annotation-venv 2>/dev/null || {
    rm -rf target/annotation-venv
    apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    python3 -m venv target/annotation-venv
  }
fi
target/annotation-venv/bin/python -m pip install --quiet --disable-pip-version-check \
  -r tests/annotation/requirements.txt
TAMIS_BIN="$root/target/release/tamis" target/annotation-venv/bin/python -m pytest -q -s \
  tests/annotation

echo "== Distributed: the Spark example of docs/distributed.md, local mode"
if ! command -v java >/dev/null; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
fi
TAMIS_BIN="$root/target/release/tamis" python3 -m pytest -q tests/distributed

if [ -z "${TAMIS_SKIP_FUZZ:-}" ]; then
  echo "== Fuzzing smoke run (cargo-fuzz, ${TAMIS_FUZZ_SECONDS:-15}s per target)"
  command -v cargo-fuzz >/dev/null || cargo install --quiet --locked cargo-fuzz@0.13.2
  server/fuzz/run.sh "${TAMIS_FUZZ_SECONDS:-15}"
fi

echo "== The HTML report in headless Chromium"
TAMIS_BIN="$root/target/release/tamis" tests/report/run.sh

if [ -z "${TAMIS_SKIP_EDITORS:-}" ] && [ -x tests/editors/run.sh ]; then
  echo "== Real editors"
  TAMIS_BIN="$root/target/release/tamis" tests/editors/run.sh
fi
echo "== All tests passed"
