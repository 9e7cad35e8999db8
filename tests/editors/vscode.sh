#!/usr/bin/env bash
# VS Code end to end: builds the extension's .vsix (with the release server bundled), installs it
# into code-server 4.100.3 (= Code 1.100.3), and drives it from headless Chromium with
# playwright-core. Installs what it needs (apt: chromium ripgrep libkrb5-dev; npm: code-server,
# playwright-core, the extension's dependencies), cached under target/editor-tools.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${TAMIS_TOOLS:-$root/target/editor-tools}
bin=${TAMIS_BIN:-$root/target/release/tamis}
port=${TAMIS_CODE_SERVER_PORT:-8123}
mkdir -p "$cache/tmp"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
lap() { echo "[vscode $(date +%T)] $*"; }

export DEBIAN_FRONTEND=noninteractive
if ! dpkg -s chromium ripgrep libkrb5-dev >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq chromium ripgrep libkrb5-dev >/dev/null
fi

# code-server from npm, with the workarounds this machine needs: install scripts allowed (npm 11
# skips them otherwise; as root, also unsafe-perm), no prompt from npx node-gyp, and ripgrep's
# download cache seeded with Debian's rg (the registry is reachable, GitHub is not).
cs=$cache/cs/node_modules/.bin/code-server
if ! "$cs" --version >/dev/null 2>&1 || [ ! -d "$cache/cs/node_modules/code-server/lib/vscode/node_modules/node-pty/build" ]; then
  lap "installing code-server 4.100.3 (about 2 minutes)"
  rm -rf "$cache/cs" && mkdir -p "$cache/cs" "$cache/tmp/vscode-ripgrep-cache-1.15.11"
  tar czf "$cache/tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C /usr/bin rg
  (cd "$cache/cs" && npm init -y >/dev/null &&
    TMPDIR="$cache/tmp" npm_config_dangerously_allow_all_scripts=true npm_config_unsafe_perm=true \
    npm_config_yes=true npm install code-server@4.100.3 >"$cache/npm-code-server.log" 2>&1) ||
    { tail -30 "$cache/npm-code-server.log"; exit 1; }
fi
lap "code-server $("$cs" --version 2>/dev/null | tail -1 | cut -d' ' -f1)"
if [ ! -d "$cache/pw/node_modules/playwright-core" ]; then
  mkdir -p "$cache/pw" && (cd "$cache/pw" && npm init -y >/dev/null && npm install playwright-core@1.65.1 >/dev/null 2>&1)
fi

# The extension: type-checked, bundled, packaged offline with the server inside.
ext=$root/editors/vscode
(cd "$ext" && npm ci --no-audit --no-fund >/dev/null 2>&1 && mkdir -p server &&
  strip -o server/tamis "$bin" && npm run --silent package >/dev/null)
lap "packaged $(du -h "$ext/tamis.vsix" | cut -f1) tamis.vsix"

# A fresh code-server state, a folder of sample releases with a tamis.toml.
run=$(mktemp -d)
cleanup() { [ -n "${cspid:-}" ] && kill -- -"$cspid" 2>/dev/null; rm -rf "$run"; }
trap cleanup EXIT
mkdir -p "$run/user/User" "$run/ws"
cp "$root"/tests/sample-corpus/*.txt "$run/ws/"
printf '# tamis settings for this corpus\n[phone]\nformat = "international"\n' > "$run/ws/tamis.toml"
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" > "$run/config.yaml"
cat > "$run/user/User/settings.json" <<'JSON'
{ "workbench.startupEditor": "none", "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off", "update.mode": "none", "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false, "extensions.ignoreRecommendations": true, "git.enabled": false,
  "workbench.colorTheme": "Default Dark Modern" }
JSON
export TMPDIR="$cache/tmp" XDG_CONFIG_HOME=$run/xdg/config XDG_DATA_HOME=$run/xdg/data XDG_CACHE_HOME=$run/xdg/cache
args=(--config "$run/config.yaml" --user-data-dir "$run/user" --extensions-dir "$run/ext")
"$cs" "${args[@]}" --install-extension "$ext/tamis.vsix" >/dev/null
setsid "$cs" "${args[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --disable-proxy "$run/ws" >"$run/code-server.log" 2>&1 &
cspid=$!
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
lap "code-server listening on 127.0.0.1:$port"
mkdir -p "$root/tests/artifacts"
cp "$here/vscode_e2e.mjs" "$cache/pw/"
(cd "$cache/pw" && timeout 240 node vscode_e2e.mjs "http://127.0.0.1:$port" "$run/ws" "$root/tests/artifacts") || {
  tail -20 "$run/code-server.log"
  find "$run/user/logs" -name '*tamis*' -exec tail -n 40 {} \; 2>/dev/null
  find "$run/user/logs" -name 'exthost.log' -exec tail -n 40 {} \; 2>/dev/null
  exit 1; }
