//! Runs every case under `fixtures/`, one test per folder (written by
//! build.rs, so `cargo test --test fixtures <folder>` runs one): one folder,
//! one input file (any name, possibly in subfolders: its path relative to the
//! folder is its module path), optional `options.json` (the Node API's
//! options beside `filename`, `root` and `target`), and snapshots beside
//! them: `client.snap` and `server.snap`, `diagnostics.snap`, or
//! `unchanged.snap` for a module that passes through, and `warnings.snap`
//! beside them for a module that compiles with warnings. `expected.snap`
//! holds the same expectation as JSON, for the JavaScript suites
//! (tests/fixtures.mjs reads it).
//!
//! Over every fixture it also checks: both outputs re-parse; the client
//! output holds nothing of the original but exported names; the text path and
//! the AST pass give the same program; the server map is an identity map.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use fnwire_transform::{
    needs_analysis, render_all, server_functions_pass, syntax_for, to_json, transform, Compiler, ModuleOptions,
    PassOutcome, ServerFunction, SourceMapLocator, Target, TransformOptions, TransformOutput,
};
use swc_core::common::comments::SingleThreadedComments;
use swc_core::common::{sync::Lrc, FileName, Globals, Mark, SourceMap, GLOBALS};
use swc_core::ecma::ast::{EsVersion, Ident, Module, Pass, Program, Str};
use swc_core::ecma::codegen::{text_writer::JsWriter, Config, Emitter};
use swc_core::ecma::parser::{lexer::Lexer, Parser, StringInput};
use swc_core::ecma::transforms::base::{hygiene::hygiene, resolver};
use swc_core::ecma::visit::{Visit, VisitWith};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

struct Fixture {
    dir: PathBuf,
    input: PathBuf,
    source: String,
    options: serde_json::Value,
}

fn source_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, found);
        } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("snap" | "json" | "new")) {
            found.push(path);
        }
    }
}

fn fixture_dirs() -> Vec<PathBuf> {
    // `fixtures/graph` holds multi-module apps, run by tests/graph.rs.
    let mut dirs: Vec<PathBuf> = fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir() && !path.ends_with("graph"))
        .collect();
    dirs.sort();
    dirs
}

fn load_fixture(dir: PathBuf) -> Fixture {
    let mut inputs = Vec::new();
    source_files(&dir, &mut inputs);
    assert_eq!(inputs.len(), 1, "{}: exactly one input file expected, found {inputs:?}", dir.display());
    let input = inputs.pop().unwrap();
    let options = fs::read_to_string(dir.join("options.json"))
        .map(|text| serde_json::from_str(&text).unwrap())
        .unwrap_or(serde_json::json!({}));
    Fixture { source: fs::read_to_string(&input).unwrap(), dir, input, options }
}

impl Fixture {
    fn name(&self) -> String {
        self.dir.file_name().unwrap().to_string_lossy().into_owned()
    }

    fn options(&self, target: Target) -> TransformOptions {
        let relative = self.input.strip_prefix(&self.dir).unwrap().to_string_lossy().replace('\\', "/");
        let mut json = self.options.clone();
        let object = json.as_object_mut().unwrap();
        object.insert("filename".into(), relative.into());
        object.insert("root".into(), self.dir.to_string_lossy().into_owned().into());
        object.insert(
            "target".into(),
            match target {
                Target::Client => "client",
                Target::Server => "server",
            }
            .into(),
        );
        TransformOptions::from_json(&json).unwrap()
    }
}

fn insta_settings(dir: &Path) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(dir);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

// One test per fixture folder, written by build.rs: `FIXTURE_NAMES` and a
// `#[test] fn <folder>()` calling `run_fixture("<folder>")` for each.
include!(concat!(env!("OUT_DIR"), "/fixture_tests.rs"));

/// Every folder has its test (build.rs reran when one was added), each with one input.
#[test]
fn fixtures() {
    let fixtures: Vec<Fixture> = fixture_dirs().into_iter().map(load_fixture).collect();
    assert!(fixtures.len() >= 40, "expected the full fixture suite, found {}", fixtures.len());
    let names: Vec<String> = fixtures.iter().map(Fixture::name).collect();
    assert_eq!(names, FIXTURE_NAMES, "one generated test per fixture folder");
}

fn run_fixture(name: &str) {
    let fixture = &load_fixture(fixtures_dir().join(name));
    let client = transform(&fixture.source, &fixture.options(Target::Client));
    let server = transform(&fixture.source, &fixture.options(Target::Server));
    check_compiler_instance(fixture, &client, &server);
    let settings = insta_settings(&fixture.dir);
    let name = fixture.name();
    let warnings = check_warnings(fixture, &client, &server);
    let with_warnings = |mut expected: serde_json::Value| {
        if !warnings.is_empty() {
            expected["warnings"] = serde_json::to_value(&warnings).unwrap();
        }
        expected
    };
    settings.bind(|| match (client, server) {
        (Ok(client), Ok(server)) if !client.is_server_module && client.server_functions.is_empty() => {
            assert!(!server.is_server_module, "{name}");
            assert_eq!(client.code, fixture.source, "{name}: passes through byte for byte");
            assert_eq!(server.code, fixture.source, "{name}: passes through byte for byte");
            assert!(client.map.is_none() && client.server_functions.is_empty(), "{name}");
            insta::assert_snapshot!("unchanged", "isServerModule: false\noutput: the input, byte for byte");
            insta::assert_json_snapshot!("expected", with_warnings(serde_json::json!({ "kind": "unchanged" })));
        }
        (Ok(client), Ok(server)) => {
            assert_eq!(client.server_functions, server.server_functions, "{name}: same list for both targets");
            insta::assert_snapshot!("client", describe_output(&client, &fixture.source));
            insta::assert_snapshot!("server", describe_output(&server, &fixture.source));
            let expected = |output: &TransformOutput| {
                serde_json::json!({ "code": output.code, "serverFunctions": output.server_functions })
            };
            // A module that is not a server module has inline server functions.
            let kind = if client.is_server_module { "transformed" } else { "inline" };
            assert_eq!(client.is_server_module, server.is_server_module, "{name}");
            insta::assert_json_snapshot!(
                "expected",
                with_warnings(
                    serde_json::json!({ "kind": kind, "client": expected(&client), "server": expected(&server) })
                )
            );
            check_reparses(fixture, &client, &server);
            if client.is_server_module {
                check_client_holds_nothing_of_the_original(fixture, &client);
            } else {
                check_client_holds_no_inline_function(fixture, &client);
            }
            check_server_map_is_identity(fixture, &server);
            check_ast_path(fixture, Target::Client, &client);
            check_ast_path(fixture, Target::Server, &server);
        }
        (Err(client), Err(server)) => {
            assert_eq!(client, server, "{name}: same diagnostics for both targets");
            check_ast_path_fails_alike(fixture, &client);
            insta::assert_snapshot!(
                "diagnostics",
                format!(
                    "{}\n\n----- json -----\n{}",
                    render_all(&client),
                    serde_json::to_string_pretty(&to_json(&client)).unwrap()
                )
            );
            insta::assert_json_snapshot!(
                "expected",
                serde_json::json!({ "kind": "diagnostics", "rendered": render_all(&client), "diagnostics": client })
            );
        }
        (client, server) => panic!("{name}: targets disagree: {client:?} / {server:?}"),
    });
}

/// A module's warnings (FW008) when it compiles: the same for both targets
/// and the AST pass, snapshot in `warnings.snap`.
fn check_warnings(
    fixture: &Fixture,
    client: &TransformResult,
    server: &TransformResult,
) -> Vec<fnwire_transform::Diagnostic> {
    let (Ok(client), Ok(server)) = (client, server) else { return Vec::new() };
    assert_eq!(client.warnings, server.warnings, "{}: same warnings for both targets", fixture.name());
    if client.warnings.is_empty() {
        return Vec::new();
    }
    GLOBALS.set(&Globals::new(), || {
        let comments = SingleThreadedComments::default();
        let filename = fixture.input.to_string_lossy();
        let (cm, module) = parse(&fixture.source, &filename, Some(&comments));
        let locator = SourceMapLocator(&*cm);
        let mut pass = server_functions_pass(fixture.options(Target::Client), Some(&comments), &locator);
        pass.process(&mut Program::Module(module));
        assert_eq!(pass.warnings(), client.warnings, "{}: the AST pass warns alike", fixture.name());
    });
    insta_settings(&fixture.dir).bind(|| {
        insta::assert_snapshot!(
            "warnings",
            format!(
                "{}\n\n----- json -----\n{}",
                render_all(&client.warnings),
                serde_json::to_string_pretty(&to_json(&client.warnings)).unwrap()
            )
        );
    });
    client.warnings.clone()
}

/// A compiler instance gives the same results, parsing the module once for
/// both targets (and not at all when the prefilter passes it through).
fn check_compiler_instance(fixture: &Fixture, client: &TransformResult, server: &TransformResult) {
    let TransformOptions { compile, filename, build_id, .. } = fixture.options(Target::Client);
    let compiler = Compiler::new(compile);
    for (target, expected) in [(Target::Client, client), (Target::Server, server), (Target::Client, client)] {
        let module = ModuleOptions { filename: filename.clone(), target, source_map: true, build_id: build_id.clone() };
        let output = compiler.transform(&fixture.source, module);
        assert_eq!(&output, expected, "{}: the compiler instance differs ({target:?})", fixture.name());
    }
    let parses = usize::from(needs_analysis(fixture.source.as_bytes(), &filename));
    assert_eq!(compiler.parses(), parses, "{}: parsed once for both targets", fixture.name());
}

type TransformResult = Result<TransformOutput, Vec<fnwire_transform::Diagnostic>>;

/// The code, the server functions, and the source map decoded into lines
/// a reviewer can read: `generated line:column -> original line:column`.
fn describe_output(output: &TransformOutput, source: &str) -> String {
    let functions = serde_json::to_string_pretty(&output.server_functions).unwrap();
    let map = swc_sourcemap::SourceMap::from_slice(output.map.as_ref().unwrap().as_bytes()).unwrap();
    let original_lines: Vec<&str> = source.trim_start_matches('\u{feff}').split('\n').collect();
    let mut mappings = Vec::new();
    for token in map.tokens() {
        let original_line = original_lines[token.get_src_line() as usize];
        let original: String = utf16_suffix(original_line, token.get_src_col()).chars().take(12).collect();
        mappings.push(format!(
            "{}:{} -> {}:{} {:?}",
            token.get_dst_line() + 1,
            token.get_dst_col(),
            token.get_src_line() + 1,
            token.get_src_col(),
            original
        ));
    }
    let contents = match map.get_source_contents(0) {
        Some(_) => "sourcesContent: the original",
        None => "sourcesContent: none",
    };
    // Server maps hold one mapping per token: show the first few.
    let shown = mappings.len().min(12);
    format!(
        "{}\n----- serverFunctions -----\n{functions}\n----- map ({} mappings, first {shown}; {contents}) -----\n{}\n",
        output.code,
        mappings.len(),
        mappings[..shown].join("\n")
    )
}

fn utf16_suffix(line: &str, column: u32) -> &str {
    let mut units = 0;
    for (index, c) in line.char_indices() {
        if units >= column {
            return &line[index..];
        }
        units += c.len_utf16() as u32;
    }
    ""
}

fn parse(source: &str, filename: &str, comments: Option<&SingleThreadedComments>) -> (Lrc<SourceMap>, Module) {
    let cm: Lrc<SourceMap> = Default::default();
    let file = cm.new_source_file(Lrc::new(FileName::Custom(filename.into())), source.to_string());
    let lexer = Lexer::new(
        syntax_for(filename),
        EsVersion::latest(),
        StringInput::from(&*file),
        comments.map(|c| c as &dyn swc_core::common::comments::Comments),
    );
    let mut parser = Parser::new_from(lexer);
    let module =
        if syntax_for(filename).typescript() { parser.parse_typescript_module() } else { parser.parse_module() };
    let module = module.unwrap_or_else(|error| panic!("{filename} does not parse: {:?}\n{source}", error.kind()));
    let errors = parser.take_errors();
    assert!(errors.is_empty(), "{filename}: {errors:?}\n{source}");
    (cm, module)
}

fn print(cm: Lrc<SourceMap>, module: &Module, comments: Option<&SingleThreadedComments>) -> String {
    let mut buf = Vec::new();
    {
        let mut emitter = Emitter {
            cfg: Config::default(),
            cm: cm.clone(),
            comments: comments.map(|c| c as &dyn swc_core::common::comments::Comments),
            wr: JsWriter::new(cm, "\n", &mut buf, None),
        };
        emitter.emit_module(module).unwrap();
    }
    String::from_utf8(buf).unwrap()
}

fn check_reparses(fixture: &Fixture, client: &TransformOutput, server: &TransformOutput) {
    let filename = fixture.input.to_string_lossy();
    parse(&client.code, &filename, None);
    parse(&server.code, &filename, None);
}

#[derive(Default)]
struct Tokens {
    identifiers: HashSet<String>,
    strings: HashSet<String>,
}

impl Visit for Tokens {
    fn visit_ident(&mut self, ident: &Ident) {
        self.identifiers.insert(ident.sym.to_string());
    }
    fn visit_ident_name(&mut self, ident: &swc_core::ecma::ast::IdentName) {
        self.identifiers.insert(ident.sym.to_string());
    }
    fn visit_str(&mut self, string: &Str) {
        self.strings.insert(string.value.to_atom_lossy().to_string());
    }
}

/// Every identifier of the client output is an exported name or a name the
/// compiler made (`method` of a GET stub's options); every string a runtime
/// specifier, an id, a name or a method; the only comment `#__PURE__`.
fn check_client_holds_nothing_of_the_original(fixture: &Fixture, client: &TransformOutput) {
    let comments = SingleThreadedComments::default();
    let (_, module) = parse(&client.code, &fixture.input.to_string_lossy(), Some(&comments));
    let mut tokens = Tokens::default();
    module.visit_with(&mut tokens);
    let exported: HashSet<&str> = client.server_functions.iter().filter_map(|f| f.export_name.as_deref()).collect();
    let TransformOptions { compile, build_id, .. } = fixture.options(Target::Client);
    let runtime = compile.runtime.client;
    for identifier in &tokens.identifiers {
        let generated = identifier.starts_with("createServerReference")
            || !fixture.source.contains(identifier.as_str())
            || (identifier == "method" && client.server_functions.iter().any(|f| f.method.is_some()))
            || (["buildId", "undefined"].contains(&identifier.as_str()) && build_id.is_some());
        assert!(
            exported.contains(identifier.as_str()) || generated,
            "{}: client output holds identifier `{identifier}` of the original",
            fixture.name()
        );
    }
    let allowed_strings: HashSet<&str> = client
        .server_functions
        .iter()
        .flat_map(|f| [f.fn_id.as_str(), f.fn_name.as_str()].into_iter().chain(f.method.map(|method| method.as_str())))
        .chain([runtime.as_str()])
        .chain(build_id.as_deref())
        .collect();
    for string in &tokens.strings {
        assert!(allowed_strings.contains(string.as_str()), "{}: client output holds string {string:?}", fixture.name());
    }
    let (leading, trailing) = comments.take_all();
    for comment in leading.borrow().values().chain(trailing.borrow().values()).flatten() {
        assert_eq!(&*comment.text, "#__PURE__", "{}: client output holds a comment", fixture.name());
    }
    let map: serde_json::Value = serde_json::from_str(client.map.as_ref().unwrap()).unwrap();
    assert!(map.get("sourcesContent").is_none(), "{}: the client map carries source text", fixture.name());
}

/// The strings inside inline server functions (fixtures give each a string
/// found nowhere else) are neither in the client code nor in its map.
fn check_client_holds_no_inline_function(fixture: &Fixture, client: &TransformOutput) {
    let (_, module) = parse(&fixture.source, &fixture.input.to_string_lossy(), None);
    let mut finder = InlineStrings::default();
    module.visit_with(&mut finder);
    assert!(!finder.strings.is_empty(), "{}: the inline functions hold strings to look for", fixture.name());
    let map = client.map.as_deref().unwrap_or_default();
    for string in &finder.strings {
        assert!(!client.code.contains(string.as_str()), "{}: client code holds {string:?}", fixture.name());
        assert!(!map.contains(string.as_str()), "{}: client map holds {string:?}", fixture.name());
    }
}

/// The string literals inside functions whose body starts with "use server".
#[derive(Default)]
struct InlineStrings {
    strings: Vec<String>,
}

impl Visit for InlineStrings {
    fn visit_function(&mut self, function: &swc_core::ecma::ast::Function) {
        if function.body.as_ref().is_some_and(|body| starts_with_use_server(&body.stmts)) {
            self.strings_of(function);
        }
        function.visit_children_with(self);
    }

    fn visit_arrow_expr(&mut self, arrow: &swc_core::ecma::ast::ArrowExpr) {
        if let swc_core::ecma::ast::ArrowFunctionBody::FunctionBody(body) = &*arrow.body {
            if starts_with_use_server(&body.stmts) {
                self.strings_of(arrow);
            }
        }
        arrow.visit_children_with(self);
    }
}

impl InlineStrings {
    fn strings_of(&mut self, function: &impl VisitWith<Tokens>) {
        let mut tokens = Tokens::default();
        function.visit_with(&mut tokens);
        self.strings.extend(tokens.strings.into_iter().filter(|string| string != "use server"));
    }
}

fn starts_with_use_server(stmts: &[swc_core::ecma::ast::Stmt]) -> bool {
    let directive = stmts.first().and_then(|stmt| stmt.as_expr()).and_then(|stmt| stmt.expr.as_lit());
    matches!(directive, Some(swc_core::ecma::ast::Lit::Str(s)) if s.value.as_atom().is_some_and(|v| v == "use server"))
}

/// Each mapping of the server map points at the same character in the
/// original as in the output.
fn check_server_map_is_identity(fixture: &Fixture, server: &TransformOutput) {
    let map = swc_sourcemap::SourceMap::from_slice(server.map.as_ref().unwrap().as_bytes()).unwrap();
    let original: Vec<&str> = fixture.source.trim_start_matches('\u{feff}').split('\n').collect();
    let generated: Vec<&str> = server.code.trim_start_matches('\u{feff}').split('\n').collect();
    let registrations = server.server_functions.len();
    let tokens: Vec<_> = map.tokens().collect();
    assert!(tokens.len() > registrations, "{}: the server map maps the original", fixture.name());
    for token in &tokens[..tokens.len() - registrations] {
        let at_generated = utf16_suffix(generated[token.get_dst_line() as usize], token.get_dst_col()).chars().next();
        let at_original = utf16_suffix(original[token.get_src_line() as usize], token.get_src_col()).chars().next();
        assert_eq!(at_generated, at_original, "{}: mapping {token:?}", fixture.name());
    }
}

/// The pass over the fixture's program; `resolved`: after SWC's resolver, as
/// a host may have run it (with marks of its own) before the plugin.
fn run_pass(
    fixture: &Fixture,
    target: Target,
    comments: &SingleThreadedComments,
    resolved: bool,
) -> (Lrc<SourceMap>, Program, PassOutcome) {
    let filename = fixture.input.to_string_lossy();
    let (cm, module) = parse(&fixture.source, &filename, Some(comments));
    let locator = SourceMapLocator(&*cm);
    let mut program = Program::Module(module);
    if resolved {
        program.mutate(resolver(Mark::new(), Mark::new(), true));
    }
    let mut pass = server_functions_pass(fixture.options(target), Some(comments), &locator);
    pass.process(&mut program);
    let outcome = pass.into_outcome();
    (cm, program, outcome)
}

/// The AST pass gives the same program as the text path (compared after
/// printing both with SWC), and the same server functions.
fn check_ast_path(fixture: &Fixture, target: Target, text_output: &TransformOutput) {
    GLOBALS.set(&Globals::new(), || {
        check_resolved_host(fixture, target, text_output);
        let comments = SingleThreadedComments::default();
        let (cm, program, outcome) = run_pass(fixture, target, &comments, false);
        let functions: Vec<ServerFunction> = match outcome {
            PassOutcome::Transformed(functions) => functions,
            other => panic!("{}: the pass did not transform: {other:?}", fixture.name()),
        };
        assert_eq!(functions, text_output.server_functions, "{}", fixture.name());
        let Program::Module(module) = program else { panic!("a module") };
        let filename = fixture.input.to_string_lossy();
        // Client: compare with comments (the pure annotations); server: the
        // original comments are the same text in both, so compare without.
        let with_comments = target == Target::Client;
        let ast_printed = print(cm, &module, with_comments.then_some(&comments));
        let text_comments = SingleThreadedComments::default();
        let (text_cm, text_module) = parse(&text_output.code, &filename, Some(&text_comments));
        let text_printed = print(text_cm, &text_module, with_comments.then_some(&text_comments));
        // SWC prints a comment that opens a JSX expression with or without a
        // space before it, by which node holds it: the same program either way.
        let normalize = |printed: String| printed.replace("{ /*#__PURE__*/", "{/*#__PURE__*/");
        assert_eq!(
            normalize(ast_printed),
            normalize(text_printed),
            "{}: AST and text paths differ ({target:?})",
            fixture.name()
        );
    });
}

/// A host that resolved the program before the pass (as @swc/core does
/// before a plugin) and renames by hygiene after it: the pass's program is
/// the text path's, names untouched, so the captures keep their bindings.
fn check_resolved_host(fixture: &Fixture, target: Target, text_output: &TransformOutput) {
    let comments = SingleThreadedComments::default();
    let (cm, mut program, outcome) = run_pass(fixture, target, &comments, true);
    assert!(matches!(outcome, PassOutcome::Transformed(ref functions) if *functions == text_output.server_functions));
    program.mutate(hygiene());
    let Program::Module(module) = program else { panic!("a module") };
    let (text_cm, text_module) = parse(&text_output.code, &fixture.input.to_string_lossy(), None);
    let mut text_program = Program::Module(text_module);
    text_program.mutate(resolver(Mark::new(), Mark::new(), true));
    text_program.mutate(hygiene());
    let Program::Module(text_module) = text_program else { panic!("a module") };
    assert_eq!(
        print(cm, &module, None),
        print(text_cm, &text_module, None),
        "{}: with a host's resolver and hygiene ({target:?})",
        fixture.name()
    );
}

fn check_ast_path_fails_alike(fixture: &Fixture, diagnostics: &[fnwire_transform::Diagnostic]) {
    // A module SWC cannot parse never reaches a pass.
    if diagnostics.iter().any(|d| d.code == fnwire_transform::Code::FW001) {
        return;
    }
    GLOBALS.set(&Globals::new(), || {
        let comments = SingleThreadedComments::default();
        let (_, _, outcome) = run_pass(fixture, Target::Client, &comments, false);
        assert_eq!(outcome, PassOutcome::Failed(diagnostics.to_vec()), "{}", fixture.name());
    });
}
