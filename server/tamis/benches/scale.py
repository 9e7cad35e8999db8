#!/usr/bin/env python3
"""Corpus-scale benchmark: tamis check / fix --diff / learn on a generated corpus, single-threaded
and on all cores, against `rg` with the email and phone patterns (a lower bound for any scan) and
`typos` (typos-cli, a peer linter), with files/s, MB/s and peak memory.

    python3 server/tamis/benches/scale.py                 # 100,000 files, about 400 MB
    python3 server/tamis/benches/scale.py --files 10000   # a quicker run
    python3 server/tamis/benches/scale.py --reference --files 20000
        # 20,000 files made from ../shared/corpus/iom-fr (header kept, body lines shuffled)
    python3 server/tamis/benches/scale.py --reference --files 20000 --base /path/to/old/tamis
        # the same, with another build's `check` timed in the same run (before and after)

With --runs N each round times every command once, in turn, and the best of the N rounds is kept:
a load that comes and goes then weighs on all commands alike.

Needs `rg` (apt-get install ripgrep); `typos` (cargo install typos-cli) is timed when installed.
Builds tamis in release mode. The corpus is made from tests/sample-corpus with variations (every file different,
every artifact present) and kept in target/scale-corpus-N for later runs. Results are printed as a
table and written to target/scale-results-N.json.
"""

import argparse
import json
import os
import pathlib
import random
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[3]
EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
PHONE = r"\+ ?[0-9][0-9 .()-]{6,}[0-9]"


def generate(folder: pathlib.Path, files: int) -> int:
    marker = folder / ".complete"
    if marker.exists():
        return sum(p.stat().st_size for p in folder.rglob("*.txt"))
    shutil.rmtree(folder, ignore_errors=True)
    samples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/sample-corpus").glob("*.txt"))]
    words = " ".join(samples).split()
    rng = random.Random(42)
    total = 0
    for i in range(files):
        sub = folder / f"{i // 1000:03}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        parts = [samples[(i + k * 5) % len(samples)] for k in range(7)]
        first, _, rest = parts[0].partition("\n")
        filler = " ".join(rng.choice(words) for _ in range(40))
        text = f"{first} n°{i}\n{rest}\n{filler}.\n" + "\n".join(parts[1:])
        data = text.encode("utf-8")
        (sub / f"release-{i:06}.txt").write_bytes(data)
        total += len(data)
    marker.write_text("ok")
    return total


def generate_reference(folder: pathlib.Path, files: int) -> int:
    """Files made from the reference releases: the first 20 lines (menu, title, dateline) kept,
    the other lines shuffled, so that every file differs and has the reference's artifacts."""
    marker = folder / ".complete"
    if marker.exists():
        return sum(p.stat().st_size for p in folder.rglob("*.txt"))
    shutil.rmtree(folder, ignore_errors=True)
    releases = [p.read_text(encoding="utf-8") for p in sorted((ROOT.parent / "shared/corpus/iom-fr").glob("*.txt"))]
    if not releases:
        sys.exit("../shared/corpus/iom-fr is needed for --reference")
    rng = random.Random(7)
    total = 0
    for i in range(files):
        sub = folder / f"{i // 1000:03}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        lines = releases[i % len(releases)].split("\n")
        head, body = lines[:20], lines[20:]
        rng.shuffle(body)
        data = "\n".join(head + body).encode("utf-8")
        (sub / f"release-{i:06}.txt").write_bytes(data)
        total += len(data)
    marker.write_text("ok")
    return total


def timed(command, cwd=None):
    """Wall time (s) and peak RSS (MB) of a command, output discarded."""
    time_cmd = ["/usr/bin/time", "-f", "%e %M"] + command
    started = time.perf_counter()
    done = subprocess.run(time_cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - started
    last = done.stderr.decode().strip().splitlines()[-1].split()
    if done.returncode not in (0, 1, 2) or len(last) != 2:
        sys.exit(f"{command}: exit {done.returncode}: {done.stderr.decode()[-2000:]}")
    return wall, int(last[1]) / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1, help="runs per command (best kept)")
    parser.add_argument("--reference", action="store_true",
                        help="files made from ../shared/corpus/iom-fr instead of tests/sample-corpus")
    parser.add_argument("--bin", help="the tamis binary to time (default: build target/release/tamis)")
    parser.add_argument("--base", help="another tamis binary whose `check` is timed beside it")
    args = parser.parse_args()
    for tool in ("rg", "/usr/bin/time"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed (rg: apt-get install ripgrep; time: apt-get install time)")
    has_typos = shutil.which("typos") is not None
    if not has_typos:
        print("typos is not installed (cargo install typos-cli): not timed", flush=True)
    if args.bin:
        tamis = args.bin
    else:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        tamis = str(ROOT / "target/release/tamis")
    kind = "reference" if args.reference else "corpus"
    folder = ROOT / f"target/scale-{kind}-{args.files}"
    print(f"generating {args.files} files in {folder} ...", flush=True)
    size = (generate_reference if args.reference else generate)(folder, args.files)
    mb = size / 1e6
    cores = os.cpu_count()
    print(f"{args.files} files, {mb:.1f} MB, {cores} cores", flush=True)
    subprocess.run(f"find {folder} -name '*.txt' -print0 | xargs -0 cat > /dev/null", shell=True)  # warm cache
    model = ROOT / "target/scale.model"
    f = str(folder)
    commands = {}
    for label, j in (("1 thread", "1"), (f"{cores} threads", str(cores))):
        commands[f"tamis check ({label})"] = [tamis, "check", "-j", j, "--format", "json", f]
        if args.base:
            commands[f"base check ({label})"] = [args.base, "check", "-j", j, "--format", "json", f]
        commands[f"tamis check --model ({label})"] = [tamis, "check", "-j", j, "--model", str(model), "--format", "json", f]
        commands[f"tamis fix --diff ({label})"] = [tamis, "fix", "--diff", "-j", j, f]
        commands[f"tamis learn ({label})"] = [tamis, "learn", "-j", j, f, "-o", str(model)]
        commands[f"rg email+phone ({label})"] = ["rg", "-j", j, "-c", "-e", EMAIL, "-e", PHONE, f]
        if has_typos:
            commands[f"typos ({label})"] = ["typos", "--threads", j, "--format", "brief", f]
    # The model must exist before `check --model`.
    subprocess.run([tamis, "learn", f, "-o", str(model)], check=True, capture_output=True)
    best = {}
    for r in range(args.runs):
        for name, command in commands.items():
            wall, rss = timed(command)
            if name not in best or wall < best[name][0]:
                best[name] = (wall, rss)
        print(f"round {r + 1} of {args.runs} done", flush=True)
    results = {}
    print(f"{'command':<36} {'s':>8} {'files/s':>10} {'MB/s':>8} {'peak MB':>8}", flush=True)
    for name, (wall, rss) in best.items():
        results[name] = {"seconds": wall, "files_per_s": args.files / wall, "mb_per_s": mb / wall, "peak_rss_mb": rss}
        print(f"{name:<36} {wall:>8.2f} {args.files / wall:>10.0f} {mb / wall:>8.1f} {rss:>8.1f}", flush=True)
    print()
    for label in ("1 thread", f"{cores} threads"):
        check = results[f"tamis check ({label})"]["seconds"]
        rg = results[f"rg email+phone ({label})"]["seconds"]
        line = f"{label}: tamis check / rg = {check / rg:.2f}x slower"
        if args.base:
            base = results[f"base check ({label})"]["seconds"]
            line += f"; base check / tamis check = {base / check:.2f}x"
        if has_typos:
            typos = results[f"typos ({label})"]["seconds"]
            line += f"; typos / tamis check = {typos / check:.2f}x"
        print(line)
    out = ROOT / f"target/scale-results-{kind}-{args.files}.json"
    out.write_text(json.dumps({"files": args.files, "megabytes": mb, "cores": cores, "results": results}, indent=2))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
