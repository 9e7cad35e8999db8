"""Clean a corpus of press releases with tamis on Apache Spark.

The corpus is JSON lines, one `{"id": ..., "text": ...}` per release (local path, hdfs://,
s3a://, ...). Three steps, each with the stock `tamis` binary on every executor:

1. every partition learns its boilerplate model (`tamis learn --stdin-jsonl`, one JSON line out);
2. the driver merges the partitions' models by addition (`tamis learn --merge`), which gives
   exactly the model of the whole corpus, and ships it to the executors (`addFile`);
3. every partition is checked and fixed with that model (`tamis check|fix --stdin-jsonl --model`).

Output folder: `corpus.model`, `findings/` (`{"id", "findings"}` per release) and `fixed/`
(`{"id", "text", "changed", "applied", "remaining"}` per release), as JSON lines.

    python docs/spark/tamis_spark.py corpus.jsonl out/ --master 'local[*]'
    spark-submit docs/spark/tamis_spark.py hdfs:///corpus/*.jsonl hdfs:///cleaned/ --tamis /opt/tamis
"""

import argparse
import json
import os
import shutil
import subprocess
import tempfile

from pyspark import SparkFiles
from pyspark.sql import SparkSession

MODEL = "corpus.model"


def through_tamis(tamis, args, with_model):
    """A partition function that pipes the partition's JSON lines through `tamis ARGS`."""

    def run(lines):
        command = [tamis, *args]
        if with_model:
            command += ["--model", SparkFiles.get(MODEL)]
        with tempfile.TemporaryFile() as stdin:
            for line in lines:
                stdin.write(line.encode("utf-8") + b"\n")
            stdin.seek(0)
            done = subprocess.run(command, stdin=stdin, capture_output=True, check=False)
        # 0: clean, 1: findings, 2: some lines refused (each has its error line in the output).
        if done.returncode not in (0, 1, 2):
            raise RuntimeError(f"{command} failed: {done.stderr.decode(errors='replace')}")
        return done.stdout.decode("utf-8").splitlines()

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input", help="JSON lines, one {id, text} per release")
    parser.add_argument("output", help="output folder (must not exist)")
    parser.add_argument("--tamis", default="tamis", help="the tamis binary on the executors")
    parser.add_argument("--master", default=None, help="Spark master when not run by spark-submit")
    parser.add_argument("--partitions", type=int, default=None)
    parser.add_argument("--unsafe-fixes", action="store_true")
    args = parser.parse_args()

    builder = SparkSession.builder.appName("tamis")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    docs = sc.textFile(args.input)
    if args.partitions:
        docs = docs.repartition(args.partitions)
    docs.cache()

    # 1. One model per partition, as one JSON line each.
    parts = docs.mapPartitions(through_tamis(args.tamis, ["learn", "--stdin-jsonl"], False)).collect()

    # 2. Merged on the driver, then shipped to every executor.
    local = tempfile.mkdtemp(prefix="tamis-spark-")
    with open(os.path.join(local, "parts.jsonl"), "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")
    model = os.path.join(local, MODEL)
    subprocess.run(
        [args.tamis, "learn", "--merge", os.path.join(local, "parts.jsonl"), "-o", model], check=True
    )
    sc.addFile(model)

    # 3. Check and fix every release with the corpus model.
    check = docs.mapPartitions(through_tamis(args.tamis, ["check", "--stdin-jsonl"], True))
    fix_args = ["fix", "--stdin-jsonl"] + (["--unsafe-fixes"] if args.unsafe_fixes else [])
    fixed = docs.mapPartitions(through_tamis(args.tamis, fix_args, True))
    check.saveAsTextFile(args.output.rstrip("/") + "/findings")
    fixed.saveAsTextFile(args.output.rstrip("/") + "/fixed")
    if "://" not in args.output or args.output.startswith("file://"):
        shutil.copy(model, os.path.join(args.output.removeprefix("file://"), MODEL))

    releases = docs.count()
    with_findings = check.filter(lambda l: json.loads(l).get("findings")).count()
    print(f"tamis on Spark: {releases} releases, {len(parts)} partitions, {with_findings} with findings")
    spark.stop()
    shutil.rmtree(local, ignore_errors=True)


if __name__ == "__main__":
    main()
