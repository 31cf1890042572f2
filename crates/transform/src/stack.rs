//! Running the pass on a stack large enough for its input.
//!
//! SWC's parser, the AST's visitors and its destructors recurse once per
//! nesting level, and a stack overflow aborts the whole process: no
//! `catch_unwind` stops it. Nesting depth is bounded by input length, so the
//! work runs on a stack sized for the deepest input of that length
//! (measured: about 3 KiB per level in a release build, much more in debug),
//! inline when the current stack has room, else on a fresh segment whose
//! pages are only touched as needed.

const STACK_PER_INPUT_BYTE: usize = if cfg!(debug_assertions) { 32 << 10 } else { 4 << 10 };
const BASE_STACK: usize = 1 << 20;
/// Address space only; an input this deep would be megabytes of brackets.
const MAX_STACK: usize = 8 << 30;

pub(crate) fn with_stack_for<R>(input_len: usize, work: impl FnOnce() -> R) -> R {
    let needed = input_len.saturating_mul(STACK_PER_INPUT_BYTE).saturating_add(BASE_STACK).min(MAX_STACK);
    match stacker::remaining_stack() {
        Some(remaining) if remaining >= needed => work(),
        _ => stacker::grow(needed, work),
    }
}
