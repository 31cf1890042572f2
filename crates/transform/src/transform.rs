//! The text path (CLI, napi): source text in; code, source map and server
//! functions out. No SWC codegen runs: the client module is written
//! directly, the server module spliced from the original text.

use std::borrow::Cow;

use serde::Serialize;
use swc_core::ecma::ast::Module;

use crate::analysis::{analyze, Analysis, InlineModule, ModuleInfo, ServerFunction, ServerModule};
use crate::diagnostics::Diagnostic;
use crate::emit::client_text::client_pieces;
use crate::emit::inline_text::{inline_client_pieces, inline_server_pieces, without_inline_functions};
use crate::emit::server_text::{server_pieces, ServerNames};
use crate::emit::splice::splice;
use crate::fn_id::module_path;
use crate::graph::scan::{scan_imports, Import};
use crate::names::{client_names, default_local_name, inline_names, server_import_name, InlineNames};
use crate::options::{CompileOptions, ModuleOptions, RuntimeModules, Target, TransformOptions};
use crate::parse::{is_ours_to_judge, parse_failures, parse_module};
use crate::position::{LineIndex, TextLocator};
use crate::prefilter::needs_analysis;
use crate::source::{offset, split_bom};
use crate::stack::with_stack_for;

/// The result of [`transform`], shaped as the Node result object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransformOutput {
    pub code: String,
    /// A v3 source map as JSON; absent for a module passed through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub map: Option<String>,
    pub is_server_module: bool,
    pub server_functions: Vec<ServerFunction>,
    /// Warnings (FW008): the module compiled as if their strings were absent.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Diagnostic>,
}

impl TransformOutput {
    pub(crate) fn unchanged(source: &str) -> Self {
        TransformOutput {
            code: source.to_string(),
            map: None,
            is_server_module: false,
            server_functions: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// Compiles one module for `options.target`. A module that is not a server
/// module comes back unchanged, byte for byte; one without the directive's
/// bytes (and not named `*.server.*`) is not even parsed.
pub fn transform(source: &str, options: &TransformOptions) -> Result<TransformOutput, Vec<Diagnostic>> {
    if !needs_analysis(source.as_bytes(), &options.filename) {
        return Ok(TransformOutput::unchanged(source));
    }
    let analyzed = analyze_source(source, &options.filename, &options.compile, Some(options.target));
    let module = ModuleOptions {
        filename: options.filename.clone(),
        target: options.target,
        source_map: options.source_map,
        build_id: options.build_id.clone(),
    };
    emit(&analyzed, source, &module, &options.compile.runtime)
}

/// What emitting needs, for the targets it was made for, without the AST:
/// a module is parsed and analyzed once, then emitted for each target.
/// (Each target's names cost a walk over the module, which a transform for
/// the other target does without.)
pub(crate) enum Prepared {
    Unchanged,
    Server { server: ServerModule, names: Option<ServerNames> },
    Inline { inline: InlineModule, client: Option<InlineNames>, server: Option<InlineNames> },
}

/// A module parsed and analyzed, as a compiler instance keeps it.
pub(crate) struct Analyzed {
    pub prepared: Result<Prepared, Vec<Diagnostic>>,
    /// The module's warnings when it has no error (else they are among the errors).
    pub warnings: Vec<Diagnostic>,
    /// Its imports, for a graph analysis.
    pub imports: Vec<Import>,
    /// False when it did not parse: a graph analysis reports that for any
    /// module, where a transform passes a module that is not its to judge.
    pub parsed: bool,
}

/// Parses and analyzes `source`, for `only` the target given, else for both
/// targets and a graph analysis (its imports).
pub(crate) fn analyze_source(source: &str, filename: &str, compile: &CompileOptions, only: Option<Target>) -> Analyzed {
    let (_, text) = split_bom(source);
    let module_path = module_path(filename.as_ref(), compile.root());
    let info = ModuleInfo { filename, module_path: &module_path, compile };
    let locator = TextLocator { lines: LineIndex::new(text) };
    let result = with_stack_for(source, || match parse_module(text, filename) {
        Ok(module) => Ok(match only {
            None => analyze_parsed(&module, text, &info, &locator),
            Some(target) => {
                let (prepared, warnings) = prepare_parsed(&module, text, &info, &locator, Some(target));
                Analyzed { prepared, warnings, imports: Vec::new(), parsed: true }
            }
        }),
        Err(errors) => Err(errors),
    });
    let failed = |prepared| Analyzed { prepared, warnings: Vec::new(), imports: Vec::new(), parsed: false };
    match result {
        Ok(Ok(analyzed)) => analyzed,
        Ok(Err(errors)) if is_ours_to_judge(text, filename) => {
            failed(Err(parse_failures(errors, &module_path, &locator)))
        }
        Err(too_deep) if is_ours_to_judge(text, filename) => {
            failed(Err(vec![Diagnostic::parse_failure(too_deep.message(), &module_path, 1, 1)]))
        }
        // Not ours to judge: the bundler reports its own syntax error.
        Ok(Err(_)) | Err(_) => failed(Ok(Prepared::Unchanged)),
    }
}

/// [`prepare_parsed`] for both targets, and the module's imports.
pub(crate) fn analyze_parsed(module: &Module, text: &str, info: &ModuleInfo, locator: &TextLocator) -> Analyzed {
    let (prepared, warnings) = prepare_parsed(module, text, info, locator, None);
    Analyzed { prepared, warnings, imports: scan_imports(module, text), parsed: true }
}

/// The analysis of a parsed module, and the names emitting adds for `only`
/// the target given, else for both; and its warnings.
fn prepare_parsed(
    module: &Module,
    text: &str,
    info: &ModuleInfo,
    locator: &TextLocator,
    only: Option<Target>,
) -> (Result<Prepared, Vec<Diagnostic>>, Vec<Diagnostic>) {
    let wants = |target: Target| only.is_none_or(|only| only == target);
    let (analysis, warnings) = match analyze(module, info, locator) {
        Ok(analyzed) => analyzed,
        Err(diagnostics) => return (Err(diagnostics), Vec::new()),
    };
    let prepared = match analysis {
        Analysis::Other => Prepared::Unchanged,
        Analysis::Server(server) => {
            let names = wants(Target::Server).then(|| ServerNames {
                import: server_import_name(module, Some(text)),
                default_local: server.anonymous_default.map(|_| default_local_name(module, Some(text))),
            });
            Prepared::Server { server, names }
        }
        Analysis::Inline(inline) => {
            let client = wants(Target::Client).then(|| inline_names(module, &inline.functions, Target::Client));
            let server = wants(Target::Server).then(|| inline_names(module, &inline.functions, Target::Server));
            Prepared::Inline { inline, client, server }
        }
    };
    (Ok(prepared), warnings)
}

/// `source` (the text `analyzed` was made from) for `module.target`, with
/// its warnings; its diagnostics when it has an error.
pub(crate) fn emit(
    analyzed: &Analyzed,
    source: &str,
    module: &ModuleOptions,
    runtime: &RuntimeModules,
) -> Result<TransformOutput, Vec<Diagnostic>> {
    let prepared = analyzed.prepared.as_ref().map_err(Clone::clone)?;
    let output = emit_prepared(prepared, source, module, runtime);
    Ok(TransformOutput { warnings: analyzed.warnings.clone(), ..output })
}

fn emit_prepared(
    prepared: &Prepared,
    source: &str,
    module: &ModuleOptions,
    runtime: &RuntimeModules,
) -> TransformOutput {
    let (bom, text) = split_bom(source);
    let lines = LineIndex::new(text);
    // The client of a server module starts afresh: a byte-order mark stays with the server's.
    let (prefix, pieces, contents, is_server_module, functions) = match (prepared, module.target) {
        (Prepared::Unchanged, _) => return TransformOutput::unchanged(source),
        (Prepared::Server { server, .. }, Target::Client) => {
            let names = client_names(&server.functions);
            let export_offsets: Vec<usize> = server.export_spans.iter().map(|span| offset(span.lo)).collect();
            let pieces =
                client_pieces(&server.functions, &export_offsets, &names, &runtime.client, module.build_id.as_deref());
            // No sourcesContent: the client must not carry the server's source.
            ("", pieces, None, true, server.functions.clone())
        }
        (Prepared::Server { server, names }, Target::Server) => {
            let names = names.as_ref().expect("prepared for the server target");
            let pieces = server_pieces(text, server, names, &runtime.server);
            (bom, pieces, Some(Cow::Borrowed(text)), true, server.functions.clone())
        }
        (Prepared::Inline { inline, client, .. }, Target::Client) => {
            let client = client.as_ref().expect("prepared for the client target");
            let pieces = inline_client_pieces(text, inline, client, &runtime.client, module.build_id.as_deref());
            // The rest of the module may show in the map; the inline functions may not.
            let contents = Cow::Owned(without_inline_functions(text, inline));
            (bom, pieces, Some(contents), false, inline.server_functions())
        }
        (Prepared::Inline { inline, server, .. }, Target::Server) => {
            let server = server.as_ref().expect("prepared for the server target");
            let pieces = inline_server_pieces(text, inline, server, &runtime.server);
            (bom, pieces, Some(Cow::Borrowed(text)), false, inline.server_functions())
        }
    };
    let source_map = module.source_map.then_some((module.filename.as_str(), contents.as_deref()));
    let (code, map) = splice(prefix, &lines, &pieces, source_map);
    TransformOutput { code, map, is_server_module, server_functions: functions, warnings: Vec::new() }
}
