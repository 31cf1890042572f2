//! One analysis of a parsed module: whether it is a server module (section
//! 1), its server functions (sections 2 and 10) and their ids (section 3),
//! shared by both ways of applying the pass.

use swc_core::common::Span;
use swc_core::ecma::ast::Module;

use crate::diagnostics::{split_problems, Diagnostic};
use crate::directive::{check_function_directives, scan_directives, ModuleKind};
use crate::exports::{scan_exports, ExportRules};
use crate::fn_id::fn_id;
use crate::inline::{inline_directives, inline_functions};
use crate::options::Generators;
use crate::position::Locate;
use crate::types::{InlineModule, ModuleFunctions, ModuleInfo, ServerFunction, ServerModule};

/// What the module's functions are, and its warnings (FW008), or every diagnostic when one is an error.
pub(crate) fn find_functions(
    module: &Module,
    info: &ModuleInfo,
    locator: &dyn Locate,
) -> Result<(ModuleFunctions, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    check_function_directives(module, &mut problems);
    let analysis = match scan_directives(module, info.filename, info.compile.server_files, &mut problems) {
        ModuleKind::Other { prologue_end, prologue_len } => {
            let functions = inline_functions(module, info, locator, &mut problems);
            if functions.is_empty() {
                ModuleFunctions::Other
            } else {
                ModuleFunctions::Inline(InlineModule { prologue_end, prologue_len, functions })
            }
        }
        ModuleKind::Server { directive, prologue_end, prologue_len } => {
            let rules = ExportRules {
                wrapped_exports: info.compile.wrapped_exports,
                default_export: info.compile.default_export,
                stream_generators: info.compile.generators == Generators::Stream,
                server_runtime: &info.compile.runtime.server,
            };
            let (exports, export_problems) = scan_exports(module, directive, &rules);
            problems.extend(export_problems);
            let functions = exports
                .iter()
                .map(|export| {
                    let position = locator.locate(export.span.lo);
                    ServerFunction {
                        fn_id: fn_id(info.module_path, &export.export_name, info.compile.id_salt.as_deref()),
                        fn_name: export.export_name.clone(),
                        export_name: Some(export.export_name.clone()),
                        local_name: export.local.to_string(),
                        arity: export.arity,
                        method: export.method,
                        line: position.line,
                        column: position.column,
                        inline: false,
                    }
                })
                .collect();
            ModuleFunctions::Server(ServerModule {
                prologue_end,
                prologue_len,
                functions,
                export_spans: exports.iter().map(|export| export.span).collect(),
                anonymous_default: exports.iter().find_map(|export| export.anonymous),
            })
        }
    };
    split_problems(problems, info.module_path, locator).map(|warnings| (analysis, warnings))
}

/// Section 1 only, for a graph with server functions off: what makes the
/// module a server module (its directive, or for a `*.server.*` file that is
/// one by its name, the module), none for another module; and its directive
/// problems (FW003 to FW009).
pub(crate) fn check_directives(
    module: &Module,
    info: &ModuleInfo,
    locator: &dyn Locate,
) -> (Option<Span>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    check_function_directives(module, &mut problems);
    let kind = scan_directives(module, info.filename, info.compile.server_files, &mut problems);
    let server_mark = match kind {
        ModuleKind::Server { directive, .. } => Some(directive.unwrap_or(module.span)),
        ModuleKind::Other { .. } => None,
    };
    if server_mark.is_none() {
        // No inline server function can compile while server functions are off: each is FW006.
        inline_directives(module, true, &mut problems);
    }
    let diagnostics = split_problems(problems, info.module_path, locator).unwrap_or_else(|errors| errors);
    (server_mark, diagnostics)
}
