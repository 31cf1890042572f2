//! Local names in generated code, chosen so they never clash with a name of
//! the user's.

use std::collections::HashSet;

use swc_core::atoms::Atom;
use swc_core::ecma::ast::{Ident, Module};
use swc_core::ecma::visit::{Visit, VisitWith};

use crate::options::Target;
use crate::types::{InlineFunction, InlineNames, ServerFunction, Site};

pub(crate) const CREATE_SERVER_REFERENCE: &str = "createServerReference";
pub(crate) const REGISTER_SERVER_REFERENCE: &str = "registerServerReference";
/// Both runtimes' helper for a nested declaration's binding (section 10).
pub(crate) const BIND_LIVE: &str = "bindLive";
/// The base name of the rest parameter of a hoisted function that binds its own name.
const ARGS: &str = "args";

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
        .filter(|function| is_binding_name(function.display_name()))
        .map(|function| function.display_name().to_string())
        .collect();
    let import = unique(CREATE_SERVER_REFERENCE, &mut taken);
    let bindings = functions
        .iter()
        .map(|function| match Ident::verify_symbol(function.display_name()) {
            Ok(()) => StubBinding::Export,
            Err(_) if function.display_name() == "default" => StubBinding::Default,
            Err(suggestion) => StubBinding::Local(unique(&suggestion, &mut taken)),
        })
        .collect();
    ClientNames { import, bindings }
}

/// The local name for `registerServerReference` in a server module.
pub(crate) fn server_import_name(module: &Module, source: Option<&str>) -> String {
    FreshNames::for_base(module, source, REGISTER_SERVER_REFERENCE).fresh(REGISTER_SERVER_REFERENCE)
}

/// The name the server module binds an anonymous default export to.
pub(crate) fn default_local_name(module: &Module, source: Option<&str>) -> String {
    FreshNames::for_base(module, source, DEFAULT_LOCAL).fresh(DEFAULT_LOCAL)
}

const DEFAULT_LOCAL: &str = "_default";

impl InlineNames {
    /// The runtime import's specifiers: `(imported, local)`.
    pub fn imports(&self, target: Target) -> Vec<(&'static str, &str)> {
        let main = match target {
            Target::Client => CREATE_SERVER_REFERENCE,
            Target::Server => REGISTER_SERVER_REFERENCE,
        };
        let mut imports = vec![(main, self.import.as_str())];
        imports.extend(self.bind_live.as_deref().map(|local| (BIND_LIVE, local)));
        imports
    }
}

pub(crate) fn inline_names(module: &Module, functions: &[InlineFunction], target: Target) -> InlineNames {
    let mut names = FreshNames::of(module);
    let import = names.fresh(match target {
        Target::Client => CREATE_SERVER_REFERENCE,
        Target::Server => REGISTER_SERVER_REFERENCE,
    });
    let on_server = target == Target::Server;
    let hoisted = functions
        .iter()
        .map(|function| match function.site {
            Site::TopLevel { .. } => None,
            _ if !on_server => None,
            _ => {
                let name = &function.function.fn_name;
                let base = Ident::verify_symbol(name).map_or_else(|suggestion| suggestion, |()| name.clone());
                Some(names.fresh(&format!("{base}$server")))
            }
        })
        .collect();
    let anonymous = functions.iter().any(|function| matches!(function.site, Site::TopLevel { binding: None, .. }));
    let default_local = (on_server && anonymous).then(|| names.fresh(DEFAULT_LOCAL));
    // On the client, a function inside another inline function goes with it.
    let emitted = |inner: &InlineFunction| {
        on_server || !functions.iter().any(|outer| outer.span.lo < inner.span.lo && inner.span.hi <= outer.span.hi)
    };
    let live = functions.iter().any(|function| {
        matches!(function.site, Site::Nested { .. }) && !function.captures.is_empty() && emitted(function)
    });
    let bind_live = live.then(|| names.fresh(BIND_LIVE));
    let own_name =
        functions.iter().any(|function| function.own_name.is_some() && !matches!(function.site, Site::TopLevel { .. }));
    let args = (on_server && own_name).then(|| names.fresh(ARGS));
    InlineNames { import, hoisted, default_local, bind_live, args }
}

/// Names that no identifier of a module uses, and none given before.
pub(crate) struct FreshNames {
    taken: HashSet<String>,
}

impl FreshNames {
    /// Every identifier of the module is taken.
    fn of(module: &Module) -> Self {
        let mut identifiers = Identifiers::default();
        module.visit_with(&mut identifiers);
        FreshNames { taken: identifiers.names.into_iter().map(|name| name.to_string()).collect() }
    }

    /// For one name from `base`. `source` lets a caller with the text skip
    /// the walk when no identifier can be the name: it is not in the text,
    /// nor is any `\u` escape.
    fn for_base(module: &Module, source: Option<&str>, base: &str) -> Self {
        if source.is_some_and(|text| !text.contains(base) && !text.contains("\\u")) {
            return FreshNames { taken: HashSet::new() };
        }
        FreshNames::of(module)
    }

    /// `base`, or `base$1`, `base$2`, … : the first not taken, which it takes.
    fn fresh(&mut self, base: &str) -> String {
        unique(base, &mut self.taken)
    }
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
