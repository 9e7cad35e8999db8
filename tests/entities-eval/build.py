#!/usr/bin/env python3
"""Writes the evaluation set from releases.md: NN-slug.txt (text without markup) and
NN-slug.gold.tsv (`type<TAB>text<TAB>normalized`, and `contact<TAB>name<TAB>office|phones|emails`).

    python3 tests/entities-eval/build.py [FOLDER]     (default: this folder; `heldout` for the
                                                      releases never used to tune the rules)
"""

import pathlib
import re
import sys

HERE = pathlib.Path(__file__).parent
TYPES = {"per": "person", "org": "organisation", "loc": "place", "money": "money", "date": "date",
         "email": "email", "phone": "phone"}
MARK = re.compile(r"\{(per|org|loc|money|date|email|phone)\|([^|{}]+)(?:\|([^{}]+))?\}")


def main():
    here = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    source = (here / "releases.md").read_text(encoding="utf-8")
    for old in here.glob("[0-9]*"):
        old.unlink()
    for block in source.split("=== ")[1:]:
        name, _, body = block.partition("\n")
        text_lines, gold = [], []
        for line in body.rstrip("\n").split("\n"):
            if line.startswith("@contact "):
                fields = dict(f.strip().split("=", 1) for f in line[len("@contact "):].split(";"))
                gold.append(("contact", fields["name"],
                             f"{fields['office']}|{fields['phones']}|{fields['emails']}"))
                continue
            for m in MARK.finditer(line):
                kind, text, norm = m.group(1), m.group(2), m.group(3)
                gold.append((TYPES[kind], text, norm or ""))
            text_lines.append(MARK.sub(lambda m: m.group(2), line))
        (here / f"{name.strip()}.txt").write_text("\n".join(text_lines).rstrip("\n") + "\n", encoding="utf-8")
        (here / f"{name.strip()}.gold.tsv").write_text(
            "".join(f"{k}\t{t}\t{n}\n" for k, t, n in gold), encoding="utf-8")


if __name__ == "__main__":
    main()
