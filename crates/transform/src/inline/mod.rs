//! SPEC section 10: inline server functions in modules that are not server
//! modules. Found (`detect`), their captures read from SWC's resolver marks
//! (`captures`), then named and given ids here; `emit` moves them.

mod captures;
mod detect;

use rustc_hash::FxHashMap;
use swc_core::common::{Globals, Mark, SyntaxContext, GLOBALS};
use swc_core::ecma::ast::Module;
use swc_core::ecma::transforms::base::resolver;
use swc_core::ecma::visit::{VisitMut, VisitMutWith};

pub(crate) use detect::is_string_statement;

use crate::diagnostics::Problem;
use crate::directive::has_use_client;
use crate::fn_id::fn_id;
use crate::options::{Generators, InlineFunctions};
use crate::position::Locate;
use crate::types::{InlineFunction, ModuleInfo, ServerFunction};
use captures::Contexts;
use detect::{find_inline_functions, Mode};

/// The inline server functions of a module that is not a server module:
/// with `inlineFunctions: "error"`, none, and FW006 for each; with
/// `"hoist"`, every one, and the problems of SPEC section 10.
pub(crate) fn inline_functions(
    module: &Module,
    info: &ModuleInfo,
    locator: &dyn Locate,
    problems: &mut Vec<Problem>,
) -> Vec<InlineFunction> {
    match info.compile.inline_functions {
        // In a "use client" module none compiles (FW005, section 1).
        InlineFunctions::Hoist if !has_use_client(module) => {
            // Most modules have none: find out before cloning and resolving.
            let mut directives = Vec::new();
            find_inline_functions(module, Mode::Error, &mut directives);
            if directives.is_empty() {
                return Vec::new();
            }
            let found = with_globals(|| {
                let (unresolved_mark, top_level_mark) = (Mark::new(), Mark::new());
                let mut resolved = module.clone();
                // A host may have resolved the program with marks of its own: start afresh.
                resolved.visit_mut_with(&mut ForgetContexts);
                resolved.visit_mut_with(&mut resolver(unresolved_mark, top_level_mark, true));
                let contexts = Contexts { top_level: top_level_mark, unresolved: unresolved_mark };
                let stream_generators = info.compile.generators == Generators::Stream;
                find_inline_functions(&resolved, Mode::Hoist { contexts, stream_generators }, problems)
            });
            name_and_identify(found, info, locator)
        }
        _ => {
            inline_directives(module, false, problems);
            Vec::new()
        }
    }
}

/// FW006 for each inline `"use server"` directive of a module that is not a
/// server module (`server_off`: while server functions are off), FW005 in
/// a `"use client"` module.
pub(crate) fn inline_directives(module: &Module, server_off: bool, problems: &mut Vec<Problem>) {
    let mode = match (has_use_client(module), server_off) {
        (true, _) => Mode::UseClient,
        (false, true) => Mode::ServerOff,
        (false, false) => Mode::Error,
    };
    find_inline_functions(module, mode, problems);
}

/// Clears every syntax context, so that the resolver marks the program anew.
struct ForgetContexts;

impl VisitMut for ForgetContexts {
    fn visit_mut_syntax_context(&mut self, context: &mut SyntaxContext) {
        *context = SyntaxContext::empty();
    }
}

/// Runs `work` with SWC's globals (marks), which a host may have set already.
fn with_globals<R>(work: impl FnOnce() -> R) -> R {
    if GLOBALS.is_set() {
        work()
    } else {
        GLOBALS.set(&Globals::new(), work)
    }
}

/// Qualified names (`Page.deletePost`, then `Page.deletePost#2`, …), ids
/// and positions.
fn name_and_identify(found: Vec<detect::Found>, info: &ModuleInfo, locator: &dyn Locate) -> Vec<InlineFunction> {
    let mut seen: FxHashMap<String, u32> = FxHashMap::default();
    found
        .into_iter()
        .map(|found| {
            let joined = found.path.join(".");
            let count = seen.entry(joined.clone()).or_insert(0);
            *count += 1;
            let qualified = if *count == 1 { joined } else { format!("{joined}#{count}") };
            let position = locator.locate(found.span.lo);
            InlineFunction {
                function: ServerFunction {
                    fn_id: fn_id(info.module_path, &qualified, info.compile.id_salt.as_deref()),
                    fn_name: found.name,
                    export_name: found.export_name,
                    local_name: qualified,
                    arity: found.arity,
                    method: None,
                    line: position.line,
                    column: position.column,
                    inline: true,
                },
                site: found.site,
                span: found.span,
                parts: found.parts,
                captures: found.captures,
                own_name: found.own_name,
            }
        })
        .collect()
}
