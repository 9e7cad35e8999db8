//! tamis: finds and fixes what scraping left in press-release corpora.
//!
//! The analysis is the crate `tamis_analysis` (text in, findings out, no I/O, no editor). This
//! crate holds its front ends: [`cli`] and [`lsp`], with [`workspace`] (configuration discovery,
//! the corpus on disk, the one atomic writer) and [`positions`] (byte offsets to editor
//! positions) shared by both.

pub mod cli;
pub mod lsp;
pub mod positions;
pub mod prepare;
pub mod redact;
pub mod workspace;

/// Exit status: no findings (`check`), nothing left to fix (`fix`), or a clean exit.
pub const EXIT_CLEAN: u8 = 0;
/// Exit status: findings reported, or fixes left.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: a usage, configuration or I/O error.
pub const EXIT_ERROR: u8 = 2;
