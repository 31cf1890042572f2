//! `fnArity` (SPEC section 3): the declared parameter count of a fixed
//! signature; `None` for a flexible one.

use swc_core::ecma::ast::Pat;

/// Counts `params` when every parameter is required and plain. (SWC keeps
/// a TypeScript `this` parameter apart from the parameters, so it never
/// counts.)
pub fn arity<'a>(params: impl IntoIterator<Item = &'a Pat>) -> Option<u32> {
    let mut count = 0;
    for pat in params {
        match pat {
            Pat::Ident(ident) if !ident.id.optional => {}
            Pat::Array(array) if !array.optional => {}
            Pat::Object(object) if !object.optional => {}
            // Optional (`x?`), defaulted (`x = 1`), rest (`...xs`): flexible.
            _ => return None,
        }
        count += 1;
    }
    Some(count)
}
