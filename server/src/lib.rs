//! tamis: finds and fixes what scraping left in press-release corpora.
//!
//! [`analysis`] is the core (text in, findings out, no I/O); [`positions`] converts its byte
//! offsets to editor positions; [`cli`] and [`lsp`] are its two front ends.

pub mod analysis;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod lsp;
pub mod positions;
