"""Shared setup: the release binary and the recorded client capabilities in ../shared."""
import json
import os
import pathlib
import shutil

import pytest
from lsprotocol import converters, types

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
CLIENTS = SHARED / "testdata" / "lsp-clients"
TAMIS = os.environ.get("TAMIS_BIN", str(ROOT / "target" / "release" / "tamis"))
SERVER = [TAMIS, "lsp"]

# The recorded `initialize` of each real editor, replayed as is.
RECORDED = ["visual_studio_code_v1.65.2", "neovim_v0.10.0", "neovim_v0.6.1", "emacs_v29.1"]


def recorded_capabilities(name: str) -> types.ClientCapabilities:
    data = json.loads((CLIENTS / f"{name}.json").read_text())
    return converters.get_converter().structure(data["capabilities"], types.ClientCapabilities)


def uses_utf8(capabilities: types.ClientCapabilities) -> bool:
    general = capabilities.general
    return bool(general and general.position_encodings and "utf-8" in general.position_encodings)


@pytest.fixture
def workspace(tmp_path):
    """A copy of the seed corpus (from ../shared, never copied into the repository)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SHARED / "corpus" / "iom-fr", corpus)
    for f in corpus.iterdir():
        f.chmod(0o644)
    return corpus
