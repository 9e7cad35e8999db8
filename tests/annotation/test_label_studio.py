"""tamis's pre-annotations through a real Label Studio server, and the annotations read back.

The server (PyPI `label-studio`, SQLite, 127.0.0.1 on a fixed port) is started and stopped by the
test. A project is created through `label-studio-sdk` with the labeling configuration that
`tamis export --label-config` writes, the exported tasks are imported with their predictions and
read back through the API: every prediction's span must index its text in code points (what
Label Studio's editor counts; the texts hold emoji, so JavaScript's UTF-16 units would not do)
and be what `tamis entities` finds in the same text. Then annotations are made through
the API from the predictions, one of them with another label; the project's JSON export must
give exactly that one disagreement in `tamis eval`.

The server stores the offsets as it receives them: the unit is the editor's. Label Studio 1.23's
`Text` editor counts `[...text]`, code points (not a JavaScript string's UTF-16 indices); where
Chromium and Playwright are there, the last test opens the task in the real editor and reads the
highlighted text of every region.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from annotation_support import entities, tamis, utf16_offset

PORT = 18089
URL = f"http://127.0.0.1:{PORT}"
TOKEN = "tamis-test-token-0123456789abcdef"
USER, PASSWORD = "annotator@tamis.invalid", "tamis-test-password"


def label_studio_command() -> str | None:
    beside = Path(sys.executable).parent / "label-studio"
    return str(beside) if beside.exists() else shutil.which("label-studio")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    try:
        import label_studio_sdk  # noqa: F401
    except ImportError:
        pytest.skip(
            "label-studio-sdk is not installed: pip install -r tests/annotation/requirements.txt "
            "(tests/run.sh does it in target/annotation-venv)"
        )
    command = label_studio_command()
    if command is None:
        pytest.skip("label-studio is not installed: pip install -r tests/annotation/requirements.txt")
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", PORT)) == 0:
            pytest.fail(f"port {PORT} is taken: Label Studio would move to another one")
    data = tmp_path_factory.mktemp("label-studio")
    env = {
        **os.environ,
        "LABEL_STUDIO_BASE_DATA_DIR": str(data),
        "DJANGO_DB": "sqlite",
        "LABEL_STUDIO_USERNAME": USER,
        "LABEL_STUDIO_PASSWORD": PASSWORD,
        "LABEL_STUDIO_USER_TOKEN": TOKEN,
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
        "COLLECT_ANALYTICS": "false",
    }
    log = open(data / "server.log", "w")
    started = time.monotonic()
    proc = subprocess.Popen(
        [
            command,
            "start",
            "--no-browser",
            "--internal-host",
            "127.0.0.1",
            "--port",
            str(PORT),
            "--data-dir",
            str(data),
            "--username",
            USER,
            "--password",
            PASSWORD,
            "--user-token",
            TOKEN,
            "--enable-legacy-api-token",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        # A first start on a new machine migrates the database and collects the static files:
        # about a minute when idle, over five with the machine loaded (seen on a fresh machine
        # with builds beside the run, load 10). Slowness is not what this test is about.
        deadline = time.monotonic() + 900
        while True:
            if proc.poll() is not None:
                pytest.fail(f"Label Studio stopped: {(data / 'server.log').read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{URL}/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"Label Studio did not start: {(data / 'server.log').read_text()[-3000:]}")
            time.sleep(1)
        print(f"\nLabel Studio started in {time.monotonic() - started:.1f}s")
        yield URL
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_predictions_round_trip_and_annotations_score_back(server, corpus, tmp_path):
    from label_studio_sdk import LabelStudio

    started = time.monotonic()
    tasks_file, config_file = tmp_path / "tasks.json", tmp_path / "labels.xml"
    tamis(
        "export", "--no-corpus", corpus, "--format", "label-studio",
        "-o", tasks_file, "--label-config", config_file,
    )
    exported = json.loads(tasks_file.read_text(encoding="utf-8"))
    assert len(exported) == 3

    ls = LabelStudio(base_url=server, api_key=TOKEN)
    project = ls.projects.create(title="tamis export", label_config=config_file.read_text())
    ls.projects.import_tasks(id=project.id, request=exported, return_task_ids=True)

    # Read back through the API: the texts as sent, every span indexing its text in code points,
    # and the same entities as `tamis entities` on that text.
    tasks = list(ls.tasks.list(project=project.id, fields="all"))
    assert len(tasks) == 3
    checked = 0
    for task in tasks:
        text = task.data["text"]
        sent = next(t for t in exported if t["data"]["path"] == task.data["path"])
        assert text == sent["data"]["text"]
        predictions = ls.predictions.list(task=task.id)
        assert len(predictions) == 1
        assert predictions[0].model_version.startswith("tamis ")
        got = set()
        for r in predictions[0].result:
            v = r["value"]
            assert text[v["start"] : v["end"]] == v["text"], r
            got.add((v["labels"][0], v["start"], v["end"], v["text"]))
            checked += 1
        # What `tamis entities` gives for the same text (bytes of the file to code points).
        same = tmp_path / "same.txt"
        same.write_bytes(text.encode())
        expected = set()
        for e in entities(same):
            if e["type"] == "contact":
                continue
            b = text.encode()
            start = len(b[: e["span"]["start"]].decode())
            end = len(b[: e["span"]["end"]].decode())
            expected.add((e["type"], start, end, e["text"]))
        assert got == expected, task.data["path"]
        if task.data["path"].endswith("tricky.txt"):
            # Offsets after the emoji differ from UTF-16 units: the unit is pinned.
            email = next(g for g in got if g[0] == "email")
            assert email[1] == text.index("elena.prieto@")
            assert email[1] != utf16_offset(text, text.index("elena.prieto@"))
            assert "\r\n" in text and not text.startswith("\ufeff")
    assert checked >= 10

    # Annotators accept the predictions, but for one label that they change.
    changed = None
    for task in tasks:
        result = [dict(r) for r in ls.predictions.list(task=task.id)[0].result]
        if changed is None and task.data["path"].endswith("tricky.txt"):
            i = next(i for i, r in enumerate(result) if r["value"]["labels"] == ["person"])
            result[i] = {**result[i], "value": {**result[i]["value"], "labels": ["organisation"]}}
            changed = result[i]["value"]
        ls.annotations.create(id=task.id, result=result, was_cancelled=False)
    assert changed is not None
    gold = tmp_path / "export.json"
    gold.write_bytes(
        b"".join(ls.projects.exports.download_sync(project.id, export_type="JSON", download_all_tasks=True))
    )
    assert all(t["annotations"] for t in json.loads(gold.read_text(encoding="utf-8")))
    report = json.loads(
        tamis("eval", "--no-corpus", "--gold", gold, "--format", "label-studio", "--report", "json").stdout
    )
    assert report["documents"] == 3
    assert len(report["disagreements"]) == 1, report["disagreements"]
    d = report["disagreements"][0]
    assert d["kind"] == "type"
    assert (d["tamis"]["label"], d["gold"]["label"]) == ("person", "organisation")
    assert (d["gold"]["start"], d["gold"]["end"], d["gold"]["text"]) == (
        changed["start"], changed["end"], changed["text"],
    )
    assert report["types"]["email"]["exact"]["f1"] == 1.0
    human = tamis("eval", "--no-corpus", "--gold", gold, "--format", "label-studio", "--errors").stdout
    assert "1 disagreements" in human and "type" in human
    print(f"export, import, read back, annotate, export and eval: {time.monotonic() - started:.1f}s")


def highlighted(page, server, project_id, task_id, count) -> list[str]:
    """The text of each highlighted region of a task in the editor (once `count` are there)."""
    page.goto(f"{server}/projects/{project_id}/data?task={task_id}")
    page.wait_for_selector(".htx-highlight", timeout=120_000)
    page.wait_for_function(
        f"document.querySelectorAll('.htx-highlight').length >= {count}", timeout=60_000
    )
    return sorted(page.eval_on_selector_all(".htx-highlight", "els => els.map(e => e.textContent)"))


def test_the_editor_highlights_the_exported_spans(server, corpus, tmp_path):
    """The real editor, in Chromium: every region of the tricky text highlights its entity's
    text. A control task with the same regions in UTF-16 units highlights other text: the unit
    is the editor's, not a convention of the test."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed: pip install -r tests/annotation/requirements.txt"
    )
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no Chromium to open Label Studio's editor in (apt-get install chromium)")
    from label_studio_sdk import LabelStudio

    started = time.monotonic()
    tasks_file, config_file = tmp_path / "tasks.json", tmp_path / "labels.xml"
    tamis(
        "export", "--no-corpus", corpus / "a", "--format", "label-studio",
        "-o", tasks_file, "--label-config", config_file,
    )
    exported = json.loads(tasks_file.read_text(encoding="utf-8"))
    control = {"data": {**exported[0]["data"], "path": "utf16-control"}}
    ls = LabelStudio(base_url=server, api_key=TOKEN)
    project = ls.projects.create(title="tamis editor", label_config=config_file.read_text())
    ls.projects.import_tasks(id=project.id, request=[*exported, control])
    tasks = {t.data["path"]: t for t in ls.tasks.list(project=project.id, fields="all")}
    task, control_task = tasks[exported[0]["data"]["path"]], tasks["utf16-control"]
    result = ls.predictions.list(task=task.id)[0].result
    ls.annotations.create(id=task.id, result=result, was_cancelled=False)
    text = task.data["text"]
    in_utf16 = [
        {**r, "value": {**r["value"], "start": utf16_offset(text, r["value"]["start"]),
                        "end": utf16_offset(text, r["value"]["end"])}}
        for r in result
    ]
    assert in_utf16 != result, "the text has characters beyond the BMP before its entities"
    ls.annotations.create(id=control_task.id, result=in_utf16, was_cancelled=False)
    expected = sorted(r["value"]["text"] for r in result)

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(f"{server}/user/login/")
            page.fill("input[name=email]", USER)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(lambda url: "/user/login" not in url, timeout=60_000)
            shown = highlighted(page, server, project.id, task.id, len(expected))
            shown_control = highlighted(page, server, project.id, control_task.id, len(expected))
        finally:
            browser.close()
    assert shown == expected
    assert shown_control != expected, shown_control
    print(f"the editor in Chromium: {time.monotonic() - started:.1f}s")
