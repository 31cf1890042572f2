//! Local names in generated code, chosen so they never clash with a name of
//! the user's.

use std::collections::HashSet;

use swc_core::atoms::Atom;
use swc_core::ecma::ast::{Ident, Module};
use swc_core::ecma::visit::{Visit, VisitWith};

use crate::analysis::ServerFunction;

pub(crate) const CREATE_SERVER_REFERENCE: &str = "createServerReference";
pub(crate) const REGISTER_SERVER_REFERENCE: &str = "registerServerReference";

/// How a client stub is bound and exported.
pub(crate) enum StubBinding {
    /// `export const <name> = …`
    Export,
    /// `const <local> = …` behind `export { <local> as "<name>" }`, for a
    /// name that cannot be a binding.
    Local(String),
    /// `export default …`
    Default,
}

/// The names of the client module: the runtime import's local name, and
/// how each server function's stub is bound.
pub(crate) struct ClientNames {
    pub import: String,
    pub bindings: Vec<StubBinding>,
}

/// True when `name` can be declared with `const` in a module.
pub(crate) fn is_binding_name(name: &str) -> bool {
    Ident::verify_symbol(name).is_ok()
}

pub(crate) fn client_names(functions: &[ServerFunction]) -> ClientNames {
    let mut taken: HashSet<String> = functions
        .iter()
        .filter(|function| is_binding_name(&function.export_name))
        .map(|function| function.export_name.clone())
        .collect();
    let import = unique(CREATE_SERVER_REFERENCE, &mut taken);
    let bindings = functions
        .iter()
        .map(|function| match Ident::verify_symbol(&function.export_name) {
            Ok(()) => StubBinding::Export,
            Err(_) if function.export_name == "default" => StubBinding::Default,
            Err(suggestion) => StubBinding::Local(unique(&suggestion, &mut taken)),
        })
        .collect();
    ClientNames { import, bindings }
}

/// The local name for `registerServerReference` in a server module.
pub(crate) fn server_import_name(module: &Module, source: Option<&str>) -> String {
    unused_name(module, source, REGISTER_SERVER_REFERENCE)
}

/// The name the server module binds an anonymous default export to.
pub(crate) fn default_local_name(module: &Module, source: Option<&str>) -> String {
    unused_name(module, source, "_default")
}

/// `base`, unless the module already uses it as an identifier anywhere.
/// `source` lets a caller with the text skip the walk when no identifier can
/// be the name: it is not in the text, nor is any `\u` escape.
fn unused_name(module: &Module, source: Option<&str>, base: &str) -> String {
    if source.is_some_and(|text| !text.contains(base) && !text.contains("\\u")) {
        return base.to_string();
    }
    let mut identifiers = Identifiers::default();
    module.visit_with(&mut identifiers);
    let mut taken =
        identifiers.names.into_iter().filter(|name| name.starts_with(base)).map(|name| name.to_string()).collect();
    unique(base, &mut taken)
}

/// `base`, or `base$1`, `base$2`, … : the first not in `taken`, which it joins.
fn unique(base: &str, taken: &mut HashSet<String>) -> String {
    let name = (0..)
        .map(|n| if n == 0 { base.to_string() } else { format!("{base}${n}") })
        .find(|name| !taken.contains(name))
        .expect("an unbounded sequence has a free name");
    taken.insert(name.clone());
    name
}

#[derive(Default)]
struct Identifiers {
    names: HashSet<Atom>,
}

impl Visit for Identifiers {
    fn visit_ident(&mut self, ident: &Ident) {
        self.names.insert(ident.sym.clone());
    }
}
