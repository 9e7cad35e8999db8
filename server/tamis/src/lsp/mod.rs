//! `tamis lsp`: the language server, on tower-lsp-server over stdio.
//!
//! Document changes are applied synchronously, in arrival order, before any `.await`; no lock is
//! held across an `.await`; the analysis runs on blocking threads (a small document's, where it
//! is: see [`INLINE_MAX`]), a panic there becoming an error reply instead of the end of the
//! server.

mod actions;
mod config;
mod convert;
pub mod documents;
mod framing;
mod hover;
mod indexing;
mod publish;
mod symbols;
#[doc(hidden)]
pub mod trace;
mod warm_up;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::Value;
use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use crate::positions::Encoding;
use convert::Snapshot;
use documents::Document;
use tamis_analysis::config::Settings;
use tamis_analysis::ide::Analysis;
use tamis_analysis::Model;

/// The command that applies the safe fixes to every corpus file.
pub const FIX_WORKSPACE: &str = "tamis.fixWorkspace";
/// The command that writes an exception into `tamis.toml`.
pub const IGNORE: &str = "tamis.ignore";
/// A request for the server's copy of a document, `{uri}` → `{text, version}`: lets clients
/// and tests check that incremental sync kept the text right.
pub const DOCUMENT_TEXT: &str = "tamis/documentText";
/// The code action kind of fix-all.
pub const FIX_ALL_KIND: &str = "source.fixAll.tamis";

/// Runs the server on stdin and stdout until `exit` or the end of stdin.
pub fn run_stdio() -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("tamis: error: cannot start the runtime: {e}");
            return crate::EXIT_ERROR;
        }
    };
    // The server runs as a task on a worker rather than on this thread: the worker that the
    // reactor wakes when a message arrives runs it, with no second thread to wake.
    let served = runtime.block_on(async {
        let (input, output) = stdio();
        tokio::spawn(serve(input, output)).await
    });
    if served.is_err() {
        eprintln!("tamis: error: the server stopped on a panic");
        return crate::EXIT_ERROR;
    }
    // Blocking tasks (indexing) must not keep the process alive after `exit`.
    runtime.shutdown_background();
    crate::EXIT_CLEAN
}

/// The server's input and output: stdin and stdout as pipes the runtime's reactor watches, when
/// they are pipes (as editors start a server), or tokio's `stdin()` and `stdout()` otherwise.
///
/// tokio's `stdin()` and `stdout()` read and write on the blocking pool: a keystroke's message
/// went from the thread blocked reading stdin to the thread running the server, and its
/// diagnostics from there to a pool thread (started again after 10 s without a write): three
/// threads to wake, each of which can wait for a CPU when other programs hold the cores (up to
/// a scheduler tick, 4 ms, on the machine of `benches/lsp.rs`, whose `TAMIS_BENCH_TRACE=1` shows
/// such waits in every slow keystroke). A pipe is read and written by the worker the reactor
/// wakes. The pipes are made non-blocking: those descriptions are the server's own, the editor
/// holds the other ends.
fn stdio() -> (
    Box<dyn AsyncRead + Unpin + Send>,
    Box<dyn AsyncWrite + Unpin + Send>,
) {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use tokio::net::unix::pipe;
        let fd = |f: std::io::Result<std::os::fd::OwnedFd>| f.ok().map(std::fs::File::from);
        // Each is checked to be a pipe, readable or writable, before it is made non-blocking.
        let input = fd(std::io::stdin().as_fd().try_clone_to_owned())
            .and_then(|f| pipe::Receiver::from_file(f).ok());
        let output = fd(std::io::stdout().as_fd().try_clone_to_owned())
            .and_then(|f| pipe::Sender::from_file(f).ok());
        let input: Box<dyn AsyncRead + Unpin + Send> = match input {
            Some(pipe) => Box::new(pipe),
            None => Box::new(tokio::io::stdin()),
        };
        let output: Box<dyn AsyncWrite + Unpin + Send> = match output {
            Some(pipe) => Box::new(pipe),
            None => Box::new(tokio::io::stdout()),
        };
        (input, output)
    }
    #[cfg(not(unix))]
    {
        (Box::new(tokio::io::stdin()), Box::new(tokio::io::stdout()))
    }
}

/// Serves one client over a pair of streams (stdio, or an in-memory duplex in tests), behind
/// [`framing`]'s guard, until `exit` or the end of the input.
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite + Unpin,
{
    // Frames written by this layer, not the library: error replies to bad messages, and the
    // diagnostics (see [`publish`]).
    let (frames_tx, frames_rx) = tokio::sync::mpsc::unbounded_channel();
    let frames = frames_tx.clone();
    let stash = publish::Stash::default();
    let results = stash.clone();
    let (service, socket) = LspService::build(move |client| Backend::new(client, frames, results))
        .custom_method(DOCUMENT_TEXT, Backend::document_text)
        .finish();
    let (to_server, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    let server = Server::new(server_in, server_out, socket).serve(service);
    let server_and_output = async {
        tokio::join!(
            server,
            framing::pump_output(from_server, frames_rx, stash, output)
        );
    };
    let input = framing::pump_input(input, to_server, frames_tx);
    tokio::pin!(server_and_output, input);
    tokio::select! {
        _ = &mut server_and_output => {}
        _ = &mut input => server_and_output.await,
    }
}

/// What the client said it can do.
#[derive(Debug, Default, Clone)]
struct ClientSupport {
    pull_diagnostics: bool,
    diagnostic_refresh: bool,
    progress: bool,
    watch_registration: bool,
}

#[derive(Default)]
struct State {
    documents: HashMap<Uri, Document>,
    encoding: Encoding,
    settings: Arc<Settings>,
    /// Why the configuration was not applied, when it was not.
    config_error: Option<String>,
    model: Option<Arc<Model>>,
    /// The distinct line keys each corpus file contributed to the model.
    corpus: HashMap<PathBuf, Vec<u64>>,
    roots: Vec<PathBuf>,
    init_options: Option<Value>,
    client_settings: Option<Value>,
    support: ClientSupport,
    /// Bumped whenever the model or the settings change: results computed before are stale.
    generation: u64,
    /// The last (version, generation) published per document, so that older results are dropped.
    published: HashMap<Uri, (i32, u64)>,
    /// The entities of each corpus file, for hovers ("named in N files") and workspace symbols.
    entities: HashMap<PathBuf, Vec<symbols::Indexed>>,
}

pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    /// Orders the sending of diagnostics; held only around one publish.
    publish: Arc<tokio::sync::Mutex<()>>,
    /// Whole frames for the client, sent beside the library's (the diagnostics).
    frames: tokio::sync::mpsc::UnboundedSender<framing::Outgoing>,
    /// Results written by this server in place of the library's (see [`publish::Stash`]).
    stash: publish::Stash,
}

/// What one analysis needs, taken from the state under its lock.
struct Job {
    rope: ropey::Rope,
    /// The document's analysis cache (filled by the first job that needs it).
    cache: documents::AnalysisCache,
    parts: Arc<std::sync::Mutex<tamis_analysis::Incremental>>,
    templates: Arc<std::sync::Mutex<publish::Templates>>,
    version: i32,
    generation: u64,
    encoding: Encoding,
    settings: Arc<Settings>,
    model: Option<Arc<Model>>,
}

impl Job {
    /// The document analysed, once per text (and configuration): the diagnostics, hovers, code
    /// actions and symbols of one version share it.
    fn analysis(&self) -> Arc<Analysis> {
        self.cache
            .get_or_init(|| {
                let mut parts = self.parts.lock().unwrap_or_else(|e| e.into_inner());
                Arc::new(Analysis::incremental(
                    documents::text(&self.rope),
                    self.settings.clone(),
                    self.model.clone(),
                    &mut parts,
                ))
            })
            .clone()
    }

    /// The JSON array of this version's diagnostics, written by the document's templates: the
    /// diagnostics are sent from it, pushed or pulled.
    fn diagnostics(&self) -> framing::Pieces {
        let analysis = self.analysis();
        trace::mark("publish: analysed");
        let snap = Snapshot::of(&analysis, self.encoding);
        trace::mark("publish: lines indexed");
        let mut templates = self.templates.lock().unwrap_or_else(|e| e.into_inner());
        templates.write(&analysis, &snap)
    }

    /// The frame of the `publishDiagnostics` notification of this version.
    fn publish_frame(&self, uri: &Uri) -> framing::Outgoing {
        publish::frame(uri, Some(self.version), self.diagnostics())
    }

    /// The JSON of the `textDocument/diagnostic` report of this version.
    fn report(&self) -> Vec<u8> {
        publish::report(&self.diagnostics())
    }
}

fn invalid_params(message: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::InvalidParams,
        message: message.into().into(),
        data: None,
    }
}

fn internal(message: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: message.into().into(),
        data: None,
    }
}

/// Documents up to this size are analysed on the task that received the change rather than on
/// a blocking thread: their analysis takes well under a millisecond (a 4 KB release after a
/// keystroke, 0.3 ms), less than handing it to another thread and back costs when the machine
/// is busy and that thread must wait for a core.
const INLINE_MAX: usize = 64 << 10;

/// Runs CPU work where it is, a panic becoming an error as [`blocking`] makes it.
fn inline<T>(f: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .map_err(|_| internal("tamis failed on this request"))
}

/// Runs CPU work on a blocking thread; a panic there becomes an error reply.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| internal(format!("tamis failed on this request: {e}")))
}

impl Backend {
    fn new(
        client: Client,
        frames: tokio::sync::mpsc::UnboundedSender<framing::Outgoing>,
        stash: publish::Stash,
    ) -> Self {
        Backend {
            client,
            state: Arc::default(),
            publish: Arc::default(),
            frames,
            stash,
        }
    }

    /// Sends a frame written by this server (see [`publish`]); the output ends only with the
    /// server, so a failure means the client is gone.
    fn send_frame(&self, frame: framing::Outgoing) {
        let _ = self.frames.send(frame);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic never happens under this lock (the analysis runs outside it); recover anyway.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn job(&self, uri: &Uri) -> Option<Job> {
        let state = self.lock();
        self.job_locked(&state, uri)
    }

    /// [`Backend::job`] with the state already locked.
    fn job_locked(&self, state: &State, uri: &Uri) -> Option<Job> {
        let doc = state.documents.get(uri)?;
        Some(Job {
            rope: doc.rope.clone(),
            cache: doc.analysis.clone(),
            parts: doc.parts.clone(),
            templates: doc.templates.clone(),
            version: doc.version,
            generation: state.generation,
            encoding: state.encoding,
            settings: state.settings.clone(),
            model: state.model.clone(),
        })
    }

    fn job_or_error(&self, uri: &Uri) -> Result<Job> {
        self.job(uri)
            .ok_or_else(|| invalid_params(format!("unknown document {}", uri.as_str())))
    }

    /// Analyses a document and publishes its diagnostics, unless a newer version was published
    /// meanwhile or the client pulls diagnostics itself.
    async fn publish(&self, uri: Uri) {
        if self.lock().support.pull_diagnostics {
            return;
        }
        let Some(job) = self.job(&uri) else { return };
        trace::mark("publish: job taken");
        let len = job.rope.len_bytes();
        if len > tamis_analysis::MAX_TEXT_LEN {
            // Its analysis is empty (`Analysis::unread`): say why there are no diagnostics.
            self.client
                .show_message(
                    MessageType::WARNING,
                    format!(
                        "tamis: {} is not checked: {}",
                        uri.as_str(),
                        crate::workspace::corpus::too_large(
                            len as u64,
                            tamis_analysis::MAX_TEXT_LEN
                        )
                    ),
                )
                .await;
        }
        let stamp = (job.version, job.generation);
        let for_job = uri.clone();
        let frame = if job.rope.len_bytes() <= INLINE_MAX {
            inline(|| job.publish_frame(&uri))
        } else {
            blocking(move || job.publish_frame(&for_job)).await
        };
        trace::mark("publish: frame written");
        let Ok(frame) = frame else {
            self.client
                .log_message(
                    MessageType::ERROR,
                    format!("tamis: analysis failed on {}", uri.as_str()),
                )
                .await;
            return;
        };
        let _order = self.publish.lock().await;
        {
            let mut state = self.lock();
            let current = state
                .documents
                .get(&uri)
                .map(|d| (d.version, state.generation));
            let last = state.published.get(&uri).copied();
            if current != Some(stamp) || last.is_some_and(|l| l >= stamp) {
                return;
            }
            state.published.insert(uri.clone(), stamp);
            // Sent under the lock, so that a `didClose` after this check is sent after it.
            self.send_frame(frame);
        }
        trace::mark("publish: frame queued");
        warm_up::start();
    }

    /// Re-checks every open document (after the model or the configuration changed).
    async fn recheck_all(&self) {
        let (uris, support) = {
            let mut state = self.lock();
            state.generation += 1;
            // Extraction depends on the configuration: extract again when asked.
            for doc in state.documents.values_mut() {
                doc.analysis = documents::AnalysisCache::default();
            }
            (
                state.documents.keys().cloned().collect::<Vec<_>>(),
                state.support.clone(),
            )
        };
        if support.pull_diagnostics {
            if support.diagnostic_refresh {
                let _ = self.client.workspace_diagnostic_refresh().await;
            }
            return;
        }
        for uri in uris {
            self.publish(uri).await;
        }
    }

    /// Reloads the configuration from `tamis.toml`, the initialisation options and the client's
    /// settings; reports a broken configuration and keeps the previous one.
    async fn reload_settings(&self) {
        let (roots, init, client) = {
            let s = self.lock();
            (
                s.roots.clone(),
                s.init_options.clone(),
                s.client_settings.clone(),
            )
        };
        match config::effective(&roots, init.as_ref(), client.as_ref()) {
            Ok(settings) => {
                let mut state = self.lock();
                state.settings = Arc::new(settings);
                state.config_error = None;
            }
            Err(e) => {
                self.lock().config_error = Some(e.clone());
                self.client
                    .show_message(
                        MessageType::ERROR,
                        format!("tamis: configuration not applied: {e}"),
                    )
                    .await;
            }
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        // The phone metadata and the expressions of addresses on a second core, from now, then
        // what the first document opened needs (`prepare`, as `tamis check` does): its
        // analysis reaches them after the boilerplate rules and finds them built, or waits for
        // the rest rather than building them again. Unlike the whole warm-up, it builds only
        // what the first diagnostics of a release need.
        crate::prepare::start();
        // The automata's fast forms are built on a thread of their own once a megabyte has been
        // read through them (or by the warm-up), not by the keystroke that reads that megabyte.
        tamis_analysis::build_fast_on_a_thread();
        let caps = &params.capabilities;
        let offers_utf8 = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        let encoding = if offers_utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let diagnostic_refresh = caps
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        // Pull only where the client can be told to pull again when the corpus model arrives;
        // a client that pulls without refresh support (Neovim 0.10, 0.11) would keep stale
        // results, so it gets pushed diagnostics instead (and may still pull: the request is
        // always answered).
        let support = ClientSupport {
            diagnostic_refresh,
            pull_diagnostics: diagnostic_refresh
                && caps
                    .text_document
                    .as_ref()
                    .is_some_and(|t| t.diagnostic.is_some()),
            progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            watch_registration: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
        };
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty() {
            if let Some(p) = params.root_uri.as_ref().and_then(|u| u.to_file_path()) {
                roots.push(p.into_owned());
            }
        }
        {
            let mut state = self.lock();
            state.encoding = encoding;
            state.support = support.clone();
            state.roots = roots;
            state.init_options = params.initialization_options.clone();
        }
        self.reload_settings().await;
        let encoding_kind = match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        };
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding_kind),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::SOURCE_FIX_ALL,
                            CodeActionKind::REFACTOR_REWRITE,
                            CodeActionKind::from(FIX_ALL_KIND.to_string()),
                        ]),
                        resolve_provider: Some(false),
                        ..CodeActionOptions::default()
                    },
                )),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![FIX_WORKSPACE.to_string(), IGNORE.to_string()],
                    ..ExecuteCommandOptions::default()
                }),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: symbols::legend(),
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: Some(false),
                            ..SemanticTokensOptions::default()
                        },
                    ),
                ),
                diagnostic_provider: support.pull_diagnostics.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("tamis".to_string()),
                        inter_file_dependencies: true,
                        workspace_diagnostics: false,
                        ..DiagnosticOptions::default()
                    })
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "tamis".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let support = self.lock().support.clone();
        if support.watch_registration {
            let globs = indexing::watch_globs(&self.lock().settings);
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: globs
                    .into_iter()
                    .map(|g| FileSystemWatcher {
                        glob_pattern: GlobPattern::String(g),
                        kind: None,
                    })
                    .collect(),
            };
            let registration = Registration {
                id: "tamis-watch".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                self.client
                    .log_message(
                        MessageType::WARNING,
                        format!("tamis: cannot watch files: {e}"),
                    )
                    .await;
            }
        }
        let backend = self.clone_handle();
        tokio::spawn(async move { indexing::index(backend).await });
        tokio::spawn(async {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            warm_up::start();
        });
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        warm_up::active();
        let doc = params.text_document;
        let settings = {
            let mut state = self.lock();
            state
                .documents
                .insert(doc.uri.clone(), Document::new(&doc.text, doc.version));
            state.published.remove(&doc.uri);
            state.settings.clone()
        };
        crate::prepare::first_text(&doc.text, &settings);
        self.publish(doc.uri).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        trace::mark("did_change");
        warm_up::active();
        let uri = params.text_document.uri;
        let known = {
            let mut state = self.lock();
            let encoding = state.encoding;
            match state.documents.get_mut(&uri) {
                Some(doc) => {
                    for change in &params.content_changes {
                        doc.apply(change, encoding);
                    }
                    doc.version = params.text_document.version;
                    true
                }
                None => false,
            }
        };
        if !known {
            self.client
                .log_message(
                    MessageType::WARNING,
                    format!(
                        "tamis: didChange for a document that is not open: {}",
                        uri.as_str()
                    ),
                )
                .await;
            return;
        }
        self.publish(uri).await;
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        indexing::document_saved(self, &params.text_document.uri).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let push = {
            let mut state = self.lock();
            state.documents.remove(&uri);
            state.published.remove(&uri);
            !state.support.pull_diagnostics
        };
        // (The document's templates, with the JSON of its last diagnostics, went with it.)
        if push {
            self.send_frame(publish::frame(&uri, None, b"[]".to_vec().into()));
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let settings = match params.settings {
            Value::Object(mut map) if map.contains_key("tamis") => map.remove("tamis"),
            Value::Null => None,
            other => Some(other),
        };
        self.lock().client_settings = settings;
        self.reload_settings().await;
        self.recheck_all().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        indexing::files_changed(self, params.changes).await;
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let job = self.job_or_error(&params.text_document.uri)?;
        let report = if job.rope.len_bytes() <= INLINE_MAX {
            inline(|| job.report())?
        } else {
            blocking(move || job.report()).await?
        };
        // The report goes out as written, in place of this empty one (see `publish::Stash`).
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(self.stash.put(report)),
                    items: Vec::new(),
                },
            }),
        ))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let job = self.job_or_error(&p.text_document.uri)?;
        let state = self.state.clone();
        let files_naming = move |kind, normalized: &str| {
            let s = state.lock().unwrap_or_else(|p| p.into_inner());
            if s.entities.is_empty() {
                return None;
            }
            Some((
                symbols::files_naming(&s.entities, kind, normalized),
                s.entities.len(),
            ))
        };
        blocking(move || hover::hover(&job, p.position, &files_naming)).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let job = self.job_or_error(&params.text_document.uri)?;
        let symbols = blocking(move || symbols::document_symbols(&job)).await?;
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        // Open documents as they are now (their entities extracted once per text, as for the
        // outline), then the corpus files as indexed.
        let (open, corpus, encoding) = {
            let s = self.lock();
            let open: Vec<(Uri, Job)> = s
                .documents
                .keys()
                .filter_map(|u| Some((u.clone(), self.job_locked(&s, u)?)))
                .collect();
            let corpus: Vec<(PathBuf, Vec<symbols::Indexed>)> = s
                .entities
                .iter()
                .map(|(p, e)| (p.clone(), e.clone()))
                .collect();
            (open, corpus, s.encoding)
        };
        let query = params.query;
        let found = blocking(move || {
            let open_paths: Vec<PathBuf> = open
                .iter()
                .filter_map(|(u, _)| u.to_file_path().map(|p| p.into_owned()))
                .collect();
            let open_entities = open
                .into_iter()
                .map(|(u, job)| {
                    let analysis = job.analysis();
                    let e = symbols::indexed(analysis.text(), analysis.entities(), encoding);
                    (u, e)
                })
                .collect::<Vec<_>>();
            let corpus_entities = corpus
                .into_iter()
                .filter(|(p, _)| !open_paths.contains(p))
                .filter_map(|(p, e)| Uri::from_file_path(&p).map(|u| (u, e)));
            symbols::workspace_symbols(
                open_entities.into_iter().chain(corpus_entities),
                &query,
                500,
            )
        })
        .await?;
        Ok(Some(WorkspaceSymbolResponse::Flat(found)))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let job = self.job_or_error(&params.text_document.uri)?;
        let tokens = blocking(move || symbols::semantic_tokens(&job)).await?;
        Ok(Some(SemanticTokensResult::Tokens(tokens)))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let job = self.job_or_error(&params.text_document.uri)?;
        let has_root = !self.lock().roots.is_empty();
        let actions = blocking(move || actions::code_actions(&job, &params, has_root)).await??;
        Ok(Some(actions))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        match params.command.as_str() {
            FIX_WORKSPACE => actions::fix_workspace(self).await,
            IGNORE => actions::ignore(self, params.arguments).await,
            other => Err(invalid_params(format!("unknown command `{other}`"))),
        }
    }
}

#[derive(Debug, serde::Deserialize)]
struct DocumentTextParams {
    uri: Uri,
}

impl Backend {
    async fn document_text(&self, params: DocumentTextParams) -> Result<Value> {
        let state = self.lock();
        let doc = state
            .documents
            .get(&params.uri)
            .ok_or_else(|| invalid_params(format!("unknown document {}", params.uri.as_str())))?;
        Ok(serde_json::json!({ "text": doc.text(), "version": doc.version }))
    }

    /// Another handle on the same server, for background tasks.
    fn clone_handle(&self) -> Backend {
        Backend {
            client: self.client.clone(),
            state: self.state.clone(),
            publish: self.publish.clone(),
            frames: self.frames.clone(),
            stash: self.stash.clone(),
        }
    }
}
