//! The `hub` binary.

/// mimalloc returns the memory freed after a burst (fifty uploads at once) to the system, where glibc's
/// allocator keeps it in its arenas (issue 20, P12).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    api::cli::main()
}
