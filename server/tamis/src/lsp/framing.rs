//! A guard in front of tower-lsp-server's framing. The library stops reading at the first
//! message it cannot decode, which would end the server on one bad message; this layer reads the
//! frames itself, answers invalid JSON and oversized messages with a JSON-RPC error, resynchronises
//! on the next header, and passes every well-formed message on unchanged.

use std::ops::Range;
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

/// Bytes in pieces of buffers that several owners share: a keystroke's JSON array of diagnostics
/// is mostly pieces of the last one's (see [`super::publish::Templates`]).
#[derive(Debug, Clone, Default)]
pub struct Pieces {
    pieces: Vec<(Arc<Vec<u8>>, Range<usize>)>,
    /// Where each piece starts in the whole.
    starts: Vec<usize>,
    len: usize,
}

impl Pieces {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many pieces there are.
    pub fn count(&self) -> usize {
        self.pieces.len()
    }

    /// Appends bytes `range` of `buffer`, sharing it; the last piece grows when the range
    /// follows it in the same buffer.
    pub fn push(&mut self, buffer: &Arc<Vec<u8>>, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.len += range.len();
        if let Some((last, r)) = self.pieces.last_mut() {
            if Arc::ptr_eq(last, buffer) && r.end == range.start {
                r.end = range.end;
                return;
            }
        }
        self.starts.push(self.len - range.len());
        self.pieces.push((buffer.clone(), range));
    }

    /// Appends bytes `range` of `other`, sharing its buffers.
    pub fn push_from(&mut self, other: &Pieces, range: Range<usize>) {
        other.visit(range, |buffer, r| self.push(buffer, r));
    }

    /// Appends bytes `range` to `out`, copied.
    pub fn copy_to(&self, range: Range<usize>, out: &mut Vec<u8>) {
        self.visit(range, |buffer, r| out.extend_from_slice(&buffer[r]));
    }

    /// The pieces of bytes `range`, in order.
    fn visit(&self, range: Range<usize>, mut f: impl FnMut(&Arc<Vec<u8>>, Range<usize>)) {
        assert!(range.end <= self.len, "a range of the bytes");
        if range.is_empty() {
            return;
        }
        let mut i = self.starts.partition_point(|&s| s <= range.start) - 1;
        let mut at = range.start;
        while at < range.end {
            let (buffer, r) = &self.pieces[i];
            let from = r.start + (at - self.starts[i]);
            let to = r.end.min(from + (range.end - at));
            f(buffer, from..to);
            at += to - from;
            i += 1;
        }
    }

    /// The pieces' bytes, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        self.pieces.iter().map(|(buffer, r)| &buffer[r.clone()])
    }

    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len);
        self.iter().for_each(|piece| out.extend_from_slice(piece));
        out
    }

    /// Whether the two share a buffer.
    #[cfg(test)]
    pub fn shares(&self, other: &Pieces) -> bool {
        self.pieces
            .iter()
            .any(|(a, _)| other.pieces.iter().any(|(b, _)| Arc::ptr_eq(a, b)))
    }

    /// How many bytes the buffers of the pieces hold, each counted once.
    pub fn held(&self) -> usize {
        let mut seen: Vec<*const Vec<u8>> = Vec::new();
        let mut held = 0;
        for (buffer, _) in &self.pieces {
            let at = Arc::as_ptr(buffer);
            if !seen.contains(&at) {
                seen.push(at);
                held += buffer.len();
            }
        }
        held
    }
}

impl From<Vec<u8>> for Pieces {
    fn from(bytes: Vec<u8>) -> Pieces {
        let mut pieces = Pieces::default();
        let len = bytes.len();
        pieces.push(&Arc::new(bytes), 0..len);
        pieces
    }
}

/// A whole frame for the client, written by this server: `bytes`, then, for the diagnostics,
/// their JSON array, in pieces that the document's templates keep for the next keystroke (see
/// [`super::publish::Templates`]), and a tail: the array, 25 MB on the damaged document of
/// `benches/lsp.rs`, is not copied into the frame.
#[derive(Debug)]
pub struct Outgoing {
    bytes: Vec<u8>,
    shared: Option<(Pieces, &'static [u8])>,
}

impl Outgoing {
    /// The frame `head`, `body`, `tail`: `head` holds the frame's header and the start of its
    /// JSON.
    pub fn shared(head: Vec<u8>, body: Pieces, tail: &'static [u8]) -> Outgoing {
        Outgoing {
            bytes: head,
            shared: Some((body, tail)),
        }
    }

    /// The frame's bytes, in pieces to write one after the other.
    pub fn chunks(&self) -> impl Iterator<Item = &[u8]> {
        let (body, tail) = match &self.shared {
            Some((body, tail)) => (Some(body), *tail),
            None => (None, &[][..]),
        };
        std::iter::once(&self.bytes[..])
            .chain(body.into_iter().flat_map(Pieces::iter))
            .chain(std::iter::once(tail))
    }

    /// The frame's bytes in one vector.
    #[cfg(test)]
    pub fn to_vec(&self) -> Vec<u8> {
        self.chunks().flatten().copied().collect()
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
