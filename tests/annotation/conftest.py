"""The corpus of tricky texts the annotation-tool tests export."""

from pathlib import Path

import pytest

from annotation_support import PLAIN, TRICKY


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Three releases in two sub-folders; written as bytes so that CRLF stays CRLF."""
    (tmp_path / "corpus" / "a").mkdir(parents=True)
    (tmp_path / "corpus" / "b").mkdir(parents=True)
    (tmp_path / "corpus" / "a" / "tricky.txt").write_bytes(TRICKY.encode())
    (tmp_path / "corpus" / "b" / "plain.txt").write_bytes(PLAIN.encode())
    (tmp_path / "corpus" / "b" / "second.txt").write_bytes(
        PLAIN.replace("Joseph Kamau", "Amina Odhiambo").encode()
    )
    return tmp_path / "corpus"
