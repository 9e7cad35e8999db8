//! A minimal LSP client over an in-memory duplex, with real `Content-Length` framing, driving
//! the server in-process.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{
    AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf,
};

pub struct TestClient {
    write: WriteHalf<DuplexStream>,
    read: BufReader<ReadHalf<DuplexStream>>,
    next_id: i64,
    /// Notifications and server requests received and not yet consumed.
    pub inbox: VecDeque<Value>,
    /// Edits the server asked the client to apply.
    pub applied_edits: Vec<Value>,
    _server: tokio::task::JoinHandle<()>,
}

impl TestClient {
    pub fn start() -> TestClient {
        let (client, server) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server);
        let handle = tokio::spawn(tamis::lsp::serve(server_read, server_write));
        let (read, write) = tokio::io::split(client);
        TestClient {
            write,
            read: BufReader::new(read),
            next_id: 1,
            inbox: VecDeque::new(),
            applied_edits: Vec::new(),
            _server: handle,
        }
    }

    pub async fn send(&mut self, message: &Value) {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{}", body.len(), body);
        self.write.write_all(frame.as_bytes()).await.unwrap();
    }

    pub async fn send_raw(&mut self, bytes: &[u8]) {
        self.write.write_all(bytes).await.unwrap();
    }

    pub async fn recv(&mut self) -> Value {
        let mut length = None;
        loop {
            let mut line = String::new();
            let n = self.read.read_line(&mut line).await.unwrap();
            assert!(n > 0, "the server closed the stream");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = Some(v.parse::<usize>().unwrap());
            }
        }
        let mut body = vec![0; length.expect("a Content-Length header")];
        self.read.read_exact(&mut body).await.unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    async fn recv_timeout(&mut self) -> Value {
        tokio::time::timeout(Duration::from_secs(20), self.recv())
            .await
            .expect("the server answered within 20 s")
    }

    /// Answers a request from the server as a cooperative client does.
    async fn answer(&mut self, message: &Value) {
        let id = message["id"].clone();
        let result = match message["method"].as_str() {
            Some("workspace/applyEdit") => {
                self.applied_edits.push(message["params"]["edit"].clone());
                json!({"applied": true})
            }
            Some("workspace/configuration") => json!([]),
            _ => Value::Null,
        };
        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}))
            .await;
    }

    /// Sends a request and returns its whole response (`result` or `error`).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        loop {
            let m = self.recv_timeout().await;
            if m.get("method").is_none() && m["id"] == json!(id) {
                return m;
            }
            if m.get("method").is_some() && m.get("id").is_some() {
                self.answer(&m).await;
            }
            self.inbox.push_back(m);
        }
    }

    pub async fn result(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params).await;
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    /// Waits for a notification (or server request) matching `pred`, consuming it.
    pub async fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.inbox.iter().position(&pred) {
            return self.inbox.remove(i).unwrap();
        }
        loop {
            let m = self.recv_timeout().await;
            if m.get("method").is_some() && m.get("id").is_some() {
                self.answer(&m).await;
            }
            if pred(&m) {
                return m;
            }
            self.inbox.push_back(m);
        }
    }

    /// Waits for diagnostics of `uri` that satisfy `pred`.
    pub async fn diagnostics(&mut self, uri: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && pred(&m["params"])
        })
        .await["params"]
            .clone()
    }

    pub async fn initialize(
        &mut self,
        capabilities: Value,
        root: Option<&std::path::Path>,
        options: Value,
    ) -> Value {
        let folders = root.map(|r| json!([{"uri": uri_of(r), "name": "corpus"}]));
        let result = self
            .result(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": root.map(uri_of),
                    "capabilities": capabilities,
                    "workspaceFolders": folders,
                    "initializationOptions": options,
                }),
            )
            .await;
        self.notify("initialized", json!({})).await;
        result
    }

    pub async fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        )
        .await;
    }
}

pub fn uri_of(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

/// Applies LSP text edits, counted in the given unit (`utf-16` or `utf-8`), to a text; lines end at
/// `\n`, `\r\n` and `\r`. Written apart from tamis's own conversions so that it can check them.
pub fn apply_edits(text: &str, edits: &[Value], utf8: bool) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset_of(text, &e["range"]["start"], utf8),
                offset_of(text, &e["range"]["end"], utf8),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| s.0);
    let mut out = text.to_string();
    for (s, e, t) in spans.into_iter().rev() {
        out.replace_range(s..e, &t);
    }
    out
}

/// The byte offset of an LSP position, computed naively.
pub fn offset_of(text: &str, position: &Value, utf8: bool) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let mut current = 0;
    let mut offset = 0;
    let bytes = text.as_bytes();
    while current < line && offset < bytes.len() {
        if bytes[offset] == b'\r' {
            offset += if bytes.get(offset + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            current += 1;
        } else if bytes[offset] == b'\n' {
            offset += 1;
            current += 1;
        } else {
            offset += 1;
        }
    }
    let mut units = 0;
    for c in text[offset..].chars() {
        if c == '\n' || c == '\r' || units >= character {
            break;
        }
        units += if utf8 { c.len_utf8() } else { c.len_utf16() };
        offset += c.len_utf8();
    }
    offset
}

/// The LSP position of a byte offset, computed naively.
pub fn position_of(text: &str, offset: usize, utf8: bool) -> Value {
    let before = &text[..offset];
    let mut line = 0;
    let mut line_start = 0;
    let b = before.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
            i += 2;
            line += 1;
            line_start = i;
        } else if b[i] == b'\r' || b[i] == b'\n' {
            i += 1;
            line += 1;
            line_start = i;
        } else {
            i += 1;
        }
    }
    let col: usize = before[line_start..]
        .chars()
        .map(|c| if utf8 { c.len_utf8() } else { c.len_utf16() })
        .sum();
    json!({"line": line, "character": col})
}
