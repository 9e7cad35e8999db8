//! The allocator's behaviour on a huge file.
//!
//! mimalloc gives freed memory back to the system a second after it is freed (its
//! `purge_delay`, 1,000 ms in the version built), sparing system calls when memory is freed and
//! taken again soon, as it is file after file. On one huge file, large blocks are freed once and never taken again (the
//! text's lines after the rules that read them, a vector of findings after it is copied to its
//! exact length), and the delay keeps them in the process's memory while the next stages take
//! more: `tamis check --no-corpus` on a 108 MB file peaked at 359–385 MB from run to run with
//! the delay, 306 MB without it.

/// mimalloc's `mi_option_purge_delay`: its position in the enum `mi_option_e`
/// (`include/mimalloc.h`, version 3, the version `libmimalloc-sys` builds by default); the
/// bindings do not name the options ("for stability reasons"). A test checks its default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's default purge delay, in milliseconds (a test checks it).
const DEFAULT_PURGE_DELAY: std::ffi::c_long = 1000;

/// Has freed memory given back to the system at once, from now on. Called before a huge file
/// is read and analysed; small files keep the delay.
pub fn give_back_freed_memory_at_once() {
    // SAFETY: sets one option's value, a `long` in mimalloc's table of options; other threads
    // only ever read it, as a whole word, and either value is valid at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
}

/// Has freed memory kept for the delay again (mimalloc's default), once the large blocks of a
/// huge file's whole-text rules are freed: the parts of the text read after them take and free
/// memory of the same sizes, part after part, which the system had to zero again for each when
/// it was given back at once (about a seventh of `tamis entities`' time on a 32 MB file).
pub fn keep_freed_memory_a_while() {
    // SAFETY: as in `give_back_freed_memory_at_once`.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, DEFAULT_PURGE_DELAY) };
}

/// mimalloc's `mi_option_destroy_on_exit`, as [`PURGE_DELAY`] (a test checks its default and
/// its neighbours').
const DESTROY_ON_EXIT: libmimalloc_sys::mi_option_t = 22;

/// Has mimalloc leave its memory to the system at exit: with `destroy_on_exit` above 1 its exit
/// handler returns at once (`_mi_auto_process_done`, `src/init.c`), where it would otherwise
/// collect the main thread's heap and give its free pages back one `madvise` at a time, which
/// the system is about to do for the whole process anyway (about 0.5 ms of a `tamis check`
/// of one small file, more when a thread that built tables is still running). Called by
/// `main`, before any command runs.
pub fn leave_memory_at_exit() {
    // SAFETY: as in `give_back_freed_memory_at_once`; the option is read only at exit.
    unsafe { libmimalloc_sys::mi_option_set(DESTROY_ON_EXIT, 2) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_is_destroy_on_exit() {
        // Its default and its neighbours' (`deprecated_max_segment_reclaim`, 10 %, and
        // `arena_reserve`, 1 GiB in KiB): a shifted enum would give other values.
        unsafe {
            assert_eq!(libmimalloc_sys::mi_option_get(DESTROY_ON_EXIT - 1), 10);
            assert_eq!(libmimalloc_sys::mi_option_get(DESTROY_ON_EXIT + 1), 1 << 20);
        }
        leave_memory_at_exit();
        assert_eq!(
            unsafe { libmimalloc_sys::mi_option_get(DESTROY_ON_EXIT) },
            2
        );
    }

    #[test]
    fn the_option_is_the_purge_delay() {
        // Its default, 1,000 ms (`src/options.c`): a shifted enum would give another option's.
        assert_eq!(
            unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) },
            DEFAULT_PURGE_DELAY
        );
        give_back_freed_memory_at_once();
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 0);
        keep_freed_memory_a_while();
        assert_eq!(
            unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) },
            DEFAULT_PURGE_DELAY
        );
    }
}
