"""Shared pieces of the annotation-tool tests: the tamis binary and the tricky texts."""

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Where offsets go wrong: a byte-order mark and CRLF line endings, emoji beyond the BMP (one of
# them a flag of two code points, one with a skin tone), a combining accent, a contact record
# across lines.
TRICKY = (
    "\ufeffGenève, le 3 mars 2024 😀🇨🇭\r\n\r\n"
    "La directrice Elena Prieto a annoncé un don de 2 millions de dollars à la Croix-Rouge.\r\n"
    "Jose\u0301 Martínez, porte-parole de l'OIM, l'a confirmé 👍🏽 à Bogotá le 5 mars 2024.\r\n\r\n"
    "Contact :\r\nElena Prieto\r\nelena.prieto@iom.int\r\n+41 22 717 9111\r\n"
)
PLAIN = (
    "Nairobi, 12 avril 2023\n\n"
    "Le ministre Joseph Kamau a visité Mombasa avec l'UNICEF.\n"
    "Contact : Joseph Kamau, jkamau@example.org, +254 20 123 4567\n"
)


def tamis_bin() -> str:
    return os.environ.get("TAMIS_BIN") or str(ROOT / "target" / "release" / "tamis")


def tamis(*args, cwd=None) -> subprocess.CompletedProcess:
    """Runs tamis and fails the test with its stderr when it fails."""
    r = subprocess.run([tamis_bin(), *map(str, args)], cwd=cwd, capture_output=True, text=True)
    assert r.returncode == 0, f"tamis {args}: {r.stderr}"
    return r


def entities(path: Path) -> list[dict]:
    """What `tamis entities` gives for a file, without a corpus model."""
    out = tamis("entities", "--no-corpus", path).stdout
    return [json.loads(line) for line in out.splitlines()]


def utf16_offset(text: str, codepoints: int) -> int:
    """What JavaScript's `length` gives for the first `codepoints` characters."""
    return len(text[:codepoints].encode("utf-16-le")) // 2
