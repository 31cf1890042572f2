//! Applying an analysis: as text (CLI, napi) or as AST (SWC hosts).

pub(crate) mod ast;
pub(crate) mod client_text;
pub(crate) mod inline_ast;
pub(crate) mod inline_text;
pub(crate) mod literal;
pub(crate) mod server_text;
pub(crate) mod source_map;
pub(crate) mod splice;
pub(crate) mod stub;
