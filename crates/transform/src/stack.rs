//! Running the pass on a stack large enough for its input.
//!
//! SWC's parser, the AST's visitors and its destructors recurse once per
//! nesting level, and a stack overflow aborts the whole process: no
//! `catch_unwind` stops it. Nesting depth is bounded by input length, so the
//! work runs where the stack has room for the deepest input of that length
//! (measured: about 3 KiB per level in a release build, far more in debug):
//! inline when the current stack has room, else on a large region reserved
//! once per thread. The region is address space only: pages are committed as
//! the stack reaches them and stay for the next call, so a call costs no
//! system call; after an input that may have gone deep, they are handed
//! back.

const STACK_PER_INPUT_BYTE: usize = if cfg!(debug_assertions) { 32 << 10 } else { 4 << 10 };
const BASE_STACK: usize = 1 << 20;

pub(crate) fn with_stack_for<R>(input_len: usize, work: impl FnOnce() -> R) -> R {
    let needed = input_len.saturating_mul(STACK_PER_INPUT_BYTE).saturating_add(BASE_STACK);
    match stacker::remaining_stack() {
        Some(remaining) if remaining >= needed => work(),
        _ => region::run(needed, work),
    }
}

#[cfg(all(unix, not(target_arch = "wasm32")))]
mod region {
    use std::cell::{Cell, RefCell};
    use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

    /// Address space reserved per thread that needs it.
    const REGION_SIZE: usize = 16 << 30;
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
        if ON_REGION.get() || needed > REGION_SIZE - KEEP {
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
