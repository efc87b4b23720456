//! The one setting the hub gives its allocator (mimalloc, the `hub` binary's global allocator): how long freed
//! memory is kept before it is given back to the system.
//!
//! mimalloc keeps freed memory for its purge delay (1 s by default) before giving it back. During a burst of
//! uploads each PDF check frees a block as large as the file (the parser's copy of its content streams), and the
//! next checks take fresh pages meanwhile: fifty 20 MiB uploads at once peaked at 142–170 MiB, against 120–127
//! MiB with no delay, at the same speed (issue 20, P12). The hub sets the delay to none when it starts, unless
//! its operator chose one.
//!
//! mimalloc reads its options from the environment before `main` runs, so an operator's
//! `MIMALLOC_PURGE_DELAY` is in force already; otherwise the option is set through mimalloc's C API. This module
//! (and `main`'s call of it) is the workspace's only `unsafe` code.

/// The environment variable mimalloc reads its purge delay from, in milliseconds.
pub const PURGE_DELAY_VAR: &str = "MIMALLOC_PURGE_DELAY";
/// `mi_option_purge_delay` in mimalloc's `mi_option_e` (`libmimalloc-sys` names only some options, "for
/// stability reasons"): 15 in its v2 and v3 lines. The `hub` binary's test that starts it with
/// [`PURGE_DELAY_VAR`] set reads that value back through this number.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Has freed memory given back at once, unless [`PURGE_DELAY_VAR`] chose a delay. mimalloc reads the delay each
/// time it schedules freed memory to be given back, so it holds from then on.
///
/// # Safety
/// Call it before the process starts a second thread (first thing in `main`): mimalloc's `mi_option_set` writes
/// the option without synchronisation, and every thread reads it as it frees memory.
#[expect(unsafe_code, reason = "mimalloc's C API; see the SAFETY comment")]
pub unsafe fn give_back_freed_memory_at_once() {
    if std::env::var_os(PURGE_DELAY_VAR).is_none() {
        // SAFETY: `mi_option_set` takes an option and its value by value and stores the value in mimalloc's
        // option table: no pointer, no lifetime, no memory handed over. No other thread runs yet (this function's
        // contract), so nothing reads the option while it is written.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
    }
}

/// How long mimalloc keeps freed memory before giving it back, in milliseconds (negative: never).
#[must_use]
#[expect(unsafe_code, reason = "mimalloc's C API; see the SAFETY comment")]
pub fn purge_delay_ms() -> i64 {
    // SAFETY: `mi_option_get` takes an option by value and returns its value: no pointer, no lifetime. It
    // reads the option from the environment on first use, as mimalloc's initialisation (before `main`) did
    // already; after that it reads one integer, as mimalloc itself does on every thread whenever it frees memory.
    let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
    #[allow(clippy::useless_conversion, reason = "a C long is 64 bits here, 32 on other targets")]
    i64::from(delay)
}
