//! The language server in-process, over an in-memory duplex with real framing.

mod common;
mod lsp_support;

use std::path::Path;

use lsp_support::{apply_edits, position_of, uri_of, TestClient};
use serde_json::{json, Value};

fn copy_sample(to: &Path) {
    let from = common::repo().join("tests/sample-corpus");
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}

/// Diagnostics without the parts that vary between machines.
fn summary(diagnostics: &Value) -> Vec<String> {
    diagnostics["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}-{}:{} {} sev{} {} | fix: {}",
                d["range"]["start"]["line"],
                d["range"]["start"]["character"],
                d["range"]["end"]["line"],
                d["range"]["end"]["character"],
                d["code"].as_str().unwrap(),
                d["severity"],
                d["message"].as_str().unwrap(),
                d["data"]["fix"]["applicability"].as_str().unwrap_or("none"),
            )
        })
        .collect()
}

const PUSH_CAPS: &str = r#"{"window": {"workDoneProgress": true}, "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}, "applyEdit": true}, "textDocument": {"codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source.fixAll"]}}}}}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_hover_and_fixes_on_the_sample_corpus() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let mut c = TestClient::start();
    let caps: Value = serde_json::from_str(PUSH_CAPS).unwrap();
    let init = c.initialize(caps, Some(dir.path()), Value::Null).await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);
    let path = dir.path().join("fr-02-haiti-fonds.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = uri_of(&path);
    c.open(&uri, &text).await;
    // Once the corpus is indexed, the menu is confirmed by the corpus.
    let diags = c
        .diagnostics(&uri, |p| p.to_string().contains("boilerplate-corpus"))
        .await;
    assert_eq!(diags["version"], 1);
    insta::assert_snapshot!("lsp_diagnostics_fr02", summary(&diags).join("\n"));
    // Progress was reported while indexing.
    assert!(c
        .inbox
        .iter()
        .any(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"));

    // Hover anywhere on the `"mailto:…">…` remnant: the email card.
    let line = text
        .lines()
        .position(|l| l.starts_with("\"mailto:mobastien"))
        .unwrap();
    for character in [0, 10, 40] {
        let hover = c
            .result(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
            )
            .await;
        let value = hover["contents"]["value"].as_str().unwrap();
        assert!(
            value.contains("### Email `mobastien@horizon-migrations.org`"),
            "{value}"
        );
        if character == 10 {
            insta::assert_snapshot!("lsp_hover_email", value);
        }
    }
    // Hover on a phone number.
    let phone_line = text
        .lines()
        .position(|l| l.starts_with("Tel: + 509"))
        .unwrap();
    let hover = c
        .result(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": phone_line, "character": 8}}),
        )
        .await;
    insta::assert_snapshot!(
        "lsp_hover_phone",
        hover["contents"]["value"].as_str().unwrap()
    );
    // Hover on the menu: why it is boilerplate.
    let hover = c
        .result(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 2}}),
        )
        .await;
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("This line appears in 4 of 12 files"));

    // The quick fix on the remnant, preferred because safe, applied by the test as a client would.
    let actions = c
        .result(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": line, "character": 3}, "end": {"line": line, "character": 3}},
                   "context": {"diagnostics": []}}),
        )
        .await;
    let quick = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["isPreferred"] == true)
        .expect("a preferred quick fix");
    let edits = quick["edit"]["changes"][&uri].as_array().unwrap();
    let fixed = apply_edits(&text, edits, false);
    assert!(
        fixed.contains("\nE-mail: mobastien@horizon-migrations.org\nou\n"),
        "{fixed}"
    );
    assert!(actions
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["command"]["command"] == "tamis.ignore"));

    // Fix-all applies every safe fix: the same text as `tamis fix` writes in one round.
    let actions = c
        .result(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                   "context": {"diagnostics": [], "only": ["source.fixAll.tamis"]}}),
        )
        .await;
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1);
    let all = apply_edits(
        &text,
        actions[0]["edit"]["changes"][&uri].as_array().unwrap(),
        false,
    );
    insta::assert_snapshot!("lsp_fix_all_fr02", all);

    // The workspace command edits every corpus file through workspace/applyEdit.
    let r = c
        .result(
            "workspace/executeCommand",
            json!({"command": "tamis.fixWorkspace", "arguments": []}),
        )
        .await;
    assert_eq!(r["files"], 8, "{r}");
    assert_eq!(c.applied_edits.len(), 1);

    // The ignore command writes tamis.toml itself and the finding goes away.
    let phone = text
        .lines()
        .nth(phone_line)
        .unwrap()
        .trim_start_matches("Tel: ")
        .to_string();
    c.result(
        "workspace/executeCommand",
        json!({"command": "tamis.ignore", "arguments": [{"section": "phone", "value": phone}]}),
    )
    .await;
    let toml = std::fs::read_to_string(dir.path().join("tamis.toml")).unwrap();
    assert!(toml.contains("+ 509 2814 3366"), "{toml}");
    let diags = c
        .diagnostics(&uri, |p| !p.to_string().contains("+ 509 2814 3366"))
        .await;
    assert!(!summary(&diags).is_empty());

    // Close clears the diagnostics.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    )
    .await;
    let cleared = c.diagnostics(&uri, |p| p["diagnostics"] == json!([])).await;
    assert_eq!(cleared["diagnostics"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf8_is_negotiated_and_configuration_changes_apply_without_restart() {
    let mut c = TestClient::start();
    let init = c
        .initialize(
            json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
            None,
            json!({"phone": {"format": "e164"}}),
        )
        .await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let uri = "file:///tmp/tamis-utf8.txt";
    let text = "😀 é Tel: +506 2212.5352\n";
    c.open(uri, text).await;
    let d = c.diagnostics(uri, |_| true).await;
    let diag = &d["diagnostics"][0];
    let start = text.find('+').unwrap();
    assert_eq!(
        diag["range"]["start"],
        json!({"line": 0, "character": start})
    );
    assert_eq!(diag["data"]["fix"]["edits"][0]["newText"], "+50622125352");
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"tamis": {"phone": {"format": "international"}, "rules": {"phone-malformed": "error"}}}}),
    )
    .await;
    let d = c
        .diagnostics(uri, |p| p["diagnostics"][0]["severity"] == 1)
        .await;
    assert_eq!(
        d["diagnostics"][0]["data"]["fix"]["edits"][0]["newText"],
        "+506 2212 5352"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_diagnostics_for_clients_that_prefer_them() {
    let mut c = TestClient::start();
    let init = c
        .initialize(
            json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}},
                   "workspace": {"diagnostics": {"refreshSupport": true}}}),
            None,
            Value::Null,
        )
        .await;
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"],
        "tamis"
    );
    let uri = "file:///tmp/tamis-pull.txt";
    c.open(uri, "Tel: +506 2212.5352\n").await;
    let r = c
        .result(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(r["kind"], "full");
    assert_eq!(r["items"][0]["code"], "phone-malformed");
    // The report written by the server replaced the library's placeholder whole.
    assert!(r.get("resultId").is_none(), "{r}");
    assert!(!c
        .inbox
        .iter()
        .any(|m| m["method"] == "textDocument/publishDiagnostics"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_that_pull_without_refresh_get_pushed_diagnostics() {
    let mut c = TestClient::start();
    let init = c
        .initialize(
            json!({"textDocument": {"diagnostic": {}}}),
            None,
            Value::Null,
        )
        .await;
    assert!(init["capabilities"].get("diagnosticProvider").is_none());
    let uri = "file:///tmp/tamis-neovim-like.txt";
    c.open(uri, "Tel: +506 2212.5352\n").await;
    let d = c.diagnostics(uri, |_| true).await;
    assert_eq!(d["diagnostics"][0]["code"], "phone-malformed");
}

/// A tiny deterministic generator, so that a failure replays.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// A random char boundary of `text` that does not split a `\r\n` pair.
fn boundary(text: &str, rng: &mut Lcg) -> usize {
    let mut candidates: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    candidates.push(text.len());
    candidates.retain(|&i| {
        !(i > 0 && text.as_bytes()[i - 1] == b'\r' && text.as_bytes().get(i) == Some(&b'\n'))
    });
    candidates[rng.next(candidates.len())]
}

async fn random_edits(utf8: bool) {
    let mut c = TestClient::start();
    let caps = if utf8 {
        json!({"general": {"positionEncodings": ["utf-8"]}})
    } else {
        json!({})
    };
    c.initialize(caps, None, Value::Null).await;
    let uri = format!("file:///tmp/tamis-sync-{utf8}.txt");
    let mut text =
        "Titre\r\nTel: +506 2212.5352\rE-mail:\n\"mailto:a@iom.int\">a@iom.int\n".to_string();
    c.open(&uri, &text).await;
    let pieces = [
        "é",
        "œ",
        "😀",
        "\r\n",
        "\r",
        "\n",
        "abc",
        " ",
        "Tel: +1876 968 0569",
        "x@iom.int",
        "",
        "L'OIM",
    ];
    let mut rng = Lcg(if utf8 { 7 } else { 11 });
    let mut version = 1;
    for _ in 0..2000 {
        let a = boundary(&text, &mut rng);
        let b = boundary(&text, &mut rng);
        let (start, end) = (a.min(b), a.max(b));
        // Keep the document small: prefer deletions when it grows.
        let end = if text.len() > 600 {
            end.max((start + 40).min(text.len()))
        } else {
            end
        };
        let end = if text.is_char_boundary(end)
            && !(end > 0
                && end < text.len()
                && text.as_bytes()[end - 1] == b'\r'
                && text.as_bytes()[end] == b'\n')
        {
            end
        } else {
            start
        };
        let piece = pieces[rng.next(pieces.len())];
        let range =
            json!({"start": position_of(&text, start, utf8), "end": position_of(&text, end, utf8)});
        version += 1;
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": range, "text": piece}]}),
        )
        .await;
        text.replace_range(start..end, piece);
    }
    let server = c.result("tamis/documentText", json!({"uri": uri})).await;
    assert_eq!(server["version"], version);
    assert_eq!(
        server["text"].as_str().unwrap(),
        text,
        "the server's text differs (utf8: {utf8})"
    );
    // The last diagnostics carry the last version and point at the right characters.
    let d = c.diagnostics(&uri, |p| p["version"] == version).await;
    for diag in d["diagnostics"].as_array().unwrap() {
        let start = lsp_support::offset_of(&text, &diag["range"]["start"], utf8);
        let end = lsp_support::offset_of(&text, &diag["range"]["end"], utf8);
        let found = &text[start..end];
        let code = diag["code"].as_str().unwrap();
        if code.starts_with("phone") {
            assert!(
                found.starts_with('+') && found.ends_with(|c: char| c.is_ascii_digit()),
                "{code}: {found:?}"
            );
        }
        if code == "email-html-remnant" {
            assert!(found.starts_with("\"mailto:"), "{found:?}");
        }
    }
    // And no stale version was published after a newer one.
    let mut last = 0;
    for m in c
        .inbox
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
    {
        let v = m["params"]["version"].as_i64().unwrap();
        assert!(v >= last, "version {v} published after {last}");
        last = v;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_random_edits_keep_the_text_in_utf16() {
    random_edits(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_random_edits_keep_the_text_in_utf8() {
    random_edits(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_errors_and_the_server_stays_up() {
    let mut c = TestClient::start();
    // A request before initialize.
    let r = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///x"}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert_eq!(r["error"]["code"], -32002);
    c.initialize(json!({}), None, Value::Null).await;
    let r = c.request("textDocument/hover", json!({"textDocument": {"uri": "file:///unknown.txt"}, "position": {"line": 0, "character": 0}})).await;
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = c
        .request("textDocument/hover", json!({"nonsense": true}))
        .await;
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = c.request("tamis/unknownMethod", json!({})).await;
    assert_eq!(r["error"]["code"], -32601, "{r}");
    // Invalid JSON in a well-framed message: a parse error, and the server goes on.
    c.send_raw(b"Content-Length: 9\r\n\r\n{not json").await;
    let e = c.wait_for(|m| m["error"]["code"] == -32700).await;
    assert_eq!(e["id"], Value::Null);
    let uri = "file:///tmp/tamis-robust.txt";
    c.open(uri, "Tel: +506 2212.5352").await;
    // Positions far past the end are clamped.
    let r = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 99, "character": 99}}),
        )
        .await;
    assert!(r.get("error").is_none(), "{r}");
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///never-opened.txt", "version": 2}, "contentChanges": [{"text": "x"}]})).await;
    let r = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 8}}),
        )
        .await;
    assert!(r["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("Phone"));
    let r = c.request("shutdown", Value::Null).await;
    assert!(r.get("error").is_none());
    let r = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert_eq!(r["error"]["code"], -32600, "{r}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entities_in_hovers_outline_workspace_symbols_and_semantic_tokens() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let mut c = TestClient::start();
    let caps: Value = serde_json::from_str(PUSH_CAPS).unwrap();
    let init = c.initialize(caps, Some(dir.path()), Value::Null).await;
    let legend = &init["capabilities"]["semanticTokensProvider"]["legend"]["tokenTypes"];
    assert_eq!(
        legend,
        &json!([
            "person",
            "organisation",
            "place",
            "money",
            "date",
            "email",
            "phone"
        ])
    );
    assert_eq!(init["capabilities"]["documentSymbolProvider"], true);
    assert_eq!(init["capabilities"]["workspaceSymbolProvider"], true);
    let path = dir.path().join("fr-03-colombie-accord.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = uri_of(&path);
    c.open(&uri, &text).await;
    // Wait for the index (the corpus boilerplate shows it is done).
    c.diagnostics(&uri, |p| p.to_string().contains("boilerplate-corpus"))
        .await;
    let at = |needle: &str, skip: usize| {
        let offset = text.find(needle).unwrap() + skip;
        position_of(&text, offset, false)
    };
    let hover = |position: Value| json!({"textDocument": {"uri": uri}, "position": position});

    // A person: the card with the role, and how many corpus files name her.
    let h = c
        .result("textDocument/hover", hover(at("Elena Prieto, coord", 3)))
        .await;
    let value = h["contents"]["value"].as_str().unwrap();
    insta::assert_snapshot!("lsp_hover_person", value);
    assert!(
        value.contains("| Role | coordinatrice régionale |"),
        "{value}"
    );
    assert!(
        value.contains("Named in 1 of the 12 indexed corpus files."),
        "{value}"
    );
    // An amount and a place.
    let h = c
        .result("textDocument/hover", hover(at("300 000 dollars", 2)))
        .await;
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("`300000 USD`"));
    let h = c
        .result("textDocument/hover", hover(at("Bogota - ", 1)))
        .await;
    let value = h["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("### Place `Bogota`"), "{value}");
    assert!(value.contains("| Dateline | yes |"), "{value}");
    // The title line: the table of the release's entities.
    let h = c
        .result("textDocument/hover", hover(at("Un accord pour", 4)))
        .await;
    insta::assert_snapshot!("lsp_hover_title", h["contents"]["value"].as_str().unwrap());

    // The outline: entities grouped by type.
    let symbols = c
        .result(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let outline: Vec<String> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let children: Vec<&str> = g["children"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["name"].as_str().unwrap())
                .collect();
            format!("{}: {}", g["name"].as_str().unwrap(), children.join(" | "))
        })
        .collect();
    insta::assert_snapshot!("lsp_document_symbols", outline.join("\n"));

    // Workspace symbols: across the indexed corpus.
    let found = c
        .result(
            "workspace/symbol",
            json!({"query": "horizon-migrations.org"}),
        )
        .await;
    let files: std::collections::BTreeSet<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["location"]["uri"].as_str().unwrap())
        .collect();
    assert!(files.len() >= 5, "{found}");
    let prieto = c
        .result("workspace/symbol", json!({"query": "prieto"}))
        .await;
    let prieto: Vec<String> = prieto
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{} {}", s["name"], s["containerName"]))
        .collect();
    insta::assert_snapshot!("lsp_workspace_symbols", prieto.join("\n"));

    // Semantic tokens: decoded back to the text they colour.
    let tokens = c
        .result(
            "textDocument/semanticTokens/full",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let names = [
        "person",
        "organisation",
        "place",
        "money",
        "date",
        "email",
        "phone",
    ];
    let lines: Vec<Vec<u16>> = text.lines().map(|l| l.encode_utf16().collect()).collect();
    let (mut line, mut col) = (0usize, 0usize);
    let mut decoded = Vec::new();
    for t in data.chunks(5) {
        if t[0] > 0 {
            line += t[0] as usize;
            col = t[1] as usize;
        } else {
            col += t[1] as usize;
        }
        let s = String::from_utf16(&lines[line][col..col + t[2] as usize]).unwrap();
        decoded.push(format!("{} {s}", names[t[3] as usize]));
    }
    insta::assert_snapshot!("lsp_semantic_tokens", decoded.join("\n"));

    // The entities are extracted once per text: an edit must show in the next answers.
    let offset = text.find("Elena Prieto").unwrap();
    let start = position_of(&text, offset, false);
    let end = position_of(&text, offset + "Elena".len(), false);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": start, "end": end}, "text": "Ana María"}]}),
    )
    .await;
    let prieto = c
        .result("workspace/symbol", json!({"query": "prieto"}))
        .await;
    // The edited line names Ana María Prieto (as written and normalised); the contact block
    // below still names Elena Prieto.
    let on_line = |line: u64| -> Vec<String> {
        prieto
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["location"]["uri"] == json!(uri))
            .filter(|s| s["location"]["range"]["start"]["line"] == line)
            .map(|s| format!("{} · {}", s["name"], s["containerName"]))
            .collect()
    };
    assert_eq!(
        on_line(start["line"].as_u64().unwrap()),
        [r#""Ana María Prieto" · "person · Ana María Prieto""#],
        "{prieto}"
    );
    let h = c
        .result("textDocument/hover", hover(at("Elena Prieto, coord", 3)))
        .await;
    let value = h["contents"]["value"].as_str().unwrap();
    assert!(value.contains("`Ana María Prieto`"), "{value}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redact_this_person_replaces_every_mention_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let mut c = TestClient::start();
    let caps: Value = serde_json::from_str(PUSH_CAPS).unwrap();
    c.initialize(caps, Some(dir.path()), Value::Null).await;
    let path = dir.path().join("en-01-floods.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = uri_of(&path);
    c.open(&uri, &text).await;
    c.diagnostics(&uri, |_| true).await;
    let at = position_of(&text, text.find("Ruth Okafor").unwrap() + 2, false);
    let actions = c
        .result(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": at, "end": at},
                   "context": {"diagnostics": [], "only": ["refactor"]}}),
        )
        .await;
    let actions = actions.as_array().unwrap();
    let redact = actions
        .iter()
        .find(|a| a["title"] == "Redact this person (2 mentions in this file)")
        .unwrap_or_else(|| panic!("{actions:#?}"));
    assert_eq!(redact["kind"], "refactor.rewrite");
    let redacted = apply_edits(
        &text,
        redact["edit"]["changes"][&uri].as_array().unwrap(),
        false,
    );
    assert!(!redacted.contains("Okafor"), "{redacted}");
    assert_eq!(redacted.matches("[PERSON]").count(), 2);
}
