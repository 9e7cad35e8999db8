#!/usr/bin/env bash
# Neovim 0.11.4 in tmux on a sample release: diagnostics and :TamisEntities on screen, captured
# with `tmux capture-pane` into tests/artifacts/nvim-screen.txt (shown in the README).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
nvim=${TAMIS_NVIM:?TAMIS_NVIM}
bin=${TAMIS_BIN:-$root/target/release/tamis}
command -v tmux >/dev/null || { apt-get update -qq && apt-get install -y -qq tmux >/dev/null; }
x=$(mktemp -d)
session=tamis-screen-$$
trap 'tmux kill-session -t "$session" 2>/dev/null; rm -rf "$x"' EXIT
mkdir -p "$x/ws" "$root/tests/artifacts"
cp "$root"/tests/sample-corpus/*.txt "$x/ws/"
printf '[phone]\nformat = "international"\n' > "$x/ws/tamis.toml"
tmux new-session -d -s "$session" -x 120 -y 36 \
  "cd '$x/ws' && XDG_CONFIG_HOME=$x/c XDG_DATA_HOME=$x/d XDG_STATE_HOME=$x/s XDG_CACHE_HOME=$x/k \
   TAMIS_ROOT='$root' TAMIS_BIN='$bin' '$nvim' -u '$here/nvim_screen.lua' -i NONE -n fr-03-colombie-accord.txt"
screen=$root/tests/artifacts/nvim-screen.txt
for _ in $(seq 1 100); do
  tmux capture-pane -p -t "$session" > "$screen"
  if grep -q "\[People\]" "$screen" && grep -q "phone" "$screen"; then
    sleep 0.5
    tmux capture-pane -p -t "$session" > "$screen"
    echo "PASS: Neovim's screen captured in tests/artifacts/nvim-screen.txt"
    exit 0
  fi
  sleep 0.2
done
cat "$screen"
echo "FAIL: no diagnostics or entities on Neovim's screen"
exit 1
