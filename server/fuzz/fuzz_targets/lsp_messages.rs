//! The language server on arbitrary client input. After a valid `initialize` and an open
//! document, the input is sent either as raw bytes (framing and all), as one framed body, or as a
//! sequence of well-framed JSON-RPC messages whose method is one the server knows and whose
//! parameters and id are arbitrary. The server must neither panic nor hang, and must end at the end
//! of its input.
#![no_main]

use std::time::Duration;

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const METHODS: &[&str] = &[
    "initialize",
    "initialized",
    "shutdown",
    "exit",
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didSave",
    "textDocument/didClose",
    "textDocument/hover",
    "textDocument/codeAction",
    "textDocument/diagnostic",
    "workspace/executeCommand",
    "workspace/didChangeConfiguration",
    "workspace/didChangeWatchedFiles",
    "tamis/documentText",
    "$/cancelRequest",
    "$/setTrace",
    "unknown/method",
];

const URI: &str = "file:///fuzz/release.txt";

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// An arbitrary JSON value, shaped like LSP parameters often enough to get past their parsing.
fn value(u: &mut Unstructured<'_>, depth: u32) -> arbitrary::Result<Value> {
    Ok(match u.int_in_range(0..=9)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => json!(u.arbitrary::<i64>()?),
        3 => json!(u.arbitrary::<u32>()?),
        4 => json!(u.arbitrary::<String>()?),
        5 => json!(URI),
        6 => json!({"line": u.arbitrary::<u32>()? % 8, "character": u.arbitrary::<u32>()? % 40}),
        7 if depth < 4 => {
            let n = u.int_in_range(0..=3)?;
            Value::Array(
                (0..n)
                    .map(|_| value(u, depth + 1))
                    .collect::<Result<_, _>>()?,
            )
        }
        _ if depth < 4 => {
            const KEYS: &[&str] = &[
                "textDocument",
                "uri",
                "position",
                "range",
                "start",
                "end",
                "text",
                "version",
                "contentChanges",
                "context",
                "diagnostics",
                "only",
                "command",
                "arguments",
                "settings",
                "changes",
                "id",
                "languageId",
                "capabilities",
                "data",
            ];
            let n = u.int_in_range(0..=4)?;
            let mut map = serde_json::Map::new();
            for _ in 0..n {
                map.insert(u.choose(KEYS)?.to_string(), value(u, depth + 1)?);
            }
            Value::Object(map)
        }
        _ => Value::Null,
    })
}

fn input(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let init =
        json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}});
    out.extend(frame(init.to_string().as_bytes()));
    out.extend(frame(
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}})
            .to_string()
            .as_bytes(),
    ));
    let open = json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": URI, "languageId": "plaintext", "version": 1,
        "text": "E-mail:\n\"mailto:a@iom.int\">a@iom.int\nTél: + 509 3245 5153\n"}}});
    out.extend(frame(open.to_string().as_bytes()));
    let Some((&mode, rest)) = data.split_first() else {
        return out;
    };
    match mode % 3 {
        0 => out.extend_from_slice(rest),
        1 => out.extend(frame(rest)),
        _ => {
            let mut u = Unstructured::new(rest);
            while !u.is_empty() {
                let Ok(method) = u.choose(METHODS) else { break };
                let mut message = json!({"jsonrpc": "2.0", "method": method});
                if let Ok(params) = value(&mut u, 0) {
                    message["params"] = params;
                }
                if u.arbitrary::<bool>().unwrap_or(false) {
                    message["id"] = value(&mut u, 3).unwrap_or(Value::Null);
                }
                out.extend(frame(message.to_string().as_bytes()));
            }
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let bytes = input(data);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let (client, server) = tokio::io::duplex(1 << 16);
        let (server_read, server_write) = tokio::io::split(server);
        let (mut read, mut write) = tokio::io::split(client);
        let drain = tokio::spawn(async move {
            let mut sink = Vec::new();
            let _ = read.read_to_end(&mut sink).await;
        });
        let feed = tokio::spawn(async move {
            let _ = write.write_all(&bytes).await;
            let _ = write.shutdown().await;
        });
        let served = tokio::time::timeout(
            Duration::from_secs(20),
            tamis::lsp::serve(server_read, server_write),
        )
        .await;
        assert!(
            served.is_ok(),
            "the server did not end at the end of its input"
        );
        feed.abort();
        drain.abort();
    });
    runtime.shutdown_background();
});
