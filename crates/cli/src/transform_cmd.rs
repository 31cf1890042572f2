//! `fnwire transform FILE --target client|server`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use fnwire_transform::{decode_source, module_path, needs_analysis, transform, Target, TransformOptions};

use crate::output::{absolute, print_json, report, usage_error, write_stdout, Format};

pub fn run(file: &Path, target: Target, root: Option<PathBuf>, format: Format, id_salt: Option<String>) -> ExitCode {
    let root = absolute(&root.unwrap_or_else(|| PathBuf::from(".")));
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) => return usage_error(format_args!("cannot read `{}`: {error}", file.display())),
    };
    let filename = file.to_string_lossy().into_owned();
    let mut options = TransformOptions::new(absolute(file).to_string_lossy().into_owned(), root, target);
    options.id_salt = id_salt;
    if !needs_analysis(&bytes, &filename) {
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
    let source = match decode_source(&bytes, &module_path(Path::new(&options.filename), &options.root)) {
        Ok(source) => source,
        Err(diagnostic) => return report(&[diagnostic], format),
    };
    match transform(source, &options) {
        Ok(output) => match format {
            Format::Text => write_stdout(output.code.as_bytes()),
            Format::Json => print_json(&output),
        },
        Err(diagnostics) => report(&diagnostics, format),
    }
}
