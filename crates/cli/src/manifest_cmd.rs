//! `fnwire manifest diff OLD NEW [--format text|json]`: exit 1 when pages
//! of the OLD build would break against the NEW one (section 16).

use std::path::Path;
use std::process::ExitCode;

use fnwire_transform::diff_manifests;
use serde_json::Value;

use crate::output::{print_json, usage_error, write_stdout, Format, EXIT_DIAGNOSTICS};

pub fn diff(old: &Path, new: &Path, format: Format) -> ExitCode {
    let (old_manifest, new_manifest) = match (read_json(old), read_json(new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(error), _) | (_, Err(error)) => return usage_error(error),
    };
    let names = [old.display().to_string(), new.display().to_string()];
    let diff = match diff_manifests(&old_manifest, &new_manifest, [&names[0], &names[1]]) {
        Ok(diff) => diff,
        Err(error) => return usage_error(error.message),
    };
    let printed = match format {
        Format::Json => print_json(&diff),
        Format::Text => write_stdout(diff.to_text().as_bytes()),
    };
    if diff.breaks_live_clients() {
        ExitCode::from(EXIT_DIAGNOSTICS)
    } else {
        printed
    }
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
    serde_json::from_str(&text).map_err(|error| format!("`{}` is not JSON: {error}", path.display()))
}
