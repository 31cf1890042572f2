//! `fnwire analyze ROOT… [--root DIR] [--no-server] [--manifest FILE]`

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use fnwire_transform::{analyze_graph, CompileOptions, GraphOptions, GraphResult};

use crate::output::{absolute, print_diagnostics, print_json, usage_error, write_stdout, Format, EXIT_DIAGNOSTICS};

pub struct AnalyzeArgs {
    pub roots: Vec<PathBuf>,
    pub server: bool,
    pub manifest: Option<PathBuf>,
    pub format: Format,
    pub compile: CompileOptions,
}

/// Builds the graph options from command-line paths (relative to the working directory).
pub fn graph_options(roots: &[PathBuf], server: bool, compile: CompileOptions) -> GraphOptions {
    let root = compile.root().to_path_buf();
    let mut options =
        GraphOptions::new(root, roots.iter().map(|entry| absolute(entry).to_string_lossy().into_owned()).collect());
    options.server = server;
    options.compile = compile;
    options
}

pub fn run(args: AnalyzeArgs) -> ExitCode {
    let options = graph_options(&args.roots, args.server, args.compile);
    let result = analyze_graph(&options);
    if !result.has_errors() {
        if let Some(path) = &args.manifest {
            if let Err(error) = write_file(path, result.manifest.to_json().as_bytes()) {
                return usage_error(format_args!("cannot write the manifest `{}`: {error}", path.display()));
            }
        }
    }
    let printed = match args.format {
        Format::Json => print_json(&result),
        Format::Text => {
            if !result.diagnostics.is_empty() {
                print_diagnostics(&result.diagnostics);
            }
            write_stdout(summary(&result).as_bytes())
        }
    };
    if !result.has_errors() {
        printed
    } else {
        ExitCode::from(EXIT_DIAGNOSTICS)
    }
}

/// Each reachable server module with its chain and functions.
fn summary(result: &GraphResult) -> String {
    let mut text = String::new();
    for module in &result.server_modules {
        writeln!(text, "{}\n  imported through {}", module.module, module.import_chain.join(" → ")).unwrap();
        for function in &module.functions {
            let arity = function.arity.map_or("flexible arity".to_string(), |arity| format!("arity {arity}"));
            writeln!(text, "  {} {} ({arity})", function.fn_id, function.display_name()).unwrap();
        }
    }
    let functions: usize = result.server_modules.iter().map(|module| module.functions.len()).sum();
    writeln!(
        text,
        "{} modules reached, {} server modules, {functions} server functions",
        result.modules.len(),
        result.server_modules.len()
    )
    .unwrap();
    text
}

pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}
