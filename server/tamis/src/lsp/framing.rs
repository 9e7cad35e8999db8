//! A guard in front of tower-lsp-server's framing. The library stops reading at the first
//! message it cannot decode, which would end the server on one bad message; this layer reads the
//! frames itself, answers invalid JSON and oversized messages with a JSON-RPC error, resynchronises
//! on the next header, and passes every well-formed message on unchanged.

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

/// A whole frame for the client, written by this server: `bytes[start..]`. The diagnostics'
/// frame is written after room kept at the front for its header, whose length is known only at
/// the end: the frame starts where the header does, with no copy of a body of up to 25 MB.
#[derive(Debug)]
pub struct Outgoing {
    bytes: Vec<u8>,
    start: usize,
}

impl Outgoing {
    pub fn new(bytes: Vec<u8>, start: usize) -> Outgoing {
        assert!(start <= bytes.len(), "a frame starts inside its bytes");
        Outgoing { bytes, start }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[self.start..]
    }

    /// Keeps the buffer of a large frame once written, for the next ([`buffer`]): a new buffer
    /// of 25 MB (the diagnostics of the damaged document of `benches/lsp.rs`) is pages the
    /// system maps and clears again at every keystroke.
    pub fn recycle(self) {
        SPARE.keep(self.bytes);
    }
}

/// A frame's buffer at least this large is kept for the next frame.
const SPARE_MIN: usize = 1 << 20;

/// After this many small frames in a row, the large buffer kept is freed: the frames that
/// needed it (a large document's diagnostics) have stopped. A small document's keystroke or
/// two in between keep it.
const SMALL_FRAMES_BEFORE_FREEING: usize = 16;

/// The buffer of the last large frame written, kept for the next one (one buffer: the document
/// being typed in has the large frames, one after the other), until the document is closed
/// ([`free_spare`]) or [`SMALL_FRAMES_BEFORE_FREEING`] small frames follow. Without that, up to
/// 25 MB stayed with the server after the large document was closed.
struct Spare {
    buffer: std::sync::Mutex<Vec<u8>>,
    /// Whether `buffer` holds memory, read without the lock by small frames.
    held: std::sync::atomic::AtomicBool,
    /// Small frames since the last large one.
    small: std::sync::atomic::AtomicUsize,
}

static SPARE: Spare = Spare::new();

impl Spare {
    const fn new() -> Spare {
        Spare {
            buffer: std::sync::Mutex::new(Vec::new()),
            held: std::sync::atomic::AtomicBool::new(false),
            small: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<u8>> {
        self.buffer.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps `bytes` when they are a large frame's.
    fn keep(&self, mut bytes: Vec<u8>) {
        if bytes.capacity() >= SPARE_MIN {
            bytes.clear();
            let old = std::mem::replace(&mut *self.lock(), bytes);
            self.held.store(true, std::sync::atomic::Ordering::Relaxed);
            drop(old);
        }
    }

    /// An empty buffer with room for `capacity` bytes: the one kept, or a new one. A small
    /// frame costs two relaxed atomic operations, and frees the one kept only after
    /// [`SMALL_FRAMES_BEFORE_FREEING`] in a row.
    fn take(&self, capacity: usize) -> Vec<u8> {
        use std::sync::atomic::Ordering::Relaxed;
        if capacity >= SPARE_MIN {
            self.small.store(0, Relaxed);
            let mut spare = self.lock();
            if spare.capacity() >= capacity && spare.capacity() <= capacity * 2 {
                self.held.store(false, Relaxed);
                return std::mem::take(&mut *spare);
            }
        } else if self.held.load(Relaxed)
            && self.small.fetch_add(1, Relaxed) + 1 >= SMALL_FRAMES_BEFORE_FREEING
        {
            self.free();
        }
        Vec::with_capacity(capacity)
    }

    /// Frees the buffer kept.
    fn free(&self) {
        let old = std::mem::take(&mut *self.lock());
        self.held.store(false, std::sync::atomic::Ordering::Relaxed);
        self.small.store(0, std::sync::atomic::Ordering::Relaxed);
        drop(old);
    }

    #[cfg(test)]
    fn capacity(&self) -> usize {
        self.lock().capacity()
    }
}

/// An empty buffer with room for `capacity` bytes: the last large frame's, or a new one.
pub fn buffer(capacity: usize) -> Vec<u8> {
    SPARE.take(capacity)
}

/// Frees the buffer of the last large frame: its document is closed.
pub fn free_spare() {
    SPARE.free();
}

impl From<Vec<u8>> for Outgoing {
    fn from(bytes: Vec<u8>) -> Outgoing {
        Outgoing { bytes, start: 0 }
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
                if output.write_all(error.as_bytes()).await.is_err() || output.flush().await.is_err() {
                    return;
                }
                super::trace::mark("output: frame written");
                error.recycle();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A large frame's buffer is kept and given again to the next large frame; it is freed when
    /// asked (a document closed) or after enough small frames in a row, and not by a few.
    #[test]
    fn the_spare_buffer_is_reused_then_freed() {
        let spare = Spare::new();
        let large = 3 << 20;
        let first = spare.take(large);
        let at = first.as_ptr();
        spare.keep(first);
        assert!(spare.capacity() >= large);
        // A few small frames (another, small document) leave it.
        for _ in 0..SMALL_FRAMES_BEFORE_FREEING - 1 {
            spare.keep(spare.take(100));
        }
        let again = spare.take(large);
        assert_eq!(again.as_ptr(), at, "the same buffer, not a new one");
        assert_eq!(spare.capacity(), 0, "taken, so not kept twice");
        spare.keep(again);
        // Closing the document frees it.
        spare.free();
        assert_eq!(spare.capacity(), 0);
        // Small frames in a row free it too, and count again after a large one.
        spare.keep(spare.take(large));
        for _ in 0..SMALL_FRAMES_BEFORE_FREEING - 1 {
            spare.keep(spare.take(100));
        }
        assert!(spare.capacity() >= large);
        spare.keep(spare.take(100));
        assert_eq!(spare.capacity(), 0);
        // A small buffer is never kept; one much larger than asked for is not given.
        spare.keep(Vec::with_capacity(100));
        assert_eq!(spare.capacity(), 0);
        spare.keep(Vec::with_capacity(large * 4));
        assert!(spare.take(large).capacity() < large * 4);
    }
}
