#!/usr/bin/env bash
# Boilerplate removal on the public web-page sets of ../shared/testdata/webpages: precision,
# recall and F1 of what `tamis fix` leaves (safe page by page, `safe` and `unsafe` with
# --no-corpus; `corpus`: plain `tamis fix` on the folder, the model learned from its pages, as
# users run it), per set, on all
# pages and on each half (even / odd position in the sorted page list), so that a change tuned on
# one half can be checked on the other. Builds nothing: give it a binary.
#
#   bash server/tamis/benches/webpages.sh [TAMIS_BINARY] [--pages]
#
# TAMIS_BINARY defaults to target/release/tamis. --pages also prints every page's precision and
# recall in unsafe mode (worst first), for error analysis. SHARED (default ../shared beside the
# checkout) points at the shared folder.
set -euo pipefail
here=$(cd "$(dirname "$0")/../../.." && pwd)
bin=${1:-$here/target/release/tamis}
pages=${2:-}
shared=${SHARED:-$here/../shared}
sets=$shared/testdata/webpages
[ -x "$bin" ] || { echo "no tamis binary at $bin" >&2; exit 2; }
[ -f "$sets/score.py" ] || { echo "no $sets/score.py (set SHARED)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%-12s %-9s %-6s %6s %6s %6s\n' set mode half P R F1
for set in scrapinghub readability; do
  for mode in untouched safe corpus unsafe; do
    dir=$work/$set-$mode
    mkdir -p "$dir"
    cp -r "$sets/$set/text/." "$dir"
    chmod -R u+w "$dir"
    case $mode in
      safe) "$bin" fix --no-corpus "$dir" >/dev/null 2>&1 || true ;;
      corpus) "$bin" fix "$dir" >/dev/null 2>&1 || true ;;
      unsafe) "$bin" fix --unsafe-fixes --no-corpus "$dir" >/dev/null 2>&1 || true ;;
    esac
    python3 - "$sets" "$set" "$mode" "$dir" "$pages" <<'PY'
import importlib.util, os, statistics, sys
sets, name, mode, where, pages = sys.argv[1:]
spec = importlib.util.spec_from_file_location("score", os.path.join(sets, "score.py"))
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)
gold = score.gold_pages(name)
rows = []
for i, (page, body) in enumerate(sorted(gold.items())):
    try:
        pred = open(os.path.join(where, page + ".txt"), encoding="utf-8", errors="replace").read()
    except FileNotFoundError:
        pred = ""
    rows.append((i, page, score.page_score(body, pred)))
def line(half, subset):
    p = statistics.mean(score.precision(*s) for _, _, s in subset if s[0] + s[1] > 0)
    r = statistics.mean(score.recall(*s) for _, _, s in subset if s[0] + s[2] > 0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{name:<12} {mode:<9} {half:<6} {p:6.3f} {r:6.3f} {f:6.3f}")
line("all", rows)
line("even", [r for r in rows if r[0] % 2 == 0])
line("odd", [r for r in rows if r[0] % 2 == 1])
if pages == "--pages" and mode == "unsafe":
    for i, page, s in sorted(rows, key=lambda r: score.recall(*r[2]) + score.precision(*r[2])):
        print(f"  {i:3d} {'even' if i % 2 == 0 else 'odd ':4} P {score.precision(*s):.3f} R {score.recall(*s):.3f} {page}")
PY
  done
done
