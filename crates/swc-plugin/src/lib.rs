//! fnwire as an SWC Wasm plugin (`jsc.experimental.plugins`).
//!
//! A page of type conversions around `fnwire_transform`: the host's plugin
//! config, file name and working directory become `TransformOptions`, the
//! host's source map proxy locates spans, and the pass's diagnostics go to
//! SWC's error handler with their spans, so the host reports them with the
//! file, position and code frame. Every rule lives in `crates/transform`.

use std::path::{Path, PathBuf};

use fnwire_transform::{server_functions_pass, Diagnostic, PassOutcome, SourceMapLocator, TransformOptions};
use swc_core::common::comments::Comments;
use swc_core::common::errors::HANDLER;
use swc_core::common::{SourceMapper, Span, DUMMY_SP};
use swc_core::ecma::ast::{Pass, Program};
use swc_core::plugin::metadata::{TransformPluginMetadataContextKind, TransformPluginProgramMetadata};
use swc_core::plugin::plugin_transform;

/// What the host tells the plugin besides the program.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostContext {
    /// The plugin's config object, as JSON text.
    pub config: Option<String>,
    /// The file being transformed (the host's `filename` option).
    pub filename: Option<String>,
    /// The host's working directory.
    pub cwd: Option<String>,
}

#[plugin_transform]
pub fn fnwire_plugin(mut program: Program, metadata: TransformPluginProgramMetadata) -> Program {
    let host = HostContext {
        config: metadata.get_transform_plugin_config(),
        filename: metadata.get_context(&TransformPluginMetadataContextKind::Filename),
        cwd: metadata.get_context(&TransformPluginMetadataContextKind::Cwd),
    };
    let comments = metadata.comments.as_ref().map(|comments| comments as &dyn Comments);
    transform_program(&mut program, &host, comments, &metadata.source_map);
    program
}

/// Runs the pass over `program`. Diagnostics and config errors are emitted
/// through SWC's `HANDLER`, which must be set (the plugin macro sets it to
/// the host's).
pub fn transform_program(
    program: &mut Program,
    host: &HostContext,
    comments: Option<&dyn Comments>,
    source_map: &dyn SourceMapper,
) -> PassOutcome {
    let options = match options(host) {
        Ok(options) => options,
        Err(message) => {
            emit_error(DUMMY_SP, &message);
            return PassOutcome::Unchanged;
        }
    };
    let locator = SourceMapLocator(source_map);
    let mut pass = server_functions_pass(options, comments, &locator);
    pass.process(program);
    pass.warnings().iter().for_each(emit_warning);
    let outcome = pass.into_outcome();
    match &outcome {
        PassOutcome::Failed(diagnostics) => diagnostics.iter().for_each(emit_diagnostic),
        PassOutcome::Transformed(_) if host.filename.is_none() => emit_error(
            DUMMY_SP,
            "[fnwire] this is a server module, but the SWC host gave no file name: set `filename` in the SWC \
             options, as fnwire computes ids from the path relative to `root`",
        ),
        _ => {}
    }
    outcome
}

/// The pass's options from the host's context: the config validated by
/// `fnwire_transform` (unknown keys and wrong types are errors naming the
/// option), a relative file name and root taken against the host's working
/// directory.
pub fn options(host: &HostContext) -> Result<TransformOptions, String> {
    let config_text = host.config.as_deref().unwrap_or("");
    let config: serde_json::Value = serde_json::from_str(config_text).map_err(|error| {
        format!(
            "[fnwire] the SWC plugin config must be a JSON object such as {{ \"target\": \"client\" }} \
             ({error}): {config_text:?}"
        )
    })?;
    let cwd = host.cwd.as_deref().filter(|cwd| !cwd.is_empty()).map(PathBuf::from);
    let filename = host.filename.clone().unwrap_or_else(|| "<anonymous>".to_string());
    let filename = match &cwd {
        Some(cwd) if Path::new(&filename).is_relative() => cwd.join(&filename).to_string_lossy().into_owned(),
        _ => filename,
    };
    let mut options = TransformOptions::from_plugin_json(&config, filename, cwd.clone().unwrap_or_default())
        .map_err(|e| e.to_string())?;
    let root = options.compile.root();
    if root.is_relative() {
        match &cwd {
            Some(cwd) => options.compile.root = Some(cwd.join(root)),
            None => {
                return Err(format!(
                    "[fnwire] option `root` must be an absolute path here: the SWC host gave no working directory \
                     to resolve {:?} against",
                    root.to_string_lossy()
                ))
            }
        }
    }
    Ok(options)
}

/// The host renders it with the file, line, column and code frame of `span`.
fn emit_diagnostic(diagnostic: &Diagnostic) {
    emit_error(diagnostic.span.unwrap_or(DUMMY_SP), &plugin_message(diagnostic));
}

/// `[FW012] <message>`: the code stays in the text the host shows.
pub fn plugin_message(diagnostic: &Diagnostic) -> String {
    format!("[{}] {}", diagnostic.code, diagnostic.message)
}

/// A warning (FW008): the host reports it and the build goes on.
fn emit_warning(diagnostic: &Diagnostic) {
    let span = diagnostic.span.unwrap_or(DUMMY_SP);
    HANDLER.with(|handler| handler.struct_span_warn(span, &plugin_message(diagnostic)).emit());
}

fn emit_error(span: Span, message: &str) {
    HANDLER.with(|handler| handler.struct_span_err(span, message).emit());
}
