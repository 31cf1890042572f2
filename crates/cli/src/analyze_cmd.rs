//! `fnwire analyze ROOT… [--root DIR] [--no-server] [--manifest FILE]`

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use fnwire_transform::{CompileOptions, Compiler, GraphInput, GraphResult, Severity};

use crate::output::{absolute, print_diagnostics, print_json, usage_error, write_stdout, Format, EXIT_DIAGNOSTICS};

pub struct AnalyzeArgs {
    pub roots: Vec<PathBuf>,
    pub server: bool,
    pub manifest: Option<PathBuf>,
    pub format: Format,
    pub compile: CompileOptions,
}

/// The graph of command-line paths (relative to the working directory),
/// analyzed by `compiler`, which keeps its server modules for a build's
/// transforms.
pub fn analyze_roots(compiler: &Compiler, roots: &[PathBuf], server: bool) -> GraphResult {
    let roots = roots.iter().map(|entry| absolute(entry).to_string_lossy().into_owned()).collect();
    compiler.analyze_graph(GraphInput { roots, server, unresolved_imports: Severity::Error })
}

pub fn run(args: AnalyzeArgs) -> ExitCode {
    let result = analyze_roots(&Compiler::new(args.compile), &args.roots, args.server);
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
