//! A guard in front of tower-lsp-server's framing. The library stops reading at the first
//! message it cannot decode, which would end the server on one bad message; this layer reads the
//! frames itself, answers invalid JSON and oversized messages with a JSON-RPC error, resynchronises
//! on the next header, and passes every well-formed message on unchanged.

use std::sync::Arc;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Messages larger than this are refused (and skipped without being held in memory).
pub const MAX_MESSAGE: usize = 64 << 20;

/// What reading one frame gave.
pub enum Frame {
    Body(Vec<u8>),
    /// A frame that cannot be passed on, with the error to answer.
    Invalid {
        code: i64,
        message: String,
    },
}

/// Reads the next frame; `None` at the end of the stream. `checked` frames (from the client) are
/// held to [`MAX_MESSAGE`] and must be JSON objects; the server's own frames pass as they are.
pub async fn read_frame<R: AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
    checked: bool,
) -> std::io::Result<Option<Frame>> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader.take(8192).read_until(b'\n', &mut line).await?;
        if n == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        // After a body shorter than its Content-Length said, the next header follows the rest
        // of that body on the same line: look for the header anywhere in the line to resync.
        if let Some(at) = text.to_ascii_lowercase().rfind("content-length:") {
            length = text[at + "content-length:".len()..].trim().parse().ok();
        }
    }
    let Some(length) = length else {
        return Ok(Some(Frame::Invalid {
            code: -32700,
            message: "missing or invalid Content-Length header".into(),
        }));
    };
    if checked && length > MAX_MESSAGE {
        let skipped =
            tokio::io::copy(&mut reader.take(length as u64), &mut tokio::io::sink()).await?;
        return Ok(Some(Frame::Invalid {
            code: -32600,
            message: format!(
                "message of {skipped} bytes refused: the limit is {MAX_MESSAGE} bytes"
            ),
        }));
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await?;
    if !checked {
        return Ok(Some(Frame::Body(body)));
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(_)) => Ok(Some(Frame::Body(body))),
        Ok(_) => Ok(Some(Frame::Invalid {
            code: -32600,
            message: "a JSON-RPC message must be an object".into(),
        })),
        Err(e) => Ok(Some(Frame::Invalid {
            code: -32700,
            message: format!("parse error: {e}"),
        })),
    }
}

/// A whole frame for the client, written by this server: `bytes`, then, for the diagnostics, a
/// body shared with the one who wrote it and a tail. The diagnostics' JSON array (25 MB on the
/// damaged document of `benches/lsp.rs`) is kept by the document's templates
/// ([`super::publish::Templates`]), which take the next array's unchanged diagnostics from it:
/// the frame holds it too, with no copy.
#[derive(Debug)]
pub struct Outgoing {
    bytes: Vec<u8>,
    shared: Option<(Arc<Vec<u8>>, &'static [u8])>,
}

impl Outgoing {
    /// The frame `head`, `body`, `tail`: `head` holds the frame's header and the start of its
    /// JSON.
    pub fn shared(head: Vec<u8>, body: Arc<Vec<u8>>, tail: &'static [u8]) -> Outgoing {
        Outgoing {
            bytes: head,
            shared: Some((body, tail)),
        }
    }

    /// The frame's bytes, in three pieces to write one after the other.
    pub fn chunks(&self) -> [&[u8]; 3] {
        match &self.shared {
            Some((body, tail)) => [&self.bytes, body, tail],
            None => [&self.bytes, &[], &[]],
        }
    }

    /// The frame's bytes in one vector.
    pub fn to_vec(&self) -> Vec<u8> {
        self.chunks().concat()
    }
}

impl From<Vec<u8>> for Outgoing {
    fn from(bytes: Vec<u8>) -> Outgoing {
        Outgoing {
            bytes,
            shared: None,
        }
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Reads the client's frames, passing valid ones to `server` and errors to `errors`.
pub async fn pump_input<R, W>(input: R, mut server: W, errors: mpsc::UnboundedSender<Outgoing>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::new(input);
    loop {
        match read_frame(&mut reader, true).await {
            Ok(Some(Frame::Body(body))) => {
                super::trace::mark("input: frame read");
                if server.write_all(&frame(&body)).await.is_err() {
                    return;
                }
                super::trace::mark("input: passed to the library");
            }
            Ok(Some(Frame::Invalid { code, message })) => {
                eprintln!("tamis: refused a message from the client: {message}");
                let reply = json!({"jsonrpc": "2.0", "id": null, "error": {"code": code, "message": message}});
                let _ = errors.send(frame(reply.to_string().as_bytes()).into());
            }
            Ok(None) | Err(_) => return,
        }
    }
}

/// Writes the server's frames and this layer's own (error replies, diagnostics) to the client,
/// whole frames only, the stashed results put in place (see [`super::publish::Stash`]).
pub async fn pump_output<R, W>(
    from_server: R,
    mut errors: mpsc::UnboundedReceiver<Outgoing>,
    stash: super::publish::Stash,
    mut output: W,
) where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::new(from_server);
    loop {
        tokio::select! {
            biased;
            frame_read = read_frame(&mut reader, false) => match frame_read {
                Ok(Some(Frame::Body(body))) => {
                    let body = stash.replace(&body).unwrap_or(body);
                    if output.write_all(&frame(&body)).await.is_err() || output.flush().await.is_err() {
                        return;
                    }
                }
                Ok(Some(Frame::Invalid { .. })) => {}
                Ok(None) | Err(_) => {
                    let _ = output.flush().await;
                    return;
                }
            },
            Some(error) = errors.recv() => {
                super::trace::mark("output: frame taken");
                for chunk in error.chunks() {
                    if output.write_all(chunk).await.is_err() {
                        return;
                    }
                }
                if output.flush().await.is_err() {
                    return;
                }
                super::trace::mark("output: frame written");
            }
        }
    }
}
