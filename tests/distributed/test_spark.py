"""The Spark example of docs/distributed.md, run at small scale in local mode: the merged model
equals the model of the whole corpus, and every release's findings and fixed text equal what
`tamis check|fix --stdin-jsonl` gives on one machine."""

import json
import os
import pathlib
import subprocess
import sys

import pyspark  # noqa: F401  (installed by tests/requirements.txt; fail loudly without it)

ROOT = pathlib.Path(__file__).resolve().parents[2]
TAMIS = os.environ.get("TAMIS_BIN", str(ROOT / "target" / "release" / "tamis"))


def corpus_lines(n=240):
    samples = sorted((ROOT / "tests" / "sample-corpus").glob("*.txt"))
    lines = []
    for i in range(n):
        text = samples[i % len(samples)].read_bytes().decode("utf-8")
        first, _, rest = text.partition("\n")
        lines.append(json.dumps({"id": f"r{i:04}", "text": f"{first} ({i})\n{rest}"}))
    return lines


def tamis(args, stdin):
    done = subprocess.run([TAMIS, *args], input=stdin.encode(), capture_output=True, check=False)
    assert done.returncode in (0, 1), done.stderr.decode()
    return done.stdout


def read_parts(folder):
    out = {}
    for part in sorted(folder.glob("part-*")):
        for line in part.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            out[record["id"]] = record
    return out


def test_spark_example_matches_one_machine(tmp_path):
    lines = corpus_lines()
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "spark" / "tamis_spark.py"), str(corpus), str(out),
         "--tamis", TAMIS, "--master", "local[2]", "--partitions", "4"],
        capture_output=True, text=True, check=False, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert "240 releases, 4 partitions" in done.stdout

    # The merged model is the whole corpus's model, byte for byte.
    whole = tmp_path / "whole.model"
    subprocess.run([TAMIS, "learn", "--stdin-jsonl", "-o", str(whole)],
                   input=corpus.read_bytes(), check=True, capture_output=True)
    assert (out / "corpus.model").read_bytes() == whole.read_bytes()

    stdin = corpus.read_text(encoding="utf-8")
    expected_findings = [json.loads(l) for l in
                         tamis(["check", "--stdin-jsonl", "--model", str(whole)], stdin).splitlines()]
    expected_fixed = [json.loads(l) for l in
                      tamis(["fix", "--stdin-jsonl", "--model", str(whole)], stdin).splitlines()]
    findings = read_parts(out / "findings")
    fixed = read_parts(out / "fixed")
    assert len(findings) == len(fixed) == 240
    for e in expected_findings:
        assert findings[e["id"]] == e
    for e in expected_fixed:
        assert fixed[e["id"]] == e
    # The corpus boilerplate was found through the merged model.
    codes = {f["code"] for r in findings.values() for f in r["findings"]}
    assert "boilerplate-corpus" in codes
    assert sum(r["changed"] for r in fixed.values()) > 100
