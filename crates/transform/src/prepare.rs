//! A module's text made ready to emit: parsed, its server functions found
//! (`analysis`), and the local names emitting adds chosen, for one target
//! or for both and a graph analysis (section 5). What this makes is what a
//! compiler instance keeps.

use swc_core::ecma::ast::Module;

use crate::analysis::find_functions;
use crate::diagnostics::Diagnostic;
use crate::fn_id::module_path;
use crate::graph::scan::scan_imports;
use crate::messages;
use crate::names::{default_local_name, inline_names, server_import_name};
use crate::options::{CompileOptions, Target};
use crate::parse::{is_ours_to_judge, parse_failures, parse_module};
use crate::position::{LineIndex, TextLocator};
use crate::source::split_bom;
use crate::stack::with_stack_for;
use crate::types::{ModuleFunctions, ModuleInfo, Prepared, PreparedModule, ServerNames};

/// Parses and analyzes `source`, for `only` the target given, else for both
/// targets and a graph analysis (its imports).
pub(crate) fn prepare_source(
    source: &str,
    filename: &str,
    compile: &CompileOptions,
    only: Option<Target>,
) -> PreparedModule {
    let (_, text) = split_bom(source);
    let module_path = module_path(filename.as_ref(), compile.root());
    let info = ModuleInfo { filename, module_path: &module_path, compile };
    let locator = TextLocator { lines: LineIndex::new(text) };
    let result = with_stack_for(source, || match parse_module(text, filename) {
        Ok(module) => Ok(match only {
            None => prepare_parsed(&module, text, &info, &locator),
            Some(target) => {
                let (prepared, warnings) = prepare_targets(&module, text, &info, &locator, Some(target));
                PreparedModule { prepared, warnings, imports: Vec::new(), parsed: true }
            }
        }),
        Err(errors) => Err(errors),
    });
    let failed = |prepared| PreparedModule { prepared, warnings: Vec::new(), imports: Vec::new(), parsed: false };
    match result {
        Ok(Ok(analyzed)) => analyzed,
        Ok(Err(errors)) if is_ours_to_judge(text, filename) => {
            failed(Err(parse_failures(errors, &module_path, &locator)))
        }
        Err(too_deep) if is_ours_to_judge(text, filename) => {
            failed(Err(vec![messages::parse_failure(too_deep.message(), &module_path, 1, 1)]))
        }
        // Not ours to judge: the bundler reports its own syntax error.
        Ok(Err(_)) | Err(_) => failed(Ok(Prepared::Unchanged)),
    }
}

/// [`prepare_targets`] for both targets, and the module's imports.
pub(crate) fn prepare_parsed(module: &Module, text: &str, info: &ModuleInfo, locator: &TextLocator) -> PreparedModule {
    let (prepared, warnings) = prepare_targets(module, text, info, locator, None);
    PreparedModule { prepared, warnings, imports: scan_imports(module, text), parsed: true }
}

/// The analysis of a parsed module, and the names emitting adds for `only`
/// the target given, else for both; and its warnings.
fn prepare_targets(
    module: &Module,
    text: &str,
    info: &ModuleInfo,
    locator: &TextLocator,
    only: Option<Target>,
) -> (Result<Prepared, Vec<Diagnostic>>, Vec<Diagnostic>) {
    let wants = |target: Target| only.is_none_or(|only| only == target);
    let (analysis, warnings) = match find_functions(module, info, locator) {
        Ok(analyzed) => analyzed,
        Err(diagnostics) => return (Err(diagnostics), Vec::new()),
    };
    let prepared = match analysis {
        ModuleFunctions::Other => Prepared::Unchanged,
        ModuleFunctions::Server(server) => {
            let names = wants(Target::Server).then(|| ServerNames {
                import: server_import_name(module, Some(text)),
                default_local: server.anonymous_default.map(|_| default_local_name(module, Some(text))),
            });
            Prepared::Server { server, names }
        }
        ModuleFunctions::Inline(inline) => {
            let client = wants(Target::Client).then(|| inline_names(module, &inline.functions, Target::Client));
            let server = wants(Target::Server).then(|| inline_names(module, &inline.functions, Target::Server));
            Prepared::Inline { inline, client, server }
        }
    };
    (Ok(prepared), warnings)
}
