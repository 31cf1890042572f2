//! The text path (CLI, napi): source text in; code, source map and server
//! functions out. No SWC codegen runs: the client module is written
//! directly, the server module spliced from the original text.

use serde::Serialize;

use crate::analysis::{analyze, Analysis, ModuleInfo, ServerFunction, ServerModule};
use crate::diagnostics::Diagnostic;
use crate::emit::client_text::client_text;
use crate::emit::server_text::{import_offset, import_statement, line_ending, registrations};
use crate::emit::source_map::{CopyMapper, MapBuilder};
use crate::names::{client_names, server_import_name};
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
    let server = match analyze(&module, &info, &locator)? {
        Analysis::Other => return Ok(TransformOutput::unchanged(source)),
        Analysis::Server(server) => server,
    };
    let lines = &locator.lines;
    let output = match options.target {
        Target::Client => client_output(lines, server, options),
        Target::Server => {
            let import_name = server_import_name(&module, Some(text));
            server_output(bom, lines, server, &import_name, options)
        }
    };
    Ok(output)
}

fn client_output(lines: &LineIndex, server: ServerModule, options: &TransformOptions) -> TransformOutput {
    let names = client_names(&server.functions);
    let code = client_text(&server.functions, &names, &options.compile.runtime.client);
    // No sourcesContent: the client must not carry the server's source.
    let map = options.source_map.then(|| {
        let mut map = MapBuilder::new();
        for (index, span) in server.export_spans.iter().enumerate() {
            map.add((index as u32 + 1, 0), lines.utf16_position(offset(span.lo)));
        }
        map.into_json(&options.filename, None)
    });
    TransformOutput { code, map, is_server_module: true, server_functions: server.functions }
}

fn server_output(
    bom: &str,
    lines: &LineIndex,
    server: ServerModule,
    import_name: &str,
    options: &TransformOptions,
) -> TransformOutput {
    let text = lines.text();
    let eol = line_ending(text);
    let (import_at, own_line_breaks) = import_offset(text, offset(server.prologue_end));
    let import = import_statement(import_name, &options.compile.runtime.server);
    let import = if own_line_breaks { format!("{eol}{import}{eol}") } else { format!("{import}{eol}") };
    let final_break = if text.is_empty() || text.ends_with('\n') { "" } else { eol };
    let registrations = registrations(&server.functions, import_name, eol);

    let mut code =
        String::with_capacity(bom.len() + text.len() + import.len() + final_break.len() + registrations.len());
    for part in [bom, &text[..import_at], &import, &text[import_at..], final_break, &registrations] {
        code.push_str(part);
    }

    let map = options.source_map.then(|| {
        let mut map = MapBuilder::new();
        let mut mapper = CopyMapper { map: &mut map, generated: (0, 0) };
        mapper.copy(&text[..import_at], (0, 0));
        mapper.skip(&import);
        mapper.copy(&text[import_at..], lines.utf16_position(import_at));
        mapper.skip(final_break);
        // Each registration maps to the export it registers.
        let first_registration_line = mapper.generated.0;
        for (index, span) in server.export_spans.iter().enumerate() {
            map.add((first_registration_line + index as u32, 0), lines.utf16_position(offset(span.lo)));
        }
        map.into_json(&options.filename, Some(text))
    });
    TransformOutput { code, map, is_server_module: true, server_functions: server.functions }
}
