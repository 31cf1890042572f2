//! The text path (CLI, napi): source text in; code, source map and server
//! functions out. No SWC codegen runs: the client module is written
//! directly, the server module spliced from the original text.

use serde::Serialize;

use swc_core::ecma::ast::Module;

use crate::analysis::{analyze, Analysis, InlineModule, ModuleInfo, ServerFunction};
use crate::diagnostics::Diagnostic;
use crate::emit::client_text::client_pieces;
use crate::emit::inline_text::{inline_client_pieces, inline_server_pieces, without_inline_functions};
use crate::emit::server_text::{server_pieces, ServerNames};
use crate::emit::splice::splice;
use crate::names::{client_names, default_local_name, inline_names, server_import_name};
use crate::options::{Target, TransformOptions};
use crate::parse::{is_ours_to_judge, offset, parse_failures, parse_module};
use crate::position::{LineIndex, TextLocator};
use crate::prefilter::needs_analysis;
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
}

impl TransformOutput {
    fn unchanged(source: &str) -> Self {
        TransformOutput { code: source.to_string(), map: None, is_server_module: false, server_functions: Vec::new() }
    }
}

/// Compiles one module for `options.target`. A module that is not a server
/// module comes back unchanged, byte for byte; one without the directive's
/// bytes (and not named `*.server.*`) is not even parsed.
pub fn transform(source: &str, options: &TransformOptions) -> Result<TransformOutput, Vec<Diagnostic>> {
    if !needs_analysis(source.as_bytes(), &options.filename) {
        return Ok(TransformOutput::unchanged(source));
    }
    // SWC positions exclude a byte-order mark; the server output keeps it.
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    match with_stack_for(source, || transform_module(source, text, options)) {
        Ok(result) => result,
        Err(too_deep) if is_ours_to_judge(text, &options.filename) => {
            Err(vec![Diagnostic::parse_failure(too_deep.message(), &options.module_path(), 1, 1)])
        }
        // Not ours to judge: the bundler reports what it makes of it.
        Err(_) => Ok(TransformOutput::unchanged(source)),
    }
}

fn transform_module(source: &str, text: &str, options: &TransformOptions) -> Result<TransformOutput, Vec<Diagnostic>> {
    let bom = &source[..source.len() - text.len()];
    let module_path = options.module_path();
    let locator = TextLocator { lines: LineIndex::new(text) };
    let module = match parse_module(text, &options.filename) {
        Ok(module) => module,
        Err(errors) if is_ours_to_judge(text, &options.filename) => {
            return Err(parse_failures(errors, &module_path, &locator))
        }
        // Not ours to judge: the bundler reports its own syntax error.
        Err(_) => return Ok(TransformOutput::unchanged(source)),
    };
    let info = ModuleInfo { filename: &options.filename, module_path: &module_path, compile: &options.compile };
    let lines = &locator.lines;
    let server = match analyze(&module, &info, &locator)? {
        Analysis::Other => return Ok(TransformOutput::unchanged(source)),
        Analysis::Server(server) => server,
        Analysis::Inline(inline) => return Ok(inline_output(bom, lines, &module, inline, options)),
    };
    let (pieces, contents) = match options.target {
        Target::Client => {
            let names = client_names(&server.functions);
            let export_offsets: Vec<usize> = server.export_spans.iter().map(|span| offset(span.lo)).collect();
            // No sourcesContent: the client must not carry the server's source.
            (client_pieces(&server.functions, &export_offsets, &names, &options.compile.runtime.client), None)
        }
        Target::Server => {
            let names = ServerNames {
                import: server_import_name(&module, Some(text)),
                default_local: server.anonymous_default.map(|_| default_local_name(&module, Some(text))),
            };
            (server_pieces(text, &server, &names, &options.compile.runtime.server), Some(text))
        }
    };
    // The client output starts afresh: a byte-order mark stays with the server's.
    let prefix = if options.target == Target::Server { bom } else { "" };
    let source = options.source_map.then_some((options.filename.as_str(), contents));
    let (code, map) = splice(prefix, lines, &pieces, source);
    Ok(TransformOutput { code, map, is_server_module: true, server_functions: server.functions })
}

/// A module that is not a server module, with inline server functions.
fn inline_output(
    bom: &str,
    lines: &LineIndex,
    module: &Module,
    inline: InlineModule,
    options: &TransformOptions,
) -> TransformOutput {
    let text = lines.text();
    let names = inline_names(module, &inline.functions, options.target);
    let (pieces, contents) = match options.target {
        Target::Client => {
            let pieces = inline_client_pieces(text, &inline, &names, &options.compile.runtime.client);
            // The rest of the module may show in the map; the inline functions may not.
            (pieces, without_inline_functions(text, &inline))
        }
        Target::Server => {
            (inline_server_pieces(text, &inline, &names, &options.compile.runtime.server), text.to_string())
        }
    };
    let source = options.source_map.then_some((options.filename.as_str(), Some(contents.as_str())));
    let (code, map) = splice(bom, lines, &pieces, source);
    let server_functions = inline.functions.into_iter().map(|function| function.function).collect();
    TransformOutput { code, map, is_server_module: false, server_functions }
}
