//! The plugin's conversions, natively: host context → options, the pass over
//! a program parsed here (standing in for the host's), and diagnostics
//! emitted through SWC's `HANDLER` with their spans. The Wasm ABI itself is
//! exercised by tests/swc-plugin/ through @swc/core.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use fnwire_swc_plugin::{options, transform_program, HostContext};
use fnwire_transform::{PassOutcome, Target};
use swc_core::common::comments::SingleThreadedComments;
use swc_core::common::errors::{DiagnosticBuilder, Emitter, Handler, HANDLER};
use swc_core::common::{sync::Lrc, FileName, Globals, SourceMap, SourceMapper, Span, DUMMY_SP, GLOBALS};
use swc_core::ecma::ast::{EsVersion, ModuleItem, Program};
use swc_core::ecma::parser::{lexer::Lexer, Parser, StringInput, Syntax, TsSyntax};
use swc_core::ecma::visit::{VisitMut, VisitMutWith};

fn host(config: &str, filename: Option<&str>, cwd: Option<&str>) -> HostContext {
    HostContext {
        config: Some(config.to_string()),
        filename: filename.map(str::to_string),
        cwd: cwd.map(str::to_string),
    }
}

#[test]
fn config_is_validated_by_the_transform_crate() {
    let error = |config: &str| options(&host(config, Some("/app/a.ts"), Some("/app"))).unwrap_err();
    assert!(error(r#"{ "target": "client", "filename": "x" }"#).contains("unknown option `filename`"));
    assert!(error(r#"{ "target": "browser" }"#).contains("option `target` must be \"client\" or \"server\""));
    assert!(error(r#"{ "root": "/app" }"#).contains("option `target` is required"));
    assert!(error(r#"{ "target": "client", "idSalt": 1 }"#).contains("option `idSalt` must be a string"));
    assert!(
        error(r#"{ "target": "client", "runtime": { "browser": "x" } }"#).contains("unknown option `runtime.browser`")
    );
    assert!(error(r#"{ "target": "client", "sourceMap": true }"#).contains("unknown option `sourceMap`"));
    assert!(error(r#""client""#).contains("plugin config must be an object"));
    assert!(error("{ target: client }").contains("must be a JSON object"));
    let missing = options(&HostContext { config: None, ..host("", Some("/app/a.ts"), Some("/app")) });
    assert!(missing.unwrap_err().contains("must be a JSON object"));
}

#[test]
fn file_and_root_are_taken_against_the_host_cwd() {
    let parsed = options(&host(r#"{ "target": "server", "idSalt": "s" }"#, Some("src/a.ts"), Some("/app"))).unwrap();
    assert_eq!(parsed.filename, "/app/src/a.ts");
    assert_eq!(parsed.compile.root(), PathBuf::from("/app"));
    assert_eq!((parsed.target, parsed.compile.id_salt.as_deref()), (Target::Server, Some("s")));
    assert_eq!(parsed.module_path(), "src/a.ts");

    let parsed =
        options(&host(r#"{ "target": "client", "root": "web" }"#, Some("/app/web/a.ts"), Some("/app"))).unwrap();
    assert_eq!(parsed.compile.root(), PathBuf::from("/app/web"));
    assert_eq!(parsed.module_path(), "a.ts");

    let parsed = options(&host(r#"{ "target": "client", "root": "/srv" }"#, Some("/srv/x/a.ts"), None)).unwrap();
    assert_eq!(parsed.module_path(), "x/a.ts");
    let error = options(&host(r#"{ "target": "client" }"#, Some("/srv/a.ts"), None)).unwrap_err();
    assert!(error.contains("option `root` must be an absolute path"), "{error}");
}

/// A message the host's handler received, with its spans.
type Report = (String, Vec<Span>);

/// What the host's handler received.
#[derive(Clone, Default)]
struct Collected(Arc<Mutex<Vec<Report>>>);

impl Emitter for Collected {
    fn emit(&mut self, db: &mut DiagnosticBuilder<'_>) {
        self.0.lock().unwrap().push((db.message(), db.span.primary_spans().to_vec()));
    }
}

struct Run {
    outcome: PassOutcome,
    program: Program,
    reports: Vec<Report>,
    cm: Lrc<SourceMap>,
}

fn run(source: &str, host: &HostContext) -> Run {
    run_with(source, host, |_| {})
}

/// `run`, with `edit` applied to the parsed program first (standing in for
/// the host's own transforms before the plugin).
fn run_with(source: &str, host: &HostContext, edit: impl FnOnce(&mut Program)) -> Run {
    GLOBALS.set(&Globals::new(), || {
        let cm: Lrc<SourceMap> = Default::default();
        let file = cm.new_source_file(Lrc::new(FileName::Custom("input.ts".into())), source.to_string());
        let comments = SingleThreadedComments::default();
        let lexer = Lexer::new(
            Syntax::Typescript(TsSyntax::default()),
            EsVersion::latest(),
            StringInput::from(&*file),
            Some(&comments),
        );
        let module = Parser::new_from(lexer).parse_typescript_module().expect("parses");
        let mut program = Program::Module(module);
        edit(&mut program);
        let collected = Collected::default();
        let handler = Handler::with_emitter(true, false, Box::new(collected.clone()));
        let outcome =
            HANDLER.set(&handler, || transform_program(&mut program, host, Some(&comments), &*cm as &dyn SourceMapper));
        let reports = collected.0.lock().unwrap().clone();
        Run { outcome, program, reports, cm }
    })
}

const SERVER_MODULE: &str = "\"use server\";\nexport async function getUsers() { return []; }\nexport const search = async (q: string, limit?: number) => [q, limit];\n";

#[test]
fn transforms_a_server_module_for_the_client() {
    let result = run(SERVER_MODULE, &host(r#"{ "target": "client" }"#, Some("src/api/users.server.ts"), Some("/app")));
    assert!(result.reports.is_empty(), "{:?}", result.reports);
    let PassOutcome::Transformed(functions) = result.outcome else { panic!("{:?}", result.outcome) };
    let summary: Vec<_> = functions.iter().map(|f| (f.fn_id.as_str(), f.fn_name.as_str(), f.arity)).collect();
    // printf 'src/api/users.server.ts:getUsers' | sha256sum
    assert_eq!(summary[0], ("fe46ba0bfe2ba8d6", "getUsers", Some(0)));
    assert_eq!((summary[1].1, summary[1].2), ("search", None));
    let Program::Module(module) = &result.program else { panic!("a module") };
    assert_eq!(module.body.len(), 3, "the runtime import and two stubs");
}

#[test]
fn diagnostics_go_to_the_handler_with_code_and_span() {
    let source = "\"use server\";\nexport const VERSION = \"1\";\nexport default async function f() {}\n";
    let result = run(source, &host(r#"{ "target": "server" }"#, Some("/app/a.ts"), Some("/app")));
    let PassOutcome::Failed(diagnostics) = &result.outcome else { panic!("{:?}", result.outcome) };
    assert_eq!(result.reports.len(), diagnostics.len());
    for ((message, spans), diagnostic) in result.reports.iter().zip(diagnostics) {
        assert_eq!(message, &format!("[{}] {}", diagnostic.code, diagnostic.message));
        assert_eq!(spans.as_slice(), &[diagnostic.span.unwrap()]);
        let loc = result.cm.lookup_char_pos(spans[0].lo);
        assert_eq!((loc.line as u32, loc.col.0 as u32 + 1), (diagnostic.line, diagnostic.column));
    }
    assert!(result.reports[0].0.starts_with("[FW012] `VERSION`"), "{:?}", result.reports);
    assert!(result.reports[1].0.starts_with("[FW010]"), "{:?}", result.reports);
}

#[test]
fn warnings_go_to_the_handler_and_the_module_compiles() {
    let source = "\"use server\";\nexport async function save() {\n  \"use sever\";\n  return 1;\n}\n";
    let result = run(source, &host(r#"{ "target": "client" }"#, Some("/app/a.ts"), Some("/app")));
    let PassOutcome::Transformed(functions) = &result.outcome else { panic!("{:?}", result.outcome) };
    assert_eq!(functions.len(), 1);
    assert_eq!(result.reports.len(), 1, "{:?}", result.reports);
    assert!(result.reports[0].0.starts_with("[FW008] \"use sever\""), "{:?}", result.reports);
    let loc = result.cm.lookup_char_pos(result.reports[0].1[0].lo);
    assert_eq!((loc.line, loc.col.0 + 1), (3, 3));
}

#[test]
fn config_errors_are_reported_not_panicked() {
    let result = run(SERVER_MODULE, &host(r#"{ "target": "client", "idsalt": "x" }"#, Some("/app/a.ts"), Some("/app")));
    assert_eq!(result.outcome, PassOutcome::Unchanged);
    assert_eq!(result.reports.len(), 1);
    assert!(result.reports[0].0.contains("unknown option `idsalt`"), "{:?}", result.reports);
    let Program::Module(module) = &result.program else { panic!("a module") };
    assert_eq!(module.body.len(), 3, "untouched");
}

#[test]
fn a_server_module_needs_the_host_file_name() {
    let result = run(SERVER_MODULE, &host(r#"{ "target": "client" }"#, None, Some("/app")));
    assert_eq!(result.reports.len(), 1);
    assert!(result.reports[0].0.contains("set `filename`"), "{:?}", result.reports);
    // Any other module needs no name.
    let result = run("export const x = 1;\n", &host(r#"{ "target": "client" }"#, None, Some("/app")));
    assert_eq!((result.outcome, result.reports.len()), (PassOutcome::Unchanged, 0));
}

struct Synthesize;

impl VisitMut for Synthesize {
    fn visit_mut_span(&mut self, span: &mut Span) {
        *span = DUMMY_SP;
    }
}

#[test]
fn spans_synthesized_by_the_host_are_not_looked_up() {
    // A host that lowers `export enum` before the plugin hands it nodes with
    // dummy spans; the host's source map panics on them.
    let source = "\"use server\";\nexport const v = 1;\nexport async function f() {}\n";
    let host = host(r#"{ "target": "client" }"#, Some("/app/a.ts"), Some("/app"));
    let result = run_with(source, &host, |program| {
        let Program::Module(module) = program else { unreachable!() };
        let ModuleItem::ModuleDecl(export) = &mut module.body[1] else { panic!("an export") };
        export.visit_mut_with(&mut Synthesize);
    });
    let PassOutcome::Failed(diagnostics) = &result.outcome else { panic!("{:?}", result.outcome) };
    assert_eq!((diagnostics[0].line, diagnostics[0].column, diagnostics[0].frame.is_none()), (1, 1, true));
    assert_eq!(result.reports.len(), 1);
    assert!(result.reports[0].0.starts_with("[FW012] `v`"), "{:?}", result.reports);
}
