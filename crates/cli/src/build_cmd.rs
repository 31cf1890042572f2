//! `fnwire build SRC --out DIR`: analyzes SRC's roots, then writes the
//! client and server trees of every reachable module under SRC, and the
//! manifest.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use fnwire_transform::{
    analyze_graph, render_all, transform, CompileOptions, Target, TransformOptions, MODULE_EXTENSIONS,
};

use crate::analyze_cmd::{graph_options, write_file};
use crate::output::{absolute, print_diagnostics, usage_error, EXIT_DIAGNOSTICS};

/// The file names tried as roots in SRC when no `--entry` is given.
const ENTRY_NAMES: [&str; 6] = ["index", "main", "app", "client", "server", "entry"];

pub struct BuildArgs {
    pub src: PathBuf,
    pub out: PathBuf,
    pub entries: Vec<PathBuf>,
    pub compile: CompileOptions,
}

/// `--entry` files, else SRC itself when it is a file, else SRC's conventional entries.
fn roots(src: &Path, entries: &[PathBuf]) -> Vec<PathBuf> {
    if !entries.is_empty() {
        return entries.to_vec();
    }
    if src.is_file() {
        return vec![src.to_path_buf()];
    }
    ENTRY_NAMES
        .iter()
        .flat_map(|name| MODULE_EXTENSIONS.iter().map(move |(extension, _)| src.join(format!("{name}.{extension}"))))
        .filter(|path| path.is_file())
        .collect()
}

pub fn run(args: BuildArgs) -> ExitCode {
    let src = absolute(&args.src);
    let roots = roots(&src, &args.entries);
    if roots.is_empty() {
        return usage_error(format_args!(
            "no entry module found in `{}` (looked for {}.{{{}}}): name the entries with --entry",
            args.src.display(),
            ENTRY_NAMES.join("|"),
            MODULE_EXTENSIONS.map(|(extension, _)| extension).join(",")
        ));
    }
    let options = graph_options(&roots, true, args.compile);
    let graph = analyze_graph(&options);
    if graph.has_errors() {
        print_diagnostics(&graph.diagnostics);
        return ExitCode::from(EXIT_DIAGNOSTICS);
    }
    if !graph.diagnostics.is_empty() {
        // Warnings only (FW008, FW022 as a warning): shown, and the build goes on.
        eprintln!("{}\n", render_all(&graph.diagnostics));
    }
    // Module paths are realpaths; compare with SRC's.
    let src_dir =
        std::fs::canonicalize(if src.is_file() { src.parent().unwrap_or(&src) } else { &src }).unwrap_or(src.clone());
    let out = absolute(&args.out);
    let mut written = 0;
    for module in graph.modules.iter().filter(|module| module.starts_with(&src_dir)) {
        let relative = module.strip_prefix(&src_dir).expect("filtered to SRC");
        let source = match std::fs::read_to_string(module) {
            Ok(source) => source,
            Err(error) => return usage_error(format_args!("cannot read `{}`: {error}", module.display())),
        };
        for (target, folder) in [(Target::Client, "client"), (Target::Server, "server")] {
            let transform_options = TransformOptions {
                filename: module.to_string_lossy().into_owned(),
                target,
                source_map: false,
                // The client's stubs name their build (section 16).
                build_id: (target == Target::Client).then(|| graph.manifest.build_id.clone()),
                compile: options.compile.clone(),
            };
            let code = match transform(&source, &transform_options) {
                Ok(output) => output.code,
                Err(diagnostics) => {
                    print_diagnostics(&diagnostics);
                    return ExitCode::from(EXIT_DIAGNOSTICS);
                }
            };
            if let Err(error) = write_file(&out.join(folder).join(relative), code.as_bytes()) {
                return usage_error(format_args!("cannot write into `{}`: {error}", out.display()));
            }
        }
        written += 1;
    }
    if let Err(error) = write_file(&out.join("manifest.json"), graph.manifest.to_json().as_bytes()) {
        return usage_error(format_args!("cannot write the manifest: {error}"));
    }
    println!(
        "wrote {written} modules to {0}/client and {0}/server, and {0}/manifest.json ({1} server functions)",
        args.out.display(),
        graph.manifest.functions.len()
    );
    ExitCode::SUCCESS
}
