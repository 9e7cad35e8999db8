"""brat files from `tamis export` read by a brat standoff reader from PyPI (bratly): the same
spans, in code points of the `.txt` as read with its line endings."""

import json
from pathlib import Path

import pytest

from annotation_support import tamis

bratly_io = pytest.importorskip(
    "bratly.io", reason="bratly is not installed: pip install -r tests/annotation/requirements.txt"
)


def test_brat_files_load_with_bratly_with_the_same_spans(corpus, tmp_path):
    out = tmp_path / "brat"
    tamis("export", "--no-corpus", corpus, "--format", "brat", "-o", out)
    tamis("export", "--no-corpus", corpus, "--format", "spacy-jsonl", "-o", tmp_path / "s.jsonl")
    spacy = {
        Path(d["meta"]["path"]).relative_to(corpus).with_suffix("").as_posix(): d
        for d in map(json.loads, (tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines())
    }
    assert set(spacy) == {"a/tricky", "b/plain", "b/second"}
    assert "person" in (out / "annotation.conf").read_text()
    for name, doc in spacy.items():
        text = bratly_io.read_from_file(str(out / f"{name}.txt"))
        assert text == doc["text"]
        collection = bratly_io.read_and_load_ann_file(str(out / f"{name}.ann"), renumerotize=False)
        spans = set()
        for a in collection.annotations:
            assert len(a.fragments) == 1, "never discontinuous"
            f = a.fragments[0]
            assert text[f.start : f.end].replace("\r", " ").replace("\n", " ") == a.content
            spans.add((a.label, f.start, f.end))
        flat = {(s["label"], s["start"], s["end"]) for s in doc["spans"]}
        assert flat <= spans and len(spans) >= 4, name
        if name == "a/tricky":
            assert "\r\n" in text and not text.startswith("\ufeff")
            email = next(s for s in spans if s[0] == "email")
            assert text[email[1] : email[2]] == "elena.prieto@iom.int"
