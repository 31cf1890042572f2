//! Names and strings as JavaScript, as text and as SWC nodes: the leaves
//! that the text and the AST emitters (and the stubs of both) build on.

use swc_core::common::DUMMY_SP;
use swc_core::ecma::ast::{Expr, ExprOrSpread, Ident, Lit, Str};

/// A JavaScript string literal.
pub(crate) fn js_string(value: &str) -> String {
    serde_json::to_string(value).expect("a string serializes")
}

/// How an export name is written after `as`: bare when it is an identifier
/// name (reserved words included), else as a string literal.
pub(crate) fn export_name_literal(name: &str) -> String {
    let mut chars = name.chars();
    let is_identifier_name = chars.next().is_some_and(Ident::is_valid_start) && chars.all(Ident::is_valid_continue);
    if is_identifier_name {
        name.to_string()
    } else {
        js_string(name)
    }
}

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new_no_ctxt(name.into(), DUMMY_SP)
}

pub(crate) fn string(value: &str) -> Str {
    Str { span: DUMMY_SP, value: value.into(), raw: None }
}

pub(crate) fn string_expr(value: &str) -> ExprOrSpread {
    Expr::Lit(Lit::Str(string(value))).into()
}
