// mimalloc rather than the system allocator: extraction and the rules allocate many small
// strings per release, and it makes `check` and `entities` 5–10 % faster (see the README).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    tamis::cli::main()
}
