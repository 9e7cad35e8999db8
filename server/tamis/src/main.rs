// mimalloc rather than the system allocator: extraction and the rules allocate many small
// strings per release, and it makes `check` and `entities` 5–10 % faster (see the README).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    tamis::cli::leave_memory_at_exit();
    // What the analysis builds at first use, on a second thread from now: it overlaps the
    // parsing of the arguments, the reading of the files and the first rules.
    if tamis::prepare::analyses_text(std::env::args_os()) {
        tamis::prepare::start();
    }
    let status = match tamis::cli::parse() {
        Err(status) => status,
        Ok(tamis::cli::Command::Lsp { .. }) => tamis::lsp::run_stdio(),
        Ok(command) => tamis::cli::run(command),
    };
    std::process::ExitCode::from(status)
}
