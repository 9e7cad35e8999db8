#!/usr/bin/env bash
# The HTML report in headless Chromium: `tamis report` on the test corpora plus a file holding
# markup, opened from disk by Debian's chromium driven by playwright-core. It must load with no
# console error and no request, draw one bar per number of the JSON report, and show the markup
# as text. With TAMIS_SCREENSHOT=path, also saves a screenshot of the test corpora's report
# (docs/screenshots/report.png in the README).
# Installs what it needs (apt: chromium; npm: playwright-core), cached under target/editor-tools.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${TAMIS_TOOLS:-$root/target/editor-tools}
bin=${TAMIS_BIN:-$root/target/release/tamis}
export DEBIAN_FRONTEND=noninteractive npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
if ! dpkg -s chromium >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d "$cache/pw/node_modules/playwright-core" ]; then
  mkdir -p "$cache/pw" && (cd "$cache/pw" && npm init -y >/dev/null && npm install playwright-core@1.65.1 >/dev/null 2>&1)
fi

run=$(mktemp -d)
trap 'rm -rf "$run"' EXIT
mkdir -p "$run/corpus"
cp "$root"/tests/sites-corpus/*.txt "$root"/tests/sample-corpus/*.txt "$run/corpus/"
# Untrusted text: markup that would run, load or restyle if the report did not escape it.
cat > "$run/corpus/zz-hostile.txt" <<'TXT'
<script>window.__pwned = 1</script>
Hostile page <img src="http://127.0.0.1:9/x.png" onerror="window.__pwned = 2">
The office said on Monday that <b>everything</b> was fine.
Contact: <a href="mailto:press@example.org">press@example.org</a> Tel: +44 (0)20 7946 0000
<link rel="stylesheet" href="http://127.0.0.1:9/x.css"><style>body{display:none}</style>
TXT
# Two pages that start alike: a template named by its first line, the script.
sed 's/Monday/Tuesday/' "$run/corpus/zz-hostile.txt" > "$run/corpus/zz-hostile-2.txt"
"$bin" report "$run/corpus" -o "$run/report.html"
"$bin" report "$run/corpus" --format json -o "$run/report.json"
NODE_PATH="$cache/pw/node_modules" node "$here/report_browser.mjs" "$run/report.html" "$run/report.json"
if [ -n "${TAMIS_SCREENSHOT:-}" ]; then
  # The README's picture: the test corpora alone, without the hostile pages.
  rm "$run"/corpus/zz-hostile*.txt
  "$bin" report "$run/corpus" -o "$run/clean.html"
  NODE_PATH="$cache/pw/node_modules" node "$here/report_browser.mjs" --screenshot "$run/clean.html" "$TAMIS_SCREENSHOT"
fi
