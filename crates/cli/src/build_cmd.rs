//! `fnwire build SRC --out DIR`: analyzes SRC's roots, then writes the
//! client and server trees of every reachable module under SRC, and the
//! manifest. One compiler analyzes the graph and transforms for both
//! targets, so each server module is parsed once.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use fnwire_transform::{render_all, CompileOptions, Compiler, ModuleOptions, Target, MODULE_EXTENSIONS};

use crate::analyze_cmd::{analyze_roots, write_file};
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
    let compiler = Compiler::new(args.compile);
    build(&compiler, &args.src, &args.out, &args.entries)
}

/// The build of `src` into `out`, every parse through `compiler`.
fn build(compiler: &Compiler, src: &Path, out: &Path, entries: &[PathBuf]) -> ExitCode {
    let src = absolute(src);
    let roots = roots(&src, entries);
    if roots.is_empty() {
        return usage_error(format_args!(
            "no entry module found in `{}` (looked for {}.{{{}}}): name the entries with --entry",
            src.display(),
            ENTRY_NAMES.join("|"),
            MODULE_EXTENSIONS.map(|(extension, _)| extension).join(",")
        ));
    }
    let graph = analyze_roots(compiler, &roots, true);
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
    let out_arg = out;
    let out = absolute(out);
    let mut written = 0;
    for module in graph.modules.iter().filter(|module| module.starts_with(&src_dir)) {
        let relative = module.strip_prefix(&src_dir).expect("filtered to SRC");
        let source = match std::fs::read_to_string(module) {
            Ok(source) => source,
            Err(error) => return usage_error(format_args!("cannot read `{}`: {error}", module.display())),
        };
        for (target, folder) in [(Target::Client, "client"), (Target::Server, "server")] {
            let module_options = ModuleOptions {
                filename: module.to_string_lossy().into_owned(),
                target,
                source_map: false,
                // The client's stubs name their build (section 16).
                build_id: (target == Target::Client).then(|| graph.manifest.build_id.clone()),
            };
            let code = match compiler.transform(&source, module_options) {
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
        out_arg.display(),
        graph.manifest.functions.len()
    );
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use fnwire_transform::{needs_analysis, CompileOptions, Compiler, InlineFunctions, ServerFiles};

    /// The graph analysis and both targets' transforms share one parse of
    /// each module that needs analysis (server modules, and modules with
    /// inline server functions); the others are never parsed for analysis.
    #[test]
    fn build_parses_each_server_module_once() {
        let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/graph/g10-dialects-inline-and-builders");
        let out = std::env::temp_dir().join(format!("fnwire-build-parses-{}", std::process::id()));
        let compile = CompileOptions {
            root: Some(app.clone()),
            wrapped_exports: true,
            default_export: true,
            server_files: ServerFiles::Implicit,
            inline_functions: InlineFunctions::Hoist,
            ..CompileOptions::default()
        };
        let compiler = Compiler::new(compile);
        let code = super::build(&compiler, &app.join("src"), &out, &[app.join("src/main.tsx")]);
        assert_eq!(code, std::process::ExitCode::SUCCESS);
        let mut analyzed = 0;
        for module in [
            "main.tsx",
            "components/Item.tsx",
            "api/users.ts",
            "api/actions.ts",
            "api/safe-action.ts",
            "api/records.server.ts",
        ] {
            let path = app.join("src").join(module);
            let source = std::fs::read(&path).expect("fixture file");
            analyzed += usize::from(needs_analysis(&source, &path.to_string_lossy()));
        }
        assert_eq!(analyzed, 4, "the fixture's modules that need analysis");
        assert_eq!(compiler.parses(), analyzed, "one parse per server module, for the graph and both targets");
        assert_eq!(compiler.kept(), analyzed);
        let _ = std::fs::remove_dir_all(&out);
    }
}
