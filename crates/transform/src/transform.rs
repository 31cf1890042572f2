//! The text path (CLI, napi): source text in; code, source map and server
//! functions out. No SWC codegen runs: the client module is written
//! directly, the server module spliced from the original text.

use std::borrow::Cow;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::emit::client_text::client_pieces;
use crate::emit::inline_text::{inline_client_pieces, inline_server_pieces, without_inline_functions};
use crate::emit::server_text::server_pieces;
use crate::emit::splice::splice;
use crate::names::client_names;
use crate::options::{ModuleOptions, RuntimeModules, Target, TransformOptions};
use crate::position::LineIndex;
use crate::prefilter::needs_analysis;
use crate::prepare::prepare_source;
use crate::source::{offset, split_bom};
use crate::types::{Prepared, PreparedModule, ServerFunction};

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
    let analyzed = prepare_source(source, &options.filename, &options.compile, Some(options.target));
    let module = ModuleOptions {
        filename: options.filename.clone(),
        target: options.target,
        source_map: options.source_map,
        build_id: options.build_id.clone(),
    };
    emit(&analyzed, source, &module, &options.compile.runtime)
}

/// `source` (the text `analyzed` was made from) for `module.target`, with
/// its warnings; its diagnostics when it has an error.
pub(crate) fn emit(
    analyzed: &PreparedModule,
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
