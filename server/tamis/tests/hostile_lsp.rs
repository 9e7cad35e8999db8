//! Hostile input to `tamis lsp`, the real binary over its stdio: broken framing, invalid JSON,
//! a 100 MB message, unknown methods, requests before `initialize` and after `shutdown`. The
//! server answers as the specification says, stays up, and its memory stays bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tamis"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take();
        Server {
            child,
            stdin,
            messages,
        }
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        self.send_raw(&frame(&message.to_string()));
    }

    fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m["id"] == id)
    }

    /// The next message that matches, skipping the others (diagnostics, logs).
    fn wait_for(&mut self, matches: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self
                .messages
                .recv_timeout(Duration::from_secs(60))
                .expect("the server answers");
            if matches(&m) {
                return m;
            }
        }
    }

    fn initialize(&mut self) {
        let r = self.request(1, "initialize", json!({"capabilities": {}}));
        assert!(r["result"]["capabilities"].is_object(), "{r}");
        self.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    }

    /// The peak resident memory of the server, in MiB.
    fn peak_rss_mib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kib: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap();
        kib / 1024
    }

    /// The peak resident memory once the server's background warm-up (run a moment after
    /// `initialized`) is over: when it has not grown for a second, ten seconds at most.
    fn settled_peak_rss_mib(&self) -> u64 {
        let mut last = self.peak_rss_mib();
        let mut still = 0;
        for _ in 0..100 {
            std::thread::sleep(std::time::Duration::from_millis(100));
            let now = self.peak_rss_mib();
            still = if now == last { still + 1 } else { 0 };
            last = now;
            if still >= 10 {
                break;
            }
        }
        last
    }

    /// Closes stdin and waits for the process to end.
    fn end(mut self) -> std::process::ExitStatus {
        self.stdin = None;
        for _ in 0..600 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        self.child.kill().unwrap();
        panic!("the server did not end at the end of its input");
    }
}

fn hover(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

const URI: &str = "file:///tmp/tamis-hostile.txt";

#[test]
fn broken_framing_invalid_json_and_unknown_methods_get_errors_and_the_server_goes_on() {
    let mut s = Server::start();
    // Before initialize: ServerNotInitialized.
    let r = s.request(100, "textDocument/hover", hover(URI, 0, 0));
    assert_eq!(r["error"]["code"], -32002, "{r}");
    s.initialize();
    // Invalid JSON: a parse error with a null id.
    s.send_raw(&frame("{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\""));
    let e = s.wait_for(|m| m.get("error").is_some());
    assert_eq!(e["error"]["code"], -32700, "{e}");
    assert_eq!(e["id"], Value::Null);
    // Valid JSON that is no message object.
    s.send_raw(&frame("[1, 2, 3]"));
    let e = s.wait_for(|m| m.get("error").is_some());
    assert_eq!(e["error"]["code"], -32600, "{e}");
    // A Content-Length shorter than the body: the cut body is an error, and the server finds the
    // next header on the rest of the line.
    let body = json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}).to_string();
    s.send_raw(format!("Content-Length: 5\r\n\r\n{body}").as_bytes());
    s.send(json!({"jsonrpc": "2.0", "id": 4, "method": "tamis/unknown", "params": {}}));
    // The framing guard and the server answer on two paths: the replies come in either order.
    let (mut parse_error, mut unknown) = (None, None);
    while parse_error.is_none() || unknown.is_none() {
        let m = s.wait_for(|m| m.get("error").is_some());
        if m["id"] == 4 {
            unknown = Some(m);
        } else {
            parse_error = Some(m);
        }
    }
    let (e, r) = (parse_error.unwrap(), unknown.unwrap());
    assert_eq!(e["error"]["code"], -32700, "{e}");
    assert_eq!(r["error"]["code"], -32601, "{r}");
    // No Content-Length at all.
    s.send_raw(b"Content-Type: application/vscode-jsonrpc\r\n\r\n");
    let e = s.wait_for(|m| m.get("error").is_some());
    assert_eq!(e["error"]["code"], -32700, "{e}");
    // Unknown notifications are ignored; a change to a document never opened is ignored.
    s.send(json!({"jsonrpc": "2.0", "method": "$/unknownNotification", "params": {}}));
    s.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": "file:///never-opened.txt", "version": 2},
        "contentChanges": [{"range": {"start": {"line": 5, "character": 0}, "end": {"line": 9, "character": 0}}, "text": "x"}]}}));
    // Out-of-range positions in a change and in a request are clamped.
    s.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": URI, "languageId": "plaintext", "version": 1, "text": "Tel: +506 2212.5352\n"}}}),
    );
    s.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": URI, "version": 2},
        "contentChanges": [{"range": {"start": {"line": 40, "character": 7}, "end": {"line": 99, "character": 99}}, "text": "E-mail: a@iom.int\n"}]}}));
    let r = s.request(5, "tamis/documentText", json!({"uri": URI}));
    assert_eq!(
        r["result"]["text"], "Tel: +506 2212.5352\nE-mail: a@iom.int\n",
        "{r}"
    );
    let r = s.request(6, "textDocument/hover", hover(URI, 999, 999));
    assert!(r.get("error").is_none(), "{r}");
    // Wrong parameters for a known method.
    let r = s.request(7, "textDocument/hover", json!({"position": "nowhere"}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = s.request(8, "textDocument/hover", hover(URI, 0, 8));
    assert!(
        r["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Phone"),
        "{r}"
    );
    // After shutdown: InvalidRequest; exit ends the process with status 0.
    let r = s.request(9, "shutdown", Value::Null);
    assert!(r.get("error").is_none(), "{r}");
    let r = s.request(10, "textDocument/hover", hover(URI, 0, 8));
    assert_eq!(r["error"]["code"], -32600, "{r}");
    s.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    assert!(s.end().success());
}

#[test]
fn a_100_mb_message_is_refused_without_being_held_in_memory() {
    let mut s = Server::start();
    s.initialize();
    // The warm-up builds word lists, the gazetteer and phone metadata (some 60 MiB): measured
    // before the message, so that only what the message costs is compared.
    let before = s.settled_peak_rss_mib();
    let size = 100 << 20;
    s.send_raw(format!("Content-Length: {size}\r\n\r\n").as_bytes());
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..100 {
        s.send_raw(&chunk);
    }
    let e = s.wait_for(|m| m.get("error").is_some());
    assert_eq!(e["error"]["code"], -32600, "{e}");
    assert!(
        e["error"]["message"].as_str().unwrap().contains("limit"),
        "{e}"
    );
    // Still up, and the message was skipped rather than held.
    let r = s.request(2, "tamis/unknown", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    let after = s.peak_rss_mib();
    eprintln!("peak RSS before the 100 MB message {before} MiB, after {after} MiB");
    assert!(
        after < before + 50,
        "peak RSS grew from {before} to {after} MiB"
    );
    // A large message under the limit (a 20 MB document) is accepted.
    let mut text = String::from("Tel: +506 2212.5352\n");
    for i in 0..800_000 {
        text.push_str(&format!("Ligne {i} du communiqué.\n"));
    }
    s.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": URI, "languageId": "plaintext", "version": 1, "text": text}}}),
    );
    let r = s.request(3, "textDocument/hover", hover(URI, 0, 8));
    assert!(
        r["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Phone"),
        "{r}"
    );
    s.request(4, "shutdown", Value::Null);
    s.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    assert!(s.end().success());
}

#[test]
fn input_that_ends_inside_a_message_ends_the_server() {
    let mut s = Server::start();
    s.initialize();
    // A Content-Length longer than what follows, then the end of the input.
    s.send_raw(b"Content-Length: 1000\r\n\r\n{\"jsonrpc\": \"2.0\"");
    let status = s.end();
    assert!(status.code().is_some(), "killed by a signal: {status}");
}
