//! Latency of the language server: the first diagnostics of a new `tamis lsp` process after
//! `didOpen` (ten processes), then, in-process over a duplex with real framing, `didChange` →
//! `publishDiagnostics` (p50, p90, p99, max over 200 edits, three runs) for a 4 KB release, a
//! 5 MB file of clean prose and a 5 MB file of damaged releases, the 4 KB release again from
//! another process over stdio, and the time to index a corpus of 10,000 files.
//! `cargo bench --bench lsp` prints the figures.
//!
//! Environment: `TAMIS_BENCH_EDITS=N` edits per run (200); `TAMIS_BENCH_DOCS=TEXT` only the
//! documents whose name holds `TEXT` (`release-4KB`, `stdio`, `damaged`, ...);
//! `TAMIS_BENCH_FIRST_ONLY=1` the first diagnostics only; `TAMIS_BIN=PATH` another binary for the
//! measures made in a new process; `TAMIS_BENCH_TRACE=1` the stages of the slowest in-process
//! edits, with how long each thread waited for a CPU (`tamis::lsp::trace`).

// The allocator the binary uses (`src/main.rs`), so that the figures are those users get.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

/// A message as the benchmark reads it. The diagnostics are read whole but parsed only for their
/// method, URI and version: the figures are the server's and the transport's; an editor then
/// spends its own time on the JSON. The server's `publishDiagnostics` frames give the URI and
/// the version before the diagnostics, so their head is read and the array's end checked.
/// (Until stop 29, a frame under 1 MB was parsed whole: for the 4 KB release that was 0.15 to
/// 0.4 ms of each edit's time, the benchmark's own, half its p50.) Another large message is
/// parsed with its fields skipped; a small one whole.
fn parse(body: &[u8]) -> Value {
    #[derive(serde::Deserialize)]
    struct Head {
        method: Option<String>,
        id: Option<Value>,
        params: Option<Params>,
    }
    #[derive(serde::Deserialize)]
    struct Params {
        uri: Option<String>,
        version: Option<i64>,
    }
    const PUBLISH: &[u8] =
        br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":"#;
    const ARRAY: &[u8] = br#","diagnostics":["#;
    if let (Some(params), true) = (body.strip_prefix(PUBLISH), body.ends_with(b"]}}")) {
        let head_end = memchr::memmem::find(&params[..params.len().min(4096)], ARRAY)
            .expect("the diagnostics follow the URI and the version");
        let mut head = params[..head_end].to_vec();
        head.push(b'}');
        let params: Params = serde_json::from_slice(&head).unwrap();
        return json!({"method": "textDocument/publishDiagnostics",
            "params": {"uri": params.uri, "version": params.version}});
    }
    if body.len() < 1 << 20 {
        return serde_json::from_slice(body).unwrap();
    }
    let head: Head = serde_json::from_slice(body).unwrap();
    let params = head
        .params
        .map(|p| json!({"uri": p.uri, "version": p.version}));
    let mut v = json!({"method": head.method, "params": params});
    if let Some(id) = head.id {
        v["id"] = id;
    }
    v
}

struct Client {
    write: tokio::io::WriteHalf<tokio::io::DuplexStream>,
    read: BufReader<tokio::io::ReadHalf<tokio::io::DuplexStream>>,
    /// The last body read, its room kept for the next: a new zeroed buffer per frame (25 MB on
    /// the damaged document) cost the client a `memset` and page faults at every edit, counted
    /// in the latency measured.
    body: Vec<u8>,
}

impl Client {
    fn start() -> Client {
        let (client, server) = tokio::io::duplex(1 << 22);
        let (sr, sw) = tokio::io::split(server);
        tokio::spawn(tamis::lsp::serve(sr, sw));
        let (read, write) = tokio::io::split(client);
        Client {
            write,
            read: BufReader::new(read),
            body: Vec::new(),
        }
    }

    async fn send(&mut self, v: Value) {
        let body = v.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.write.write_all(frame.as_bytes()).await.unwrap();
        tamis::lsp::trace::mark("client: sent");
    }

    async fn recv(&mut self) -> Value {
        let mut len = 0;
        loop {
            let mut line = String::new();
            self.read.read_line(&mut line).await.unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                len = v.parse().unwrap();
            }
        }
        tamis::lsp::trace::mark("client: header read");
        self.body.clear();
        let read = (&mut self.read)
            .take(len as u64)
            .read_to_end(&mut self.body)
            .await
            .unwrap();
        assert_eq!(read, len, "the whole body is read");
        let v = parse(&self.body);
        if v.get("method").is_some() && v.get("id").is_some() {
            let id = v["id"].clone();
            self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}))
                .await;
        }
        v
    }

    async fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let v = self.recv().await;
            if pred(&v) {
                return v;
            }
        }
    }

    async fn initialize(&mut self, root: Option<&std::path::Path>) {
        let root_uri = root.map(|r| format!("file://{}", r.display()));
        self.send(
            json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": null, "rootUri": root_uri,
            "capabilities": {"window": {"workDoneProgress": true}}}}),
        )
        .await;
        self.wait(|v| v["id"] == 1).await;
        self.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
            .await;
    }
}

/// Sends one framed message over a blocking pipe.
fn send_sync(w: &mut impl std::io::Write, v: Value) {
    let body = v.to_string();
    write!(w, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    w.flush().unwrap();
}

/// Reads one framed message from a blocking pipe.
fn recv_sync(r: &mut impl std::io::BufRead) -> Value {
    let mut len = 0;
    loop {
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse().unwrap();
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).unwrap();
    parse(&body)
}

/// A `tamis lsp` process over pipes (`TAMIS_BIN` names another binary to measure).
struct Process {
    child: std::process::Child,
    w: std::process::ChildStdin,
    r: std::io::BufReader<std::process::ChildStdout>,
}

impl Process {
    fn start() -> Process {
        use std::process::{Command, Stdio};
        let bin = std::env::var("TAMIS_BIN").unwrap_or(env!("CARGO_BIN_EXE_tamis").into());
        let mut child = Command::new(bin)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let w = child.stdin.take().unwrap();
        let r = std::io::BufReader::new(child.stdout.take().unwrap());
        Process { child, w, r }
    }

    /// `shutdown`, `exit`, and the process waited for.
    fn stop(self) {
        use std::io::Read as _;
        let Process {
            mut child,
            mut w,
            mut r,
        } = self;
        send_sync(
            &mut w,
            json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
        );
        send_sync(&mut w, json!({"jsonrpc": "2.0", "method": "exit"}));
        drop(w);
        let mut rest = Vec::new();
        let _ = r.read_to_end(&mut rest);
        let _ = child.wait();
    }
}

/// The time from `didOpen` to the first `publishDiagnostics` in a new server process, the
/// client sending `didOpen` right after `initialized` as editors do: what a user waits for on
/// opening the first file. `TAMIS_BIN` names another binary to measure.
fn first_diagnostics(text: &str, runs: usize) {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let mut p = Process::start();
        let (w, r) = (&mut p.w, &mut p.r);
        send_sync(
            w,
            json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                "processId": null, "rootUri": null, "capabilities": {}}}),
        );
        while recv_sync(r)["id"] != 1 {}
        let started = Instant::now();
        send_sync(
            w,
            json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        );
        send_sync(
            w,
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": "file:///bench/first.txt", "languageId": "plaintext", "version": 1, "text": text}}}),
        );
        loop {
            let v = recv_sync(r);
            if v["method"] == "textDocument/publishDiagnostics" {
                break;
            }
            if v.get("method").is_some() && v.get("id").is_some() {
                send_sync(w, json!({"jsonrpc": "2.0", "id": v["id"], "result": null}));
            }
        }
        times.push(started.elapsed());
        p.stop();
    }
    times.sort();
    println!(
        "didOpen→first publishDiagnostics, new process ({} bytes, {runs} processes): p50 {:.2} ms, max {:.2} ms",
        text.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3,
    );
}

/// `didChange` → `publishDiagnostics` of that version as an editor gets it: from another
/// process, over the server's stdin and stdout (pipes the runtime's reactor watches, see
/// `run_stdio`), which the in-process figures do not go through. One process for `rounds`
/// edits; `TAMIS_BIN` names another binary to measure.
fn latency_process(name: &str, text: &str, rounds: usize) {
    let mut p = Process::start();
    let (w, r) = (&mut p.w, &mut p.r);
    // Answers the server's requests (progress tokens) until `done` holds.
    let mut wait = |w: &mut std::process::ChildStdin, done: &dyn Fn(&Value) -> bool| loop {
        let v = recv_sync(r);
        if done(&v) {
            return;
        }
        if v.get("method").is_some() && v.get("id").is_some() {
            send_sync(w, json!({"jsonrpc": "2.0", "id": v["id"], "result": null}));
        }
    };
    send_sync(
        w,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": null, "rootUri": null, "capabilities": {}}}),
    );
    wait(w, &|v| v["id"] == 1);
    send_sync(
        w,
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    let uri = format!("file:///bench/{name}.txt");
    send_sync(
        w,
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "plaintext", "version": 1, "text": text}}}),
    );
    wait(w, &|v| v["method"] == "textDocument/publishDiagnostics");
    let mut times = Vec::with_capacity(rounds);
    for i in 0..rounds {
        let version = i as i64 + 2;
        let started = Instant::now();
        send_sync(
            w,
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": 40, "character": 0}, "end": {"line": 40, "character": 0}}, "text": "é"}]}}),
        );
        wait(w, &|v| {
            v["method"] == "textDocument/publishDiagnostics" && v["params"]["version"] == version
        });
        times.push(started.elapsed());
    }
    p.stop();
    // Which edits took over 2 ms (the 4 KB release's target): at the start of the run, while
    // the process still builds things, or anywhere.
    let slow: Vec<String> = (times.iter().enumerate())
        .filter(|(_, t)| t.as_secs_f64() > 2e-3)
        .map(|(i, t)| format!("#{i} {:.2}", t.as_secs_f64() * 1e3))
        .collect();
    times.sort();
    println!(
        "didChange→publishDiagnostics over stdio, {name} ({} bytes, {rounds} edits): p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms; over 2 ms: [{}]",
        text.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.9).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3,
        slow.join(", "),
    );
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn latency(name: &str, text: String, rounds: usize) {
    let mut c = Client::start();
    c.initialize(None).await;
    let uri = format!("file:///bench/{name}.txt");
    c.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "plaintext", "version": 1, "text": text}}}),
    )
    .await;
    c.wait(|v| v["method"] == "textDocument/publishDiagnostics")
        .await;
    let mut times = Vec::with_capacity(rounds);
    let tracing = std::env::var_os("TAMIS_BENCH_TRACE").is_some();
    let mut traces = Vec::new();
    tamis::lsp::trace::take();
    for i in 0..rounds {
        let version = i as i64 + 2;
        // Type one character at the start of line 40 (or 0), as a keystroke does.
        let line = if text.len() > 100_000 { 40_000 } else { 40 };
        let started = Instant::now();
        tamis::lsp::trace::mark("client: sending");
        c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": "é"}]}}))
            .await;
        c.wait(|v| {
            v["method"] == "textDocument/publishDiagnostics" && v["params"]["version"] == version
        })
        .await;
        let elapsed = started.elapsed();
        times.push(elapsed);
        tamis::lsp::trace::mark("client: diagnostics read");
        if tracing {
            traces.push((elapsed, started, tamis::lsp::trace::take()));
        }
    }
    if tracing {
        print_traces(name, traces);
    }
    times.sort();
    println!(
        "didChange→publishDiagnostics, {name} ({} bytes, {rounds} edits): p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        text.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.9).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3,
    );
}

/// With `TAMIS_BENCH_TRACE=1`: the stages of the five slowest edits and of the median one, in
/// milliseconds from the client's send, each with the thread it ran on (see `tamis::lsp::trace`).
fn print_traces(name: &str, traces: Vec<(Duration, Instant, Vec<tamis::lsp::trace::Mark>)>) {
    // Per mark, the run-queue wait of its thread since that thread's mark before (in this edit
    // or an earlier one): time the system gave to other threads while this one could have run.
    let mut last_wait = std::collections::HashMap::new();
    let mut traces: Vec<_> = traces
        .into_iter()
        .map(|(elapsed, started, marks)| {
            let queued: Vec<Option<u64>> = marks
                .iter()
                .map(|m| {
                    let before = last_wait.insert(m.thread, m.run_delay_ns).flatten();
                    Some(m.run_delay_ns?.saturating_sub(before?))
                })
                .collect();
            (elapsed, started, marks, queued)
        })
        .collect();
    // The edits in which some thread waited 1 ms or more for a CPU, and the figures of the
    // others: what the server gives when the machine lets it run.
    let waited = |queued: &[Option<u64>]| queued.iter().flatten().sum::<u64>() >= 1_000_000;
    let mut undisturbed: Vec<Duration> = traces
        .iter()
        .filter(|t| !waited(&t.3))
        .map(|t| t.0)
        .collect();
    undisturbed.sort();
    if let Some(max) = undisturbed.last() {
        println!(
            "  {name}: {} of {} edits had a thread wait 1 ms or more for a CPU; the {} others: \
             p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            traces.len() - undisturbed.len(),
            traces.len(),
            undisturbed.len(),
            percentile(&undisturbed, 0.5).as_secs_f64() * 1e3,
            percentile(&undisturbed, 0.99).as_secs_f64() * 1e3,
            max.as_secs_f64() * 1e3,
        );
    }
    traces.sort_by_key(|t| std::cmp::Reverse(t.0));
    let median = traces.len() / 2;
    for (rank, (elapsed, started, marks, queued)) in traces.iter().enumerate() {
        if rank >= 5 && rank != median {
            continue;
        }
        let which = if rank == median { "median" } else { "slow" };
        println!(
            "  trace {name}, {which} edit: {:.3} ms (ms from the send, since the mark before, \
             waiting for a CPU since the thread's mark before)",
            elapsed.as_secs_f64() * 1e3
        );
        let mut last = *started;
        for (m, queued) in marks.iter().zip(queued) {
            let at = m.at.saturating_duration_since(*started);
            let step = m.at.saturating_duration_since(last);
            last = m.at;
            let queued = match queued {
                Some(ns) => format!("{:>7.3}", *ns as f64 / 1e6),
                None => "      -".to_string(),
            };
            println!(
                "    {:>8.3} (+{:>7.3}, run queue {queued})  {:<30} {:?} {}",
                at.as_secs_f64() * 1e3,
                step.as_secs_f64() * 1e3,
                m.stage,
                m.thread,
                m.thread_name.as_deref().unwrap_or("")
            );
        }
    }
}

async fn indexing(files: usize) {
    let dir = tempfile::tempdir().unwrap();
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/sample-corpus");
    let seeds: Vec<String> = std::fs::read_dir(sample)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let mut bytes = 0;
    for i in 0..files {
        let text = format!("{}\nRelease {i}.\n", seeds[i % seeds.len()]);
        bytes += text.len();
        std::fs::write(dir.path().join(format!("{i:05}.txt")), text).unwrap();
    }
    let mut c = Client::start();
    let started = Instant::now();
    c.initialize(Some(dir.path())).await;
    c.wait(|v| v["method"] == "$/progress" && v["params"]["value"]["kind"] == "end")
        .await;
    println!(
        "indexing {files} files ({:.1} MB): {:.2} s",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
}

/// The releases of the reference corpus, in the order of their names, repeated up to `size`
/// bytes; `None` without `../shared` beside the repository.
fn reference_releases(size: usize) -> Option<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/iom-fr");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let releases: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    if releases.is_empty() {
        return None;
    }
    let mut text = String::new();
    for release in releases.iter().cycle() {
        if text.len() >= size {
            break;
        }
        text.push_str(release);
        text.push('\n');
    }
    Some(text)
}

fn main() {
    if std::env::var_os("TAMIS_BENCH_TRACE").is_some() {
        tamis::lsp::trace::enable();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let release = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/sample-corpus/fr-02-haiti-fonds.txt"
    ))
    .unwrap();
    let mut four_kb = String::new();
    while four_kb.len() < 4096 {
        four_kb.push_str(&release);
    }
    let mut five_mb = String::new();
    while five_mb.len() < 5 << 20 {
        five_mb.push_str(&release);
    }
    // A 5 MB file of clean prose with the artifacts of one release at its top, and the worst
    // case: the damaged release repeated, some 55,000 findings.
    let clean = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/sample-corpus/es-01-retornos.txt"
    ))
    .unwrap();
    let mut five_mb_clean = release.clone();
    while five_mb_clean.len() < 5 << 20 {
        five_mb_clean.push_str(&clean);
    }
    // The document of issue 19's figures: the reference releases (`../shared/corpus/iom-fr`,
    // when it is there) one after another up to 5 MB, each with the damage of its site, some
    // 15,000 findings.
    let five_mb_reference = reference_releases(5 << 20);
    first_diagnostics(&four_kb, 10);
    if std::env::var_os("TAMIS_BENCH_FIRST_ONLY").is_some() {
        return;
    }
    // Quick runs for a look (`TAMIS_BENCH_EDITS=20`); 200 edits by default.
    let edits = std::env::var("TAMIS_BENCH_EDITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    runtime.block_on(async {
        // `TAMIS_BENCH_DOCS=damaged` measures the documents whose name holds that text only.
        let only = std::env::var("TAMIS_BENCH_DOCS").unwrap_or_default();
        let mut docs = vec![
            ("release-4KB", &four_kb),
            ("file-5MB-few-findings", &five_mb_clean),
            ("file-5MB-damaged-55k-findings", &five_mb),
        ];
        if let Some(text) = &five_mb_reference {
            docs.push(("file-5MB-iom-fr-releases", text));
        }
        for _ in 0..3 {
            for (name, text) in docs.iter().filter(|(name, _)| name.contains(&only)) {
                latency(name, text.to_string(), edits).await;
            }
        }
        // The 4 KB release again, from another process over stdio.
        if "release-4KB-stdio".contains(&only) {
            for _ in 0..3 {
                latency_process("release-4KB-stdio", &four_kb, edits);
            }
        }
        if only.is_empty() {
            indexing(10_000).await;
        }
    });
}
