//! Runs every app under `fixtures/graph/`: `case.json` holds the analysis
//! options (`roots`, and optionally `server`, `idSalt`); `result.snap` beside it
//! holds the result (manifest, server modules, diagnostics as JSON and as
//! rendered text). Each app is analyzed twice: the results must be equal and
//! the manifests byte-identical.

use std::fs;
use std::path::{Path, PathBuf};

use fnwire_transform::{
    analyze_graph, render_all, CompileOptions, Compiler, GraphInput, GraphOptions, ModuleOptions, Severity, Target,
};

fn graph_fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/graph");
    let mut cases: Vec<PathBuf> =
        fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().path()).filter(|path| path.is_dir()).collect();
    cases.sort();
    cases
}

fn options(case: &Path) -> GraphOptions {
    let mut json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(case.join("case.json")).unwrap()).unwrap();
    json["root"] = case.to_string_lossy().into_owned().into();
    GraphOptions::from_json(&json).unwrap()
}

#[test]
fn graph_fixtures_match_their_snapshots() {
    let cases = graph_fixtures();
    assert!(cases.len() >= 9, "expected the graph fixtures, found {}", cases.len());
    for case in cases {
        let options = options(&case);
        let result = analyze_graph(&options);
        let again = analyze_graph(&options);
        assert_eq!(result, again, "{}: not deterministic", case.display());
        assert_eq!(result.manifest.to_json(), again.manifest.to_json());

        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(&case);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| {
            insta::assert_snapshot!(
                "result",
                format!(
                    "{}\n----- rendered diagnostics -----\n{}\n",
                    serde_json::to_string_pretty(&result).unwrap(),
                    render_all(&result.diagnostics)
                )
            );
        });
    }
}

#[test]
fn options_are_validated() {
    let error = |json: serde_json::Value| GraphOptions::from_json(&json).unwrap_err().to_string();
    assert!(error(serde_json::json!({ "root": "/app" })).contains("option `roots` is required"));
    assert!(error(serde_json::json!({ "roots": "src/main.ts" })).contains("option `roots` must be an array of strings"));
    assert!(error(serde_json::json!({ "roots": [1] })).contains("option `roots` must be an array of strings"));
    assert!(error(serde_json::json!({ "roots": [], "server": "no" })).contains("option `server` must be a boolean"));
    assert!(error(serde_json::json!({ "roots": [], "entry": "x" })).contains("unknown option `entry`"));
}

/// Through a compiler instance, the graph analysis gives the same result,
/// and transforming every reachable server module for both targets parses
/// nothing more: each was parsed once, by the analysis.
#[test]
fn a_compiler_instance_parses_each_server_module_once() {
    for case in graph_fixtures() {
        let options = options(&case);
        let compiler = Compiler::new(options.compile.clone());
        let input = GraphInput {
            roots: options.roots.clone(),
            server: options.server,
            unresolved_imports: options.unresolved_imports,
        };
        let result = compiler.analyze_graph(input);
        assert_eq!(result, analyze_graph(&options), "{}", case.display());
        let parsed = compiler.parses();
        assert_eq!(parsed, compiler.kept(), "{}: one parse per module kept", case.display());
        let root = fs::canonicalize(&case).unwrap();
        for entry in &result.server_modules {
            let path = root.join(&entry.module);
            let source = fs::read_to_string(&path).unwrap();
            for target in [Target::Client, Target::Server] {
                let module = ModuleOptions {
                    filename: path.to_string_lossy().into_owned(),
                    target,
                    source_map: true,
                    build_id: None,
                };
                let output = compiler.transform(&source, module).unwrap();
                assert_eq!(output.server_functions, entry.functions, "{}", entry.module);
            }
        }
        assert_eq!(compiler.parses(), parsed, "{}: the transforms parsed nothing again", case.display());
        // And the other way around, as in a dev session: the analysis reuses what the transforms parsed.
        let again = Compiler::new(options.compile.clone());
        for entry in &result.server_modules {
            let path = root.join(&entry.module);
            let module = ModuleOptions {
                filename: path.to_string_lossy().into_owned(),
                target: Target::Client,
                source_map: false,
                build_id: None,
            };
            again.transform(&fs::read_to_string(&path).unwrap(), module).unwrap();
        }
        let input = GraphInput {
            roots: options.roots.clone(),
            server: options.server,
            unresolved_imports: options.unresolved_imports,
        };
        assert_eq!(again.analyze_graph(input), result, "{}", case.display());
        assert_eq!(again.parses(), parsed, "{}: the analysis parsed no server module again", case.display());
    }
}

#[test]
fn a_compiler_instance_keeps_one_entry_per_file() {
    let dir = std::env::temp_dir().join(format!("fnwire-compiler-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("a.server.ts");
    let compiler = Compiler::new(CompileOptions { root: Some(dir.clone()), ..CompileOptions::default() });
    for edit in 0..100 {
        let source = format!("\"use server\";\nexport async function f{edit}() {{}}\n");
        fs::write(&file, &source).unwrap();
        let module = ModuleOptions {
            filename: file.to_string_lossy().into_owned(),
            target: Target::Client,
            source_map: false,
            build_id: None,
        };
        compiler.transform(&source, module).unwrap();
    }
    assert_eq!((compiler.parses(), compiler.kept()), (100, 1), "each edit replaces the file's entry");
    fs::remove_file(&file).unwrap();
    compiler.analyze_graph(GraphInput { roots: Vec::new(), server: true, unresolved_imports: Severity::Error });
    assert_eq!(compiler.kept(), 0, "the analysis drops the entries of files that are gone");
    fs::remove_dir_all(&dir).unwrap();
}
