//! The allocator's behaviour on a huge file.
//!
//! mimalloc gives freed memory back to the system a second after it is freed (its
//! `purge_delay`, 1,000 ms in the version built), sparing system calls when memory is freed and
//! taken again soon, as it is file after file. On one huge file, large blocks are freed once and never taken again (the
//! text's lines after the rules that read them, a vector of findings after it is copied to its
//! exact length), and the delay keeps them in the process's memory while the next stages take
//! more: `tamis check --no-corpus` on a 108 MB file peaked at 359–385 MB from run to run with
//! the delay, 306 MB without it.

use std::sync::Once;

/// mimalloc's `mi_option_purge_delay`: its position in the enum `mi_option_e`
/// (`include/mimalloc.h`, version 3, the version `libmimalloc-sys` builds by default); the
/// bindings do not name the options ("for stability reasons"). A test checks its default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Has freed memory given back to the system at once, from now on. Called before a huge file
/// is analysed, once per process; small files keep the delay.
pub fn give_back_freed_memory_at_once() {
    static DONE: Once = Once::new();
    DONE.call_once(|| {
        // SAFETY: sets one option's value, a `long` in mimalloc's table of options; other threads
        // only ever read it, as a whole word, and either value is valid at any time.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_is_the_purge_delay() {
        // Its default, 1,000 ms (`src/options.c`): a shifted enum would give another option's.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 1000);
        give_back_freed_memory_at_once();
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 0);
    }
}
