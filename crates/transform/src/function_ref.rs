//! A function as the rules read it: a function (declaration or
//! expression) or an arrow, whether an export's (section 2) or an inline
//! server function's (section 10); and its `fnArity` (section 3), the
//! declared parameter count of a fixed signature, `None` for a flexible one.

use swc_core::ecma::ast::{ArrowExpr, Function, Pat};

#[derive(Clone, Copy)]
pub(crate) enum FunctionRef<'a> {
    Function(&'a Function),
    Arrow(&'a ArrowExpr),
}

impl FunctionRef<'_> {
    pub fn is_generator(self) -> bool {
        match self {
            FunctionRef::Function(function) => function.is_generator,
            FunctionRef::Arrow(arrow) => arrow.is_generator,
        }
    }

    pub fn is_async(self) -> bool {
        match self {
            FunctionRef::Function(function) => function.is_async,
            FunctionRef::Arrow(arrow) => arrow.is_async,
        }
    }

    pub fn arity(self) -> Option<u32> {
        match self {
            FunctionRef::Function(function) => arity(function.params.iter().map(|param| &param.pat)),
            FunctionRef::Arrow(arrow) => arity(&arrow.params),
        }
    }
}

/// Counts `params` when every parameter is required and plain. (SWC keeps
/// a TypeScript `this` parameter apart from the parameters, so it never
/// counts.)
fn arity<'a>(params: impl IntoIterator<Item = &'a Pat>) -> Option<u32> {
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
