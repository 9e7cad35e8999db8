#!/usr/bin/env python3
"""Boilerplate removal with a corpus per site: the scrapinghub pages of ../shared/testdata/webpages
grouped into one folder per URL host, `tamis fix` (safe, or with --unsafe-fixes) run on each folder
as its own corpus, then scored together with the set's score.py. Builds nothing: give it a binary.

    python3 server/tamis/benches/webpages_per_site.py [TAMIS_BINARY] [safe|unsafe]
"""

import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "../../.."))


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "target/release/tamis")
    mode = sys.argv[2] if len(sys.argv) > 2 else "unsafe"
    shared = os.environ.get("SHARED", os.path.join(REPO, "../shared"))
    root = os.path.join(shared, "testdata/webpages/scrapinghub")
    gold = json.load(open(os.path.join(root, "gold.json")))
    by_host = collections.defaultdict(list)
    for page, entry in gold.items():
        by_host[urllib.parse.urlparse(entry["url"]).hostname].append(page)
    with tempfile.TemporaryDirectory() as work:
        flat = os.path.join(work, "flat")
        os.makedirs(flat)
        for host, pages in by_host.items():
            site = os.path.join(work, "sites", host)
            os.makedirs(site)
            for page in pages:
                copy = shutil.copy(os.path.join(root, "text", f"{page}.txt"), site)
                os.chmod(copy, 0o644)
            args = [binary, "fix"] + (["--unsafe-fixes"] if mode == "unsafe" else []) + [site]
            subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for page in pages:
                shutil.copy(os.path.join(site, f"{page}.txt"), flat)
        several = sum(len(p) > 1 for p in by_host.values())
        print(f"{len(by_host)} sites ({several} with two pages or more), mode {mode}")
        subprocess.run(["python3", os.path.join(root, "../score.py"), "scrapinghub", flat], check=True)


if __name__ == "__main__":
    main()
