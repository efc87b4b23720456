//! The `hub` binary.

/// mimalloc returns the memory freed after a burst (fifty uploads at once) to the system, where glibc's
/// allocator keeps it in its arenas (issue 20, P12).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[expect(unsafe_code, reason = "the allocator's option, set before any thread starts; see the SAFETY comment")]
fn main() -> std::process::ExitCode {
    // SAFETY: the first thing the hub does: no other thread runs yet.
    unsafe { api::allocator::give_back_freed_memory_at_once() };
    api::cli::main()
}
