//! Code actions and commands: quick fixes, fix all of a kind, fix-all, fixing the workspace, and
//! exceptions written into `tamis.toml`.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::convert::{self, Snapshot};
use super::{blocking, invalid_params, Backend, Job, FIX_ALL_KIND, IGNORE};
use crate::workspace::{self as corpus, Loaded};
use tamis_analysis::entities::Kind;
use tamis_analysis::ide;
use tamis_analysis::select_fixes;
use tamis_analysis::{fix_until_stable, Applicability, Context, Finding, FixOptions};

/// The argument of `tamis.ignore`: a value to add to `[section] allow`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IgnoreArgs {
    pub section: String,
    pub value: String,
}

fn wants(only: Option<&Vec<CodeActionKind>>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|o| {
            kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str()))
        })
    })
}

pub fn code_actions(
    job: &Job,
    params: &CodeActionParams,
    has_root: bool,
) -> Result<CodeActionResponse> {
    let analysis = job.analysis();
    let snap = Snapshot::of(&analysis, job.encoding);
    let start = snap.offset(params.range.start);
    let end = snap.offset(params.range.end);
    let findings = analysis.findings();
    let only = params.context.only.as_ref();
    let uri = &params.text_document.uri;
    let mut out: CodeActionResponse = Vec::new();
    let edits_of = |fixes: Vec<&tamis_analysis::Fix>| -> Vec<TextEdit> {
        fixes
            .iter()
            .flat_map(|f| f.edits.iter())
            .map(|e| snap.text_edit(&e))
            .collect()
    };
    if wants(only, &CodeActionKind::QUICKFIX) {
        let touched = findings
            .iter()
            .filter(|f| f.range.start <= end && start <= f.range.end);
        for f in touched {
            let diagnostic = convert::diagnostic(&snap, f);
            if let Some(fix) = f
                .fix
                .as_ref()
                .filter(|x| x.applicability != Applicability::DisplayOnly)
            {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.to_string(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(convert::workspace_edit(uri, edits_of(vec![fix]))),
                    is_preferred: Some(convert::is_safe(fix.applicability)),
                    ..CodeAction::default()
                }));
                let same: Vec<&Finding> = findings
                    .iter()
                    .filter(|g| g.code == f.code && g.fix.is_some())
                    .collect();
                if same.len() > 1 {
                    let options = FixOptions {
                        unsafe_fixes: fix.applicability == Applicability::Unsafe,
                    };
                    let fixes = select_fixes(same.iter().copied(), options);
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!(
                            "Fix all `{}` problems in this file ({})",
                            f.code,
                            fixes.len()
                        ),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diagnostic.clone()]),
                        edit: Some(convert::workspace_edit(uri, edits_of(fixes))),
                        ..CodeAction::default()
                    }));
                }
            }
            if has_root {
                if let Some(exception) = ide::exception(analysis.text(), f) {
                    let title = exception.title;
                    let args = IgnoreArgs {
                        section: exception.section.to_string(),
                        value: exception.value,
                    };
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: title.clone(),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diagnostic]),
                        command: Some(Command {
                            title,
                            command: IGNORE.to_string(),
                            arguments: Some(
                                vec![serde_json::to_value(args).expect("serialisable")],
                            ),
                        }),
                        ..CodeAction::default()
                    }));
                }
            }
        }
    }
    if wants(only, &CodeActionKind::REFACTOR_REWRITE) {
        out.extend(redact_actions(&analysis, &snap, uri, start..end));
    }
    let fix_all = CodeActionKind::from(FIX_ALL_KIND.to_string());
    if only.is_some() && wants(only, &fix_all) || only.is_none() {
        let fixes = select_fixes(
            findings,
            FixOptions {
                unsafe_fixes: false,
            },
        );
        if !fixes.is_empty() {
            let n = fixes.len();
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Fix all safely fixable tamis problems ({n})"),
                kind: Some(fix_all),
                edit: Some(convert::workspace_edit(uri, edits_of(fixes))),
                ..CodeAction::default()
            }));
        }
    }
    Ok(out)
}

/// "Redact this person / email / phone": for an entity under the cursor, replaces every mention
/// of the same value in the document with its type in brackets (as `tamis redact --mode
/// replace`; pseudonyms need the corpus and a mapping, which `tamis redact` has).
fn redact_actions(
    analysis: &ide::Analysis,
    snap: &Snapshot<'_>,
    uri: &Uri,
    at: std::ops::Range<usize>,
) -> Vec<CodeActionOrCommand> {
    use crate::redact::{plan, same_value, Mode, Redactor, KINDS};
    let Ok(redactor) = Redactor::new(Mode::Replace, None) else {
        return Vec::new();
    };
    let entities = analysis.entities();
    let mut done: Vec<(Kind, &str)> = Vec::new();
    let mut out = Vec::new();
    for e in entities
        .iter()
        .filter(|e| KINDS.contains(&e.kind) && e.range.start <= at.end && at.start <= e.range.end)
    {
        if done.contains(&(e.kind, e.normalized.as_str())) {
            continue;
        }
        done.push((e.kind, e.normalized.as_str()));
        let mentions: Vec<_> = same_value(entities, e).into_iter().cloned().collect();
        let edits = plan(analysis.text(), &mentions, &[e.kind], &redactor);
        if edits.is_empty() {
            continue;
        }
        let n = edits.len();
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!(
                "Redact this {} ({n} mention{} in this file)",
                e.kind.as_str(),
                if n == 1 { "" } else { "s" }
            ),
            kind: Some(CodeActionKind::REFACTOR_REWRITE),
            edit: Some(convert::workspace_edit(
                uri,
                edits.iter().map(|x| snap.text_edit(x)).collect(),
            )),
            ..CodeAction::default()
        }));
    }
    out
}

/// `tamis.ignore`: writes the exception into `tamis.toml` and re-checks.
pub async fn ignore(backend: &Backend, arguments: Vec<Value>) -> Result<Option<Value>> {
    let args: IgnoreArgs = arguments
        .into_iter()
        .next()
        .and_then(|v| serde_json::from_value(v).ok())
        .ok_or_else(|| invalid_params("tamis.ignore takes one argument {section, value}"))?;
    if !ide::EXCEPTION_SECTIONS.contains(&args.section.as_str()) {
        return Err(invalid_params(format!(
            "unknown section `{}`",
            args.section
        )));
    }
    let roots = backend.lock().roots.clone();
    let path = super::config::add_to_list(&roots, &args.section, "allow", &args.value)
        .map_err(|e| super::internal(format!("cannot write tamis.toml: {e}")))?;
    backend
        .client
        .log_message(
            MessageType::INFO,
            format!(
                "tamis: added `{}` to [{}] allow in {}",
                args.value,
                args.section,
                path.display()
            ),
        )
        .await;
    backend.reload_settings().await;
    backend.recheck_all().await;
    Ok(None)
}

/// `tamis.fixWorkspace`: applies the safe fixes to every corpus file through
/// `workspace/applyEdit`, one whole-document edit per changed file.
pub async fn fix_workspace(backend: &Backend) -> Result<Option<Value>> {
    let (roots, settings, model, encoding, open) = {
        let s = backend.lock();
        let open: Vec<(std::path::PathBuf, String)> = s
            .documents
            .iter()
            .filter_map(|(u, d)| Some((u.to_file_path()?.into_owned(), d.text())))
            .collect();
        (
            s.roots.clone(),
            s.settings.clone(),
            s.model.clone(),
            s.encoding,
            open,
        )
    };
    if roots.is_empty() {
        return Err(invalid_params("no workspace folder to fix"));
    }
    let (edit, files, fixes) = blocking(move || {
        let (paths, _) = corpus::collect(&roots, &settings);
        let cx = Context {
            settings: &settings,
            model: model.as_deref(),
        };
        let mut changes = std::collections::HashMap::new();
        let mut fixes = 0;
        for path in paths {
            let text = match open.iter().find(|(p, _)| *p == path) {
                Some((_, t)) => t.clone(),
                None => match corpus::read_document(&path) {
                    Ok(Loaded::Text(t)) => t,
                    _ => continue,
                },
            };
            let fixed = fix_until_stable(
                &text,
                cx,
                FixOptions {
                    unsafe_fixes: false,
                },
            );
            if fixed.text == text {
                continue;
            }
            let Some(uri) = Uri::from_file_path(&path) else {
                continue;
            };
            fixes += fixed.applied;
            let snap = Snapshot::new(&text, encoding);
            let whole = snap.range(&(0..text.len()));
            let new_text = fixed
                .text
                .strip_prefix('\u{feff}')
                .unwrap_or(&fixed.text)
                .to_string();
            changes.insert(uri, vec![TextEdit::new(whole, new_text)]);
        }
        let files = changes.len();
        (
            WorkspaceEdit {
                changes: Some(changes),
                ..WorkspaceEdit::default()
            },
            files,
            fixes,
        )
    })
    .await?;
    if files > 0 {
        let applied = backend
            .client
            .apply_edit(edit)
            .await
            .map_err(|e| super::internal(format!("the client did not apply the edit: {e}")))?;
        if !applied.applied {
            return Err(super::internal(format!(
                "the client refused the edit: {}",
                applied.failure_reason.unwrap_or_default()
            )));
        }
    }
    Ok(Some(serde_json::json!({ "files": files, "fixes": fixes })))
}
