//! Running the pass on a stack large enough for its input.
//!
//! SWC's parser, the AST's visitors and its destructors recurse once per
//! nesting level, and a stack overflow aborts the whole process: no
//! `catch_unwind` stops it. So the work runs where the stack has room for
//! the deepest input it could be: for up to 1 MiB, nesting is bounded by the
//! length (measured: about 3 KiB of stack per level in a release build, far
//! more in debug); a larger input is scanned for an upper estimate of its
//! nesting (see `nesting.rs`). The work runs inline when the current stack
//! has room, else on a large region reserved once per thread: address space
//! only, pages committed as the stack reaches them and kept for the next call,
//! so a call costs no system call; after an input that may have gone deep,
//! they are handed back. An input that would need more than the region is
//! refused instead of risking the process.

use crate::nesting::nesting_estimate;

const STACK_PER_LEVEL: usize = if cfg!(debug_assertions) { 32 << 10 } else { 4 << 10 };
const BASE_STACK: usize = 1 << 20;
/// Up to this size, the input's length bounds its nesting.
const LENGTH_BOUND_LIMIT: usize = 1 << 20;
/// Address space reserved per thread that needs it (a 32-bit target, such
/// as the Wasm plugin's, never reserves one).
#[cfg(target_pointer_width = "64")]
const REGION_SIZE: usize = 64 << 30;
#[cfg(not(target_pointer_width = "64"))]
const REGION_SIZE: usize = 1 << 30;

/// An input that nests too deeply to be compiled safely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooDeep {
    /// The estimated nesting depth.
    pub depth: usize,
}

impl TooDeep {
    pub fn message(self) -> String {
        format!("it nests too deeply to compile safely (about {} levels of brackets and operators)", self.depth)
    }
}

pub(crate) fn with_stack_for<R>(text: &str, work: impl FnOnce() -> R) -> Result<R, TooDeep> {
    let max_levels = (REGION_SIZE / 2 - BASE_STACK) / STACK_PER_LEVEL;
    let levels = if text.len() <= LENGTH_BOUND_LIMIT {
        text.len()
    } else {
        // Twice the estimate: a margin for what the scan does not see.
        nesting_estimate(text.as_bytes(), max_levels / 2).saturating_mul(2)
    };
    let needed = levels.saturating_mul(STACK_PER_LEVEL).saturating_add(BASE_STACK);
    if levels > max_levels {
        return Err(TooDeep { depth: levels });
    }
    Ok(match stacker::remaining_stack() {
        Some(remaining) if remaining >= needed => work(),
        _ => region::run(needed, work),
    })
}
#[cfg(all(unix, not(target_arch = "wasm32")))]
mod region {
    use std::cell::{Cell, RefCell};
    use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

    use super::REGION_SIZE;

    /// Committed stack kept between calls; more is handed back.
    const KEEP: usize = 64 << 20;

    struct Region {
        base: *mut u8,
        size: usize,
    }

    impl Region {
        /// A stack region with a guard page at its low end, or `None` when
        /// the system refuses the reservation.
        fn reserve() -> Option<Region> {
            // SAFETY: an anonymous private mapping of fresh memory; the
            // result is checked before use.
            unsafe {
                let page = libc::sysconf(libc::_SC_PAGESIZE) as usize;
                let base = libc::mmap(
                    std::ptr::null_mut(),
                    REGION_SIZE,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_PRIVATE | libc::MAP_ANON | libc::MAP_NORESERVE,
                    -1,
                    0,
                );
                if base == libc::MAP_FAILED {
                    return None;
                }
                if libc::mprotect(base, page, libc::PROT_NONE) != 0 {
                    libc::munmap(base, REGION_SIZE);
                    return None;
                }
                Some(Region { base: (base as *mut u8).add(page), size: REGION_SIZE - page })
            }
        }

        /// Returns the pages below the top `KEEP` bytes to the system.
        fn release_deep_pages(&self) {
            // SAFETY: the range lies inside this mapping and holds no live
            // frames: the call that used it has returned.
            unsafe {
                libc::madvise(self.base as *mut libc::c_void, self.size - KEEP, libc::MADV_DONTNEED);
            }
        }
    }

    impl Drop for Region {
        fn drop(&mut self) {
            let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize;
            // SAFETY: unmaps exactly the mapping made in `reserve`, when the
            // thread that owns it ends.
            unsafe { libc::munmap(self.base.sub(page) as *mut libc::c_void, self.size + page) };
        }
    }

    thread_local! {
        static REGION: RefCell<Option<Region>> = const { RefCell::new(None) };
        static ON_REGION: Cell<bool> = const { Cell::new(false) };
    }

    pub(super) fn run<R>(needed: usize, work: impl FnOnce() -> R) -> R {
        if ON_REGION.get() {
            return stacker::grow(needed, work);
        }
        let region = REGION.with(|cell| {
            let mut slot = cell.borrow_mut();
            if slot.is_none() {
                *slot = Region::reserve();
            }
            slot.as_ref().map(|region| (region.base, region.size))
        });
        let Some((base, size)) = region else {
            return stacker::grow(needed, work);
        };
        ON_REGION.set(true);
        // SAFETY: `base..base + size` is a page-aligned, writable mapping
        // owned by this thread, with a guard page below it, and no other
        // frame uses it (ON_REGION). The callback does not unwind: panics
        // are caught and resumed on the caller's stack.
        let result = unsafe { psm::on_stack(base, size, || catch_unwind(AssertUnwindSafe(work))) };
        ON_REGION.set(false);
        if needed > KEEP {
            REGION.with(|cell| cell.borrow().as_ref().map(Region::release_deep_pages));
        }
        result.unwrap_or_else(|panic| resume_unwind(panic))
    }
}

#[cfg(not(all(unix, not(target_arch = "wasm32"))))]
mod region {
    pub(super) fn run<R>(needed: usize, work: impl FnOnce() -> R) -> R {
        stacker::grow(needed, work)
    }
}
