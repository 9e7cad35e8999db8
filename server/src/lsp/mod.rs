//! The language server (built in the next step).

pub fn run_stdio() -> u8 {
    crate::cli::EXIT_ERROR
}
