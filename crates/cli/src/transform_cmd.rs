//! `fnwire transform FILE --target client|server`

use std::path::Path;
use std::process::ExitCode;

use fnwire_transform::{
    decode_source, needs_analysis, render_all, transform, CompileOptions, Target, TransformOptions,
};

use crate::output::{absolute, print_json, report, usage_error, write_stdout, Format};

pub fn run(file: &Path, target: Target, build_id: Option<String>, format: Format, compile: CompileOptions) -> ExitCode {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) => return usage_error(format_args!("cannot read `{}`: {error}", file.display())),
    };
    let filename = absolute(file).to_string_lossy().into_owned();
    let options = TransformOptions { filename, target, source_map: true, build_id, compile };
    if !needs_analysis(&bytes, &file.to_string_lossy()) {
        // Not a server module: the bytes go out as they came in.
        return match format {
            Format::Text => write_stdout(&bytes),
            Format::Json => print_json(&serde_json::json!({
                "code": String::from_utf8_lossy(&bytes),
                "isServerModule": false,
                "serverFunctions": [],
            })),
        };
    }
    let source = match decode_source(&bytes, &options.module_path()) {
        Ok(source) => source,
        Err(diagnostic) => return report(&[diagnostic], format),
    };
    match transform(source, &options) {
        Ok(output) => match format {
            Format::Text => {
                // Warnings (FW008) go to stderr; the module compiled.
                if !output.warnings.is_empty() {
                    eprintln!("{}\n", render_all(&output.warnings));
                }
                write_stdout(output.code.as_bytes())
            }
            Format::Json => print_json(&output),
        },
        Err(diagnostics) => report(&diagnostics, format),
    }
}
