//! One reachable module: read, parse, checked against SPEC sections 1 and 2,
//! and its imports resolved. Runs in parallel with the other modules of a level.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use swc_core::ecma::ast::Module;

use crate::analysis::check_directives;
use crate::cache::ModuleCache;
use crate::diagnostics::Diagnostic;
use crate::graph::resolve::{ModuleResolver, Resolved};
use crate::graph::scan::scan_imports;
use crate::messages;
use crate::options::GraphOptions;
use crate::parse::{decode_source, parse_failures, parse_module};
use crate::position::{LineIndex, Locate, TextLocator};
use crate::prefilter::needs_analysis;
use crate::prepare::prepare_parsed;
use crate::source::split_bom;
use crate::stack::with_stack_for;
use crate::types::{Import, ModuleInfo, Prepared, ServerFunction};

pub(crate) struct ModuleReport {
    /// The modules it imports, in source order.
    pub imports: Vec<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
    /// For a server module: its functions, when its exports are valid.
    pub server: Option<Vec<ServerFunction>>,
}

pub(crate) struct ModuleContext<'a> {
    pub path: &'a Path,
    /// Relative to the root.
    pub module_path: &'a str,
    pub resolver: &'a ModuleResolver,
    pub options: &'a GraphOptions,
    /// Keeps the prepared modules for the transforms of the same build.
    pub cache: Option<&'a ModuleCache>,
}

impl ModuleContext<'_> {
    fn in_dependency(&self) -> bool {
        self.path.components().any(|part| part.as_os_str() == "node_modules")
    }
}

impl ModuleReport {
    /// A module whose imports are unknown, for `diagnostic`.
    fn failed(diagnostic: Diagnostic) -> Self {
        ModuleReport { imports: Vec::new(), diagnostics: vec![diagnostic], server: None }
    }
}

pub(crate) fn read_module(context: &ModuleContext) -> ModuleReport {
    let bytes = match std::fs::read(context.path) {
        Ok(bytes) => bytes,
        Err(error) => return ModuleReport::failed(messages::unreadable_module(context.module_path, error)),
    };
    let text = match decode_source(&bytes, context.module_path) {
        Ok(text) => text,
        Err(diagnostic) => return ModuleReport::failed(diagnostic),
    };
    with_stack_for(text, || check_module(text, context)).unwrap_or_else(|too_deep| {
        ModuleReport::failed(messages::parse_failure(too_deep.message(), context.module_path, 1, 1))
    })
}

fn check_module(source: &str, context: &ModuleContext) -> ModuleReport {
    let (_, text) = split_bom(source);
    let filename = context.path.to_string_lossy();
    let locator = TextLocator { lines: LineIndex::new(text) };
    let info = ModuleInfo { filename: &filename, module_path: context.module_path, compile: &context.options.compile };
    let mut report = ModuleReport { imports: Vec::new(), diagnostics: Vec::new(), server: None };
    let may_be_server = needs_analysis(text.as_bytes(), &filename);
    let analyzes = context.options.server && may_be_server;
    // A module a transform of this build analyzed already is not parsed again.
    let kept = context.cache.filter(|_| analyzes).and_then(|cache| cache.cached(&filename, source));
    let prepared = match kept.filter(|prepared| prepared.parsed) {
        Some(prepared) => prepared,
        None => {
            let module = match parse_module(text, &filename) {
                Ok(module) => module,
                // Every reachable module is parsed, for its imports: one that does
                // not parse hides what it imports, server modules included.
                Err(errors) => {
                    report.diagnostics = parse_failures(errors, context.module_path, &locator);
                    return report;
                }
            };
            if !analyzes {
                if may_be_server {
                    // Server functions are off: section 1 only.
                    check_off(&module, &info, &locator, context, &mut report);
                }
                report.imports =
                    resolve_imports(&scan_imports(&module, text), &locator, context, &mut report.diagnostics);
                return report;
            }
            let prepared = Arc::new(prepare_parsed(&module, text, &info, &locator));
            if let Some(cache) = context.cache {
                cache.keep(&filename, source, prepared.clone());
            }
            prepared
        }
    };
    match &prepared.prepared {
        Ok(Prepared::Server { server, .. }) => report.server = Some(server.functions.clone()),
        Ok(Prepared::Inline { inline, .. }) => report.server = Some(inline.server_functions()),
        Ok(Prepared::Unchanged) => {}
        Err(diagnostics) => report.diagnostics.extend(diagnostics.iter().cloned()),
    }
    report.diagnostics.extend(prepared.warnings.iter().cloned());
    report.imports = resolve_imports(&prepared.imports, &locator, context, &mut report.diagnostics);
    report
}

/// With server functions off: the directive problems, and FW020 for a server module.
fn check_off(
    module: &Module,
    info: &ModuleInfo,
    locator: &TextLocator,
    context: &ModuleContext,
    report: &mut ModuleReport,
) {
    let (server_mark, diagnostics) = check_directives(module, info, locator);
    report.diagnostics.extend(diagnostics);
    if let Some(span) = server_mark {
        let position = locator.locate(span.lo);
        let mut diagnostic = messages::server_module_while_off(context.module_path, position.line, position.column);
        if let Some(frame) = locator.frame(span) {
            diagnostic = diagnostic.with_frame(frame);
        }
        report.diagnostics.push(diagnostic);
    }
}

/// The files `imports` resolve to; FW022 for each that does not resolve.
fn resolve_imports(
    imports: &[Import],
    locator: &TextLocator,
    context: &ModuleContext,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for import in imports {
        match context.resolver.resolve(context.path, &import.specifier) {
            Resolved::Module(path) => files.push(path),
            Resolved::External => {}
            // A dependency's own broken import is for its bundler to report.
            Resolved::Unresolved(_) if context.in_dependency() => {}
            Resolved::Unresolved(reason) => {
                let position = locator.locate(import.span.lo);
                let mut diagnostic = messages::unresolved_import(
                    &import.specifier,
                    context.module_path,
                    &reason,
                    position.line,
                    position.column,
                );
                diagnostic.severity = context.options.unresolved_imports;
                // A text we parsed has a frame for every position.
                if let Some(frame) = locator.frame(import.span) {
                    diagnostic = diagnostic.with_frame(frame);
                }
                diagnostics.push(diagnostic);
            }
        }
    }
    files
}
